"""The ``siteops`` console command: Django's manage.py with the project's operations commands.

``siteops serve``, ``siteops worker``, ``siteops scheduler``, ``siteops run-all``, ``siteops
load-org``, ``siteops load-demo``, and every Django command (``siteops migrate`` …). Hyphens in
command names are accepted (``load-demo`` = ``load_demo``).
"""

import os
import sys
from pathlib import Path


def main(argv=None, prog: str = "siteops") -> int:
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    argv = list(sys.argv if argv is None else argv)
    argv[0] = prog
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
