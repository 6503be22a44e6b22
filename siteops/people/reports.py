"""The HR dataset for the report registry: headcount against the plan per position, vacancies,
recruitment (opened, filled, days to fill), appraisal completion and probations."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.org.selectors import Staffing
from siteops.reports import datasets

from .choices import PersonnelKind, PersonnelStatus, Phase, ProbationOutcome, RecruitmentStatus
from .models import Appraisal, PersonnelRequest, Probation, RecruitmentRequest
from .selectors import approved_plan

MEASURES = ["planned", "holders", "vacancies", "opened", "filled", "days_to_fill",
            "appraisals", "appraisals_done", "appraisals_late", "probation_overdue",
            "confirmed", "leavers"]  # fmt: skip
PHASE_KINDS = {
    "people_appraisal_self": Phase.SELF,
    "people_appraisal_review": Phase.REVIEW,
    "people_appraisal_calibration": Phase.CALIBRATION,
}


def _late(end):
    """A phase deadline is late when done after its day, or still open after it (by ``end``)."""
    return Q(status="done", done_at__date__gt=F("due_date")) | Q(status="open", due_date__lt=end)


def _phase_rows(start, end) -> list[datasets.Row]:
    from siteops.deadlines.models import Deadline

    per = {
        r["kind__code"]: r
        for r in Deadline.objects.filter(
            kind__code__in=PHASE_KINDS, due_date__gte=start, due_date__lte=end
        )
        .values("kind__code")
        .annotate(n=Count("pk"), d=Count("pk", filter=Q(status="done")), late=Count("pk", filter=_late(end)))
    }  # fmt: skip
    rows = []
    for code, phase in PHASE_KINDS.items():
        r = per.get(code, {"n": 0, "d": 0, "late": 0})
        values = dict.fromkeys(MEASURES, 0)
        values.update(appraisals=r["n"], appraisals_done=r["d"], appraisals_late=r["late"])
        rows.append(datasets.Row(str(phase), str(Phase(phase).label), values))
    return rows


def compute(start, end, dimensions, filters) -> datasets.Result:
    """A bounded number of queries: the staffing snapshot on the last day, the plan, and one
    GROUP BY per figure."""
    staffing = Staffing(end)
    positions = sorted(
        (p for p in staffing.positions.values() if p.department.kind == "own"),
        key=lambda p: (p.order, p.code),
    )
    plan = approved_plan(end.year)
    planned = dict(plan.lines.values_list("position_id", "planned")) if plan else {}
    per: dict[int, dict] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    requests = RecruitmentRequest.objects.filter(
        created_at__date__gte=start, created_at__date__lte=end
    )
    for r in requests.values("position_id").annotate(n=Count("pk")):
        per[r["position_id"]]["opened"] = r["n"]
    fill_days: dict[int, list[int]] = defaultdict(list)
    for pid, created, closed in RecruitmentRequest.objects.filter(
        status=RecruitmentStatus.FILLED, closed_at__date__gte=start, closed_at__date__lte=end
    ).values_list("position_id", "created_at", "closed_at"):
        fill_days[pid].append((closed - created).days)
    done = Q(phase__in=[Phase.SHARED, Phase.ACKNOWLEDGED])
    for r in (
        Appraisal.objects.filter(cycle__period_end__gte=start, cycle__period_end__lte=end)
        .values("position_id")
        .annotate(n=Count("pk"), d=Count("pk", filter=done))
    ):
        per[r["position_id"]]["appraisals"] = r["n"]
        per[r["position_id"]]["appraisals_done"] = r["d"]
    for r in (
        Probation.objects.filter(outcome=ProbationOutcome.PENDING, end_date__lt=end)
        .values("assignment__position_id")
        .annotate(n=Count("pk"))
    ):
        per[r["assignment__position_id"]]["probation_overdue"] = r["n"]
    from siteops.deadlines.models import Deadline

    for r in (
        Deadline.objects.filter(kind__code__in=PHASE_KINDS, due_date__gte=start, due_date__lte=end)
        .filter(_late(end))
        .values("position_id")
        .annotate(n=Count("pk"))
    ):
        per[r["position_id"]]["appraisals_late"] = r["n"]
    for r in (
        PersonnelRequest.objects.filter(
            status=PersonnelStatus.EFFECTED,
            kind__in=[PersonnelKind.CONFIRM, PersonnelKind.DISMISS],
            effective_date__gte=start,
            effective_date__lte=end,
        )
        .values("assignment__position_id", "kind")
        .annotate(n=Count("pk"))
    ):
        key = "confirmed" if r["kind"] == PersonnelKind.CONFIRM else "leavers"
        per[r["assignment__position_id"]][key] = r["n"]
    rows, all_days = [], []
    totals = dict.fromkeys(MEASURES, 0)
    for p in positions:
        v = per[p.pk]
        v["planned"] = planned.get(p.pk, p.headcount)
        v["holders"] = len(staffing.holders.get(p.pk, []))
        v["vacancies"] = staffing.vacancies(p.pk)
        days = fill_days.get(p.pk, [])
        v["filled"] = len(days)
        v["days_to_fill"] = round(sum(days) / len(days), 1) if days else 0
        all_days += days
        for k in MEASURES:
            if k != "days_to_fill":
                totals[k] += v[k]
        rows.append(datasets.Row(p.code, p.name, dict(v)))
    totals["days_to_fill"] = round(sum(all_days) / len(all_days), 1) if all_days else 0
    return datasets.Result(
        start=start,
        end=end,
        totals=datasets.Row("total", _("The whole department"), totals),
        breakdowns={
            **({"position": rows} if "position" in dimensions else {}),
            **({"phase": _phase_rows(start, end)} if "phase" in dimensions else {}),
        },
    )


HR = datasets.register(
    datasets.Dataset(
        key="people_hr",
        title=gettext_lazy("Staffing and HR"),
        perm="people.view_staffingplan",
        description=gettext_lazy(
            "Headcount against the approved staffing plan on the last day of the period, "
            "vacancies as the org chart shows them, recruitment, appraisal completion and "
            "probations past their end without an outcome."
        ),
        dimensions=[
            datasets.Dimension("position", gettext_lazy("By position")),
            datasets.Dimension("phase", gettext_lazy("By appraisal phase")),
        ],
        measures=[
            datasets.Measure(
                "planned",
                gettext_lazy("Planned headcount"),
                gettext_lazy("The approved plan's (else the org chart's)."),
            ),
            datasets.Measure(
                "holders",
                gettext_lazy("Holders"),
                gettext_lazy("People holding the position on the last day."),
            ),
            datasets.Measure(
                "vacancies",
                gettext_lazy("Vacancies"),
                gettext_lazy("Headcount minus holders, as on the org chart."),
            ),
            datasets.Measure(
                "opened",
                gettext_lazy("Recruitment requests"),
                gettext_lazy("Requests filed in the period."),
            ),
            datasets.Measure(
                "filled", gettext_lazy("Filled"), gettext_lazy("Requests filled in the period.")
            ),
            datasets.Measure(
                "days_to_fill",
                gettext_lazy("Days to fill"),
                gettext_lazy("Average days from request to filled."),
            ),
            datasets.Measure(
                "appraisals",
                gettext_lazy("Appraisals"),
                gettext_lazy("In cycles ending in the period."),
            ),
            datasets.Measure(
                "appraisals_done",
                gettext_lazy("Appraisals shared"),
                gettext_lazy("Of those, shared with or acknowledged by the appraisee."),
            ),
            datasets.Measure(
                "appraisals_late",
                gettext_lazy("Appraisal phases late"),
                gettext_lazy(
                    "Phase deadlines in the period done after their day or still open "
                    "(by the position responsible for the phase)."
                ),
            ),
            datasets.Measure(
                "probation_overdue",
                gettext_lazy("Probations overdue"),
                gettext_lazy("Past their end on the last day with no outcome."),
            ),
            datasets.Measure(
                "confirmed",
                gettext_lazy("Confirmed after probation"),
                gettext_lazy("Confirmations (转正) that took effect in the period."),
            ),
            datasets.Measure(
                "leavers",
                gettext_lazy("Leavers"),
                gettext_lazy("Dismissals that took effect in the period (turnover)."),
            ),
        ],  # fmt: skip
        compute=compute,
        chart="vacancies",
        default_dimensions=["position"],
        app_label="people",
    )
)
