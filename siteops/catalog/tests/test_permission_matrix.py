"""Every catalogue page and endpoint: anonymous, wrong position, right position, acting holder."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_staff
from siteops.catalog import services
from siteops.catalog.choices import SyncSource
from siteops.catalog.models import Product

from .factories import CategoryFactory, product_with_sku

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(purchasing, warehouse):
    sku = product_with_sku(status="draft")
    cat = CategoryFactory(slug="matrix")
    sub = services.submission_create(actor=purchasing, data={"reference": "M1", "title": "矩阵",
                                     "category": cat.slug, "skus": [{"code": "M1-A", "price": "9"}]})  # fmt: skip
    batch = services.sync_batch_create(actor=warehouse, source=SyncSource.WAREHOUSE, apply=False,
                                       rows=[{"op": "stock_set", "code": sku.code, "value": "4"}])  # fmt: skip
    return {"sku": sku, "product": sku.product, "sub": sub, "batch": batch, "cat": cat}


# (page, url builder, wrong position, right position); GET must be 200 for right/acting,
# 403 (or 404 for object pages filtered by visibility) for wrong, a login redirect for anonymous.
PAGES = [
    ("products", lambda w: reverse("admin:catalog_product_changelist"), "CPY", "PED"),
    ("product page", lambda w: reverse("admin:catalog_product_work", args=[w["product"].pk]), "CPY", "PED"),
    ("product edit", lambda w: reverse("admin:catalog_product_change", args=[w["product"].pk]), "CPY", "PED"),
    ("categories", lambda w: reverse("admin:catalog_category_changelist"), "CPY", "PED"),
    ("skus", lambda w: reverse("admin:catalog_sku_changelist"), "CPY", "PED"),
    ("sku edit", lambda w: reverse("admin:catalog_sku_change", args=[w["sku"].pk]), "CPY", "PED"),
    ("category add (MGR-21)", lambda w: reverse("admin:catalog_category_add"), "PED", "MGR"),
    ("brands", lambda w: reverse("admin:catalog_brand_changelist"), "CPY", "CE"),
    ("tags", lambda w: reverse("admin:catalog_tag_changelist"), "CPY", "PED"),
    ("tag add", lambda w: reverse("admin:catalog_tag_add"), "CPY", "PED"),
    ("submissions", lambda w: reverse("admin:catalog_submission_changelist"), "CPY", "PED"),
    ("submission page", lambda w: reverse("admin:catalog_submission_work", args=[w["sub"].pk]), "WH-STK", "PED"),
    ("submit form", lambda w: reverse("admin:catalog_submission_new"), "WH-STK", "PUR-COL"),
    ("spreadsheet import", lambda w: reverse("admin:catalog_submission_import"), "WH-STK", "PUR-COL"),
    ("template", lambda w: reverse("admin:catalog_submission_template", args=["csv"]), "WH-STK", "PUR-COL"),
    ("sync batches", lambda w: reverse("admin:catalog_syncbatch_changelist"), "CPY", "PED"),
    ("sync batch page", lambda w: reverse("admin:catalog_syncbatch_work", args=[w["batch"].pk]), "PUR-COL", "PED"),
    ("sync upload", lambda w: reverse("admin:catalog_sync_upload"), "PED", "WH-STK"),
    ("sync template", lambda w: reverse("admin:catalog_sync_template", args=["xlsx"]), "CS-AGT", "WH-STK"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "url", "wrong", "right"), PAGES, ids=[p[0] for p in PAGES])
def test_page_matrix(world, name, url, wrong, right):
    target = url(world)
    anon = Client().get(target)
    assert anon.status_code == 302 and "login" in anon["Location"]
    c = Client()
    c.force_login(make_staff(f"wrong-{wrong}", wrong))
    assert c.get(target).status_code in (403, 404), name
    c.force_login(make_staff(f"right-{right}", right))
    assert c.get(target).status_code == 200, name
    c.force_login(make_staff(f"acting-{right}", right, kind="acting"))
    assert c.get(target).status_code == 200, name


@pytest.mark.parametrize("code", ["PED", "CE", "MGR"])
def test_only_editors_and_manager_publish(world, code):
    product = world["product"]
    url = reverse("admin:catalog_product_action", args=[product.pk, "publish"])
    for wrong in ("PUR-COL", "WH-STK", "CPY"):
        c = Client()
        c.force_login(make_staff(f"w-{wrong}", wrong))
        c.post(url)
        assert Product.objects.get(pk=product.pk).status == "draft", wrong
    assert Client().post(url).status_code == 302
    assert Product.objects.get(pk=product.pk).status == "draft"
    c = Client()
    c.force_login(make_staff(f"acting-{code}", code, kind="acting"))
    c.post(url)
    assert Product.objects.get(pk=product.pk).status == "published"
    event = product.events.get()
    assert event.position_code == code and event.acting


def test_review_row_actions(world, purchasing, product_editor):
    sku = world["sku"]
    batch = services.sync_batch_create(actor=purchasing, source=SyncSource.PURCHASING,
                                       rows=[{"op": "price", "code": sku.code, "value": "500"}])  # fmt: skip
    row = batch.rows.get()
    url = reverse("admin:catalog_syncrow_action", args=[row.pk, "approve"])
    assert Client().post(url).status_code == 302
    c = Client()
    c.force_login(purchasing)
    assert c.post(url).status_code == 403
    c.force_login(make_staff("acting-ped", "PED", kind="acting"))
    c.post(url)
    row.refresh_from_db()
    assert row.status == "applied"


# --- API ------------------------------------------------------------------------------------------

API_READ = "/api/v1/catalog/products"


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def test_api_read_matrix_and_cost_visibility(world, api_client_for):
    c = Client()
    assert c.get(API_READ).status_code == 401
    _x, hr = api_client_for("HR-ADM")
    assert c.get(API_READ, headers=_auth(hr)).status_code == 403
    for code, sees_cost in (
        ("WH-STK", False),
        ("LOG-DSP", False),
        ("CS-AGT", False),
        ("PUR-COL", True),
    ):
        _x, token = api_client_for(code)
        r = c.get(API_READ, headers=_auth(token))
        assert r.status_code == 200, code
        skus = [s for p in r.json()["items"] for s in p["skus"]]
        assert skus and all((s["cost"] is not None) == sees_cost for s in skus), code
        one = c.get(f"{API_READ}/{world['product'].code}", headers=_auth(token))
        assert one.status_code == 200 and (one.json()["skus"][0]["cost"] is not None) == sees_cost
    assert c.get(f"{API_READ}/NOPE", headers=_auth(token)).status_code == 404


def test_api_submission_matrix(world, api_client_for):
    body = {"reference": "API-1", "title": "接口商品", "skus": [{"code": "API-1-A", "price": "10"}]}
    url = "/api/v1/catalog/submissions"
    c = Client()
    assert (
        c.post(
            url, body, content_type="application/json", headers={"Idempotency-Key": "a"}
        ).status_code
        == 401
    )
    _x, wh = api_client_for("WH-STK")
    r = c.post(
        url, body, content_type="application/json", headers={**_auth(wh), "Idempotency-Key": "a"}
    )
    assert r.status_code == 403
    _x, pur = api_client_for("PUR-COL")
    r = c.post(
        url, body, content_type="application/json", headers={**_auth(pur), "Idempotency-Key": "a"}
    )
    assert r.status_code == 201
    sid = r.json()["id"]
    assert c.get(f"{url}/{sid}", headers=_auth(pur)).json()["status"] == "submitted"
    _y, pur2 = api_client_for("PUR-COL")
    assert c.get(f"{url}/{sid}", headers=_auth(pur2)).status_code == 404  # only its own
    assert c.get(f"{url}/{sid}", headers=_auth(wh)).status_code == 403
    # resubmitting something not returned is a 409
    r = c.post(f"{url}/{sid}/resubmit", body, content_type="application/json",
               headers={**_auth(pur), "Idempotency-Key": "b"})  # fmt: skip
    assert r.status_code == 409


def test_api_sync_matrix(world, api_client_for):
    url = "/api/v1/catalog/sync-batches"
    stock = {
        "source": "warehouse",
        "rows": [{"op": "stock_set", "code": world["sku"].code, "value": "3"}],
    }
    price = {
        "source": "purchasing",
        "rows": [{"op": "price", "code": world["sku"].code, "value": "101"}],
    }
    c = Client()
    assert c.post(url, stock, content_type="application/json").status_code == 401
    _x, cs = api_client_for("CS-AGT")
    _y, wh = api_client_for("WH-STK")
    _z, pur = api_client_for("PUR-COL")

    def post(body, token, key):
        return c.post(
            url,
            body,
            content_type="application/json",  # noqa: E731
            headers={**_auth(token), "Idempotency-Key": key},
        )

    assert post(stock, cs, "1").status_code == 403
    assert post(price, wh, "2").status_code == 403
    assert post(stock, pur, "3").status_code == 403
    assert post(stock, wh, "4").status_code == 201
    assert post(price, pur, "5").status_code == 201
