"""The data package described for a reader: the schema of every table, one book table each, in the descriptor's
order (:func:`schema`), download links for its files (:func:`downloads`), and the rows a chapter rests on
(:func:`summary`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emcart.presentation import evidence
from emcart.presentation.tables import Table, heading


@dataclass
class Schemas:
    """Book tables shown one after the other (HTML), with a plain-text twin."""

    tables: list[Table]

    def _repr_html_(self) -> str:
        return "\n".join(table._repr_html_() for table in self.tables)

    def __repr__(self) -> str:
        return "\n\n".join(repr(table) for table in self.tables)


def schemas(dataset) -> Schemas:
    """The schema of every table of the data package, in the order of its descriptor.

    Parameters
    ----------
    dataset : Dataset
        The loaded data package.

    Returns
    -------
    Schemas
        One book table per curated table (:func:`schema`), shown one after the other.
    """
    return Schemas([schema(dataset, name) for name in dataset.tables])


def _constraints(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if "enum" in c:
        parts.append("one of: " + ", ".join(map(str, c["enum"])))
    if "minimum" in c or "maximum" in c:
        parts.append(f"{c.get('minimum', '')}…{c.get('maximum', '')}")
    if "pattern" in c:
        parts.append(f"pattern {c['pattern']}")
    return "; ".join(parts)


def schema(dataset, name: str) -> Table:
    """The fields of one curated table, from its Frictionless schema."""
    resource = dataset.resource(name)
    s = resource["schema"]
    role = {"key": "key", "annotation": "curator's annotation", "quotation": "transcribed, quoted word for word"}
    frame = pd.DataFrame(
        [
            {
                "field": f["name"],
                "type": f.get("type", "string"),
                "unit": f.get("unit", ""),
                "constraints": _constraints(f),
                "provenance": role.get(f.get("role"), "transcribed"),
                "description": f.get("description", ""),
            }
            for f in s["fields"]
        ]
    )
    keys = [f"Primary key: {', '.join(s['primaryKey'])}."]
    keys += [
        f"Foreign key: {', '.join(fk['fields'])} → {fk['reference']['resource']}." for fk in s.get("foreignKeys", [])
    ]
    return Table(frame, f"{resource['path']}: {resource['description']}", f"schema-{name}", keys)


@dataclass
class Downloads:
    """Download links for the data package: its descriptor and every resource's CSV, listed from the
    descriptor itself so that a new table is never left out.

    Shown as MyST markdown (``{download}`` roles, which Sphinx copies into the built book) with a
    plain-text twin; ``prefix`` is the path from the notebook to the data folder.
    """

    files: list[str]
    prefix: str = "../data/"

    def _repr_markdown_(self) -> str:
        return "Downloads: " + " · ".join(f"{{download}}`{name} <{self.prefix}{name}>`" for name in self.files)

    def __repr__(self) -> str:
        return "Downloads: " + ", ".join(self.files)


def downloads(dataset, prefix: str = "../data/") -> Downloads:
    """Download links for the data package's files.

    Parameters
    ----------
    dataset : Dataset
    prefix : str
        The path from the notebook to the data folder.

    Returns
    -------
    Downloads
        The descriptor ``datapackage.json`` and the CSV of every resource, in the descriptor's order.
    """
    return Downloads(["datapackage.json"] + [r["path"] for r in dataset.descriptor["resources"]], prefix)


_OWN = "Defined by the book"


def summary(dataset) -> Table:
    """Rows per table of a loaded dataset, for a notebook's opening cell: a folded table of ``table`` and ``rows``.

    Only the tables holding rows are listed; a footnote counts the others.

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    Table
    """
    held = {name: t for name, t in dataset.tables.items() if len(t)}
    frame = pd.DataFrame({"table": [heading(name) for name in held], "rows": [len(t) for t in held.values()]})
    whose = "all reports" if dataset.studies is None else "report " + ", ".join(dataset.studies)
    marks = pd.DataFrame(
        [
            [
                evidence.Derivation(f"{dataset.file(name)}: {dataset.resource(name)['description']}", (), _OWN),
                evidence.Derivation(f"{len(t)} rows of {dataset.file(name)} ({whose}), counted after validation"),
            ]
            for name, t in held.items()
        ],
        dtype=object,
    )
    empty = len(dataset.tables) - len(held)
    others = (
        "The other table of the data package holds"
        if empty == 1
        else f"The {empty} other tables of the data package hold"
    )
    notes = [f"{others} no rows of {whose}."] if empty else []
    caption = f"Curated rows of {whose}, from the validated data package: {int(frame['rows'].sum()):,} in all"
    return Table(frame, caption, "data-summary", notes, folded=True, marks=marks, row_name="table")
