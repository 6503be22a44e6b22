"""Daily counters: add to the counts of one row (a day and what is counted), creating it on the
first count of the day. Conditional UPDATEs, no read-modify-write, safe under concurrency (a
concurrent first count that lost the INSERT race counts on the winner's row)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Model


def bump(model: type[Model], *, key: dict, amounts: dict[str, int]) -> None:
    """Add ``amounts`` (field → n) to the row of ``model`` matching ``key`` (a unique key)."""
    updates = {field: F(field) + n for field, n in amounts.items()}
    if model.objects.filter(**key).update(**updates):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **amounts)
    except IntegrityError:  # a concurrent first count created it: count on it
        model.objects.filter(**key).update(**updates)
