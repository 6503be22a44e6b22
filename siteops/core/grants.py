"""Which position's permission group gets which permissions.

Each domain app declares ``GRANTS = {"PED": ["catalog.view_product", ...], ...}`` in its
``permissions.py``; ``siteops load-org`` unions them and sets every position's group to exactly
that set (so the code is the single source, and a re-run is idempotent). The shorthand
``"app.*"`` grants every permission of an app, ``"app.view_*"`` every view permission.
"""

from __future__ import annotations

import importlib
from collections import defaultdict

from django.apps import apps
from django.contrib.auth.models import Permission
from django.utils.module_loading import module_has_submodule


def collect_grants() -> dict[str, set[str]]:
    grants: dict[str, set[str]] = defaultdict(set)
    for config in apps.get_app_configs():
        if not config.name.startswith("siteops.") or not module_has_submodule(
            config.module, "permissions"
        ):
            continue
        module = importlib.import_module(f"{config.name}.permissions")
        for code, perms in getattr(module, "GRANTS", {}).items():
            grants[code].update(perms)
    return grants


def expand(perms: set[str]) -> list[Permission]:
    """Turn "app.codename" / "app.*" / "app.view_*" into Permission rows (unknown ones fail loudly)."""
    all_perms = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    result = []
    for spec in sorted(perms):
        if spec.endswith("*"):
            prefix = spec[:-1]
            matched = [p for key, p in all_perms.items() if key.startswith(prefix)]
            if not matched:
                raise LookupError(f"grant {spec!r} matches no permission")
            result.extend(matched)
        else:
            if spec not in all_perms:
                raise LookupError(f"grant {spec!r} is not a permission")
            result.append(all_perms[spec])
    return result
