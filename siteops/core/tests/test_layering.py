"""The layering of docs/architecture.md, checked on the source: every ``import`` of every module
under siteops/ (module level and inside functions, parsed with ``ast``, nothing executed).

- An app imports only apps in *lower* layers (so ``core`` imports no app, and two apps never
  import each other: no cycle between apps is possible);
- no import cycle between the modules of one app (e.g. models ↔ selectors);
- every hook a lower layer asks (siteops.core.hooks) is provided by the app that owns it.

Tests and migrations are not part of the layering (tests build data across apps; migrations are
history). Nothing else is exempt: a new app must be added to ``LAYERS`` (and to the drawing in
docs/architecture.md), or this test fails.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # siteops/

# Lowest first. An app may import the apps of the layers below its own, never its own layer's
# or a higher one's. Keep in step with docs/architecture.md.
LAYERS: list[set[str]] = [
    {"core"},  # shared pieces: base models, errors, events, inputs, menu, hooks
    {"org"},  # positions, acting, resolve(): who does what
    # the API's shared schemas and client auth (its router finds apps' api.py by name);
    # due dates, reminders, obligations, job heartbeats (work's duty schedules use it)
    {"api", "deadlines"},
    {"work"},  # work items between positions, notifications
    # the report registry, runs, archive, distribution; maker–checker approvals (by position,
    # through work items)
    {"reports", "approvals"},
    {"catalog"},  # products, Purchasing's intake, syncs
    {"merch", "orders"},  # shelves and ads; cart, checkout, orders
    # the department's areas: content pages; points; staffing/HR; vendors and testing; IT/hosting
    {"content", "loyalty", "people", "vendors", "infra"},
    {"campaigns", "compliance"},  # campaigns use content pages; licences use hosting's sites
    {"fulfilment", "storefront"},  # order operations; the shop
    {"jobs", "cli"},  # the one schedule (every app's tasks); the `siteops` command
]
LAYER_OF = {app: n for n, apps in enumerate(LAYERS) for app in apps}


def _modules() -> dict[str, Path]:
    mods = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT.parent).with_suffix("")
        if "tests" in rel.parts or "migrations" in rel.parts:
            continue
        parts = rel.parts[:-1] if rel.parts[-1] == "__init__" else rel.parts
        mods[".".join(parts)] = path
    return mods


def _imports(name: str, path: Path):
    """(imported module name, line) for every import statement of the module."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            yield module, node.lineno
            for alias in node.names:
                yield f"{module}.{alias.name}", node.lineno


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "siteops" else None


MODULES = _modules()


def test_every_app_has_a_layer():
    apps = {_app(m) for m in MODULES if m.count(".") >= 1} - {None}
    assert apps <= set(LAYER_OF), (
        f"add to LAYERS (and docs/architecture.md): {apps - set(LAYER_OF)}"
    )


def test_apps_import_only_lower_layers():
    wrong = []
    for name, path in MODULES.items():
        app = _app(name)
        if app is None:
            continue
        for module, line in _imports(name, path):
            target = _app(module)
            if target is None or target == app:
                continue
            if target not in LAYER_OF or LAYER_OF[target] >= LAYER_OF[app]:
                wrong.append(f"{path.relative_to(ROOT.parent)}:{line} {app} → {target}")
    assert not sorted(set(wrong)), "imports against the layering:\n" + "\n".join(sorted(set(wrong)))


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in list(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_between_the_modules_of_an_app():
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in MODULES.items():
        for module, _line in _imports(name, path):
            if module in MODULES and module != name and _app(module) == _app(name):
                edges[name].add(module)
    assert not _cycles(edges)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.django_db
def test_every_declared_hook_is_provided():
    from siteops.core import hooks

    missing = [
        name
        for name, hook in hooks.DECLARED.items()
        if not hook.optional and not hooks.provided(name)
    ]
    assert not missing, f"no installed app provides: {missing}"


def test_menu_checks_name_declared_hooks():
    from siteops.core import hooks
    from siteops.core.menu import MENU

    checks = [item.check for group in MENU for item in group.items if item.check]
    assert checks and all(c in hooks.DECLARED for c in checks)


def test_an_undeclared_hook_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    from siteops.core import hooks

    with pytest.raises(ImproperlyConfigured):
        hooks.provide("nobody.declared.this", lambda: None)
    with pytest.raises(ImproperlyConfigured):
        hooks.ask("nobody.declared.this")


def test_api_routers_declare_their_prefix_one_way():
    import importlib

    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    from siteops.api.router import PREFIX_RE

    prefixes = {}
    for config in apps.get_app_configs():
        if config.name.startswith("siteops.") and config.name != "siteops.api":
            if module_has_submodule(config.module, "api"):
                module = importlib.import_module(f"{config.name}.api")
                prefixes[config.label] = module.PREFIX
    assert prefixes == {"catalog": "catalog", "merch": "merch", "fulfilment": "fulfilment",
                        "work": "", "loyalty": "loyalty", "content": "content", "infra": "infra",
                        "campaigns": "campaigns", "people": "people", "vendors": "vendors",
                        "compliance": "compliance"}  # fmt: skip
    assert all(PREFIX_RE.match(p) for p in prefixes.values())


def test_api_paths_are_the_public_ones(client):
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert {"/api/v1/catalog/products", "/api/v1/merch/plans", "/api/v1/fulfilment/batches",
            "/api/v1/requests"} <= paths  # fmt: skip
    assert not [p for p in paths if "//" in p]


def test_no_module_calls_a_private_function_of_services_or_selectors():
    """Views, APIs, jobs and other apps call services and selectors by their public names; a
    ``_helper`` is the module's own business (tests may reach in)."""
    kinds = ("services", "selectors")
    wrong = []
    for name, path in MODULES.items():
        own = name.split(".")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in kinds and node.attr.startswith("_")
                and not node.attr.startswith("__") and node.value.id not in own
            ):  # fmt: skip
                wrong.append(
                    f"{path.relative_to(ROOT.parent)}:{node.lineno} {node.value.id}.{node.attr}"
                )
            if isinstance(node, ast.ImportFrom) and node.module:
                last = node.module.split(".")[-1]
                inside = node.level and any(k in own for k in kinds)  # a package's own modules
                if (
                    last in kinds or any(f".{k}." in f".{node.module}." for k in kinds)
                ) and not inside:
                    for alias in node.names:
                        if alias.name.startswith("_") and not alias.name.startswith("__"):
                            wrong.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} "
                                         f"{node.module}.{alias.name}")  # fmt: skip
    assert not wrong, "private service/selector functions used from outside:\n" + "\n".join(wrong)
