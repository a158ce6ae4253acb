"""Published statistics against recomputed values: statuses, reasons, and the comparison table."""
from __future__ import annotations

import pandas as pd
import pytest

import emcart
from emcart.audit import checks
from emcart.audit import comparison as audit
from emcart.reports import recomputations


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


def _row(**values) -> pd.Series:
    base = {"stat_id": "X-1", "study_id": "X", "statistic": "s", "group": "g", "measure": "proportion",
            "numerator": pd.NA, "denominator": pd.NA, "value": 0.0, "value_qualifier": "exact", "unit": "percent",
            "ci_low": pd.NA, "ci_high": pd.NA, "range_low": pd.NA, "range_high": pd.NA, "timepoint_months": pd.NA}
    return pd.Series({**base, **values})


@pytest.mark.parametrize("published, qualifier, recomputed, expected", [
    (75.0, "exact", 75.0, "match"),
    (8.0, "exact", 8.0, "match"),
    (68.57, "approx", 100 * 24 / 35, "match within rounding"),
    (51.4, "exact", 100 * 18 / 35, "match within rounding"),
    (39.4, "exact", 62.5, "mismatch"),
    (10.0, "lower_bound", 12.0, "match"),
    (10.0, "lower_bound", 9.0, "mismatch"),
    (7.0, "upper_bound", 7.0, "match"),
    (7.0, "upper_bound", 8.0, "mismatch"),
    (21.9, "exact", None, "not recomputable"),
])
def test_status(published, qualifier, recomputed, expected):
    assert audit.status(published, qualifier, recomputed) == expected


def test_from_fraction_explains_a_mismatch():
    r = audit.from_fraction(_row(stat_id="A-x", numerator=5, denominator=8, value=39.4))
    assert r.value == 62.5
    assert "5/8 = 62.5%" in r.reason and "39.4% is k/8 for no k (nearest: 3/8 = 37.5%, 4/8 = 50%)" in r.reason
    ok = audit.from_fraction(_row(stat_id="A-y", numerator=6, denominator=8, value=75.0))
    assert ok.value == 75.0 and ok.reason == ""


def test_nearest_fractions_names_exact_fractions():
    assert audit.nearest_fractions(71.4, 7) == "71.4% is 5/7"
    assert audit.nearest_fractions(0.5, 8).startswith("0.5% is k/8 for no k (nearest: 0/8 = 0%, 1/8 = 12.5%)")


def test_published_text():
    assert audit.published_text(_row(numerator=5, denominator=8, value=39.4)) == "39.4% (5/8)"
    assert audit.published_text(_row(measure="km_estimate", value=68.57, value_qualifier="approx",
                                     timepoint_months=12)) == "approximately 68.57% at 12 months"
    assert audit.published_text(_row(measure="mean", value=21.9, unit="months", range_low=5.93, range_high=39.97)) == \
        "mean 21.9 months (range 5.93–39.97)"
    assert audit.published_text(_row(measure="count", unit="count", value=3, numerator=3, denominator=8)) == "3 of 8"
    assert audit.published_text(_row(measure="time", unit="days", value=3, value_qualifier="lower_bound",
                                     range_low=3, range_high=4)) == "3–4 days"
    assert audit.published_text(_row(measure="time", unit="weeks", value=1, value_qualifier="approx")) == \
        "approximately 1 week"
    # a day number is a time point ('At day 7'), not a duration
    assert audit.published_text(_row(measure="time", unit="day", value=7)) == "day 7"
    assert audit.published_text(_row(measure="time", unit="day", value=7, value_qualifier="upper_bound")) == "by day 7"


def test_time_points_of_report_a_print_as_days(data):
    comparison = audit.compare(data["reported_statistics"], recomputations.book_recomputations(data)).set_index("statistic")
    assert comparison.at["A-IL6-rise-day", "published"] == "day 7"
    assert comparison.at["A-CAR-peak-day", "published"] == "by day 7"
    assert float(data["reported_statistics"].set_index("stat_id").at["A-IL6-rise-day", "value"]) == 7


def test_compare_lists_every_statistic_once(data):
    stats = data["reported_statistics"]
    recomputed = [audit.Recomputed("C-CR-all", 100 * 5 / 7, "5 of 7 cases")]
    frame = audit.compare(stats, recomputed)
    assert frame["statistic"].tolist() == stats["stat_id"].tolist()
    row = frame.set_index("statistic").loc["C-CR-all"]
    assert (row["status"], row["recomputed"]) == ("match within rounding", "71.4286")
    assert frame.set_index("statistic").loc["C-followup", "status"] == "not recomputable"
    with pytest.raises(KeyError):
        audit.compare(stats, [audit.Recomputed("Z-unknown", 1.0)])


def test_counts_statuses(data):
    frame = audit.compare(data["reported_statistics"].head(2), [audit.Recomputed("C-CR-all", 50.0)])
    assert audit.counts(frame) == {"match": 0, "match within rounding": 0, "mismatch": 1, "not recomputable": 1}


def test_the_book_audit_covers_every_published_statistic(data):
    comparison = audit.compare(data["reported_statistics"], recomputations.book_recomputations(data))
    assert list(comparison["statistic"]) == list(data["reported_statistics"]["stat_id"])
    assert set(comparison["status"]) <= set(audit.STATUSES)
    unexplained = comparison[(comparison["status"] != "match") & (comparison["basis or reason"] == "")]
    assert unexplained.empty, unexplained
    status = comparison.set_index("statistic")["status"]
    assert status["A-multi-relapse"] == "mismatch"  # 5/8 is 62.5%, not 39.4%
    assert status["D-CR"] == "match within rounding"  # 34/43 = 79.07%
    assert status["C-T3-CRS-blina"] == "mismatch"  # only case 6's narrative reports CRS
    assert status["D-EFS-OS-1y"] == "not recomputable"


def test_audit_summary_counts_each_report(data):
    comparison = audit.compare(data["reported_statistics"], recomputations.book_recomputations(data))
    summary = audit.by_report(comparison).set_index("report")
    assert summary.loc["all", "statistics"] == len(data["reported_statistics"])
    assert summary.loc["A", "mismatch"] >= 1 and list(summary.index) == ["A", "B", "C", "D", "all"]


def test_report_b_chapter_and_the_book_wide_audit_give_each_statistic_one_status(data):

    stats = data["reported_statistics"].set_index("stat_id")
    chapter = checks.statistics_check(data, "B")
    chapter.index = [sid for sid in stats.index if sid.startswith("B-")]
    book = audit.compare(data["reported_statistics"], recomputations.book_recomputations(data)).set_index("statistic")["status"]
    assert chapter["status"].to_dict() == book[chapter.index].to_dict()
    assert book["B-GVHD-after-HSCT"] == "mismatch" and book["B-aGVHD"] == "match"
    # the chapter's table of GVHD statements agrees with the same recounts
    counts = checks.count_checks(data, "B").set_index("statistic")["agrees"]
    assert counts.to_dict() == {stats.at["B-GVHD-after-HSCT", "statistic"]: "no", stats.at["B-aGVHD", "statistic"]: "yes"}
    reason = audit.compare(data["reported_statistics"], recomputations.book_recomputations(data)).set_index("statistic").at[
        "B-GVHD-after-HSCT", "basis or reason"]
    assert "suggestive of chronic GVHD" in reason and "count of patients" not in reason


def test_the_audit_points_to_the_chapter_a_reason_comes_from(data):
    comparison = audit.compare(data["reported_statistics"], recomputations.book_recomputations(data)).set_index("statistic")
    assert not comparison["basis or reason"].str.contains(r"\bbelow\b").any()
    assert "the follow-up check of the report C chapter" in comparison.at["C-followup", "basis or reason"]


def test_interval_comparison_says_which_limit_is_wider(data):
    exact = audit.interval_comparison(data, ["D-CR", "D-CRS", "D-ICANS"], "Clopper–Pearson")
    lower = exact.split("; ")[0]
    assert "wider for ICANS" in lower and "narrower for complete remission" in lower
    assert "8 against 10.04" in lower
