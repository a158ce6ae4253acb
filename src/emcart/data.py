"""Load the curated tables and validate them: schema, cross-table rules and provenance.

Every problem names the file, the row (CSV record number, header = row 1) and the column.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .paths import DATA

_PANDAS_TYPES = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean"}


@dataclass(frozen=True)
class Problem:
    """One validation failure, located to a cell (or a row, or a file)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column:
            where += f" column {self.column}"
        return f"{where}: {self.message}"


class DataError(ValueError):
    """Raised when the curated data are malformed or inconsistent."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the curated data:\n{lines}{more}")


@dataclass
class Dataset:
    """The curated tables as typed pandas frames, with their Frictionless schema."""

    root: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def fields(self, name: str) -> list[dict]:
        return self.resource(name)["schema"]["fields"]

    def resource(self, name: str) -> dict:
        return next(r for r in self.descriptor["resources"] if r["name"] == name)

    def file(self, name: str) -> str:
        return f"data/{self.resource(name)['path']}"

    def key(self, name: str) -> str:
        """The single-column primary key of a table (provenance rows refer to it)."""
        pk = self.resource(name)["schema"]["primaryKey"]
        return pk[0]

    def row_number(self, name: str, index: int) -> int:
        """CSV record number of a frame row (header = 1)."""
        return int(index) + 2

    def summary(self):
        """Rows per table, for a notebook's opening cell."""
        from .tables import Table

        frame = pd.DataFrame({"table": list(self.tables), "rows": [len(t) for t in self.tables.values()]})
        return Table(frame, "Curated tables loaded and validated", "data-summary")


def _read_table(root: Path, resource: dict) -> pd.DataFrame:
    path = root / resource["path"]
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
    frame = frame.replace("", pd.NA)
    for f in resource["schema"]["fields"]:
        kind = f.get("type", "string")
        if kind == "boolean":
            frame[f["name"]] = frame[f["name"]].map({"true": True, "false": False}).astype("boolean")
        elif kind in ("integer", "number"):
            frame[f["name"]] = pd.to_numeric(frame[f["name"]], errors="raise").astype(_PANDAS_TYPES[kind])
        else:
            frame[f["name"]] = frame[f["name"]].astype("string")
    return frame


def load(root: Path | str = DATA, *, check_sources: bool | None = None) -> Dataset:
    """Validate the data package at ``root`` and return its tables.

    Raises :class:`DataError` naming file, row and column for any problem. Source snippets are
    checked when the source texts are present (``check_sources=None``), always (``True``:
    missing sources are a problem) or never (``False``).
    """
    from . import provenance, rules, schema

    root = Path(root)
    problems = schema.validate(root)
    if problems:
        raise DataError(problems)
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    dataset = Dataset(root=root, descriptor=descriptor)
    for resource in descriptor["resources"]:
        dataset.tables[resource["name"]] = _read_table(root, resource)
    problems = rules.check(dataset) + provenance.check(dataset, check_sources=check_sources)
    if problems:
        raise DataError(problems)
    return dataset
