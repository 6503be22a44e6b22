"""Each licence kind's obligation calendar: which filings a licence owes, when each opens and when
it is due. Pure date arithmetic (no database); ``services.filings_open`` makes each occurrence
once (unique licence, obligation, period) and registers its due date with siteops.deadlines,
whose lead times send the reminders (one digest per person per day) and whose overdue handling
opens the work item.

Why the opening day is computed here rather than left to a deadlines ``Obligation``'s horizon:
an obligation's occurrence appears a fixed number of days before its due date, and "the ICP证
annual report opens on 2 January, due 31 March" is 88 days in a common year but 89 in a leap
year. The recurrence arithmetic itself is the deadlines app's (``recurrence.occurrence_in``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from siteops.deadlines import recurrence

from .choices import FilingKind, LicenceKind

DAY = datetime.timedelta(days=1)

# The deadline kind (siteops.deadlines) of each obligation, its name and default lead times.
DEADLINE_KINDS = {
    FilingKind.ANNUAL_REPORT: ("licence_annual_report", "资质年报", "60,7,1"),
    FilingKind.RENEWAL: ("licence_renewal", "资质续期", "30,7,1"),
    FilingKind.ANNUAL_CHECK: ("licence_annual_check", "资质年检", "30,7,1"),
    FilingKind.STATS_REPORT: ("licence_stats_report", "统计报表", "7,1"),
    FilingKind.REAPPLICATION: ("licence_reapplication", "资质重新认定", "90,30,7,1"),
}

# What to prepare for each obligation (the filing's checklist).
CHECKLISTS = {
    FilingKind.ANNUAL_REPORT: [
        "上年度经营情况",
        "网站运行情况说明",
        "许可证正副本扫描件",
        "法定代表人签字确认",
    ],
    FilingKind.RENEWAL: [
        "续期申请表",
        "营业执照副本",
        "网站运行情况报告",
        "信息安全管理制度",
        "近三年年报回执",
    ],
    FilingKind.ANNUAL_CHECK: ["网站基本信息核对", "营业执照副本", "年检费用缴纳凭证"],
    FilingKind.STATS_REPORT: ["业务统计数据", "负责人审核"],
    FilingKind.REAPPLICATION: [
        "认定申请书",
        "知识产权清单",
        "研发费用专项审计报告",
        "高新技术产品收入说明",
    ],
}


@dataclass(frozen=True, order=True)
class Due:
    """One occurrence a licence owes: opens on ``opens``, due on ``due``."""

    opens: datetime.date
    due: datetime.date
    kind: str
    period_key: str


def _yearly(kind, year: int, opens: tuple[int, int], due: tuple[int, int]) -> Due:
    return Due(datetime.date(year, *opens), datetime.date(year, *due), kind, str(year))


def dues(licence, year: int) -> list[Due]:
    """Every occurrence of ``licence`` whose opening day falls in ``year``."""
    out: list[Due] = []
    k = licence.kind
    if k == LicenceKind.ICP_LICENCE:
        # Annual report: 1 January – 31 March; the task opens on 2 January.
        out.append(_yearly(FilingKind.ANNUAL_REPORT, year, (1, 2), (3, 31)))
        if licence.valid_until:  # renewal filed 90 days before the validity ends, opens 120 before
            out.append(
                Due(licence.valid_until - 120 * DAY, licence.valid_until - 90 * DAY,
                    FilingKind.RENEWAL, f"until-{licence.valid_until.isoformat()}")
            )  # fmt: skip
    elif k == LicenceKind.HIGH_TECH:
        # Annual report by the end of May (opens 1 April); re-application before the 3-year
        # validity ends (opens 180 days before, due 90 days before).
        out.append(_yearly(FilingKind.ANNUAL_REPORT, year, (4, 1), (5, 31)))
        if licence.valid_until:
            out.append(
                Due(licence.valid_until - 180 * DAY, licence.valid_until - 90 * DAY,
                    FilingKind.REAPPLICATION, f"until-{licence.valid_until.isoformat()}")
            )  # fmt: skip
    elif k == LicenceKind.TRUSTED_SITE and licence.issued_on:
        # The annual check on the anniversary of the issue date (opens 30 days before).
        try:
            anniversary = licence.issued_on.replace(year=year)
        except ValueError:  # 29 February
            anniversary = datetime.date(year, 2, 28)
        out.append(Due(anniversary - 30 * DAY, anniversary, FilingKind.ANNUAL_CHECK, str(year)))
    if licence.stats_frequency:
        # The report for each month (quarter) is due on day N of the next one; it opens on the
        # first day of that next period.
        rule = recurrence.Rule(frequency=licence.stats_frequency, day=1, month=1)
        day = datetime.date(year - 1, 12, 1)
        while day <= datetime.date(year, 12, 31):
            period = recurrence.occurrence_in(rule, day)
            nxt = _next_start(licence.stats_frequency, day)
            if nxt.year == year:
                due = nxt.replace(day=licence.stats_day)
                out.append(Due(nxt, due, FilingKind.STATS_REPORT, period.key))
            day = nxt
    return [d for d in out if d.opens.year == year]


def _next_start(frequency: str, day: datetime.date) -> datetime.date:
    months = 1 if frequency == recurrence.MONTHLY else 3
    first = day.replace(day=1, month=(day.month - 1) // months * months + 1)
    month = first.month - 1 + months
    return datetime.date(first.year + month // 12, month % 12 + 1, 1)


def opened_by(licence, today: datetime.date, since: datetime.date) -> list[Due]:
    """Occurrences that opened between ``since`` and ``today`` (both included)."""
    found = []
    for year in range(since.year, today.year + 1):
        found += [d for d in dues(licence, year) if since <= d.opens <= today]
    return sorted(found)
