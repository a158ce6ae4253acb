"""Per-patient tables assembled from several curated tables, and checks of cohort-level facts.

A report that prints only cohort numbers ("CRS was observed in 7 of 8 patients") and a few
patient-level facts ("except patient S006") gets a rebuilt table with one row per patient: each
cell comes from a curated row (cited, and marked when OCR-corrected), is derived by code from a
check that holds (marked), or says it is not reported in the text. The cohort numbers become the
table's footnotes, each with the result of checking it against the filled cells.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from emcart.analysis.stats import mean_bounds
from emcart.audit.cohort_checks import Check, statistics
from emcart.audit.cohort_checks import checks as cohort_checks
from emcart.datapackage.marks import carry
from emcart.model.patient_rows import course_id, events_of
from emcart.presentation import evidence, tables
from emcart.presentation.check_marks import check_marks
from emcart.presentation.tables import OcrNotes, Table

MISSING = "not reported in text"
DERIVED_MARK = "†"

# Powers of ten of the dose units that count cells per kilogram.
CELLS_PER_KG = {"10^6 cells/kg": 6, "10^7 cells/kg": 7, "×10^6/kg": 6, "×10^8/kg": 8}
SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


@dataclass(frozen=True)
class Cell:
    """A table cell: its text and the curated cells it shows, as (table, row_id, field), for OCR notes;
    ``rests_on``: curated cells, as (table, row_id, field), that the text rests on without showing their
    values (the event a 'yes' stands for), for the cell's evidence only."""

    text: str
    source: tuple | None = None
    derived: bool = False
    rests_on: tuple = ()

    def sources(self) -> list[tuple[str, str, str]]:
        """The curated cells shown: ``source`` is one (table, row_id, field) or a tuple of them."""
        if self.source is None:
            return []
        return [self.source] if isinstance(self.source[0], str) else list(self.source)


# Words for a cross-check of a fact that is not a published statistic, unlike the audit's statuses.
CROSS_CHECK_WORDS = {
    "consistent": "they agree",
    "inconsistent": "they disagree",
    "cannot be checked": "nothing to compare",
    "see table": "see the table",
}


def checks_frame(checks: list[Check]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "fact": c.fact,
                "published": c.published,
                "per-patient data": c.observed,
                "check": c.result,
                "note": c.note,
            }
            for c in checks
        ]
    )


def checks_table(checks: list[Check], caption: str, table_id: str, marks: pd.DataFrame | None = None) -> Table:
    """Cohort-level facts checked against the per-patient cells, one row each: the fact, what is published, the
    per-patient data, the audit status of the statistics it is (or, for a fact that is not a published
    statistic, the cross-check in words) and a note, numbered below the table."""
    frame = pd.DataFrame(
        {
            "fact": [c.fact for c in checks],
            "published": [c.published for c in checks],
            "per-patient data": [c.observed for c in checks],
            "audit status, or the cross-check": [c.audit_status or CROSS_CHECK_WORDS[c.result] for c in checks],
            "note": [c.note for c in checks],
        }
    )
    return tables.with_notes(frame, "note", caption, table_id, marks=marks)


def checked(dataset, selection: str, statuses: pd.Series, caption: str) -> Table:
    """A table's cohort numbers checked against the per-patient cells (:func:`checks_table`, id ``selection``), the
    published words, the per-patient data and the audit status citing the published statistics each fact is.

    Parameters
    ----------
    dataset : Dataset
    selection : str
        The table of checks (``cohort_checks.selection``), also the table's id.
    statuses : pandas.Series
        The book-wide audit's status of each published statistic, by id (:func:`emcart.audit.cohort_checks.checks`).
    caption : str

    Returns
    -------
    Table
        One row per cohort fact: ``fact``, ``published``, ``per-patient data``, ``audit status, or the
        cross-check``; the notes numbered below the table.
    """
    of, checks = statistics(dataset, selection), cohort_checks(dataset, selection, statuses)
    shown = [c.audit_status or CROSS_CHECK_WORDS[c.result] for c in checks]
    marks = check_marks(dataset, selection, checks, of, shown)
    return checks_table(checks, caption, selection, marks)


def per_patient(
    dataset,
    patient_ids: list[str],
    columns: dict[str, Callable[[str], Cell | str | None]],
    caption: str,
    table_id: str,
    footnotes: list[str] = (),
    missing: str = MISSING,
) -> Table:
    """One row per patient; ``columns`` maps a heading to a function of the patient id giving the cell.

    A function returns a :class:`Cell`, a plain string, or None (shown as ``missing``). A cell
    showing an OCR-corrected curated value gets a numbered note with the printed text; a derived
    cell gets the mark † and the caller explains it in a footnote.
    """
    notes = OcrNotes(dataset)
    known = evidence.provenance_keys(dataset)
    shown: dict[str, list[str]] = {}
    marks: dict[str, list] = {}
    for heading, function in columns.items():
        cells, marks[heading] = [], []
        for pid in patient_ids:
            value = function(pid)
            cell = value if isinstance(value, Cell) else Cell(value) if value is not None else None
            if cell is None or cell.text == "":
                cells.append(missing)
                marks[heading].append(
                    evidence.Derivation(
                        f"{missing}: no curated cell gives this patient a value under '{heading}'.",
                        title="Not in the text",
                    )
                )
                continue
            text = cell.text + (DERIVED_MARK if cell.derived else "")
            for source in cell.sources():
                text = notes.mark(text, *source)
            cells.append(text)
            marks[heading].append(_mark(cell, known))
        shown[heading] = cells
    return Table(
        pd.DataFrame(shown),
        caption,
        table_id,
        list(footnotes) + notes.footnotes(),
        marks=pd.DataFrame(marks, dtype=object),
    )


def _mark(cell: Cell, known: set[str]):
    """A cell showing (or resting on) one curated value carries its key; a derived cell, or one showing
    several values, a derivation from them; a cell from no curated value, none."""
    keys = tuple(
        dict.fromkeys(k for k in (evidence.cell_key(*s) for s in cell.sources() + list(cell.rests_on)) if k in known)
    )
    if len(keys) == 1 and not cell.derived:
        return keys[0]
    if not keys:
        return None
    how = f"derived by the book ({DERIVED_MARK}: see the table's notes)" if cell.derived else "assembled"
    return evidence.Derivation(f"{cell.text}: {how} from the curated values quoted below.", keys)


def rests_on(table: str, rows: pd.DataFrame, *fields: str) -> tuple:
    """The cells (table, row_id, field) of the first of ``rows`` (events or absences) a table cell rests on."""
    key = {"events": "event_id", "absences": "absence_id"}[table]
    return tuple((table, rows[key].iloc[0], f) for f in fields) if len(rows) else ()


def cells_per_kg(dose: float, unit: str, power: int = 6) -> float:
    """A cell dose in units of 10^power cells/kg (1.5 in 10^7 cells/kg is 15 in 10^6 cells/kg)."""
    return float(dose) * 10 ** (CELLS_PER_KG[unit] - power)


def dose_text(dose: float, unit: str) -> str:
    """'1.5 × 10⁷/kg' for a dose stored with its printed power of ten."""
    power = str(CELLS_PER_KG[unit]).translate(SUPERSCRIPTS)
    return f"{float(dose):g} × 10{power}/kg"


def mean_feasible(mean: float, low: float, high: float, n: int) -> Check:
    """Can a stated mean come from n values spanning a stated range (both ends reached)?"""
    lo, hi = mean_bounds(low, high, n)
    ok = lo <= mean <= hi
    return Check(
        "mean within its range",
        f"mean {mean:g}, range {low:g}–{high:g}, n = {n}",
        f"a mean of {n} such values lies in {lo:.2f}–{hi:.2f}",
        "consistent" if ok else "inconsistent",
    )


def field_cell(dataset, table: str, key: str, field: str) -> Cell | None:
    """One curated value as a cell citing it; None when the text does not give it."""
    value = dataset[table].set_index(dataset.key(table)).at[key, field]
    if pd.isna(value):
        return None
    return Cell(f"{value:g}" if isinstance(value, float) else str(value), (table, key, field))


def course_dose(dataset, patient_id: str, course_number: int = 1) -> Cell | None:
    """The CAR-T dose of a patient's course, with its printed power of ten."""
    rows = dataset["treatments"]
    rows = rows[
        rows["course_id"].eq(course_id(dataset, patient_id, course_number))
        & rows["dose"].notna()
        & rows["product"].str.contains("CAR-T")
    ]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return Cell(
        dose_text(row["dose"], row["dose_unit"]),
        (("treatments", row["treatment_id"], "dose"), ("treatments", row["treatment_id"], "dose_unit")),
    )


def history(dataset, patient_id: str) -> Cell | None:
    """Events before the first CAR-T course, in the order curated: 'HSCT → relapse (before CAR-T)'."""
    rows = events_of(dataset, patient_id, tuple(dataset["events"]["event_type"].unique()), history=True)
    if rows.empty:
        return None
    events = tuple(("events", e, "event_type") for e in rows["event_id"])
    return Cell(" → ".join(rows["event_type"]) + " (before CAR-T)", rests_on=events)


PROTOCOL_COLUMNS = {
    "Course": "course_id",
    "Product": "product",
    "First day": "text_day_start",
    "Last day": "text_day_end",
    "Dose": "dose",
    "Dose up to": "dose_max",
    "Dose is": "dose_qualifier",
    "Unit": "dose_unit",
}


def protocol(dataset, caption: str, table_id: str, columns: dict[str, str] = PROTOCOL_COLUMNS) -> Table:
    """The treatments of the protocol courses (courses without a patient) as the Methods state them.

    Parameters
    ----------
    dataset : Dataset
        One report's rows (``emcart.load("A")``).
    caption, table_id : str
        The table's caption and id.
    columns : dict
        Heading → treatments field.

    Returns
    -------
    Table
        One row per treatment of a protocol course, one column per heading, each cell citing its curated value.
    """
    courses = dataset["courses"]
    protocol_courses = courses.loc[courses["patient_id"].isna(), "course_id"]
    rows = dataset["treatments"][dataset["treatments"]["course_id"].isin(protocol_courses)]
    return tables.curated(dataset, "treatments", rows, columns, caption=caption, table_id=table_id)


def unreported(table: Table, missing: str = MISSING) -> list[str]:
    """The headings of ``table``'s columns in which no patient has a value."""
    return [name for name in table.frame.columns if table.frame[name].eq(missing).all()]


def without(table: Table, headings: list[str]) -> Table:
    """``table`` without the columns ``headings`` (and their marks)."""
    marks = None if table.marks is None else table.marks.drop(columns=headings)
    return Table(
        table.frame.drop(columns=headings), table.caption, table.table_id, table.footnotes, table.folded, marks
    )


def doses_in_one_unit(
    dataset, patient_ids: list[str], course_number: int, low: float, high: float, range_keys: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Each patient's CAR-T dose on a course as printed and in 10^6 cells/kg (converted by code), and whether it
    lies in the range ``low``–``high`` (10^6 cells/kg; ``range_keys``: the curated cells printing it), carrying
    each cell's marks."""
    treatments = dataset["treatments"].set_index("treatment_id")
    labels = dataset["patients"].set_index("patient_id")["label"]
    rows, marks = [], []
    for p in patient_ids:
        dose = course_dose(dataset, p, course_number)
        row = treatments.loc[dose.sources()[0][1]]
        value = cells_per_kg(row["dose"], row["dose_unit"])
        within = "yes" if low <= value <= high else "no"
        rows.append(
            {"patient": labels[p], "printed": dose.text, "× 10⁶/kg": round(value, 6), "within the range": within}
        )
        printed = evidence.cell_key("treatments", row.name, "dose")
        marks.append(
            [
                evidence.cell_key("patients", p, "label"),
                printed,
                evidence.Derivation("The printed dose in 10⁶ cells/kg, converted by the book.", (printed,)),
                evidence.Derivation("The dose compared with the published range.", (printed, *range_keys)),
            ]
        )
    return carry(pd.DataFrame(rows), pd.DataFrame(marks, dtype=object))
