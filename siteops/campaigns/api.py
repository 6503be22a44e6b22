"""The campaigns API (mounted at /api/v1/campaigns/): other departments' systems read the
campaigns and their public offline events, register people for an event, post the result of a
partner-link check or a post's figures. Writes take an ``Idempotency-Key``: a replay gets the
first answer; the same key with another body → 422."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema

from siteops.api.schemas import Error
from siteops.core.errors import DomainError
from siteops.core.idempotency import run_once

from . import services
from .choices import Stage
from .models import Campaign, OfflineEvent, Post, Swap

PREFIX = "campaigns"
router = Router(tags=["campaigns"])
LIST_LIMIT = 200
WRITE_ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def _require(request, perm: str) -> None:
    if not request.auth.has_perm(perm):
        raise PermissionDenied


class EventOut(Schema):
    id: int
    title: str
    venue: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    places_left: int


class CampaignOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    stage: str
    stage_label: str
    start: datetime.date
    end: datetime.date
    topic_url: str
    events: list[EventOut]


def _event(e: OfflineEvent) -> dict:
    return {"id": e.pk, "title": e.title, "venue": e.venue, "starts_at": e.starts_at,
            "ends_at": e.ends_at, "capacity": e.capacity,
            "places_left": max(e.capacity - e.registered, 0)}  # fmt: skip


def _campaign(c: Campaign) -> dict:
    return {"code": c.code, "name": c.name, "kind": c.kind, "kind_label": str(c.get_kind_display()),
            "stage": c.stage, "stage_label": str(c.get_stage_display()), "start": c.start,
            "end": c.end, "topic_url": c.topic_url,
            "events": [_event(e) for e in c.offline_events.all()]}  # fmt: skip


def _campaigns():
    public = OfflineEvent.objects.filter(is_public=True).order_by("starts_at", "pk")
    return (
        Campaign.objects.exclude(stage=Stage.IDEA)
        .prefetch_related(Prefetch("offline_events", queryset=public))
        .order_by("-start", "pk")
    )


@router.get(
    "/campaigns",
    response={200: list[CampaignOut], 400: Error, 401: Error, 403: Error},
    summary="Campaigns and their public offline events",
)
def campaign_list(request, stage: Stage | None = None):
    """Campaigns past the idea stage (at most 200, newest first), optionally of one stage."""
    _require(request, "campaigns.view_campaign")
    qs = _campaigns()
    if stage:
        qs = qs.filter(stage=stage)
    return 200, [_campaign(c) for c in qs[:LIST_LIMIT]]


@router.get(
    "/campaigns/{code}",
    response={200: CampaignOut, 400: Error, 401: Error, 403: Error, 404: Error},
    summary="One campaign and its public offline events",
)
def campaign_detail(request, code: str):
    _require(request, "campaigns.view_campaign")
    campaign = _campaigns().filter(code=code[:40]).first()
    if campaign is None:
        raise Http404
    return 200, _campaign(campaign)


class RegistrationIn(Schema):
    name: str = Field(..., min_length=1, max_length=50)
    phone: str = Field(..., min_length=5, max_length=32, pattern=r"^[0-9+\- ]+$")


class RegistrationOut(Schema):
    id: int
    event: int
    name: str
    code: str = Field(..., description="The check-in code (what the registration's QR holds)")
    places_left: int


@router.post(
    "/events/{event_id}/registrations",
    response={201: RegistrationOut, **WRITE_ERRORS},
    summary="Register a person for a public offline event",
)
def registration_create(
    request, event_id: int, payload: RegistrationIn,
    idempotency_key: str = Header(None, alias="Idempotency-Key"),
):  # fmt: skip
    """409 ``full`` when no place is left, ``duplicate`` for a phone already registered,
    ``over`` after the event."""
    _require(request, "campaigns.add_registration")
    event = OfflineEvent.objects.filter(pk=event_id, is_public=True).first()
    if event is None:
        raise Http404
    body = payload.model_dump(mode="json")

    def effect():
        reg = services.registration_add(client=request.auth, event=event, **body)
        event.refresh_from_db(fields=["registered", "capacity"])
        return 201, {"id": reg.pk, "event": event.pk, "name": reg.name, "code": reg.code,
                     "places_left": max(event.capacity - event.registered, 0)}  # fmt: skip

    return run_once(client=request.auth, scope=f"campaigns.register.{event.pk}",
                    key=idempotency_key, body=body, effect=effect)  # fmt: skip


class LinkCheckIn(Schema):
    found: bool = Field(..., description="Whether our link was on the partner's page")
    http_status: int | None = Field(None, ge=100, le=599)
    detail: str = Field("", max_length=300)


class LinkCheckOut(Schema):
    id: int
    swap: int
    found: bool
    link_state: str
    work_item: int | None = Field(None, description="The promotion position's work item, if lost")


@router.post(
    "/swaps/{swap_id}/checks",
    response={201: LinkCheckOut, **WRITE_ERRORS},
    summary="Post the result of a partner-link check",
)
def link_check_create(
    request, swap_id: int, payload: LinkCheckIn,
    idempotency_key: str = Header(None, alias="Idempotency-Key"),
):  # fmt: skip
    """A lost link opens one work item for the promotion position (not one per check)."""
    _require(request, "campaigns.add_linkcheck")
    swap = Swap.objects.filter(pk=swap_id).first()
    if swap is None:
        raise Http404
    body = payload.model_dump(mode="json")

    def effect():
        check = services.link_check_record(client=request.auth, swap=swap, **body)
        swap.refresh_from_db()
        return 201, {"id": check.pk, "swap": swap.pk, "found": check.found,
                     "link_state": swap.link_state, "work_item": swap.lost_work_item_id}  # fmt: skip

    return run_once(client=request.auth, scope=f"campaigns.linkcheck.{swap.pk}",
                    key=idempotency_key, body=body, effect=effect)  # fmt: skip


class MetricsIn(Schema):
    measured_at: datetime.datetime | None = Field(None, description="Default: now")
    views: int = Field(..., ge=0, le=2_000_000_000)
    replies: int = Field(0, ge=0, le=2_000_000_000)
    likes: int = Field(0, ge=0, le=2_000_000_000)


class MetricsOut(Schema):
    id: int
    post: int
    measured_at: datetime.datetime
    views: int
    replies: int
    likes: int


@router.post(
    "/posts/{post_id}/metrics",
    response={201: MetricsOut, **WRITE_ERRORS},
    summary="Post a posted article's figures (views, replies, likes)",
)
def post_metrics_create(
    request, post_id: int, payload: MetricsIn,
    idempotency_key: str = Header(None, alias="Idempotency-Key"),
):  # fmt: skip
    """409 ``not_posted`` for a post that is not published yet."""
    _require(request, "campaigns.add_postmetric")
    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        raise Http404
    body = payload.model_dump(mode="json")
    measured_at = payload.measured_at or timezone.now()
    if timezone.is_naive(measured_at):
        measured_at = timezone.make_aware(measured_at)
    if (
        not datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
        <= measured_at
        <= (timezone.now() + datetime.timedelta(days=1))
    ):
        raise DomainError(_("The time of the figures is not plausible."), code="invalid")

    def effect():
        m = services.post_metrics_add(client=request.auth, post=post, measured_at=measured_at,
                                      views=payload.views, replies=payload.replies,
                                      likes=payload.likes)  # fmt: skip
        return 201, {"id": m.pk, "post": post.pk, "measured_at": m.measured_at,
                     "views": m.views, "replies": m.replies, "likes": m.likes}  # fmt: skip

    return run_once(client=request.auth, scope=f"campaigns.metrics.{post.pk}",
                    key=idempotency_key, body=body, effect=effect)  # fmt: skip
