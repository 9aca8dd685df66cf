"""Import arrows run one way: road -> residency -> certification -> applicants -> directory -> core.

Reads every module of the apps (and config/settings.py) with `ast`, never importing them, and
fails on an import of a higher layer, or of another app's views or private (_name) helpers.
Migrations are exempt: they name the apps their state depends on.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: an app may import its own layer and those below it.
LAYERS = ("core", "directory", "applicants", "certification", "residency", "road")
RANK = {app: rank for rank, app in enumerate(LAYERS)}
SETTINGS = "config/settings.py"  # the settings import no app code at all

# Known leftovers, each on its way out ("app/dir/" or "app/module.py"); none today.
ALLOWED: tuple[str, ...] = ()


def _modules():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in relative:
                yield relative
    yield SETTINGS


def _imported(relative: str):
    """(line, module) for each import in the file; relative imports made absolute, and
    `from package import name` also yields package.name (it may be a module)."""
    package = relative.removesuffix(".py").split("/")[:-1]  # an __init__.py: its own package
    tree = ast.parse((ROOT / relative).read_text(encoding="utf-8"), relative)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield node.lineno, module
            for alias in node.names:
                yield node.lineno, f"{module}.{alias.name}"


def _app(relative: str) -> str:
    return relative.split("/")[0]


def _allowed(relative: str) -> bool:
    return any(relative.startswith(entry) if entry.endswith("/") else relative == entry
               for entry in ALLOWED)


MODULES = list(_modules())


@pytest.mark.parametrize("relative", MODULES)
def test_imports_point_down(relative):
    if _allowed(relative):
        pytest.skip("allow-listed leftover")
    upward = []
    for line, module in _imported(relative):
        target = module.split(".")[0]
        if target not in RANK:
            continue  # the standard library, Django, third parties
        if relative == SETTINGS or RANK[target] > RANK[_app(relative)]:
            upward.append(f"{relative}:{line} imports {module}")
    assert not upward, "\n".join(upward)


@pytest.mark.parametrize("relative", MODULES)
def test_apps_use_each_other_only_through_public_names(relative):
    """Not another app's views (their helpers belong in a public module), nor its _private
    names; `from app import module` counts as using that module."""
    if _allowed(relative) or relative == SETTINGS:
        pytest.skip("allow-listed leftover" if relative != SETTINGS else "checked above")
    crossing = []
    for line, module in _imported(relative):
        parts = module.split(".")
        if parts[0] not in RANK or parts[0] == _app(relative):
            continue
        if "views" in parts or any(part.startswith("_") and not part.startswith("__")
                                   for part in parts):
            crossing.append(f"{relative}:{line} imports {module}")
    assert not crossing, "\n".join(crossing)


def test_the_walk_sees_every_app_and_resolves_relative_imports():
    assert {_app(m) for m in MODULES} == {*LAYERS, "config"}
    imported = {module for _, module in _imported("certification/schools.py")}
    assert {"directory.models.MedicalSchool", "certification.rules"} <= imported
    imported = {module for _, module in _imported("certification/models/__init__.py")}
    assert {"certification.rules", "certification.models.records.EcfmgRecord"} <= imported


def test_the_door_up_to_the_road_opens_only_onto_the_road(settings):
    """core.road reaches the road app by the dotted paths in settings.ROAD: each must name a
    function of the road app (the one place allowed to read every app), and resolve."""
    from django.utils.module_loading import import_string

    for name, path in settings.ROAD.items():
        assert path.split(".")[0] == "road", f"settings.ROAD[{name!r}] = {path!r}"
        assert callable(import_string(path)), path


# Modules a newcomer can read at one sitting (the architecture issue's limits).
MAX_LINES = 400
MAX_RULE_LINES = 300  # certification's rules package
PRIVATE_ORM = ("_result_cache", "_prefetch", "deferred_loading")


def test_no_app_module_is_too_long_to_read():
    too_long = {}
    for relative in _modules():
        lines = (ROOT / relative).read_text(encoding="utf-8").count("\n")
        limit = MAX_RULE_LINES if relative.startswith("certification/rules/") else MAX_LINES
        if lines > limit:
            too_long[relative] = lines
    assert not too_long, f"over {MAX_LINES} lines ({MAX_RULE_LINES} in the rules): {too_long}"


def test_no_app_module_touches_the_orms_private_attributes():
    found = [relative for relative in _modules()
             if any(name in (ROOT / relative).read_text(encoding="utf-8")
                    for name in PRIVATE_ORM)]
    assert not found
