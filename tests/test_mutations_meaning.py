"""Corruptions that only a check of meaning catches: a value that no longer follows from its snippet, a
category, unit, qualifier, date or patient that is not the one printed, a non-finite number or an
impossible date, a weakened descriptor, a row deleted or duplicated, markup in a text cell.

Each is caught by validation, located to file, row and column (or the descriptor path), as in
:mod:`test_mutations`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_mutations import _assert_caught, _rows, _write, provenance_record, record, set_cell, set_provenance

# --- values derivable from their snippets by a declared rule -------------------------------------------------


def _ocr_corrected_value_changed(d):
    set_cell(d, "patients", "C-4", "age_years", "7.29")
    return "data/provenance.csv", provenance_record(d, "patients", "C-4", "age_years"), "conversion"


def _note_does_not_excuse_a_value(d):
    set_provenance(d, "patients", "C-1", "age_years", "note", "converted from the narrative")
    set_cell(d, "patients", "C-1", "age_years", "9.99")
    return "data/provenance.csv", provenance_record(d, "patients", "C-1", "age_years"), "snippet"


def _grade_to_other_number_in_snippet(d):
    set_cell(d, "events", "C-2/1-CRS", "grade", "3")  # the snippet also says "3 days after infusion"
    return "data/provenance.csv", provenance_record(d, "events", "C-2/1-CRS", "grade"), "snippet"


def _roman_grade_changed(d):
    set_cell(d, "events", "C-2/2-GVHD", "grade", "2")
    return "data/provenance.csv", provenance_record(d, "events", "C-2/2-GVHD", "grade"), "conversion"


def _minus_sign_lost(d):
    set_cell(d, "treatments", "B-1/1-LD-flu", "text_day_end", "2")
    return "data/provenance.csv", provenance_record(d, "treatments", "B-1/1-LD-flu", "text_day_end"), "snippet"


def _ocr_minus_sign_dropped(d):
    set_cell(d, "treatments", "C-protocol-LD-flu-a", "text_day_start", "4")
    set_cell(d, "treatments", "C-protocol-LD-flu-a", "text_day_end", "5")
    return (
        "data/provenance.csv",
        provenance_record(d, "treatments", "C-protocol-LD-flu-a", "text_day_start"),
        "conversion",
    )


def _percentage_stored_as_fraction(d):
    set_cell(d, "reported_statistics", "C-CR-all", "value", "0.714")
    return "data/provenance.csv", provenance_record(d, "reported_statistics", "C-CR-all", "value"), "snippet"


def _timepoint_changed(d):
    set_cell(d, "reported_statistics", "D-EFS-OS-1y", "timepoint_months", "24")
    return (
        "data/provenance.csv",
        provenance_record(d, "reported_statistics", "D-EFS-OS-1y", "timepoint_months"),
        "conversion",
    )


def _cohort_denominator_changed(d):
    set_cell(d, "reported_statistics", "A-EM-CNS", "denominator", "9")
    return "data/provenance.csv", provenance_record(d, "reported_statistics", "A-EM-CNS", "denominator"), "conversion"


def _months_outside_their_span(d):
    set_cell(d, "events", "B-1/3-relapse-eye", "text_day_max", "70")
    return "data/provenance.csv", provenance_record(d, "events", "B-1/3-relapse-eye", "text_day_max"), "conversion"


def _superscript_mantissa_changed(d):
    set_cell(d, "treatments", "A-S006/2-d0", "dose", "12")
    return "data/provenance.csv", provenance_record(d, "treatments", "A-S006/2-d0", "dose"), "conversion"


def _inferred_without_note(d):
    return set_provenance(d, "events", "C-7/1-relapse0", "text_day_max", "note", "")[:2] + ("conversion",)


def _unknown_conversion(d):
    return set_provenance(d, "patients", "C-4", "age_years", "conversion", "guess")


def _printed_token_not_in_snippet(d):
    return set_provenance(d, "patients", "C-4", "age_years", "printed", "793")[:2] + ("conversion",)


def _conversion_on_a_category(d):
    return set_provenance(d, "patients", "C-4", "sex", "conversion", "words")


def _words_rule_without_the_word(d):
    set_provenance(d, "patients", "C-4", "age_years", "conversion", "words")
    return set_provenance(d, "patients", "C-4", "age_years", "printed", "seven")[:2] + ("conversion",)


def _readme_as_source_of_a_patient(d):
    return set_provenance(d, "patients", "C-6", "sex", "source_file", "README.md")


def _bare_number_snippet(d):
    set_provenance(d, "patients", "C-4", "age_years", "conversion", "")
    set_provenance(d, "patients", "C-4", "age_years", "ocr_raw", "")
    return set_provenance(d, "patients", "C-4", "age_years", "snippet", "7.92")


# --- no crash without a location ------------------------------------------------------------------------------


def _nan_string(d):
    return set_cell(d, "patients", "C-1", "age_years", "NaN")


def _nan_lower_case(d):
    return set_cell(d, "reported_statistics", "C-CR-all", "value", "nan")


def _infinite_value(d):
    return set_cell(d, "measurements", "B-1/1-blasts-dx", "value", "inf")


def _negative_infinite_dose(d):
    return set_cell(d, "treatments", "B-1/1-LD-flu", "dose", "-inf")


def _february_30(d):
    return set_cell(d, "events", "C-1/3-last", "date", "2020-02-30")


def _month_30(d):
    return set_cell(d, "events", "B-1/2-last", "date", "2022-30-10")


def _impossible_month(d):
    return set_cell(d, "study_dates", "C-enrolment-start", "date", "2014-13")


def _descriptor(d: Path, change) -> None:
    path = d / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8")


def _field(descriptor: dict, table: str, name: str) -> dict:
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    return next(f for f in resource["schema"]["fields"] if f["name"] == name)


def _number_field_retyped(d):
    _descriptor(d, lambda p: _field(p, "patients", "age_years").update(type="string"))
    return "data/datapackage.json", None, "resources/patients/schema"


def _enum_removed_from_descriptor(d):
    _descriptor(d, lambda p: _field(p, "patients", "sex").pop("constraints"))
    return "data/datapackage.json", None, "resources/patients/schema"


def _resource_removed_from_descriptor(d):
    _descriptor(d, lambda p: p["resources"].remove(next(r for r in p["resources"] if r["name"] == "absences")))
    return "data/datapackage.json", None, "resources/absences"


# --- nothing lost quietly -------------------------------------------------------------------------------------


def _delete_rows(d: Path, table: str, keys: set[str]) -> None:
    """Delete rows of ``table`` and their provenance, as a careful curator would delete a row."""
    rows = _rows(d / f"{table}.csv")
    _write(d / f"{table}.csv", [r for n, r in enumerate(rows) if n == 0 or r[0] not in keys])
    prov = _rows(d / "provenance.csv")
    _write(d / "provenance.csv", [r for r in prov if not (r[0] == table and r[1] in keys)])


def _copy_row(d: Path, table: str, key: str, new_key: str) -> int:
    """Append a copy of a row under a new id, with copies of its provenance rows."""
    rows = _rows(d / f"{table}.csv")
    _write(d / f"{table}.csv", rows + [[new_key] + rows[record(d, table, key) - 1][1:]])
    prov = _rows(d / "provenance.csv")
    _write(d / "provenance.csv", prov + [[r[0], new_key] + r[2:] for r in prov if r[0] == table and r[1] == key])
    return len(rows) + 1


def _event_deleted_with_its_provenance(d):
    _delete_rows(d, "events", {"C-7/1-CRS"})
    return "data/events.csv", None, "event_id"


def _event_duplicated_under_new_id(d):
    return "data/events.csv", _copy_row(d, "events", "C-7/1-CRS", "C-7/1-CRS2"), "event_id"


def _all_absences_deleted(d):
    _delete_rows(d, "absences", {r[0] for r in _rows(d / "absences.csv")[1:]})
    return "data/absences.csv", None, "absence_id"


def _gap_registered_twice(d):
    return "data/gaps.csv", _copy_row(d, "gaps", "C-Fig2", "C-Fig2b"), "gap_id"


def _treatment_deleted(d):
    _delete_rows(d, "treatments", {"B-1/1-toci"})
    return "data/treatments.csv", None, "treatment_id"


def _definition_deleted(d):
    _delete_rows(d, "definitions", {"C-T1-CNS2"})
    return "data/definitions.csv", None, "definition_id"


def _study_date_deleted(d):
    _delete_rows(d, "study_dates", {"C-enrolment-end"})
    return "data/study_dates.csv", None, "date_id"


def _statistic_duplicated_under_new_id(d):
    return "data/reported_statistics.csv", _copy_row(d, "reported_statistics", "C-CR-all", "C-CR-all-2"), "stat_id"


def _measurement_deleted(d):
    _delete_rows(d, "measurements", {"B-1/1-blasts-dx"})
    return "data/measurements.csv", None, "measurement_id"


def _provenance_row_deleted_with_its_cell(d):
    set_cell(d, "events", "C-1/1-HSCT", "detail", "")
    rows = _rows(d / "provenance.csv")
    n = provenance_record(d, "events", "C-1/1-HSCT", "detail")
    _write(d / "provenance.csv", rows[: n - 1] + rows[n:])
    return "data/provenance.csv", None, None


def _manifest_missing(d):
    (d / "manifest.json").unlink()
    return "data/manifest.json", None, None


MUTATIONS_ADDED = [
    _ocr_corrected_value_changed,
    _note_does_not_excuse_a_value,
    _grade_to_other_number_in_snippet,
    _roman_grade_changed,
    _minus_sign_lost,
    _ocr_minus_sign_dropped,
    _percentage_stored_as_fraction,
    _timepoint_changed,
    _cohort_denominator_changed,
    _months_outside_their_span,
    _superscript_mantissa_changed,
    _inferred_without_note,
    _unknown_conversion,
    _printed_token_not_in_snippet,
    _conversion_on_a_category,
    _words_rule_without_the_word,
    _readme_as_source_of_a_patient,
    _bare_number_snippet,
    _nan_string,
    _nan_lower_case,
    _infinite_value,
    _negative_infinite_dose,
    _february_30,
    _month_30,
    _impossible_month,
    _number_field_retyped,
    _enum_removed_from_descriptor,
    _resource_removed_from_descriptor,
    _event_deleted_with_its_provenance,
    _event_duplicated_under_new_id,
    _all_absences_deleted,
    _gap_registered_twice,
    _treatment_deleted,
    _definition_deleted,
    _study_date_deleted,
    _statistic_duplicated_under_new_id,
    _measurement_deleted,
    _provenance_row_deleted_with_its_cell,
    _manifest_missing,
]


# --- categories, qualifiers, units, dates and subjects as printed ---------------------------------------------


def _sex_swapped(d):
    set_cell(d, "patients", "C-4", "sex", "M")
    return "data/provenance.csv", provenance_record(d, "patients", "C-4", "sex"), "snippet"


def _cns_swapped(d):
    set_cell(d, "patients", "C-6", "cns_at_diagnosis", "CNS3")
    return "data/provenance.csv", provenance_record(d, "patients", "C-6", "cns_at_diagnosis"), "snippet"


def _event_type_swapped(d):
    set_cell(d, "events", "C-5/1-ICANS", "event_type", "CRS onset")
    return "data/provenance.csv", provenance_record(d, "events", "C-5/1-ICANS", "event_type"), "snippet"


def _cause_of_death_swapped(d):
    set_cell(d, "events", "C-6/1-death", "attributed_to", "HSCT")  # "died of primary disease progression"
    return "data/provenance.csv", provenance_record(d, "events", "C-6/1-death", "attributed_to"), "snippet"


def _qualifier_exact_to_lower_bound(d):
    set_cell(d, "treatments", "B-1/1-toci", "dose_qualifier", "lower_bound")
    return "data/provenance.csv", provenance_record(d, "treatments", "B-1/1-toci", "dose_qualifier"), "snippet"


def _dose_unit_micro_to_milli(d):
    set_cell(d, "treatments", "C-3/1-d1", "dose_unit", "mg/m²/day")
    return "data/provenance.csv", provenance_record(d, "treatments", "C-3/1-d1", "dose_unit"), "snippet"


def _thousand_copies_unit_dropped(d):
    set_cell(d, "measurements", "A-S005/1-CAR-CSF-d3", "unit", "copies/µg DNA")
    return "data/provenance.csv", provenance_record(d, "measurements", "A-S005/1-CAR-CSF-d3", "unit"), "snippet"


def _date_day_and_month_swapped(d):
    set_cell(d, "events", "B-1/2-last", "date", "2022-06-03")
    return "data/provenance.csv", provenance_record(d, "events", "B-1/2-last", "date"), "snippet"


def _day0_year_off_by_one(d):
    set_cell(d, "courses", "B-1/2", "day0_date", "2022-09-29")
    return "data/provenance.csv", provenance_record(d, "courses", "B-1/2", "day0_date"), "snippet"


def _snippet_of_neighbouring_patient(d):
    return set_provenance(d, "patients", "C-4", "cytogenetics", "snippet", "5 417, M BCR-ABL fusion CNS1 Refractory /")


def _snippet_naming_another_patient(d):
    return set_provenance(
        d,
        "measurements",
        "A-S003/1-IL6-peak",
        "value",
        "snippet",
        "the highest level of IL-6 was 60618.45 pg/ml detected in patient S004 (TABLE 2 ).",
    )


def _script_in_a_detail(d):
    return set_cell(d, "events", "C-1/1-HSCT", "detail", "<script>alert(1)</script>")


def _link_in_a_patient_label(d):
    return set_cell(d, "patients", "C-2", "label", '<a href="https://example.org">case 2</a>')


def _event_handler_in_a_site(d):
    return set_cell(d, "events", "B-1/3-relapse-eye", "site", 'left eye<img src=x onerror="alert(1)">')


# --- the fields of report C's laboratory values and report B's day-0 interval ---------------------------------


def _bound_loses_its_qualifier(d):
    set_cell(d, "measurements", "C-1/3-IgA-1y", "value_qualifier", "exact")  # printed "IgA<0.07 g/L"
    return "data/provenance.csv", provenance_record(d, "measurements", "C-1/3-IgA-1y", "value_qualifier"), "snippet"


def _value_on_another_course_clock(d):
    set_cell(d, "measurements", "C-2/2-IgA-1y", "course_id", "C-2/1")  # one year after HSCT, not after CAR-T
    return "data/measurements.csv", record(d, "measurements", "C-2/2-IgA-1y"), "course_id"


def _event_on_another_course_clock(d):
    set_cell(d, "events", "B-1/3-relapse-eye", "course_id", "B-1/2")  # "two months after allo-HSCT"
    return "data/events.csv", record(d, "events", "B-1/3-relapse-eye"), "course_id"


def _day0_latest_before_day0(d):
    set_cell(d, "courses", "B-1/2", "day0_date_latest", "2021-09-28")
    return "data/courses.csv", record(d, "courses", "B-1/2"), "day0_date_latest"


MUTATIONS_ADDED += [
    _bound_loses_its_qualifier,
    _value_on_another_course_clock,
    _event_on_another_course_clock,
    _day0_latest_before_day0,
]


MUTATIONS_ADDED += [
    _script_in_a_detail,
    _link_in_a_patient_label,
    _event_handler_in_a_site,
    _sex_swapped,
    _cns_swapped,
    _event_type_swapped,
    _cause_of_death_swapped,
    _qualifier_exact_to_lower_bound,
    _dose_unit_micro_to_milli,
    _thousand_copies_unit_dropped,
    _date_day_and_month_swapped,
    _day0_year_off_by_one,
    _snippet_of_neighbouring_patient,
    _snippet_naming_another_patient,
]


@pytest.mark.parametrize("mutation", MUTATIONS_ADDED, ids=lambda m: m.__name__.strip("_"))
def test_corruption_of_meaning_is_caught_and_located(mutation, data_copy):
    _assert_caught(data_copy, mutation(data_copy), check_sources=False)


def test_at_least_forty_corruptions_of_meaning():
    assert len(set(MUTATIONS_ADDED)) >= 40
