"""Per-patient tables from several curated tables, dose units, and cohort checks."""

from __future__ import annotations

import pytest

import emcart
from emcart.analysis.stats import mean_bounds
from emcart.model import patient_rows
from emcart.presentation import cohort


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


def test_per_patient_fills_missing_marks_derived_and_ocr(data):
    table = cohort.per_patient(
        data,
        ["A-S002", "A-S006", "A-S007"],
        {
            "Patient": lambda p: p,
            "Dose": lambda p: cohort.Cell("x", ("treatments", f"{p}/2-d0", "dose")) if p != "A-S007" else None,
            "Derived": lambda p: cohort.Cell("none", derived=True),
        },
        "Caption",
        "t-pp",
        ["a footnote"],
    )
    assert table.frame["Dose"].tolist() == ["x", "x [1]", cohort.MISSING]
    assert table.frame["Derived"].tolist() == ["none†"] * 3
    assert table.footnotes[0] == "a footnote" and table.footnotes[1].startswith("[1] OCR: printed '1.2107'")


def test_cells_may_show_several_curated_cells(data):
    cell = cohort.Cell(
        "1.5 × 10⁷/kg", (("treatments", "A-S002/2-d0", "dose"), ("treatments", "A-S002/2-d0", "dose_unit"))
    )
    assert len(cell.sources()) == 2
    table = cohort.per_patient(data, ["A-S002"], {"Dose": lambda p: cell}, "C", "t")
    assert table.frame["Dose"].tolist() == ["1.5 × 10⁷/kg [1]"]  # only the unit was corrected


@pytest.mark.parametrize(
    "dose, unit, power, expected",
    [(1.5, "10^7 cells/kg", 6, 15.0), (4.26, "10^6 cells/kg", 6, 4.26), (2.5, "10^6 cells/kg", 7, 0.25)],
)
def test_cells_per_kg_converts_powers_of_ten(dose, unit, power, expected):
    assert cohort.cells_per_kg(dose, unit, power) == pytest.approx(expected)


def test_dose_text():
    assert cohort.dose_text(1.5, "10^7 cells/kg") == "1.5 × 10⁷/kg"
    assert cohort.dose_text(4.26, "10^6 cells/kg") == "4.26 × 10⁶/kg"


def test_mean_bounds_and_feasibility():
    low, high = mean_bounds(4.3, 13.0, 8)
    assert (round(low, 2), round(high, 2)) == (5.39, 11.91)
    assert cohort.mean_feasible(7.9, 4.3, 13.0, 8).result == "consistent"
    assert cohort.mean_feasible(12.5, 4.3, 13.0, 8).result == "inconsistent"


def test_events_and_absences(data):
    assert len(patient_rows.events_of(data, "A-S002", "CR", course_number=2)) == 1
    assert len(patient_rows.events_of(data, "A-S003", "relapse", history=True)) == 1
    assert len(patient_rows.events_of(data, "A-S003", "relapse", history=False)) == 0
    assert patient_rows.absent(data, "A-S006", "CRS onset", 1) and not patient_rows.absent(
        data, "A-S005", "CRS onset", 1
    )
    assert patient_rows.course_id(data, "A-S004", 2) == "A-S004/2" and patient_rows.course_id(data, "A-S005", 2) is None
    ids = [f"A-S00{k}" for k in range(1, 9)]
    assert patient_rows.with_event(data, ids, "relapse", course_number=1) == ["A-S002", "A-S004", "A-S006"]


def test_checks_table():
    check = cohort.Check("CRS", "7 of 8", "7 patients", "consistent", "by construction")
    audited = cohort.Check("CRS", "7 of 8", "7 patients", "consistent", audit_status="match")
    table = cohort.checks_table([check, audited], "Checks", "t-checks")
    assert table.frame["audit status, or the cross-check"].tolist() == ["they agree", "match"]
    assert table.frame["note"].tolist() == ["[1]", ""] and table.footnotes == ["[1] by construction"]
    assert cohort.checks_frame([check]).columns.tolist() == ["fact", "published", "per-patient data", "check", "note"]


def test_gaps_can_be_limited_to_one_figure(data):
    from emcart.presentation import tables

    every = tables.gaps(data, "A", "t")
    figure_2 = tables.gaps(data, "A", "t", prefix="Figure 2", caption="Figure 2 gaps")
    assert len(figure_2.frame) == 7 < len(every.frame)
    assert figure_2.caption == "Figure 2 gaps" and every.caption == "Report A: items the text cannot supply"
