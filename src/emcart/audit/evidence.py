"""Is a per-patient recomputation independent of the number it checks?

A statistic is reproduced only from curated rows that were not transcribed from the sentence that
states it: a count of patients 'stated alive' read from 'all patients are still alive' restates the
published number and cannot disagree with it. Nor is it reproduced when every event and absence it reads
restates what another published sentence says of a whole group without naming the patient: 'no CAR-T
related death' recounted from 'all patients are still alive' checks the report against its own words, not
against what it says of each patient.
"""

from __future__ import annotations

import pandas as pd

from emcart.datapackage.derived import derived, remembered
from emcart.datapackage.provenance import normalise

PER_PATIENT_TABLES = ("events", "absences", "measurements", "treatments", "patients")
FACT_TABLES = ("events", "absences")


def patient_rows(dataset, patients, event_types=()) -> set[tuple[str, str]]:
    """(table, row id) of every curated row of the given patients in :data:`PER_PATIENT_TABLES` (of events and
    absences, only those of ``event_types`` when given)."""
    rows: set[tuple[str, str]] = set()
    courses = dataset["courses"]
    own_courses = set(courses[courses["patient_id"].isin(list(patients))]["course_id"])
    for table in PER_PATIENT_TABLES:
        frame = dataset[table]
        mine = (
            frame["course_id"].isin(own_courses)
            if "patient_id" not in frame
            else frame["patient_id"].isin(list(patients))
        )
        if event_types and "event_type" in frame:
            mine &= frame["event_type"].isin(list(event_types))
        rows |= {(table, str(k)) for k in frame.loc[mine, dataset.key(table)]}
    return rows


def own_snippets(dataset, stat_id: str) -> set[str]:
    """The source sentences a published statistic is transcribed from."""
    return set(derived(dataset["provenance"], _snippets_by_row).get(("reported_statistics", stat_id), ()))


def _snippets_by_row(prov: pd.DataFrame) -> dict[tuple[str, str], set[str]]:
    """The normalised snippets of each curated row, by (table, row id)."""
    found: dict[tuple[str, str], set[str]] = {}
    for table, row_id, snippet in zip(prov["table"], prov["row_id"], prov["snippet"]):
        found.setdefault((table, row_id), set()).add(normalise(snippet))
    return found


def circular_rows(dataset, stat_id: str, patients, event_types=()) -> list[str]:
    """The patients' curated rows (see :func:`patient_rows`) transcribed from the statistic's own sentence
    ('table/row'); empty when the recomputation is independent of the published number. No patients
    read: the statistic itself."""
    if not patients:
        return [f"reported_statistics/{stat_id}"]
    snippets = derived(dataset["provenance"], _snippets_by_row)
    own = own_snippets(dataset, stat_id)
    rows = patient_rows(dataset, patients, event_types)
    return sorted(f"{table}/{row_id}" for table, row_id in rows if snippets.get((table, row_id), set()) & own)


def _statistics_by_snippet(prov: pd.DataFrame) -> dict[str, set[str]]:
    """The published statistics each normalised source sentence states."""
    found: dict[str, set[str]] = {}
    stated = prov[prov["table"] == "reported_statistics"]
    for stat_id, snippet in zip(stated["row_id"], stated["snippet"]):
        found.setdefault(normalise(snippet), set()).add(stat_id)
    return found


def restated_counts(dataset, stat_id: str, patients, event_types=()) -> list[str]:
    """The other published statistics whose sentences every event and absence of the patients the recount reads
    (of ``event_types`` when given) restates: each row is transcribed from a sentence that states a published
    count of a group and does not name the row's patient. Empty when no such row is read, or when any row read
    says something of its patient that no published count of a group states."""
    rows = sorted((t, r) for t, r in patient_rows(dataset, patients, event_types) if t in FACT_TABLES)
    snippets = derived(dataset["provenance"], _snippets_by_row)
    stating = derived(dataset["provenance"], _statistics_by_snippet)
    labels = derived(dataset["patients"], _labels)
    owner = {t: _owners(dataset[t], dataset.key(t)) for t in FACT_TABLES}
    found: set[str] = set()
    for table, row_id in rows:
        label = labels[owner[table][row_id]]
        groups = {s for s in snippets.get((table, row_id), ()) if stating.get(s) and label not in s}
        if not groups:
            return []
        found |= {sid for s in groups for sid in stating[s]}
    return sorted(found - {stat_id})


def _labels(patients: pd.DataFrame) -> dict[str, str]:
    return dict(zip(patients["patient_id"], patients["label"].astype(str)))


def _owners(frame: pd.DataFrame, key: str) -> dict[str, str]:
    """The patient of each row of a table of per-patient facts, by the row's id (column ``key``)."""
    return remembered(frame, ("owners", key), lambda: dict(zip(frame[key], frame["patient_id"])))
