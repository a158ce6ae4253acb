"""The double entry's tables in words: curated rows, cells and fields named as a reader names them.

The comparison (:mod:`emcart.analysis.doubleentry`, :mod:`emcart.analysis.restated`) keys each
value by table, row id and field name; these functions replace the keys by words, and change no value.
"""

from __future__ import annotations

import pandas as pd

from emcart.analysis.doubleentry import WORDS
from emcart.datapackage.marks import Derivation, carry, cell_key
from emcart.model.vocabulary import row_words
from emcart.presentation import evidence


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
    """The differences of two entries and their resolutions, with tables, items and fields in words.

    Parameters
    ----------
    dataset : Dataset
        The loaded report (the first entry).
    reconciled : pandas.DataFrame
        The differences with their resolutions (:func:`~emcart.analysis.doubleentry.reconcile`).

    Returns
    -------
    pandas.DataFrame
        ``reconciled``'s columns (table, item, second entry row, field, first, second, kept, resolution), the
        table, item and field in words, carrying the marks of their cells (:func:`resolved_marks`).
    """
    shown = reconciled.assign(
        field=[_field_named(dataset, t, i, f) for t, i, f in reconciled[["table", "item", "field"]].values],
        item=[item_named(dataset, i) for i in reconciled["item"]],
        table=[table_title(dataset, t) for t in reconciled["table"]],
    )
    return carry(shown, resolved_marks(dataset, reconciled))


def unpaired(dataset, alone: pd.DataFrame) -> pd.DataFrame:
    """The rows in one entry only, with tables and the first entry's rows in words.

    Parameters
    ----------
    dataset : Dataset
        The loaded report (the first entry).
    alone : pandas.DataFrame
        The rows of one entry only: ``table``, ``only in``, ``item`` and ``note``.

    Returns
    -------
    pandas.DataFrame
        ``alone``'s columns, the table in words and a first entry's row named in words (a second entry's item is
        its own words), carrying the marks of their cells (:func:`unpaired_marks`).
    """
    shown = alone.assign(
        item=[item_named(dataset, i) if side == "first" else i for side, i in alone[["only in", "item"]].values],
        table=[table_title(dataset, t) for t in alone["table"]],
    )
    return carry(shown, unpaired_marks(dataset, alone))


# The curated fields holding a compared field of the first entry, where they are not named as it.
CURATED_FIELDS = {
    "day_min": ("text_day_min", "text_day"),
    "day_max": ("text_day_max", "text_day"),
    "day": ("text_day", "text_day_min", "text_day_max"),
    "qualifier": ("value_qualifier",),
    "count": ("numerator",),
    "percent": ("value",),
    "n": ("denominator",),
    "numbers": ("definition", "term"),
}
AGAIN = "Entered again"  # the title of a second entry's tip
# A case's outcome, as a second entry asks it, and the curated events (and statements of absence) it is read
# from: (event type, field shown).
OUTCOME_EVENTS = {
    "CR": ("CR", "event_type"),
    "CRS_grade": ("CRS onset", "grade"),
    "ICANS_grade": ("ICANS onset", "grade"),
    "immunotherapy_related_infection": ("infection", "event_type"),
    "HSCT": ("HSCT", "event_type"),
    "relapse": ("relapse", "event_type"),
    "relapse_CD19_status": ("relapse", "cd19_status"),
    "died": ("death", "event_type"),
    "lost_to_follow_up": ("lost to follow-up", "event_type"),
}
NAMED = Derivation("The table or field compared, named in the book's words.", title="Defined by the book")


class _Sources:
    """The curated cells behind the first entry's values, and the second entry's own words."""

    def __init__(self, dataset, frame: pd.DataFrame):
        self.dataset, self.known = dataset, evidence.provenance_keys(dataset)
        self.words = frame.attrs.get(WORDS, {})
        prov = dataset["provenance"]
        self.first: dict[tuple[str, str], str] = {}
        for t, r, f in zip(prov["table"], prov["row_id"], prov["field"]):
            self.first.setdefault((t, r), cell_key(t, r, f))

    def row(self, table: str, item: str) -> str | None:
        """The curated cell naming the first entry's row (its main cell, else its first transcribed cell;
        for a list of cells, the first)."""
        if ":" in item:
            return next(iter(self.cells(table, item, "")), None)
        owner = table if table in self.dataset.tables else _owner(self.dataset, item)
        return evidence.main_key(self.dataset, owner, item, self.known) or self.first.get((owner, item))

    def cells(self, table: str, item: str, field: str) -> tuple[str, ...]:
        """The curated cells the first entry's value of ``field`` rests on; none when the book computed it
        from many rows (a second entry's own column, such as a case's outcome)."""
        if ":" in item:
            keys = [cell_key(*c.split(":")) for c in item.split(";")]
            chosen = [k for k in keys if k.endswith(field)] if field in ("unit", "qualifier", "precision") else keys
            return tuple(k for k in chosen or keys if k in self.known)
        curated = table in self.dataset.tables
        owner = table if curated else _owner(self.dataset, item)
        if owner == "patients" and field in OUTCOME_EVENTS:
            return self.outcome(item, *OUTCOME_EVENTS[field])
        names = CURATED_FIELDS.get(field, (field,) if curated else ())
        found = tuple(k for k in (cell_key(owner, item, f) for f in names) if k in self.known)
        return found or (tuple(filter(None, [self.row(table, item)])) if curated else ())

    def outcome(self, patient_id: str, event_type: str, field: str) -> tuple[str, ...]:
        """The curated cells of a patient's events of one type (their ``field``) and of the statements that
        it did not happen."""
        cells = [
            cell_key(name, row_id, field if name == "events" else "event_type")
            for name in ("events", "absences")
            for row_id in self.dataset[name]
            .loc[lambda f: (f["patient_id"] == patient_id) & (f["event_type"] == event_type)]
            .iloc[:, 0]
        ]
        return tuple(k for k in cells if k in self.known)

    def said(self, table: str, key: str) -> tuple[str, ...]:
        """The second entry's words for its row ``key``, quoted as its own."""
        words = self.words.get((table, key))
        return (f"Second entry, its row “{key}”: “{words}”",) if words else ()


FIRST = "The first entry's value: the curated cells quoted below, normalised for comparison."
ANSWER = "The first entry's answer, read by the book from the case's curated events and absences quoted below."
COMPUTED = "The first entry's value, computed by the book from the curated rows of this case (none states it)."
KEPT = {
    "first": "The curated data keep the first entry's value, checked against the text quoted below.",
    "second": "The curated data now hold the second entry's value, adopted after checking the text quoted below.",
}


def resolved_marks(dataset, reconciled: pd.DataFrame) -> pd.DataFrame:
    """Marks of :func:`resolved`'s cells: the first entry's row and value rest on its curated cells; the
    second entry's row and value on its own words (linked to the first entry's evidence of the same cell);
    the resolution on the text the curated cells quote (none for a value computed from many rows)."""
    sources, rows = _Sources(dataset, reconciled), []
    for table, item, key, field, _, second, kept, _ in reconciled.itertuples(index=False):
        inputs, said = sources.cells(table, item, field), sources.said(table, key)
        first = Derivation((ANSWER if field in OUTCOME_EVENTS else FIRST) if inputs else COMPUTED, inputs)
        whose = "from its own words" + ("; then the first entry's words for the same cell" if inputs else "")
        again = Derivation(
            f"The second entry's value ({second}), normalised for comparison, {whose}.", inputs, AGAIN, said
        )
        row = Derivation("The second entry's row, as its curator keyed it.", title=AGAIN, words=said)
        settled = Derivation(KEPT[kept], inputs, "Resolved") if inputs else None
        rows.append([NAMED, sources.row(table, item), row, NAMED, first, again, settled, settled])
    return pd.DataFrame(rows, dtype=object)


def unpaired_marks(dataset, alone: pd.DataFrame) -> pd.DataFrame:
    """Marks of :func:`unpaired`'s cells: a row of the second entry only rests on its own words, a row of
    the first entry only on its curated cell."""
    sources, rows = _Sources(dataset, alone), []
    for table, side, item, _ in alone.itertuples(index=False):
        if side == "second":
            why = Derivation(
                "In the second entry only: the curators pair this row with no curated cell (the last column says why).",
                title=AGAIN,
                words=sources.said(table, item),
            )
            rows.append([NAMED, why, why, why])
            continue
        cell = sources.row(table, item)
        why = Derivation(
            "In the first entry only: the second entry has no row for this curated row (the last column says why).",
            tuple(filter(None, [cell])),
            AGAIN,
        )
        rows.append([NAMED, why, cell, why])
    return pd.DataFrame(rows, dtype=object)
