"""What the timeline reads besides the events (issue #20): the "as position" name in the
reader's language from the request's staffing snapshot (no query of its own; the same names
inside a transaction), and the people and systems who did it once for all events."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from siteops.catalog.models import ProductEvent
from siteops.catalog.tests.factories import product_with_sku
from siteops.core.timeline import rows_for
from siteops.org.models import Position
from siteops.org.selectors import Staffing, one_snapshot_per_request


@pytest.fixture
def events(db):
    product = product_with_sku(status="draft").product
    for code in ("PED", "MGR", "NO-SUCH"):
        ProductEvent.objects.create(
            product=product, from_status="draft", to_status="published", position_code=code
        )
    return ProductEvent.objects.filter(product=product)


def _names(events):
    return [r.position for r in rows_for(events)]


def _expected(language):
    with translation.override(language):
        return [Position.objects.get(code="PED").name, Position.objects.get(code="MGR").name,
                "NO-SUCH"]  # fmt: skip


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_names_in_the_readers_language_inside_a_transaction(events, language):
    with translation.override(language):
        assert _names(events) == _expected(language)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_names_come_from_the_requests_snapshot_without_a_query(events, shared_staffing, language):
    with one_snapshot_per_request():
        Staffing.current()  # the request's snapshot (the middleware takes it for a page)
        with CaptureQueriesContext(connection) as queries, translation.override(language):
            names = _names(events)
    assert names == _expected(language)
    assert [q["sql"] for q in queries if "org_position" in q["sql"]] == []
    assert len(queries) == 1  # the events themselves


def test_a_renamed_position_shows_its_new_name_on_the_next_snapshot(events, shared_staffing):
    with one_snapshot_per_request():
        before = _names(events)
    Position.objects.filter(code="PED").update(name_zh="商品编辑（新）")
    with one_snapshot_per_request(), translation.override("zh-hans"):
        after = _names(events)
    assert after[0] == "商品编辑（新）" and after[0] != before[0]


@pytest.mark.parametrize("n", [2, 12])
def test_people_and_systems_are_read_once_for_all_events(events, api_client_for, n):
    """One query for the events of each kind, one for the people, one for the systems: as
    many with 2 events as with 12, and each row names who did it."""
    from conftest import make_staff

    product = events.first().product
    system, _token = api_client_for("WH-STK")
    people = [make_staff(f"tl-{i}", "PED") for i in range(n)]
    for i, person in enumerate(people):
        ProductEvent.objects.create(
            product=product, from_status="draft", to_status="published", actor=person,
            position_code="PED",
        )  # fmt: skip
        if i % 2:
            ProductEvent.objects.create(
                product=product, from_status="published", to_status="delisted", client=system
            )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        rows = rows_for([ProductEvent.objects.filter(product=product)])
    assert len(queries) == 4  # events, people, systems, position names (in a transaction)
    whos = [r.who for r in rows]
    assert [w for w in whos if w.startswith("tl-") or "tl-" in w] and str(system) in whos
    for person in people:
        assert str(person) in whos


def test_who_is_the_persons_display_name(events):
    """The timeline, a sync batch's sender and an event's who-label name a person as everywhere
    else (their display name, "周商品"), not their login name."""
    from conftest import make_staff
    from siteops.catalog.models import SyncBatch

    person = make_staff("tl-named", "PED")
    person.display_name = "周商品"
    person.save(update_fields=["display_name"])
    product = events.first().product
    event = ProductEvent.objects.create(
        product=product, from_status="draft", to_status="published", actor=person,
        position_code="PED", acting=True,
    )  # fmt: skip
    rows = rows_for([ProductEvent.objects.filter(pk=event.pk)])
    assert [r.who for r in rows] == ["周商品"]
    assert event.who_label.startswith("周商品") and "tl-named" not in event.who_label
    batch = SyncBatch(actor=person)
    assert batch.sender_label == "周商品"


def test_an_event_query_joins_only_what_its_model_names(events):
    """``timeline_related`` names the relations a row reads; a model naming none is read alone
    (``select_related()`` with no names would join every non-null foreign key: the product,
    its category, …), and one naming some joins those only."""
    from siteops.catalog.models import PriceHistory

    product = events.first().product
    PriceHistory.objects.create(sku=product.skus.first(), old_price=10, new_price=9)
    with CaptureQueriesContext(connection) as queries:
        rows = rows_for([product.events.all(), PriceHistory.objects.filter(sku__product=product)])
    assert len(rows) == 4
    event_sql, price_sql = (q["sql"] for q in queries.captured_queries[:2])
    assert "JOIN" not in event_sql
    assert '"catalog_sku"."code"' in price_sql and "catalog_category" not in price_sql
