"""Published statistics against recomputed values: one vocabulary, independent evidence, curated
judgments, the comparison table and its summary."""

from __future__ import annotations

import pandas as pd
import pytest

import emcart
from emcart.analysis import stats
from emcart.audit import checks, evidence, statistic_words
from emcart.audit import comparison as audit
from emcart.audit.generic import interval_limits
from emcart.datapackage.provenance import normalise
from emcart.model import fact_reads
from emcart.presentation import recomputations


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


@pytest.fixture(scope="module")
def recomputed(data):
    return recomputations.book_recomputations(data)


@pytest.fixture(scope="module")
def book(data, recomputed):
    return audit.compare(data, recomputed).set_index("statistic")


def _row(**values) -> pd.Series:
    base = {
        "stat_id": "X-1",
        "study_id": "X",
        "statistic": "s",
        "group": "g",
        "measure": "proportion",
        "numerator": pd.NA,
        "denominator": pd.NA,
        "value": 0.0,
        "value_qualifier": "exact",
        "unit": "percent",
        "ci_low": pd.NA,
        "ci_high": pd.NA,
        "range_low": pd.NA,
        "range_high": pd.NA,
        "timepoint_months": pd.NA,
    }
    return pd.Series({**base, **values})


@pytest.mark.parametrize(
    "published, recomputed, expected",
    [
        (13, 12.5, True),
        (12, 12.5, False),  # a tie rounds up, as reports print it (Python's round gives 12)
        (14, 13.5, True),
        (13, 13.5, False),
        (0.1, 0.05, True),
        (28.6, 100 * 2 / 7, True),
        (71.4, 100 * 5 / 7, True),
        (39.4, 62.5, False),
    ],
)
def test_agrees_rounds_halves_up(published, recomputed, expected):
    assert stats.agrees(published, recomputed) is expected


@pytest.mark.parametrize(
    "published, qualifier, recomputed, expected",
    [
        (75.0, "exact", 75.0, "exact"),
        (68.57, "approx", 100 * 24 / 35, "after rounding"),
        (39.4, "exact", 62.5, ""),
        (10.0, "lower_bound", 12.0, "within the bound"),
        (10.0, "lower_bound", 9.0, ""),
        (7.0, "upper_bound", 7.0, "within the bound"),
        (7.0, "upper_bound", 8.0, ""),
    ],
)
def test_agreement(published, qualifier, recomputed, expected):
    assert audit.agreement(published, qualifier, recomputed) == expected


def test_from_fraction_is_consistent_at_best_and_explains_a_mismatch():
    r = audit.from_fraction(_row(stat_id="A-x", numerator=5, denominator=8, value=39.4))
    assert r.value == 62.5 and r.evidence == audit.OWN_NUMBERS
    assert "5/8 = 62.5%" in r.reason and "39.4% is k/8 for no k (nearest: 3/8 = 37.5%, 4/8 = 50%)" in r.reason
    ok = audit.from_fraction(_row(stat_id="A-y", numerator=6, denominator=8, value=75.0))
    assert ok.value == 75.0 and ok.reason == ""
    assert audit.status(_row(numerator=6, denominator=8, value=75.0), ok) == "consistent"


def test_nearest_fractions_names_exact_fractions():
    assert statistic_words.nearest_fractions(71.4, 7) == "71.4% is 5/7"
    assert statistic_words.nearest_fractions(0.5, 8).startswith("0.5% is k/8 for no k (nearest: 0/8 = 0%, 1/8 = 12.5%)")


def test_published_text():
    assert statistic_words.published_text(_row(numerator=5, denominator=8, value=39.4)) == "39.4% (5/8)"
    assert (
        statistic_words.published_text(
            _row(measure="km_estimate", value=68.57, value_qualifier="approx", timepoint_months=12)
        )
        == "approximately 68.57% at 12 months"
    )
    assert (
        statistic_words.published_text(
            _row(measure="mean", value=21.9, unit="months", range_low=5.93, range_high=39.97)
        )
        == "mean 21.9 months (range 5.93–39.97)"
    )
    assert (
        statistic_words.published_text(_row(measure="count", unit="count", value=3, numerator=3, denominator=8))
        == "3 of 8"
    )
    assert (
        statistic_words.published_text(
            _row(measure="time", unit="days", value=3, value_qualifier="lower_bound", range_low=3, range_high=4)
        )
        == "3–4 days"
    )
    assert (
        statistic_words.published_text(_row(measure="time", unit="weeks", value=1, value_qualifier="approx"))
        == "approximately 1 week"
    )
    assert statistic_words.published_text(_row(measure="time", unit="day", value=7)) == "day 7"
    assert (
        statistic_words.published_text(_row(measure="time", unit="day", value=7, value_qualifier="upper_bound"))
        == "by day 7"
    )


def test_the_book_audit_covers_every_published_statistic_once(data, book):
    assert list(book.index) == list(data["reported_statistics"]["stat_id"])
    assert set(book["status"]) <= set(audit.STATUSES)
    unexplained = book[
        book["status"].isin(["mismatch", "contradicted", "not checkable"]) & (book["basis or reason"] == "")
    ]
    assert unexplained.empty, unexplained
    assert book.at["A-multi-relapse", "status"] == "mismatch"  # 5/8 is 62.5%, not 39.4%
    assert tuple(book.loc["D-CR", ["status", "agreement"]]) == ("consistent", "after rounding")  # 34/43 = 79.07%
    assert book.at["C-T3-CRS-blina", "status"] == "mismatch"  # only case 6's narrative reports CRS
    assert book.at["D-EFS-OS-1y", "status"] == "not checkable"
    assert book.at["A-IL6-rise-day", "published"] == "day 7" and book.at["A-CAR-peak-day", "published"] == "by day 7"


def test_no_statistic_is_reproduced_from_its_own_published_number(data, recomputed, book):
    """A 'reproduced' statistic rests on curated per-patient rows, none transcribed from the sentence that
    states the statistic; anything recomputed from the report's own numbers is at most 'consistent'."""
    by_id = {r.stat_id: r for r in recomputed}
    reproduced = book.index[book["status"] == "reproduced"]
    assert len(reproduced) > 0
    prov = data["provenance"]
    for sid in reproduced:
        r = by_id[sid]
        assert r.evidence == audit.PER_PATIENT and (r.cases or r.patients), sid
        rows = evidence.patient_rows(data, r.cases or r.patients, r.event_types)
        assert rows and all(table in evidence.PER_PATIENT_TABLES for table, _ in rows), sid
        read = prov[[(t, i) in rows for t, i in zip(prov["table"], prov["row_id"])]]["snippet"].map(normalise)
        assert not set(read) & evidence.own_snippets(data, sid), sid
        assert not evidence.restated_counts(data, sid, r.cases or r.patients, r.event_types), sid
    assert not (
        book.loc[[r.stat_id for r in recomputed if r.evidence != audit.PER_PATIENT], "status"] == "reproduced"
    ).any()


def test_a_count_read_from_its_own_sentence_is_not_checkable(data, book):
    # 'all patients are still alive' is both the published count and the source of every 'no death' row
    assert book.at["A-alive", "status"] == "not checkable"
    assert evidence.circular_rows(data, "A-alive", ["A-S001"], ("death",)) == ["absences/A-S001/1-no-death"]
    assert evidence.circular_rows(data, "A-relapse", ["A-S002"], ("relapse",)) == []
    assert evidence.circular_rows(data, "A-relapse", [], ()) == ["reported_statistics/A-relapse"]


def test_a_count_read_from_another_sentence_about_the_whole_group_is_only_consistent(data, book):
    # 'no CAR-T related death' and 'no death of severe CRS or CRES' rest on the 'no death' rows of 'all patients
    # are still alive'; the Discussion's '100% CR' on the rows of the Results' 'all of them achieved CR again'
    for sid, other in (("A-CAR-death", "A-alive"), ("A-CRS-CRES-death", "A-alive"), ("A-CR2-discussion", "A-CR2")):
        assert book.at[sid, "status"] == "consistent", sid
        assert other in evidence.restated_counts(data, sid, _patients(data, "A"), ("death", "CR")), sid
        assert "checks the report against its own words" in book.at[sid, "basis or reason"], sid
    for sid in ("A-CAR-death", "A-CRS-CRES-death"):  # the rows name no cause of death: the reason says so
        assert "attribute no death to a cause" in book.at[sid, "basis or reason"]
    # rows from a sentence that names the patient, or from no published count, are per-patient facts
    assert evidence.restated_counts(data, "A-relapse", ["A-S002", "A-S003"], ("relapse",)) == []
    assert book.at["A-relapse", "status"] == book.at["A-HSCT-bridge", "status"] == "reproduced"
    # a count read from its own sentence stays not checkable, whatever other sentence its rows also restate
    assert book.at["A-CR2", "status"] == book.at["A-alive", "status"] == "not checkable"


def test_a_recount_resting_on_group_sentences_is_consistent_not_reproduced(data):
    r = audit.Recomputed(
        "A-CAR-death", 0.0, "b", numerator=0, denominator=8, patients=("A-S001",), event_types=("death",)
    )
    row = data["reported_statistics"].set_index("stat_id", drop=False).loc["A-CAR-death"]
    compared = audit.compare(data, [r], ["A-CAR-death"]).iloc[0]
    assert compared["status"] == "consistent" and "the sentences of 'alive (to date)'" in compared["basis or reason"]
    assert audit.status(row, r) == "reproduced"  # without the group sentences, the same rows would reproduce it


def _patients(data, study: str) -> list[str]:
    return data["patients"].query("study_id == @study")["patient_id"].tolist()


def test_curated_contradictions_set_the_status(data, book):
    said = data["audit_reasons"]
    contradicted = set(said.loc[said["kind"] == "contradicted", "stat_id"])
    assert contradicted == set(book.index[book["status"] == "contradicted"])
    assert "C-relapse" not in contradicted  # read otherwise by C-F7's reading, not contradicted by the text


def test_a_count_read_otherwise_shows_both_recounts_and_holds_only_under_the_reports_reading(book):
    row = book.loc["C-relapse"]
    assert row["recomputed"] == "3 of 7; relapses after a stated remission: 2 of 7 (C-F7)"
    assert row["status"] == "reproduced under the report's reading" and row["agreement"] == "exact"
    assert "(C-F7): 2 of 7 (case 2, case 7)" in row["basis or reason"]
    assert row["counted"] == "case 2, case 6, case 7"


def test_a_count_among_a_group_a_reading_changes_is_recounted_over_the_group_under_that_reading(book):
    # MLL rearrangement among the relapsed: 2 of 3 counts case 6, whose relapse C-F7 disputes; among the
    # relapses after a remission it is 1 of 2
    row = book.loc["C-relapse-MLLr"]
    assert row["status"] == "reproduced under the report's reading"
    assert row["recomputed"].endswith("among relapses after a stated remission: 1 of 2 (C-F7)")


def test_independence_is_judged_on_the_cells_a_recount_reads(data, book):
    # case 2's relapse row holds its CD19 status from the sentence that states 3 relapses: a count of relapses
    # does not read it, a count of CD19-negative relapses does
    assert evidence.circular_rows(data, "C-relapse", ["C-2"], *_reads("relapsed")) == []
    assert evidence.circular_rows(
        data, "C-relapse-CD19neg", ["C-2"], *_reads("relapse_status(cd19_status, negative)")
    ) == ["events/C-2/2-relapse"]
    assert book.at["C-relapse-CD19neg", "status"] == "not checkable"


def test_a_cell_transcribed_from_words_within_the_statistics_sentence_is_not_independent(book):
    # case 5's ICANS grade is read from "one with a history of leukoencephalopathy (case 5) developed grade 3
    # ICANS", words of the sentence that states 1 of 4: the count restates the sentence
    row = book.loc["C-ICANS3-blina-disc"]
    assert row["status"] == "not checkable" and "case 5: ICANS onset, course 1" in row["basis or reason"]
    assert book.at["C-ICANS3", "status"] == "reproduced"


def test_a_recount_on_one_course_reads_only_that_courses_rows(book):
    # the second courses' CRs rest on "Then, all of them achieved CR again (CR2)"; the first courses' CRs, from
    # the sentence that states A-CR, A-CCR and A-CAR-death, are not read
    reason = book.at["A-CR2-discussion", "basis or reason"]
    assert book.at["A-CR2-discussion", "status"] == "consistent"
    assert "(the sentences of 'complete remission after the second CAR-T (CR2)')" in reason


def _reads(expression: str) -> tuple:
    reads = fact_reads.reads(expression)
    return reads.kinds, reads


def test_an_estimate_whose_denominator_is_disputed_is_not_checkable_and_says_why(data, book):
    # the post prints N = 43 for its subjects in remission and counts 34 of them: it states no denominator the
    # book could recompute with, which the finding disputes; that is no contradiction of the estimate itself
    for sid in ("D-CIR-1y-CR", "D-EFS-OS-1y-CR"):
        assert book.at[sid, "status"] == "not checkable", sid
        reason = book.at[sid, "basis or reason"]
        assert "denominator is disputed (finding D-F1)" in reason and "N = 43" in reason, sid
    f1 = data["findings"].set_index("finding_id").loc["D-F1"]
    assert "41%" in f1["source_words"] and "59%" in f1["source_words"]
    assert set(f1["disputed_counts"].split("; ")) == {"D-CIR-1y-CR", "D-EFS-OS-1y-CR"}


def test_audit_summary_counts_each_report(data, book):
    summary = audit.by_report(book.reset_index()).set_index("report")
    assert summary.loc["all", "statistics"] == len(data["reported_statistics"])
    assert list(summary.columns) == list(audit.STATUSES) + ["statistics"]
    assert summary.loc["A", "mismatch"] >= 1 and list(summary.index) == ["A", "B", "C", "D", "all"]
    assert audit.meanings()["status"].tolist() == list(audit.STATUSES)


def test_report_b_chapter_and_the_book_wide_audit_give_each_statistic_one_status(data, book):
    st = data["reported_statistics"].set_index("stat_id")
    chapter = checks.statistics_check(data, "B").set_index("statistic")
    assert chapter["status"].to_dict() == book.loc[chapter.index, "status"].to_dict()
    assert book.at["B-GVHD-after-HSCT", "status"] == "mismatch" and book.at["B-aGVHD", "status"] == "reproduced"
    counts = checks.count_checks(data, "B").set_index("statistic")["agrees"]
    assert counts.to_dict() == {st.at["B-GVHD-after-HSCT", "statistic"]: "no", st.at["B-aGVHD", "statistic"]: "yes"}
    reason = book.at["B-GVHD-after-HSCT", "basis or reason"]
    assert "suggestive of chronic GVHD" in reason and "count of patients" not in reason


def test_the_audit_points_to_the_chapter_a_reason_comes_from(book):
    assert not book["basis or reason"].str.contains(r"\bbelow\b").any()
    assert "the follow-up check of the report C chapter" in book.at["C-followup", "basis or reason"]


def test_interval_limits_say_which_printed_limit_is_wider(data):
    limits = interval_limits(data, ["D-CR", "D-CRS", "D-ICANS"], ["Wald", "Clopper–Pearson"]).set_index("statistic")
    assert list(limits.columns) == ["k/N", "printed interval", "Wald", "Clopper–Pearson"]
    exact = limits["Clopper–Pearson"]
    assert exact["ICANS (grade ≤ 2)"].startswith("10.04–") and "printed lower wider" in exact["ICANS (grade ≤ 2)"]
    assert "printed lower narrower" in exact["complete remission"]
    assert limits.at["ICANS (grade ≤ 2)", "printed interval"].startswith("8–")


def test_every_finding_agrees_with_the_status_of_the_statistics_it_concerns(data, book):
    from emcart.audit import findings

    assert findings.disagreements(data, book.reset_index()).empty, findings.disagreements(data, book.reset_index())
    implied = findings.implied_statuses(data)
    assert set(implied["statistic"]) <= set(book.index) and set(implied["implied"]) <= set(audit.STATUSES)
    # the four contradictions between statuses and findings the audit once had
    pairs = set(zip(implied["finding_id"], implied["statistic"], implied["implied"]))
    assert {
        ("A-F2", "A-EFS-24", "attainable"),
        ("C-F7", "C-relapse", "reproduced under the report's reading"),
        ("D-F1", "D-EFS-OS-1y-CR", "not checkable"),
        ("C-F3", "C-treatment-deaths", "reproduced under the report's reading"),
    } <= pairs
    # and the check can fail: a finding that says 'mismatch' of a reproduced statistic is reported
    changed = book.reset_index().assign(status=lambda f: f["status"].where(f["statistic"] != "C-relapse", "reproduced"))
    assert findings.disagreements(data, changed)["statistic"].tolist() == ["C-relapse"]


def test_findings_say_what_they_change(data):
    from emcart.audit import findings

    text = findings.findings_markdown(data)
    assert text.startswith("**Report A** (single-arm cohort)")
    assert "(finding-c-f7)=\n**C-F7.** *" in text and "* (changes a number). " in text
    key = findings.key_findings(data.scope(["C"]))
    assert key.startswith(":::{admonition} Key findings") and "{ref}`" in key and "<finding-c-f7>`" in key
    assert findings.impact_counts(data)["report"].tolist() == ["A", "B", "C", "D"]


def test_key_findings_of_all_reports_name_the_findings_that_change_a_conclusion_and_what_holds(data, book):
    from emcart.audit import findings

    rows = book.reset_index()
    statuses = audit.by_report(rows)
    key = findings.key_findings(data, rows)
    curated = data["findings"]
    changing = curated[curated["impact"] == "changes a conclusion"]
    for f in changing.itertuples():  # each by its title, linked to its entry
        assert f"{findings.plain(f.title)} <{findings.anchor(f.finding_id)}>`" in key
    assert "{ref}`C-F1 <finding-c-f1>`" in key and "audit page" not in key
    c = statuses.set_index("report").loc["C"]
    assert f"of its {c['statistics']} published statistics, " in key
    assert f", {c['reproduced']} reproduced from the patients, " in key
    # the counts are the audit's: one more of report C's statistics reproduced changes the line
    unreproduced = rows["statistic"].str.startswith("C-") & (rows["status"] != "reproduced")
    other = rows.assign(status=rows["status"].mask(unreproduced & (unreproduced.cumsum() == 1), "reproduced"))
    assert f"{c['reproduced'] + 1} reproduced" in findings.key_findings(data, other)
    with pytest.raises(ValueError, match="audit rows"):
        findings.key_findings(data)


def test_key_findings_give_what_was_printed_against_what_the_data_give(data, book):
    from emcart.audit import findings

    rows = book.reset_index()
    said = findings.printed_against(data, rows)
    assert said["C-F1"] == "printed 50% (2/4) → recount 25% (1/4)"
    assert said["C-F7"] == (
        "printed 3 of 7; relapses after a stated remission: 2 of 7 (C-F7), reproduced under the report's reading"
    )
    assert said["A-F5"] == "printed 0 of 3, not checkable"  # a recount that cannot be checked is not shown
    assert "C-F11" not in said  # every statistic it concerns agrees: no numbers
    key = findings.key_findings(data.scope(["C"]), rows[rows["statistic"].str.startswith("C-")])
    assert "<finding-c-f1>`: printed 50% (2/4) → recount 25% (1/4); " in key
    assert findings.printed_against(data, None) == {} and ": printed" not in findings.key_findings(data.scope(["C"]))


def test_every_statistic_is_ordered_by_report_and_where_printed_with_long_reasons_in_notes(data, book):
    from emcart.presentation import statistic_tables

    table = statistic_tables.every_statistic(data, book.reset_index(), "cap", "t")
    frame = table.frame
    assert frame["report"].tolist() == sorted(frame["report"])  # the reports in order, not the statuses
    where = frame.loc["C-T3-CR-blina", "where printed"]
    assert where == "Table 3" and frame.loc["C-CR-all", "where printed"] != where  # the same count, printed twice
    assert table.facets["report"].tolist() == frame["report"].tolist()  # the filters follow the rows
    shown = frame.loc["C-followup", "basis or reason"]
    assert shown.startswith("the text gives no patient's follow-up or what it is counted from … [")
    number = shown.rsplit("[", 1)[1].rstrip("]")
    whole = book.at["C-followup", "basis or reason"]
    assert f"[{number}] {whole}" in table.footnotes  # the curated reason, whole, in its note
    assert table.marks.iloc[list(frame.index).index("C-followup"), -1].text.startswith(whole.rstrip("."))  # and tip
    assert frame.loc["C-CR-all", "basis or reason"] == book.at["C-CR-all", "basis or reason"]  # a short one as it is


def test_what_the_audit_found_groups_the_statuses_and_says_only_the_groups_that_hold_any():
    from emcart.audit.holds import holds

    counts = pd.Series({s: 0 for s in audit.STATUSES} | {"reproduced": 2, "attainable": 1, "mismatch": 1})
    counts["statistics"] = 4
    assert holds(counts, "X") == (
        "of its 4 published statistics, 2 reproduced from the patients, 1 attainable under some reading of what the "
        "text leaves open, 1 does not hold (1 mismatch)."
    )
    linked = holds(counts, "X", "audit.html")
    assert '<a href="audit.html?audit-all-report=X&amp;audit-all-status=mismatch#audit-all">1 mismatch</a>' in linked
