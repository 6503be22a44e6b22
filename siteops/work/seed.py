"""Seed data of the work module: recurring duty schedules from DUTIES.md and the default
escalation rules. Idempotent (matched by name); ``load_work_demo`` calls it."""

from __future__ import annotations

from siteops.org.models import Duty, Position

from .models import DutySchedule, EscalationRule

# name, duty, position, frequency, weekday, day_of_month, month, hour, title template, due days
SCHEDULES = [
    ("PRC-04 每周订单统计", "PRC-04", "PRC", "weekly", 0, 1, 1, 9, "每周订单统计报表 {period}", 1),
    ("PRC-06 每月项目统计", "PRC-06", "PRC", "monthly", 0, 1, 1, 9, "月度项目统计报表 {period}", 3),
    ("PRC-07 每月其他统计汇总", "PRC-07", "PRC", "monthly", 0, 3, 1, 9, "网站其他统计汇总 {period}", 3),
    ("PRM-03 每月推广报告", "PRM-03", "PRM", "monthly", 0, 25, 1, 9, "推广工作报告 {period}", 5),
    ("MGR-17 ICP/公安备案月度报送", "MGR-17", "MGR", "monthly", 0, 5, 1, 9, "ICP/公安备案月度报送 {period}", 5),
    ("MGR-17 红盾315 季度报告", "MGR-17", "MGR", "quarterly", 0, 10, 1, 9, "红盾315 季度报告 {period}", 10),
    ("MGR-17 ICP 许可证年检", "MGR-17", "MGR", "yearly", 0, 1, 3, 9, "ICP 许可证年检 {period}", 30),
    ("MGR-18 可信网站年审", "MGR-18", "MGR", "yearly", 0, 15, 6, 9, "可信网站认证年审 {period}", 30),
]  # fmt: skip

RULES = [
    ("逾期 1 个工作日 → 组长", 1, 1),
    ("逾期 3 个工作日 → 部门经理", 3, 2),
]


def seed_schedules() -> int:
    """The demo's recurring duties, made once (a schedule the department has edited stays as it is;
    re-saving would also write a history row on every demo load)."""
    made = 0
    positions = {p.code: p for p in Position.objects.all()}
    duties = {d.code: d for d in Duty.objects.all()}
    for name, duty, pos, freq, wd, dom, month, hour, title, due_days in SCHEDULES:
        if pos not in positions:
            continue
        _obj, created = DutySchedule.objects.get_or_create(
            name=name,
            defaults={
                "duty": duties.get(duty), "position": positions[pos], "frequency": freq,
                "weekday": wd, "day_of_month": dom, "month": month, "hour": hour,
                "title_template": title, "due_in_days": due_days,
            },
        )  # fmt: skip
        made += created
    return made


def seed_rules() -> int:
    made = 0
    for name, days, levels in RULES:
        _obj, created = EscalationRule.objects.get_or_create(
            overdue_working_days=days, defaults={"name": name, "levels_up": levels}
        )
        made += created
    return made
