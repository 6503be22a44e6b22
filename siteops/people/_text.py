"""Bounded text from people's forms and the translated error of a failed ``full_clean``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError
from siteops.core.inputs import InputError, clean_text

TEXT_MAX = 4000


def _text(value, *, required: bool = False, label: str = "", max_length: int = TEXT_MAX) -> str:
    try:
        text = clean_text(value, max_length=max_length)
    except InputError as exc:
        raise DomainError(str(exc), code="invalid") from exc
    if required and not text:
        raise DomainError(_("Fill in %(field)s.") % {"field": label}, code="required")
    return text


def _validation(exc: ValidationError) -> DomainError:
    return DomainError("; ".join(exc.messages), code="invalid")
