"""What a notebook calls is documented: every function or class of the package that a notebook cell calls has a
numpydoc docstring with its Parameters (if it takes any) and, for a function, what it Returns."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def _imported(tree: ast.AST) -> dict[str, str]:
    """Local name → the package module or object it names, for the package's imports of a notebook."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("emcart"):
            names.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
        elif isinstance(node, ast.Import):
            names.update({a.asname or a.name: a.name for a in node.names if a.name.startswith("emcart")})
    return names


def called() -> dict[str, set[str]]:
    """Dotted name of every package object a notebook calls → the notebooks calling it."""
    found: dict[str, set[str]] = {}
    for notebook in sorted(NOTEBOOKS.glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        tree = ast.parse("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code"))
        names = _imported(tree)
        for node in ast.walk(tree):
            f = node.func if isinstance(node, ast.Call) else None
            if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in names:
                found.setdefault(f"{names[f.value.id]}.{f.attr}", set()).add(notebook.stem)
            elif isinstance(f, ast.Name) and f.id in names:
                found.setdefault(names[f.id], set()).add(notebook.stem)
    return found


def _object(name: str):
    module, attribute = name.rsplit(".", 1)
    return getattr(importlib.import_module(module), attribute)


CALLED = called()


def test_notebooks_call_the_package():
    assert len(CALLED) > 50


@pytest.mark.parametrize("name", sorted(CALLED))
def test_what_a_notebook_calls_has_a_numpydoc_docstring(name):
    obj = _object(name)
    doc = inspect.getdoc(obj) or ""
    takes = [p for p in inspect.signature(obj).parameters if p != "self"]
    missing = [
        section
        for section, needed in (("Parameters", bool(takes)), ("Returns", not inspect.isclass(obj)))
        if needed and f"{section}\n{'-' * len(section)}" not in doc
    ]
    assert not missing, f"{name} (called by {sorted(CALLED[name])}) lacks {', '.join(missing)} in its docstring"
