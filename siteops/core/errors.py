"""Domain errors: services raise these; the back office shows them and the API maps them to codes."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["DomainError", "IllegalTransition", "NotAllowed", "PermissionDenied", "ValidationError"]


class DomainError(Exception):
    """A rule of the department was broken; the message is translated and shown to the user."""

    status_code = 400

    def __init__(self, message, *, code: str = "domain_error"):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


class IllegalTransition(DomainError):
    """A state change that the transition table does not allow from the current state."""

    status_code = 409

    def __init__(self, message, *, code: str = "illegal_transition"):
        super().__init__(message, code=code)


class NotAllowed(DomainError):
    """The actor may not do this (outside their remit)."""

    status_code = 403

    def __init__(self, message, *, code: str = "not_allowed"):
        super().__init__(message, code=code)
