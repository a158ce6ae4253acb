"""The cross-study tables come from the data and say what a report does not give."""

from __future__ import annotations

import pandas as pd
import pytest

import emcart
from emcart.audit import comparison
from emcart.presentation import (
    bottom_lines,
    cross_study,
    extramedullary,
    extramedullary_marks,
    involvement,
    outcome_counts,
    outcome_marks,
    overview,
    recomputations,
)
from emcart.reports import synthesis

OUTCOMES = "synthesis-outcomes"
D_CONTEXT = "D (context: EM not reported)"  # report D's post never mentions extramedullary disease


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


@pytest.fixture(scope="module")
def counts(data):
    """The synthesis's outcomes side by side."""
    return outcome_counts.outcome_counts(data, OUTCOMES)


def test_outcomes_come_from_published_counts(data):
    table = outcome_marks.outcomes_table(data, OUTCOMES, "t").frame.set_index("outcome")
    assert table.loc["complete remission", D_CONTEXT] == "34/43 (79%)"
    assert table.loc["complete remission", "C, blinatumomab"].startswith("2/4 (50%)")
    assert table.loc["CRS, grade ≥ 3", "A"] == "3/8 (38%)"
    assert table.loc["ICANS or CRES", "B"] == cross_study.NOT_REPORTED


def test_a_count_without_printed_denominator_is_marked(data, counts):
    counts = counts.set_index(["outcome", "cohort"])
    assert counts.loc[("CRS, grade ≥ 3", D_CONTEXT), "n_is_cohort_size"]
    assert not counts.loc[("CRS, grade ≥ 3", "A"), "n_is_cohort_size"]


def test_forest_uses_exact_intervals(data):
    frame = outcome_counts.forest_frame(data, OUTCOMES, ["complete remission"]).set_index("label")
    row = frame.loc["C, blinatumomab: complete remission (2/4; C-F10)"]
    assert (round(row["low"], 2), round(row["high"], 2)) == (6.76, 93.24)


def test_a_count_a_finding_disputes_is_marked_with_it_from_the_findings(data):
    table = outcome_marks.outcomes_table(data, OUTCOMES, "t")
    remission = table.frame.set_index("outcome").loc["complete remission"]
    assert remission["B"] == "1/1 (100%) (B-F4)" and remission["C, all"] == "5/7 (71%) (C-F10)"
    assert remission["C, blinatumomab"].startswith("2/4 (50%) (C-F10) [") and remission[D_CONTEXT] == "34/43 (79%)"
    assert table.footnotes[-1].startswith("Findings in brackets (on the audit page): B-F4 (wording only), ")
    frame = outcome_counts.forest_frame(data, OUTCOMES, ["complete remission"])
    assert "B: complete remission (1/1; B-F4)" in frame["label"].tolist()
    assert "C-F10 (changes a conclusion)" in cross_study.forest_note(data, frame)
    # the marks come from data/findings.csv: a finding that disputes no count marks none
    findings = data["findings"]
    data.tables["findings"] = findings.assign(disputed_counts=None)
    try:
        assert "(B-F4)" not in outcome_marks.outcomes_table(data, OUTCOMES, "t").frame.to_string()
    finally:
        data.tables["findings"] = findings


def test_a_relapse_given_only_as_an_estimate_shows_the_estimate_not_a_count(data, counts):
    table = outcome_marks.outcomes_table(data, OUTCOMES, "t")
    cell = table.frame.set_index("outcome").loc["relapse", D_CONTEXT]
    row = data["reported_statistics"].set_index("stat_id").loc["D-CIR-1y-CR"]
    value, low, high = (f"{row[c]:g}" for c in ("value", "ci_low", "ci_high"))
    assert cell.startswith(f"{value}% ({low}–{high}%) at {row['timepoint_months']:g} months: {row['statistic']}, ")
    number = cell.split("[")[1].rstrip("]")
    note = next(n for n in table.footnotes if n.startswith(f"[{number}] "))
    assert "Not a count of patients" in note and "without a confidence level" in note
    estimate = counts.set_index(["outcome", "cohort"]).loc[("relapse", D_CONTEXT)]
    assert estimate["stat_id"] == "D-CIR-1y-CR" and pd.isna(estimate["k"])
    # not given: report B's ICANS and death, and survival estimates except reports A's and D's
    unstated = table.frame.set_index("outcome").eq(cross_study.NOT_REPORTED).stack()
    assert sorted(unstated[unstated].index) == [
        ("ICANS or CRES", "B"),
        ("deaths stated", "B"),
        *(("survival, published estimate", c) for c in ("B", "C, CAR-T", "C, all", "C, blinatumomab")),
    ]


def test_a_printed_interval_the_exact_one_is_not_is_told_under_the_forest(data):
    frame = outcome_counts.forest_frame(data, OUTCOMES, ["complete remission"])
    note = cross_study.forest_note(data, frame)
    published = data["reported_statistics"].set_index("stat_id").loc["D-CR"]
    exact = frame.set_index("stat_id").loc["D-CR"]
    assert f"prints the 95% interval {published['ci_low']:g}–{published['ci_high']:g}%" in note
    assert f"the whiskers show {exact['low']:.1f}–{exact['high']:.1f}%, the exact (Clopper–Pearson)" in note
    assert "not the exact binomial one (D-F2)" in note and "D-F2 (changes a number)" in note
    # the check can fail: an interval printed as the exact one is not noted
    rows = data["reported_statistics"]
    exact_rows = rows.set_index("stat_id")
    exact_rows.loc["D-CR", ["ci_low", "ci_high"]] = [round(exact["low"]), round(exact["high"])]
    data.tables["reported_statistics"] = exact_rows.reset_index()
    try:
        assert "prints the 95% interval" not in (cross_study.forest_note(data, frame) or "")
    finally:
        data.tables["reported_statistics"] = rows


def test_extramedullary_patients_are_listed(data):
    em = extramedullary.extramedullary(data)
    assert {"the patient", "case 2", "case 3", "case 6", "case 7"} <= set(em["patient"])
    assert em[em["report"] == "A"][extramedullary.AT_RELAPSE].iloc[0].startswith("before immunotherapy: CNS: 4")


def test_cohort_sizes_come_from_the_studies(data):
    assert cross_study.cohort_sizes(data) == (1, 43)


def test_report_c_relapse_per_arm_is_counted_from_the_narratives_and_footnoted(data, counts):
    counts = counts.set_index(["outcome", "cohort"])
    assert (counts.loc[("relapse", "C, CAR-T"), "k"], counts.loc[("relapse", "C, CAR-T"), "n"]) == (2, 3)
    assert (counts.loc[("relapse", "C, blinatumomab"), "k"], counts.loc[("relapse", "C, blinatumomab"), "n"]) == (1, 4)
    table = outcome_marks.outcomes_table(data, OUTCOMES, "t")
    cell = table.frame.set_index("outcome").loc["relapse", "C, CAR-T"]
    assert cell.startswith("2/3 (67%) [")
    number = cell.split("[")[1].rstrip("]")
    assert any(n.startswith(f"[{number}] Not given per arm") and "case 2, case 7" in n for n in table.footnotes)
    # the arm's count under the reading C-F7 argues for, where it differs: case 6 had no remission stated
    blinatumomab = counts.loc[("relapse", "C, blinatumomab")]
    assert blinatumomab["supported"] == "relapses after a stated remission: 0/4"
    assert blinatumomab["findings"] == "C-F7" and counts.loc[("relapse", "C, CAR-T"), "supported"] == ""


def test_a_published_count_the_recount_does_not_support_is_footnoted(data, counts):
    counts = counts.set_index(["outcome", "cohort"])
    row = counts.loc[("CRS, any grade", "C, blinatumomab")]
    assert (row["k"], row["n"], row["recount"]) == (2, 4, "1/4 (case 6)")
    table = outcome_marks.outcomes_table(data, OUTCOMES, "t")
    cell = table.frame.set_index("outcome").loc["CRS, any grade", "C, blinatumomab"]
    assert cell.startswith("2/4 (50%) (C-F1: the narratives support 1/4) [")
    assert any("the case narratives support 1/4 (case 6)" in n for n in table.footnotes)
    frame = outcome_counts.forest_frame(data, OUTCOMES, ["CRS, any grade"])
    assert "support 1/4 (case 6)" in cross_study.forest_note(data, frame)


def test_every_count_the_audit_disputes_carries_a_finding(data, counts):
    """A synthesis cell whose statistic the audit calls mismatched or contradicted names the finding on it, and so
    does the relapse count a finding reads otherwise."""
    audit = comparison.compare(data, recomputations.book_recomputations(data)).set_index("statistic")["status"]
    disputed = counts["stat_id"].map(audit).isin([comparison.MISMATCH, comparison.CONTRADICTED])
    assert disputed.sum() == 2 and (counts.loc[disputed, "findings"] != "").all()
    assert counts.set_index("stat_id").at["C-relapse", "findings"] == "C-F7"
    # a count whose denominator a finding disputes names it although the audit cannot check it
    assert audit["D-CIR-1y-CR"] == comparison.NOT_CHECKABLE
    frame = outcome_marks.outcomes_table(data, OUTCOMES, "t").frame.set_index("outcome")
    assert frame.loc["relapse", "C, all"].startswith("3/7 (43%) (C-F7: relapses after a stated remission: 2/7) [")
    assert "subjects with a complete remission (D-F1, D-F3) [" in frame.loc["relapse", D_CONTEXT]
    # the check can fail: without the curated column no cell names a finding
    findings = data["findings"]
    data.tables["findings"] = findings.assign(disputed_counts=None)
    try:
        again = outcome_counts.outcome_counts(data, OUTCOMES)
        assert (again.loc[disputed, "findings"] == "").all()
    finally:
        data.tables["findings"] = findings


def test_extramedullary_table_shows_only_extramedullary_sites_in_report_order(data):
    em = extramedullary.extramedullary(data).set_index("patient")
    found = em.loc[~em[extramedullary.AT_RELAPSE].str.startswith(extramedullary.NONE_STATED), extramedullary.AT_RELAPSE]
    assert "bone marrow" not in " ".join(found)
    assert em.at["case 2", extramedullary.AT_RELAPSE] == "before immunotherapy: CNS (CNS3)"
    assert em.at["case 2", extramedullary.AT_DIAGNOSIS] == "none stated (CNS1)"
    assert "myeloid sarcoma (biopsy of a skin mass)" in em.at["case 6", extramedullary.AT_DIAGNOSIS]
    assert "CNS2" in em.at["case 6", extramedullary.AT_DIAGNOSIS]
    assert em.at["case 6", extramedullary.AT_RELAPSE] == "after course 1: head (skin mass)"


def test_cns_involvement_at_diagnosis_only_is_told_apart_from_extramedullary_relapse(data):
    """Case 3: CNS2 at diagnosis (Table 1), CNS1 at relapse, a marrow relapse: nothing extramedullary at relapse."""
    em = extramedullary.extramedullary(data).set_index("patient")
    assert em.at["case 3", extramedullary.AT_DIAGNOSIS] == "CNS2"
    assert em.at["case 3", extramedullary.AT_RELAPSE] == "none stated (CNS at relapse: CNS1; bone marrow relapse)"
    assert list(em["report"]) == sorted(em["report"])
    c = em[em["report"] == "C"].index.tolist()
    assert c == sorted(c, key=lambda label: int(label.split()[-1]))
    assert em.at["the patient", "relapse after immunotherapy"].count("after course 1") == 2  # none after course 2


def test_a_relapse_without_remission_is_footnoted(data):
    em = extramedullary.extramedullary(data)
    notes = extramedullary_marks.em_notes(data, em)
    assert len(notes) == 1 and notes[0].startswith("Case 6 has no CR stated in the report")


def test_extramedullary_table_names_each_diagnosis(data):
    em = extramedullary.extramedullary(data).set_index("patient")
    assert em.at["case 6", "diagnosis"] == data["patients"].set_index("patient_id").at["C-6", "diagnosis"] == "MPAL"
    assert em.at["case 7", "diagnosis"] == "B-ALL"


def test_forest_sets_wilson_beside_clopper_pearson_and_the_recount_beside_the_published_count(data):
    frame = outcome_counts.forest_frame(data, OUTCOMES, ["complete remission", "CRS, any grade"])
    small = frame[frame["label"].str.extract(r"/(\d+)[;)]")[0].astype(int) <= 8]
    # The exact interval is the wider one wherever the count is not 0 or n: conservative at n = 1-8.
    assert ((small["high"] - small["low"]) >= (small["second_high"] - small["second_low"])).all()
    recounted = frame[frame["other"].notna()]
    assert recounted["other_text"].tolist() == recounted["recount"].tolist() and len(recounted) == 2
    assert [round(v, 2) for v in recounted["other"]] == [25.0, 57.14]


def test_the_relapse_count_carries_its_recount_under_the_methods_definition(data):
    frame = outcome_counts.forest_frame(data, OUTCOMES, ["relapse"]).set_index("label")
    row = frame.loc["C, all: relapse (3/7; C-F7)"]
    assert (round(row["other"], 2), row["other_text"]) == (28.57, "2/7 (case 2, case 7)")
    assert "relapses after a stated remission: 2/7 (case 2, case 7)" in cross_study.forest_note(
        data, frame.reset_index()
    )


def test_a_relapse_no_remission_precedes_is_called_progression(data):
    em = extramedullary.extramedullary(data).set_index("patient")
    assert em.at["case 6", "relapse after immunotherapy"].startswith("none: progression without prior remission")
    assert em.at["case 7", "relapse after immunotherapy"].startswith("cervical lymph nodes")


def test_report_b_relapse_says_which_window_it_counts(data, counts):
    """Report B's patient relapsed before the donor-derived course its column counts: the cell says so."""
    counts = counts.set_index(["outcome", "cohort"])
    relapse = counts.loc[("relapse", "B")]
    assert (relapse["k"], relapse["n"]) == (0, 1)
    assert relapse["note"].startswith("Relapses after the donor-derived course only")
    assert "relapsed 3 times" in relapse["note"] and "left eye (after course 1, after HSCT)" in relapse["note"]
    assert counts.loc[("complete remission", "B"), "note"] == ""


def test_the_cohorts_come_from_the_selection_and_the_recounts_in_report_order(data):
    assert outcome_counts.cohorts(data, OUTCOMES) == ["A", "B", "C, blinatumomab", "C, CAR-T", "C, all", D_CONTEXT]


def test_a_single_patients_outcome_neither_counted_nor_stated_absent_is_not_reported(data, counts):
    counts = counts.set_index(["outcome", "cohort"])
    assert counts.loc[("ICANS or CRES", "B"), "k"] is None or counts.loc[("ICANS or CRES", "B")].isna()["k"]
    assert counts.loc[("relapse", "B"), "k"] == 0  # no relapse on the course, and the text states none
    assert counts.loc[("CRS, grade ≥ 3", "B"), "k"] == 0  # a CRS of grade 2


def test_reports_at_a_glance_count_extramedullary_involvement_from_the_data(data):
    table = overview.overview_table(data, "t", "t")
    frame = table.frame.set_index("report")
    em = frame[overview.EXTRAMEDULLARY]
    assert em["A"] == "8 of 8 patients"  # report A gives its sites only as counts: 4 + 1 + 2 + 1
    assert em["B"] == "1 of 1 patient"
    assert em["C"] == "4 of 7 patients (case 2, case 3, case 6, case 7)"
    d_gap = data["gaps"].set_index("gap_id").loc["D-relapse-sites"]  # the gap curated as leaving it open
    assert em["D"] == f"not reported: {d_gap['content']}" and "never mentions extramedullary" in em["D"]
    assert frame["patients"].tolist() == ["8", "1 adult", "7 children", "43"]
    assert frame.loc["C", "what it is"] == "case series, Front Pediatr 2022"
    assert frame.loc["A", "what it is"] == "single-arm cohort, Authorea (preprint)"
    assert table.marks.shape == table.frame.shape
    assert table.frame.columns.tolist() == ["report", "patients", overview.EXTRAMEDULLARY, "what it is"]


def test_reports_at_a_glance_follow_the_curated_rows(data):
    patients, gaps = data["patients"], data["gaps"]
    # an age missing for one child: report C's patients are then counted, not told apart
    ageless = patients["label"] == "case 1"
    data.tables["patients"] = patients.assign(
        age_years=patients["age_years"].mask(ageless), narrative_age_years=patients["narrative_age_years"].mask(ageless)
    )
    try:
        assert overview.overview(data)[0].set_index("report").loc["C", "patients"] == "7"
    finally:
        data.tables["patients"] = patients
    # a report without per-patient rows and without one gap curated as leaving it open cannot be stated
    for leaves_open in (
        gaps["leaves_open"].mask(gaps["leaves_open"].notna()),
        gaps["leaves_open"].fillna(overview.LEFT_OPEN),
    ):
        data.tables["gaps"] = gaps.assign(leaves_open=leaves_open)
        try:
            with pytest.raises(ValueError, match="data/gaps.csv whose column leaves_open"):
                overview.overview(data)
        finally:
            data.tables["gaps"] = gaps


def test_the_bottom_lines_state_the_counts_cohort_by_cohort_with_their_findings(data):
    lines, _ = synthesis.bottom_lines(data)
    remission = next(line for line in lines if line.about == "Remission").text
    assert remission.startswith("Complete remission — A: 8/8; B: 1/1 (B-F4); C, CAR-T: 3/3; ")
    crs3 = next(line for line in lines if line.about == "CRS and neurotoxicity").text.split("CRS of grade ≥ 3 — ")[1]
    assert f"; {D_CONTEXT}: 7/43 (no denominator printed: n is the cohort size)" in crs3
    assert "uncommon" not in crs3 and len(crs3.split(". ")[0].split("; ")) == 6


def test_the_arm_without_car_t_is_named_so_and_set_after_the_car_t_cohorts_in_every_line(data):
    """Report C's blinatumomab arm is no CAR-T cohort: each line names it so, after the CAR-T cohorts and the
    cohort that mixes both arms; the therapies come from the curated courses of the cohorts' recounts."""
    given = bottom_lines.therapies(data, OUTCOMES)
    assert given["C, blinatumomab"] == {"blinatumomab"} and given["C, all"] == {"CAR-T", "blinatumomab"}
    assert given["C, CAR-T"] == given["A"] == given["B"] == {"CAR-T"} and D_CONTEXT not in given
    lines, _ = synthesis.bottom_lines(data)
    for line in lines[1:]:
        for said in line.text.split(" — ")[1:]:
            if "C, blinatumomab" in said:
                assert "C, blinatumomab (not CAR-T): " in said and "C, blinatumomab: " not in said
                assert said.index("C, all (CAR-T and blinatumomab): ") < said.index("C, blinatumomab (not CAR-T)")
                assert said.index(f"{D_CONTEXT}: ") < said.index("C, all")


def test_one_line_per_report_links_each_count_to_its_rows_of_the_audit_table(data):
    from emcart.audit import holds

    statuses = comparison.by_report(comparison.compare(data, recomputations.book_recomputations(data)))
    lines = overview.report_lines(data, statuses, "../notebooks/audit.html").html
    assert lines.count("<li>") == len(data["studies"])
    c = statuses.set_index("report").loc["C"]
    href = holds.audit_href("../notebooks/audit.html", "C", comparison.MISMATCH).replace("&", "&amp;")
    assert f'<a href="{href}">{c[comparison.MISMATCH]} mismatch</a>' in lines
    assert href.endswith("?audit-all-report=C&amp;audit-all-status=mismatch#audit-all")
    # the filters' names are the audit table's id and its facets, which the script reads from the address
    assert list(comparison.facets(comparison.compare(data, []))) == ["report", "status"]
    assert "0 contradicted" not in lines and ">0 " not in lines  # a status no statistic has is not said
    assert "Of its findings, 2 change its conclusion, 8 change a number, 4 concern the wording only." in lines


def test_a_report_whose_extramedullary_involvement_is_left_open_is_labelled_context_wherever_shown(data, counts):
    open_ = extramedullary.left_open(data)
    assert open_ == {"D"}  # report D's post never mentions extramedullary disease (data/gaps.csv)
    labelled = counts["cohort"].str.endswith(f"({extramedullary.CONTEXT})")
    assert labelled.eq(counts["study_id"].isin(open_)).all() and labelled.any()
    table = outcome_marks.outcomes_table(data, OUTCOMES, "t").frame
    assert [c for c in table.columns if extramedullary.CONTEXT in c] == [D_CONTEXT]
    frame = outcome_counts.forest_frame(data, OUTCOMES, ["complete remission", "CRS, any grade"])
    assert frame["label"].str.startswith(f"{D_CONTEXT}: ").eq(frame["study_id"] == "D").all()
    assert cross_study.forest_values(data, frame)["largest"] == "D"


def test_the_context_label_follows_the_curated_gap(data):
    gaps = data["gaps"]
    data.tables["gaps"] = gaps.assign(leaves_open=pd.NA)
    try:
        assert outcome_counts.cohorts(data, OUTCOMES)[-1] == "D"
    finally:
        data.tables["gaps"] = gaps


def test_every_count_in_the_bottom_lines_is_the_outcome_tables_cell_with_its_tip(data):
    from emcart.presentation import prose

    table = outcome_marks.outcomes_table(data, OUTCOMES, "t")
    frame = table.frame.set_index("outcome")
    marks = {
        (o, c): table.marks.iat[i, j] for i, o in enumerate(frame.index) for j, c in enumerate(table.frame.columns)
    }
    lines, named = synthesis.bottom_lines(data)
    outcomes = {"Remission": ["complete remission"], "Relapse": ["relapse"]}
    outcomes["CRS and neurotoxicity"] = ["CRS, any grade", "CRS, grade ≥ 3", "ICANS or CRES"]
    outcomes["Deaths and survival"] = ["deaths stated", "survival, published estimate"]
    quoted = 0
    for line in lines[1:]:
        values = [p for p in line.shows if isinstance(p, prose.Value)]
        cells = [
            (o, c) for o in outcomes[line.about] for c in frame.columns if frame.at[o, c] != cross_study.NOT_REPORTED
        ]
        assert len(values) == len(cells), line.about
        for value in values:
            (outcome, cohort), *others = [cell for cell in cells if marks[cell] == value.mark]
            assert frame.at[outcome, cohort].startswith(value.text), (outcome, cohort, value.text)
            quoted += 1
    assert quoted == 36  # every count or estimate the table gives: 28 counts and an estimate, 5 deaths, 2 survivals
    assert set(named) == {"B-F4", "C-F10", "C-F1", "C-F7", "D-F1", "D-F3"}
    relapse = lines[3].text
    assert "3/7 (C-F7: relapses after a stated remission: 2/7)" in relapse
    assert f"{D_CONTEXT}: 41% (25–62%)" in relapse
    assert (
        "D: not reported" in lines[0].text
        and "C: 1 of 7 patients (case 2)" in lines[0].text
        and "B: 1 of 1 patient;" in lines[0].text
    )


def test_each_line_leads_with_a_plain_sentence_computed_from_its_counts(data, counts):
    lines, _ = synthesis.bottom_lines(data)
    leads = {line.about: line.lead for line in lines}
    assert leads["Remission"] == "After CAR-T, complete remission in most to all of each cohort's patients."
    assert "CRS of grade ≥ 3 in none to a minority." in leads["CRS and neurotoxicity"]
    assert leads["Who was treated"] == "In all, 10 patients had CAR-T at an extramedullary relapse."
    assert bottom_lines.share_words(0, 3) == "none" and bottom_lines.share_words(34, 43) == "most"
    assert bottom_lines.share_words(2, 4) == "half" and bottom_lines.share_words(3, 8) == "a minority"
    # the lead follows the counts: with report D's remissions halved it says so
    fewer = counts.assign(
        k=counts["k"].where(~((counts["outcome"] == "complete remission") & (counts["study_id"] == "D")), 17)
    )
    assert (
        bottom_lines.spread(fewer, "complete remission", bottom_lines.therapies(data, OUTCOMES)) == "a minority to all"
    )


def test_deaths_are_counted_from_the_events_and_absences_and_survival_quoted_as_published(data, counts):
    counts = counts.set_index(["outcome", "cohort"])
    deaths = counts.loc["deaths stated"]
    assert (deaths.at["A", "k"], deaths.at["A", "n"]) == (0, 8)
    assert (deaths.at["C, blinatumomab", "k"], deaths.at["C, blinatumomab", "n"]) == (2, 4)
    assert "(case 3, case 6)" in deaths.at["C, blinatumomab", "note"]
    assert (deaths.at["C, CAR-T", "k"], deaths.at["C, CAR-T", "n"]) == (0, 3)
    assert deaths.at["C, CAR-T", "note"].endswith("Lost to follow-up, so not known after it: case 7.")
    assert deaths.at["C, all", "note"].startswith("Counted patient by patient from the text: 2/7 (case 3, case 6).")
    assert pd.isna(deaths.at["B", "k"]) and deaths.at[D_CONTEXT, "stat_id"] == "D-deaths-MOF-CRS"
    survival = counts.loc["survival, published estimate"]
    assert survival.at["A", "estimate"] == "51.43% at 24 months: event-free survival, all patients"
    assert survival.at[D_CONTEXT, "estimate"].startswith("43% (25–62%) at 12 months: EFS and survival")
    lines, _ = synthesis.bottom_lines(data)
    assert "report D counts only deaths from multi-organ failure and CRS" in lines[4].caveat
    assert "estimates, not counts of patients" in lines[4].caveat


def test_when_the_extramedullary_disease_was_is_told_apart(data):
    """Report C: case 2 had CNS3 at the relapse CAR-T treated; case 3's CNS2 was at diagnosis only; case 6 had
    disease outside the marrow at diagnosis and after blinatumomab; case 7 only at his relapse after CAR-T. Report
    B's patient relapsed outside the marrow before the donor-derived course her column counts."""
    when = involvement.by_report(data, OUTCOMES).set_index("label")["times"]
    assert when["case 2"] == {involvement.BEFORE} and when["case 3"] == {involvement.DIAGNOSIS}
    assert when["case 6"] == {involvement.DIAGNOSIS, involvement.AFTER} and when["case 7"] == {involvement.AFTER}
    assert when["the patient"] == {involvement.BEFORE}
    assert involvement.counted_course(data, "B-1", OUTCOMES) == "B-1/2"
    lines, _ = synthesis.bottom_lines(data)
    assert (
        "In report C, extramedullary disease only at diagnosis: case 3; at diagnosis and after that course: "
        "case 6; only after that course: case 7." in lines[0].text
    )
    # the check can fail: counted from report B's first course, her relapses outside the marrow come after it
    assert involvement.times(data, "B-1", "another table") == {involvement.AFTER}


def test_the_synthesis_leads_with_the_bottom_lines_and_the_introduction_shows_them(data):
    block = synthesis.key_findings(data)
    assert block.startswith(":::{admonition} Key findings") and "**Remission.**" in block
    assert "{ref}`C-F7 <finding-c-f7>`" in block and "reproduced from the patients" not in block
    html = synthesis.bottom_lines_html(data, "../notebooks/audit.html").html
    assert html.count("<li>") == 5 and '<a href="../notebooks/audit.html#finding-c-f7">C-F7</a>' in html


def test_every_finding_named_in_the_bottom_lines_links_to_its_entry(data):
    """A finding's id inside a count ('2/4 (C-F10)') is a link to the finding, in the introduction's list and in the
    synthesis's key findings alike."""
    import re

    _, named = synthesis.bottom_lines(data)
    listed = synthesis.bottom_lines_html(data, "audit.html").html.split("</ul>")[0]
    block = synthesis.key_findings(data).split("\n\n")[1]
    for finding in named:
        plain = rf"(?<![\w\-#>]){re.escape(finding)}(?![\w\-])"
        assert f'">{finding}</a>' in listed and not re.search(plain, re.sub(r"<a [^>]*>[^<]*</a>", "", listed))
        assert f"`{finding} <" in block and not re.search(plain, re.sub(r"\{ref\}`[^`]*`", "", block)), finding


def test_the_findings_after_the_bottom_lines_are_named_by_their_titles(data):
    _, closing, links = synthesis._linked_lines(data, "audit.html")
    assert '<a href="audit.html#finding-c-f7">C-F7</a>, <em>Case 6 is counted among the three relapses' in closing
    assert closing.count("<em>") == len(links)
