"""Double entry: compare the curated tables (first entry) with an independent second transcription.

The second entry is kept as its curator wrote it (its own columns and wording) under
``curation/double_entry/<name>/``. A mapping file pairs each of its rows with the first entry's
rows (or says why it has no counterpart), the first entry is projected onto the second's shape,
the two are compared value by value, and every difference must have a resolution in the
resolutions file, which also records both values so that a resolution goes stale, and fails,
when either entry changes. A resolution that adopted the second entry's value (``kept`` =
'second') records the first entry's former value and is checked to be in effect.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from emcart.datapackage.dataset import note_input
from emcart.datapackage.paths import REPO
from emcart.model import outcomes
from emcart.model.timeline import placed_events

FOLDER = REPO / "curation" / "double_entry"
# A compared frame's attribute: each second-entry row's own words, by (table, row key), as its curator quoted them.
WORDS = "words"
_SNIPPETS = ("snippet", "verbatim_snippet", "verbatim_snippets")
EVENT_FIELDS = ["day_min", "day_max", "grade", "cd19_status"]
OUTCOME_FIELDS = [
    "CR",
    "CRS_grade",
    "ICANS_grade",
    "immunotherapy_related_infection",
    "HSCT",
    "relapse",
    "relapse_CD19_status",
    "died",
    "lost_to_follow_up",
]
TABLE3_FIELDS = ["count", "percent", "n"]
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_STATUS = ("negative", "reduced", "positive")


class ReconciliationError(ValueError):
    """A difference without a resolution, a resolution without a difference, or an unmapped row."""


def _read(path: Path) -> pd.DataFrame:
    note_input("file", path.relative_to(REPO).as_posix() if path.is_relative_to(REPO) else str(path))
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@dataclass
class SecondEntry:
    """The second transcription and the files that pair and reconcile it with the first."""

    events: pd.DataFrame
    table3: pd.DataFrame
    outcomes: pd.DataFrame
    mapping: pd.DataFrame
    resolutions: pd.DataFrame


def load(name: str, folder: Path = FOLDER) -> SecondEntry:
    """``<folder>/<name>/`` holds the second entry's CSVs; ``<name>_map.csv`` and ``<name>_resolutions.csv`` beside it."""
    root = folder / name
    return SecondEntry(
        _read(root / "events.csv"),
        _read(root / "table3.csv"),
        _read(root / "case_outcomes.csv"),
        _read(folder / f"{name}_map.csv"),
        _read(folder / f"{name}_resolutions.csv"),
    )


def words(table: str, frame: pd.DataFrame, keys) -> dict[tuple[str, str], str]:
    """The words each row of a second entry's ``table`` quotes (its snippet column), by (table, row key)."""
    column = next((c for c in _SNIPPETS if c in frame.columns), None)
    return {} if column is None else {(table, k): str(w) for k, w in zip(keys, frame[column])}


def with_words(frames: tuple[pd.DataFrame, ...], quoted: dict) -> tuple[pd.DataFrame, ...]:
    """``frames``, each carrying the second entry's words (:data:`WORDS`)."""
    for frame in frames:
        frame.attrs[WORDS] = quoted
    return frames


# ------------------------------------------------------------------ normalising cells


def day(value) -> str:
    """A day as an integer string; blank, NaN and infinite days are ''."""
    if (
        value is pd.NA
        or value is None
        or value == ""
        or (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))
    ):
        return ""
    return str(int(float(value)))


def grade(value) -> str:
    """Leading grade number or Roman numeral ('IV' -> '4', '3 (grade from ...)' -> '3'); 0 and prose -> ''."""
    text = str(value or "").strip()
    match = re.match(r"^(\d+|IV|V|I{1,3})\b", text)
    if not match:
        return ""
    token = match.group(1)
    number = _ROMAN.get(token, None) if not token.isdigit() else int(token)
    return "" if not number else str(number)


def status(value) -> str:
    """An antigen status stated at the start of a cell ('reduced (partial CD19 expression)' -> 'reduced')."""
    text = str(value or "").strip().lower()
    return next((s for s in _STATUS if text.startswith(s)), "")


def answer(value) -> str:
    """The leading yes/no/number of a free-text cell; 'unclear', 'unknown', 'n/a', 'not stated', 0 -> ''."""
    text = str(value or "").strip().lower()
    match = re.match(r"^(yes|no|\d+)\b", text)
    if not match or match.group(1) == "0":
        return ""
    return match.group(1)


# ------------------------------------------------------------------ projecting the first entry


def first_events(dataset, patient_ids: list[str]) -> pd.DataFrame:
    """The first entry's events on each patient's first clock, in that course's text numbering.

    Events known only to precede day 0 (history) and events without a stated day have no days, as
    in the second entry; an event known only to come after a day has no latest day.
    """
    courses = dataset["courses"].set_index("course_id")
    rows = []
    for pid in patient_ids:
        first = outcomes.first_course(dataset, pid)
        shift = int(courses.at[first, "first_text_day"])
        for e in placed_events(dataset, pid, first).itertuples():
            known = not e.history and pd.notna(e.start)
            rows.append(
                {
                    "event_id": e.event_id,
                    "patient_id": pid,
                    "day_min": day(e.start + shift) if known else "",
                    "day_max": day(e.end + shift) if known else "",
                    "grade": grade(e.grade if pd.notna(e.grade) else ""),
                    "cd19_status": status(e.cd19_status if pd.notna(e.cd19_status) else ""),
                }
            )
    return pd.DataFrame(rows)


def first_outcomes(dataset, patient_ids: list[str]) -> pd.DataFrame:
    """The first entry's per-case answers to the second entry's case_outcomes columns."""
    yes = {True: "yes", False: "no"}
    rows = []
    for pid in patient_ids:
        relapses = outcomes.events(dataset, pid, "relapse")
        rows.append(
            {
                "patient_id": pid,
                "CR": yes[outcomes.responded(dataset, pid)],
                "CRS_grade": grade(outcomes.max_grade(dataset, pid, "CRS onset")),
                "ICANS_grade": grade(outcomes.max_grade(dataset, pid, "ICANS onset")),
                "immunotherapy_related_infection": yes[outcomes.infection("immunotherapy")(dataset, pid)],
                "HSCT": yes[outcomes.hsct(dataset, pid)],
                "relapse": yes[outcomes.relapsed(dataset, pid)],
                "relapse_CD19_status": status(relapses["cd19_status"].dropna().iloc[0])
                if relapses["cd19_status"].notna().any()
                else "",
                "died": yes[outcomes.died()(dataset, pid)],
                "lost_to_follow_up": yes[outcomes.lost(dataset, pid)],
            }
        )
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ comparing


def _pairs(mapping: pd.DataFrame, table: str) -> pd.DataFrame:
    part = mapping[mapping["table"] == table].copy()
    part["first"] = part["first_key"].str.split(";")
    return part.explode("first")


def compare(dataset, second: SecondEntry, patient_ids: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every compared value of paired rows (``differs`` marks the differences), and rows present in one
    entry only (with the mapping's note).

    Raises :class:`ReconciliationError` if a second-entry row or a first-entry event is not in the mapping.
    """
    mapping = second.mapping
    problems = []
    diffs, presence = [], []

    # events
    ev2 = second.events.assign(second_key=second.events["case"] + " | " + second.events["event"]).set_index(
        "second_key"
    )
    ev1 = first_events(dataset, patient_ids).set_index("event_id")
    pairs = _pairs(mapping, "events")
    unmapped = set(ev2.index) - set(pairs["second_key"])
    problems += [f"events: second-entry row {k!r} is not in the mapping" for k in sorted(unmapped)]
    listed = set(pairs["first"].dropna()) - {""}
    problems += [f"events: first-entry event {k} is not in the mapping" for k in sorted(set(ev1.index) - listed)]
    problems += [f"events: mapping names unknown first-entry event {k}" for k in sorted(listed - set(ev1.index))]
    for p in pairs.itertuples():
        if not p.first:
            presence.append(
                {
                    "table": "events",
                    "only in": "second" if p.second_key else "first",
                    "item": p.second_key,
                    "note": p.note,
                }
            )
            continue
        if not p.second_key:
            presence.append({"table": "events", "only in": "first", "item": p.first, "note": p.note})
            continue
        if p.first not in ev1.index or p.second_key not in ev2.index:
            continue
        a, b = ev1.loc[p.first], ev2.loc[p.second_key]
        second_values = {
            "day_min": day(b["day_min"]),
            "day_max": day(b["day_max"]),
            "grade": grade(b["grade"]),
            "cd19_status": status(b["cd19_status"]),
        }
        for f in EVENT_FIELDS:
            diffs.append(
                {
                    "table": "events",
                    "key": p.first,
                    "second_key": p.second_key,
                    "field": f,
                    "first": a[f],
                    "second": second_values[f],
                }
            )

    # Table 3
    stats = dataset["reported_statistics"].set_index("stat_id")
    t3 = second.table3.assign(second_key=second.table3["characteristic"] + " | " + second.table3["arm"]).set_index(
        "second_key"
    )
    pairs = _pairs(mapping, "table3")
    problems += [
        f"table3: second-entry row {k!r} is not in the mapping"
        for k in sorted(set(t3.index) - set(pairs["second_key"]))
    ]
    for p in pairs.itertuples():
        row, b = stats.loc[p.first], t3.loc[p.second_key]
        first_values = {
            "count": day(row["numerator"]),
            "percent": f"{float(row['value']):g}" if row["unit"] == "percent" else "",
            "n": day(row["denominator"]),
        }
        n = re.search(r"n=(\d+)", p.second_key)
        second_values = {
            "count": day(b["count"]),
            "percent": f"{float(b['percent']):g}" if b["percent"] else "",
            "n": n.group(1) if n else "",
        }
        for f in TABLE3_FIELDS:
            diffs.append(
                {
                    "table": "table3",
                    "key": p.first,
                    "second_key": p.second_key,
                    "field": f,
                    "first": first_values[f],
                    "second": second_values[f],
                }
            )

    # case outcomes
    oc1 = first_outcomes(dataset, patient_ids).set_index("patient_id")
    pairs = _pairs(mapping, "case_outcomes")
    oc2 = second.outcomes.set_index("case")
    problems += [
        f"case_outcomes: case {k} is not in the mapping" for k in sorted(set(oc2.index) - set(pairs["second_key"]))
    ]
    for p in pairs.itertuples():
        a, b = oc1.loc[p.first], oc2.loc[p.second_key]
        for f in OUTCOME_FIELDS:
            normalise = status if f == "relapse_CD19_status" else grade if f.endswith("grade") else answer
            diffs.append(
                {
                    "table": "case_outcomes",
                    "key": p.first,
                    "second_key": p.second_key,
                    "field": f,
                    "first": a[f],
                    "second": normalise(b[f]),
                }
            )
    if problems:
        raise ReconciliationError("; ".join(problems))
    values = pd.DataFrame(diffs, columns=["table", "key", "second_key", "field", "first", "second"])
    values["differs"] = values["first"] != values["second"]
    quoted = {**words("events", ev2, ev2.index), **words("table3", t3, t3.index)}
    quoted |= words("case_outcomes", oc2, oc2.index)
    return with_words((values, pd.DataFrame(presence, columns=["table", "only in", "item", "note"])), quoted)


def reconcile(values: pd.DataFrame, resolutions: pd.DataFrame) -> pd.DataFrame:
    """Each difference with its resolution, and each adopted second-entry value.

    Fails on a difference without a resolution, a resolution whose recorded values are not the
    current ones, a resolution that matches no difference, and an adopted value ('second') that the
    first entry does not now hold.
    """
    keys = ["table", "key", "second_key", "field"]
    res = resolutions.set_index(keys)
    if res.index.has_duplicates:
        raise ReconciliationError(f"duplicate resolutions: {sorted(set(res.index[res.index.duplicated()]))}")
    problems = []
    out = []
    current = values.set_index(keys)
    for d in values[values["differs"]].itertuples():
        k = (d.table, d.key, d.second_key, d.field)
        if k not in res.index:
            problems.append(f"no resolution for {'/'.join(k)} (first {d.first!r}, second {d.second!r})")
            continue
        r = res.loc[k]
        if r["kept"] == "second" or (r["first"], r["second"]) != (d.first, d.second):
            problems.append(
                f"stale resolution for {'/'.join(k)}: recorded {r['first']!r}/{r['second']!r} "
                f"({r['kept']}), now {d.first!r}/{d.second!r}"
            )
        out.append(
            {
                "table": d.table,
                "item": d.key,
                "second entry row": d.second_key,
                "field": d.field,
                "first": d.first,
                "second": d.second,
                "kept": r["kept"],
                "resolution": r["resolution"],
            }
        )
    for k, r in res.iterrows():
        if r["kept"] != "second":
            if k not in current.index or not current.loc[[k], "differs"].any():
                problems.append(f"resolution for {'/'.join(k)} matches no difference")
            continue
        now = current.loc[[k]] if k in current.index else None
        if now is None or now["differs"].any() or (now["first"] != r["second"]).any():
            problems.append(f"adopted value for {'/'.join(k)} ({r['second']!r}) is not in the first entry")
            continue
        out.append(
            {
                "table": k[0],
                "item": k[1],
                "second entry row": k[2],
                "field": k[3],
                "first": r["first"],
                "second": r["second"],
                "kept": "second",
                "resolution": r["resolution"],
            }
        )
    if problems:
        raise ReconciliationError("; ".join(problems))
    columns = ["table", "item", "second entry row", "field", "first", "second", "kept", "resolution"]
    return with_words((pd.DataFrame(out, columns=columns),), values.attrs.get(WORDS, {}))[0]


# ------------------------------------------------------------------ typed tables (measurements, absences, definitions)

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
_SUPERSCRIPTS = str.maketrans({s: f"^{d}" for d, s in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")})


@dataclass
class SecondTables:
    """A second entry of typed rows: its tables by name, and the files that pair and reconcile them."""

    tables: dict[str, pd.DataFrame]
    mapping: pd.DataFrame
    resolutions: pd.DataFrame


def load_tables(name: str, folder: Path = FOLDER) -> SecondTables:
    """``<folder>/<name>/`` holds any of the tables of :data:`ROW_KEYS`; map and resolutions beside it, as :func:`load`."""
    root = folder / name
    tables = {t: _read(root / f"{t}.csv") for t in ROW_KEYS if (root / f"{t}.csv").exists()}
    return SecondTables(tables, _read(folder / f"{name}_map.csv"), _read(folder / f"{name}_resolutions.csv"))


def numbers(*texts: str) -> str:
    """The distinct numbers the texts state, ascending ('2.5 × 10⁶/kg', '<0.01%' -> '0.01; 2.5; 6; 10')."""
    found = re.findall(r"\d+(?:\.\d+)?", " ".join(texts).translate(_SUPERSCRIPTS))
    return "; ".join(f"{n:g}" for n in sorted({float(f) for f in found}))


def day_span(day_value, low, high, qualifier="") -> str:
    """A stored day as words: '4', '365–366', 'after 28', 'before 0'; '' when no day is given."""
    low, high, single, qualifier = day(low), day(high), day(day_value), str(qualifier)
    if single:
        return single
    if qualifier == "before" or (high and not low):
        return f"before {high}"
    if qualifier == "after" or (low and not high):
        return f"after {low}"
    return "" if not low else low if low == high else f"{low}–{high}"


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
    pairs = _pairs(mapping, table).fillna("")
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
    """As :func:`compare`, for a second entry of typed tables (:func:`load_tables`)."""
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
    values = pd.DataFrame(values, columns=["table", "key", "second_key", "field", "first", "second"])
    values["differs"] = values["first"] != values["second"]
    return with_words((values, pd.DataFrame(presence, columns=["table", "only in", "item", "note"])), quoted)
