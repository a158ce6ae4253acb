"""Evidence marks of the per-patient summary (:func:`emcart.presentation.cases.summary`): each cell's
derivation in words and the curated rows it is assembled from (see :mod:`emcart.presentation.evidence`)."""

from __future__ import annotations

import pandas as pd

from emcart.model import outcomes
from emcart.presentation import cases, evidence
from emcart.presentation.cases import COLUMNS, NONE
from emcart.presentation.derivations import row_keys
from emcart.presentation.tables import Table

ON_CLOCK = "day on its course's clock (an HSCT-clock day also on the first course's clock, in brackets)"
# Per column of the summary: the event types it shows and how it shows them (the cell's derivation).
EVENT_COLUMNS = {
    "CRS": (("CRS onset",), f"each CRS onset: its grade, site and {ON_CLOCK}"),
    "ICANS": (("ICANS onset",), f"each ICANS onset: its grade, site and {ON_CLOCK}"),
    "Response": (outcomes.RESPONSE, "the responses to the first course, and the day of the first"),
    "HSCT": (("HSCT",), f"the transplant's {ON_CLOCK}, with the donor and conditioning of its course"),
    "Engraftment": (("neutrophil engraftment",), f"each neutrophil engraftment's {ON_CLOCK}"),
    "GVHD": (("GVHD",), f"each GVHD: its grade, site and {ON_CLOCK}"),
    "Infections": (("infection",), f"each infection's pathogen (or words) and site, grouped by {ON_CLOCK}"),
    "Other complications": (("PTLD", "complication"), f"each complication or PTLD and its {ON_CLOCK}"),
    "Relapse": (("relapse",), f"each relapse's {ON_CLOCK}, site and CD19 status (†: inferred, see the notes)"),
    "Outcome": (
        ("death", "lost to follow-up", "last contact"),
        f"the last of the death, loss to follow-up or last contact, and its {ON_CLOCK}",
    ),
}
IMMUNOTHERAPY = "each immunotherapy course's product, with its doses' days (day 0: the first infusion) and amounts"
NOT_STATED = (NONE, "no HSCT")


def summary_marks(dataset, patient_ids: list[str], frame: pd.DataFrame) -> pd.DataFrame:
    """Marks of the per-patient summary (:func:`emcart.presentation.cases.summary`).

    The case is its label; a cell assembled from events, a derivation quoting them; a cell of no event, the text's
    statement that there was none (an absence), or 'Not in the text'.

    Parameters
    ----------
    dataset : Dataset
    patient_ids : list of str
        The patients of ``frame``'s rows, in order.
    frame : pandas.DataFrame
        The summary, columns :data:`~emcart.presentation.cases.COLUMNS` (gap marks ‡ allowed).

    Returns
    -------
    pandas.DataFrame
        One mark per cell, the table's shape: a curated cell's key (``table|row_id|field``), a
        :class:`~emcart.presentation.evidence.Derivation`, or None.
    """
    rows = []
    for pid, (_, shown) in zip(patient_ids, frame.iterrows()):
        marks = [evidence.cell_key("patients", pid, "label")]
        marks.append(
            evidence.Derivation(f"{shown['Case']}, Immunotherapy: {IMMUNOTHERAPY}.", _course_keys(dataset, pid))
        )
        marks += [_event_mark(dataset, pid, column, shown) for column in EVENT_COLUMNS]
        rows.append(marks)
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object)


def _event_mark(dataset, patient_id: str, column: str, shown: pd.Series):
    kinds, how = EVENT_COLUMNS[column]
    text = str(shown[column])
    if text.rstrip("‡") in NOT_STATED:
        said = dataset["absences"]
        said = said[(said["patient_id"] == patient_id) & said["event_type"].isin(kinds)]
        keys = [k for a in said["absence_id"] for k in row_keys(dataset, "absences", a, ("event_type",))]
        if keys:  # the text's own words that there was none
            return keys[0] if len(keys) == 1 else evidence.Derivation(f"{text}: the text states there was none.", keys)
        return evidence.Derivation(
            f"{text}: the text states no {' or '.join(kinds)} for {shown['Case']}.", title="Not in the text"
        )
    events = dataset["events"]
    chosen = events[
        (events["patient_id"] == patient_id) & events["event_type"].isin(kinds) & ~events["history"].astype(bool)
    ]
    if column == "Response":
        chosen = chosen[chosen["course_id"] == outcomes.first_course(dataset, patient_id)]
    keys = [k for e in chosen["event_id"] for k in row_keys(dataset, "events", e, ("event_type",))]
    if column == "HSCT":
        courses = dataset["courses"]
        anchored = courses.loc[courses["anchor_event"].isin(chosen["event_id"]), "course_id"]
        keys += [k for c in anchored for k in row_keys(dataset, "courses", c, ("donor_type", "conditioning"))]
    return evidence.Derivation(f"{shown['Case']}, {column}: {how}.", tuple(keys))


def _course_keys(dataset, patient_id: str) -> tuple[str, ...]:
    courses = dataset["courses"]
    chosen = courses[(courses["patient_id"] == patient_id) & courses["therapy"].isin(outcomes.IMMUNOTHERAPY)]
    doses = dataset["treatments"]
    keys = [k for c in chosen["course_id"] for k in row_keys(dataset, "courses", c, ("therapy",))]
    keys += [
        k
        for t in doses.loc[doses["course_id"].isin(chosen["course_id"]), "treatment_id"]
        for k in row_keys(dataset, "treatments", t, ("dose",))
    ]
    return tuple(keys)


# The summary in three parts (a table id suffix, what the part shows, its columns after the case).
PARTS = (
    ("", "immunotherapy, toxicity and response", ["Immunotherapy", "CRS", "ICANS", "Response"]),
    (
        "-hsct",
        "transplant, infections and complications",
        ["HSCT", "Engraftment", "GVHD", "Infections", "Other complications"],
    ),
    ("-outcome", "relapse and outcome", ["Relapse", "Outcome"]),
)
DAYS_NOTE = (
    "Days: day 0 is the first infusion (a course the text numbers from day 1: its day 1, so the text's day n is "
    "day n − 1); 'HSCT day' counts from the transplant, with the day on the immunotherapy clock in brackets."
)


def summary_parts(
    dataset,
    patient_ids: list[str],
    caption: str,
    table_id: str,
    gap_cells: dict[tuple[str, str], str],
    folded: bool = False,
) -> tuple[Table, ...]:
    """The per-patient summary (:func:`~emcart.presentation.cases.summary_and_notes`) as three tables: immunotherapy,
    toxicity and response; transplant, infections and complications; relapse and outcome. Each cell keeps its
    evidence; a cell a registered gap concerns (``gap_cells``: (case label, column) to gap id) is marked ‡, an
    inferred value †, each with its footnote in the part that shows it.

    Parameters
    ----------
    dataset : Dataset
        The loaded data.
    patient_ids : list of str
        The patients, one row each.
    caption, table_id : str
        The caption and id of the whole; each part's add its number and what it shows, and an id suffix.
    gap_cells : dict
        The cells a registered gap concerns.
    folded : bool
        Whether the parts open collapsed.

    Returns
    -------
    tuple of Table
        The three parts, each with its cells' evidence marks and its footnotes (days, gaps ‡, inferred values †).
    """
    frame, inferred = cases.summary_and_notes(dataset, patient_ids)
    marks = summary_marks(dataset, patient_ids, frame)
    parts = []
    for number, (suffix, what, columns) in enumerate(PARTS, start=1):
        mine = {cell: gap for cell, gap in gap_cells.items() if cell[1] in columns}
        shown, gap_notes = cases.mark_gaps(dataset, frame[["Case", *columns]], mine)
        notes = [DAYS_NOTE, *gap_notes, *cases.notes_for(inferred, columns)]
        name = f"{caption}, part {number}: {what}"
        parts.append(Table(shown, name, f"{table_id}{suffix}", notes, folded, marks[["Case", *columns]]))
    return tuple(parts)
