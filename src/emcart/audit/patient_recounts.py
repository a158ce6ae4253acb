"""Published counts of patients recounted from the curated rows of a report's patients, as the curated table
``patient_recounts`` defines them: which statement counts a patient (an event, an absence, a course, the disease
status), on which course and clock, with or without which other event, among which patients."""

from __future__ import annotations

import pandas as pd

from emcart.audit.comparison import Recomputed
from emcart.model.fact_reads import Reads
from emcart.model.patient_rows import absent, course_id, events_of, labels, patient_ids

TABLE = "patient_recounts"


def definition(dataset, stat_id: str) -> pd.Series:
    """The curated recount of a published statistic (its row of ``patient_recounts``)."""
    return dataset[TABLE].set_index("stat_id").loc[stat_id]


def among(dataset, d: pd.Series) -> list[str]:
    """The patients a recount counts among: the report's, or those with a course of ``among_course_number``."""
    ids = patient_ids(dataset, d["study_id"])
    if pd.isna(d["among_course_number"]):
        return ids
    return [p for p in ids if course_id(dataset, p, int(d["among_course_number"])) is not None]


def _has(dataset, p: str, kind, d: pd.Series) -> bool:
    course = None if pd.isna(d["course_number"]) else int(d["course_number"])
    history = None if pd.isna(d["history"]) else bool(d["history"])
    rows = events_of(dataset, p, kind, course, history)
    if pd.notna(d["detail"]):
        rows = rows[rows["detail"].fillna("").str.contains(d["detail"])]
    return len(rows) > 0


def _counts(dataset, p: str, d: pd.Series) -> bool:
    statement, kind = d["statement"], d["event_type"]
    if statement == "disease status":
        return dataset["patients"].set_index("patient_id").at[p, "disease_status"] == kind
    if statement == "course":
        return course_id(dataset, p, int(d["course_number"])) is not None
    if statement == "absence":
        return absent(dataset, p, kind, None if pd.isna(d["course_number"]) else int(d["course_number"]))
    also = pd.isna(d["and_event_type"]) or _has(dataset, p, d["and_event_type"], d)
    unless = pd.notna(d["unless_event_type"]) and _has(dataset, p, d["unless_event_type"], d)
    return _has(dataset, p, kind, d) and also and not unless


def counted(dataset, stat_id: str) -> list[str]:
    """The patients a published statistic's curated recount counts, in the order of their labels.

    Parameters
    ----------
    dataset : Dataset
    stat_id : str
        A statistic with a row in ``patient_recounts``.

    Returns
    -------
    list of str
        Patient ids.
    """
    d = definition(dataset, stat_id)
    return [p for p in among(dataset, d) if _counts(dataset, p, d)]


def _recount(dataset, sid: str, d: pd.Series, unit: str) -> Recomputed:
    members, found = among(dataset, d), counted(dataset, sid)
    course = None if pd.isna(d["course_number"]) else int(d["course_number"])
    stated_without = sum(absent(dataset, p, d["event_type"], course) for p in members)
    basis = d["basis"].format(labels=labels(dataset, found), k=len(found), n=len(members), absent=stated_without)
    value = 100 * len(found) / len(members) if unit == "percent" else len(found)
    reads = _reads(d)
    return Recomputed(sid, float(value), basis, patients=tuple(members), event_types=reads.kinds, reads=reads)


def _reads(d: pd.Series) -> Reads:
    """The cells a recount reads: its events and absences (on its course), their detail where it matches one,
    the disease status where that is what it counts."""
    kinds = tuple(k for k in (d["event_type"], d["and_event_type"], d["unless_event_type"]) if pd.notna(k))
    cells = (("events", ("detail",)),) if pd.notna(d["detail"]) else ()
    if d["statement"] == "disease status":
        cells += (("patients", ("disease_status",)),)
    return Reads(kinds, cells, () if pd.isna(d["course_number"]) else (int(d["course_number"]),))


def recomputed(dataset) -> list[Recomputed]:
    """One :class:`Recomputed` per row of ``patient_recounts``: the patients counted (or their percentage among
    those counted among), on the basis the row words.

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    list of Recomputed
        In the order of ``patient_recounts``.
    """
    units = dataset["reported_statistics"].set_index("stat_id")["unit"]
    return [_recount(dataset, d.name, d, units[d.name]) for _, d in dataset[TABLE].set_index("stat_id").iterrows()]
