"""Load the department's org chart, duties, fallbacks and position permissions (idempotent)."""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from siteops.core.grants import collect_grants, expand
from siteops.org.data.duties import DUTIES
from siteops.org.data.org import DEPARTMENTS, FALLBACKS, POSITIONS
from siteops.org.models import ActingFallback, Department, Duty, Position

# The duty saying that a lead covers a vacant subordinate (CE-09 and its twins, MGR-20).
SUPERIOR_DUTY = {"CE": "CE-09", "PLN": "PLN-09", "DEV": "DEV-09", "MGR": "MGR-20"}


@transaction.atomic
def load_org(*, update_texts: bool = False) -> dict[str, int]:
    """Create what is missing; never overwrite what the company has edited (unless asked)."""
    counts = {"departments": 0, "positions": 0, "duties": 0, "fallbacks": 0}
    depts = {}
    for order, (code, zh, en, kind) in enumerate(DEPARTMENTS):
        dept, created = Department.objects.get_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en, "kind": kind, "order": order}
        )
        depts[code] = dept
        counts["departments"] += created
    positions = {}
    for order, (code, zh, en, dept, _boss, is_lead, headcount) in enumerate(POSITIONS):
        pos = Position.objects.filter(code=code).first()
        if pos is None:
            group, _ = Group.objects.get_or_create(name=f"position:{code}")
            pos = Position.objects.create(
                code=code, name_zh=zh, name_en=en, department=depts[dept], is_lead=is_lead,
                headcount=headcount, group=group, order=order,
            )  # fmt: skip
            counts["positions"] += 1
        positions[code] = pos
    for code, _zh, _en, _dept, boss, *_ in POSITIONS:
        pos = positions[code]
        if boss and pos.reports_to_id is None:
            pos.reports_to = positions[boss]
            pos.save(update_fields=["reports_to"])
    for position_code, duties in DUTIES.items():
        for order, (code, zh, en) in enumerate(duties):
            defaults = {"position": positions[position_code], "text_zh": zh, "text_en": en,
                        "order": order}  # fmt: skip
            if update_texts:
                Duty.objects.update_or_create(code=code, defaults=defaults)
            else:
                counts["duties"] += Duty.objects.get_or_create(code=code, defaults=defaults)[1]
    wanted = [(p, f, d) for p, f, d in FALLBACKS]
    for code, _zh, _en, _dept, boss, *_ in POSITIONS:
        if boss:
            wanted.append((code, boss, SUPERIOR_DUTY.get(boss, "")))
    for order, (code, fallback, duty) in enumerate(wanted):
        _, created = ActingFallback.objects.get_or_create(
            position=positions[code], fallback=positions[fallback],
            defaults={"order": order, "duty_code": duty},
        )  # fmt: skip
        counts["fallbacks"] += created
    sync_position_permissions(positions)
    return counts


def sync_position_permissions(positions=None) -> None:
    """Set every position group's permissions to exactly what the apps' GRANTS declare."""
    grants = collect_grants()
    positions = positions or {p.code: p for p in Position.objects.select_related("group")}
    for code, pos in positions.items():
        pos.group.permissions.set(expand(grants.get(code, set())))


class Command(BaseCommand):
    help = "Load the org chart, duties, acting fallbacks and position permissions (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update-texts",
            action="store_true",
            help="Overwrite duty texts with the shipped ones.",
        )

    def handle(self, *args, **options):
        counts = load_org(update_texts=options["update_texts"])
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            self.style.SUCCESS(
                "org loaded: "
                + ", ".join(f"{k} +{v}" for k, v in counts.items())
                + "; permissions synced"
            )
        )
