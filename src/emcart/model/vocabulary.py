"""Words and constants shared by every layer above the data: time units, the events that end
follow-up, how units and categories are printed, prose lists and course titles."""

from __future__ import annotations

import pandas as pd

# Days in an average calendar month (365.25 / 12), for times the texts state in months.
DAYS_PER_MONTH = 365.25 / 12

# The event types that end a patient's follow-up.
END_OF_FOLLOW_UP = ("last contact", "death", "lost to follow-up")
# Cytokine release, neurotoxicity and their treatment, in the order tables and legends list them.
CRS_AND_TREATMENT = (
    "CRS onset",
    "ICANS onset",
    "CRES onset",
    "fever onset",
    "temperature normalised",
    "tocilizumab",
    "glucocorticoids",
)

# How a unit of the data is printed.
UNIT_SYMBOLS = {"10^6 cells/kg": "× 10⁶ cells/kg"}

# How a category of the data that is spelled as a code reads in a table.
CATEGORY_WORDS = {
    "km_estimate": "Kaplan–Meier estimate",
    "survival_estimate": "survival estimate (estimator not named)",
    "cumulative_incidence": "cumulative incidence",
    "lower_bound": "lower bound",
    "upper_bound": "upper bound",
}


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c' ('' for none)."""
    items = list(items)
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 2 else items)


def course_title(dataset, course_id: str) -> str:
    """'course 1: autologous anti-CD19 CAR-T', 'course 3: HSCT'; a protocol's schedule, which belongs
    to no patient, reads 'protocol: anti-CD19 CAR-T'."""
    c = dataset["courses"].set_index("course_id").loc[course_id]
    what = c["therapy"]
    if c["therapy"] == "CAR-T":
        what = " ".join(str(x) for x in (c["cell_source"], c["construct"]) if pd.notna(x)) + " CAR-T"
    return f"protocol: {what}" if pd.isna(c["course_number"]) else f"course {c['course_number']:g}: {what}"


def course_name(dataset, course_id: str) -> str:
    """'course 3' ('protocol' for a protocol's schedule): the head of :func:`course_title`."""
    return course_title(dataset, course_id).split(":")[0]


def course_by_therapy(dataset, course_id: str) -> str:
    """A course by its therapy and number, as the checks name it: 'the HSCT (course 3)'."""
    therapy = dataset["courses"].set_index("course_id").at[course_id, "therapy"]
    return f"the {therapy} ({course_name(dataset, course_id)})"


def row_course(dataset, row) -> str:
    """The course an event, absence or measurement row is on: 'course 2', or 'before course 2' for a history
    event (stored on that course's clock before its day 0)."""
    before = "before " if "history" in row.index and pd.notna(row["history"]) and bool(row["history"]) else ""
    return f"{before}{course_name(dataset, row['course_id'])}"


def row_words(dataset, table: str, row_id: str) -> str:
    """A curated row as a reader names it, never by its id: an event, absence or measurement by its
    patient, kind and course ('case 1: no ICANS onset, course 1'; a history event 'before course 2'), a published statistic by its words
    and group, a treatment by its product and course, a gap by its item, a definition by its term and
    where it is printed, a patient by its label."""
    r = dataset[table].set_index(dataset.key(table)).loc[row_id]
    if table == "reported_statistics":
        return f"{r['statistic']} ({r['group']})"
    if table == "gaps":
        return f"'{r['item']}' (an item the text cannot supply)"
    if table == "definitions":
        return f"definition of '{r['term']}' ({r['item']})"
    if table == "treatments":
        return f"{r['product']}, {course_name(dataset, r['course_id'])}"
    labels = dataset["patients"].set_index("patient_id")["label"]
    if table == "patients":
        return f"{r['label']}'s characteristics"
    if table == "courses":
        return f"{labels[r['patient_id']]}: {course_title(dataset, row_id)}"
    kinds = {"events": "{event_type}{site}", "absences": "no {event_type}", "measurements": "{analyte} ({compartment})"}
    if table not in kinds:
        return f"a row of the curated {table.replace('_', ' ')}"
    site = f" [{r['site']}]" if pd.notna(r.get("site")) else ""
    what = kinds[table].format(**{**r.to_dict(), "site": site})
    return f"{labels[r['patient_id']]}: {what}, {row_course(dataset, r)}"
