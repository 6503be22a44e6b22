"""The HR dataset equals plain counts of the org and the people area."""

import datetime

import pytest
from django.utils import timezone

from siteops.org.selectors import org_chart
from siteops.people import services
from siteops.people.reports import compute

from .factories import cycle, open_request

pytestmark = pytest.mark.django_db


def test_hr_dataset_matches_the_org_chart_and_the_requests(staff):
    open_request(staff["manager"], staff["hr"], "ART")
    cycle(staff["manager"])
    req = open_request(staff["manager"], staff["hr"], "PED", 1)
    services.recruitment_move(actor=staff["hr"], request=req, action="fill")
    today = timezone.localdate()
    result = compute(today - datetime.timedelta(days=30), today, ["position"], {})
    rows = {r.key: r.values for r in result.breakdowns["position"]}
    chart = {row["position"].code: row for d in org_chart(today) for row in d["rows"]
             if d["department"].kind == "own"}  # fmt: skip
    for code, row in chart.items():
        assert rows[code]["holders"] == len(row["holders"]), code
        assert rows[code]["vacancies"] == row["vacancies"], code
    assert rows["ART"]["opened"] == 1 and rows["PED"]["filled"] == 1
    assert result.totals.values["appraisals"] == 10
    assert result.totals.values["appraisals_done"] == 0
    assert result.totals.values["vacancies"] == sum(r["vacancies"] for r in chart.values())
