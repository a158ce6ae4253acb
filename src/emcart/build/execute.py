"""Execute notebooks in place, deterministically, when their inputs changed; outputs are committed.

A notebook's inputs are its code cells, the package modules it imports (directly or through
other modules: the ``build`` layer is not among them), the pinned environment, the data
package's schema, the rows of the reports it loads (``emcart.load("C")``: report C's rows; ``emcart.load()``:
all rows) and any other file it reads (the second transcription). Each execution records in the
notebook's metadata (``emcart``) what the notebook read and a fingerprint of those inputs; a
notebook whose fingerprint still matches is not executed again. So an edit to a report-C row
re-executes the notebooks that read report C, and no other. The whole data package is validated
first on every run: bad input stops the build.

Usage: ``python -m emcart.build.execute [--all | --check] notebooks/*.ipynb`` (``--all``: execute every
notebook; ``--check``: execute none, warn about each stale one, fail under ``CI=true``).
"""

from __future__ import annotations

import ast
import ctypes
import fcntl
import functools
import hashlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from emcart.datapackage.dataset import INPUTS_LOG, Dataset, load
from emcart.datapackage.paths import REPO, sources_dir
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
            todo |= _imports_of(cell.source)
    found: set[str] = set()
    while todo:
        name = todo.pop()
        found.add(name)
        todo |= _imports_of(module_file(name).read_text(encoding="utf-8")) - found
    return sorted(found)


@functools.lru_cache(maxsize=512)
def _imports_of(source: str) -> frozenset[str]:
    """:func:`imported` of a code text, parsed once per text (the same modules are read for every notebook)."""
    return frozenset(imported(ast.parse(source)))


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
    notebook = read(path)
    with tempfile.NamedTemporaryFile("r", suffix=".log", encoding="utf-8") as log:
        os.environ[INPUTS_LOG] = log.name
        client = NotebookClient(
            notebook,
            timeout=TIMEOUT,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.execute()
        inputs = inputs_read(log.read())
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    write(notebook, path)
    return inputs


def write(notebook, path: Path) -> None:
    """Write a notebook atomically: to a temporary file beside it, then renamed over it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as fh:
            nbformat.write(notebook, fh)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def read(path: Path):
    """Read a notebook, naming it if it is unreadable."""
    try:
        return nbformat.read(path, as_version=4)
    except (OSError, ValueError) as exc:  # NotJSONError and ValidationError are ValueErrors
        raise NotebookError(f"{path}: unreadable notebook ({type(exc).__name__}: {str(exc)[:200]})") from exc


class NotebookError(RuntimeError):
    """A notebook that cannot be read or executed, named."""


def _die_with_parent() -> None:
    """In a worker: end at once when the run dies (the kernel sends SIGTERM: PR_SET_PDEATHSIG). An interrupt
    (Ctrl-C) is the run's to handle: it kills its workers."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the run's handler: a worker just ends
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _lock():
    """Serialise concurrent runs on this checkout: the second waits for the first."""
    name = hashlib.sha256(str(REPO).encode()).hexdigest()[:12]
    handle = open(Path(tempfile.gettempdir()) / f"emcart-execute-{name}.lock", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("another notebook run on this checkout is in progress: waiting for it", flush=True)
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def sources_message() -> str | None:
    """One line when the source texts are missing (None when present)."""
    if sources_dir().is_dir():
        return None
    return f"source texts not found at {sources_dir()}: snippets not checked against them (set EMCART_SOURCES)"


def record(path: Path, dataset: Dataset, inputs: dict[str, list[str]]) -> None:
    """Store in the notebook what it read and the fingerprint of those inputs."""
    notebook = read(path)
    notebook.metadata["emcart"] = {**inputs, "inputs": fingerprint(notebook, dataset, inputs)}
    write(notebook, path)


def main(argv: list[str]) -> int:
    everything = "--all" in argv
    paths = [Path(a) for a in argv if a not in ("--all", "--check")]
    if "--check" in argv:
        return check(paths)
    missing = sources_message()
    if missing:
        print(missing, file=sys.stderr, flush=True)
        if os.environ.get("CI", "").lower() == "true":
            return 1
    for stop in (signal.SIGINT, signal.SIGTERM):  # even where the caller ignores them (a background job)
        signal.signal(stop, _stopped)
    with _lock():
        try:
            notebooks = {path: read(path) for path in paths}  # an unreadable one is named before any runs
            dataset = load()
            todo = [p for p in paths if everything or stale(notebooks[p], dataset)]
            for path in paths:
                if path not in todo:
                    print(f"current {path}", flush=True)
            if todo:
                _run(todo, dataset)
        except (DataError, NotebookError) as error:
            print(error, file=sys.stderr)
            return 1
    return 0


def _stopped(signum, frame) -> None:
    """Stop the run (its workers are stopped as the exit unwinds :func:`_run`)."""
    raise SystemExit(128 + signum)


def check(paths: list[Path]) -> int:
    """Warn, one line per notebook, about notebooks whose stored outputs are stale (`make html`); under
    CI=true a stale notebook is a failure."""
    try:
        dataset = load()
        stale_paths = [p for p in paths if stale(read(p), dataset)]
    except (DataError, NotebookError) as error:
        print(error, file=sys.stderr)
        return 1
    for path in stale_paths:
        print(
            f"WARNING: {path} is stale: its inputs changed since its outputs were stored; run `make notebooks`",
            file=sys.stderr,
        )
    return 1 if stale_paths and os.environ.get("CI", "").lower() == "true" else 0


def _run(todo: list[Path], dataset: Dataset) -> None:
    """Execute the notebooks, each in its own worker process, as many at a time as there are cores. A run
    that stops (interrupt, SIGTERM, a failed notebook) kills the workers still running, so that nothing goes
    on writing notebooks after it; their kernels end within a second (a kernel polls its parent)."""
    workers = min(len(todo), os.cpu_count() or 1)
    print(f"executing {len(todo)} notebook(s) on {workers} process(es)", flush=True)
    waiting, running = list(todo), {}
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                path = waiting.pop(0)
                receiver, sender = multiprocessing.Pipe(duplex=False)
                process = multiprocessing.Process(target=_worker, args=(path, sender), daemon=True)
                process.start()
                sender.close()
                running[receiver] = (path, process)
            for receiver in multiprocessing.connection.wait(list(running)):
                path, process = running.pop(receiver)
                inputs = _outcome(path, process, receiver)
                record(path, dataset, inputs)
                studies = ", ".join(inputs["studies"]).replace(ALL, "all reports") or "no report"
                print(f"executed {path} (reads {studies}{''.join(', ' + f for f in inputs['files'])})", flush=True)
    finally:
        for _, process in running.values():
            process.kill()
            process.join()


def _worker(path: Path, sender) -> None:
    """Execute one notebook in a worker process; send back what it read, or why it failed."""
    _die_with_parent()
    try:
        sender.send(("read", execute(path)))
    except Exception as error:  # handed to the run, which names the notebook
        sender.send(
            ("failed", str(error) if isinstance(error, NotebookError) else f"{path}: {type(error).__name__}: {error}")
        )


def _outcome(path: Path, process, receiver) -> dict[str, list[str]]:
    """What the worker's notebook read; a failed or vanished worker is a :class:`NotebookError` naming it."""
    try:
        kind, outcome = receiver.recv()
    except EOFError:
        kind, outcome = "failed", f"{path}: its worker ended without a result"
    process.join()
    if kind == "failed":
        raise NotebookError(outcome)
    return outcome


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
