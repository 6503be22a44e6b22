"""Extract and compile translations for every app (run by `make messages`; needs GNU gettext).

Each app keeps its own catalogue in ``siteops/<app>/locale/zh_Hans/LC_MESSAGES/django.po`` so
that modules can be worked on side by side. Usage:

    python scripts/messages.py            # makemessages + compilemessages for all apps
    python scripts/messages.py work core  # only these apps
    python scripts/messages.py --check    # fail if any message lacks a Chinese translation,
                                          # in the catalogues or in the source (extracted afresh)
    python scripts/messages.py --check --quick  # the catalogues only
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = sorted(p for p in (ROOT / "siteops").iterdir() if (p / "__init__.py").exists())
DJANGO_ADMIN = [
    sys.executable,
    "-P",
    "-m",
    "django",
]  # -P: app modules like selectors.py must not shadow the stdlib


def untranslated() -> list[str]:
    import polib

    missing = []
    for po_path in sorted(ROOT.glob("siteops/*/locale/zh_Hans/LC_MESSAGES/django.po")):
        po = polib.pofile(str(po_path))
        for entry in po:
            if entry.obsolete:
                continue
            if not entry.translated() or "fuzzy" in entry.flags:
                missing.append(f"{po_path.relative_to(ROOT)}: {entry.msgid!r}")
    return missing


def extracted_untranslated(env) -> list[str]:
    """Messages in the source that the catalogues lack: each app is extracted afresh into a
    scratch copy (its own catalogue merged in), so a string added to the code without running
    ``make messages`` is caught, not only an entry left empty in a catalogue."""
    import shutil
    import tempfile

    import polib

    missing = []
    with tempfile.TemporaryDirectory() as tmp:
        for app in APPS:
            po_path = app / "locale/zh_Hans/LC_MESSAGES/django.po"
            if not po_path.exists():
                continue
            copy = Path(tmp) / app.name
            shutil.copytree(app, copy, ignore=shutil.ignore_patterns(
                "tests", "migrations", "__pycache__", "*.mo", "static"))  # fmt: skip
            subprocess.run(
                [*DJANGO_ADMIN, "makemessages", "-l", "zh_Hans", "--no-obsolete",
                 "--no-location"],
                cwd=copy, env=env, check=True, capture_output=True,
            )  # fmt: skip
            for entry in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po")):
                if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags):
                    missing.append(f"{po_path.relative_to(ROOT)}: {entry.msgid!r} (not extracted)")
    return missing


def main() -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test",
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    wanted = [a for a in sys.argv[1:] if not a.startswith("-")]
    if "--check" not in sys.argv:
        for app in APPS:
            if wanted and app.name not in wanted:
                continue
            if not any(app.rglob("*.py")):
                continue
            (app / "locale").mkdir(exist_ok=True)
            subprocess.run(
                [*DJANGO_ADMIN, "makemessages", "-l", "zh_Hans", "--no-obsolete",
                 "--ignore", "tests/*", "--ignore", "migrations/*"],
                cwd=app, env=env, check=True,
            )  # fmt: skip
            if (app / "locale/zh_Hans/LC_MESSAGES/django.po").exists():
                subprocess.run([*DJANGO_ADMIN, "compilemessages", "-l", "zh_Hans"],
                               cwd=app, env=env, check=True)  # fmt: skip
    missing = untranslated()
    if "--check" in sys.argv and "--quick" not in sys.argv:
        known = {line.split(": ", 1)[1] for line in missing}
        missing += [m for m in extracted_untranslated(env)
                    if m.split(": ", 1)[1].removesuffix(" (not extracted)") not in known]  # fmt: skip
    for line in missing:
        print("untranslated:", line)
    return 1 if missing and "--check" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())
