"""Writes of campaigns: stages, the plan and its approval, budget, offline events, posts, links.

Every write: ``acting_for`` (the actor's position for the permission), one transaction,
``full_clean()``, an event row on ``CampaignEvent`` and ``audited(who)`` for history. Stage and
post changes follow the transition tables in ``choices`` with a conditional UPDATE, so two
concurrent changes cannot both win.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.org.acting import Acting, acting_for, audited

from .choices import (
    MANUAL_ACTIONS,
    PLAN_TASKS,
    POST_TRANSITIONS,
    STAGE_TRANSITIONS,
    Stage,
)
from .models import (
    BudgetLine,
    Campaign,
    CampaignEvent,
    LinkClickDay,
    OfflineEvent,
    Plan,
    PlanTask,
    Post,
    Registration,
    TrackedLink,
)

ZERO = Decimal("0")
CAMPAIGN_FIELDS = (
    "code", "name", "kind", "objective", "target_visits", "target_orders", "target_gmv",
    "target_signups", "start", "end", "owner_position", "topic_url", "shelf", "ad_position",
    "review",
)  # fmt: skip


def _event(campaign, who: Acting, action: str, note: str = "", **stages) -> None:
    CampaignEvent.objects.create(
        campaign=campaign, action=action, note=str(note)[:300], **stages, **who.event_fields()
    )


# --- campaigns -----------------------------------------------------------------------------


@transaction.atomic
def campaign_save(*, actor, campaign: Campaign, who: Acting | None = None) -> Campaign:
    """Create or change a campaign's details (never its stage or approved budget)."""
    creating = campaign.pk is None
    who = who or acting_for(
        actor, "campaigns.add_campaign" if creating else "campaigns.change_campaign"
    )
    if not creating:
        campaign.stage = Campaign.objects.values_list("stage", flat=True).get(pk=campaign.pk)
    campaign.full_clean()
    with audited(who):
        if creating:
            campaign.stage = Stage.IDEA
            campaign.save()
        else:
            campaign.save(update_fields=list(CAMPAIGN_FIELDS))
    _event(campaign, who, "created" if creating else "changed")
    return campaign


def _move(campaign: Campaign, action: str, who: Acting, note: str = "") -> Campaign:
    allowed, to = STAGE_TRANSITIONS[action]
    old = campaign.stage
    if old not in allowed:
        raise IllegalTransition(
            _("A campaign that is %(stage)s cannot do that.")
            % {"stage": campaign.get_stage_display()}
        )
    with audited(who):
        done = Campaign.objects.filter(pk=campaign.pk, stage=old).update(stage=to)
    if not done:
        raise IllegalTransition(_("Someone changed this campaign's stage meanwhile; reload."))
    campaign.stage = to
    _event(campaign, who, action, note, from_stage=old, to_stage=to)
    return campaign


@transaction.atomic
def campaign_move(*, actor, campaign: Campaign, action: str, note: str = "") -> Campaign:
    """Move a campaign on by hand: prepare, launch, close, review (approval does "approve")."""
    if action not in MANUAL_ACTIONS:
        raise DomainError(_("Unknown action."))
    who = acting_for(actor, "campaigns.change_campaign")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if action == "review" and not campaign.review.strip():
        raise DomainError(
            _("Write the review (KPI actual vs target, budget variance, lessons) first.")
        )
    return _move(campaign, action, who, note)


# --- the plan and its approval -------------------------------------------------------------


@transaction.atomic
def plan_save(*, actor, campaign: Campaign, title: str, body: str, budget: Decimal, message=""):
    """Write the plan (a new revision; the approved one stays what was approved)."""
    from siteops.core.revisions import revision_save

    who = acting_for(actor, "campaigns.change_plan")
    if campaign.stage not in (Stage.IDEA,):
        raise IllegalTransition(_("The plan can be changed only while the campaign is an idea."))
    if budget is None or budget < 0:
        raise DomainError(_("The budget cannot be negative."))
    plan = Plan.objects.filter(campaign=campaign).first()
    if plan is None:
        plan = Plan(campaign=campaign, title=title, body=body, budget=budget)
        plan.full_clean()
        with audited(who):
            plan.save()
        revision = revision_save(obj=plan, who=who, message=message)
    else:
        revision = revision_save(
            obj=plan, who=who, data={"title": title, "body": body, "budget": budget},
            message=message,
        )  # fmt: skip
    _event(campaign, who, "plan_saved", _("Plan revision #%(n)s") % {"n": revision.number})
    return plan, revision


@transaction.atomic
def plan_submit(*, actor, plan: Plan, message: str = ""):
    """Send the plan's latest revision for approval; the campaign becomes "proposed"."""
    from siteops.approvals.services import approval_submit

    who = acting_for(actor, "campaigns.change_plan")
    campaign = Campaign.objects.select_for_update().get(pk=plan.campaign_id)
    plan.refresh_from_db()
    if plan.latest_revision_id is None:
        raise DomainError(_("Write the plan first."))
    approval = approval_submit(
        obj=plan, revision=plan.latest_revision, value=Decimal(str(plan.latest_revision.data.get("budget", plan.budget))),
        message=message, who=who,
    )  # fmt: skip
    _move(campaign, "propose", who)
    return approval


def _plan_for(approval) -> Plan:
    return Plan.objects.select_related("campaign").get(pk=approval.object_id)


def on_plan_approved(approval, who: Acting) -> None:
    """The approval's last step: the approved revision goes live, the budget is approved, the
    campaign is "approved" and every position gets its work — in the deciding transaction."""
    from siteops.core.revisions import revision_publish

    plan = _plan_for(approval)
    if approval.revision_id and plan.live_revision_id != approval.revision_id:
        revision_publish(obj=plan, revision=approval.revision, who=who)
    plan.refresh_from_db()
    Plan.objects.filter(pk=plan.pk).update(approved_at=timezone.now())
    campaign = Campaign.objects.select_for_update().get(pk=plan.campaign_id)
    Campaign.objects.filter(pk=campaign.pk).update(approved_budget=plan.budget)
    if campaign.stage == Stage.PROPOSED:
        _move(campaign, "approve", who, _("Budget %(b)s approved") % {"b": plan.budget})
    plan_tasks_create(plan=plan, who=who)


def plan_tasks_create(*, plan: Plan, who: Acting) -> list[PlanTask]:
    """One work item per position (ART, CPY, MNT, PED) for the approved plan; a replay finds
    the ones it made and creates nothing new."""
    from siteops.work.services import item_create

    campaign = plan.campaign
    made = set(PlanTask.objects.filter(plan=plan).values_list("position_code", flat=True))
    created = []
    for code, title in PLAN_TASKS:
        if code in made:
            continue
        item = item_create(
            actor=who.user,
            position=code,
            title=str(title) % {"campaign": campaign.name},
            source="module",
            subject=campaign,
            description=_("Plan: %(plan)s. Dates %(start)s – %(end)s. Topic page: %(url)s")
            % {
                "plan": plan.title,
                "start": campaign.start,
                "end": campaign.end,
                "url": campaign.topic_url or "—",
            },
            due=campaign.start,
        )
        created.append(PlanTask.objects.create(plan=plan, position_code=code, work_item=item))
    return created


def on_plan_returned(approval, who: Acting) -> None:
    """Rejected or withdrawn: the campaign goes back to "idea" so the plan can be reworked."""
    plan = _plan_for(approval)
    campaign = Campaign.objects.select_for_update().get(pk=plan.campaign_id)
    if campaign.stage == Stage.PROPOSED:
        _move(campaign, "return", who, approval.status)


# --- budget --------------------------------------------------------------------------------


def _amount(value) -> Decimal:
    if value is None or not isinstance(value, Decimal) or value <= 0:
        raise DomainError(_("Enter an amount above zero."))
    return value


@transaction.atomic
def budget_line_add(*, actor, campaign: Campaign, category, description, planned) -> BudgetLine:
    who = acting_for(actor, "campaigns.add_budgetline")
    line = BudgetLine(
        campaign=campaign, category=category, description=description, planned=planned
    )
    line.full_clean()
    with audited(who):
        line.save()
    _event(campaign, who, "budget_line", description)
    return line


@transaction.atomic
def budget_commit(*, actor, line: BudgetLine, amount: Decimal) -> BudgetLine:
    """Commit money on a line; refused when all commitments would pass the approved budget."""
    amount = _amount(amount)
    who = acting_for(actor, "campaigns.commit_budget")
    campaign = Campaign.objects.select_for_update().get(pk=line.campaign_id)
    if campaign.stage not in (Stage.APPROVED, Stage.PREPARING, Stage.RUNNING):
        raise IllegalTransition(_("Money is committed only after the plan is approved."))
    committed = BudgetLine.objects.filter(campaign=campaign).aggregate(s=Sum("committed"))["s"]
    if (committed or ZERO) + amount > campaign.approved_budget:
        raise DomainError(
            _(
                "This would commit %(total)s, more than the approved budget %(budget)s. "
                "Ask for a new plan approval first."
            )
            % {"total": (committed or ZERO) + amount, "budget": campaign.approved_budget},
            code="over_budget",
        )
    with audited(who):
        BudgetLine.objects.filter(pk=line.pk).update(committed=F("committed") + amount)
    line.refresh_from_db()
    _event(campaign, who, "committed", f"{line.description}: {amount}")
    return line


@transaction.atomic
def budget_spend(*, actor, line: BudgetLine, amount: Decimal) -> BudgetLine:
    """Record money actually spent on a line."""
    amount = _amount(amount)
    who = acting_for(actor, "campaigns.commit_budget")
    with audited(who):
        BudgetLine.objects.filter(pk=line.pk).update(actual=F("actual") + amount)
    line.refresh_from_db()
    _event(line.campaign, who, "spent", f"{line.description}: {amount}")
    return line


# --- offline events ------------------------------------------------------------------------


@transaction.atomic
def registration_add(*, actor, event: OfflineEvent, name: str, phone: str) -> Registration:
    """Register a person; refused when the event is full (a conditional UPDATE on the count)."""
    who = acting_for(actor, "campaigns.add_registration")
    name, phone = (name or "").strip(), (phone or "").strip()
    if not name or not phone:
        raise DomainError(_("Enter the name and the phone number."))
    if Registration.objects.filter(event=event, phone=phone).exists():
        raise DomainError(_("This phone number is already registered."))
    if not OfflineEvent.objects.filter(pk=event.pk, registered__lt=F("capacity")).update(
        registered=F("registered") + 1
    ):
        raise DomainError(_("The event is full."), code="full")
    reg = Registration(event=event, name=name, phone=phone)
    reg.full_clean()
    try:
        with transaction.atomic(), audited(who):
            reg.save()
    except IntegrityError:
        raise DomainError(_("This phone number is already registered.")) from None
    return reg


# --- posts ---------------------------------------------------------------------------------


@transaction.atomic
def post_move(*, actor, post: Post, action: str, url: str = "", posted_on=None) -> Post:
    """Approve a draft post, or mark an approved one posted (with its URL and date)."""
    if action not in POST_TRANSITIONS:
        raise DomainError(_("Unknown action."))
    who = acting_for(
        actor, "campaigns.approve_post" if action == "approve" else "campaigns.change_post"
    )
    allowed, to = POST_TRANSITIONS[action]
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status not in allowed:
        raise IllegalTransition(
            _("A post that is %(status)s cannot do that.") % {"status": post.get_status_display()}
        )
    fields = {"status": to}
    if action == "post":
        post.url, post.posted_on, post.status = url or post.url, posted_on or post.posted_on, to
        post.full_clean()
        fields.update(url=post.url, posted_on=post.posted_on)
    with audited(who):
        if not Post.objects.filter(pk=post.pk, status__in=allowed).update(**fields):
            raise IllegalTransition(_("Someone changed this post meanwhile; reload."))
    post.refresh_from_db()
    if post.campaign_id:
        _event(post.campaign, who, f"post_{action}", post.title)
    return post


# --- tracked links -------------------------------------------------------------------------


def _new_code() -> str:
    return secrets.token_urlsafe(6).lower().replace("_", "").replace("-", "")[
        :7
    ] or "x" + secrets.token_hex(3)


@transaction.atomic
def link_create(*, actor, campaign, source, medium, target, code: str = "", post=None):
    """A tracked link: campaign = the campaign's code, source and medium from the lists."""
    who = acting_for(actor, "campaigns.add_trackedlink")
    link = TrackedLink(
        code=code or _new_code(), campaign=campaign, source=source, medium=medium,
        target=target, post=post,
    )  # fmt: skip
    link.full_clean()
    with audited(who):
        link.save()
    _event(campaign, who, "link", link.code)
    return link


def utm_url(link: TrackedLink) -> str:
    """The stored page with the link's UTM parameters (keeps the page's own query)."""
    params = urlencode(
        {
            "utm_source": link.source.code,
            "utm_medium": link.medium,
            "utm_campaign": link.campaign.code,
        }
    )
    return f"{link.target}{'&' if '?' in link.target else '?'}{params}"


def link_click(code: str, at=None) -> str | None:
    """Count one click on the short link; the URL to go to, or None for an unknown code."""
    link = TrackedLink.objects.select_related("source", "campaign").filter(code=code).first()
    if link is None:
        return None
    at = at or timezone.now()
    day = timezone.localdate(at)
    with transaction.atomic():
        TrackedLink.objects.filter(pk=link.pk).update(clicks=F("clicks") + 1)
        if not LinkClickDay.objects.filter(link=link, day=day).update(clicks=F("clicks") + 1):
            try:
                with transaction.atomic():
                    LinkClickDay.objects.create(link=link, day=day, clicks=1)
            except IntegrityError:
                LinkClickDay.objects.filter(link=link, day=day).update(clicks=F("clicks") + 1)
    return utm_url(link)


__all__ = [
    "NotAllowed",
    "campaign_save",
    "campaign_move",
    "plan_save",
    "plan_submit",
    "plan_tasks_create",
    "budget_line_add",
    "budget_commit",
    "budget_spend",
    "registration_add",
    "post_move",
    "link_create",
    "link_click",
    "utm_url",
]


@transaction.atomic
def record_save(*, actor, obj, perm: str):
    """Save a reference record (partner, swap, source, post, offline event) from its form."""
    who = acting_for(actor, perm)
    if isinstance(obj, OfflineEvent) and obj.pk:
        obj.registered = OfflineEvent.objects.values_list("registered", flat=True).get(pk=obj.pk)
        if obj.capacity < obj.registered:
            raise ValidationError({"capacity": _("More people are registered already.")})
    obj.full_clean()
    with audited(who):
        obj.save()
    return obj


def campaigns_close_ended(today=None) -> int:
    """Daily: running campaigns whose last day has passed are closed (once each: the
    conditional UPDATE of the stage change makes a second run find nothing)."""
    from siteops.org.acting import system_acting

    today = today or timezone.localdate()
    who = system_acting()
    closed = 0
    for pk in Campaign.objects.filter(stage=Stage.RUNNING, end__lt=today).values_list(
        "pk", flat=True
    )[:1000]:
        with transaction.atomic():
            campaign = Campaign.objects.select_for_update().get(pk=pk)
            if campaign.stage == Stage.RUNNING:
                _move(campaign, "close", who, _("Ended on %(d)s") % {"d": campaign.end})
                closed += 1
    return closed
