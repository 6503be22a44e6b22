"""Demo data of PRC-07: a month of the shop's searches (some finding nothing), the standing site
reports, last month's site report archived and last week's searches handed to the product editor.
Idempotent: search rows are set, not added to; runs are archived once per period."""

import datetime
import random

from django.core.management.base import BaseCommand
from django.utils import timezone

from siteops.reports.periods import last_complete_period
from siteops.reports.seed import seed_site_reports
from siteops.reports.services import report_run_create, report_run_todo
from siteops.storefront.models import SearchDay

FOUND = [
    "耳机",
    "羽绒服",
    "保温杯",
    "空气炸锅",
    "电动牙刷",
    "运动鞋",
    "绿茶",
    "台灯",
    "充电宝",
    "围巾",
]
NOT_FOUND = ["露营帐篷", "宠物烘干箱", "儿童滑板车", "筋膜枪", "汉服", "投影仪"]


class Command(BaseCommand):
    help = "Load demo searches and the site report (PRC-07)."

    def handle(self, *args, **options):
        rng = random.Random(7)
        today = timezone.localdate()
        rows = 0
        for back in range(1, 61):
            day = today - datetime.timedelta(days=back)
            for term in FOUND + NOT_FOUND:
                n = rng.randint(0, 12 if term in FOUND else 4)
                if n:
                    SearchDay.objects.update_or_create(
                        day=day, term=term,
                        defaults={"searches": n, "empty": n if term in NOT_FOUND else 0},
                    )  # fmt: skip
                    rows += 1
        site, searches = seed_site_reports()
        start, end = last_complete_period("month", timezone.now())
        run, _created = report_run_create(actor=None, definition=site, start=start, end=end,
                                          trigger="schedule")  # fmt: skip
        wstart, wend = last_complete_period("week", timezone.now())
        wrun, _created = report_run_create(actor=None, definition=searches, start=wstart,
                                           end=wend, trigger="schedule")  # fmt: skip
        if wrun.todo_item_id is None:
            report_run_todo(wrun)
        self.stdout.write(f"Searches: {rows} day rows; site report {run}; searches {wrun}.")
