"""Report B (one patient, two CAR-T courses around a haploidentical HSCT): what each check of the workings page
found, in brief, for the chapter's prose. Its tables are generic (:mod:`emcart.presentation.case_summary`,
:func:`emcart.presentation.timeline_marks.day0_readings`, :func:`emcart.presentation.audit_marks.count_check_marks`)."""

from __future__ import annotations

from emcart.analysis import consistency, doubleentry, restated
from emcart.audit import checks
from emcart.model import selection
from emcart.presentation import tables, timeline_marks


def in_brief(dataset) -> dict[str, str]:
    """What each check of the workings page found, in words, for the chapter's prose.

    Parameters
    ----------
    dataset : Dataset
        The loaded data holding report B's rows.

    Returns
    -------
    dict of str to str
        Glue name (``b_...``) → text: bounded times, the statistics and their statuses, the peak ratio, follow-up
        and relapse-to-infusion days (on the donor-derived CAR-T course's clock), the day 0 range, the stated dates
        that agree, the GVHD count published and recounted, the restated absences and their differences, and the
        gaps.
    """
    patient = selection.one(dataset, "patients", study_id="B")
    course = selection.one(dataset, "courses", patient_id=patient, therapy="CAR-T", cell_source="donor")
    last = selection.one(dataset, "events", patient_id=patient, event_type="last contact")
    relapse = selection.ids(dataset, "events", patient_id=patient, event_type="relapse", history=False)[-1]
    status = checks.statistics_check(dataset, "B")["status"].value_counts()
    gvhd = checks.count_checks(dataset, "B").set_index("agrees").loc["no"]  # the statement the events contradict
    stated = consistency.stated_vs_placed(dataset, patient, course, consistency.stated_and_placed(dataset, patient))
    readings, _ = timeline_marks.day0_readings(dataset)
    second = restated.load_facts("report_b_second", "absences", ["absent"], "phase")
    compared, alone = restated.compare_facts(dataset, second)
    count = restated.counts(compared, alone, doubleentry.reconcile(compared, second.resolutions)).set_index("what")
    return {
        "b_bounded": str(len(tables.bounded_times(dataset, "B", "b-bounded").frame)),
        "b_statistics": str(int(status.sum())),
        "b_statuses": ", ".join(f"{n} {s}" for s, n in status.items()),
        "b_peak_ratio": f"{consistency.measure_ratio(dataset, 'B', 'peak'):.2f}",
        "b_followup": consistency.days_text(dataset, patient, course, course, last),
        "b_relapse_to_infusion": consistency.days_text(dataset, patient, course, relapse, course),
        "b_day0_first": readings["day 0 from"].min(),
        "b_day0_last": readings["day 0 to"].max(),
        "b_stated": f"{(stated['agrees'] == 'yes').sum()} of {len(stated)}",
        "b_gvhd_published": f"{gvhd['published']:g}",
        "b_gvhd_recount": f"{gvhd['recomputed']:g}",
        "b_absences": str(count.at["facts", "count"]),
        "b_absence_differences": str(count.at["differences", "count"]),
        "b_gaps": str(int((dataset["gaps"]["study_id"] == "B").sum())),
    }
