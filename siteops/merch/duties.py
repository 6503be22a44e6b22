"""Duties of shelves and ads: the shelf-display plan, shelf and ad rotation, ad images."""

from siteops.core.duties import Screen, serves

PLANS = Screen("admin:merch_shelfplan_changelist", "merch.view_shelfplan")
ART = Screen("admin:merch_art_queue", "merch.upload_ad_image")

serves("PED-04", PLANS, Screen("admin:merch_shelf_changelist", "merch.view_shelf"))
serves("PED-05", PLANS, Screen("admin:merch_ad_changelist", "merch.view_ad"))
serves("ART-02", ART)
serves("PED-09", ART)  # the product editor covers a vacant art editor's ad images
