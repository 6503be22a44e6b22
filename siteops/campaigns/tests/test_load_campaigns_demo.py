import pytest
from django.core.management import call_command

from siteops.campaigns.choices import Stage
from siteops.campaigns.models import Campaign, LinkClickDay, PlanTask, Post

pytestmark = pytest.mark.django_db


def test_demo_loads_once():
    from siteops.org.management.commands.load_demo import load_demo

    load_demo("pw-demo-12345")
    call_command("load_campaigns_demo", verbosity=0)
    spring = Campaign.objects.get(code="spring-festival-demo")
    assert spring.stage == Stage.RUNNING
    assert PlanTask.objects.filter(plan__campaign=spring).count() == 4
    assert Post.objects.filter(campaign=spring).count() == 4
    assert LinkClickDay.objects.exists()
    from siteops.reports.models import ReportDefinition

    assert ReportDefinition.objects.get(code="monthly-campaigns").is_scheduled
    from siteops.campaigns.models import LinkCheck, PostMetric, Registration, Swap, UtmMapping

    assert Swap.objects.get().link_state == "lost" and LinkCheck.objects.count() == 2
    assert PostMetric.objects.count() == 2 and UtmMapping.objects.count() == 1
    from siteops.campaigns.models import (
        EventSummary,
        OfflineEvent,
        RegistrationImport,
        RegistrationImportRow,
        RosterShift,
    )

    # The art editor's task is a design request; the other positions' are work items.
    art = PlanTask.objects.get(plan__campaign=spring, position_code="ART")
    assert art.design_request is not None
    # The winter salon: list imported (a row error, a duplicate), roster, closed with summary.
    salon = OfflineEvent.objects.get(campaign__code="winter-salon-demo")
    batch = RegistrationImport.objects.get(event=salon)
    assert (batch.rows_total, batch.rows_applied, batch.rows_error) == (8, 6, 1)
    summary = EventSummary.objects.get(event=salon)
    assert (summary.registered, summary.attended) == (6, 4) and summary.variance > 0
    assert salon.closed_at is not None and RosterShift.objects.filter(event=salon).count() == 2
    assert RosterShift.objects.exclude(event=salon).count() == 2  # the meet-up's roster
    models = [Campaign, PlanTask, Post, Registration, RegistrationImport, RegistrationImportRow,
              RosterShift, EventSummary, LinkClickDay]  # fmt: skip
    counts = [m.objects.count() for m in models]
    call_command("load_campaigns_demo", verbosity=0)
    assert [m.objects.count() for m in models] == counts


def test_demo_has_a_live_points_claim_page(client):
    """MNT-02: the demo's topic page /t/free-points/ gives the points demo's project's points."""
    from siteops.content.models import Page
    from siteops.loyalty.models import Claim
    from siteops.loyalty.tests.helpers import active_project
    from siteops.org.management.commands.load_demo import load_demo
    from siteops.org.models import User

    load_demo("pw-demo-12345")
    call_command("load_campaigns_demo", verbosity=0)  # before the points demo: no claim page
    assert not Page.objects.filter(slug="free-points").exists()
    people = {u.username: u for u in User.objects.filter(username__in=["process_editor",
                                                                        "leader"])}  # fmt: skip
    # the points demo's project (load_loyalty_demo needs the shop demo's orders; not here)
    active_project(people["process_editor"], people["leader"], code="JF2026", budget=500_000)
    call_command("load_campaigns_demo", verbosity=0)
    page = Page.objects.get(slug="free-points")
    assert page.live_revision_id is not None
    (block,) = [b for b in page.blocks if b["type"] == "points_claim"]
    assert (block["project"], block["points"], block["cap"]) == ("JF2026", 200, 500)
    assert 'data-state="login"' in client.get("/t/free-points/").content.decode()
    customer = User.objects.create_user("shopper", "shopper@example.com", "pw-shopper-123")
    client.force_login(customer)
    assert client.post("/t/free-points/claim/spring/").status_code == 302
    assert Claim.objects.filter(customer=customer).count() == 1
    n = Page.objects.count()
    call_command("load_campaigns_demo", verbosity=0)
    assert Page.objects.count() == n
