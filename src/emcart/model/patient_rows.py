"""A report's patients and their curated rows by kind, course number and clock: events, the text's statements
that an event did not happen (absences), courses, and the patients with such rows."""

from __future__ import annotations

import pandas as pd

from emcart.datapackage.derived import derived, remembered, rows_with


def patient_ids(dataset, study_id: str) -> list[str]:
    """A report's patients, in the order of their labels.

    Parameters
    ----------
    dataset : Dataset
    study_id : str

    Returns
    -------
    list of str
        The patient ids.
    """
    patients = dataset["patients"]
    return patients[patients["study_id"] == study_id].sort_values("label")["patient_id"].tolist()


def measurement_ids(dataset, study_id: str) -> list[str]:
    """Every measurement of a report's patients, in curated order.

    Parameters
    ----------
    dataset : Dataset
    study_id : str

    Returns
    -------
    list of str
        The measurement ids.
    """
    rows = dataset["measurements"]
    return rows[rows["patient_id"].isin(patient_ids(dataset, study_id))]["measurement_id"].tolist()


def labels(dataset, patient_ids: list[str]) -> str:
    """The patients' labels, comma-separated ('none' for no patient)."""
    label = dataset["patients"].set_index("patient_id")["label"]
    return ", ".join(label[p] for p in patient_ids) or "none"


def course_id(dataset, patient_id: str, course_number: int) -> str | None:
    """The patient's course of that number, or None."""
    return derived(dataset["courses"], _numbered_courses).get((patient_id, course_number))


def _numbered_courses(courses: pd.DataFrame) -> dict[tuple[str, int], str]:
    first = courses.drop_duplicates(["patient_id", "course_number"])
    return dict(zip(zip(first["patient_id"], first["course_number"]), first["course_id"]))


def events_of(
    dataset,
    patient_id: str,
    event_type: str | tuple[str, ...],
    course_number: int | None = None,
    history: bool | None = None,
) -> pd.DataFrame:
    """A patient's events of a type, optionally on one of its courses and with a history flag."""
    kinds = (event_type,) if isinstance(event_type, str) else tuple(event_type)
    course = course_id(dataset, patient_id, course_number) if course_number is not None else None
    events = dataset["events"]

    def select() -> pd.DataFrame:
        rows = rows_with(events, "patient_id", patient_id)
        rows = rows[rows["event_type"].isin(kinds)]
        if course_number is not None:
            rows = rows[rows["course_id"] == course]
        if history is not None:
            rows = rows[rows["history"] == history]
        return rows

    return remembered(events, ("events_of", patient_id, kinds, course_number is None, course, history), select).copy()


def absences_of(dataset, patient_id: str, event_type: str, course_number: int | None = None) -> pd.DataFrame:
    """The text's statements that the event did not happen to the patient (on the course)."""
    rows = rows_with(dataset["absences"], "patient_id", patient_id)
    rows = rows[rows["event_type"] == event_type]
    if course_number is not None:
        rows = rows[rows["course_id"] == course_id(dataset, patient_id, course_number)]
    return rows


def absent(dataset, patient_id: str, event_type: str, course_number: int | None = None) -> bool:
    """Does the text state that the event did not happen to the patient (on the course)?"""
    return len(absences_of(dataset, patient_id, event_type, course_number)) > 0


def with_event(
    dataset, patient_ids: list[str], event_type: str, course_number: int | None = None, history: bool | None = False
) -> list[str]:
    """The patients (in the given order) with at least one such event."""
    return [p for p in patient_ids if len(events_of(dataset, p, event_type, course_number, history))]
