"""Sections other apps add to the workbench, without the work app importing them.

An app registers a section in its ``AppConfig.ready``::

    from siteops.core import workbench

    workbench.register(workbench.Section(
        key="approvals",
        title=_("Approvals"),
        template="approvals/_workbench.html",   # rendered with ``section`` = the dict below
        rows=lambda request: selectors.waiting_for(request.user),
        slot="review",                          # inside "Awaiting my review"
    ))

The workbench view asks :func:`sections_for` for each slot and renders the sections that have
rows; a section whose ``rows`` returns nothing is not shown. ``rows`` must be bounded (it runs on
every workbench load) and restricted to the user.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Section", "register", "unregister", "sections_for", "REVIEW", "MAIN"]

REVIEW = "review"  # the "Awaiting my review" card
MAIN = "main"  # a card of its own, below "My items"


@dataclass(frozen=True)
class Section:
    key: str
    title: object
    template: str
    rows: Callable[[object], list]
    slot: str = REVIEW
    order: int = 100


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add (or replace, by key) a section."""
    _SECTIONS[section.key] = section


def unregister(key: str) -> None:
    _SECTIONS.pop(key, None)


def sections_for(request, slot: str = REVIEW) -> list[dict]:
    """The sections of ``slot`` that have rows for this request's user, in order."""
    result = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        if section.slot != slot:
            continue
        rows = list(section.rows(request) or [])
        if rows:
            result.append(
                {
                    "key": section.key,
                    "title": section.title,
                    "template": section.template,
                    "rows": rows,
                }
            )
    return result
