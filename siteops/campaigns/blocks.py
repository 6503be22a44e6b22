"""The "offline event sign-up" block the art editor places on a topic page (ACT-03): the event's
time and venue and a button to register. Registered in content's block registry from
``CampaignsConfig.ready()`` (campaigns sits above content, so content never imports it).

The block itself is the same for every visitor (the shop caches topic pages whole); the
registration form, with the customer's own QR code afterwards, is campaigns' page
``/events/<id>/register/`` that the button opens."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.content.blocks import Block
from siteops.core.inputs import InputError, parse_int

from .models import OfflineEvent


class EventSignup(Block):
    name = "event_signup"
    label = gettext_lazy("Offline event sign-up")

    @classmethod
    def clean(cls, settings):
        event = parse_int(str(settings.get("event", "")), lo=1, hi=2**31 - 1)
        if not OfflineEvent.objects.filter(pk=event, is_public=True).exists():
            raise InputError(_("No public offline event has the number %(n)s.") % {"n": event})
        return {"event": event}

    @classmethod
    def render(cls, settings):
        event = OfflineEvent.objects.filter(pk=settings["event"], is_public=True).first()
        if event is None:
            return ""
        return render_to_string("campaigns/blocks/event_signup.html", {"event": event})
