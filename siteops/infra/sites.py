"""The company's public websites: a site goes live only with its ICP备案 number, and going live
asks compliance (through the ``infra.site_went_live`` hook) to open the 公安备案 task, due within
30 days of the go-live date."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from siteops.core import hooks
from siteops.core.errors import IllegalTransition
from siteops.org.acting import acting_for, audited

from .choices import SiteStatus
from .models import Site, SiteEvent

CHANGE_SITE = "infra.change_site"
SITE_TRANSITIONS = {
    SiteStatus.BUILDING: {SiteStatus.LIVE},
    SiteStatus.LIVE: {SiteStatus.OFFLINE},
    SiteStatus.OFFLINE: {SiteStatus.LIVE},
}


@transaction.atomic
def site_save(*, actor, site: Site) -> Site:
    who = acting_for(actor, CHANGE_SITE if site.pk else "infra.add_site")
    if site.pk:
        site.status = Site.objects.values_list("status", flat=True).get(pk=site.pk)
    site.icp_number = (site.icp_number or "").strip()
    if site.status == SiteStatus.LIVE and not site.icp_number:
        raise ValidationError(_("A live site keeps its ICP filing number."))
    site.full_clean()
    with audited(who):
        site.save()
    SiteEvent.objects.create(site=site, kind="saved", **who.event_fields())
    return site


@transaction.atomic
def site_mark_live(*, actor, site: Site, live_on: datetime.date | None = None) -> Site:
    """Refused without the ICP备案 number; opens the 公安备案 task (once per go-live)."""
    who = acting_for(actor, CHANGE_SITE)
    site.refresh_from_db()
    if SiteStatus.LIVE not in SITE_TRANSITIONS.get(site.status, ()):
        raise IllegalTransition(_("This site is already live."))
    if not site.icp_number.strip():
        raise ValidationError(
            _("A site cannot go live without its ICP filing number (ICP备案号); record it first.")
        )
    live_on = live_on or timezone.localdate()
    with audited(who):
        if not Site.objects.filter(pk=site.pk, status=site.status).update(
            status=SiteStatus.LIVE, live_on=live_on
        ):
            raise IllegalTransition(_("It was changed meanwhile; reload and try again."))
    site.refresh_from_db()
    SiteEvent.objects.create(site=site, kind="live", message=str(live_on), **who.event_fields())
    hooks.ask("infra.site_went_live", site, who)
    return site


@transaction.atomic
def site_take_offline(*, actor, site: Site, note: str = "") -> Site:
    who = acting_for(actor, CHANGE_SITE)
    with audited(who):
        if not Site.objects.filter(pk=site.pk, status=SiteStatus.LIVE).update(
            status=SiteStatus.OFFLINE
        ):
            raise IllegalTransition(_("Only a live site can be taken offline."))
    site.refresh_from_db()
    SiteEvent.objects.create(site=site, kind="offline", message=note[:500], **who.event_fields())
    return site
