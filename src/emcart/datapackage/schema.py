"""Schema validation of the data package with Frictionless, plus file-level checks it lacks."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import math
import re
from pathlib import Path

import frictionless

from emcart.datapackage import manifest
from emcart.datapackage.problems import Problem


def _package_problems(root: Path) -> tuple[dict | None, list[Problem]]:
    path = root / "datapackage.json"
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return None, [Problem("data/datapackage.json", None, None, f"unreadable: {exc}")]
    problems = []
    listed = {r.get("path") for r in descriptor.get("resources", [])}
    for csv_path in sorted(root.glob("*.csv")):
        if csv_path.name not in listed:
            problems.append(Problem(f"data/{csv_path.name}", None, None, "not described in datapackage.json"))
    for name in sorted(listed - {p.name for p in root.glob("*.csv")}):
        problems.append(Problem(f"data/{name}", None, None, "described in datapackage.json but missing"))
    return descriptor, problems


def _cell_text_problems(root: Path, descriptor: dict) -> list[Problem]:
    """Cells with leading/trailing blanks (silently altered by many readers) or line breaks (a quote left open)."""
    problems = []
    for resource in descriptor["resources"]:
        path = root / resource["path"]
        types = {f["name"]: f.get("type", "string") for f in resource["schema"]["fields"]}
        try:
            content = path.read_bytes()
        except OSError:
            continue  # reported by Frictionless
        key = (hashlib.sha256(content).hexdigest(), json.dumps(types, sort_keys=True))
        if key not in _CELL_TEXT:
            _CELL_TEXT[key] = _file_cell_problems(content, types)
        problems += [
            Problem(f"data/{resource['path']}", row, column, message) for row, column, message in _CELL_TEXT[key]
        ]
    return problems


# The cell-text problems of a file, by its digest and its fields' types: (row, column, message).
_CELL_TEXT: dict[tuple[str, str], list[tuple[int, str, str]]] = {}


def _file_cell_problems(content: bytes, types: dict[str, str]) -> list[tuple[int, str, str]]:
    try:
        rows = list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        return []  # reported by Frictionless
    header = rows[0] if rows else []
    found = []
    for number, row in enumerate(rows[1:], start=2):
        for column, cell in zip(header, row):
            message = _cell_message(cell, column, types.get(column))
            if message:
                found.append((number, column, message))
    return found


# An HTML/XML tag, comment or entity, or a script URL: text cells hold text, which every output escapes.
MARKUP = re.compile(r"<\s*[A-Za-z/!?]|&#?\w+;|javascript:", re.IGNORECASE)


def _cell_message(cell: str, column: str, kind: str | None) -> str | None:
    """What is wrong with one cell's text (None when nothing is)."""
    if "\n" in cell or "\r" in cell:
        return "line break inside a cell: is a quote left open?"
    if cell != cell.strip():
        return f"leading or trailing whitespace in {cell!r}"
    if MARKUP.search(cell):
        return f"markup in a text cell ({MARKUP.search(cell).group(0)!r}): the book would render it"
    if kind == "number" and cell and not _finite(cell):
        return f"{cell!r} is not a finite number"
    if column.endswith("date") and cell and not _calendar_date(cell):
        return f"{cell!r} is not a calendar date (YYYY, YYYY-MM or YYYY-MM-DD)"
    return None


def _finite(cell: str) -> bool:
    try:
        return math.isfinite(float(cell))
    except ValueError:
        return True  # not a number at all: reported by Frictionless as a type error


def _calendar_date(cell: str) -> bool:
    """A real date at its precision: 2020-02-30 and 2022-30-10 are not."""
    formats = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
    try:
        datetime.datetime.strptime(cell, formats[len(cell)])
    except (KeyError, ValueError):
        return False
    return True


# Frictionless problems of each resource, keyed by a digest of everything its validation reads
# (see _inputs_digest): a resource whose inputs are unchanged is not validated again in this process.
_VALIDATED: dict[str, list[Problem]] = {}


def _inputs_digest(root: Path, descriptor: dict, resource: dict) -> str:
    """Digest of datapackage.json, the resource's file and, of each resource its foreign keys refer to, the
    referenced columns (all a foreign-key check reads of it)."""
    paths = {r["name"]: r["path"] for r in descriptor["resources"]}
    digest = hashlib.sha256((root / "datapackage.json").read_bytes())
    digest.update((root / paths[resource["name"]]).read_bytes())
    for fk in resource["schema"].get("foreignKeys", []):
        referred = fk["reference"].get("resource") or resource["name"]
        if referred != resource["name"]:
            digest.update(_referenced_columns(root / paths[referred], fk["reference"]["fields"]))
    return digest.hexdigest()


def _referenced_columns(path: Path, fields: str | list[str]) -> bytes:
    """The raw cells of the referenced columns, tagged with the file and columns (the whole file when its
    columns cannot be read apart: Frictionless then reports it)."""
    names = [fields] if isinstance(fields, str) else list(fields)
    tag = f"\0{path.name}:{','.join(names)}\0".encode()
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = csv.reader(fh)
            header = next(rows)
            columns = [header.index(name) for name in names]
            cells = [[row[i] if i < len(row) else None for i in columns] for row in rows]
    except (OSError, UnicodeDecodeError, csv.Error, StopIteration, ValueError):
        return tag + path.read_bytes()
    return tag + json.dumps(cells).encode()


def _report_problems(report, primary_keys: dict[str, str]) -> list[Problem]:
    problems = []
    for task in report.tasks:
        file = f"data/{Path(str(task.place)).name}"
        for error in task.errors:
            row = getattr(error, "row_number", None)
            column = getattr(error, "field_name", None) or getattr(error, "label", None)
            names = getattr(error, "field_names", None)
            if not column and names:
                column = ",".join(names)
            if not column and error.type == "primary-key":
                column = primary_keys.get(task.name)
            problems.append(Problem(file, row, column, f"{error.type}: {error.message}"))
    for error in report.errors:
        problems.append(Problem("data/datapackage.json", None, None, f"{error.type}: {error.message}"))
    return problems


def _frictionless_problems(root: Path, descriptor: dict) -> list[Problem]:
    """Frictionless validation: of the descriptor, then resource by resource as ``Package.validate`` does, each
    resource in a package of itself and the resources its foreign keys refer to, skipping unchanged resources."""
    primary_keys = {r["name"]: ",".join(r["schema"].get("primaryKey", [])) for r in descriptor["resources"]}
    key = hashlib.sha256((root / "datapackage.json").read_bytes()).hexdigest()
    if key not in _DESCRIPTORS:
        try:
            frictionless.Package(str(root / "datapackage.json")).to_descriptor(validate=True)
            _DESCRIPTORS[key] = []
        except frictionless.FrictionlessException as exception:
            report = frictionless.Report.from_validation(errors=exception.to_errors())
            _DESCRIPTORS[key] = _report_problems(report, primary_keys)
    if _DESCRIPTORS[key]:
        return list(_DESCRIPTORS[key])
    digests = {r["name"]: _inputs_digest(root, descriptor, r) for r in descriptor["resources"]}
    for resource in descriptor["resources"]:
        if digests[resource["name"]] not in _VALIDATED:
            validated = _package_of(root, descriptor, resource).get_resource(resource["name"]).validate()
            _VALIDATED[digests[resource["name"]]] = _report_problems(validated, primary_keys)
    return [problem for name in digests for problem in _VALIDATED[digests[name]]]


# The descriptor problems of each datapackage.json, by its digest.
_DESCRIPTORS: dict[str, list[Problem]] = {}


def _package_of(root: Path, descriptor: dict, resource: dict) -> frictionless.Package:
    """A package of ``resource`` and the resources its foreign keys refer to: all its validation reads."""
    referred = {fk["reference"].get("resource") or resource["name"] for fk in resource["schema"].get("foreignKeys", [])}
    kept = [r for r in descriptor["resources"] if r["name"] == resource["name"] or r["name"] in referred]
    return frictionless.Package({**descriptor, "resources": kept}, basepath=str(root))


def validate(root: Path) -> list[Problem]:
    """All schema-level problems of the package at ``root`` (empty when valid)."""
    descriptor, problems = _package_problems(root)
    if descriptor is None:
        return problems
    problems += manifest.descriptor_problems(root, descriptor)
    if problems:
        return problems
    try:
        return _frictionless_problems(root, descriptor) + _cell_text_problems(root, descriptor)
    except (KeyError, TypeError, AttributeError) as exc:
        return [Problem("data/datapackage.json", None, None, f"malformed descriptor: {exc!r}")]
