"""``siteops duties [--json]``: every duty, its position and the screens that do it."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from siteops.org.selectors import duty_map


class Command(BaseCommand):
    help = "List every duty with the screens (back office, shop, API) and permissions that do it."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="machine-readable output")
        parser.add_argument("--unsupported", action="store_true", help="only duties with no screen")

    def handle(self, *args, **opts):
        rows = duty_map()
        if opts["unsupported"]:
            rows = [r for r in rows if not r["supported"]]
        if opts["json"]:
            out = [
                {
                    "id": r["code"],
                    "position": r["position"],
                    "text_zh": r["text_zh"],
                    "text_en": r["text_en"],
                    "supported": r["supported"],
                    "generic": r["generic"],
                    "screens": [
                        {
                            "kind": s["kind"],
                            "path": s["path"],
                            "url_name": s["url_name"],
                            "permission": s["perm"],
                            "check": s["check"],
                        }
                        for s in r["screens"]
                    ],  # fmt: skip
                }
                for r in rows
            ]
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        for r in rows:
            where = ", ".join(s["path"] or s["url_name"] for s in r["screens"]) or _(
                "not yet supported"
            )
            self.stdout.write(f"{r['code']:8} {r['position']:4} {where}")
        supported = sum(r["supported"] for r in rows)
        self.stdout.write(f"{supported}/{len(rows)}")
