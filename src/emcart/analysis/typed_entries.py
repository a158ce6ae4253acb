"""Double entry of typed tables (measurements, absences, definitions): a second entry's rows, each
projected with the first entry's onto the fields both state, and compared value by value.

The mapping and resolutions files work as for the events' double entry (:mod:`emcart.analysis.doubleentry`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from emcart.analysis.doubleentry import (
    FOLDER,
    ReconciliationError,
    compared_frames,
    paired_rows,
    read_entry,
    words,
)
from emcart.analysis.entry_cells import day_span, numbers

# The second entry's columns that identify a row, per table it holds.
ROW_KEYS = {
    "measurements": ["case", "analyte", "printed"],
    "absences": ["case", "course", "what_did_not_happen"],
    "definitions": ["term"],
}
TABLE_FIELDS = {
    "measurements": ["clock", "day", "value", "qualifier", "unit", "compartment"],
    "absences": ["clock"],
    "definitions": ["numbers"],
}
_QUALIFIERS = {"<": "upper_bound", ">": "lower_bound", "exact": "exact", "approx": "approx"}


@dataclass
class SecondTables:
    """A second entry of typed rows: its tables by name, and the files that pair and reconcile them."""

    tables: dict[str, pd.DataFrame]
    mapping: pd.DataFrame
    resolutions: pd.DataFrame


def load_tables(name: str, folder: Path = FOLDER) -> SecondTables:
    """``<folder>/<name>/`` holds any of the tables of :data:`ROW_KEYS`; map and resolutions beside it, as
    :func:`emcart.analysis.doubleentry.load`."""
    root = folder / name
    tables = {t: read_entry(root / f"{t}.csv") for t in ROW_KEYS if (root / f"{t}.csv").exists()}
    return SecondTables(tables, read_entry(folder / f"{name}_map.csv"), read_entry(folder / f"{name}_resolutions.csv"))


def clock(dataset, course_id: str, history: bool = False) -> str:
    """The clock a value is counted on, in words: the course's therapy, 'donor CAR-T', or 'before immunotherapy'."""
    if history:
        return "before immunotherapy"
    course = dataset["courses"].set_index("course_id").loc[course_id]
    return f"donor {course['therapy']}" if str(course["cell_source"]) == "donor" else course["therapy"]


def first_rows(dataset, table: str, patient_ids: list[str]) -> pd.DataFrame:
    """The first entry's rows of ``table`` for these patients (definitions: of their studies), projected onto
    :data:`TABLE_FIELDS`, indexed by row id."""
    frame = dataset[table]
    if table == "definitions":
        studies = set(dataset["patients"].set_index("patient_id").loc[patient_ids, "study_id"])
        part = frame[frame["study_id"].isin(studies)]
        return pd.DataFrame(
            {"numbers": [numbers(t, d) for t, d in zip(part["term"], part["definition"])]}, index=part["definition_id"]
        )
    part = frame[frame["patient_id"].isin(patient_ids)]
    history = part["history"].astype(str).str.lower().eq("true") if "history" in part else [False] * len(part)
    rows = pd.DataFrame(
        {"clock": [clock(dataset, c, h) for c, h in zip(part["course_id"], history)]}, index=part[f"{table[:-1]}_id"]
    )
    if table == "measurements":
        rows["day"] = [
            "" if before else day_span(*r)
            for before, r in zip(  # history: the clock says it
                history, part[["text_day", "text_day_min", "text_day_max", "day_qualifier"]].itertuples(index=False)
            )
        ]
        rows["value"] = [f"{float(v):g}" for v in part["value"]]
        rows["qualifier"], rows["unit"], rows["compartment"] = (
            part["value_qualifier"].values,
            part["unit"].values,
            part["compartment"].values,
        )
    return rows


def second_rows(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The second entry's rows of ``table`` normalised onto :data:`TABLE_FIELDS`, indexed by their key."""
    key = frame[ROW_KEYS[table]].agg(" | ".join, axis=1)
    if table == "definitions":
        return pd.DataFrame({"numbers": [numbers(t, d) for t, d in zip(frame["term"], frame["definition"])]}, index=key)
    rows = pd.DataFrame({"clock": frame["course"].values}, index=key)
    if table == "measurements":
        rows["day"] = [day_span(None, lo or None, hi or None) for lo, hi in zip(frame["day_min"], frame["day_max"])]
        rows["value"] = [f"{float(v):g}" for v in frame["value"]]
        rows["qualifier"] = [_QUALIFIERS.get(q, q) for q in frame["qualifier"]]
        rows["unit"] = frame["unit"].values
        rows["compartment"] = ["not stated" if c.startswith("not stated") else c for c in frame["compartment"]]
    return rows


def _pair(mapping: pd.DataFrame, table: str, first: pd.DataFrame, second: pd.DataFrame, problems: list):
    """Paired (first id, second key) of one table, its rows in one entry only, and coverage problems."""
    pairs = paired_rows(mapping, table).fillna("")
    listed = set(pairs["first"]) - {""}
    problems += [
        f"{table}: second-entry row {k!r} is not in the mapping"
        for k in sorted(set(second.index) - set(pairs["second_key"]))
    ]
    problems += [f"{table}: first-entry row {k} is not in the mapping" for k in sorted(set(first.index) - listed)]
    problems += [f"{table}: mapping names unknown first-entry row {k}" for k in sorted(listed - set(first.index))]
    problems += [
        f"{table}: mapping names unknown second-entry row {k!r}"
        for k in sorted(set(pairs["second_key"]) - set(second.index) - {""})
    ]
    alone = pairs[(pairs["first"] == "") | (pairs["second_key"] == "")]
    presence = [
        {
            "table": table,
            "only in": "second" if p.second_key else "first",
            "item": p.second_key or p.first,
            "note": p.note,
        }
        for p in alone.itertuples()
    ]
    both = pairs[(pairs["first"] != "") & (pairs["second_key"] != "")]
    return both[both["first"].isin(first.index) & both["second_key"].isin(second.index)], presence


def compare_tables(dataset, second: SecondTables, patient_ids: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """As :func:`emcart.analysis.doubleentry.compare`, for a second entry of typed tables (:func:`load_tables`)."""
    problems, values, presence, quoted = [], [], [], {}
    for table, frame in second.tables.items():
        first, theirs = first_rows(dataset, table, patient_ids), second_rows(frame, table)
        quoted |= words(table, frame, theirs.index)
        pairs, alone = _pair(second.mapping, table, first, theirs, problems)
        presence += alone
        values += [
            {
                "table": table,
                "key": p.first,
                "second_key": p.second_key,
                "field": f,
                "first": str(first.at[p.first, f]),
                "second": str(theirs.at[p.second_key, f]),
            }
            for p in pairs.itertuples()
            for f in TABLE_FIELDS[table]
        ]
    if problems:
        raise ReconciliationError("; ".join(problems))
    return compared_frames(values, presence, quoted)
