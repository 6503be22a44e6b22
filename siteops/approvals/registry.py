"""Kinds of object that need approval, as their owning apps declare them (in ``AppConfig.ready``).

    from siteops.approvals.registry import register

    register(
        Page,                                   # or a string kind: "campaigns.budget"
        label=_("Content page"),
        default_steps=[("CE", None), ("MGR", Decimal("10000"))],   # MGR only above 10 000
        value=lambda page: page.budget,         # the value the steps' thresholds compare
        on_approved=publish_page,               # f(approval, who) inside the deciding transaction
        on_rejected=..., on_cancelled=...,
    )

An :class:`~siteops.approvals.models.ApprovalRule` row for the kind (edited by the manager in
the back office) replaces the default steps. Callbacks run in the transaction of the decision,
so the owning app's change and the approval's outcome commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from siteops.core.errors import DomainError

Callback = Callable[..., None]


@dataclass
class Kind:
    kind: str
    label: object
    model: type | None = None
    default_steps: list[tuple[str, Decimal | None]] = field(default_factory=list)
    value: Callable[[object], Decimal | None] | None = None
    submit_perm: str | None = None
    on_approved: Callback | None = None
    on_rejected: Callback | None = None
    on_cancelled: Callback | None = None
    url: Callable[[object], str] | None = None

    def perm(self, obj) -> str:
        """Permission a submitter needs: the declared one, else the model's change permission."""
        if self.submit_perm:
            return self.submit_perm
        meta = type(obj)._meta
        return f"{meta.app_label}.change_{meta.model_name}"


_KINDS: dict[str, Kind] = {}


def kind_of(model_or_obj) -> str:
    meta = model_or_obj._meta
    return f"{meta.app_label}.{meta.model_name}"


def register(model_or_kind, *, label, **options) -> Kind:
    """Declare a kind of object that needs approval (re-registering replaces the declaration)."""
    if isinstance(model_or_kind, str):
        entry = Kind(kind=model_or_kind, label=label, **options)
    else:
        entry = Kind(kind=kind_of(model_or_kind), label=label, model=model_or_kind, **options)
    _KINDS[entry.kind] = entry
    return entry


def unregister(kind: str) -> None:
    _KINDS.pop(kind, None)


def get_kind(kind: str) -> Kind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise DomainError(
            gettext("Objects of this kind do not go through approval."), code="unknown_kind"
        ) from None


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.kind)


def kinds_by_name() -> dict[str, Kind]:
    return dict(_KINDS)


def kind_label(kind: str):
    entry = _KINDS.get(kind)
    return entry.label if entry else kind
