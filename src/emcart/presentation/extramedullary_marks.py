"""Evidence marks of the table of every patient with extramedullary involvement
(:func:`emcart.presentation.extramedullary.extramedullary`): report, patient and diagnosis show curated cells;
every other column says how it was assembled from the events, courses and statistics it rests on; the table
with its footnotes (:func:`em_table`)."""

from __future__ import annotations

import pandas as pd

from emcart.audit import comparison
from emcart.presentation import evidence, extramedullary
from emcart.presentation.derivations import STATISTIC_FIELDS, row_keys
from emcart.presentation.tables import Table

EVENT_FIELDS = ("event_type", "grade", "site", "cd19_status", "cd22_status", "detail")
COURSE_FIELDS = ("therapy", "construct", "cell_source")


def event_keys(dataset, rows: pd.DataFrame) -> tuple[str, ...]:
    """The keys of the curated cells of the events ``rows``."""
    return tuple(k for e in rows["event_id"] for k in row_keys(dataset, "events", e, EVENT_FIELDS))


def _rows(dataset, table: str, ids, fields=None) -> tuple[str, ...]:
    return tuple(k for i in ids for k in row_keys(dataset, table, i, fields))


def _own_events(dataset, ids, kinds) -> pd.DataFrame:
    events = dataset["events"]
    return events[events["patient_id"].isin(ids) & events["event_type"].isin(kinds)]


def _em_inputs(dataset, ids: list[str], study: str) -> dict[str, tuple[str, ...]]:
    """The curated cells each column of an extramedullary row rests on."""
    courses = dataset["courses"]
    courses = courses[courses["patient_id"].isin(ids) & courses["therapy"].isin(extramedullary.IMMUNOTHERAPY)]
    after = _own_events(dataset, ids, ("CR", "MRD-negative", "relapse"))
    after = after[~after["history"].astype(bool)]
    counted = extramedullary.site_counts(dataset)
    diagnosed = _rows(dataset, "patients", ids, ("cns_at_diagnosis",)) + event_keys(
        dataset, _own_events(dataset, ids, ("diagnosis",))
    )
    relapsed = (
        _rows(dataset, evidence.STATISTIC, counted[study], STATISTIC_FIELDS)
        if study in counted
        else _rows(dataset, "patients", ids, ("cns_at_relapse",))
        + event_keys(dataset, _own_events(dataset, ids, ("relapse",)))
    )
    return {
        extramedullary.AT_DIAGNOSIS: diagnosed,
        extramedullary.AT_RELAPSE: relapsed,
        "immunotherapy": _rows(dataset, "courses", courses["course_id"], COURSE_FIELDS),
        "remission": event_keys(dataset, after[after["event_type"] != "relapse"]),
        "relapse after immunotherapy": event_keys(dataset, after[after["event_type"] == "relapse"]),
    }


EM_WORDS = {
    extramedullary.AT_DIAGNOSIS: "CNS2 or CNS3 status at diagnosis or a diagnosis naming an extramedullary tumour, "
    "as the text states them; if none, the CNS status at diagnosis checked",
    extramedullary.AT_RELAPSE: "a relapse at a site other than the bone marrow, or CNS2 or CNS3 status at relapse, "
    "before or after immunotherapy, as the text states them; if none, the CNS status at relapse and the relapse "
    "sites checked",
    "immunotherapy": "the patient's immunotherapy courses in order, with the cell source and construct",
    "remission": "per immunotherapy course, a complete remission (else MRD-negativity) after day 0",
    "relapse after immunotherapy": "the relapses after immunotherapy began: site, CD19 status and when",
}


def em_marks(dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """Marks of :func:`~emcart.presentation.extramedullary.extramedullary`: report, patient and diagnosis show curated
    cells (a cohort row: the cells of its patients); every other column says how it was assembled from the
    events, courses and statistics it rests on."""
    patients = dataset["patients"]
    rows = []
    for _, r in frame.iterrows():
        study = r["report"]
        own = patients[patients["study_id"] == study]
        named = own.loc[own["label"] == r["patient"], "patient_id"].tolist()
        ids = named or own["patient_id"].tolist()  # a cohort row names no single patient
        inputs = _em_inputs(dataset, ids, study)
        single = len(ids) == 1
        row = [
            evidence.main_key(dataset, "studies", study),
            evidence.cell_key("patients", ids[0], "label")
            if single
            else evidence.Derivation(
                "The first and last labels of the report's patients.", _rows(dataset, "patients", ids, ("label",))
            ),
            evidence.cell_key("patients", ids[0], "diagnosis")
            if single
            else evidence.Derivation(
                "The diagnoses of the report's patients, as stored.", _rows(dataset, "patients", ids, ("diagnosis",))
            ),
        ]
        for column in frame.columns[3:]:
            title = "Not in the text" if r[column] == extramedullary.NONE_STATED else "Recomputed"
            scope = "" if single else ", counted over the report's patients"
            row.append(
                evidence.Derivation(
                    f"{EM_WORDS[column][0].upper()}{EM_WORDS[column][1:]}{scope}.", inputs[column], title
                )
            )
        rows.append(row)
    return pd.DataFrame(rows, dtype=object)


def em_notes(dataset, frame: pd.DataFrame) -> list[str]:
    """Footnotes of the extramedullary table: for a relapse counted although no remission is stated before it, the
    report's curated contradiction, or judgment of a count a finding reads otherwise (``reading_recounts``),
    that names the patient (``audit_reasons``)."""
    said = dataset["audit_reasons"]
    read = dataset["reading_recounts"]["stat_id"] if "reading_recounts" in dataset.tables else []
    said = said[said["kind"].eq(comparison.CONTRADICTED) | said["stat_id"].isin(read)]
    notes = []
    for _, r in frame.iterrows():
        never = r["remission"] == extramedullary.NONE_STATED != r["relapse after immunotherapy"]
        own = said.loc[said["study_id"] == r["report"], "text"] if never else []
        notes += [f"{t[0].upper()}{t[1:]}." for t in own if t.lower().startswith(str(r["patient"]).lower())]
    return notes


def em_table(dataset, caption: str, table_id: str) -> Table:
    """Every patient whose extramedullary involvement the text states, as a book table with its marks.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    caption, table_id : str
        The table's caption and id.

    Returns
    -------
    Table
        :func:`~emcart.presentation.extramedullary.extramedullary`: one row per patient (or per cohort, for a report
        giving sites only as counts): report, patient, diagnosis, extramedullary at diagnosis, at relapse, immunotherapy,
        remission, relapse after immunotherapy; footnotes on relapses counted without a remission (:func:`em_notes`).
    """
    frame = extramedullary.extramedullary(dataset)
    return Table(frame, caption, table_id, em_notes(dataset, frame), marks=em_marks(dataset, frame))
