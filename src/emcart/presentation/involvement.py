"""When each patient's extramedullary disease was, relative to the immunotherapy course a table of outcomes
counts: at a relapse before that course (the disease it treated), at diagnosis only, or only after the course;
from the curated patients, events and courses, or a report's per-site counts of the relapse its patients were
enrolled at."""

from __future__ import annotations

import pandas as pd

from emcart.model import outcomes, timeline
from emcart.presentation import extramedullary

BEFORE = "before"  # at a relapse before the course counted
DIAGNOSIS = "at diagnosis"
AFTER = "after"  # at a relapse after the course counted
UNPLACED = "when not stated"


def counted_course(dataset, patient_id: str, selection: str) -> str:
    """The course a table of outcomes counts for the patient: the one its cohort recount names (a single patient's
    course), else the patient's first course."""
    recounts = dataset["cohort_recounts"]
    own = recounts[(recounts["selection"] == selection) & recounts["course_id"].notna()]
    courses = dataset["courses"].set_index("course_id")
    named = [c for c in own["course_id"] if courses.at[c, "patient_id"] == patient_id]
    return named[0] if named else outcomes.first_course(dataset, patient_id)


def _when(event, course_id: str) -> str:
    """Whether a relapse placed on the counted course's clock came before that course or after it."""
    if event["course_id"] == course_id:
        return BEFORE if event["history"] else AFTER
    if event["end"] < 0:
        return BEFORE
    return AFTER if event["start"] >= 0 else UNPLACED


def relapses(dataset, patient_id: str, selection: str) -> dict[str, str]:
    """The patient's relapses at a site other than the bone marrow, each (event id) with when it came relative to
    the course counted (:data:`BEFORE`, :data:`AFTER` or :data:`UNPLACED`)."""
    course = counted_course(dataset, patient_id, selection)
    placed = timeline.placed_events(dataset, patient_id, course)
    found = placed[(placed["event_type"] == "relapse") & placed["site"].notna()]
    return {e["event_id"]: _when(e, course) for _, e in found.iterrows() if extramedullary.sites(e["site"])}


def times(dataset, patient_id: str, selection: str) -> set[str]:
    """When the text states the patient's extramedullary disease, relative to the course counted (:data:`BEFORE`,
    :data:`DIAGNOSIS`, :data:`AFTER`, :data:`UNPLACED`): relapses at a site other than the bone marrow, CNS2 or CNS3
    status at relapse (the relapse before the course), CNS2 or CNS3 status or an extramedullary tumour at
    diagnosis."""
    found = set(relapses(dataset, patient_id, selection).values())
    patient = dataset["patients"].set_index("patient_id").loc[patient_id]
    if extramedullary.involved(patient["cns_at_relapse"]):
        found.add(BEFORE)
    if not extramedullary.at_diagnosis(dataset, patient_id).startswith(extramedullary.NONE_STATED):
        found.add(DIAGNOSIS)
    return found


def by_report(dataset, selection: str) -> pd.DataFrame:
    """Per report with patient rows, each patient whose extramedullary disease the text states, with when.

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    selection : str
        The table of outcomes (``cohort_recounts.selection``) whose courses are counted.

    Returns
    -------
    pandas.DataFrame
        ``study_id``, ``patient_id``, ``label``, ``therapy`` (of the course counted) and ``times``
        (:func:`times`), one row per patient with extramedullary disease stated; a report that gives its sites
        only as counts (:func:`emcart.presentation.extramedullary.site_counts`) is left out.
    """
    patients = dataset["patients"]
    courses = dataset["courses"].set_index("course_id")["therapy"]
    counted = extramedullary.site_counts(dataset)
    rows = []
    for p in patients[~patients["study_id"].isin(counted)].itertuples():
        found = times(dataset, p.patient_id, selection)
        if found:
            therapy = courses[counted_course(dataset, p.patient_id, selection)]
            rows.append(
                {
                    "study_id": p.study_id,
                    "patient_id": p.patient_id,
                    "label": p.label,
                    "therapy": therapy,
                    "times": found,
                }
            )
    return pd.DataFrame(rows, columns=["study_id", "patient_id", "label", "therapy", "times"])
