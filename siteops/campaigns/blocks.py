"""Blocks of campaigns that the art editor places on a topic page, registered in content's block
registry from ``CampaignsConfig.ready()`` (campaigns sits above content and loyalty, so neither
imports it):

- "offline event sign-up" (ACT-03): the event's time and venue and a button to register. The
  block is the same for every visitor (the shop caches topic pages whole); the registration
  form, with the customer's own QR code afterwards, is campaigns' page
  ``/events/<id>/register/`` that the button opens.
- "points claim" (MNT-02): a logged-in customer claims points of a points project, once each,
  at most so many claims in all (loyalty's ``claims.points_claim``; the button posts to
  ``/t/<slug>/claim/<key>/``, ``views.points_claim``)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siteops.content.blocks import Block
from siteops.core.inputs import InputError, clean_text, parse_int
from siteops.loyalty.claims import MAX_CAP, MAX_POINTS

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


# --- the points claim block (MNT-02: "a coupon/points claim … form") --------------------------


class PointsClaimForm(forms.Form):
    """Its settings form: what the art editor or maintainer fills in to place the block."""

    project = forms.CharField(label=gettext_lazy("Points project (code)"), max_length=32)
    points = forms.IntegerField(label=gettext_lazy("Points per claim"), min_value=1,
                                max_value=MAX_POINTS)  # fmt: skip
    cap = forms.IntegerField(label=gettext_lazy("Claims allowed in all"), min_value=1,
                             max_value=MAX_CAP)  # fmt: skip
    key = forms.SlugField(
        label=gettext_lazy("Key on the page"), max_length=40, required=False,
        help_text=gettext_lazy("Tells two claim blocks of one page apart; keep it once customers "
                               "have claimed (a new key starts a new count)."),
    )  # fmt: skip
    title = forms.CharField(label=gettext_lazy("Title"), max_length=80, required=False)
    button = forms.CharField(label=gettext_lazy("Button"), max_length=20, required=False)


class PointsClaim(Block):
    """A button that gives a logged-in shop customer points of a points project, once each, at
    most ``cap`` times in all (the claims are loyalty's ``ClaimPool``/``Claim``). Rendered on
    every request (never in the shop's page cache for a logged-in customer); an anonymous
    visitor, whose page the shop caches whole, gets the same "log in to claim" link whatever
    the state, so a cached page never shows a stale count."""

    name = "points_claim"
    label = gettext_lazy("Points claim")
    per_visitor = True
    settings_form = PointsClaimForm

    @classmethod
    def clean(cls, settings):
        from siteops.loyalty.claims import project_open_for_earning
        from siteops.loyalty.selectors import project_by_code

        code = clean_text(settings.get("project", ""), max_length=32,
                          field=_("Points project")).strip().upper()  # fmt: skip
        project = project_by_code(code) if code else None
        if project is None:
            raise InputError(_("No points project has the code “%(code)s”.") % {"code": code})
        if not project_open_for_earning(project):
            raise InputError(_("The points project %(code)s is not active, or its dates are "
                               "over: it cannot give points now.") % {"code": code})  # fmt: skip
        points = parse_int(str(settings.get("points", "")), lo=1, hi=MAX_POINTS)
        cap = parse_int(str(settings.get("cap", "")), lo=1, hi=MAX_CAP)
        if points * cap > project.budget_points:
            raise InputError(
                _("%(n)s claims of %(p)s points are more than the project's budget (%(b)s).")
                % {"n": cap, "p": points, "b": project.budget_points}
            )
        key = clean_text(settings.get("key") or "claim", max_length=40, field=_("Key"))
        if not _KEY.match(key):
            raise InputError(_("The key is letters, digits, - and _ only."))
        return {
            "project": code, "points": points, "cap": cap, "key": key,
            "title": clean_text(settings.get("title", ""), max_length=80, field=_("Title")),
            "button": clean_text(settings.get("button", ""), max_length=20, field=_("Button")),
        }  # fmt: skip

    @classmethod
    def render(cls, settings, page=None, request=None):
        from siteops.loyalty.claims import claim_state

        if page is None or page.pk is None or request is None:
            return ""  # only a saved, live page, shown to a visitor, takes claims
        user = request.user
        state = "login"
        if user.is_authenticated:
            state = claim_state(user, project_code=settings["project"],
                                ref=pool_ref(page, settings["key"]), cap=settings["cap"])  # fmt: skip
        login = reverse("storefront:login") + "?" + urlencode({"next": f"/t/{page.slug}/"})
        return render_to_string(
            "campaigns/blocks/points_claim.html",
            {"settings": settings, "page": page, "state": state, "login_url": login},
            request=request,
        )


_KEY = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def pool_ref(page, key: str) -> str:
    """The name of a claim block's pool in loyalty: the page and the block's key."""
    return f"page:{page.pk}:{key}"
