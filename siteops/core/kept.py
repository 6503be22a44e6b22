"""Values worked out once and kept in this process, per key (issue #20).

For the parts of a back-office page that are the same for everyone who sends the same key — a
list's column headers for one query string, a filter's links, a status badge in one language.
The key must name everything the value depends on (language, query string, a data version …):
nothing here ever expires a value, it is only forgotten when the store is full (then all of it:
a store of ``limit`` keys costs little to rebuild) or by :func:`forget_all` (tests).

Plain dictionaries: a read or a write is atomic under the GIL, and two threads that compute the
same value at once both keep an equal one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

_STORES: list[Kept] = []


class Kept:
    """One named store: ``kept.get(key, compute)``."""

    def __init__(self, name: str, limit: int = 1000):
        self.name = name
        self.limit = limit
        self._values: dict[Hashable, Any] = {}
        _STORES.append(self)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        try:
            return self._values[key]
        except KeyError:
            pass
        value = compute()
        if len(self._values) >= self.limit:
            self._values.clear()
        self._values[key] = value
        return value

    def peek(self, key: Hashable, default=None):
        return self._values.get(key, default)

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        self._values.clear()


def forget_all() -> None:
    """Tests: start from nothing kept (a rolled-back test may leave a version where it was)."""
    for store in _STORES:
        store.clear()
