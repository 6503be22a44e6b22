"""What a change of the company's particulars means for the register: which licences to amend
and by when (one screen). The rules in one table: kind → (which changes touch it, when the
amendment is due relative to the change date, what to file). Where the filing must come before
the change (an ICP备案 change is filed 30 days before the new domain or access provider is used)
the offset is negative."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.deadlines.services import deadline_register, kind_ensure

from .choices import HELD, LicenceKind, LicenceStatus
from .models import Licence


class Change:
    NAME = "name"
    ADDRESS = "address"
    LEGAL_REP = "legal_rep"
    DOMAIN = "domain"
    HOSTING = "hosting"

    CHOICES = [
        (NAME, gettext_lazy("Company name")),
        (ADDRESS, gettext_lazy("Registered address")),
        (LEGAL_REP, gettext_lazy("Legal representative")),
        (DOMAIN, gettext_lazy("A domain (added, removed or moved)")),
        (HOSTING, gettext_lazy("Hosting or access provider")),
    ]


# (licence kind, change) → (days relative to the change date, what to file)
RULES: dict[tuple[str, str], tuple[int, str]] = {
    (LicenceKind.ICP_LICENCE, Change.NAME): (30, gettext_lazy("Change of the licence (company name) at the communications administration")),
    (LicenceKind.ICP_LICENCE, Change.ADDRESS): (30, gettext_lazy("Change of the licence (address)")),
    (LicenceKind.ICP_LICENCE, Change.LEGAL_REP): (30, gettext_lazy("Change of the licence (legal representative)")),
    (LicenceKind.ICP_LICENCE, Change.DOMAIN): (30, gettext_lazy("Change of the licence's websites and domains")),
    (LicenceKind.ICP_FILING, Change.NAME): (30, gettext_lazy("Change of the filing's sponsor details")),
    (LicenceKind.ICP_FILING, Change.ADDRESS): (30, gettext_lazy("Change of the filing's sponsor details")),
    (LicenceKind.ICP_FILING, Change.LEGAL_REP): (30, gettext_lazy("Change of the filing's responsible person")),
    (LicenceKind.ICP_FILING, Change.DOMAIN): (-30, gettext_lazy("Filing change before the new domain is used")),
    (LicenceKind.ICP_FILING, Change.HOSTING): (-30, gettext_lazy("Filing moved to the new access provider before the move")),
    (LicenceKind.PSB_FILING, Change.NAME): (30, gettext_lazy("Update of the public security filing")),
    (LicenceKind.PSB_FILING, Change.LEGAL_REP): (30, gettext_lazy("Update of the public security filing (responsible person)")),
    (LicenceKind.PSB_FILING, Change.DOMAIN): (30, gettext_lazy("Public security filing of the new domain")),
    (LicenceKind.PSB_FILING, Change.HOSTING): (30, gettext_lazy("Update of the public security filing (access provider)")),
    (LicenceKind.TRUSTED_SITE, Change.NAME): (30, gettext_lazy("Re-verification of the trusted website")),
    (LicenceKind.TRUSTED_SITE, Change.DOMAIN): (30, gettext_lazy("Re-verification of the trusted website")),
    (LicenceKind.BUSINESS_MARK, Change.NAME): (30, gettext_lazy("New business-licence display mark")),
    (LicenceKind.BUSINESS_MARK, Change.ADDRESS): (30, gettext_lazy("New business-licence display mark")),
    (LicenceKind.BUSINESS_MARK, Change.LEGAL_REP): (30, gettext_lazy("New business-licence display mark")),
    (LicenceKind.HIGH_TECH, Change.NAME): (90, gettext_lazy("Change report to the high-tech enterprise office")),
    (LicenceKind.HIGH_TECH, Change.ADDRESS): (90, gettext_lazy("Change report to the high-tech enterprise office")),
}  # fmt: skip

KIND = ("licence_change", "资质变更", "30,7,1")


@dataclass
class Amendment:
    licence: Licence
    due: datetime.date
    what: str
    days_left: int


def _touches_domain(licence: Licence, domain: str) -> bool:
    domain = domain.lower().strip().strip(".")
    covered = [c.lower() for c in licence.covered_list]
    # A licence with no covered list applies to the whole company (all its sites).
    return not covered or any(c == domain or c.endswith("." + domain) or domain.endswith("." + c)
                              for c in covered)  # fmt: skip


def amendments(
    change: str, on: datetime.date, today: datetime.date, domain: str = ""
) -> list[Amendment]:
    """The held licences a change touches, each with its due date (soonest first)."""
    out = []
    for lic in Licence.objects.filter(status__in=HELD).order_by("kind", "pk"):
        rule = RULES.get((lic.kind, change))
        if rule is None:
            continue
        if (
            change == Change.DOMAIN
            and domain
            and lic.kind != LicenceKind.PSB_FILING
            and not _touches_domain(lic, domain)
        ):
            continue
        due = on + datetime.timedelta(days=rule[0])
        out.append(Amendment(lic, due, str(rule[1]), (due - today).days))
    return sorted(out, key=lambda a: (a.due, a.licence.pk))


@transaction.atomic
def amendments_open(
    *, actor, change: str, on: datetime.date, today: datetime.date, domain: str = ""
) -> int:
    """Start the amendments: each licence goes to "change pending" and gets the due date (with
    its reminders). Licences already pending keep their state; the due date is set or moved."""
    from . import services

    who = services.acting_for(actor, services.CHANGE)
    kind_ensure(code=KIND[0], name=KIND[1], lead_days=KIND[2])
    n = 0
    for a in amendments(change, on, today, domain):
        if a.licence.status == LicenceStatus.GRANTED:
            services.licence_transition(actor=actor, licence=a.licence, to=LicenceStatus.CHANGE_PENDING,
                                        note=a.what, who=who)  # fmt: skip
        deadline_register(subject=a.licence, kind=KIND[0], due_date=a.due,
                          position=services.responsible_position(a.licence),
                          title=_("%(licence)s: %(what)s") % {"licence": a.licence, "what": a.what}, who=who)  # fmt: skip
        n += 1
    return n
