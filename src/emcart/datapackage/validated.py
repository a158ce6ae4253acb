"""A data package found valid is not validated again, in any process, while nothing validation reads has changed.

Every notebook kernel, notebook run and test process loads the data package, and validating it costs about three
CPU-seconds. When a load finds the package valid, it leaves an empty marker in ``_build/.validated`` named by the
digest of everything validation reads: the bytes of every file in the package's folder and of every file it
describes, the bytes of each source text and whether snippets are checked against them, and the validation code
itself with the Frictionless and pandas versions. A later load whose digest has a marker skips validation; any
changed byte gives a new digest and a full validation (the mutation suite's corrupted copies are always
validated). Problems are never stored: only a valid package leaves a marker. ``make clean`` removes the markers
with the rest of ``_build``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import frictionless
import pandas as pd

from emcart.datapackage import provenance
from emcart.datapackage.paths import REPO, sources_dir

STORE = REPO / "_build" / ".validated"
CODE = Path(__file__).resolve().parent


def digest(root: Path, check_sources: bool | None) -> str | None:
    """The digest of what validating the package at ``root`` reads, or None when its descriptor cannot be read
    (validation then reports why)."""
    try:
        descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
        described = {root / r["path"] for r in descriptor["resources"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    files = sorted(described | {p for p in root.iterdir() if p.is_file()} | {root / "manifest.json"})
    checks_sources = provenance.checks_sources(check_sources)
    if checks_sources and sources_dir().is_dir():
        files += sorted(f for f in sources_dir().iterdir() if f.is_file())
    files += sorted(CODE.glob("*.py"))
    found = hashlib.sha256(f"{checks_sources} {frictionless.__version__} {pd.__version__}".encode())
    for path in files:
        found.update(f"\0{path.name}\0".encode())
        found.update(path.read_bytes() if path.is_file() else b"\0absent\0")
    return found.hexdigest()


def known(key: str | None) -> bool:
    """Whether a package of this digest was found valid before."""
    return key is not None and (STORE / key).is_file()


def remember(key: str | None) -> None:
    """Note that the package of this digest is valid (a checkout that cannot be written keeps no note)."""
    if key is None:
        return
    try:
        STORE.mkdir(parents=True, exist_ok=True)
        (STORE / key).touch()
    except OSError:
        pass
