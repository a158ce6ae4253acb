"""The double entry's tables in words: curated rows, cells and fields named as a reader names them.

The comparison (:mod:`emcart.analysis.doubleentry`, :mod:`emcart.analysis.restated`) keys each
value by table, row id and field name; these functions replace the keys by words, and change no value.
"""

from __future__ import annotations

import pandas as pd

from emcart.model.vocabulary import row_words


def field_title(dataset, table: str, field: str) -> str:
    """A field's title in the data package: the table's own field, else a field of that name in any table,
    else (a compound name) a field whose name ends with it ('day_min': 'text_day_min'); a name the package
    does not hold reads in words ('relapse_CD19_status' -> 'relapse CD19 status')."""
    resources = sorted(dataset.descriptor["resources"], key=lambda r: r["name"] != table)
    fields = [f for r in resources for f in r["schema"]["fields"]]
    titles = [f.get("title") for f in fields if f["name"] == field]
    titles += [f.get("title") for f in fields if "_" in field and f["name"].endswith(f"_{field}")]
    return next(filter(None, titles), field.replace("_", " "))


def table_title(dataset, table: str) -> str:
    """A curated table's title ('Events'); another table (a second entry's own) by its name in words."""
    names = {r["name"]: r.get("title", r["name"]) for r in dataset.descriptor["resources"]}
    return names.get(table, table.replace("_", " "))


def _owner(dataset, row_id: str) -> str | None:
    """The curated table whose key holds ``row_id`` (None if none does)."""
    return next((t for t, frame in dataset.tables.items() if (frame[dataset.key(t)] == row_id).any()), None)


def row_named(dataset, row_id: str) -> str:
    """A curated row, found by its id in whichever table holds it, in words (a patient by its label);
    an id no table holds is returned as it is."""
    table = _owner(dataset, row_id)
    if table == "patients":
        return dataset["patients"].set_index("patient_id").at[row_id, "label"]
    return row_id if table is None else row_words(dataset, table, row_id)


def cells_named(dataset, references: str) -> str:
    """Curated cells ``table:row_id:field`` separated by ';' in words, grouped by row
    ('events:C-1/1-CR:text_day_min;events:C-1/1-CR:text_day_max' -> 'case 1: CR, course 1: earliest day, latest day')."""
    fields: dict[tuple[str, str], list[str]] = {}
    for reference in references.split(";"):
        table, row_id, field = reference.split(":")
        fields.setdefault((table, row_id), []).append(field_title(dataset, table, field))
    return "; ".join(f"{row_words(dataset, t, r)}: {', '.join(names)}" for (t, r), names in fields.items())


def item_named(dataset, item: str) -> str:
    """A compared item in words: a list of curated cells (:func:`cells_named`) or a row id (:func:`row_named`)."""
    return cells_named(dataset, item) if ":" in item else row_named(dataset, item)


def _field_named(dataset, table: str, item: str, field: str) -> str:
    """The compared field's title, looked up in the table the item's row belongs to."""
    return field_title(dataset, table if ":" in item else _owner(dataset, item) or table, field)


def resolved(dataset, reconciled: pd.DataFrame) -> pd.DataFrame:
    """:func:`~emcart.analysis.doubleentry.reconcile`'s differences with tables, items and fields in words."""
    return reconciled.assign(
        field=[_field_named(dataset, t, i, f) for t, i, f in reconciled[["table", "item", "field"]].values],
        item=[item_named(dataset, i) for i in reconciled["item"]],
        table=[table_title(dataset, t) for t in reconciled["table"]],
    )


def unpaired(dataset, alone: pd.DataFrame) -> pd.DataFrame:
    """Rows in one entry only, with tables in words and the first entry's rows named in words (the second
    entry's keys are its own words)."""
    return alone.assign(
        item=[item_named(dataset, i) if side == "first" else i for side, i in alone[["only in", "item"]].values],
        table=[table_title(dataset, t) for t in alone["table"]],
    )
