"""Writes of merchandising: plans and their transitions, art uploads, shelves, slots, ads, clicks.

Every write runs in one transaction inside ``audit_context`` (history records say who, acting as
which position) and validates with ``full_clean()``; transitions follow ``PLAN_TRANSITIONS`` with
a conditional UPDATE so two concurrent transitions cannot both win.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.counters import bump
from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.uploads import files_or_nothing
from siteops.org.acting import Acting, acting_for, audited
from siteops.org.selectors import acting_as

from .choices import PLAN_EDITABLE, PLAN_TRANSITIONS, AdRequestStatus, PlanStatus
from .models import (
    Ad,
    AdPosition,
    AdRequest,
    ClickDay,
    PlanEvent,
    Shelf,
    ShelfPlan,
    ShelfPlanItem,
    ShelfSlot,
    live_q,
)
from .validators import validate_ad_image

PERM_SUBMIT = "merch.submit_shelfplan"
PERM_CARRY_OUT = "merch.carry_out_shelfplan"
PERM_UPLOAD = "merch.upload_ad_image"


# --- who is doing this ---------------------------------------------------------------------


def _is_client(actor) -> bool:
    from siteops.org.models import ApiClient

    return isinstance(actor, ApiClient)


def _user(actor):
    """The person behind ``actor`` (None when an API client acts)."""
    return None if actor is None or _is_client(actor) else actor


def _via(actor, perm: str) -> Acting:
    """The position the actor uses for ``perm``; NotAllowed if none of theirs grants it.

    ``actor`` is a user, or an ``ApiClient`` (Purchasing's system) acting as its position.
    """
    if actor is not None and _is_client(actor):
        return acting_for(None, perm, client=actor)
    if actor is None or not actor.is_authenticated:
        raise NotAllowed(_("Log in first."))
    who = acting_for(actor, perm)
    if not who.position and actor.is_superuser:
        # An administrator without a position for ``perm`` works as whichever position they fill.
        assignment = acting_as(actor)
        if assignment is not None:
            who = Acting(actor, None, assignment.position.code, False, who.source)
    return who


def _position(who: Acting):
    """The Position object ``who`` acts as (None for an administrator without one)."""
    if who.client is not None:
        return who.client.position
    if not who.position:
        return None
    from siteops.org.models import Position

    return Position.objects.get(code=who.position)


def _error(message: str, field_name: str | None = None) -> ValidationError:
    return ValidationError({field_name: message} if field_name else message)


# --- plans (Purchasing) --------------------------------------------------------------------


def _own_plan(actor, plan: ShelfPlan, via: Acting) -> None:
    """Purchasing works on its own department's plans only."""
    if via.client is not None:
        if via.client.department_id != plan.department_id:
            raise NotAllowed(_("This plan belongs to another department."))
        return
    if actor.is_superuser or actor.has_perm("merch.view_all_shelfplans"):
        return
    position = _position(via)
    if position is None or position.department_id != plan.department_id:
        raise NotAllowed(_("This plan belongs to another department."))


def _editable(plan: ShelfPlan) -> None:
    if plan.status not in PLAN_EDITABLE:
        raise IllegalTransition(
            _("The plan is %(status)s; only a draft or a returned plan can be changed.")
            % {"status": plan.get_status_display()}
        )


@transaction.atomic
def plan_create(
    *,
    actor,
    title: str,
    period_start: datetime.datetime,
    period_end: datetime.datetime,
    note: str = "",
) -> ShelfPlan:
    """Purchasing starts a shelf-display plan for a period (a draft until submitted)."""
    via = _via(actor, PERM_SUBMIT)
    position = _position(via)
    if position is None:
        raise NotAllowed(_("Plans are made by a Purchasing position."))
    plan = ShelfPlan(
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        note=note.strip(),
        department=via.client.department if via.client else position.department,
        created_by=_user(actor),
        client=via.client,
    )
    plan.full_clean()
    with audited(via):
        plan.save()
    return plan


@transaction.atomic
def plan_update(*, actor, plan: ShelfPlan, **fields) -> ShelfPlan:
    """Change a draft or returned plan's title, period or note."""
    via = _via(actor, PERM_SUBMIT)
    plan = ShelfPlan.objects.select_for_update().get(pk=plan.pk)
    _own_plan(actor, plan, via)
    _editable(plan)
    for name in ("title", "period_start", "period_end", "note"):
        if name in fields:
            setattr(plan, name, fields[name])
    plan.full_clean()
    with audited(via):
        plan.save()
    return plan


@transaction.atomic
def plan_item_add(
    *, actor, plan: ShelfPlan, shelf: Shelf, product, order: int = 0
) -> ShelfPlanItem:
    """Ask for ``product`` on ``shelf`` in place ``order`` during the plan's period."""
    via = _via(actor, PERM_SUBMIT)
    plan = ShelfPlan.objects.select_for_update().get(pk=plan.pk)
    _own_plan(actor, plan, via)
    _editable(plan)
    if ShelfPlanItem.objects.filter(plan=plan, shelf=shelf, product=product).exists():
        raise _error(_("This product is already planned on that shelf."), "product")
    item = ShelfPlanItem(plan=plan, shelf=shelf, product=product, order=order)
    item.full_clean()
    with audited(via):
        item.save()
    return item


@transaction.atomic
def plan_item_remove(*, actor, item: ShelfPlanItem) -> None:
    via = _via(actor, PERM_SUBMIT)
    plan = ShelfPlan.objects.select_for_update().get(pk=item.plan_id)
    _own_plan(actor, plan, via)
    _editable(plan)
    with audited(via):
        item.delete()


@transaction.atomic
def ad_request_add(
    *,
    actor,
    plan: ShelfPlan,
    position: AdPosition,
    brief: str,
    link: str,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
) -> AdRequest:
    """Ask for an ad in an ad position: its text, its link, its window (default: the period)."""
    via = _via(actor, PERM_SUBMIT)
    plan = ShelfPlan.objects.select_for_update().get(pk=plan.pk)
    _own_plan(actor, plan, via)
    _editable(plan)
    request = AdRequest(
        plan=plan, position=position, brief=brief.strip(), link=link.strip(), start=start, end=end
    )
    request.full_clean()
    with audited(via):
        request.save()
    return request


@transaction.atomic
def ad_request_remove(*, actor, ad_request: AdRequest) -> None:
    via = _via(actor, PERM_SUBMIT)
    plan = ShelfPlan.objects.select_for_update().get(pk=ad_request.plan_id)
    _own_plan(actor, plan, via)
    _editable(plan)
    _close_work(actor, ad_request, _("The plan no longer asks for this ad."))
    with audited(via):
        ad_request.delete()


def _transition(
    *, actor, plan: ShelfPlan, to: str, via: Acting, note: str = "", **extra
) -> ShelfPlan:
    """Move the plan to ``to`` if the table allows it from its current status (else 409)."""
    plan = ShelfPlan.objects.select_for_update().get(pk=plan.pk)
    old = plan.status
    if (old, to) not in PLAN_TRANSITIONS:
        raise IllegalTransition(
            _("A plan that is %(old)s cannot become %(new)s.")
            % {"old": PlanStatus(old).label, "new": PlanStatus(to).label}
        )
    with audited(via):
        changed = ShelfPlan.objects.filter(pk=plan.pk, status=old).update(
            status=to, updated_at=timezone.now(), **extra
        )
        if changed != 1:
            raise IllegalTransition(_("Someone else changed this plan first; reload and retry."))
        plan.refresh_from_db()
        # The conditional UPDATE bypasses save(): write the history record ourselves.
        _history(plan, _user(actor))
        PlanEvent.objects.create(
            plan=plan, from_status=old, to_status=to, note=note, **via.event_fields()
        )
    return plan


def _history(obj, actor) -> None:
    """Record a history row for a change made with a conditional UPDATE."""
    from simple_history.utils import get_history_manager_for_model

    manager = get_history_manager_for_model(obj)
    record = manager.model(
        history_date=timezone.now(),
        history_type="~",
        history_user_id=getattr(actor, "pk", None),
        **{f.attname: getattr(obj, f.attname) for f in obj._meta.fields},
    )
    from siteops.core.audit import current

    info = current()
    record.history_position = info.position_code
    record.history_acting = info.acting
    record.history_source = info.source
    record.save()


def _work_item(
    *, actor, position_code: str, title: str, subject, description: str, plan, due, link: str
):
    from django.utils.html import escape, format_html, linebreaks

    from siteops.org.models import Position
    from siteops.work.services import item_create

    description = linebreaks(escape(description)) + format_html(
        '<p><a href="{}">{}</a></p>', link, _("Open it in the back office")
    )

    return item_create(
        actor=_user(actor),
        position=Position.objects.get(code=position_code),
        title=title,
        source="module",
        subject=subject,
        description=description,
        requester=_user(actor),
        requester_department=plan.department,
        due=due,
    )


def _close_work(actor, subject, message: str) -> int:
    from siteops.work.services import item_close_for_subject

    return item_close_for_subject(actor=_user(actor), subject=subject, message=message)


@transaction.atomic
def plan_submit(*, actor, plan: ShelfPlan) -> ShelfPlan:
    """Purchasing hands the plan over: work for the product editor, and for the art editor
    for every requested ad that still needs an image (PED-04/05, ART-02)."""
    via = _via(actor, PERM_SUBMIT)
    plan = ShelfPlan.objects.select_for_update().get(pk=plan.pk)
    _own_plan(actor, plan, via)
    if plan.status in PLAN_EDITABLE and not (plan.items.exists() or plan.ad_requests.exists()):
        raise DomainError(_("Add at least one shelf line or ad request before submitting."))
    plan = _transition(
        actor=actor,
        plan=plan,
        to=PlanStatus.SUBMITTED,
        via=via,
        **via.record_fields("submitted"),
        submitted_at=timezone.now(),
    )
    due = timezone.localdate(plan.period_start)
    _work_item(
        actor=actor,
        position_code="PED",
        title=_("Carry out shelf-display plan “%(plan)s”") % {"plan": plan.title},
        subject=plan,
        description=_("Period %(start)s – %(end)s: %(items)d shelf line(s), %(ads)d ad(s).")
        % {
            "start": timezone.localtime(plan.period_start).strftime("%Y-%m-%d %H:%M"),
            "end": timezone.localtime(plan.period_end).strftime("%Y-%m-%d %H:%M"),
            "items": plan.items.count(),
            "ads": plan.ad_requests.count(),
        },
        plan=plan,
        due=due,
        link=reverse("admin:merch_plan", args=[plan.pk]),
    )
    needing = list(
        plan.ad_requests.select_related("position").filter(
            image="", art_work_sent=False, status=AdRequestStatus.WAITING
        )
    )
    for req in needing:
        _work_item(
            actor=actor,
            position_code="ART",
            title=_("Ad image for %(position)s (plan “%(plan)s”)")
            % {"position": req.position.name, "plan": plan.title},
            subject=req,
            description=_("Text: %(brief)s\nLink: %(link)s\nSize: %(size)s")
            % {"brief": req.brief, "link": req.link, "size": req.position.size_hint or "—"},
            plan=plan,
            due=due,
            link=reverse("admin:merch_art_queue"),
        )
    AdRequest.objects.filter(pk__in=[r.pk for r in needing]).update(art_work_sent=True)
    return plan


@transaction.atomic
def plan_start(*, actor, plan: ShelfPlan) -> ShelfPlan:
    """The product editor takes the plan on."""
    via = _via(actor, PERM_CARRY_OUT)
    return _transition(actor=actor, plan=plan, to=PlanStatus.IN_PROGRESS, via=via)


@transaction.atomic
def plan_return(*, actor, plan: ShelfPlan, reason: str) -> ShelfPlan:
    """Send the plan back to Purchasing with the reason (they edit and submit again)."""
    via = _via(actor, PERM_CARRY_OUT)
    reason = (reason or "").strip()
    if not reason:
        raise _error(_("Say why the plan goes back to Purchasing."), "reason")
    plan = _transition(
        actor=actor, plan=plan, to=PlanStatus.RETURNED, via=via, note=reason, return_reason=reason
    )
    _close_work(actor, plan, _("Returned to Purchasing: %(reason)s") % {"reason": reason})
    return plan


@transaction.atomic
def plan_complete(*, actor, plan: ShelfPlan) -> ShelfPlan:
    """The plan is carried out: every line is live (or the editor decided otherwise)."""
    via = _via(actor, PERM_CARRY_OUT)
    plan = _transition(actor=actor, plan=plan, to=PlanStatus.DONE, via=via)
    message = _("Shelf-display plan carried out.")
    _close_work(actor, plan, message)
    for ad_request in plan.ad_requests.all():  # images no longer needed for a finished plan
        _close_work(actor, ad_request, message)
    return plan


# --- art editor (ART-02) ---------------------------------------------------------------------


def _art_open(ad_request: AdRequest) -> None:
    if ad_request.plan.status not in (PlanStatus.SUBMITTED, PlanStatus.IN_PROGRESS):
        raise IllegalTransition(_("Images can be added only while the plan is being carried out."))


@transaction.atomic
def ad_request_upload_image(*, actor, ad_request: AdRequest, image) -> AdRequest:
    """The art editor (or whoever covers ART) uploads the ad's image; it can be replaced until
    the ad is scheduled."""
    via = _via(actor, PERM_UPLOAD)
    ad_request = AdRequest.objects.select_for_update().select_related("plan").get(pk=ad_request.pk)
    _art_open(ad_request)
    if ad_request.status not in (AdRequestStatus.WAITING, AdRequestStatus.UPLOADED):
        raise IllegalTransition(
            _("The image of this ad is %(status)s and can no longer be replaced.")
            % {"status": ad_request.get_status_display()}
        )
    try:
        validate_ad_image(image)
    except ValidationError as exc:
        raise ValidationError({"image": exc.messages}) from None
    ad_request.image_by = actor
    ad_request.status = AdRequestStatus.UPLOADED
    # The file is written after the checks and removed if the row is not saved; a full or
    # read-only media store is a translated message (core.uploads.files_or_nothing).
    with audited(via), files_or_nothing() as put:
        put(ad_request.image, image.name, image)
        ad_request.save()
    return ad_request


@transaction.atomic
def ad_request_mark_ready(*, actor, ad_request: AdRequest) -> AdRequest:
    via = _via(actor, PERM_UPLOAD)
    ad_request = AdRequest.objects.select_for_update().select_related("plan").get(pk=ad_request.pk)
    _art_open(ad_request)
    if not ad_request.image:
        raise _error(_("Upload the image before marking it ready."), "image")
    if ad_request.status != AdRequestStatus.UPLOADED:
        raise IllegalTransition(_("Only an uploaded image can be marked ready."))
    ad_request.status = AdRequestStatus.READY
    with audited(via):
        ad_request.save()
    _close_work(actor, ad_request, _("Ad image ready."))
    return ad_request


# --- shelves, slots and ads (product editor) -------------------------------------------------


@transaction.atomic
def record_save(*, actor, obj, perm: str):
    """Validate and save a shelf, slot, ad or ad position edited in the back office."""
    via = _via(actor, perm)
    obj.full_clean()
    with audited(via):
        obj.save()
    return obj


@transaction.atomic
def record_delete(*, actor, obj, perm: str) -> None:
    via = _via(actor, perm)
    with audited(via):
        obj.delete()


def slot_add(
    *,
    actor,
    shelf: Shelf,
    product,
    position: int = 0,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
) -> ShelfSlot:
    """Put a published product on a shelf (PED-04)."""
    slot = ShelfSlot(shelf=shelf, product=product, position=position, start=start, end=end)
    return record_save(actor=actor, obj=slot, perm="merch.add_shelfslot")


def ad_schedule(
    *,
    actor,
    position: AdPosition,
    title: str,
    image,
    link: str,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    weight: int = 0,
    alt: str = "",
    request: AdRequest | None = None,
) -> Ad:
    """Schedule an ad in an ad position (PED-05); the image is checked by its content."""
    if image:
        try:
            validate_ad_image(image)
        except ValidationError as exc:
            raise ValidationError({"image": exc.messages}) from None
    ad = Ad(
        position=position,
        title=title.strip(),
        image=image,
        link=link.strip(),
        start=start,
        end=end,
        weight=weight,
        alt=alt.strip() or title.strip(),
        request=request,
    )
    return record_save(actor=actor, obj=ad, perm="merch.add_ad")


# --- plan vs live, applying a plan -----------------------------------------------------------


@dataclass
class ApplyResult:
    slots_created: list = field(default_factory=list)
    ads_created: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (line, reason)


@transaction.atomic
def plan_apply(*, actor, plan: ShelfPlan) -> ApplyResult:
    """Create, in one transaction, the slots (and the ads whose images are ready) that the plan
    asks for and that are not live yet. Running it again creates nothing new."""
    from .selectors import plan_vs_live

    via = _via(actor, PERM_CARRY_OUT)
    # The row lock serialises two editors pressing "apply" at once (SQLite: the IMMEDIATE
    # transaction already does); the unique constraints on plan_item / request are the backstop.
    plan = ShelfPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (PlanStatus.SUBMITTED, PlanStatus.IN_PROGRESS):
        raise IllegalTransition(
            _("Only a submitted plan or one in progress can be applied (this one is %(status)s).")
            % {"status": plan.get_status_display()}
        )
    if plan.status == PlanStatus.SUBMITTED:
        plan = _transition(actor=actor, plan=plan, to=PlanStatus.IN_PROGRESS, via=via)
    diff = plan_vs_live(plan)
    result = ApplyResult()
    with audited(via):
        for line in diff.missing_slots:
            item = line.item
            if not line.can_apply:
                result.skipped.append((item, line.reason))
                continue
            if ShelfSlot.objects.filter(plan_item=item).exists():
                continue
            slot = ShelfSlot(
                shelf=item.shelf,
                product=item.product,
                position=item.order,
                start=plan.period_start,
                end=plan.period_end,
                plan_item=item,
            )
            slot.full_clean()
            slot.save()
            result.slots_created.append(slot)
        for line in diff.missing_ads:
            req = line.item
            if not line.can_apply:
                result.skipped.append((req, line.reason))
                continue
            start, end = req.window
            ad = Ad(
                position=req.position,
                title=req.brief[:120],
                alt=req.brief[:200],
                image=req.image.name,
                link=req.link,
                start=start,
                end=end,
                request=req,
            )
            ad.full_clean()
            ad.save()
            AdRequest.objects.filter(pk=req.pk).update(status=AdRequestStatus.SCHEDULED)
            result.ads_created.append(ad)
    return result


# --- clicks ----------------------------------------------------------------------------------


def _count_day(at: datetime.datetime, **target) -> None:
    """Add one to the day's row of this ad or slot (created on the day's first click)."""
    bump(ClickDay, key={"day": timezone.localdate(at), **target}, amounts={"clicks": 1})


def ad_click(ad_id: int, at: datetime.datetime | None = None) -> bool:
    """Count one click on a live ad: conditional UPDATEs, no read-modify-write (the running
    total on the ad and the day's row that reports read)."""
    at = at or timezone.now()
    with transaction.atomic():
        counted = bool(
            Ad.objects.filter(live_q(at), pk=ad_id, is_active=True).update(
                click_count=F("click_count") + 1
            )
        )
        if counted:
            _count_day(at, ad_id=ad_id)
    return counted


def slot_click(slot_id: int, at: datetime.datetime | None = None) -> bool:
    """Count one click on a live shelf slot (same UPDATEs)."""
    at = at or timezone.now()
    with transaction.atomic():
        counted = bool(
            ShelfSlot.objects.filter(live_q(at), pk=slot_id).update(
                click_count=F("click_count") + 1
            )
        )
        if counted:
            _count_day(at, slot_id=slot_id)
    return counted
