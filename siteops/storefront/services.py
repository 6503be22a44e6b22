"""Writes of the shop that are not orders: customer registration."""

from __future__ import annotations

from django.db import transaction

from siteops.org.models import User


@transaction.atomic
def customer_register(*, username: str, password: str, email: str = "", phone: str = "") -> User:
    """A shop customer: an org.User with no position (so no way into the back office)."""
    user = User(username=username, email=email or "", phone=phone or "", is_staff=False)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user
