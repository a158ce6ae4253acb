"""Report A's Tables 1 and 2 rebuilt with one row per patient: each cell from a curated row, derived by code
from a check that holds (†), or 'not reported in text'; the cohort numbers are the footnotes, each checked
(:mod:`emcart.audit.cohort_checks`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emcart.audit.cohort_checks import Check, checks
from emcart.model.patient_rows import absences_of, events_of
from emcart.presentation.cohort import (
    Cell,
    checked,
    course_dose,
    field_cell,
    history,
    per_patient,
    rests_on,
    unreported,
    without,
)
from emcart.presentation.tables import Table
from emcart.reports.report_a import STUDY, bridged, label, labels, patient_ids, relapsed
from emcart.reports.report_a_audit import audit_statuses

DERIVED_NOTE = (
    "† derived, not stated for the patient: the text's count equals the patients it names ({}), so the others had none."
)
TABLE_1_CHECKS, TABLE_2_CHECKS = "a-table-1-checks", "a-table-2-checks"
TABLE_2_LEGEND = ("A-T2-tocilizumab", "A-T2-corticosteroid", "A-T2-CSF", "A-T2-S004")


def table_1_in_full(data) -> Table:
    """Table 1 with every characteristic it is rebuilt for, given by the text or not; its cohort numbers are
    checked in :func:`table_1_checked`."""
    columns = {
        "Patient": lambda p: Cell(label(data, p), rests_on=(("patients", p, "label"),)),
        "Age (years)": lambda p: field_cell(data, "patients", p, "age_years"),
        "Sex": lambda p: field_cell(data, "patients", p, "sex"),
        "Extramedullary site": lambda p: None,
        "Prior HSCT and relapses": lambda p: history(data, p),
        "CAR-T dose, first infusion": lambda p: course_dose(data, p),
    }
    caption = "Table 1 (report A), rebuilt: patient characteristics"
    return per_patient(data, patient_ids(data), columns, caption, "a-table-1")


def table_1(data) -> Table:
    """Table 1 rebuilt, with only the characteristics the text gives for at least one patient.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        One row per patient: patient, then age, sex, extramedullary site, prior HSCT and relapses, and first
        CAR-T dose where the text gives any; each cell citing its curated cells.
    """
    full = table_1_in_full(data)
    return without(full, unreported(full))


def table_1_lacks(data) -> str:
    """The characteristics of Table 1 the text gives for no patient, in words: 'age, sex or ...'."""
    return _words(unreported(table_1_in_full(data)))


def _words(headings: list[str]) -> str:
    """Column headings as words in a sentence: 'age, sex or CAR-T dose of the first infusion'."""
    names = [h.split(" (")[0].replace(", ", " of the ") for h in headings]
    names = [n[0].lower() + n[1:] if n[1:2].islower() else n for n in names]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else "".join(names)


@dataclass(frozen=True)
class _Outcomes:
    """What Table 2's outcome cells need: the data, who relapsed or was bridged, and whether the text names all."""

    data: object
    relapsed: tuple
    bridged: tuple
    relapses_named: bool
    bridges_named: bool

    def derived(self, stat_id: str) -> Cell:
        return Cell("none", derived=True, rests_on=(("reported_statistics", stat_id, "value"),))

    def relapse(self, p: str) -> Cell | None:
        rows = events_of(self.data, p, "relapse", 1, history=False)
        if len(rows):
            r = rows.iloc[0]
            signs = {"positive": "+"}
            text = f"CD19{signs.get(r['cd19_status'], '−')} CD22{signs.get(r['cd22_status'], '−')}"
            return Cell(text, rests_on=rests_on("events", rows, "cd19_status", "cd22_status"))
        return self.derived("A-relapse") if self.relapses_named else None

    def second(self, p: str) -> Cell | None:
        dose = course_dose(self.data, p, 2)
        if dose is not None:
            cr2 = " → CR2" if len(events_of(self.data, p, "CR", 2)) else ""
            return Cell(dose.text + cr2, dose.source)
        return self.derived("A-relapse") if self.relapses_named and p not in self.relapsed else None

    def hsct(self, p: str) -> Cell | None:
        if p in self.bridged:
            return _event(self.data, p, "HSCT", "after the first CR", 1, False)
        return _absence(self.data, p, "HSCT", "none after the second CAR-T (to date)", 2) or (
            self.derived("A-HSCT-bridge") if self.bridges_named else None
        )


def _event(data, p, kind, text, course=None, history=None) -> Cell | None:
    rows = events_of(data, p, kind, course, history)
    return Cell(text, rests_on=rests_on("events", rows, "event_type")) if len(rows) else None


def _absence(data, p, kind, text, course=None) -> Cell | None:
    rows = absences_of(data, p, kind, course)
    return Cell(text, rests_on=rests_on("absences", rows, "event_type")) if len(rows) else None


def _crs_grade(data, p: str) -> Cell | None:
    rows = events_of(data, p, "CRS onset", 1).dropna(subset=["grade"])
    if len(rows):
        return Cell(str(rows["grade"].iloc[0]), ("events", rows["event_id"].iloc[0], "grade"))
    return _absence(data, p, "CRS onset", "no CRS", 1)


def _treatment(data, p: str, kind: str) -> Cell | None:
    rows = events_of(data, p, kind)
    if rows.empty:
        return None
    detail = rows["detail"].iloc[0]
    text = "yes" + (f", {detail}" if pd.notna(detail) else "")
    return Cell(text, rests_on=rests_on("events", rows, "event_type", "detail"))


def _il6_peak(data, p: str) -> Cell | None:
    rows = data["measurements"]
    rows = rows[(rows["patient_id"] == p) & (rows["analyte"] == "IL-6") & (rows["value_qualifier"] == "peak")]
    if rows.empty:
        return None
    r = rows.iloc[0]
    where = "compartment not stated" if r["compartment"] == "not stated" else r["compartment"]
    day = f"day {r['text_day']}" if pd.notna(r["text_day"]) else "day not stated"
    return Cell(f"{r['value']:.10g} ({day}, {where})", ("measurements", r["measurement_id"], "value"))


def _table_2_columns(data, outcomes: _Outcomes) -> dict:
    return {
        "Patient": lambda p: Cell(label(data, p), rests_on=(("patients", p, "label"),)),
        "Response": lambda p: _event(data, p, "CR", "CR", 1),
        "CRS": lambda p: _event(data, p, "CRS onset", "yes", 1) or _absence(data, p, "CRS onset", "no", 1),
        "CRS grade": lambda p: _crs_grade(data, p),
        "CRES": lambda p: _event(data, p, "CRES onset", "yes", 1),
        "Tocilizumab": lambda p: _treatment(data, p, "tocilizumab"),
        "Corticosteroids": lambda p: _treatment(data, p, "glucocorticoids"),
        "Peak IL-6 (pg/mL)": lambda p: _il6_peak(data, p),
        "Relapse": outcomes.relapse,
        "Second CAR-T (dose → response)": outcomes.second,
        "HSCT after CAR-T": outcomes.hsct,
        "Status": lambda p: _absence(data, p, "death", "alive (to date)"),
    }


def table_2_in_full(data) -> Table:
    """Table 2 with every column it is rebuilt for, given by the text or not; its cohort numbers are checked in
    :func:`table_2_checked`."""
    checks = {c.fact: c.result for c in table_2_checks(data)}
    back, bridges = relapsed(data), bridged(data)
    outcomes = _Outcomes(
        data,
        tuple(back),
        tuple(bridges),
        checks["Relapse after the first CAR-T"] == "consistent",
        checks["Bridged to HSCT after the first CR"] == "consistent",
    )
    defs = data["definitions"]
    legend = defs[(defs["study_id"] == STUDY) & defs["definition_id"].isin(TABLE_2_LEGEND)]
    footnotes = [f"{d.term}: {d.definition} (Table 2 legend)" for d in legend.itertuples()]
    footnotes.append(
        DERIVED_NOTE.format(f"relapse: {labels(data, back)}; HSCT after the first CR: {labels(data, bridges)}")
        + " A second CAR-T was allowed only after a relapse (Methods)."
    )
    caption = "Table 2 (report A), rebuilt: clinical responses and treatment outcomes"
    return per_patient(data, patient_ids(data), _table_2_columns(data, outcomes), caption, "a-table-2", footnotes)


def table_2(data) -> Table:
    """Table 2 rebuilt, with only the columns the text gives for at least one patient.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        One row per patient: patient, response, CRS and its grade, CRES, tocilizumab, corticosteroids, peak
        IL-6, relapse, second CAR-T, HSCT after CAR-T and status, where the text gives any; † marks a derived cell.
    """
    full = table_2_in_full(data)
    return without(full, unreported(full))


def table_2_lacks(data) -> str:
    """The columns of Table 2 the text gives for no patient, in words: 'CRES or tocilizumab'."""
    return _words(unreported(table_2_in_full(data)))


def table_1_checks(data) -> list[Check]:
    """Table 1's cohort numbers, each checked against the per-patient cells and given its audit status."""
    return checks(data, TABLE_1_CHECKS, audit_statuses(data))


def table_2_checks(data) -> list[Check]:
    """Table 2's cohort numbers, each checked against the per-patient cells and given its audit status."""
    return checks(data, TABLE_2_CHECKS, audit_statuses(data))


def table_1_checked(data) -> Table:
    """Table 1's cohort numbers checked against the per-patient cells (:func:`emcart.presentation.cohort.checked`).

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        One row per cohort fact: ``fact``, ``published``, ``per-patient data``, ``audit status, or the
        cross-check``; the notes numbered below the table.
    """
    caption = "Table 1 (report A): its cohort numbers checked against the per-patient cells"
    return checked(data, TABLE_1_CHECKS, table_1_checks(data), caption)


def table_2_checked(data) -> Table:
    """Table 2's cohort numbers checked against the per-patient cells (:func:`emcart.presentation.cohort.checked`).

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        As :func:`table_1_checked`'s, one row per cohort fact of Table 2.
    """
    caption = "Table 2 (report A): its cohort numbers checked against the per-patient cells"
    return checked(data, TABLE_2_CHECKS, table_2_checks(data), caption)
