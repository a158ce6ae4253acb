"""Per-patient facts read off the curated events, and counts of patients with a fact.

A fact is a predicate ``fact(dataset, patient_id) -> bool``. The functions here answer the questions
a report's summary tables ask (did the patient respond to the first immunotherapy course, what was
the highest CRS grade, did an infection occur on an immunotherapy clock, ...), each from the
events alone, so that a published count can be recomputed from the per-patient data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from emcart.datapackage.derived import derived, remembered_over, rows_with
from emcart.datapackage.facts import terms
from emcart.model.timeline import placed_events

IMMUNOTHERAPY = ("CAR-T", "blinatumomab")
RESPONSE = ("CR", "MRD-negative")

Fact = Callable[[object, str], bool]


def first_course(dataset, patient_id: str) -> str:
    """The patient's first course (course number 1): the immunotherapy whose day 0 is the patient's day 0."""
    first = derived(dataset["courses"], _first_courses).get(patient_id)
    if first is None:
        raise KeyError(f"{patient_id} has no course number 1")
    return first


def _first_courses(courses: pd.DataFrame) -> dict[str, str]:
    first = courses[courses["course_number"] == 1].drop_duplicates("patient_id")
    return dict(zip(first["patient_id"], first["course_id"]))


def _therapies(courses: pd.DataFrame) -> dict[str, str]:
    return dict(zip(courses["course_id"], courses["therapy"]))


def arm(dataset, patient_id: str) -> str:
    """The therapy of the patient's first course ('CAR-T' or 'blinatumomab')."""
    return derived(dataset["courses"], _therapies)[first_course(dataset, patient_id)]


def arms(dataset, study_id: str) -> dict[str, list[str]]:
    """The study's patients grouped by the therapy of their first course, in patient order."""
    patients = dataset["patients"]
    ids = patients.loc[patients["study_id"] == study_id, "patient_id"].tolist()
    groups: dict[str, list[str]] = {}
    for pid in ids:
        groups.setdefault(arm(dataset, pid), []).append(pid)
    return groups


def events(dataset, patient_id: str, types=None, *, clock: str = "any", history: bool = False) -> pd.DataFrame:
    """The patient's events of the given types.

    ``clock`` restricts them to the first course's clock ('first'), to any immunotherapy course's
    clock ('immunotherapy'), to HSCT clocks ('HSCT') or not at all ('any'). History events (before
    day 0) are left out unless ``history`` is true.
    """
    if clock not in CLOCKS:
        raise ValueError(f"unknown clock {clock!r}")
    wanted = None if types is None else tuple(sorted({types} if isinstance(types, str) else set(types)))
    frames = (dataset["events"], dataset["courses"])
    key = ("events", patient_id, wanted, clock, history)
    return remembered_over(frames, key, lambda: _events(dataset, patient_id, wanted, clock, history)).copy()


CLOCKS = ("any", "first", "immunotherapy", "HSCT")


def _events(dataset, patient_id: str, types, clock: str, history: bool) -> pd.DataFrame:
    frame = rows_with(dataset["events"], "patient_id", patient_id)
    keep = np.ones(len(frame), dtype=bool)
    if types is not None:
        keep &= frame["event_type"].isin(types).to_numpy()
    if not history:
        keep &= ~frame["history"].astype(bool).to_numpy()
    if clock == "first":
        keep &= (frame["course_id"] == first_course(dataset, patient_id)).to_numpy()
    elif clock != "any":
        therapy = frame["course_id"].map(derived(dataset["courses"], _therapies))
        keep &= (therapy.isin(IMMUNOTHERAPY) if clock == "immunotherapy" else therapy == "HSCT").to_numpy()
    return frame[keep]


def max_grade(dataset, patient_id: str, event_type: str, clock: str = "first") -> int:
    """Highest stated grade of the event type (0 if none is recorded; an event without a grade counts as 0)."""
    grades = events(dataset, patient_id, event_type, clock=clock)["grade"].dropna()
    return int(grades.max()) if len(grades) else 0


# ------------------------------------------------------------------ facts


def responded(dataset, patient_id: str) -> bool:
    """CR or MRD-negativity on the first course's clock, after day 0 (not a remission carried in)."""
    return not events(dataset, patient_id, RESPONSE, clock="first").empty


def mrd_negative(dataset, patient_id: str) -> bool:
    """MRD-negativity on the first course's clock."""
    return not events(dataset, patient_id, "MRD-negative", clock="first").empty


def crs_grade(low: int, high: int = 5) -> Fact:
    """Highest CRS grade on the first course's clock lies in [low, high]."""

    def fact(dataset, patient_id: str) -> bool:
        return low <= max_grade(dataset, patient_id, "CRS onset") <= high

    fact.__name__ = f"crs_grade_{low}_{high}"
    return fact


def icans(dataset, patient_id: str) -> bool:
    """ICANS on the first course's clock."""
    return not events(dataset, patient_id, "ICANS onset", clock="first").empty


def icans_grade(grade: int) -> Fact:
    def fact(dataset, patient_id: str) -> bool:
        return max_grade(dataset, patient_id, "ICANS onset") == grade

    fact.__name__ = f"icans_grade_{grade}"
    return fact


def infection(clock: str = "any", site: str | None = None) -> Fact:
    """An infection on the given clock (see :func:`events`), optionally at a site containing ``site``."""

    def fact(dataset, patient_id: str) -> bool:
        found = events(dataset, patient_id, "infection", clock=clock)
        if site is not None:
            found = found[found["site"].fillna("").str.contains(site, case=False)]
        return not found.empty

    fact.__name__ = f"infection_{clock}_{site or 'any site'}"
    return fact


def hsct(dataset, patient_id: str) -> bool:
    """An HSCT after day 0."""
    return not events(dataset, patient_id, "HSCT").empty


def relapsed(dataset, patient_id: str) -> bool:
    """A relapse after day 0 (on any clock)."""
    return not events(dataset, patient_id, "relapse").empty


AFTER_REMISSION, WITHOUT_REMISSION, ORDER_UNKNOWN = "after a remission", "without a remission before it", "unknown"


def relapse_orders(dataset, patient_id: str) -> dict[str, str]:
    """Each relapse after day 0 by its order to the remissions after day 0 (CR or MRD-negativity, on any course)
    on the patient's clock: :data:`AFTER_REMISSION` where a remission's latest day is no later than the relapse's
    earliest, :data:`WITHOUT_REMISSION` where no remission can come before it, else :data:`ORDER_UNKNOWN`. A
    remission carried in before day 0 is not counted: its order to the relapses before day 0 is not known.

    Raises ``ValueError`` naming the relapses and remissions after day 0 that cannot be placed on the clock."""
    frames = (dataset["events"], dataset["courses"])
    return dict(remembered_over(frames, ("relapse orders", patient_id), lambda: _relapse_orders(dataset, patient_id)))


def _relapse_orders(dataset, patient_id: str) -> dict[str, str]:
    placed = placed_events(dataset, patient_id, first_course(dataset, patient_id))
    placed = placed[~placed["history"].astype(bool) & placed["event_type"].isin(("relapse", *RESPONSE))]
    unplaced = placed.loc[placed["start"].isna(), "event_id"].tolist()
    if unplaced:
        raise ValueError(f"{patient_id}: cannot order relapse and remission, {unplaced} not placed on the clock")
    remissions = placed[placed["event_type"].isin(RESPONSE)]
    orders = {}
    for r in placed[placed["event_type"] == "relapse"].itertuples():
        before = (remissions["end"] <= r.start).any()
        orders[r.event_id] = (
            AFTER_REMISSION if before else ORDER_UNKNOWN if (remissions["start"] < r.end).any() else WITHOUT_REMISSION
        )
    return orders


def relapsed_after_remission(dataset, patient_id: str) -> bool:
    """A relapse after day 0 that a remission after day 0 surely precedes (:func:`relapse_orders`), as a report
    defines relapse when it calls relapse only a reappearance of blasts after a remission.

    Raises ``ValueError`` for a patient with no such relapse but one whose order to a remission is unknown."""
    orders = relapse_orders(dataset, patient_id)
    if AFTER_REMISSION not in orders.values() and ORDER_UNKNOWN in orders.values():
        raise ValueError(f"{patient_id}: the order of relapse and remission is not known ({orders})")
    return AFTER_REMISSION in orders.values()


def relapse_status(column: str, status: str) -> Fact:
    """A relapse after day 0 whose antigen status (``cd19_status``/``cd22_status``) is ``status``."""

    def fact(dataset, patient_id: str) -> bool:
        found = events(dataset, patient_id, "relapse")
        return bool((found[column] == status).any())

    fact.__name__ = f"relapse_{column}_{status}"
    return fact


def died(attributed_to=None) -> Fact:
    """Death, optionally attributed by the text to one of ``attributed_to`` (a value or a tuple)."""
    causes = (
        None if attributed_to is None else ([attributed_to] if isinstance(attributed_to, str) else list(attributed_to))
    )

    def fact(dataset, patient_id: str) -> bool:
        found = events(dataset, patient_id, "death")
        if causes is not None:
            found = found[found["attributed_to"].isin(causes)]
        return not found.empty

    fact.__name__ = f"died_{'any' if causes is None else '_'.join(causes)}"
    return fact


def lost(dataset, patient_id: str) -> bool:
    return not events(dataset, patient_id, "lost to follow-up").empty


def cytogenetics(text: str) -> Fact:
    """The patient's cytogenetics (as printed) mention ``text``."""

    def fact(dataset, patient_id: str) -> bool:
        value = dataset["patients"].set_index("patient_id").at[patient_id, "cytogenetics"]
        return pd.notna(value) and text.lower() in str(value).lower()

    fact.__name__ = f"cytogenetics_{text}"
    return fact


def both(*facts: Fact) -> Fact:
    def fact(dataset, patient_id: str) -> bool:
        return all(f(dataset, patient_id) for f in facts)

    fact.__name__ = " and ".join(f.__name__ for f in facts)
    return fact


@dataclass(frozen=True)
class Count:
    """k of n patients have a fact; ``cases`` lists the k."""

    k: int
    n: int
    cases: tuple[str, ...]

    @property
    def percent(self) -> float:
        return 100 * self.k / self.n


def count(dataset, patient_ids: list[str], fact: Fact) -> Count:
    """How many of the patients have the fact, and which."""
    cases = tuple(pid for pid in patient_ids if fact(dataset, pid))
    return Count(len(cases), len(patient_ids), cases)


def therapy(name: str) -> Fact:
    """The patient's first course is ``name`` ('CAR-T', 'blinatumomab'): the patient's arm."""

    def fact(dataset, patient_id: str) -> bool:
        return arm(dataset, patient_id) == name

    fact.__name__ = f"arm_{name}"
    return fact


def negated(f: Fact) -> Fact:
    def fact(dataset, patient_id: str) -> bool:
        return not f(dataset, patient_id)

    fact.__name__ = f"not {f.__name__}"
    return fact


# The meaning of each fact name of :data:`emcart.datapackage.facts.ARGUMENTS`, given its arguments.
MEANINGS = {
    "responded": lambda: responded,
    "mrd_negative": lambda: mrd_negative,
    "icans": lambda: icans,
    "hsct": lambda: hsct,
    "relapsed": lambda: relapsed,
    "relapsed_after_remission": lambda: relapsed_after_remission,
    "lost": lambda: lost,
    "arm": therapy,
    "crs_grade": crs_grade,
    "icans_grade": icans_grade,
    "infection": infection,
    "relapse_status": relapse_status,
    "died": lambda *causes: died(causes or None),
    "cytogenetics": cytogenetics,
}


def fact(expression: str) -> Fact:
    """The fact a curated expression names (:mod:`emcart.datapackage.facts`: ``crs_grade(2, 2) and not icans``)."""
    made = [MEANINGS[name](*args) for _, name, args in terms(expression)]
    return both(*(negated(f) if no else f for (no, _, _), f in zip(terms(expression), made, strict=True)))


def group(dataset, study_id: str, expression=None) -> list[str]:
    """The study's patients, in order, who have the fact ``expression`` names (all of them when it is empty)."""
    patients = dataset["patients"]
    ids = patients.loc[patients["study_id"] == study_id, "patient_id"].tolist()
    return ids if pd.isna(expression) or not expression else [p for p in ids if fact(expression)(dataset, p)]
