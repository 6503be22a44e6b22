"""Writes of the points area: projects, members, rule versions, batches, issuance, reversals.

Every write finds the actor's position with ``acting_for`` (or takes the API client), runs in one
transaction, stamps an event/ledger row with ``who.event_fields()`` and moves statuses with a
conditional UPDATE checked against the transition tables in ``choices.py``. Orders are read,
never written. Ledger entries are only ever inserted (``LedgerEntry`` refuses save-again/delete).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.events import Acting
from siteops.core.inputs import InputError, clean_text, parse_date, parse_decimal, parse_int
from siteops.core.spreadsheets import SpreadsheetError, read_records
from siteops.orders.choices import OrderStatus
from siteops.orders.models import Order, OrderEvent
from siteops.org.acting import acting_for, audited, system_acting

from . import generation, ledger
from .choices import (
    BATCH_TRANSITIONS,
    PROJECT_TRANSITIONS,
    AwardKind,
    BatchStatus,
    EntryKind,
    EntrySource,
    MemberStatus,
    ProjectStatus,
)
from .models import Award, Batch, LedgerEntry, Member, Project, ProjectEvent, RuleVersion

REQUEST_PERM = "loyalty.request_project"
SETUP_PERM = "loyalty.setup_project"
BATCH_PERM = "loyalty.generate_batch"

#: Orders that earn: delivered (and still delivered or completed — not returned/cancelled).
EARNING_STATUSES = (OrderStatus.DELIVERED, OrderStatus.COMPLETED)
#: Orders whose points are taken back.
UNDONE_STATUSES = (OrderStatus.RETURNED, OrderStatus.REFUNDED, OrderStatus.CANCELLED)
MAX_MEMBER_ROWS = 20_000
MAX_PERIOD_DAYS = 366


def _who(actor, perm, client=None) -> Acting:
    return acting_for(actor, perm, client=client)


def _input(fn, value, what, **kw):
    try:
        return fn(value, **kw)
    except InputError as exc:
        raise DomainError(f"{what}: {exc}", code="invalid") from exc


def _opt_date(value, what):
    if value in (None, ""):
        return None
    return _input(parse_date, value, what)


# --- projects ------------------------------------------------------------------------------


def _project_move(project: Project, action: str, who: Acting, note: str = "") -> Project:
    sources, target = PROJECT_TRANSITIONS[action]
    old = project.status
    n = Project.objects.filter(pk=project.pk, status__in=sources).update(status=target)
    if n != 1:
        raise IllegalTransition(
            _("The project is “%(status)s”; that is not possible now.")
            % {"status": project.get_status_display()}
        )
    project.status = target
    ProjectEvent.objects.create(
        project=project, action=note or action, from_status=old, to_status=target,
        **who.event_fields(),
    )  # fmt: skip
    return project


@transaction.atomic
def project_request(*, actor=None, client=None, code: str, name: str, note: str = "") -> Project:
    """Website Sales asks for a points project: a draft project and a work item for the process
    editor (from Sales' login, or their system through the API)."""
    from siteops.work.choices import WorkSource
    from siteops.work.services import item_create

    who = _who(actor, REQUEST_PERM, client)
    code = _input(clean_text, code, _("Code"), max_length=32).upper()
    name = _input(clean_text, name, _("Name"), max_length=100)
    note = _input(clean_text, note, _("Note"), max_length=4000)
    if not code or not name:
        raise DomainError(_("A project request needs a code and a name."), code="invalid")
    if Project.objects.filter(code=code).exists():
        raise IllegalTransition(_("A project with code %s exists already.") % code, code="exists")
    with audited(who):
        project = Project(code=code, name=name, request_note=note, requested_by=who.user)
        project.full_clean()
        project.save()
        ProjectEvent.objects.create(
            project=project, action=_("Requested by Website Sales"),
            to_status=project.status, **who.event_fields(),
        )  # fmt: skip
        item_create(
            actor=who.user,
            position="PRC",
            title=_("Set up points project %(code)s %(name)s") % {"code": code, "name": name},
            source=WorkSource.API if client is not None else WorkSource.OTHER_DEPARTMENT,
            requester_department="SAL",
            requester=who.user,
            subject=project,
            description=note,
        )
    return project


SETUP_FIELDS = ("name", "sponsor", "starts_on", "ends_on", "budget_points", "point_value",
                "pending_days", "redeem_allowed", "valid_days", "warn_days")  # fmt: skip


def _flag(data, key: str, current: bool) -> bool:
    """A yes/no field: a form leaves an unticked box out (no), an API caller leaves out what it
    does not change (keep)."""
    if key not in data:
        return False if isinstance(data, QueryDict) else current
    return data.get(key) in (True, "1", "on", "true", "True", "yes")


@transaction.atomic
def project_setup(*, actor, project: Project, data: dict) -> Project:
    """The process editor fills in a draft project (only a draft: once approved it is fixed)."""
    who = _who(actor, SETUP_PERM)
    values = {
        "name": _input(clean_text, data.get("name", project.name), _("Name"), max_length=100),
        "sponsor": _input(clean_text, data.get("sponsor", project.sponsor), _("Sponsor"),
                          max_length=100),
        "starts_on": _opt_date(data.get("starts_on"), _("Starts on")),
        "ends_on": _opt_date(data.get("ends_on"), _("Ends on")),
        "budget_points": _input(parse_int, data.get("budget_points", project.budget_points),
                                _("Budget (points)"), lo=0, hi=2_000_000_000),
        "point_value": _input(parse_decimal, data.get("point_value", project.point_value),
                              _("Value of one point"), places=4, max_digits=8, lo=0, hi=1000),
        "pending_days": _input(parse_int, data.get("pending_days", project.pending_days),
                               _("Days until points are available"), lo=0, hi=365),
        "redeem_allowed": _flag(data, "redeem_allowed", project.redeem_allowed),
        "valid_days": None if data.get("valid_days", project.valid_days) in (None, "") else
        _input(parse_int, data.get("valid_days", project.valid_days), _("Days points stay valid"),
               lo=1, hi=3650),
        "warn_days": _input(parse_int, data.get("warn_days", project.warn_days),
                            _("Warning days"), lo=0, hi=365),
    }  # fmt: skip

    candidate = Project(pk=project.pk, code=project.code, status=project.status, **values)
    candidate.full_clean(exclude=["requested_by", "code"], validate_unique=False)
    with audited(who):
        n = Project.objects.filter(pk=project.pk, status=ProjectStatus.DRAFT).update(**values)
        if n != 1:
            raise IllegalTransition(_("Only a draft project can be changed."))
        ProjectEvent.objects.create(
            project=project, action=_("Set up"), from_status=project.status,
            to_status=project.status, **who.event_fields(),
        )  # fmt: skip
    for k, v in values.items():
        setattr(project, k, v)
    return project


def project_submit(*, actor, project: Project, message: str = ""):
    """Send the set-up project for approval (steps: see ``apps.py``)."""
    from siteops.approvals.services import approval_submit

    who = _who(actor, SETUP_PERM)
    if project.status != ProjectStatus.DRAFT:
        raise IllegalTransition(_("Only a draft project is submitted for approval."))
    missing = [str(Project._meta.get_field(f).verbose_name)
               for f in ("starts_on", "ends_on") if not getattr(project, f)]  # fmt: skip
    if not project.budget_points:
        missing.append(str(Project._meta.get_field("budget_points").verbose_name))
    if missing:
        raise DomainError(_("Set up first: %s.") % ", ".join(missing), code="incomplete")
    if not project.rule_versions.exists():
        raise DomainError(_("Add a points rule before submitting."), code="incomplete")
    return approval_submit(actor=actor, obj=project, message=message, who=who)


def on_project_approved(approval, who: Acting) -> None:
    project = Project.objects.get(pk=approval.object_id)
    with audited(who):
        _project_move(project, "approve", who, _("Setup approved"))
    from siteops.work.services import item_close_for_subject

    item_close_for_subject(actor=who.user, subject=project, message=_("Project approved."))


@transaction.atomic
def project_activate(*, actor, project: Project) -> Project:
    who = _who(actor, SETUP_PERM)
    with audited(who):
        return _project_move(project, "activate", who, _("Activated"))


@transaction.atomic
def project_close(*, actor, project: Project) -> Project:
    who = _who(actor, SETUP_PERM)
    with audited(who):
        return _project_move(project, "close", who, _("Closed"))


# --- members -------------------------------------------------------------------------------

MEMBER_COLUMNS = ("customer", "joined_on")


@dataclass
class MemberRow:
    line: int
    customer_text: str
    customer: object | None = None
    joined_on: datetime.date | None = None
    errors: list[str] = field(default_factory=list)


def _member_rows(project: Project, raw: list[tuple[int, dict]]) -> list[MemberRow]:
    """Check rows: the customer exists (by email or login name), is not already a member, is
    not listed twice, and the date is a date."""
    if len(raw) > MAX_MEMBER_ROWS:
        raise DomainError(_("At most %d rows per file.") % MAX_MEMBER_ROWS, code="too_many")
    User = get_user_model()
    keys = {(r.get("customer") or "").strip().lower() for _n, r in raw} - {""}
    found = {}
    for chunk in [list(keys)[i : i + 500] for i in range(0, len(keys), 500)]:
        for u in User.objects.filter(
            Q(email__in=chunk) | Q(username__in=chunk), is_staff=False, is_active=True
        ).only("pk", "username", "email"):
            found[u.username.lower()] = u
            if u.email:
                found.setdefault(u.email.lower(), u)
    existing = set(project.members.values_list("customer_id", flat=True))
    seen: dict[int, int] = {}
    rows = []
    for line, r in raw:
        text = (r.get("customer") or "").strip()
        row = MemberRow(line, text)
        user = found.get(text.lower())
        if not text:
            row.errors.append(_("No customer given."))
        elif user is None:
            row.errors.append(_("No shop customer with this email or login name."))
        else:
            row.customer = user
            if user.pk in existing:
                row.errors.append(_("Already a member of this project."))
            elif user.pk in seen:
                row.errors.append(_("Listed twice (first on row %d).") % seen[user.pk])
            else:
                seen[user.pk] = line
        try:
            row.joined_on = parse_date(r.get("joined_on") or None, default=timezone.localdate())
        except InputError as exc:
            row.errors.append(_("Joined on: %s") % exc)
        rows.append(row)
    return rows


def members_preview(*, actor, project: Project, upload=None, records=None) -> list[MemberRow]:
    """What an import would do, row by row, with each row's errors (nothing is saved)."""
    _who(actor, SETUP_PERM) if actor is not None else None
    if upload is not None:
        try:
            records = read_records(upload, MEMBER_COLUMNS, required=["customer"])
        except SpreadsheetError as exc:
            raise DomainError(" ".join(exc.messages), code="file") from exc
    return _member_rows(project, list(records or []))


@transaction.atomic
def members_import(*, actor=None, client=None, project: Project, upload=None, records=None):
    """Add the rows without errors as active members; returns (added, rows with errors)."""
    who = _who(actor, SETUP_PERM if client is None else REQUEST_PERM, client)
    if project.status == ProjectStatus.CLOSED:
        raise IllegalTransition(_("The project is closed."))
    rows = members_preview(actor=None, project=project, upload=upload, records=records)
    good = [r for r in rows if not r.errors]
    with audited(who):
        Member.objects.bulk_create(
            [Member(project=project, customer=r.customer, joined_on=r.joined_on) for r in good]
        )
        if good:
            ProjectEvent.objects.create(
                project=project, action=_("%d members added") % len(good), **who.event_fields()
            )
    return len(good), [r for r in rows if r.errors]


MEMBER_STATUS_CHANGES = {
    MemberStatus.ACTIVE: (MemberStatus.SUSPENDED, MemberStatus.LEFT),
    MemberStatus.SUSPENDED: (MemberStatus.ACTIVE, MemberStatus.LEFT),
    MemberStatus.LEFT: (),
}


@transaction.atomic
def member_set_status(*, actor, member: Member, status: str) -> Member:
    who = _who(actor, SETUP_PERM)
    if status not in MEMBER_STATUS_CHANGES.get(member.status, ()):
        raise IllegalTransition(_("That status change is not possible."))
    with audited(who):
        if Member.objects.filter(pk=member.pk, status=member.status).update(status=status) != 1:
            raise IllegalTransition(_("The member was changed meanwhile."))
        ProjectEvent.objects.create(
            project_id=member.project_id,
            action=_("Member %(c)s: %(s)s")
            % {"c": member.customer, "s": MemberStatus(status).label},
            **who.event_fields(),
        )
    member.status = status
    return member


# --- rules ---------------------------------------------------------------------------------


@transaction.atomic
def rule_add(*, actor, project: Project, data: dict) -> RuleVersion:
    """A new version of the project's points rule, in force from its date. Earlier versions and
    the awards computed with them stay exactly as they are."""
    who = _who(actor, SETUP_PERM)
    if project.status == ProjectStatus.CLOSED:
        raise IllegalTransition(_("The project is closed."))
    cap = data.get("monthly_cap")
    rule = RuleVersion(
        project=project,
        effective_from=_input(parse_date, data.get("effective_from"), _("In force from")),
        points_per_yuan=_input(parse_decimal, data.get("points_per_yuan", "1"),
                               _("Points per ¥1"), places=4, max_digits=8, lo=0, hi=1000),
        first_order_points=_input(parse_int, data.get("first_order_points") or 0,
                                  _("First order points"), lo=0, hi=1_000_000),
        multiplier=_input(parse_decimal, data.get("multiplier") or "1", _("Multiplier"),
                          places=2, max_digits=5, lo=1, hi=100),
        multiplier_from=_opt_date(data.get("multiplier_from"), _("Multiplier from")),
        multiplier_to=_opt_date(data.get("multiplier_to"), _("Multiplier until")),
        monthly_cap=None if cap in (None, "") else _input(parse_int, cap, _("Cap"), lo=1,
                                                          hi=1_000_000_000),
        note=_input(clean_text, data.get("note", ""), _("Note"), max_length=200),
        created_by=who.user,
    )  # fmt: skip
    last = (
        RuleVersion.objects.select_for_update()
        .filter(project=project)
        .aggregate(v=Max("version"), d=Max("effective_from"))
    )
    rule.version = (last["v"] or 0) + 1
    if last["d"] and rule.effective_from <= last["d"]:
        raise DomainError(
            _("A new version must start after the current one (%s).") % last["d"], code="invalid"
        )
    rule.full_clean(validate_unique=False)
    with audited(who):
        rule.save()
        ProjectEvent.objects.create(
            project=project, action=_("Rule version %(v)d from %(d)s")
            % {"v": rule.version, "d": rule.effective_from}, **who.event_fields(),
        )  # fmt: skip
    return rule


def rule_in_force(versions: list[RuleVersion], day: datetime.date) -> RuleVersion | None:
    """The version in force on ``day`` (``versions`` sorted by effective_from ascending)."""
    current = None
    for v in versions:
        if v.effective_from <= day:
            current = v
        else:
            break
    return current


# --- generation ----------------------------------------------------------------------------


def _floor(value: Decimal) -> int:
    return int(value.quantize(Decimal("1"), rounding=ROUND_DOWN))


def compute_awards(
    project: Project,
    start: datetime.date,
    end: datetime.date,
    *,
    batch: Batch | None = None,
    first_orders: set[int] | None = None,
) -> list[Award]:
    """The awards a batch proposes: for every active member's order delivered in the period
    (within the project's dates) and still delivered, not yet awarded in this project — the
    per-order path, computed in Python (the reference of ``generation``, and its path for a
    month with a cap). ``batch``: awards of that batch are not "before" it; ``first_orders``:
    the orders that are their member's first of a longer period (else: of this one)."""
    versions = list(project.rule_versions.order_by("effective_from"))
    if not versions:
        raise DomainError(_("The project has no points rule."), code="no_rule")
    lo = max(start, project.starts_on) if project.starts_on else start
    hi = min(end, project.ends_on) if project.ends_on else end
    if hi < lo:
        return []
    members = {m.customer_id: m for m in project.members.filter(status=MemberStatus.ACTIVE)}
    if not members:
        return []
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(lo, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(hi + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    events = OrderEvent.objects.filter(
        to_status=OrderStatus.DELIVERED, at__gte=since, at__lt=until,
        order__status__in=EARNING_STATUSES,
        # a subquery, not a list: 100k members would pass SQLite's parameter limit
        order__customer_id__in=project.members.filter(status=MemberStatus.ACTIVE).values(
            "customer_id"),
    )  # fmt: skip
    delivered = events.values("order_id").annotate(first=Min("at")).order_by()
    first_delivery = {r["order_id"]: r["first"] for r in delivered}
    awarded = set(
        Award.objects.filter(project=project, order_id__in=events.values("order_id")).values_list(
            "order_id", "kind"
        )
    )
    had_order = set(
        Award.objects.filter(project=project, kind=AwardKind.ORDER)
        .exclude(batch=batch)
        .values_list("member_id", flat=True)
    )
    # Points already awarded this month per member (other batches), for the monthly cap.
    month_used: dict[tuple[int, str], int] = {}
    for r in (
        Award.objects.filter(project=project, member__status=MemberStatus.ACTIVE)
        .values("member_id", "delivered_on")
        .annotate(p=Sum("points"))
    ):
        key = (r["member_id"], r["delivered_on"].strftime("%Y-%m"))
        month_used[key] = month_used.get(key, 0) + r["p"]
    orders = Order.objects.filter(pk__in=events.values("order_id")).only(
        "pk", "number", "customer_id", "subtotal"
    )
    awards = []
    for order in sorted(orders, key=lambda o: (first_delivery[o.pk], o.pk)):
        member = members[order.customer_id]
        day = timezone.localtime(first_delivery[order.pk], tz).date()
        rule = rule_in_force(versions, day)
        if rule is None:
            continue
        key = (member.pk, day.strftime("%Y-%m"))
        cap_left = (
            None if rule.monthly_cap is None else max(0, rule.monthly_cap - month_used.get(key, 0))
        )
        mult = rule.multiplier_on(day)
        base = _floor(order.subtotal * rule.points_per_yuan)
        text = _("¥%(amount)s × %(rate)s per ¥1") % {
            "amount": order.subtotal,
            "rate": rule.points_per_yuan.normalize(),
        }
        if mult != 1:
            text += " × " + _("%(m)s (multiplier)") % {"m": mult.normalize()}
        candidates = [(AwardKind.ORDER, _floor(Decimal(base) * mult), text)]
        first = member.pk not in had_order and (first_orders is None or order.pk in first_orders)
        if rule.first_order_points and first:
            candidates.append((AwardKind.FIRST_ORDER, rule.first_order_points,
                               _("First order bonus")))  # fmt: skip
        for kind, points, why in candidates:
            why += f" · v{rule.version}"
            if cap_left is not None and points > cap_left:
                why += " · " + _("capped at %d per month") % rule.monthly_cap
                points = cap_left
            if points <= 0 or (order.pk, kind) in awarded:
                continue
            if cap_left is not None:
                cap_left -= points
            month_used[key] = month_used.get(key, 0) + points
            awards.append(Award(
                project=project, member=member, kind=kind, order=order, rule=rule,
                base_amount=order.subtotal, points=points, delivered_on=day, explanation=why[:300],
            ))  # fmt: skip
        had_order.add(member.pk)
    return awards


def _totals(batch: Batch) -> None:
    agg = batch.awards.aggregate(p=Sum("points"), n=Count("pk"),
                                 m=Count("member_id", distinct=True))  # fmt: skip
    batch.total_points = agg["p"] or 0
    batch.line_count = agg["n"]
    batch.member_count = agg["m"]


@transaction.atomic
def batch_generate(*, actor, project: Project, start, end) -> tuple[Batch, bool]:
    """Propose the awards of ``project`` for the period. Returns (batch, created). Running it
    again for the same project and period gives the same batch and creates nothing new (a
    rejected batch is recomputed in place)."""
    who = _who(actor, BATCH_PERM)
    start = _input(parse_date, start, _("Period from"))
    end = _input(parse_date, end, _("Period until"))
    if end < start or (end - start).days >= MAX_PERIOD_DAYS:
        raise DomainError(_("The period must run forwards and last at most a year."))
    if end > timezone.localdate():
        # Up to today: awards are unique per order and project, so a later, overlapping period
        # picks up what was delivered after this run without awarding anything twice.
        raise DomainError(_("A period cannot end in the future."))
    if project.status != ProjectStatus.ACTIVE:
        raise IllegalTransition(_("Points are generated only for an active project."))
    with audited(who):
        try:
            with transaction.atomic():
                batch = Batch.objects.create(project=project, period_start=start, period_end=end)
        except IntegrityError:
            batch = Batch.objects.select_for_update().get(
                project=project, period_start=start, period_end=end
            )
            if batch.status != BatchStatus.REJECTED:
                return batch, False
            sources, target = BATCH_TRANSITIONS["regenerate"]
            if not Batch.objects.filter(pk=batch.pk, status__in=sources).update(status=target):
                raise IllegalTransition(_("The batch was changed meanwhile.")) from None
            batch.status = target
            batch.awards.all().delete()
        versions = list(project.rule_versions.order_by("effective_from"))
        if not versions:
            raise DomainError(_("The project has no points rule."), code="no_rule")
        lo = max(start, project.starts_on) if project.starts_on else start
        hi = min(end, project.ends_on) if project.ends_on else end
        if lo <= hi:
            generation.generate(
                batch, lo, hi, versions,
                lambda m0, m1, firsts: compute_awards(project, m0, m1, batch=batch,
                                                      first_orders=firsts),
            )  # fmt: skip
        _totals(batch)
        batch.generated_by = who.user
        batch.generated_at = timezone.now()
        batch.save(update_fields=["total_points", "line_count", "member_count", "generated_by",
                                  "generated_at"])  # fmt: skip
        ProjectEvent.objects.create(
            project=project,
            action=_("Batch %(p)s generated: %(n)d points") % {"p": batch, "n": batch.total_points},
            **who.event_fields(),
        )
    return batch, True


def _batch_move(batch: Batch, action: str, **extra) -> None:
    sources, target = BATCH_TRANSITIONS[action]
    if not Batch.objects.filter(pk=batch.pk, status__in=sources).update(status=target, **extra):
        raise IllegalTransition(
            _("The batch is “%(status)s”; that is not possible now.")
            % {"status": batch.get_status_display()}
        )
    batch.status = target
    for k, v in extra.items():
        setattr(batch, k, v)


def batch_submit(*, actor, batch: Batch, message: str = ""):
    """The generator sends the batch to audit. Only the person who generated it submits it, so
    the approvals' rule (a submitter never decides) keeps the generator from approving it."""
    from siteops.approvals.services import approval_submit

    who = _who(actor, BATCH_PERM)
    if batch.generated_by_id != getattr(actor, "pk", None):
        raise NotAllowed(_("The person who generated the batch submits it."), code="not_generator")
    if not batch.line_count:
        raise DomainError(_("The batch has no awards; there is nothing to audit."), code="empty")
    issued, budget = (
        Project.objects.filter(pk=batch.project_id)
        .values_list("issued_points", "budget_points")
        .get()
    )
    if issued + batch.total_points > budget:
        raise DomainError(
            _("The batch would take the project over its budget: %(used)d issued + %(n)d > %(b)d.")
            % {"used": issued, "n": batch.total_points, "b": budget},
            code="over_budget",
        )
    with transaction.atomic():
        _batch_move(batch, "submit")
        return approval_submit(actor=actor, obj=batch, message=message, who=who)


def on_batch_approved(approval, who: Acting) -> None:
    batch = Batch.objects.get(pk=approval.object_id)
    if who.user_id is not None and who.user_id == batch.generated_by_id:  # belt and braces
        raise NotAllowed(_("The person who generated the batch cannot approve it."))
    _batch_move(batch, "approve")
    ProjectEvent.objects.create(
        project_id=batch.project_id, action=_("Batch %s approved") % batch, **who.event_fields()
    )


def on_batch_rejected(approval, who: Acting) -> None:
    batch = Batch.objects.get(pk=approval.object_id)
    _batch_move(batch, "reject")
    ProjectEvent.objects.create(
        project_id=batch.project_id, action=_("Batch %s rejected") % batch, **who.event_fields()
    )


def on_batch_cancelled(approval, who: Acting) -> None:
    batch = Batch.objects.get(pk=approval.object_id)
    _batch_move(batch, "withdraw")


@transaction.atomic
def batch_issue(*, actor, batch: Batch) -> int:
    """Book an approved batch (积分发送): one earn entry per award, available after the project's
    return window; the members are told after commit. Returns the number of entries."""
    who = _who(actor, BATCH_PERM)
    project = batch.project
    with audited(who):
        _batch_move(batch, "issue", issued_at=timezone.now())
        awards = list(batch.awards.select_related("member", "order"))
        wait = datetime.timedelta(days=project.pending_days)
        valid = None if project.valid_days is None else datetime.timedelta(days=project.valid_days)
        ledger.post([
            LedgerEntry(
                project=project, member=a.member, kind=EntryKind.EARN, points=a.points,
                entry_source=EntrySource.BATCH, order=a.order, batch=batch, award=a, rule=a.rule,
                available_on=a.delivered_on + wait,
                expires_on=None if valid is None else a.delivered_on + wait + valid,
                reason=f"{a.get_kind_display()} {a.order.number}: {a.explanation}"[:300],
                **who.event_fields(),
            )
            for a in awards
        ])  # fmt: skip
        ProjectEvent.objects.create(
            project=project, action=_("Batch %(b)s issued: %(n)d points")
            % {"b": batch, "n": batch.total_points}, **who.event_fields(),
        )  # fmt: skip
    customers = {a.member.customer_id for a in awards}
    transaction.on_commit(lambda: _tell_members(project, customers))
    return len(awards)


def _tell_members(project: Project, customer_ids) -> None:
    """An email to each member whose points were issued (a shop customer has no back office)."""
    from django.core.mail import send_mass_mail
    from django.urls import reverse

    User = get_user_model()
    link = reverse("loyalty:points")
    subject = _("You earned points in %s") % project.name
    body = _("New points were added to your account in %(p)s. See %(link)s") % {
        "p": project.name,
        "link": link,
    }
    mails = [(subject, body, None, [u.email]) for u in
             User.objects.filter(pk__in=customer_ids).exclude(email="").only("email")]  # fmt: skip
    if mails:
        send_mass_mail(mails, fail_silently=True)


def on_order_status_changed(order_id: int, frm: str, to: str) -> None:
    """An order was cancelled or returned: the points it was paid with come back at once (in
    the transition's transaction). Points it earned are taken back by ``reversals_post``."""
    if to in UNDONE_STATUSES:
        ledger.refund_for_order(order_id, why=OrderStatus(to).label)


# --- reversals -----------------------------------------------------------------------------


def reversals_post(*, limit: int = 5000) -> int:
    """Post a reversal of exactly what each cancelled/returned order earned, once: the reversal
    is unique per earn entry (a replay finds it there and does nothing). A reversal that leaves a
    member's balance negative (the points were already spent) opens a work item for review."""
    from siteops.work.choices import WorkSource
    from siteops.work.services import item_create

    who = system_acting()
    todo = list(
        LedgerEntry.objects.filter(
            kind=EntryKind.EARN, order__status__in=UNDONE_STATUSES, reversed_by__isnull=True
        ).select_related("order", "member__customer", "project")[:limit]
    )
    posted = 0
    today = timezone.localdate()
    for earn in todo:
        try:
            with transaction.atomic(), audited(who):
                member = Member.objects.select_for_update().get(pk=earn.member_id)
                reason = _("Order %(n)s %(s)s: points taken back") % {
                    "n": earn.order.number, "s": earn.order.get_status_display()}  # fmt: skip
                # What is left of the order's own points first, the rest (already spent) from
                # the member's other points, oldest first.
                left = ledger.open_lots([member.pk], max(today, earn.available_on)).filter(
                    pk=earn.pk).first()  # fmt: skip
                first = min(earn.points, left.left if left else 0)
                parts = [(earn, first)] if first else []
                if first < earn.points:
                    parts += ledger.take_fifo(member, earn.points - first, today, exclude=earn.pk)
                ledger.post([
                    LedgerEntry(
                        project=earn.project, member=member, kind=EntryKind.REVERSE, points=-n,
                        entry_source=EntrySource.ORDER, order=earn.order, lot=lot,
                        reverses=earn if i == 0 else None, rule=earn.rule,
                        available_on=earn.available_on if lot.pk == earn.pk else today,
                        reason=reason,
                        **who.event_fields(),
                    )
                    for i, (lot, n) in enumerate(parts)
                ])  # fmt: skip
                posted += 1
                member.refresh_from_db(fields=["balance"])
                if member.balance < 0:
                    item_create(
                        actor=None, position="PRC", source=WorkSource.SYSTEM, subject=earn.member,
                        title=_("Negative points balance: %(c)s in %(p)s (%(b)d)")
                        % {"c": earn.member.customer, "p": earn.project.code, "b": member.balance},
                    )  # fmt: skip
        except IntegrityError:
            continue  # reversed meanwhile by another run: exactly once
    return posted
