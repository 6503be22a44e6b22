"""Reads of the compliance area, restricted to who may see them."""

from __future__ import annotations

from django.db.models import Count, Q

from .choices import HELD, DocumentStatus, LicenceKind
from .models import Document, Filing, Licence


def licences_visible_to(user):
    if not user.has_perm("compliance.view_licence"):
        return Licence.objects.none()
    return Licence.objects.select_related("position")


def filings_visible_to(user):
    if not user.has_perm("compliance.view_licence"):
        return Filing.objects.none()
    return Filing.objects.select_related("licence")


# The order and label of the numbers in the shop's footer; each links where the rules require
# (the MIIT filing system for ICP备案, the public-security filing system for 公安备案).
FOOTER_ORDER = [
    LicenceKind.ICP_FILING, LicenceKind.PSB_FILING, LicenceKind.ICP_LICENCE,
    LicenceKind.BUSINESS_MARK, LicenceKind.TRUSTED_SITE,
]  # fmt: skip
DEFAULT_LINKS = {
    LicenceKind.ICP_FILING: "https://beian.miit.gov.cn/",
    LicenceKind.PSB_FILING: "https://beian.mps.gov.cn/",
}


DOM_IDS = {LicenceKind.ICP_FILING: "icp", LicenceKind.PSB_FILING: "psb"}
# The public-security filing number is shown with the filing system's emblem (the rules ask for it).
ICONS = {LicenceKind.PSB_FILING: "compliance/psb-icon.png"}


def footer_licences() -> list[dict]:
    """What the shop footer shows: held licences marked for the footer, from the register."""
    rows = Licence.objects.filter(show_in_footer=True, status__in=HELD).exclude(number="")
    rank = {k: n for n, k in enumerate(FOOTER_ORDER)}
    out = []
    for lic in sorted(rows, key=lambda r: (rank.get(r.kind, 99), r.pk)):
        out.append({
            "kind": lic.kind,
            "dom_id": DOM_IDS.get(lic.kind, f"licence-{lic.kind}"),
            "number": lic.number,
            "link": lic.link or DEFAULT_LINKS.get(lic.kind, ""),
            "icon": ICONS.get(lic.kind, ""),
        })  # fmt: skip
    return out


def site_footer_expectations(site_ids) -> dict[int, list[dict]]:
    """What each website's footer must show (one query): its mapped licences that are held and
    numbered, with the link and emblem the mapping asks for. A site with no mapping must show
    what the shop's footer shows (the register's footer licences)."""
    from .models import SiteFooterLicence

    rank = {k: n for n, k in enumerate(FOOTER_ORDER)}
    rows = (
        SiteFooterLicence.objects.filter(site_id__in=list(site_ids))
        .select_related("licence")
        .order_by("site_id", "pk")
    )
    mapped: dict[int, list] = {}
    for row in rows:
        mapped.setdefault(row.site_id, []).append(row)
    default = footer_licences()
    out = {}
    for site_id in site_ids:
        if site_id not in mapped:
            out[site_id] = default
            continue
        wanted = [r for r in mapped[site_id] if r.licence.status in HELD and r.licence.number]
        out[site_id] = [
            {
                "kind": r.licence.kind,
                "dom_id": DOM_IDS.get(r.licence.kind, f"licence-{r.licence.kind}"),
                "number": r.licence.number,
                "link": (r.licence.link or DEFAULT_LINKS.get(r.licence.kind, ""))
                if r.needs_link
                else "",
                "icon": ICONS.get(r.licence.kind, "icon") if r.needs_icon else "",
            }
            for r in sorted(wanted, key=lambda r: (rank.get(r.licence.kind, 99), r.licence.pk))
        ]
    return out


def acknowledgement_rates(document: Document) -> list[dict]:
    """Per position the document applies to: people there now, and how many acknowledged the
    current version."""
    from siteops.org.selectors import Staffing

    staffing = Staffing.current()
    acked = set(document.acks.filter(version=document.version).values_list("user_id", flat=True))
    out = []
    for position in document.applies_to.order_by("code"):
        users = {u.pk for u in staffing.resolve(position).users}
        n = len(users & acked)
        out.append({
            "position": position, "people": len(users), "acknowledged": n,
            "rate": round(100 * n / len(users)) if users else None,
        })  # fmt: skip
    return out


def documents_to_acknowledge(user):
    """Effective documents applying to a position the user holds, not yet acknowledged."""
    from django.db.models import Exists, OuterRef

    from siteops.org.selectors import positions_of

    from .models import Acknowledgement

    codes = [a.position.code for a in positions_of(user)]
    mine = Acknowledgement.objects.filter(
        document=OuterRef("pk"), version=OuterRef("version"), user=user
    )
    return (
        Document.objects.filter(status=DocumentStatus.EFFECTIVE, applies_to__code__in=codes)
        .exclude(Exists(mine))
        .distinct()
    )


def counts_by_status():
    return Licence.objects.aggregate(held=Count("pk", filter=Q(status__in=HELD)), total=Count("pk"))
