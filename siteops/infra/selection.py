"""Choosing a hosting provider, an ISP line or an equipment supplier (MGR-16): weighted criteria,
a score 0–10 per candidate and criterion, the ranking computed from them, and the decision — a
candidate and the reason — approved by leadership through ``siteops.approvals`` (the manager who
decides never approves it). The ranking the approvers saw is kept with the decision.

Ranking rule: a candidate's result is the weighted mean of its scores, Σ(weight × score) ÷
Σ weight, on the 0–10 scale (two places); higher ranks first, a tie goes to the lower quote,
then the name. A candidate missing a score is "incomplete" and ranks after the complete ones; a
decision needs every candidate scored on every criterion."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.approvals.services import approval_submit
from siteops.core.errors import IllegalTransition
from siteops.core.inputs import InputError, clean_text
from siteops.org.acting import acting_for, audited

from .choices import SELECTION_TRANSITIONS, ProviderKind, SelectionKind, SelectionStatus
from .models import (
    Provider,
    ProviderSelection,
    SelectionCandidate,
    SelectionCriterion,
    SelectionScore,
)

CHANGE_SELECTION = "infra.change_providerselection"
TEN = Decimal("10")


def _move(selection: ProviderSelection, to: str, **fields) -> None:
    old = selection.status
    if to not in SELECTION_TRANSITIONS[old]:
        raise IllegalTransition(
            _("This selection is “%(status)s”; it cannot become “%(new)s”.")
            % {"status": SelectionStatus(old).label, "new": SelectionStatus(to).label}
        )
    if not ProviderSelection.objects.filter(pk=selection.pk, status=old).update(
        status=to, **fields
    ):
        raise IllegalTransition(_("The selection was changed meanwhile; reload and try again."))
    selection.refresh_from_db()


def _draft_only(selection: ProviderSelection) -> None:
    if selection.status != SelectionStatus.DRAFT:
        raise IllegalTransition(
            _("The criteria and scores of a decided selection are fixed (it is “%(status)s”).")
            % {"status": SelectionStatus(selection.status).label}
        )


@transaction.atomic
def selection_create(*, actor, title: str, kind: str, need: str = "",
                     criteria: list[tuple[str, int]], candidates: list[dict]) -> ProviderSelection:  # fmt: skip
    who = acting_for(actor, "infra.add_providerselection")
    selection = ProviderSelection(title=(title or "").strip()[:200], kind=kind, need=need or "")
    selection.full_clean()
    with audited(who):
        selection.save()
    for name, weight in criteria:
        c = SelectionCriterion(selection=selection, name=str(name).strip()[:100], weight=weight)
        c.full_clean()
        c.save()
    for data in candidates:
        c = SelectionCandidate(selection=selection, **data)
        c.full_clean()
        c.save()
    return selection


def parse_score(value) -> Decimal:
    try:
        score = Decimal(str(value).strip()[:12])
    except (InvalidOperation, ValueError):
        raise ValidationError(_("A score is a number from 0 to 10.")) from None
    if not score.is_finite() or not Decimal("0") <= score <= TEN:
        raise ValidationError(_("A score is a number from 0 to 10."))
    return score.quantize(Decimal("0.1"), ROUND_HALF_UP)


@transaction.atomic
def selection_score(*, actor, selection: ProviderSelection, scores: dict) -> int:
    """Set scores {(candidate id, criterion id): 0–10}; an empty value removes the score. Draft
    only. Returns how many were set."""
    who = acting_for(actor, CHANGE_SELECTION)
    selection = ProviderSelection.objects.select_for_update().get(pk=selection.pk)
    _draft_only(selection)
    candidates = set(selection.candidates.values_list("pk", flat=True))
    criteria = set(selection.criteria.values_list("pk", flat=True))
    n = 0
    with audited(who):
        for (cand, crit), raw in scores.items():
            if cand not in candidates or crit not in criteria:
                raise ValidationError(
                    _("That candidate or criterion is not part of this selection.")
                )
            if raw in (None, ""):
                SelectionScore.objects.filter(candidate_id=cand, criterion_id=crit).delete()
                continue
            SelectionScore.objects.update_or_create(
                candidate_id=cand, criterion_id=crit, defaults={"score": parse_score(raw)}
            )
            n += 1
    return n


def ranking(selection: ProviderSelection) -> list[dict]:
    """The candidates best first, with each one's weighted result (three queries)."""
    criteria = list(selection.criteria.all())
    candidates = list(selection.candidates.select_related("provider"))
    scores = {(s.candidate_id, s.criterion_id): s.score
              for s in SelectionScore.objects.filter(candidate__selection=selection)}  # fmt: skip
    total_weight = sum(c.weight for c in criteria)
    rows = []
    for cand in candidates:
        have = [(c, scores[(cand.pk, c.pk)]) for c in criteria if (cand.pk, c.pk) in scores]
        complete = bool(criteria) and len(have) == len(criteria)
        result = None
        if complete:
            result = (sum(Decimal(c.weight) * s for c, s in have) / Decimal(total_weight)).quantize(
                Decimal("0.01"), ROUND_HALF_UP
            )
        rows.append({
            "candidate": cand.pk, "name": cand.name, "quote": cand.quote, "complete": complete,
            "result": result, "scores": {c.pk: scores.get((cand.pk, c.pk)) for c in criteria},
        })  # fmt: skip
    big = Decimal("1e15")
    rows.sort(key=lambda r: (not r["complete"], -(r["result"] or 0),
                             r["quote"] if r["quote"] is not None else big, r["name"]))  # fmt: skip
    for n, row in enumerate(rows, 1):
        row["rank"] = n if row["complete"] else None
    return rows


@transaction.atomic
def selection_decide(*, actor, selection: ProviderSelection, candidate: SelectionCandidate,
                     reason: str):  # fmt: skip
    """Record the decision and send it to approval. Choosing another than the first-ranked is
    allowed — the reason says why (both stay on the record)."""
    who = acting_for(actor, CHANGE_SELECTION)
    try:
        reason = clean_text(reason, max_length=4000)
    except InputError as exc:
        raise ValidationError(exc.message) from None
    if not reason:
        raise ValidationError(_("Give the reason for the decision."))
    if candidate.selection_id != selection.pk:
        raise ValidationError(_("That candidate is not part of this selection."))
    rows = ranking(selection)
    if not rows or not all(r["complete"] for r in rows):
        raise ValidationError(_("Score every candidate on every criterion first."))
    snapshot = [
        {"rank": r["rank"], "candidate": r["candidate"], "name": r["name"],
         "result": str(r["result"]), "quote": None if r["quote"] is None else str(r["quote"])}
        for r in rows
    ]  # fmt: skip
    with audited(who):
        _move(selection, SelectionStatus.IN_APPROVAL, chosen=candidate, reason=reason[:4000],
              ranking=snapshot)  # fmt: skip
    return approval_submit(obj=selection, who=who, message=f"{candidate.name}: {reason}"[:300])


_PROVIDER_KIND = {SelectionKind.HOSTING: ProviderKind.IDC, SelectionKind.ISP: ProviderKind.ISP}


def on_selection_approved(approval, who) -> None:
    """Approved: the decision stands; a chosen hosting provider or ISP that is not in the
    provider register yet is added to it."""
    selection = ProviderSelection.objects.get(pk=approval.object_id)
    _move(selection, SelectionStatus.APPROVED, decided_at=timezone.now())
    chosen = selection.chosen
    kind = _PROVIDER_KIND.get(selection.kind)
    if chosen.provider_id is None and kind is not None:
        provider = Provider.objects.filter(name=chosen.name).first()
        if provider is None:
            provider = Provider(name=chosen.name[:200], kind=kind)
            provider.full_clean()
            provider.save()
        SelectionCandidate.objects.filter(pk=chosen.pk).update(provider=provider)


def on_selection_rejected(approval, who) -> None:
    selection = ProviderSelection.objects.get(pk=approval.object_id)
    _move(selection, SelectionStatus.REJECTED)


@transaction.atomic
def selection_reopen(*, actor, selection: ProviderSelection) -> ProviderSelection:
    """A rejected decision goes back to draft, to be rescored or decided again."""
    who = acting_for(actor, CHANGE_SELECTION)
    with audited(who):
        _move(selection, SelectionStatus.DRAFT)
    return selection
