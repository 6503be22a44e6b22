"""Office equipment checked out to a person: they accept it themselves; it is on their list (the
``people_equipment_unreturned`` hook the separation hand-over asks) until returned or written
off; a second checkout of the same asset is refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from siteops.core import hooks
from siteops.core.errors import IllegalTransition, NotAllowed
from siteops.infra import equipment
from siteops.infra.models import Asset

pytestmark = pytest.mark.django_db  # the fixtures asked for by name need the database


def _laptop(n):
    return Asset.objects.create(tag=f"IT-2026-9{n:03d}", kind="laptop", model_name="ThinkPad T14",
                                serial=f"SN-L-{n}", status="in_service", cost=Decimal("7000"))  # fmt: skip


def test_checkout_accept_return_and_the_hook(manager, copy_editor, hr):
    laptop = _laptop(1)
    loan = equipment.loan_checkout(actor=manager, asset=laptop, person=copy_editor)
    with pytest.raises(IllegalTransition):
        equipment.loan_checkout(actor=manager, asset=laptop, person=hr)
    with pytest.raises(NotAllowed):  # only the person accepts
        equipment.loan_accept(actor=manager, loan=loan)
    equipment.loan_accept(actor=copy_editor, loan=loan)
    [row] = hooks.ask("people_equipment_unreturned", copy_editor)
    assert row["tag"] == "IT-2026-9001" and row["accepted"] is True
    assert hooks.ask("people_equipment_unreturned", hr) == []
    equipment.loan_return(actor=manager, loan=loan, condition="完好")
    assert hooks.ask("people_equipment_unreturned", copy_editor) == []
    with pytest.raises(IllegalTransition):
        equipment.loan_return(actor=manager, loan=loan)
    # Back in stock: it can go out again.
    equipment.loan_checkout(actor=manager, asset=laptop, person=hr)


def test_write_off_needs_a_reason_and_ends_the_loan(manager, copy_editor):
    loan = equipment.loan_checkout(actor=manager, asset=_laptop(2), person=copy_editor)
    with pytest.raises(ValidationError):
        equipment.loan_write_off(actor=manager, loan=loan, reason="  ")
    equipment.loan_write_off(actor=manager, loan=loan, reason="遗失")
    assert hooks.ask("people_equipment_unreturned", copy_editor) == []


def test_site_equipment_is_not_checked_out(manager, copy_editor):
    server = Asset.objects.create(tag="IT-2026-8001", kind="server", model_name="R740", serial="S1")
    with pytest.raises(ValidationError):
        equipment.loan_checkout(actor=manager, asset=server, person=copy_editor)


def test_the_hook_costs_one_query_at_any_size(manager, copy_editor):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            hooks.ask("people_equipment_unreturned", copy_editor)
        return len(ctx)

    equipment.loan_checkout(actor=manager, asset=_laptop(3), person=copy_editor)
    one = count()
    for n in range(4, 8):
        equipment.loan_checkout(actor=manager, asset=_laptop(n), person=copy_editor,
                                on=datetime.date(2026, 1, n))  # fmt: skip
    assert count() == one == 1


def test_my_equipment_page(client, manager, copy_editor, maintainer):
    loan = equipment.loan_checkout(actor=manager, asset=_laptop(9), person=copy_editor)
    client.force_login(maintainer)  # someone else cannot accept it
    assert client.post("/backoffice/infra/my-equipment/", {"loan": loan.pk}).status_code == 404
    client.force_login(copy_editor)
    page = client.get("/backoffice/infra/my-equipment/")
    assert page.status_code == 200 and "IT-2026-9009" in page.content.decode()
    client.post("/backoffice/infra/my-equipment/", {"loan": loan.pk})
    loan.refresh_from_db()
    assert loan.accepted_at is not None
    client.post("/backoffice/infra/my-equipment/", {"loan": "1e300000"})  # no 500


@pytest.mark.parametrize("username,status", [("manager", 200), ("hr", 200), ("leader", 200),
                                             ("maintainer", 403), ("purchasing", 403)])  # fmt: skip
def test_who_sees_the_checkouts(client, username, status, request):
    client.force_login(request.getfixturevalue(username))
    assert client.get("/backoffice/infra/equipmentloan/").status_code == status


def test_anonymous_is_sent_to_login(client, db):
    r = client.get("/backoffice/infra/my-equipment/")
    assert r.status_code == 302 and "/login/" in r["Location"]
