"""Fill Chinese translations into every app's catalogue from a JSON file {msgid: msgstr}.

    python scripts/fill_po.py zh.json [app …]   # fills (and compiles) those apps' catalogues

Plural entries take a list [singular, plural] (Chinese uses one form; both are set).
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main(path: str, apps: list[str]) -> int:
    table = json.loads(Path(path).read_text())
    left = 0
    for po_path in sorted(ROOT.glob("siteops/*/locale/zh_Hans/LC_MESSAGES/django.po")):
        if apps and po_path.parts[-5] not in apps:
            continue
        po = polib.pofile(str(po_path))
        for entry in po:
            value = table.get(entry.msgid)
            if value is None:
                left += not entry.translated()
                continue
            if entry.msgid_plural:
                value = value if isinstance(value, list) else [value]
                entry.msgstr_plural = {0: value[0]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.save()
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"untranslated entries left: {left}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
