"""Compliance's side of the company's websites: going live opens the 公安备案 filing (``psb``,
due within 30 days of going live), and the daily footer check reads each live site's footer as
the public sees it and opens a work item when a licence number the site must show (its footer
list, ``SiteFooterLicence``), its link or its icon is missing or wrong."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urljoin

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from siteops.org.acting import system_acting

from .choices import LicenceKind
from .selectors import site_footer_expectations

PSB_DAYS = 30
FOOTER_CHECK = "footer_check"


def psb_task_for_site(site, who=None):
    """The ``infra.site_went_live`` hook: the site's 公安备案 filing record (see ``psb``)."""
    from . import psb

    return psb.psb_open_for_site(site, who)


# --- the footer check --------------------------------------------------------------------------

MAX_PAGE = 2 * 1024 * 1024


def fetch_page(url: str, timeout: float = 10.0) -> str:
    """The page as the public gets it (at most 2 MB)."""
    req = urllib.request.Request(url, headers={"User-Agent": "SiteOps footer check"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - the site's own URL
        return resp.read(MAX_PAGE).decode(resp.headers.get_content_charset() or "utf-8", "replace")


class _Footer(HTMLParser):
    """Collects each link (href, its text, the images inside it) and the page's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[dict] = []
        self.text: list[str] = []
        self._open: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            link = {"href": attrs.get("href") or "", "text": "", "imgs": []}
            self.links.append(link)
            self._open.append(link)
        elif tag == "img" and self._open:
            self._open[-1]["imgs"].append(attrs.get("src") or "")

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self._open.pop()

    def handle_data(self, data):
        self.text.append(data)
        for link in self._open:
            link["text"] += data


def _same_url(a: str, b: str) -> bool:
    return a.strip().rstrip("/").lower() == b.strip().rstrip("/").lower()


def footer_problems(html: str, base_url: str, expected: list[dict]) -> list[str]:
    """What is missing or wrong in the page against the register (empty: all fine)."""
    page = _Footer()
    page.feed(html)
    page.close()
    text = " ".join(page.text)
    problems = []
    for lic in expected:
        label = LicenceKind(lic["kind"]).label
        if lic["number"] not in text:
            problems.append(
                _("%(kind)s: the number %(number)s is missing.")
                % {"kind": label, "number": lic["number"]}
            )
            continue
        links = [ln for ln in page.links if lic["number"] in ln["text"]]
        if lic["link"] and not any(
            _same_url(urljoin(base_url, ln["href"]), lic["link"]) for ln in links
        ):
            problems.append(
                _("%(kind)s: the number does not link to %(link)s.")
                % {"kind": label, "link": lic["link"]}
            )
        if lic.get("icon") and not any(ln["imgs"] for ln in links):
            problems.append(_("%(kind)s: the icon is missing.") % {"kind": label})
    return problems


def footer_check(*, fetch: Callable[[str], str] = fetch_page, today=None) -> dict:
    """The daily job: each live site whose footer is checked. A site with problems gets one open
    work item (not one a day); a site found fine again has that item closed."""
    from siteops.infra.models import Site, SiteEvent
    from siteops.work.models import WorkItem
    from siteops.work.services import item_close_for_subject, item_create

    today = today or timezone.localdate()
    out = {"checked": 0, "wrong": 0, "opened": 0, "failed": 0}
    system = system_acting()
    ct = ContentType.objects.get_for_model(Site)
    live = list(Site.objects.filter(status="live", check_footer=True).order_by("pk"))
    wanted = site_footer_expectations([s.pk for s in live])
    for site in live:
        expected = wanted[site.pk]
        try:
            html = fetch(site.base_url)
        except (OSError, ValueError) as exc:
            problems = [_("The site could not be read: %(error)s") % {"error": str(exc)[:200]}]
            out["failed"] += 1
        else:
            problems = footer_problems(html, site.base_url, expected)
        out["checked"] += 1
        open_items = WorkItem.objects.active().filter(subject_type=ct, subject_id=str(site.pk))
        if not problems:
            if open_items.exists():
                with transaction.atomic():
                    item_close_for_subject(actor=None, subject=site,
                                           message=_("The footer is complete again."))  # fmt: skip
            continue
        out["wrong"] += 1
        if open_items.exists():
            continue
        with transaction.atomic():
            SiteEvent.objects.create(site=site, kind=FOOTER_CHECK, message="; ".join(problems)[:500],
                                     **system.event_fields())  # fmt: skip
            item_create(
                actor=None, position="MGR", source="system", subject=site, due=today,
                title=_("Footer of %(site)s: licence details missing or wrong") % {"site": site.name},
                description="<ul>" + "".join(f"<li>{escape(p)}</li>" for p in problems) + "</ul>",
                priority="high",
            )  # fmt: skip
        out["opened"] += 1
    return out
