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
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1
    counts = (Campaign.objects.count(), PlanTask.objects.count(), Post.objects.count())
    call_command("load_campaigns_demo", verbosity=0)
    assert (Campaign.objects.count(), PlanTask.objects.count(), Post.objects.count()) == counts
