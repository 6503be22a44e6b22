"""Sign-ups through a topic page's sign-up form (MNT-02): bounded, cleaned input; once per
contact (a double submit or a replay adds nothing)."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError
from siteops.core.inputs import InputError, clean_text

from .models import Page, SignUp

_PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,19}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def signup_create(*, page: Page, name: str, contact: str, customer=None) -> bool:
    """Keep a sign-up; False when this contact had already signed up for the page."""
    try:
        name = clean_text(name, max_length=60, field=_("name")).strip()
        contact = clean_text(contact, max_length=120, field=_("phone or e-mail")).strip().lower()
    except InputError as exc:
        raise DomainError(str(exc)) from exc
    if not name:
        raise DomainError(_("Please give your name."))
    if not (_PHONE.match(contact) or _EMAIL.match(contact)):
        raise DomainError(_("Please give a phone number or an e-mail address."))
    try:
        with transaction.atomic():
            SignUp.objects.create(page=page, name=name, contact=contact, customer=customer)
    except IntegrityError:
        return False
    return True
