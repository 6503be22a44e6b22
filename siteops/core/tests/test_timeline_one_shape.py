"""One shape of "who did it" on every event model, one timeline on every object page, its CSV."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from conftest import make_staff
from siteops.core.events import Event

WHO_FIELDS = ["at", "actor", "client", "position_code", "acting", "source"]
# Old spellings of the same facts; none may come back.
LEGACY = {"actor_position", "created_as", "made_as", "made_by", "submitted_as", "changed_by",
          "changed_at", "received_at", "author_position", "requested_as", "decided_as",
          "closed_as"}  # fmt: skip


def _event_models():
    return [m for m in apps.get_models() if issubclass(m, Event)]


def _model_label(field):
    model = getattr(field.remote_field, "model", None)
    return model if model is None or isinstance(model, str) else model._meta.label


def _shape(field):
    return (
        type(field).__name__, field.column, field.null, field.blank,
        getattr(field, "max_length", None), tuple(field.choices or ()),
        _model_label(field), field.db_index,
    )  # fmt: skip


def test_every_event_model_spells_who_the_same_way():
    found = {m._meta.label for m in _event_models()}
    assert {
        "catalog.ProductEvent", "catalog.PriceHistory", "catalog.SubmissionRound",
        "merch.PlanEvent", "orders.OrderEvent", "work.WorkEvent",
        "fulfilment.ShipmentEvent", "fulfilment.ServiceUpdate",
    } <= found  # fmt: skip
    reference = {name: _shape(Event._meta.get_field(name)) for name in WHO_FIELDS}
    for model in _event_models():
        for name in WHO_FIELDS:
            assert _shape(model._meta.get_field(name)) == reference[name], (model, name)


def test_no_model_keeps_an_old_spelling_and_records_use_one_too():
    for model in apps.get_models():
        if not model.__module__.startswith("siteops."):
            continue
        names = {f.name for f in model._meta.get_fields()}
        assert not names & LEGACY, (model, names & LEGACY)
        # "<verb>_as" is how the old spellings said "as which position"
        assert not [n for n in names if n.endswith("_as")], model
        # Anything that says "acting as position" outside an Event is a record's
        # <verb>_position_code with its <verb>_acting next to it.
        if model.__name__.startswith("Historical") or issubclass(model, Event):
            continue
        for name in names:
            if name.endswith("_position_code"):
                assert name.replace("_position_code", "_acting") in names, (model, name)


# --- the timeline on object pages ------------------------------------------------------------


@pytest.fixture
def product_with_history(product_editor):
    from siteops.catalog import services
    from siteops.catalog.tests.factories import product_with_sku

    sku = product_with_sku(status="draft", price=Decimal("10.00"))
    services.product_publish(actor=product_editor, product=sku.product, note="=cmd|' /C calc'!A0")
    services.sku_set_price(actor=product_editor, sku=sku, price=Decimal("12.50"))
    return sku.product


def test_product_page_shows_labels_names_and_acting(client, product_editor, product_with_history):
    from siteops.catalog.choices import ProductStatus
    from siteops.org.models import Position

    client.force_login(product_editor)
    with translation.override("zh-hans"):
        published = str(ProductStatus.PUBLISHED.label)
        draft = str(ProductStatus.DRAFT.label)
        ped = Position.objects.get(code="PED").name
    html = client.get(
        reverse("admin:catalog_product_work", args=[product_with_history.pk]),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    part = html[html.index('id="timeline"') :]
    assert f"{draft} → {published}" in part  # translated labels, never "draft → published"
    assert "draft → published" not in part and ">published<" not in part
    assert ped in part and "¥10.00 → ¥12.50" in part  # the position's name, the price change
    csv_url = reverse(
        "admin:core_timeline_csv", args=["catalog", "product", product_with_history.pk]
    )
    assert csv_url in part


def test_acting_holder_is_marked_acting_on_the_timeline(client, db):
    from siteops.work.tests.factories import task

    acting_ce = make_staff("acting-ce", "CE", kind="acting", reason="holder on leave")
    item = task("CE", actor=acting_ce)
    client.force_login(acting_ce)
    url = reverse("admin:core_timeline_csv", args=["work", "workitem", item.pk])
    created = _csv(client.get(url))[1]
    assert "acting-ce" in created[3] and created[5]  # by them, the "acting" column filled
    html = client.get(reverse("admin:work_item", args=[item.pk])).content.decode()
    assert "so-badge so-warning" in html[html.index('id="timeline"') :]


@pytest.mark.parametrize(
    "page",
    ["order", "plan", "batch", "work"],
)
def test_every_object_page_with_events_shows_the_timeline(client, manager, process_editor, page):
    from siteops.fulfilment import services as fulfilment
    from siteops.fulfilment.tests import factories as ff
    from siteops.work.tests.factories import task

    if page == "order":
        order = ff.place()
        url = f"/backoffice/orders/order/{order.pk}/change/"
        user = process_editor
    elif page == "batch":
        order = ff.place()
        batch = fulfilment.batch_create(actor=process_editor, order_ids=[order.pk])
        url = reverse("admin:fulfilment_batch", args=[batch.number])
        user = process_editor
    elif page == "plan":
        from siteops.merch import services as merch

        purchasing = make_staff("tl-pur", "PUR-COL")
        plan = _plan(merch, purchasing)
        url = reverse("admin:merch_plan", args=[plan.pk])
        user = purchasing
    else:
        item = task("MGR", actor=manager)
        url = reverse("admin:work_item", args=[item.pk])
        user = manager
    client.force_login(user)
    html = client.get(url).content.decode()
    assert 'id="timeline"' in html and "/backoffice/timeline/" in html


def _plan(merch, purchasing):
    import datetime

    from django.utils import timezone

    start = timezone.now() + datetime.timedelta(days=1)
    return merch.plan_create(
        actor=purchasing, title="Spring", period_start=start,
        period_end=start + datetime.timedelta(days=7),
    )  # fmt: skip


# --- the CSV export ----------------------------------------------------------------------------


def _csv(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_has_every_row_and_neutralises_formulas(client, product_editor, product_with_history):
    client.force_login(product_editor)
    url = reverse("admin:core_timeline_csv", args=["catalog", "product", product_with_history.pk])
    rows = _csv(client.get(url))
    assert len(rows) == 1 + 2  # header, the publish, the price change
    notes = [r[7] for r in rows[1:]]
    assert "'=cmd|' /C calc'!A0" in notes  # a formula-looking note is text in a spreadsheet
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_csv_export_permissions(client, db, customer):
    from siteops.fulfilment.tests import factories as ff

    order = ff.place()
    url = reverse("admin:core_timeline_csv", args=["orders", "order", order.pk])
    assert client.get(url).status_code == 302  # anonymous → login
    client.force_login(customer)
    assert client.get(url).status_code == 302  # a shop customer has no back office
    client.force_login(make_staff("tl-ped", "PED"))  # no orders.view_order
    assert client.get(url).status_code == 403
    client.force_login(make_staff("tl-prc", "PRC"))
    assert len(_csv(client.get(url))) == 2  # header + "order placed"
    client.force_login(make_staff("tl-acting-prc", "PRC", kind="acting", reason="cover"))
    assert len(_csv(client.get(url))) == 2
    assert client.post(url).status_code == 405  # read only


def test_csv_export_follows_who_may_open_the_object(client, db, product_editor):
    from siteops.merch import services as merch

    purchasing = make_staff("tl-pur2", "PUR-COL")
    draft = _plan(merch, purchasing)
    url = reverse("admin:core_timeline_csv", args=["merch", "shelfplan", draft.pk])
    client.force_login(purchasing)
    assert client.get(url).status_code == 200  # their own department's plan
    client.force_login(product_editor)  # may view plans, but a draft is Purchasing's own
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "args", [("nope", "thing", "1"), ("catalog", "category", "1"), ("orders", "order", "abc"),
             ("auth", "user", "1"), ("orders", "order", "999999")],
)  # fmt: skip
def test_csv_export_refuses_what_is_not_a_timeline(client, manager, args):
    client.force_login(manager)
    if args[1] == "category":
        from siteops.catalog.tests.factories import CategoryFactory

        args = ("catalog", "category", str(CategoryFactory().pk))
    response = client.get(reverse("admin:core_timeline_csv", args=args))
    assert response.status_code in (403, 404)
