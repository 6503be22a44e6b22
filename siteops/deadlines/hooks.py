"""What other apps do when a deadline passes or is settled (the work app opens/closes items).

``deadlines`` imports no domain app; an app that wants to act registers here in its
``AppConfig.ready()`` (``siteops/work/deadline_work.py`` is the one in use)::

    from siteops.deadlines import hooks

    @hooks.on_overdue
    def open_item(deadline): ...        # inside the transaction that marks it overdue

    @hooks.on_closed
    def close_item(deadline, actor): ...  # done or cancelled
"""

from __future__ import annotations

_OVERDUE: list = []
_CLOSED: list = []


def on_overdue(fn):
    if fn not in _OVERDUE:
        _OVERDUE.append(fn)
    return fn


def on_closed(fn):
    if fn not in _CLOSED:
        _CLOSED.append(fn)
    return fn


def overdue(deadline) -> None:
    for fn in list(_OVERDUE):
        fn(deadline)


def closed(deadline, actor) -> None:
    for fn in list(_CLOSED):
        fn(deadline, actor)
