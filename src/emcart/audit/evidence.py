"""Is a per-patient recomputation independent of the number it checks?

A statistic is reproduced only from curated rows that were not transcribed from the sentence that
states it: a count of patients 'stated alive' read from 'all patients are still alive' restates the
published number and cannot disagree with it.
"""

from __future__ import annotations

import pandas as pd

from emcart.datapackage.provenance import normalise

PER_PATIENT_TABLES = ("events", "absences", "measurements", "treatments", "patients")


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
    prov = dataset["provenance"]
    return {
        normalise(s)
        for s in prov.loc[(prov["table"] == "reported_statistics") & (prov["row_id"] == stat_id), "snippet"]
    }


def circular_rows(dataset, stat_id: str, patients, event_types=()) -> list[str]:
    """The patients' curated rows (see :func:`patient_rows`) transcribed from the statistic's own sentence
    ('table/row'); empty when the recomputation is independent of the published number. No patients
    read: the statistic itself."""
    if not patients:
        return [f"reported_statistics/{stat_id}"]
    prov = dataset["provenance"]
    mine = pd.Series(list(zip(prov["table"], prov["row_id"])), index=prov.index).isin(
        patient_rows(dataset, patients, event_types)
    )
    snippets = prov.loc[mine, "snippet"].map(normalise)
    hits = prov.loc[mine & snippets.isin(own_snippets(dataset, stat_id)).reindex(prov.index, fill_value=False)]
    return sorted({f"{t}/{r}" for t, r in zip(hits["table"], hits["row_id"])})
