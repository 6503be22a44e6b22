"""Other departments' systems send the department requests and follow them (/api/v1/requests).

A request lands in the department manager's review queue (status ``submitted``) and cannot be
assigned until accepted. ``POST`` takes an ``Idempotency-Key``: the same key replayed answers 200
with the first answer and creates nothing; the same key with another body answers 422. A client
sees only its own department's requests (another department's id answers 404).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Header, Router, Schema

from siteops.api.schemas import Error
from siteops.core.idempotency import run_once

from . import services
from .choices import Priority, WorkSource
from .models import WorkItem

PREFIX = ""
router = Router(tags=["requests"])


def _require(request: HttpRequest, perm: str):
    if not request.auth.has_perm(perm):
        raise PermissionDenied


class RequestIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=20000, description="HTML; sanitised on receipt")
    priority: Priority = Priority.NORMAL
    due: datetime.date | None = Field(None, description="Wanted by (optional)")
    reference: str = Field("", max_length=64, description="The caller's own reference")


class SubItemOut(Schema):
    id: int
    title: str
    status: str


class RequestOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    priority: str
    due: datetime.date | None
    department: str
    created_at: datetime.datetime
    closed_at: datetime.datetime | None
    sub_items_total: int
    sub_items_done: int


def _out(item: WorkItem) -> dict:
    children = list(item.children.values_list("status", flat=True))
    return {
        "id": item.pk,
        "title": item.title,
        "status": item.status,
        "status_label": str(item.get_status_display()),
        "priority": item.priority,
        "due": item.due,
        "department": item.requester_department.code if item.requester_department else "",
        "created_at": item.created_at,
        "closed_at": item.closed_at,
        "sub_items_total": len(children),
        "sub_items_done": sum(1 for s in children if s == "done"),
    }


@router.post(
    "/requests",
    response={201: RequestOut, 200: RequestOut, 400: Error, 401: Error, 403: Error, 409: Error,
              422: Error},
)  # fmt: skip
def create_request(
    request,
    payload: RequestIn,
    idempotency_key: str = Header(None, alias="Idempotency-Key"),
):
    """File a request to Website Operations. 201 created; 200 a replay of the same key (nothing
    new is created); 400 missing key or invalid values; 403 the client's position may not file
    requests; 409 the first call with this key is still running; 422 same key, another body (or a
    body that does not match the schema)."""
    _require(request, "work.add_request")
    body = payload.model_dump(mode="json")
    ran = []

    def effect():
        description = payload.description
        if payload.reference:
            description = f"{description}<p>Ref: {payload.reference}</p>"
        item = services.item_create(
            actor=None,
            position="MGR",
            title=payload.title,
            description=description,
            priority=payload.priority,
            due=payload.due,
            source=WorkSource.API,
            requester_department=request.auth.department,
            client=request.auth,
        )
        ran.append(item.pk)
        return 201, _out(item)

    status, answer = run_once(
        client=request.auth, scope="work.requests", key=idempotency_key, body=body, effect=effect
    )
    if answer is None:
        from django.utils.translation import gettext as _

        return 409, {
            "code": "in_progress",
            "detail": _("The first request with this Idempotency-Key is still being handled."),
        }
    if not ran and status == 201:
        status = 200  # a replay: the first answer, nothing new
    return status, answer


@router.get(
    "/requests/{request_id}", response={200: RequestOut, 401: Error, 403: Error, 404: Error}
)
def get_request(request, request_id: int):
    """One of the client's own department's requests, with its status and sub-item progress."""
    _require(request, "work.add_request")
    item = (
        WorkItem.objects.select_related("requester_department")
        .filter(pk=request_id, requester_department=request.auth.department)
        .first()
    )
    if item is None:
        return 404, {"code": "not_found", "detail": str(_not_found())}
    return 200, _out(item)


def _not_found():
    from django.utils.translation import gettext as _

    return _("No such request of your department.")
