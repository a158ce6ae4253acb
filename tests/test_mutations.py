"""Bad input fails loudly: each corruption of a copy of the data is caught and located.

Every case names the file, the row (CSV record number, header = row 1) and the column that the
validation must report; the test fails if the data load, or if no problem points there.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import emcart

KEYS = {
    "patients": "patient_id",
    "courses": "course_id",
    "treatments": "treatment_id",
    "events": "event_id",
    "reported_statistics": "stat_id",
    "studies": "study_id",
    "gaps": "gap_id",
    "definitions": "definition_id",
    "study_dates": "date_id",
}


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def record(data: Path, table: str, key: str) -> int:
    """CSV record number (header = 1) of the row whose primary key is ``key``."""
    rows = _rows(data / f"{table}.csv")
    return next(n for n, row in enumerate(rows, start=1) if n > 1 and row[0] == key)


def set_cell(data: Path, table: str, key: str, column: str, value: str) -> tuple[str, int, str]:
    path = data / f"{table}.csv"
    rows = _rows(path)
    col = rows[0].index(column)
    n = record(data, table, key)
    rows[n - 1][col] = value
    _write(path, rows)
    return f"data/{table}.csv", n, column


def provenance_record(data: Path, table: str, row_id: str, field: str) -> int:
    rows = _rows(data / "provenance.csv")
    return next(n for n, r in enumerate(rows, start=1) if r[:3] == [table, row_id, field])


def set_provenance(data: Path, table: str, row_id: str, field: str, column: str, value: str):
    path = data / "provenance.csv"
    rows = _rows(path)
    n = provenance_record(data, table, row_id, field)
    rows[n - 1][rows[0].index(column)] = value
    _write(path, rows)
    return "data/provenance.csv", n, column


def edit_text(data: Path, table: str, old: str, new: str) -> None:
    path = data / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {table}.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _wrong_type(d):
    return set_cell(d, "patients", "C-4", "age_years", "seven")


def _below_minimum(d):
    return set_cell(d, "patients", "C-1", "age_years", "-1")


def _unknown_sex(d):
    return set_cell(d, "patients", "C-2", "sex", "X")


def _unknown_study(d):
    return set_cell(d, "gaps", "C-Fig2", "study_id", "E")


def _unknown_patient(d):
    return set_cell(d, "courses", "C-2/1", "patient_id", "C-9")


def _unknown_course(d):
    return set_cell(d, "events", "C-7/1-CRS", "course_id", "C-9/1")


def _duplicate_key(d):
    edit_text(d, "treatments", "C-1/1-d1-CD19,", "C-1/1-d1-CD22,")
    return "data/treatments.csv", record(d, "treatments", "C-1/1-d1-CD22") + 1, "treatment_id"


def _unknown_unit(d):
    return set_cell(d, "treatments", "C-2/1-d0-CD19", "dose_unit", "cells/kg")


def _unknown_event_type(d):
    return set_cell(d, "events", "C-7/1-relapse", "event_type", "recurrence")


def _day_missing(d):
    return set_cell(d, "events", "C-2/1-CRS", "text_day", "")


def _before_day0(d):
    set_provenance(d, "events", "C-2/1-CRS", "text_day", "note", "test")
    return set_cell(d, "events", "C-2/1-CRS", "text_day", "-3")


def _history_after_day0(d):
    return set_cell(d, "events", "C-7/1-CRS", "history", "true")


def _event_after_death(d):
    set_cell(d, "events", "C-7/1-relapse", "event_type", "death")
    set_provenance(d, "events", "C-7/1-relapse", "text_day", "note", "test")
    set_cell(d, "events", "C-7/1-relapse", "text_day", "5")
    return "data/events.csv", record(d, "events", "C-7/1-CRS"), "text_day"


def _course_of_other_patient(d):
    return set_cell(d, "events", "C-7/1-CRS", "course_id", "C-2/1")


def _interval_reversed(d):
    set_cell(d, "events", "C-7/1-relapse", "day_qualifier", "interval")
    set_cell(d, "events", "C-7/1-relapse", "text_day", "")
    set_cell(d, "events", "C-7/1-relapse", "text_day_min", "180")
    return set_cell(d, "events", "C-7/1-relapse", "text_day_max", "170")


def _ends_before_start(d):
    return set_cell(d, "treatments", "C-3/1-d3", "text_day_end", "2")


def _dose_without_unit(d):
    return set_cell(d, "treatments", "C-7/1-d0-CD19", "dose_unit", "")


def _numerator_above_denominator(d):
    return set_cell(d, "reported_statistics", "C-CR-all", "numerator", "8")


def _percentage_above_100(d):
    return set_cell(d, "reported_statistics", "C-CR-all", "value", "171.4")


def _outside_range(d):
    set_cell(d, "reported_statistics", "C-followup", "range_low", "600")
    return "data/reported_statistics.csv", record(d, "reported_statistics", "C-followup"), "value"


def _half_interval(d):
    return set_cell(d, "reported_statistics", "C-CR-all", "ci_low", "29.0")


def _course_numbers_gap(d):
    return set_cell(d, "courses", "C-1/2", "course_number", "3")


def _car_t_without_construct(d):
    return set_cell(d, "courses", "C-2/1", "construct", "")


def _too_many_patients(d):
    return set_cell(d, "studies", "C", "n_patients", "6")


def _id_of_other_study(d):
    return set_cell(d, "gaps", "C-Fig2", "gap_id", "D-Fig2")


def _date_precision_mismatch(d):
    set_cell(d, "events", "C-1/1-HSCT", "date", "2021-02")
    return set_cell(d, "events", "C-1/1-HSCT", "date_precision", "day")


def _boolean_spelling(d):
    return set_cell(d, "events", "C-1/1-HSCT", "history", "no")


def _float_for_integer(d):
    return set_cell(d, "events", "C-1/1-HSCT", "text_day", "173.0")


def _thousands_separator(d):
    return set_cell(d, "reported_statistics", "C-followup", "range_high", "3,180")


def _leading_blank(d):
    return set_cell(d, "patients", "C-6", "cytogenetics", " KMT2A rearrangement")


def _missing_provenance(d):
    path = d / "provenance.csv"
    rows = _rows(path)
    n = provenance_record(d, "patients", "C-3", "age_years")
    del rows[n - 1]
    _write(path, rows)
    return "data/patients.csv", record(d, "patients", "C-3"), "age_years"


def _orphan_provenance(d):
    return set_provenance(d, "patients", "C-3", "age_years", "row_id", "C-8")[:2] + ("field",)


def _number_not_in_snippet(d):
    set_cell(d, "patients", "C-1", "age_years", "5.85")
    return "data/provenance.csv", provenance_record(d, "patients", "C-1", "age_years"), "snippet"


def _ocr_raw_not_in_snippet(d):
    return set_provenance(d, "patients", "C-4", "age_years", "ocr_raw", "729")


def _snippet_not_in_source(d):
    return set_provenance(d, "patients", "C-6", "sex", "snippet", "6 0.4, F KMT2A rearrangement CNS2 Refractory /")


def _source_of_other_study(d):
    return set_provenance(d, "patients", "C-6", "sex", "source_file", "002_f493ac46461ea113.txt")


def _snippet_of_two_patients(d):
    """A sentence printed in case 1's and case 4's narratives cannot say which patient it is about."""
    return set_provenance(
        d, "events", "C-4/2-engraft", "text_day", "snippet", "Neutrophil engraftment was achieved 10 days after HSCT."
    )


def _selection_of_other_study(d):
    """A selection row's statistic belongs to the report the row names."""
    edit_text(d, "statistic_selections", "d-cohort,D-subjects,D,", "d-cohort,D-subjects,C,")
    return "data/statistic_selections.csv", 2, "study_id"


def _subgroup_size_without_subgroup(d):
    edit_text(
        d,
        "statistic_selections",
        "d-denominators,D-CR,D,subgroup size,,subjects with a complete remission",
        "d-denominators,D-CR,D,subgroup size,,",
    )
    rows = _rows(d / "statistic_selections.csv")
    n = next(n for n, r in enumerate(rows, start=1) if r[:4] == ["d-denominators", "D-CR", "D", "subgroup size"])
    return "data/statistic_selections.csv", n, "group"


def _recount_of_unknown_fact(d):
    """A recount's reading is known words: a misspelt fact is named with its row and column."""
    return set_cell(d, "case_recounts", "C-CRS2-cart-disc", "fact", "crs_grade(2, 2) and not icanz")


def _recount_of_fact_and_event(d):
    """A recount counts a fact or reads one event's day, never both."""
    return set_cell(d, "case_recounts", "C-relapse", "event_id", "C-2/2-relapse")[:2] + ("fact",)


def _cohort_recount_of_other_reports_course(d):
    """A cohort's recount counts a course of its own report."""
    return set_cell(d, "cohort_recounts", "B-CR", "course_id", "C-1/1")


def _cohort_recount_of_course_and_group(d):
    return set_cell(d, "cohort_recounts", "B-CRS", "group", "arm(CAR-T)")


def _finding_disputes_unknown_count(d):
    """A count a finding disputes is a statistic or a cohort recount: a misspelt id is named."""
    return set_cell(d, "findings", "B-F4", "disputed_counts", "B-CRR")


def _finding_disputes_other_reports_count(d):
    """A finding disputes counts of its own report only."""
    return set_cell(d, "findings", "C-F10", "disputed_counts", "C-T3-CR-blina; A-CR")


def _heading_over_no_field(d):
    """A rebuilt table's column shows a curated field: a misspelt field is named with its row and column."""
    return set_cell(d, "table_headings", "C-T1-sex", "field", "gender")


def _reading_on_unknown_clock(d):
    return set_cell(d, "count_readings", "C-infection-any", "clock", "anytime")


def _conclusion_not_quoted(d):
    """A report's conclusion is quoted: its words must stand in its source text."""
    return set_provenance(d, "studies", "D", "conclusion", "snippet", "Therapy is safe and effective.")


def _conclusion_not_its_snippet(d):
    """A quotation is its snippet word for word: a shortened quote is caught."""
    edit_text(d, "studies", "is safe and effective but associated", "is safe and effective, associated")
    return "data/provenance.csv", provenance_record(d, "studies", "D", "conclusion"), "snippet"


def _broken_quoting(d):
    edit_text(d, "patients", '"TEL-AML1 fusion, 11q-"', '"TEL-AML1 fusion, 11q-')
    return "data/patients.csv", record(d, "patients", "C-2"), "cytogenetics"


def _extra_cell(d):
    edit_text(d, "patients", "refractory,not applicable\nC-5", "refractory,not applicable,extra\nC-5")
    return "data/patients.csv", record(d, "patients", "C-4"), None


def _missing_cell(d):
    edit_text(d, "patients", "early relapse,CNS1\nC-4", "early relapse\nC-4")
    return "data/patients.csv", record(d, "patients", "C-3"), "cns_at_relapse"


def _renamed_header(d):
    edit_text(d, "patients", ",sex,", ",gender,")
    return "data/patients.csv", None, "sex"


def _blank_row(d):
    edit_text(d, "events", "\nC-2/1-CRS", "\n\nC-2/1-CRS")
    return "data/events.csv", record(d, "events", "C-1/1-HSCT") + 1, None


def _undescribed_file(d):
    (d / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return "data/notes.csv", None, None


def _bad_encoding(d):
    path = d / "definitions.csv"
    path.write_bytes(path.read_bytes().replace("µl".encode(), b"\xb5l", 1))
    return "data/definitions.csv", None, None


def _no_day_no_date(d):
    set_cell(d, "events", "C-1/1-HSCT", "day_qualifier", "none")
    set_cell(d, "events", "C-1/1-HSCT", "text_day", "")
    return "data/events.csv", record(d, "events", "C-1/1-HSCT"), "date"


def _antigen_status_on_crs(d):
    return set_cell(d, "events", "C-7/1-CRS", "cd19_status", "negative")


def _ratio_without_reference(d):
    path = d / "measurements.csv"
    path.write_text(path.read_text() + "C-7/1-m1,C-7,C-7/1,CAR copies,CSF,3,,,exact,false,,,10,lower_bound,ratio,\n")
    return "data/measurements.csv", len(_rows(path)), "ratio_to"


def _course_date_precision(d):
    set_cell(d, "courses", "C-7/1", "day0_date", "2021-09-29")
    return set_cell(d, "courses", "C-7/1", "day0_date_precision", "month")[:2] + ("day0_date",)


def _value_outside_interval(d):
    return set_cell(d, "reported_statistics", "D-CR", "value", "95")[:2] + ("value",)


def _interval_without_level_flag(d):
    return set_cell(d, "reported_statistics", "D-CRS", "ci_level_stated", "")


def _add_provenance(d: Path, table: str, row_id: str, field: str, like: str) -> None:
    """Give a new cell the provenance of another field of the same row, so that only the rule under test can fire."""
    path = d / "provenance.csv"
    rows = _rows(path)
    template = list(rows[provenance_record(d, table, row_id, like) - 1])
    template[2], template[-1] = field, "test"
    _write(path, rows + [template])


def _level_flag_without_interval(d):
    _add_provenance(d, "reported_statistics", "D-CRS-grade3plus", "ci_level_stated", "value")
    return set_cell(d, "reported_statistics", "D-CRS-grade3plus", "ci_level_stated", "false")


def _estimate_without_timepoint(d):
    return set_cell(d, "reported_statistics", "D-EFS-OS-1y", "timepoint_months", "")


def _timepoint_on_a_count(d):
    _add_provenance(d, "reported_statistics", "D-subjects", "timepoint_months", "value")
    return set_cell(d, "reported_statistics", "D-subjects", "timepoint_months", "12")


def _timepoint_below_minimum(d):
    return set_cell(d, "reported_statistics", "D-CIR-1y-CR", "timepoint_months", "0")


def _unknown_measure(d):
    return set_cell(d, "reported_statistics", "D-OS-1y-DLI", "measure", "os_rate")


def _unknown_anchor_event(d):
    return set_cell(d, "courses", "B-1/3", "anchor_event", "B-1/1-transplant")


def _after_with_upper_bound(d):
    set_provenance(d, "events", "B-1/3-enucleation", "text_day_min", "note", "test")
    return set_cell(d, "events", "B-1/3-enucleation", "text_day_max", "90")[:2] + ("text_day_min",)


def _unknown_compartment(d):
    return set_cell(d, "measurements", "B-1/2-RP-d1", "compartment", "retroperitoneum")


def _before_with_day(d):
    return set_cell(d, "events", "C-1/1-relapse0", "text_day", "-30")[:2] + ("text_day_max",)


def _before_not_history(d):
    return set_cell(d, "events", "C-7/1-dx", "history", "false")[:2] + ("text_day_max",)


def _unstated_with_day(d):
    return set_cell(d, "events", "C-2/1-inf-rota", "text_day", "2")[:2] + ("day_qualifier",)


def _pathogen_on_gvhd(d):
    return set_cell(d, "events", "C-1/3-GVHD", "pathogen", "CMV")


def _since_diagnosis_without_unit(d):
    return set_cell(d, "events", "C-7/1-relapse0", "since_diagnosis_unit", "")


def _donor_on_car_t_course(d):
    return set_cell(d, "courses", "C-7/1", "donor_type", "haploidentical")


def _unknown_attribution(d):
    return set_cell(d, "events", "C-3/2-death", "attributed_to", "chemotherapy")


def _study_date_precision(d):
    return set_cell(d, "study_dates", "C-enrolment-start", "date_precision", "day")[:2] + ("date",)


def _anchor_to_unknown_event(d):
    return set_cell(d, "courses", "C-3/2", "anchor_event", "C-3/1-transplant")


def _event_after_death_on_hsct_clock(d):
    set_provenance(d, "events", "C-3/2-engraft", "text_day", "note", "test")
    return set_cell(d, "events", "C-3/2-engraft", "text_day", "95")


def _hsct_numbered_before_immunotherapy(d):
    set_cell(d, "courses", "B-1/2", "course_number", "3")
    return set_cell(d, "courses", "B-1/3", "course_number", "2")


def _dose_max_without_range(d):
    return set_cell(d, "treatments", "A-protocol-CAR1-d0", "dose_qualifier", "exact")[:2] + ("dose_max",)


def _dose_range_reversed(d):
    return set_cell(d, "treatments", "A-protocol-CAR1-d0", "dose_max", "0.5")


def _before_with_lower_bound(d):
    set_provenance(d, "events", "A-S003/1-HSCT-prior", "text_day_max", "note", "test")
    set_cell(d, "events", "A-S003/1-HSCT-prior", "text_day_min", "-30")
    return "data/events.csv", record(d, "events", "A-S003/1-HSCT-prior"), "text_day_max"


def _absence_contradicts_event(d):
    return set_cell(d, "absences", "A-S001/1-no-death", "event_type", "CRS onset")


def _absence_on_other_patients_course(d):
    return set_cell(d, "absences", "A-S006/1-no-CRS", "course_id", "A-S005/1")


def _km_estimate_without_time(d):
    return set_cell(d, "reported_statistics", "A-EFS-12", "timepoint_months", "")


def _recount_of_unknown_statement(d):
    """A cohort recount says what counts a patient in the curated vocabulary: a misspelt statement is caught."""
    return set_cell(d, "patient_recounts", "A-CR", "statement", "events")


def _recount_without_source_words(d):
    """A cohort recount rests on the published statement it recounts."""
    return set_cell(d, "patient_recounts", "A-CCR", "source_words", "")


def _check_of_unknown_recount(d):
    """A cohort check reads a curated recount: one that does not exist is caught."""
    return set_cell(d, "cohort_checks", "A-T2-CR", "recount", "A-CRR")


def _check_of_unknown_rule(d):
    """A cohort check's rule is one the book knows."""
    return set_cell(d, "cohort_checks", "A-T1-centre", "rule", "total")


def _reading_of_unknown_role(d):
    """A Kaplan–Meier reading names its recounts' patients as events or as censored at any time, nothing else."""
    return set_cell(d, "km_readings", "A-F1B-unbridged-HSCT", "role", "censored")


def _reading_by_a_finding_that_does_not_dispute_it(d):
    """A recount under a finding's reading is argued for by a finding that disputes the count."""
    return set_cell(d, "reading_recounts", "C-relapse-after-remission", "finding_id", "C-F1")


def _reading_of_unknown_fact(d):
    """A recount under a finding's reading counts a fact of known words."""
    return set_cell(d, "reading_recounts", "C-relapse-after-remission", "fact", "relapsed_after_remision")


def _column_of_unknown_cell(d):
    """A rebuilt table's column says what fills its cells in the book's vocabulary."""
    return set_cell(d, "cohort_columns", "A-T2-relapse", "cell", "antigen")


MUTATIONS = [
    _wrong_type,
    _selection_of_other_study,
    _conclusion_not_its_snippet,
    _subgroup_size_without_subgroup,
    _recount_of_unknown_fact,
    _recount_of_fact_and_event,
    _reading_on_unknown_clock,
    _reading_by_a_finding_that_does_not_dispute_it,
    _reading_of_unknown_fact,
    _heading_over_no_field,
    _cohort_recount_of_other_reports_course,
    _cohort_recount_of_course_and_group,
    _finding_disputes_unknown_count,
    _finding_disputes_other_reports_count,
    _below_minimum,
    _unknown_sex,
    _unknown_study,
    _unknown_patient,
    _unknown_course,
    _duplicate_key,
    _unknown_unit,
    _unknown_event_type,
    _day_missing,
    _before_day0,
    _history_after_day0,
    _event_after_death,
    _course_of_other_patient,
    _interval_reversed,
    _ends_before_start,
    _dose_without_unit,
    _numerator_above_denominator,
    _percentage_above_100,
    _outside_range,
    _half_interval,
    _course_numbers_gap,
    _car_t_without_construct,
    _too_many_patients,
    _id_of_other_study,
    _date_precision_mismatch,
    _boolean_spelling,
    _float_for_integer,
    _thousands_separator,
    _leading_blank,
    _missing_provenance,
    _orphan_provenance,
    _number_not_in_snippet,
    _ocr_raw_not_in_snippet,
    _broken_quoting,
    _extra_cell,
    _missing_cell,
    _renamed_header,
    _blank_row,
    _undescribed_file,
    _bad_encoding,
    _no_day_no_date,
    _antigen_status_on_crs,
    _ratio_without_reference,
    _course_date_precision,
    _value_outside_interval,
    _interval_without_level_flag,
    _level_flag_without_interval,
    _estimate_without_timepoint,
    _timepoint_on_a_count,
    _timepoint_below_minimum,
    _unknown_measure,
    _unknown_anchor_event,
    _after_with_upper_bound,
    _unknown_compartment,
    _before_with_day,
    _before_not_history,
    _unstated_with_day,
    _pathogen_on_gvhd,
    _since_diagnosis_without_unit,
    _donor_on_car_t_course,
    _unknown_attribution,
    _study_date_precision,
    _anchor_to_unknown_event,
    _event_after_death_on_hsct_clock,
    _dose_max_without_range,
    _dose_range_reversed,
    _before_with_lower_bound,
    _absence_contradicts_event,
    _absence_on_other_patients_course,
    _km_estimate_without_time,
    _hsct_numbered_before_immunotherapy,
    _recount_of_unknown_statement,
    _recount_without_source_words,
    _check_of_unknown_recount,
    _check_of_unknown_rule,
    _reading_of_unknown_role,
    _column_of_unknown_cell,
]
NEEDS_SOURCES = [_snippet_not_in_source, _source_of_other_study, _snippet_of_two_patients, _conclusion_not_quoted]


def _assert_caught(data: Path, expected: tuple[str, int | None, str | None], check_sources: bool) -> None:
    file, row, column = expected
    with pytest.raises(emcart.DataError) as caught:
        emcart.load(root=data, check_sources=check_sources)
    problems = caught.value.problems
    hits = [
        p
        for p in problems
        if p.file == file and (row is None or p.row == row) and (column is None or p.column == column)
    ]
    assert hits, f"expected a problem at {file} row {row} column {column}; got:\n{caught.value}"
    assert str(hits[0]).startswith(file)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.__name__.strip("_"))
def test_corruption_is_caught_and_located(mutation, data_copy):
    _assert_caught(data_copy, mutation(data_copy), check_sources=False)


@pytest.mark.parametrize("mutation", NEEDS_SOURCES, ids=lambda m: m.__name__.strip("_"))
def test_corruption_against_sources_is_caught(mutation, data_copy, sources):
    _assert_caught(data_copy, mutation(data_copy), check_sources=True)


def test_there_are_at_least_thirty_distinct_corruptions():
    assert len(set(MUTATIONS + NEEDS_SOURCES)) >= 30


def test_uncorrupted_copy_loads(data_copy):
    assert len(emcart.load(root=data_copy, check_sources=False)["patients"]) >= 7
