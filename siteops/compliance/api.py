"""The licence register and its obligations for leadership's systems (read only), mounted at
/api/v1/compliance/."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from siteops.api.schemas import Error

from .models import Filing, Licence

PREFIX = "compliance"
router = Router(tags=["compliance"])


class LicenceOut(Schema):
    id: int
    kind: str
    kind_label: str
    number: str
    authority: str
    holder: str
    covered: list[str]
    issued_on: datetime.date | None
    valid_until: datetime.date | None
    status: str
    status_label: str


class ObligationOut(Schema):
    id: int
    licence_id: int
    kind: str
    title: str
    opens_on: datetime.date
    due_date: datetime.date
    status: str
    submitted_on: datetime.date | None
    receipt_number: str
    outcome: str


def _require(request):
    if not request.auth.has_perm("compliance.view_licence"):
        raise PermissionDenied


@router.get("/licences", response={200: list[LicenceOut], 401: Error, 403: Error})
def list_licences(request):
    _require(request)
    return [
        {"id": x.pk, "kind": x.kind, "kind_label": str(x.get_kind_display()), "number": x.number,
         "authority": x.authority, "holder": x.holder, "covered": x.covered_list, "issued_on": x.issued_on,
         "valid_until": x.valid_until, "status": x.status, "status_label": str(x.get_status_display())}
        for x in Licence.objects.order_by("kind", "pk")[:500]
    ]  # fmt: skip


@router.get("/obligations", response={200: list[ObligationOut], 401: Error, 403: Error})
def list_obligations(request):
    _require(request)
    return [
        {"id": f.pk, "licence_id": f.licence_id, "kind": f.kind, "title": f.title, "opens_on": f.opens_on,
         "due_date": f.due_date, "status": f.status, "submitted_on": f.submitted_on,
         "receipt_number": f.receipt_number, "outcome": f.outcome}
        for f in Filing.objects.order_by("-due_date", "pk")[:500]
    ]  # fmt: skip
