"""The package's layers: each subpackage imports only those below it, with no cycle, no import made
inside a function, and no report's ids in generic code."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "emcart"
# Lowest first. ``emcart`` itself (its __init__) re-exports the data package's loader.
LAYERS = ["datapackage", "model", "analysis", "audit", "presentation", "reports", "build"]
GENERIC = set(LAYERS) - {"reports"}
# A string constant naming a report's rows: a statistic, patient, course or event id ('B-1/2', 'C-T3-CR').
REPORT_ID = re.compile(r"^[A-D]-[A-Za-z0-9]")
# Generic modules that still name a report's rows, to be emptied as the reports become data.
KNOWN_REPORT_IDS: set[str] = set()


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(name: str) -> int:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 else 0


def imports(path: Path) -> list[tuple[str, ast.AST, bool]]:
    """(package module imported, node, inside a function) for every import of the package."""
    return _imports(path, path.read_text(encoding="utf-8"))


@functools.cache
def _imports(path: Path, text: str) -> list[tuple[str, ast.AST, bool]]:
    """:func:`imports` of the module at ``path`` as it reads ``text`` (walked once per text)."""
    tree = ast.parse(text)
    inside = {
        id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in ast.walk(f)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import (line {node.lineno}); import emcart.… absolutely"
            if (node.module or "").split(".")[0] == "emcart":
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    found.append((target if target in MODULES else node.module, node, id(node) in inside))
        elif isinstance(node, ast.Import):
            found += [(a.name, node, id(node) in inside) for a in node.names if a.name.split(".")[0] == "emcart"]
    return found


GRAPH = {name: {target for target, _, _ in imports(path)} - {name} for name, path in MODULES.items()}


def test_every_module_is_in_a_layer():
    assert {name.split(".")[1] for name in MODULES if "." in name} == set(LAYERS)


def test_no_import_from_a_higher_layer():
    upward = [
        f"{name} (layer {LAYERS[layer(name)]}) imports {target} (layer {LAYERS[layer(target)]})"
        for name, targets in GRAPH.items()
        for target in targets
        if name != "emcart" and layer(target) > layer(name)
    ]
    assert upward == []


def test_no_import_inside_a_function():
    inner = [
        f"{name} line {node.lineno}: {target}"
        for name, path in MODULES.items()
        for target, node, inside in imports(path)
        if inside
    ]
    assert inner == []


def test_no_import_cycle():
    state: dict[str, int] = {}
    cycles = []

    def visit(name: str, stack: list[str]) -> None:
        state[name] = 1
        for target in sorted(GRAPH.get(name, ())):
            if state.get(target) == 1:
                cycles.append(" → ".join(stack[stack.index(target) :] + [target]))
            elif target not in state:
                visit(target, stack + [target])
        state[name] = 2

    for name in MODULES:
        if name not in state:
            visit(name, [name])
    assert cycles == []


def _report_ids(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(n.body[0].value)
        for n in ast.walk(tree)
        if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and n.body
        and isinstance(n.body[0], ast.Expr)
        and isinstance(n.body[0].value, ast.Constant)
    }
    return [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and id(n) not in docstrings
        and REPORT_ID.match(n.value)
    ]


def test_generic_modules_name_no_report_rows():
    naming = {
        name for name, path in MODULES.items() if "." in name and name.split(".")[1] in GENERIC and _report_ids(path)
    }
    assert naming == KNOWN_REPORT_IDS


def test_generic_modules_import_no_report_module():
    assert [
        f"{n} imports {t}"
        for n, ts in GRAPH.items()
        for t in ts
        if "." in n and n.split(".")[1] in GENERIC and t.startswith("emcart.reports")
    ] == []


@pytest.mark.parametrize(
    "source, problem",
    [
        ("from emcart.reports import report_a\n", "higher"),
        ("def f():\n    from emcart.model import timeline\n", "inside"),
        ("X = {'B-GVHD': 1}\n", "report id"),
    ],
)
def test_the_checks_can_fail(tmp_path, monkeypatch, source, problem):
    path = PACKAGE / "analysis" / "probe.py"
    monkeypatch.setitem(MODULES, "emcart.analysis.probe", path)
    monkeypatch.setattr(Path, "read_text", lambda self, **kw: source if self == path else Path.open(self, **kw).read())
    if problem == "higher":
        assert any(layer(t) > layer("emcart.analysis.probe") for t, _, _ in imports(path))
    elif problem == "inside":
        assert any(inside for _, _, inside in imports(path))
    else:
        assert _report_ids(path) == ["B-GVHD"]


def test_the_readme_layout_names_every_module():
    """The README's layout table describes the tree as it is: each module is named in its subpackage's row."""
    readme = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `  (\w+)/` \|.*$", readme, flags=re.M)}
    unnamed = [
        name
        for name, path in MODULES.items()
        if path.name != "__init__.py" and f"`{path.stem}`" not in rows.get(name.split(".")[1], "")
    ]
    assert not unnamed, f"modules the README's layout table does not name in their subpackage's row: {unnamed}"
