"""Writes of campaigns: stages, the plan and its approval, budget, offline events, posts, links.

Every write: ``acting_for`` (the actor's position for the permission), one transaction,
``full_clean()``, an event row on ``CampaignEvent`` and ``audited(who)`` for history. Stage and
post changes follow the transition tables in ``choices`` with a conditional UPDATE, so two
concurrent changes cannot both win.
"""

from __future__ import annotations

import datetime
import secrets
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core import counters
from siteops.core.errors import DomainError, IllegalTransition, NotAllowed
from siteops.core.inputs import InputError, clean_text
from siteops.org.acting import Acting, acting_for, audited, customer_acting

from .choices import (
    MANUAL_ACTIONS,
    PLAN_TASKS,
    POST_TRANSITIONS,
    STAGE_TRANSITIONS,
    LinkState,
    PostStatus,
    RegistrationVia,
    RequestStatus,
    Stage,
    SwapStatus,
)
from .models import (
    BudgetLine,
    Campaign,
    CampaignEvent,
    LinkCheck,
    LinkClickDay,
    OfflineEvent,
    OverBudgetRequest,
    Plan,
    PlanTask,
    Post,
    PostMetric,
    PromoCode,
    Registration,
    Swap,
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
    the ones it made and creates nothing new. The art editor's is a design request of the
    content app (ART-01/ACT-02: brief, proofs, final asset), the work item about it."""
    from siteops.content import design
    from siteops.work.services import item_create

    campaign = plan.campaign
    made = set(PlanTask.objects.filter(plan=plan).values_list("position_code", flat=True))
    created = []
    for code, title in PLAN_TASKS:
        if code in made:
            continue
        title = str(title) % {"campaign": campaign.name}
        description = _("Plan: %(plan)s. Dates %(start)s – %(end)s. Topic page: %(url)s") % {
            "plan": plan.title,
            "start": campaign.start,
            "end": campaign.end,
            "url": campaign.topic_url or "—",
        }
        subject, request = campaign, None
        if code == "ART":
            request = design.request_open(
                who=who,
                page=_topic_page(campaign),
                title=title,
                purpose=f"{description}\n\n{plan.body}"[:4000],
                deadline=campaign.start,
                open_work=False,  # the plan's work item below is the art editor's work
            )
            subject = request
        item = item_create(
            actor=who.user,
            position=code,
            title=title,
            source="module",
            subject=subject,
            description=description,
            due=campaign.start,
        )
        created.append(
            PlanTask.objects.create(
                plan=plan, position_code=code, work_item=item, design_request=request
            )
        )
    return created


def _topic_page(campaign: Campaign):
    """The content page at the campaign's topic address, when it exists already (the design
    request is linked to it); None before the page is written."""
    from siteops.content import selectors as content

    from .selectors import topic_slug

    slug = topic_slug(campaign.topic_url)
    return content.page_by_slug(slug) if slug else None


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
def budget_commit(*, actor, line: BudgetLine, amount: Decimal, reason: str = ""):
    """Commit money on a line. Within the approved budget it is committed at once (the line
    comes back); beyond it, the commitment waits for the manager's approval (the
    ``OverBudgetRequest`` comes back, nothing is committed yet)."""
    from siteops.approvals.services import approval_submit

    amount = _amount(amount)
    who = acting_for(actor, "campaigns.commit_budget")
    campaign = Campaign.objects.select_for_update().get(pk=line.campaign_id)
    if campaign.stage not in (Stage.APPROVED, Stage.PREPARING, Stage.RUNNING):
        raise IllegalTransition(_("Money is committed only after the plan is approved."))
    committed = BudgetLine.objects.filter(campaign=campaign).aggregate(s=Sum("committed"))["s"]
    if (committed or ZERO) + amount > campaign.approved_budget:
        if OverBudgetRequest.objects.filter(line=line, status=RequestStatus.PENDING).exists():
            raise IllegalTransition(
                _("An over-budget commitment on this line is already waiting for the manager."),
                code="already_pending",
            )
        request = OverBudgetRequest(
            line=line, amount=amount, reason=str(reason)[:300], **who.record_fields("requested")
        )
        request.full_clean()
        request.save()
        approval_submit(
            obj=request, value=amount, who=who,
            message=_("%(total)s would be committed, above the approved budget %(budget)s.")
            % {"total": (committed or ZERO) + amount, "budget": campaign.approved_budget},
        )  # fmt: skip
        _event(campaign, who, "over_budget", f"{line.description}: {amount}")
        return request
    with audited(who):
        BudgetLine.objects.filter(pk=line.pk).update(committed=F("committed") + amount)
    line.refresh_from_db()
    _event(campaign, who, "committed", f"{line.description}: {amount}")
    return line


def on_over_budget_approved(approval, who: Acting) -> None:
    """The manager approved: the money is committed and the approved budget grows to cover it."""
    request = OverBudgetRequest.objects.select_related("line").get(pk=approval.object_id)
    if request.status != RequestStatus.PENDING:
        return
    campaign = Campaign.objects.select_for_update().get(pk=request.line.campaign_id)
    with audited(who):
        BudgetLine.objects.filter(pk=request.line_id).update(
            committed=F("committed") + request.amount
        )
        total = BudgetLine.objects.filter(campaign=campaign).aggregate(s=Sum("committed"))["s"]
        if total > campaign.approved_budget:
            Campaign.objects.filter(pk=campaign.pk).update(approved_budget=total)
    OverBudgetRequest.objects.filter(pk=request.pk, status=RequestStatus.PENDING).update(
        status=RequestStatus.APPROVED
    )
    _event(campaign, who, "committed", f"{request.line.description}: {request.amount}")


def on_over_budget_refused(approval, who: Acting) -> None:
    OverBudgetRequest.objects.filter(pk=approval.object_id, status=RequestStatus.PENDING).update(
        status=RequestStatus.REJECTED
    )


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


def _check_in_code() -> str:
    return secrets.token_hex(6)  # 12 hex digits: unguessable enough for a door list


@transaction.atomic
def registration_add(
    *, actor=None, event: OfflineEvent, name: str, phone: str, client=None, customer=None
) -> Registration:
    """Register a person; refused when the event is full.

    Staff (``actor``) and other systems (``client``) need ``add_registration``; a shop
    ``customer`` registers themself on the topic page, only for a public event. The place is
    taken with a conditional UPDATE (``registered < capacity``) in the same transaction as the
    row, so concurrent registrations can never pass the capacity (PostgreSQL re-checks the
    condition on the locked row; SQLite serialises writers)."""
    if customer is not None:
        who, via = customer_acting(customer), RegistrationVia.SHOP
    else:
        who = acting_for(actor, "campaigns.add_registration", client=client)
        via = RegistrationVia.CLIENT if client is not None else RegistrationVia.STAFF
    try:
        name = clean_text(name or "", max_length=50).strip()
        phone = "".join(clean_text(phone or "", max_length=32).split())
    except InputError as exc:
        raise DomainError(str(exc), code="invalid") from None
    if not name or not phone:
        raise DomainError(_("Enter the name and the phone number."))
    if via != RegistrationVia.STAFF:  # staff may still enter a list taken at the door
        if not event.is_public:
            raise NotAllowed(_("This event is not open for registration."))
        if event.ends_at <= timezone.now():
            raise IllegalTransition(_("This event is over."), code="over")
    if OfflineEvent.objects.filter(pk=event.pk, closed_at__isnull=False).exists():
        raise IllegalTransition(_("The event is closed: its summary is written."), code="closed")
    if Registration.objects.filter(event=event, phone=phone).exists():
        raise IllegalTransition(_("This phone number is already registered."), code="duplicate")
    if not OfflineEvent.objects.filter(pk=event.pk, registered__lt=F("capacity")).update(
        registered=F("registered") + 1
    ):
        raise IllegalTransition(_("The event is full."), code="full")
    reg = Registration(
        event=event, name=name, phone=phone, code=_check_in_code(), via=via, customer=customer
    )
    reg.full_clean()
    try:
        with transaction.atomic(), audited(who):
            reg.save()
    except IntegrityError:
        # the outer transaction rolls back with this error, the place taken above included
        raise IllegalTransition(
            _("This phone number is already registered."), code="duplicate"
        ) from None
    return reg


@transaction.atomic
def registration_check_in(*, actor, code: str, event: OfflineEvent | None = None) -> Registration:
    """Let a registered person in at the door (the code of their QR); a code works once.
    ``event``: the event whose door this is (a code of another event is refused)."""
    who = acting_for(actor, "campaigns.check_in_registration")
    code = (code or "").strip().lower()[:16]
    reg = Registration.objects.select_related("event").filter(code=code).first()
    if reg is None or not code or (event is not None and reg.event_id != event.pk):
        raise DomainError(_("No registration has this code."), code="unknown_code")
    if reg.event.closed_at is not None:
        raise IllegalTransition(_("The event is closed: its summary is written."), code="closed")
    with audited(who):
        done = Registration.objects.filter(pk=reg.pk, checked_in_at__isnull=True).update(
            checked_in_at=timezone.now()
        )
    if not done:
        reg.refresh_from_db()
        raise IllegalTransition(
            _("%(name)s was already checked in at %(at)s.")
            % {"name": reg.name, "at": timezone.localtime(reg.checked_in_at).strftime("%H:%M")},
            code="checked_in",
        )
    reg.refresh_from_db()
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


# --- partner link checks and post figures ---------------------------------------------------


@transaction.atomic
def link_check_record(
    *, swap: Swap, found: bool, http_status=None, detail: str = "", actor=None, client=None,
    who: Acting | None = None, at=None,
) -> LinkCheck:  # fmt: skip
    """Record one check of the partner's page for our link (the weekly job, or another system).

    Found → the swap's link is live (and the work about losing it, if any, is closed). Not
    found → lost, and the promotion position gets ONE work item with the page's URL and when
    the link was last seen; later failed checks add their check rows but no more work."""
    from siteops.work.models import WorkItem
    from siteops.work.services import item_close_for_subject, item_create

    who = who or acting_for(actor, "campaigns.add_linkcheck", client=client)
    try:
        detail = clean_text(detail or "")[:300]
    except InputError as exc:
        raise DomainError(str(exc), code="invalid") from None
    at = at or timezone.now()
    swap = Swap.objects.select_for_update().select_related("partner").get(pk=swap.pk)
    check = LinkCheck.objects.create(
        swap=swap, found=found, http_status=http_status, detail=str(detail)[:300],
        **who.event_fields(),
    )  # fmt: skip
    fields = {"last_checked_at": at}
    if found:
        fields.update(link_state=LinkState.LIVE, last_seen_at=at, lost_work_item=None)
        if swap.lost_work_item_id:
            item_close_for_subject(
                actor=who.user, subject=swap, message=_("Our link is back on the partner's page.")
            )
    else:
        fields["link_state"] = LinkState.LOST
        open_item = (
            swap.lost_work_item_id
            and WorkItem.objects.active().filter(pk=swap.lost_work_item_id).exists()
        )
        if not open_item:
            last = (
                timezone.localtime(swap.last_seen_at).strftime("%Y-%m-%d %H:%M")
                if swap.last_seen_at
                else _("never")
            )
            fields["lost_work_item"] = item_create(
                actor=None,
                position="PRM",
                title=_("Our link is gone from %(partner)s") % {"partner": swap.partner.name},
                source="module",
                subject=swap,
                description=_(
                    "Our link was not found on %(url)s at %(at)s. Last seen: %(last)s. %(detail)s"
                )
                % {
                    "url": swap.their_page,
                    "at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M"),
                    "last": last,
                    "detail": check.detail,
                },
                due=timezone.localdate(at) + datetime.timedelta(days=1),
            )
    Swap.objects.filter(pk=swap.pk).update(**fields)
    return check


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (href, rel)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            a = dict(attrs)
            self.links.append(((a.get("href") or "").strip(), (a.get("rel") or "").lower()))


def _norm(url: str) -> str:
    return url.strip().rstrip("/").lower()


def page_has_link(html: str, our_link: str) -> tuple[bool, str]:
    """Whether ``html`` has an <a href> to ``our_link`` (a trailing slash and case aside), and
    its rel (a "nofollow" link is still found; the detail says so)."""
    parser = _Anchors()
    parser.feed(html)
    want = _norm(our_link)
    for href, rel in parser.links:
        if _norm(href) == want:
            return True, (f"rel={rel}" if rel else "")
    return False, ""


MAX_PAGE_BYTES = 2_000_000


def fetch_page(url: str, timeout: float = 10) -> tuple[int | None, str, str]:
    """(HTTP status, text, problem): a partner page, at most 2 MB, never raising."""
    import urllib.error
    import urllib.request

    if not url.lower().startswith(("http://", "https://")):
        return None, "", _("Not a web address.")
    request = urllib.request.Request(url, headers={"User-Agent": "SiteOps link check"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http/s only)
            body = response.read(MAX_PAGE_BYTES)
            charset = response.headers.get_content_charset() or "utf-8"
            return response.status, body.decode(charset, errors="replace"), ""
    except urllib.error.HTTPError as exc:
        return exc.code, "", _("The page answered %(code)s.") % {"code": exc.code}
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, "", _("The page could not be fetched (%(why)s).") % {"why": str(exc)[:120]}


def swaps_check_links(limit: int = 500) -> dict[str, int]:
    """Weekly: fetch each current swap's partner page and record whether our link is there."""
    from siteops.org.acting import system_acting

    who = system_acting()
    counts = {"live": 0, "lost": 0}
    swaps = Swap.objects.exclude(status=SwapStatus.ENDED).exclude(our_link="").order_by("pk")
    for swap in swaps[:limit]:
        status, text, problem = fetch_page(swap.their_page)
        found, detail = page_has_link(text, swap.our_link) if text else (False, "")
        link_check_record(
            swap=swap, found=found, http_status=status, detail=problem or detail, who=who
        )
        counts["live" if found else "lost"] += 1
    return counts


@transaction.atomic
def post_metrics_add(
    *, post: Post, measured_at, views: int, replies: int, likes: int, actor=None, client=None
) -> PostMetric:
    """A snapshot of a post's figures, typed in or sent by another system."""
    who = acting_for(actor, "campaigns.add_postmetric", client=client)
    if post.status != PostStatus.POSTED:
        raise IllegalTransition(_("Figures are kept only for posted articles."), code="not_posted")
    metric = PostMetric(
        post=post, measured_at=measured_at, views=views, replies=replies, likes=likes,
        **who.event_fields(),
    )  # fmt: skip
    metric.full_clean(exclude=["actor", "client"])
    metric.save()
    return metric


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
    link_forget(link.code)
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


def promo_code_use(code: str) -> str | None:
    """A promo code typed on the shop: counted, and the page to go to with the campaign's UTM
    and ``ref=<code>`` (the order records the code as its referral); None when unknown."""
    code = (code or "").strip().upper()[:16]
    promo = PromoCode.objects.select_related("source", "campaign").filter(code=code).first()
    if promo is None or not code:
        return None
    PromoCode.objects.filter(pk=promo.pk).update(uses=F("uses") + 1)
    params = urlencode(
        {
            "utm_source": promo.source.code,
            "utm_medium": promo.medium,
            "utm_campaign": promo.campaign.code,
            "ref": promo.code,
        }
    )
    return f"{promo.target}{'&' if '?' in promo.target else '?'}{params}"


#: A short link is read from the cache (the link's id and URL with its UTM), not from its
#: tables on every click. Only existing links are cached (guessed codes cannot fill it); a
#: changed target is forgotten by the service that saved it (``link_forget``).
LINK_CACHE_SECONDS = 300


def _link_key(code: str) -> str:
    return f"campaigns:go:{code}"


def link_forget(code: str) -> None:
    """Drop a short link from the cache (after its target or code changed)."""
    cache.delete(_link_key(code))


def _link_for_click(code: str) -> tuple[int, str] | None:
    hit = cache.get(_link_key(code))
    if hit is not None:
        return hit
    link = TrackedLink.objects.select_related("source", "campaign").filter(code=code).first()
    if link is None:
        return None
    hit = (link.pk, utm_url(link))
    cache.set(_link_key(code), hit, LINK_CACHE_SECONDS)
    return hit


def link_click(code: str, at=None) -> str | None:
    """Count one click on the short link; the URL to go to, or None for an unknown code.

    No query on a cached link: the link comes from the cache and the click is added to the
    process's counter buffer, which writes the day row's sum (one ``upsert_add``) about once a
    second (``SITEOPS["COUNTER_FLUSH_SECONDS"]``; 0 writes it on the spot)."""
    found = _link_for_click(code)
    if found is None:
        return None
    day = timezone.localdate(at or timezone.now())
    counters.add(LinkClickDay, key={"link": found[0], "day": day}, amounts={"clicks": 1})
    return found[1]


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
    "registration_check_in",
    "post_move",
    "link_check_record",
    "swaps_check_links",
    "page_has_link",
    "post_metrics_add",
    "link_create",
    "link_click",
    "link_forget",
    "promo_code_use",
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
    if isinstance(obj, TrackedLink):
        link_forget(obj.code)
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
