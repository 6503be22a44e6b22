"""Duties the catalogue serves: Purchasing's intake, publishing, and the syncs (PED-01…03, 06…08)."""

from django.utils.translation import gettext_lazy as _

from siteops.core.duties import Screen, serves

SUBMISSIONS = Screen("admin:catalog_submission_changelist", "catalog.view_submission")
PRODUCTS = Screen("admin:catalog_product_changelist", "catalog.view_product")
SYNCS = Screen("admin:catalog_syncbatch_changelist", "catalog.view_syncbatch")
SUBMIT = Screen("admin:catalog_submission_new", check="menu.may_submit_product")

serves("PED-01", SUBMISSIONS, Screen("api-v1:create_submission", kind="api"))
serves("PED-02", SUBMISSIONS, PRODUCTS, Screen("storefront:home", kind="shop", label=_("The shop")))
serves("PED-03", SYNCS, PRODUCTS, Screen("api-v1:create_sync_batch", kind="api"))
serves("PED-06", SUBMISSIONS)
serves("PED-07", SUBMIT, SUBMISSIONS)
# Covering Purchasing: the manager plans categories, the product editor collects product info.
serves("PED-08", SUBMIT)
serves("MGR-21", SUBMIT, Screen("admin:catalog_category_changelist", "catalog.view_category"))
