from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentKind(models.TextChoices):
    OWN = "own", _("Our department")
    OTHER = "other", _("Other department")
    LEADERSHIP = "leadership", _("Company leadership")


class AssignmentKind(models.TextChoices):
    HOLDER = "holder", _("Holder")
    ACTING = "acting", _("Acting")

    @property
    def badge(self) -> str:
        return {"holder": "success", "acting": "warning"}[self.value]


class CoverVia(models.TextChoices):
    """How resolve() found the people who do a position's work."""

    HOLDER = "holder", _("Holder")
    ACTING = "acting", _("Acting assignment")
    FALLBACK = "fallback", _("Fallback position")
    CHAIN = "chain", _("Superior (reporting line)")
    ADMIN = "admin", _("System administrator")


class AccountEventKind(models.TextChoices):
    """What staff did to someone's account."""

    SUPPORT_RESET = "support_reset", _("Password reset by Customer Service")
