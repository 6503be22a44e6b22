"""The 公安备案 filing of a website as a record (MGR-17): opened once when the site goes live
(the ``infra.site_went_live`` hook), due within 30 days; submitted (date, application number,
receipt) → accepted (date, filing number) or rejected (date, reason; corrected and submitted
again). Steps follow ``PSB_TRANSITIONS`` with a conditional UPDATE and an event row each.

The filing keeps the register in step: submitting moves its 公安备案 licence to "submitted",
acceptance gives it the number and grants it (and puts the number on the site's footer list,
with the emblem), a rejection sends it back to "preparing". The work item the go-live opens is
about the filing and closes on acceptance. The site's page shows the filing through the
``infra.site_compliance`` hook."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core.errors import IllegalTransition
from siteops.core.inputs import InputError, clean_text
from siteops.org.acting import acting_for, audited, system_acting
from siteops.org.models import Position

from . import services
from .choices import HELD, PSB_TRANSITIONS, LicenceEventKind, LicenceKind, LicenceStatus, PsbStatus
from .models import Licence, LicenceEvent, PsbFiling, PsbFilingEvent, SiteFooterLicence

PSB_DAYS = 30
CHANGE = services.CHANGE


def _host(site) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(site.base_url).hostname or "").lower()


def covers(licence: Licence, host: str) -> bool:
    return any(c.lower().strip("/") in (host, f"www.{host}") or host.endswith("." + c.lower())
               for c in licence.covered_list)  # fmt: skip


def _text(value, max_length: int) -> str:
    """Text from a person: no NUL or control characters (the database refuses them), bounded."""
    try:
        return clean_text(value, max_length=max_length)
    except InputError as exc:
        raise ValidationError(exc.message) from None


def _event(filing, old: str, new: str, who, note: str = "") -> None:
    PsbFilingEvent.objects.create(filing=filing, from_status=old, to_status=new, note=note[:500],
                                  **who.event_fields())  # fmt: skip


def psb_open_for_site(site, who=None) -> PsbFiling | None:
    """The ``infra.site_went_live`` hook. Unless a held 公安备案 already covers the site's host:
    the site's filing record (once per site — going live again adds nothing), linked to the
    covering 公安备案 licence (or a new "preparing" one), and a work item at the licence's
    position, due 30 days after going live."""
    from siteops.work.services import item_create

    who = who or system_acting()
    existing = PsbFiling.objects.filter(site=site).first()
    if existing is not None:
        return existing
    host = _host(site)
    psb = [lic for lic in Licence.objects.filter(kind=LicenceKind.PSB_FILING).exclude(
        status__in=("cancelled", "expired")).order_by("pk") if covers(lic, host)]  # fmt: skip
    if any(lic.status in HELD for lic in psb):
        return None
    licence = psb[0] if psb else None
    if licence is None:
        with audited(who):
            licence = Licence.objects.create(
                kind=LicenceKind.PSB_FILING, name=_("%(site)s public security filing") % {"site": site.name},
                covered=host, status=LicenceStatus.PREPARING, position=Position.objects.get(code="MGR"),
            )  # fmt: skip
        LicenceEvent.objects.create(licence=licence, kind=LicenceEventKind.CREATED,
                                    message=str(site)[:500], **who.event_fields())  # fmt: skip
    opened = site.live_on or timezone.localdate()
    due = opened + datetime.timedelta(days=PSB_DAYS)
    try:
        with transaction.atomic():
            filing = PsbFiling.objects.create(
                site=site, licence=licence, opened_on=opened, due_date=due
            )
    except IntegrityError:  # opened meanwhile by another go-live
        return PsbFiling.objects.get(site=site)
    _event(filing, "", PsbStatus.PREPARING, who, str(site))
    item_create(
        actor=None, position=licence.position or "MGR", source="system", subject=filing, due=due,
        title=_("File the public security filing (公安备案) of %(site)s by %(due)s")
        % {"site": site.name, "due": due.isoformat()},
        description=_("%(site)s went live on %(day)s; the filing is due within 30 days.")
        % {"site": site.name, "day": opened},
    )  # fmt: skip
    return filing


def _move(filing: PsbFiling, to: str, who, note: str = "", **fields) -> None:
    old = filing.status
    if to not in PSB_TRANSITIONS[old]:
        raise IllegalTransition(
            _("This filing is “%(status)s”; it cannot become “%(new)s”.")
            % {"status": PsbStatus(old).label, "new": PsbStatus(to).label}
        )
    with audited(who):
        if not PsbFiling.objects.filter(pk=filing.pk, status=old).update(status=to, **fields):
            raise IllegalTransition(_("The filing was changed meanwhile; reload and try again."))
    filing.refresh_from_db()
    _event(filing, old, to, who, note)


def _check_day(day, filing: PsbFiling, *, after=None) -> datetime.date:
    if not isinstance(day, datetime.date):
        raise ValidationError(_("Give the date."))
    if day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    if day < filing.opened_on or (after and day < after):
        raise ValidationError(_("The date is before the filing's previous step."))
    return day


def _keep(actor, filing, upload, title, day, who) -> None:
    if upload is not None:
        ev = services.evidence_add(actor=actor, licence=filing.licence, upload=upload, title=title,
                                   dated=day, who=who)  # fmt: skip
        ev.__class__.objects.filter(pk=ev.pk).update(psb_filing=filing)


@transaction.atomic
def psb_submit(*, actor, filing: PsbFiling, submitted_on, application_number: str,
               upload=None) -> PsbFiling:  # fmt: skip
    """Record the submission (first or again after a rejection)."""
    who = acting_for(actor, CHANGE)
    number = _text(application_number, 100)
    if not number:
        raise ValidationError(_("Give the application number of the submission."))
    day = _check_day(submitted_on, filing, after=filing.decided_on)
    _move(filing, PsbStatus.SUBMITTED, who, number, submitted_on=day,
          application_number=number[:100], decided_on=None, rejection_reason="")  # fmt: skip
    licence = filing.licence
    if licence.status in (LicenceStatus.PREPARING, LicenceStatus.RENEWAL_DUE):
        services.licence_transition(
            actor=actor, licence=licence, to=LicenceStatus.SUBMITTED, who=who
        )
    _keep(actor, filing, upload, _("Public security filing: submission receipt"), day, who)
    return filing


@transaction.atomic
def psb_accept(*, actor, filing: PsbFiling, decided_on, filing_number: str,
               upload=None) -> PsbFiling:  # fmt: skip
    """Accepted: the number goes on the licence (granted) and on the site's footer list; the
    work item closes."""
    from siteops.work.services import item_close_for_subject

    who = acting_for(actor, CHANGE)
    number = _text(filing_number, 100)
    if not number:
        raise ValidationError(_("Give the filing number the authority gave."))
    day = _check_day(decided_on, filing, after=filing.submitted_on)
    _move(filing, PsbStatus.ACCEPTED, who, number, decided_on=day, filing_number=number[:100])
    licence = services.licence_save(actor=actor, licence=filing.licence,
                                    data={"number": number[:100]}, who=who)  # fmt: skip
    if licence.status in (LicenceStatus.SUBMITTED, LicenceStatus.UNDER_REVIEW):
        services.licence_transition(actor=actor, licence=licence, to=LicenceStatus.GRANTED, who=who)
    SiteFooterLicence.objects.get_or_create(
        site_id=filing.site_id, licence=licence, defaults={"needs_link": True, "needs_icon": True}
    )
    _keep(actor, filing, upload, _("Public security filing: acceptance"), day, who)
    item_close_for_subject(actor=None, subject=filing,
                           message=_("Accepted: %(number)s") % {"number": number})  # fmt: skip
    return filing


@transaction.atomic
def psb_reject(*, actor, filing: PsbFiling, decided_on, reason: str, upload=None) -> PsbFiling:
    who = acting_for(actor, CHANGE)
    reason = _text(reason, 2000)
    if not reason:
        raise ValidationError(_("Say why the filing was rejected."))
    day = _check_day(decided_on, filing, after=filing.submitted_on)
    _move(filing, PsbStatus.REJECTED, who, reason, decided_on=day, rejection_reason=reason[:2000])
    if filing.licence.status == LicenceStatus.SUBMITTED:
        services.licence_transition(actor=actor, licence=filing.licence, to=LicenceStatus.PREPARING,
                                    note=reason[:200], who=who)  # fmt: skip
    _keep(actor, filing, upload, _("Public security filing: rejection"), day, who)
    return filing


def site_compliance(site) -> list[dict]:
    """The ``infra.site_compliance`` hook: what the site's page shows of compliance — its
    公安备案 filing and the licences its footer must show (two queries)."""
    out = []
    filing = PsbFiling.objects.filter(site=site).first()
    if filing is not None:
        out.append({
            "label": _("Public security filing (公安备案)"),
            "status": PsbStatus(filing.status).label, "badge": filing.status_badge,
            "detail": filing.filing_number or filing.application_number or "",
            "due": filing.due_date if filing.status != PsbStatus.ACCEPTED else None,
            "url": reverse("admin:compliance_psb_filing", args=[filing.pk]),
        })  # fmt: skip
    for row in SiteFooterLicence.objects.filter(site=site).select_related("licence"):
        out.append({
            "label": _("In the footer: %(kind)s") % {"kind": LicenceKind(row.licence.kind).label},
            "status": LicenceStatus(row.licence.status).label, "badge": row.licence.status_badge,
            "detail": row.licence.number, "due": None,
            "url": reverse("admin:compliance_licence", args=[row.licence_id]),
        })  # fmt: skip
    return out
