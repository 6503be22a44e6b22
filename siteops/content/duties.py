"""Duties of content: documents (CPY-01…03, 05, 06), topic and static pages (ART-01/03/04,
ACT-02, MNT-02), the manager standing in for a vacant copy editor (MGR-20)."""

from siteops.core.duties import Screen, serves

PAGES = Screen("admin:content_page_changelist", "content.view_page")
NEW = Screen("admin:content_page_new", "content.add_page")
HELP = Screen("/help/", kind="shop")

for code in ("CPY-01", "CPY-02", "CPY-03", "CPY-05", "CPY-06"):
    serves(code, PAGES, NEW, HELP)
DESIGN = Screen("admin:content_designrequest_changelist", "content.view_designrequest")
for code in ("ART-01", "ART-04", "ACT-02", "MNT-02"):
    serves(code, PAGES, NEW)
# ART-03: the shop's own regions (header, footer, home blocks, category banner) as content.
REGIONS = Screen("admin:content_regions", "content.view_page")
serves("ART-03", REGIONS, PAGES)
for code in ("ART-01", "ART-03", "ART-04", "ART-05", "CPY-05"):
    serves(code, DESIGN)
serves("MGR-20", PAGES, NEW)
serves("CPY-04", Screen("admin:content_slogan_changelist", "content.view_slogan"))
