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

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from emcart.analysis.entry_cells import answer, day, grade, status
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


class ReconciliationError(ValueError):
    """A difference without a resolution, a resolution without a difference, or an unmapped row."""


def read_entry(path: Path) -> pd.DataFrame:
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
        read_entry(root / "events.csv"),
        read_entry(root / "table3.csv"),
        read_entry(root / "case_outcomes.csv"),
        read_entry(folder / f"{name}_map.csv"),
        read_entry(folder / f"{name}_resolutions.csv"),
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

VALUE_COLUMNS = ["table", "key", "second_key", "field", "first", "second"]
PRESENCE_COLUMNS = ["table", "only in", "item", "note"]


def paired_rows(mapping: pd.DataFrame, table: str) -> pd.DataFrame:
    """The mapping's rows of ``table``, one per first-entry key it names (column ``first``)."""
    part = mapping[mapping["table"] == table].copy()
    part["first"] = part["first_key"].str.split(";")
    return part.explode("first")


def value_rows(table: str, key: str, second_key: str, fields, first, second) -> list[dict]:
    """One compared value per field of a paired row: the first entry's and the second's."""
    return [
        {"table": table, "key": key, "second_key": second_key, "field": f, "first": first[f], "second": second[f]}
        for f in fields
    ]


def compared_frames(values: list[dict], presence: list[dict], quoted: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The compared values (``differs`` marks the differences) and the rows in one entry only, with their words."""
    values = pd.DataFrame(values, columns=VALUE_COLUMNS)
    values["differs"] = values["first"] != values["second"]
    return with_words((values, pd.DataFrame(presence, columns=PRESENCE_COLUMNS)), quoted)


def _event_coverage(pairs: pd.DataFrame, first: pd.DataFrame, second: pd.DataFrame) -> list[str]:
    """Second-entry rows and first-entry events the mapping leaves out, and events it names that do not exist."""
    listed = set(pairs["first"].dropna()) - {""}
    problems = [
        f"events: second-entry row {k!r} is not in the mapping"
        for k in sorted(set(second.index) - set(pairs["second_key"]))
    ]
    problems += [f"events: first-entry event {k} is not in the mapping" for k in sorted(set(first.index) - listed)]
    return problems + [
        f"events: mapping names unknown first-entry event {k}" for k in sorted(listed - set(first.index))
    ]


def _compare_events(dataset, second: SecondEntry, patient_ids: list[str], problems: list):
    """The events' compared values, their rows in one entry only, and the second entry's events by key."""
    ev2 = second.events.assign(second_key=second.events["case"] + " | " + second.events["event"]).set_index(
        "second_key"
    )
    ev1 = first_events(dataset, patient_ids).set_index("event_id")
    pairs = paired_rows(second.mapping, "events")
    problems += _event_coverage(pairs, ev1, ev2)
    diffs, presence = [], []
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
        b = ev2.loc[p.second_key]
        second_values = {
            "day_min": day(b["day_min"]),
            "day_max": day(b["day_max"]),
            "grade": grade(b["grade"]),
            "cd19_status": status(b["cd19_status"]),
        }
        diffs += value_rows("events", p.first, p.second_key, EVENT_FIELDS, ev1.loc[p.first], second_values)
    return diffs, presence, ev2


def _compare_table3(dataset, second: SecondEntry, problems: list):
    """Table 3's compared values (count, percent, n) and the second entry's rows by key."""
    stats = dataset["reported_statistics"].set_index("stat_id")
    t3 = second.table3.assign(second_key=second.table3["characteristic"] + " | " + second.table3["arm"]).set_index(
        "second_key"
    )
    pairs = paired_rows(second.mapping, "table3")
    problems += [
        f"table3: second-entry row {k!r} is not in the mapping"
        for k in sorted(set(t3.index) - set(pairs["second_key"]))
    ]
    diffs = []
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
        diffs += value_rows("table3", p.first, p.second_key, TABLE3_FIELDS, first_values, second_values)
    return diffs, t3


def _compare_outcomes(dataset, second: SecondEntry, patient_ids: list[str], problems: list):
    """The case outcomes' compared values and the second entry's cases by case."""
    oc1 = first_outcomes(dataset, patient_ids).set_index("patient_id")
    pairs = paired_rows(second.mapping, "case_outcomes")
    oc2 = second.outcomes.set_index("case")
    problems += [
        f"case_outcomes: case {k} is not in the mapping" for k in sorted(set(oc2.index) - set(pairs["second_key"]))
    ]
    diffs = []
    for p in pairs.itertuples():
        b = oc2.loc[p.second_key]
        second_values = {
            f: (status if f == "relapse_CD19_status" else grade if f.endswith("grade") else answer)(b[f])
            for f in OUTCOME_FIELDS
        }
        diffs += value_rows("case_outcomes", p.first, p.second_key, OUTCOME_FIELDS, oc1.loc[p.first], second_values)
    return diffs, oc2


def compare(dataset, second: SecondEntry, patient_ids: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every compared value of paired rows (``differs`` marks the differences), and rows present in one
    entry only (with the mapping's note).

    Raises :class:`ReconciliationError` if a second-entry row or a first-entry event is not in the mapping.
    """
    problems = []
    events, presence, ev2 = _compare_events(dataset, second, patient_ids, problems)
    table3, t3 = _compare_table3(dataset, second, problems)
    case_outcomes, oc2 = _compare_outcomes(dataset, second, patient_ids, problems)
    if problems:
        raise ReconciliationError("; ".join(problems))
    quoted = {**words("events", ev2, ev2.index), **words("table3", t3, t3.index)}
    quoted |= words("case_outcomes", oc2, oc2.index)
    return compared_frames(events + table3 + case_outcomes, presence, quoted)


# ------------------------------------------------------------------ reconciling

RECONCILED_COLUMNS = ["table", "item", "second entry row", "field", "first", "second", "kept", "resolution"]


def _resolved(values: pd.DataFrame, res: pd.DataFrame, problems: list) -> list[dict]:
    """Each difference with its resolution; a difference without one, or with a stale one, is a problem."""
    out = []
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
        out.append(dict(zip(RECONCILED_COLUMNS, (*k, d.first, d.second, r["kept"], r["resolution"]))))
    return out


def _adopted(current: pd.DataFrame, res: pd.DataFrame, problems: list) -> list[dict]:
    """Each adopted second-entry value the first entry now holds; a resolution matching no difference, or an
    adopted value the first entry does not hold, is a problem."""
    out = []
    for k, r in res.iterrows():
        if r["kept"] != "second":
            if k not in current.index or not current.loc[[k], "differs"].any():
                problems.append(f"resolution for {'/'.join(k)} matches no difference")
            continue
        now = current.loc[[k]] if k in current.index else None
        if now is None or now["differs"].any() or (now["first"] != r["second"]).any():
            problems.append(f"adopted value for {'/'.join(k)} ({r['second']!r}) is not in the first entry")
            continue
        out.append(dict(zip(RECONCILED_COLUMNS, (*k, r["first"], r["second"], "second", r["resolution"]))))
    return out


def reconcile(values: pd.DataFrame, resolutions: pd.DataFrame) -> pd.DataFrame:
    """Each difference with its resolution, and each adopted second-entry value.

    Raises :class:`ReconciliationError` on a difference without a resolution, a resolution whose recorded
    values are not the current ones, a resolution that matches no difference, an adopted value ('second')
    that the first entry does not now hold, and duplicate resolutions.

    Parameters
    ----------
    values : pandas.DataFrame
        The compared values (:func:`compared_frames`): ``table``, ``key``, ``second_key``, ``field``,
        ``first``, ``second`` and ``differs``, carrying the second entry's words (:data:`WORDS`).
    resolutions : pandas.DataFrame
        The curated resolutions, keyed like ``values``: both values recorded, the one ``kept`` ('first' or
        'second') and the ``resolution`` in words.

    Returns
    -------
    pandas.DataFrame
        One row per resolution (:data:`RECONCILED_COLUMNS`): ``table``, ``item``, ``second entry row``, ``field``,
        ``first``, ``second``, ``kept`` and ``resolution``, carrying the second entry's words.
    """
    keys = ["table", "key", "second_key", "field"]
    res = resolutions.set_index(keys)
    if res.index.has_duplicates:
        raise ReconciliationError(f"duplicate resolutions: {sorted(set(res.index[res.index.duplicated()]))}")
    problems = []
    out = _resolved(values, res, problems) + _adopted(values.set_index(keys), res, problems)
    if problems:
        raise ReconciliationError("; ".join(problems))
    return with_words((pd.DataFrame(out, columns=RECONCILED_COLUMNS),), values.attrs.get(WORDS, {}))[0]
