"""Reuse a check's problems within one process while nothing it read has changed.

A check is run on a :class:`~emcart.datapackage.dataset.Dataset` whose tables record which of them are
read. Its problems are stored with the digests of those tables' files and of the files every check may
read (``datapackage.json``, ``manifest.json``), plus a key for any other input (the source texts). A later
run reuses them only when all of these are byte-identical, so a changed copy of the data is always
checked for real (the mutation suite relies on it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from pathlib import Path

from emcart.datapackage.problems import Problem

ALWAYS_READ = ("datapackage.json", "manifest.json")

_STORED: dict[Hashable, list[tuple[dict[str, str], list[Problem]]]] = {}


class Tables(dict):
    """The frames of a dataset, by table name, noting the names whose frames are read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def __getitem__(self, name):
        self.read.add(name)
        return super().__getitem__(name)

    def get(self, name, default=None):
        self.read.add(name)
        return super().get(name, default)

    def items(self):
        self.read.update(self.keys())
        return super().items()

    def values(self):
        self.read.update(self.keys())
        return super().values()


def digests(root: Path, descriptor: dict) -> dict[str, str]:
    """SHA-256 of each table's file, by table name, and of the files every check may read."""
    files = {r["name"]: r["path"] for r in descriptor["resources"]} | {name: name for name in ALWAYS_READ}
    return {name: _sha256(root / path) for name, path in files.items()}


def run(key: Hashable, dataset, current: dict[str, str], check: Callable[[], list[Problem]]) -> list[Problem]:
    """``check()``'s problems, reused from an earlier run under ``key`` that read identical files."""
    for read, problems in _STORED.get(key, []):
        if all(current.get(name) == digest for name, digest in read.items()):
            return list(problems)
    dataset.tables.read.clear()
    problems = check()
    read = {name: current[name] for name in dataset.tables.read | set(ALWAYS_READ)}
    _STORED.setdefault(key, []).append((read, list(problems)))
    return problems


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "absent"
