"""Report A: the curated rows, the rebuilt tables, the figures' inputs, and the recomputed statistics."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

import emcart
from emcart.audit import cohort_checks, comparison
from emcart.model import patient_rows
from emcart.presentation import check_marks, cohort, cohort_columns, km_readings, km_words, recomputations
from emcart.presentation.cohort import CROSS_CHECK_WORDS, MISSING
from emcart.presentation.figures import kinetics, swimmer
from emcart.presentation.figures.kinetics_points import given_words
from emcart.reports import report_a, report_a_km

CHECKS = ("a-table-1-checks", "a-table-2-checks")


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


@pytest.fixture(scope="module")
def statuses(data):
    """The book-wide audit's status of each of report A's statistics."""
    return recomputations.statuses(data, "A")


def test_eight_patients_with_labels_only_where_unnamed(data):
    ids = patient_rows.patient_ids(data, "A")
    assert ids == [f"A-S00{k}" for k in range(1, 9)]
    patients = data["patients"].set_index("patient_id")
    assert patients.loc[ids, "age_years"].isna().all() and patients.loc[ids, "sex"].isna().all()
    assert len(data["patients"].query("study_id == 'A'")) == data["studies"].set_index("study_id").at["A", "n_patients"]


def test_second_courses_and_their_doses(data):
    treatments = data["treatments"].set_index("treatment_id")
    assert treatments.loc["A-S006/2-d0", ["dose", "dose_unit"]].tolist() == [1.2, "10^7 cells/kg"]
    prov = data["provenance"].set_index(["table", "row_id", "field"])
    assert prov.loc[("treatments", "A-S006/2-d0", "dose"), "ocr_raw"] == "1.2107"
    doses = report_a.second_doses(data)
    assert doses["× 10⁶/kg"].tolist() == [15.0, 4.26, 12.0]
    assert set(doses["within the first infusions' range"]) == {"yes"}


def test_absence_table_mirrors_the_event_kinds(data):
    kinds = {f["name"]: f for f in data.fields("absences")}["event_type"]["constraints"]["enum"]
    assert kinds == {f["name"]: f for f in data.fields("events")}["event_type"]["constraints"]["enum"]


def test_table_1_never_guesses(data, statuses):
    table = cohort_columns.shown(data, "a-table-1", "T1")
    frame = table.frame.set_index("Patient")
    full = cohort_columns.rebuilt(data, "a-table-1", "T1").frame
    assert len(frame) == 8
    for column in ("Age (years)", "Sex", "Extramedullary site", "CAR-T dose, first infusion"):
        assert set(full[column]) == {MISSING}
        assert column not in frame.columns  # shown only when the text gives a patient's value
    assert (
        cohort_columns.lacks(data, "a-table-1") == "age, sex, extramedullary site or CAR-T dose of the first infusion"
    )
    assert frame.loc["S003", "Prior HSCT and relapses"] == "HSCT → relapse (before CAR-T)"
    checked = cohort.checked(data, CHECKS[0], statuses, "C1")
    assert any("5/8 = 62.5%, not 39.4%" in note for note in checked.footnotes)
    assert (
        checked.frame.set_index("fact").at["Relapsed more than once", "audit status, or the cross-check"] == "mismatch"
    )


def test_table_2_cells_and_checks(data, statuses):
    frame = cohort_columns.shown(data, "a-table-2", "T2", "Table 2").frame.set_index("Patient")
    full = cohort_columns.rebuilt(data, "a-table-2", "T2", "Table 2").frame.set_index("Patient")
    assert frame["CRS"].tolist() == ["yes"] * 5 + ["no"] + ["yes"] * 2
    assert frame.loc["S006", "CRS grade"] == "no CRS"
    assert set(full["CRES"]) == {MISSING} and set(full["Tocilizumab"]) == {MISSING}
    assert "CRES" not in frame.columns and "Tocilizumab" not in frame.columns  # shown only when the text gives one
    assert cohort_columns.lacks(data, "a-table-2") == "CRES or tocilizumab"
    checked = cohort.checked(data, CHECKS[1], statuses, "C2").frame.set_index("fact")
    assert checked.loc["Relapse after the first CAR-T", "audit status, or the cross-check"] == "reproduced"
    assert checked.loc["Highest IL-6", "audit status, or the cross-check"] == "they agree"
    assert frame.loc["S003", "Peak IL-6 (pg/mL)"].startswith("60618.45 (day not stated, compartment not stated)")
    assert frame.loc["S002", "Relapse"] == "CD19+ CD22+" and frame.loc["S001", "Relapse"] == "none†"
    assert frame.loc["S006", "Second CAR-T (dose → response)"] == "1.2 × 10⁷/kg → CR2 [3] [4]"
    results = {c.fact: c.result for c in cohort_checks.checks(data, CHECKS[1], statuses)}
    assert "inconsistent" not in results.values()
    assert results["CRES"] == "cannot be checked" and results["Relapse after the first CAR-T"] == "consistent"
    assert "inconsistent" not in {c.result for c in cohort_checks.checks(data, CHECKS[0], statuses)}


def test_swimmer_lanes_are_bounded_by_the_follow_up_range(data):
    low, high = km_readings.follow_up_days(data, report_a_km.FIGURE)
    lanes = swimmer.lanes(data, patient_rows.patient_ids(data, "A"), horizon=high, floor=low)
    assert all(lane.follow_up == pytest.approx((low, high)) and not lane.stated for lane in lanes)
    s002 = lanes[1].events.set_index("event_type")
    assert s002.loc["later immunotherapy course", "start"] == 0


def test_figure_2_values_and_the_derived_bound(data):
    ids = data["measurements"].query("patient_id.str.startswith('A-')")["measurement_id"].tolist()
    points = kinetics.points(data, ids).set_index("measurement_id")
    pb = points.loc["A-S005/1-CAR-PB-d3"]
    assert (pb["value"], pb["qualifier"]) == (pytest.approx(46.5026), "upper_bound")
    assert points.loc["A-S004/1-IL6-CSF-d6", "day"] == 6
    figure = kinetics.figure(data, ids, "t-a-k", "Test")
    assert (
        "S003: IL-6 (compartment not stated) (course 1), day not stated (after day 0): peak 60618.45 pg/mL"
        in figure.alt
    )


def test_every_figure_2_series_is_a_gap(data):
    gaps = data["gaps"].query("study_id == 'A'")
    items = gaps[gaps["item"].str.startswith("Figure 2")]["item"].tolist()
    assert len(items) == 7
    for panel in ("2A, IL-6", "2A, IFNγ", "2B, IL-6", "2B, Lymphocytes", "2C, S005 CSF", "2C, S005 PB", "2D"):
        assert any(panel in item for item in items), panel


def test_recomputed_statistics(data, statuses):
    ids = data["reported_statistics"].query("study_id == 'A'")["stat_id"].tolist()
    frame = comparison.compare(data, recomputations.book_recomputations(data), ids).set_index("statistic")
    shown = recomputations.audit_table(data, "A", "Report A: published statistics against the curated data", "a-audit")
    assert shown.frame["status"].tolist() == frame["status"].tolist() == statuses[ids].tolist()
    assert shown.frame["basis or reason"].str.fullmatch(r"(\[\d+\])?").all()  # the reasons are numbered notes
    assert set(frame["basis or reason"].dropna()) - {""} == {n.split("] ", 1)[1] for n in shown.footnotes[1:]}
    assert (frame.loc["A-multi-relapse", "status"], frame.loc["A-multi-relapse", "recomputed"]) == ("mismatch", "62.5%")
    assert frame.loc["A-CRES", "status"] == "consistent"  # 6/8 against 75%: the report's arithmetic only
    efs = frame.loc[["A-EFS-12", "A-EFS-24", "A-EFS-24-abstract"]]
    assert set(efs["status"]) == {"attainable"} and set(efs["agreement"]) == {"after rounding"}
    assert efs["basis or reason"].str.contains("10 configurations").all()
    assert efs["basis or reason"].str.contains("3 under the reading 'as printed").all()
    # counts whose per-patient rows come from the very sentence that states them cannot disagree with it
    assert (
        frame.loc["A-alive", "status"] == "not checkable"
        and "not independent" in frame.loc["A-alive", "basis or reason"]
    )
    assert frame.loc["A-relapse", "status"] == "reproduced"
    # counts whose rows restate another sentence about the whole group check the report against itself only
    assert frame.loc[["A-CAR-death", "A-CRS-CRES-death", "A-CR2-discussion"], "status"].eq("consistent").all()
    assert frame.loc["A-CR2", "status"] == "not checkable"
    assert frame.loc["A-age", "status"] == "not checkable" and "5.39–11.91" in frame.loc["A-age", "basis or reason"]
    assert (frame["status"] == "mismatch").sum() == 1
    assert len(frame) == len(data["reported_statistics"].query("study_id == 'A'"))


def test_checked_cohort_numbers_give_the_audit_status_of_each_published_statistic(data, statuses):
    from emcart.audit import comparison as audit

    book = audit.compare(data, recomputations.book_recomputations(data)).set_index("statistic")["status"]
    checks = cohort_checks.checks(data, CHECKS[0], statuses) + cohort_checks.checks(data, CHECKS[1], statuses)
    tables = [
        cohort.checked(data, CHECKS[0], statuses, "C1"),
        cohort.checked(data, CHECKS[1], statuses, "C2"),
    ]
    shown = pd.concat([t.frame for t in tables]).set_index("fact")["audit status, or the cross-check"]
    assert list(shown.index) == [c.fact for c in checks]
    facts = cohort_checks.statistics(data, "a-table-1-checks") | cohort_checks.statistics(data, "a-table-2-checks")
    ids = {c.fact: facts.get(c.fact, ()) for c in checks}
    audited = [c for c in checks if ids[c.fact]]
    assert {i for c in audited for i in ids[c.fact]} <= set(book.index)
    for c in audited:
        statuses = {book[i] for i in ids[c.fact]}
        if len(statuses) == 1:
            assert shown[c.fact] == statuses.pop()
        else:
            assert all(f": {book[i]}" in shown[c.fact] for i in ids[c.fact])
    assert shown["Relapsed more than once"] == "mismatch"
    assert shown["CRES"] == "consistent"
    assert shown["Extramedullary site"] == "not checkable"
    # a fact that is not a published statistic is checked in words no audit status uses
    for c in checks:
        if not ids[c.fact]:
            assert shown[c.fact] in CROSS_CHECK_WORDS.values() and shown[c.fact] not in audit.STATUSES


def test_figure_texts_count_what_they_list(data):
    assert given_words(data, patient_rows.measurement_ids(data, "A")) == "three values from it and a bound for a fourth"
    note = km_words.curve_labels(km_readings.consistent(data, report_a_km.FIGURE), "the table")
    assert (
        note.count(" are the ") == len(km_readings.consistent(data, report_a_km.FIGURE))
        and "A1–" in note
        and "B1–" in note
    )


def test_methods_sentences_are_not_assigned_to_table_legends(data):
    defs = data["definitions"].set_index("definition_id")
    prov = data["provenance"]
    where = prov[(prov["table"] == "definitions") & (prov["field"] == "item")].set_index("row_id")["locator"]
    for did in defs.index[defs["study_id"] == "A"]:
        if where[did] == "Methods":
            assert defs.at[did, "item"] == "Methods", did


def test_follow_up_in_another_unit_fails_naming_file_and_column(data):
    changed = copy.copy(data)
    changed.tables = dict(data.tables)
    stats = data["reported_statistics"].copy()
    stats.loc[stats["stat_id"] == "A-followup", "unit"] = "days"
    changed.tables["reported_statistics"] = stats
    with pytest.raises(emcart.DataError, match=r"reported_statistics.csv column unit: .*not 'days'"):
        km_readings.follow_up_days(changed, report_a_km.FIGURE)


def test_every_cell_of_a_cohort_check_rests_on_the_curated_cells_of_its_words_and_its_recount(data):
    for selection in CHECKS:
        table = cohort.checked(data, selection, recomputations.statuses(data, "A"), "C")
        filled = table.frame.ne("").to_numpy()
        assert table.marks.notna().to_numpy()[filled].all(), selection
    rows = data["cohort_checks"].set_index("check_id", drop=False)
    sex = check_marks.check_inputs(data, rows.loc["A-T1-sex"], ())
    assert "cohort_checks|A-T1-sex|source_words" in sex and "definitions|A-T1-M|definition" in sex
    relapsed = check_marks.check_inputs(data, rows.loc["A-T2-relapse"], ())
    assert "patient_recounts|A-relapse|source_words" in relapsed
    assert any(k.startswith("events|") and k.endswith("|event_type") for k in relapsed)
