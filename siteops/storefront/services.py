"""Writes of the shop that are not orders: customer registration, the search log."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from siteops.core.counters import upsert_add
from siteops.org.models import User

from .models import SearchDay


@transaction.atomic
def customer_register(*, username: str, password: str, email: str = "", phone: str = "") -> User:
    """A shop customer: an org.User with no position (so no way into the back office)."""
    user = User(username=username, email=email or "", phone=phone or "", is_staff=False)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def search_term(q: str) -> str:
    """The form a search is counted under: lower case, single spaces, at most 100 characters."""
    return " ".join((q or "").lower().split())[:100]


def search_record(*, q: str, found: bool, at=None) -> None:
    """Count one search of the shop (and whether it found nothing) on the day's row of its term."""
    term = search_term(q)
    if not term:
        return
    day = timezone.localdate(at or timezone.now())
    upsert_add(SearchDay, key={"day": day, "term": term},
         amounts={"searches": 1, "empty": 0 if found else 1})  # fmt: skip
