"""Execute notebooks in place, deterministically, when their inputs changed; outputs are committed.

A notebook's inputs are its code cells, the package modules it imports (directly or through
other modules: the ``build`` layer is not among them), the pinned environment, the data
package's schema, the rows of the reports it loads (``emcart.load("C")``: report C's rows; ``emcart.load()``:
all rows) and any other file it reads (the second transcription). Each execution records in the
notebook's metadata (``emcart``) what the notebook read and a fingerprint of those inputs; a
notebook whose fingerprint still matches is not executed again. So an edit to a report-C row
re-executes the notebooks that read report C, and no other. The whole data package is validated
first on every run: bad input stops the build.

Usage: ``python -m emcart.build.execute [--all] notebooks/*.ipynb`` (``--all``: execute every notebook).
"""
from __future__ import annotations

import ast
import hashlib
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from emcart.datapackage.dataset import INPUTS_LOG, Dataset, load
from emcart.datapackage.paths import REPO
from emcart.datapackage.problems import DataError

TIMEOUT = 600
PACKAGE = Path(__file__).parents[1]
ALL = "*"


def inputs_read(log: str) -> dict[str, list[str]]:
    """The studies loaded (``["*"]`` when any load took all rows) and the files read, from an inputs log."""
    read: dict[str, set[str]] = {"study": set(), "file": set()}
    for line in log.splitlines():
        kind, _, name = line.partition(" ")
        read[kind].add(name)
    studies = [ALL] if ALL in read["study"] else sorted(read["study"])
    return {"studies": studies, "files": sorted(read["file"])}


def module_file(name: str) -> Path | None:
    """The source file of package module ``name`` ('emcart.model.timeline'), or None if it is not one."""
    parts = name.split(".")
    if parts[0] != PACKAGE.name:
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _with_parents(name: str) -> set[str]:
    """A module and the packages it sits in, which importing it imports too."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}


def imported(tree: ast.AST) -> set[str]:
    """The package modules an AST imports (absolute imports of ``emcart``), with their packages."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    found = set()
    for name in names:
        if module_file(name) is not None:
            found |= {n for n in _with_parents(name) if module_file(n) is not None}
    return found


def package_modules(notebook) -> list[str]:
    """The package modules the notebook's code imports, with everything they import in turn."""
    todo = set()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            todo |= imported(ast.parse(cell.source))
    found: set[str] = set()
    while todo:
        name = todo.pop()
        found.add(name)
        todo |= imported(ast.parse(module_file(name).read_text(encoding="utf-8"))) - found
    return sorted(found)


def fingerprint(notebook, dataset: Dataset, inputs: dict[str, list[str]]) -> str:
    """Hash of everything the notebook's outputs depend on, given what it reads."""
    digest = hashlib.sha256()

    def add(label: str, text: str) -> None:
        digest.update(f"{label}\0{len(text)}\0{text}\0".encode())

    for cell in notebook.cells:
        if cell.cell_type == "code":
            add("cell", cell.source)
    for name in package_modules(notebook):
        add(name, module_file(name).read_text(encoding="utf-8"))
    for name in ["requirements.lock", *inputs["files"]]:
        add(name, (REPO / name).read_text(encoding="utf-8"))
    add("datapackage.json", (dataset.root / "datapackage.json").read_text(encoding="utf-8"))
    studies = inputs["studies"]
    rows = dataset if ALL in studies else dataset.scope(studies)
    for name, frame in rows.tables.items():
        add(name, frame.to_csv(index=False))
    add("studies", " ".join(studies))
    return "sha256:" + digest.hexdigest()


def stale(notebook, dataset: Dataset) -> bool:
    """Whether the notebook's stored outputs may differ from what its current inputs give."""
    record = notebook.metadata.get("emcart")
    if not record:
        return True
    try:
        return record["inputs"] != fingerprint(notebook, dataset, record)
    except (FileNotFoundError, KeyError, ValueError):  # a file it read is gone, a study unknown, an old record
        return True


def execute(path: Path) -> dict[str, list[str]]:
    """Run every cell of the notebook at ``path`` (working directory: its folder); return what it read."""
    notebook = nbformat.read(path, as_version=4)
    with tempfile.NamedTemporaryFile("r", suffix=".log", encoding="utf-8") as log:
        os.environ[INPUTS_LOG] = log.name
        client = NotebookClient(notebook, timeout=TIMEOUT, kernel_name="python3", record_timing=False,
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
        inputs = inputs_read(log.read())
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)
    return inputs


def record(path: Path, dataset: Dataset, inputs: dict[str, list[str]]) -> None:
    """Store in the notebook what it read and the fingerprint of those inputs."""
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata["emcart"] = {**inputs, "inputs": fingerprint(notebook, dataset, inputs)}
    nbformat.write(notebook, path)


def main(argv: list[str]) -> int:
    everything = "--all" in argv
    paths = [Path(a) for a in argv if a != "--all"]
    try:
        dataset = load()
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    todo = [p for p in paths if everything or stale(nbformat.read(p, as_version=4), dataset)]
    for path in paths:
        if path not in todo:
            print(f"current {path}", flush=True)
    if todo:
        print(f"executing {len(todo)} notebook(s) on {min(len(todo), os.cpu_count() or 1)} process(es)", flush=True)
        with ProcessPoolExecutor(max_workers=min(len(todo), os.cpu_count() or 1)) as pool:
            for path, inputs in zip(todo, pool.map(execute, todo)):
                record(path, dataset, inputs)
                studies = ", ".join(inputs["studies"]).replace(ALL, "all reports") or "no report"
                print(f"executed {path} (reads {studies}{''.join(', ' + f for f in inputs['files'])})", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
