"""Reads of campaigns: the board, the month calendar, collisions, a campaign's page."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.db.models import Q, Sum

from .choices import ACTIVE_STAGES, Stage
from .models import BudgetLine, Campaign, OfflineEvent, Post


def campaigns_for(user):
    """Campaigns ``user`` may read (every campaign for the positions that read them)."""
    if not user.has_perm("campaigns.view_campaign"):
        return Campaign.objects.none()
    return Campaign.objects.select_related("owner_position")


def board(user) -> list[tuple[str, str, list[Campaign]]]:
    """(stage, label, campaigns) for the kanban, in stage order; reviewed ones of the last
    90 days only, so the board stays short."""
    since = datetime.date.today() - datetime.timedelta(days=90)
    qs = campaigns_for(user).filter(~Q(stage=Stage.REVIEWED) | Q(end__gte=since)).order_by("start")
    by_stage: dict[str, list] = {s: [] for s in Stage.values}
    for c in qs[:500]:
        by_stage[c.stage].append(c)
    return [(s, label, by_stage[s]) for s, label in Stage.choices]


def collisions(campaign: Campaign):
    """Other active campaigns on the same shelf or ad position whose dates overlap."""
    if not (campaign.shelf_id or campaign.ad_position_id):
        return Campaign.objects.none()
    same = Q()
    if campaign.shelf_id:
        same |= Q(shelf_id=campaign.shelf_id)
    if campaign.ad_position_id:
        same |= Q(ad_position_id=campaign.ad_position_id)
    return (
        Campaign.objects.filter(same, stage__in=ACTIVE_STAGES)
        .filter(start__lte=campaign.end, end__gte=campaign.start)
        .exclude(pk=campaign.pk)
        .order_by("start")
    )


def month(user, year: int, mon: int) -> dict:
    """A month grid: weeks of days, each with the campaigns, offline events and posts on it;
    a day with two active campaigns on the same shelf or ad position is marked as a clash."""
    first = datetime.date(year, mon, 1)
    last = datetime.date(year, mon, calendar.monthrange(year, mon)[1])
    camps = list(
        campaigns_for(user)
        .filter(start__lte=last, end__gte=first)
        .exclude(stage=Stage.IDEA)
        .order_by("start")[:200]
    )
    events, posts = [], []
    if user.has_perm("campaigns.view_offlineevent"):
        events = list(
            OfflineEvent.objects.filter(starts_at__date__range=(first, last)).order_by("starts_at")[
                :200
            ]
        )
    if user.has_perm("campaigns.view_post"):
        posts = list(
            Post.objects.filter(posted_on__range=(first, last)).order_by("posted_on")[:200]
        )
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, mon):
        row = []
        for day in week:
            on = [c for c in camps if c.start <= day <= c.end]
            active = [c for c in on if c.stage in ACTIVE_STAGES]
            places = [("s", c.shelf_id) for c in active if c.shelf_id] + [
                ("a", c.ad_position_id) for c in active if c.ad_position_id
            ]
            row.append(
                {
                    "date": day,
                    "in_month": day.month == mon,
                    "campaigns": on,
                    "events": [e for e in events if e.starts_at.date() == day],
                    "posts": [p for p in posts if p.posted_on == day],
                    "clash": len(places) != len(set(places)),
                }
            )
        weeks.append(row)
    prev = (first - datetime.timedelta(days=1)).replace(day=1)
    nxt = last + datetime.timedelta(days=1)
    return {"first": first, "weeks": weeks, "prev": prev, "next": nxt}


def budget_totals(campaign: Campaign) -> dict:
    zero = Decimal("0")
    t = BudgetLine.objects.filter(campaign=campaign).aggregate(
        planned=Sum("planned"), committed=Sum("committed"), actual=Sum("actual")
    )
    t = {k: v or zero for k, v in t.items()}
    t["left"] = campaign.approved_budget - t["committed"]
    t["variance"] = t["planned"] - t["actual"]
    return t


def topic_slug(topic_url: str) -> str:
    """The slug of a topic page address on this site ("/t/spring/" → "spring"); "" otherwise."""
    parts = [p for p in (topic_url or "").split("?")[0].split("/") if p]
    return parts[1] if len(parts) == 2 and parts[0] == "t" else ""


def topic_page(user, campaign: Campaign):
    """The campaign's topic page as content shows it to ``user`` (through content's selector,
    so its rules apply), or None: not named, not yet written, or not visible to the user."""
    from siteops.content import selectors as content

    slug = topic_slug(campaign.topic_url)
    if not slug:
        return None
    return content.pages_for(user).filter(slug=slug).first()


def unmapped_utm(days: int = 90, limit: int = 100) -> list[dict]:
    """UTM values on orders of the last ``days`` days that name no campaign, source or medium of
    the lists and have no mapping yet: [{dimension, value, orders}], most orders first. One
    GROUP BY per field, however many orders."""
    from django.db.models import Count
    from django.utils import timezone

    from siteops.orders.models import Order

    from .choices import Medium, UtmDimension
    from .models import Source, UtmMapping

    since = timezone.now() - datetime.timedelta(days=days)
    known = {
        UtmDimension.CAMPAIGN: set(Campaign.objects.values_list("code", flat=True)),
        UtmDimension.SOURCE: set(Source.objects.values_list("code", flat=True)),
        UtmDimension.MEDIUM: set(Medium.values),
    }
    for dim, value in UtmMapping.objects.values_list("dimension", "value"):
        known.setdefault(dim, set()).add(value)
    rows = []
    for dim in UtmDimension.values:
        field = f"utm_{dim}"
        qs = (
            Order.objects.filter(created_at__gte=since)
            .exclude(**{field: ""})
            .values(field)
            .annotate(n=Count("pk"))
            .order_by("-n", field)
        )
        for r in qs[: limit + len(known[dim])]:
            if r[field] not in known[dim]:
                rows.append({"dimension": dim, "value": r[field], "orders": r["n"]})
    rows.sort(key=lambda r: (-r["orders"], r["dimension"], r["value"]))
    return rows[:limit]
