"""Idempotent API writes: the same ``Idempotency-Key`` replayed gets the first answer back.

The record, the effect and the stored answer are written in one transaction, so concurrent
replays wait for the first (SQLite: the IMMEDIATE write lock; PostgreSQL: the unique index) and
then return its stored answer. The same key with a different body is refused with 422.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .errors import DomainError
from .models import IdempotencyRecord


class IdempotencyMismatch(DomainError):
    status_code = 422

    def __init__(self):
        super().__init__(
            _("This Idempotency-Key was already used with a different request body."),
            code="idempotency_mismatch",
        )


class MissingIdempotencyKey(DomainError):
    status_code = 400

    def __init__(self):
        super().__init__(_("The Idempotency-Key header is required."), code="idempotency_key")


def fingerprint(body: Any) -> str:
    return hashlib.sha256(
        json.dumps(body, sort_keys=True, default=str, ensure_ascii=False).encode()
    ).hexdigest()


def run_once(
    *, client, scope: str, key: str | None, body: Any, effect: Callable[[], tuple[int, Any]]
) -> tuple[int, Any]:
    """Run ``effect`` (returning ``(status, json-able answer)``) at most once per key."""
    if not key or len(key) > 200:
        raise MissingIdempotencyKey()
    digest = fingerprint(body)
    with transaction.atomic():
        record = IdempotencyRecord.objects.filter(client=client, scope=scope, key=key).first()
        if record is None:
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        client=client, scope=scope, key=key, request_hash=digest
                    )
            except IntegrityError:
                # Another request with this key committed meanwhile: answer with its result.
                record = IdempotencyRecord.objects.get(client=client, scope=scope, key=key)
            else:
                status, answer = effect()
                answer = json.loads(json.dumps(answer, default=str))
                IdempotencyRecord.objects.filter(pk=record.pk).update(
                    status_code=status, response=answer
                )
                return status, answer
        if record.request_hash != digest:
            raise IdempotencyMismatch()
        return record.status_code or 409, record.response
