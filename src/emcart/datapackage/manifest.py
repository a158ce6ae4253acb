"""The expected rows and schemas, pinned independently of the tables: data/manifest.json.

A deleted row, a row duplicated under a new id or a weakened schema in datapackage.json changes the
tables and the descriptor together, so neither can reveal it. The manifest lists, per table, the keys
of its rows (per study) and a hash of each resource's schema, and the size and SHA-256 of each source
text the snippets were taken from (a truncated or replaced source is named once, instead of as every
snippet it no longer holds). Validation compares the package with it; a curator who adds or removes
rows on purpose updates it with::

    PYTHONPATH=src python -m emcart.datapackage.manifest --update
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from pathlib import Path

from emcart.datapackage.paths import DATA, sources_dir
from emcart.datapackage.problems import Problem

NAME = "manifest.json"
MANIFEST_FILE = f"data/{NAME}"
DESCRIPTOR = "data/datapackage.json"
# Provenance rows are pinned by their count only: their cells are pinned through the tables' keys.
COUNTED_ONLY = ("provenance",)
SOURCES = "sources"


def schema_hash(resource: dict) -> str:
    """A hash of a resource's path and schema (field names, types, constraints, keys)."""
    text = json.dumps({"path": resource.get("path"), "schema": resource.get("schema")}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _rows(root: Path, resource: dict) -> list[dict]:
    with (root / resource["path"]).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _keys(root: Path, resource: dict) -> list[str]:
    key = resource["schema"]["primaryKey"][0]
    return [row[key] for row in _rows(root, resource)]


def build(root: Path = DATA) -> dict:
    """The manifest of the package at ``root`` as it stands."""
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    manifest = {"schemas": {}, "rows": {}, "keys": {}}
    for resource in descriptor["resources"]:
        name = resource["name"]
        manifest["schemas"][name] = schema_hash(resource)
        rows = _rows(root, resource)
        manifest["rows"][name] = len(rows)
        if name not in COUNTED_ONLY:
            manifest["keys"][name] = sorted(_keys(root, resource))
    return manifest


def descriptor_problems(root: Path, descriptor: dict) -> list[Problem]:
    """Resources added, removed or re-schemed in datapackage.json since the manifest was updated."""
    pinned = _pinned(root)
    if pinned is None:
        return [
            Problem(
                MANIFEST_FILE, None, None, "missing or unreadable; run: python -m emcart.datapackage.manifest --update"
            )
        ]
    resources = {r.get("name"): r for r in descriptor.get("resources", [])}
    problems = []
    for name, expected in pinned["schemas"].items():
        if name not in resources:
            problems.append(
                Problem(DESCRIPTOR, None, f"resources/{name}", f"resource {name} removed from the descriptor")
            )
        elif schema_hash(resources[name]) != expected:
            problems.append(
                Problem(
                    DESCRIPTOR,
                    None,
                    f"resources/{name}/schema",
                    f"schema of {name} differs from {MANIFEST_FILE} (a field retyped, renamed or unconstrained?)",
                )
            )
    for name in sorted(set(resources) - set(pinned["schemas"])):
        problems.append(Problem(DESCRIPTOR, None, f"resources/{name}", f"resource {name} not in {MANIFEST_FILE}"))
    return problems


def row_problems(root: Path, descriptor: dict) -> list[Problem]:
    """Rows deleted, added or duplicated under a new id since the manifest was updated."""
    pinned = _pinned(root) or {"rows": {}, "keys": {}}
    problems = []
    for resource in descriptor["resources"]:
        name, file = resource["name"], f"data/{resource['path']}"
        if name in pinned["keys"]:
            keys = _keys(root, resource)
            numbers = {key: n for n, key in enumerate(keys, start=2)}
            key = resource["schema"]["primaryKey"][0]
            for missing in sorted(set(pinned["keys"][name]) - set(keys)):
                problems.append(
                    Problem(
                        file, None, key, f"{name} row {missing!r} is in {MANIFEST_FILE} but not in the table: deleted?"
                    )
                )
            for extra in sorted(set(keys) - set(pinned["keys"][name])):
                problems.append(
                    Problem(
                        file,
                        numbers[extra],
                        key,
                        f"{name} row {extra!r} is not in {MANIFEST_FILE}: added or duplicated under a new id?",
                    )
                )
        count = len(_rows(root, resource))
        if name in pinned["rows"] and count != pinned["rows"][name]:
            problems.append(Problem(file, None, None, f"{count} rows; {MANIFEST_FILE} expects {pinned['rows'][name]}"))
    return problems


def fingerprint(path: Path) -> dict:
    """A source text's size in bytes and SHA-256."""
    data = path.read_bytes()
    return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def source_problems(root: Path, folder: Path) -> tuple[list[Problem], set[str]]:
    """Source texts in ``folder`` that are not the ones the snippets were taken from, and their names.

    A file pinned in the manifest but absent is left to the provenance rows that name it.
    """
    pinned = (_pinned(root) or {}).get(SOURCES)
    if not pinned:
        return [
            Problem(
                MANIFEST_FILE,
                None,
                SOURCES,
                "no sizes and SHA-256 of the source texts; with the sources present, run: make manifest",
            )
        ], set()
    problems, damaged = [], set()
    for name, expected in sorted(pinned.items()):
        path = folder / name
        if not path.is_file() or fingerprint(path) == expected:
            continue
        damaged.add(name)
        problems.append(
            Problem(
                str(path),
                None,
                None,
                f"source text damaged or replaced: {_damage(path, expected)}; its snippets are not looked up in it",
            )
        )
    return problems, damaged


def _damage(path: Path, expected: dict) -> str:
    data = path.read_bytes()
    what = f"{len(data)} bytes where {MANIFEST_FILE} pins {expected['bytes']} and another SHA-256"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"{what}; not UTF-8 at byte {exc.start} (cut mid-character?)"
    return what + ("; shorter (truncated?)" if len(data) < expected["bytes"] else "")


def _pinned(root: Path) -> dict | None:
    try:
        return json.loads((root / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def update(root: Path = DATA) -> Path:
    """Write the manifest of the package at ``root`` as it stands (a deliberate act of curation)."""
    path = root / NAME
    manifest = build(root)
    folder = sources_dir()
    manifest[SOURCES] = (
        {p.name: fingerprint(p) for p in sorted(folder.iterdir()) if p.is_file()}
        if folder.is_dir()
        else (_pinned(root) or {}).get(SOURCES, {})
    )  # without the sources, keep what is pinned
    path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Compare the data package with data/manifest.json, or update it.")
    parser.add_argument("--update", action="store_true", help="pin the rows and schemas as they stand")
    args = parser.parse_args()
    if args.update:
        print(f"wrote {update()}")
    else:
        descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
        found = descriptor_problems(DATA, descriptor) + row_problems(DATA, descriptor)
        print("\n".join(map(str, found)) or "the package matches its manifest")
        raise SystemExit(1 if found else 0)
