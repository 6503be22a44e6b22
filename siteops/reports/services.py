"""Writes of the reports module: produce a run of any dataset (once per period), send it (once)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from siteops.core.audit import audit_context
from siteops.core.errors import DomainError, NotAllowed
from siteops.org.selectors import acting_as

from . import datasets
from .choices import PeriodKind, RunTrigger
from .models import ReportDefinition, ReportRun
from .periods import last_complete_period
from .xlsx import workbook

log = logging.getLogger(__name__)
RUN_PERM = "reports.add_reportrun"


def result_sheets(
    dataset: datasets.Dataset, result: datasets.Result, title: str, filters: dict | None = None
) -> list:
    """(sheet title, header, rows): the summary, one sheet per breakdown, the parameters."""
    header = [_("Row"), *[str(m.label) for m in dataset.measures]]

    def line(row: datasets.Row) -> list:
        return [row.label, *[row.values.get(m.key) for m in dataset.measures]]

    sheets = [(_("Summary"), header, [line(result.totals)])]
    for dim, rows in result.breakdowns.items():
        sheets.append((str(dataset.dimension(dim).label), header, [line(r) for r in rows]))
    params = [(_("Report"), title), (_("Dataset"), str(dataset.title)),
              (_("Period from"), result.start), (_("Period to"), result.end)]  # fmt: skip
    labels = {f.key: f for f in dataset.filters}
    for key, value in (filters or {}).items():
        f = labels[key]
        params.append((str(f.label), dict(f.choices()).get(value, value)))
    params.append((_("Produced at"), timezone.localtime().strftime("%Y-%m-%d %H:%M")))
    sheets.append((_("Parameters"), [_("Parameter"), _("Value")], params))
    sheets.append((_("Definitions"), [_("Figure"), _("Definition")],
                   [(str(m.label), str(m.definition)) for m in dataset.measures]))  # fmt: skip
    return sheets


def result_xlsx(dataset, result, title: str, filters: dict | None = None) -> bytes:
    return workbook(result_sheets(dataset, result, title, filters))


def result_context(dataset: datasets.Dataset, result: datasets.Result) -> dict:
    """Cards, tables and bar widths (percent of the table's largest chart figure) for HTML."""
    measures = list(dataset.measures)
    chart = dataset.chart

    def cells(row):
        return [{"m": m, "v": row.values.get(m.key)} for m in measures]

    tables = []
    for dim, rows in result.breakdowns.items():
        top = max((r.values.get(chart) or 0 for r in rows), default=0) or 1 if chart else 1
        d = dataset.dimension(dim)
        tables.append({
            "dimension": dim, "title": d.label, "note": d.note,
            "rows": [{"row": r, "cells": cells(r),
                      "bar": int((r.values.get(chart) or 0) * 100 / top) if chart else 0}
                     for r in rows],
        })  # fmt: skip
    return {"dataset": dataset, "result": result, "measures": measures,
            "totals": cells(result.totals), "tables": tables,
            "chart_after": chart}  # fmt: skip


def render_result(dataset, result, title: str) -> str:
    return render_to_string(
        "reports/_result.html", {**result_context(dataset, result), "report_title": title}
    )


def local_stamp(at=None) -> str:
    """A time for file and report names, in the site's time zone (never UTC)."""
    return timezone.localtime(at).strftime("%Y%m%d-%H%M%S")


def report_filename(code: str, start: datetime.date, end: datetime.date, ext: str = "xlsx") -> str:
    return f"{code}-{start:%Y%m%d}-{end:%Y%m%d}.{ext}"


def _check_dates(start: datetime.date, end: datetime.date):
    if end < start:
        raise ValidationError(_("The period ends before it starts."))
    if (end - start).days > 366:
        raise ValidationError(_("A report covers at most one year."))


@transaction.atomic
def report_run_create(
    *, actor, definition: ReportDefinition, start: datetime.date, end: datetime.date,
    trigger: str = RunTrigger.ADHOC, dimensions=None,
) -> tuple[ReportRun, bool]:  # fmt: skip
    """Produce and archive the run for this period; a second call returns the first run."""
    _check_dates(start, end)
    assignment = None
    if actor is not None:
        assignment = acting_as(actor, RUN_PERM)
        if assignment is None and not actor.is_superuser:
            raise NotAllowed(_("Your positions may not produce reports."))
        datasets.get_for(actor, definition.dataset)  # and may see what this one counts
    existing = ReportRun.objects.filter(
        definition=definition, period_start=start, period_end=end
    ).first()
    if existing:
        return existing, False
    dataset = datasets.get(definition.dataset)
    try:
        dims = dataset.clean_dimensions(dimensions if dimensions is not None
                                        else definition.dimensions)  # fmt: skip
        filters = dataset.clean_filters(definition.filters)
    except DomainError as exc:
        raise ValidationError(str(exc)) from None
    with translation.override(settings.LANGUAGE_CODE):  # archived in the department's language
        result = dataset.compute(start, end, dims, filters)
        html = render_result(dataset, result, definition.name)
        content = result_xlsx(dataset, result, definition.name, filters)
    run = ReportRun(
        definition=definition, dataset=dataset.key, period_kind=definition.period_kind,
        period_start=start, period_end=end, trigger=trigger, html=html,
        figures=result.as_dict(),
        parameters={"dataset": dataset.key, "dimensions": dims, "filters": filters,
                    "start": start.isoformat(), "end": end.isoformat(),
                    "definition": definition.code},
        created_by=actor, created_position_code=assignment.position.code if assignment else "",
        created_acting=bool(assignment and assignment.kind == "acting"),
    )  # fmt: skip
    run.xlsx.save(report_filename(definition.code, start, end), ContentFile(content), save=False)
    run.full_clean(exclude=["xlsx"])
    with audit_context(actor=actor, position=assignment.position if assignment else None,
                       acting=bool(assignment and assignment.kind == "acting"),
                       source="staff" if actor else "job"):  # fmt: skip
        try:
            with transaction.atomic():
                run.save()
        except IntegrityError:
            # A concurrent scheduler run archived this period first: that one is the run.
            return ReportRun.objects.get(definition=definition, period_start=start,
                                         period_end=end), False  # fmt: skip
    transaction.on_commit(lambda: report_run_send(run_id=run.pk))
    return run, True


def recipients_of(definition: ReportDefinition) -> list[str]:
    """E-mail addresses: positions (who does their work today), departments' people, addresses."""
    from siteops.org.models import PositionAssignment
    from siteops.org.selectors import Staffing

    emails: list[str] = []
    staffing = Staffing.current()
    for position in definition.recipient_positions.all():
        emails += [u.email for u in staffing.resolve(position).users if u.email]
    dept_ids = list(definition.recipient_departments.values_list("pk", flat=True))
    if dept_ids:
        emails += list(
            PositionAssignment.objects.active()
            .filter(position__department__in=dept_ids, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    emails += definition.email_list()
    seen, result = set(), []
    for e in emails:
        if e.lower() not in seen:
            seen.add(e.lower())
            result.append(e)
    return result


def report_run_send(*, run_id: int, force: bool = False) -> int:
    """E-mail the run with its XLSX attached; sent once (a re-send only on request)."""
    run = ReportRun.objects.select_related("definition").get(pk=run_id)
    if run.sent_at and not force:
        return 0
    to = recipients_of(run.definition)
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(report)s, %(start)s – %(end)s") % {
            "report": run.definition.name,
            "start": run.period_start,
            "end": run.period_end,
        }
        body = _("The report is attached (XLSX) and archived in the back office.")
    mail = EmailMessage(subject=subject, body=body, to=to)
    run.xlsx.open("rb")
    try:
        mail.attach(run.xlsx.name.rsplit("/", 1)[-1], run.xlsx.read(),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")  # fmt: skip
    finally:
        run.xlsx.close()
    mail.send()
    ReportRun.objects.filter(pk=run.pk).update(sent_at=timezone.now(), recipients=to)
    return len(to)


def report_definition_adhoc(
    *, actor, name: str, dimensions, emails: str = "", dataset: str = "orders", filters=None
) -> ReportDefinition:
    """An ad-hoc report (PRC-08): its own definition, so each request is archived and sendable.
    Its code carries the time it was asked for, in the site's time zone."""
    ds = datasets.get_for(actor, dataset) if actor is not None else datasets.get(dataset)
    dims = ds.clean_dimensions(dimensions)
    clean_filters = ds.clean_filters(filters)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S-%f")
    definition = ReportDefinition(
        code=f"adhoc-{stamp}", name=name or str(ds.title), dataset=ds.key,
        period_kind=PeriodKind.CUSTOM, dimensions=dims, filters=clean_filters,
        recipient_emails=emails, created_by=actor,
    )  # fmt: skip
    definition.full_clean()
    definition.save()
    return definition


def run_due_reports(now=None) -> int:
    """For every scheduled report, archive and send the last complete period (once), then
    finish the recurring-duty work item that asked for it (e.g. PRC-04's Monday item)."""
    made = 0
    for definition in ReportDefinition.objects.filter(is_scheduled=True):
        start, end = last_complete_period(definition.period_kind, now)
        run, created = report_run_create(
            actor=None, definition=definition, start=start, end=end, trigger=RunTrigger.SCHEDULE
        )
        made += created
        if definition.duty_code and run.work_item_id is None:
            close_duty_item(run)
        if definition.todo_position_id and run.todo_item_id is None:
            report_run_todo(run)
    return made


TODO_ROWS = 30


def report_run_todo(run: ReportRun) -> int | None:
    """Hand the run's rows to the definition's to-do position as one work item, once per run
    (a conditional UPDATE of the run decides; a second call, or a concurrent one, does nothing)."""
    from siteops.work.choices import WorkSource
    from siteops.work.services import item_create

    definition = run.definition
    if definition.todo_position_id is None:
        return None
    dataset = datasets.get(run.dataset)
    chart = dataset.chart or dataset.measures[0].key
    lines = []
    for dim, rows in (run.figures.get("breakdowns") or {}).items():
        if dim == "day":
            continue
        lines += [(r.get("label", ""), r.get(chart)) for r in rows[:TODO_ROWS]]
        break
    with translation.override(settings.LANGUAGE_CODE):
        if lines:
            body = (
                "<ol>"
                + "".join(f"<li>{escape(label)} — {escape(value)}</li>" for label, value in lines)
                + "</ol>"
            )
        else:
            body = f"<p>{escape(_('Nothing to do this period.'))}</p>"
        title = _("%(report)s %(start)s–%(end)s") % {
            "report": definition.name, "start": run.period_start, "end": run.period_end,
        }  # fmt: skip
    with transaction.atomic():
        item = item_create(
            actor=None, position=definition.todo_position, title=title[:200],
            source=WorkSource.MODULE, description=body, subject=run,
            due=timezone.localdate() + datetime.timedelta(days=5),
        )  # fmt: skip
        if not ReportRun.objects.filter(pk=run.pk, todo_item_id__isnull=True).update(
            todo_item_id=item.pk
        ):
            transaction.set_rollback(True)  # another call handed it over first
            return None
    return item.pk


def close_duty_item(run: ReportRun) -> int | None:
    """Link the run to the duty schedule's open work item created after its period, and close it.

    The work module's recurring schedule (e.g. PRC-04, Mondays 09:00) creates the item; this job
    produces the report and finishes the item, so nobody has to tick it off by hand. The item is
    closed through the work module's own service (``item_close_for_subject``).
    """
    from siteops.work.models import WorkItem
    from siteops.work.services import item_close_for_subject

    _lo, after = datasets.period_bounds(run.period_start, run.period_end)
    item = (
        WorkItem.objects.active()
        .filter(schedule__duty__code=run.definition.duty_code, created_at__gte=after)
        .select_related("schedule__duty")
        .order_by("created_at")
        .first()
    )
    if item is None:
        return None
    with transaction.atomic():
        if not ReportRun.objects.filter(pk=run.pk, work_item_id__isnull=True).update(
            work_item_id=item.pk
        ):
            return None
        item_close_for_subject(
            actor=None, subject=item.schedule.duty,
            message=_("Report archived and sent: %s") % run,
        )  # fmt: skip
    return item.pk
