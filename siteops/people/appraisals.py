"""Appraisals (MGR-08, CE/PLN/DEV-08): cycles with weighted KPIs; phases self → reviewer →
manager's calibration (and sharing) → acknowledged; a deadline per phase (siteops.deadlines).

The reviewer is whoever does the appraisee's superior position's work at the moment
(``resolve``: holder, acting holder, fallback, or up the line).
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.events import Acting, EventSource
from siteops.deadlines.services import deadline_done, deadline_register, kind_ensure
from siteops.org.acting import acting_for, audited
from siteops.org.choices import AssignmentKind
from siteops.org.models import Position, PositionAssignment
from siteops.org.selectors import Staffing

from ._text import _text, _validation
from .choices import CycleStatus, Phase
from .models import Appraisal, AppraisalCycle, AppraisalEvent, Kpi, KpiScore

# phase -> (next phase, deadline kind of the phase, the cycle's due-date field)
PHASES: dict[str, tuple[str, str, str]] = {
    Phase.SELF: (Phase.REVIEW, "people_appraisal_self", "self_due"),
    Phase.REVIEW: (Phase.CALIBRATION, "people_appraisal_review", "review_due"),
    Phase.CALIBRATION: (Phase.SHARED, "people_appraisal_calibration", "calibration_due"),
    Phase.SHARED: (Phase.ACKNOWLEDGED, "", ""),
}
KIND_NAMES = {
    "people_appraisal_self": "绩效自评",
    "people_appraisal_review": "绩效评审",
    "people_appraisal_calibration": "绩效校准",
}


def _kinds() -> None:
    for code, name in KIND_NAMES.items():
        kind_ensure(code=code, name=name, lead_days="3,0")


def parse_kpis(text: str) -> list[tuple[str, int]]:
    """'name:weight' per line → [(name, weight)]; the weights must add up to 100."""
    result = []
    for raw in (text or "").splitlines():
        line = raw.strip()
        if not line:
            continue
        name, sep, weight = line.rpartition(":")
        if not sep:
            name, sep, weight = line.rpartition("：")
        try:
            w = int(weight.strip())
        except ValueError:
            w = 0
        if not sep or not name.strip() or not 1 <= w <= 100:
            raise DomainError(
                _("Write one KPI a line as “name: weight” (weight 1–100): %(line)s")
                % {"line": line[:80]},
                code="invalid",
            )
        result.append((name.strip()[:200], w))
    if not result or sum(w for _n, w in result) != 100:
        raise DomainError(_("The KPI weights must add up to 100."), code="invalid")
    return result


@transaction.atomic
def cycle_create(
    *, actor, name: str, kind: str, period_start: datetime.date, period_end: datetime.date,
    self_due: datetime.date, review_due: datetime.date, calibration_due: datetime.date,
    kpis: list[tuple[str, int]], positions=(),
) -> AppraisalCycle:  # fmt: skip
    who = acting_for(actor, "people.manage_appraisalcycle")
    if not kpis or sum(w for _n, w in kpis) != 100:
        raise DomainError(_("The KPI weights must add up to 100."), code="invalid")
    cycle = AppraisalCycle(
        name=_text(name, required=True, label=_("name"), max_length=100),
        kind=kind, period_start=period_start, period_end=period_end, self_due=self_due,
        review_due=review_due, calibration_due=calibration_due, created_by=actor,
    )  # fmt: skip
    try:
        cycle.full_clean()
    except ValidationError as exc:
        raise _validation(exc) from exc
    with audited(who):
        cycle.save()
        Kpi.objects.bulk_create(
            [Kpi(cycle=cycle, name=n, weight=w, order=i) for i, (n, w) in enumerate(kpis)]
        )
        if positions:
            allowed = {p.pk for p in appraised_positions()}
            if any(p.pk not in allowed for p in positions):
                raise DomainError(_("Choose positions of the department below its head."))
            cycle.positions.set(positions)
    return cycle


def appraised_positions() -> list[Position]:
    """The department's positions below its head (the manager is appraised by leadership)."""
    return [
        p
        for p in Position.objects.select_related("reports_to").filter(department__kind="own")
        if p.reports_to is not None and p.reports_to.department_id == p.department_id
    ]


@transaction.atomic
def cycle_launch(*, actor, cycle: AppraisalCycle) -> int:
    """Start the cycle: one appraisal per holder of each appraised position today."""
    who = acting_for(actor, "people.manage_appraisalcycle")
    n = AppraisalCycle.objects.filter(pk=cycle.pk, status=CycleStatus.DRAFT).update(
        status=CycleStatus.ACTIVE
    )
    if n != 1:
        raise IllegalTransition(_("Only a draft cycle can be launched."))
    cycle.status = CycleStatus.ACTIVE
    _kinds()
    kpis = list(cycle.kpis.all())
    positions = {p.pk: p for p in appraised_positions()}
    chosen = set(cycle.positions.values_list("pk", flat=True))
    if chosen:  # a cycle over chosen positions (e.g. the end of one person's probation)
        positions = {pk: p for pk, p in positions.items() if pk in chosen}
    made = 0
    with audited(who):
        for a in (
            PositionAssignment.objects.active()
            .filter(position_id__in=positions, kind=AssignmentKind.HOLDER, user__is_active=True)
            .select_related("user", "position")
        ):
            position = positions[a.position_id]
            appraisal = Appraisal.objects.create(
                cycle=cycle,
                appraisee=a.user,
                position=position,
                reviewer_position=position.reports_to,
            )
            KpiScore.objects.bulk_create([KpiScore(appraisal=appraisal, kpi=k) for k in kpis])
            AppraisalEvent.objects.create(
                appraisal=appraisal, action="launched", **who.event_fields()
            )
            _register(appraisal, Phase.SELF, who)
            made += 1
    return made


def _responsible(appraisal: Appraisal, phase: str) -> Position:
    if phase == Phase.SELF:
        return appraisal.position
    if phase == Phase.REVIEW:
        return appraisal.reviewer_position
    return Position.objects.get(code="MGR")


def _register(appraisal: Appraisal, phase: str, who: Acting) -> None:
    _next, kind, due_field = PHASES[phase]
    if not kind:
        return
    deadline_register(
        subject=appraisal,
        kind=kind,
        due_date=getattr(appraisal.cycle, due_field),
        position=_responsible(appraisal, phase),
        title=f"{appraisal.cycle.name}：{Phase(phase).label}（{appraisal.appraisee}）",
        who=who,
    )


def _advance(appraisal: Appraisal, phase: str, who: Acting, action: str, **fields) -> Appraisal:
    nxt, kind, _due = PHASES[phase]
    n = Appraisal.objects.filter(pk=appraisal.pk, phase=phase).update(phase=nxt, **fields)
    if n != 1:
        raise IllegalTransition(_("This appraisal has moved on meanwhile."))
    if kind:
        deadline_done(
            actor=who.user, subject=appraisal, kind=kind, outcome=Phase(phase).label, who=who
        )
    AppraisalEvent.objects.create(appraisal=appraisal, action=action, **who.event_fields())
    appraisal.refresh_from_db()
    if nxt in PHASES:
        _register(appraisal, nxt, who)
    return appraisal


def _scores(appraisal: Appraisal, scores: dict, field: str) -> None:
    rows = {s.kpi_id: s for s in appraisal.scores.all()}
    for kpi_id, row in rows.items():
        value = scores.get(kpi_id)
        if value is None or not 1 <= int(value) <= 5:
            raise DomainError(_("Score every KPI from 1 to 5."), code="invalid")
        setattr(row, field, int(value))
    KpiScore.objects.bulk_update(rows.values(), [field])


def weighted(appraisal: Appraisal, field: str = "reviewer_score") -> Decimal:
    total = Decimal(0)
    for s in appraisal.scores.select_related("kpi"):
        total += Decimal(getattr(s, field) or 0) * s.kpi.weight / 100
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _active(appraisal: Appraisal) -> None:
    if not AppraisalCycle.objects.filter(pk=appraisal.cycle_id, status=CycleStatus.ACTIVE).exists():
        raise IllegalTransition(_("The cycle is not in progress."))


@transaction.atomic
def appraisal_self_review(*, actor, appraisal: Appraisal, scores: dict, comment: str = ""):
    if actor.pk != appraisal.appraisee_id:
        raise NotAllowed(_("Only the appraisee writes the self review."))
    _active(appraisal)
    if appraisal.phase != Phase.SELF:
        raise IllegalTransition(_("The self review is done."))
    who = Acting(actor, None, appraisal.position.code, False, EventSource.STAFF)
    with audited(who):
        _scores(appraisal, scores, "self_score")
        return _advance(appraisal, Phase.SELF, who, "self_done", self_comment=_text(comment))


def reviewer_standing(actor, appraisal: Appraisal) -> Acting:
    """The actor as reviewer: among those resolve() gives for the superior position now."""
    if actor.pk == appraisal.appraisee_id:
        raise NotAllowed(_("Nobody reviews their own appraisal."))
    res = Staffing.current().resolve(appraisal.reviewer_position)
    if actor.pk not in {u.pk for u in res.users}:
        raise NotAllowed(_("You do not do the work of %(position)s now.")
                         % {"position": appraisal.reviewer_position})  # fmt: skip
    acting = res.via != "holder"
    return Acting(actor, None, appraisal.reviewer_position.code, acting, EventSource.STAFF)


@transaction.atomic
def appraisal_review(*, actor, appraisal: Appraisal, scores: dict, comment: str = ""):
    _active(appraisal)
    if appraisal.phase != Phase.REVIEW:
        raise IllegalTransition(_("This appraisal is not waiting for its reviewer."))
    who = reviewer_standing(actor, appraisal)
    with audited(who):
        _scores(appraisal, scores, "reviewer_score")
        appraisal.refresh_from_db()
        return _advance(
            appraisal, Phase.REVIEW, who, "review_done",
            reviewer_comment=_text(comment, required=True, label=_("reviewer's comment")),
            reviewed_by=actor, final_score=weighted(appraisal),
        )  # fmt: skip


@transaction.atomic
def appraisal_calibrate(*, actor, appraisal: Appraisal, final_score: Decimal, note: str = ""):
    """The manager sets the final score (calibration) and shares the appraisal."""
    who = acting_for(actor, "people.manage_appraisalcycle")
    if actor.pk == appraisal.appraisee_id:
        raise NotAllowed(_("Nobody calibrates their own appraisal."))
    _active(appraisal)
    if appraisal.phase != Phase.CALIBRATION:
        raise IllegalTransition(_("This appraisal is not waiting for calibration."))
    if not Decimal(1) <= final_score <= Decimal(5):
        raise DomainError(_("The final score is between 1 and 5."), code="invalid")
    with audited(who):
        return _advance(
            appraisal, Phase.CALIBRATION, who, "calibrated",
            final_score=final_score.quantize(Decimal("0.01")), manager_comment=_text(note),
        )  # fmt: skip


@transaction.atomic
def appraisal_acknowledge(*, actor, appraisal: Appraisal):
    if actor.pk != appraisal.appraisee_id:
        raise NotAllowed(_("Only the appraisee acknowledges their appraisal."))
    if appraisal.phase != Phase.SHARED:
        raise IllegalTransition(_("This appraisal has not been shared with you."))
    who = Acting(actor, None, appraisal.position.code, False, EventSource.STAFF)
    with audited(who):
        return _advance(appraisal, Phase.SHARED, who, "acknowledged",
                        acknowledged_at=timezone.now())  # fmt: skip
