"""Report C as transcribed: clocks, the reconstructed Table 2, the Table 3 audit, the follow-up check,
and the Figure 2 swimmer, on the full curated data."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

import emcart
from emcart.audit import comparison as audit
from emcart.audit import recount
from emcart.model import followup, timeline
from emcart.presentation import cases, count_readings, loose_days, recomputations, recounts
from emcart.presentation.figures import swimmer
from emcart.presentation.figures.markers import LATER_COURSE
from emcart.reports import report_c

PATIENTS = [f"C-{n}" for n in range(1, 8)]


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


@pytest.fixture(scope="module")
def recomputed(data):
    """Every recomputation the book makes."""
    return recomputations.book_recomputations(data)


def test_every_case_has_an_end_of_follow_up(data):
    ends = {p: followup.end_of_follow_up(data, p)["event_type"] for p in PATIENTS}
    assert ends == {
        "C-1": "last contact",
        "C-2": "last contact",
        "C-3": "death",
        "C-4": "last contact",
        "C-5": "last contact",
        "C-6": "death",
        "C-7": "lost to follow-up",
    }


def test_hsct_clocks_hang_on_their_hsct_events(data):
    assert timeline.course_offsets(data, "C-1", "C-1/1")["C-1/3"] == (173.0, 173.0)
    assert timeline.course_offsets(data, "C-2", "C-2/1")["C-2/2"] == (131.0, 162.0)
    assert timeline.course_offsets(data, "C-3", "C-3/1")["C-3/2"] == (41.0, 55.0)  # text days 42-56
    assert timeline.course_offsets(data, "C-4", "C-4/1")["C-4/2"] == (13.0, math.inf)
    # the donor CAR-T course of case 1 starts after the PTLD of HSCT day 42: after day 215, no upper bound
    assert timeline.course_offsets(data, "C-1", "C-1/1")["C-1/2"] == (215.0, math.inf)


def test_death_days_on_the_immunotherapy_clock(data):
    placed = {p: timeline.placed_events(data, p, f"{p}/1").set_index("event_id") for p in ("C-3", "C-6")}
    assert tuple(placed["C-3"].loc["C-3/2-death", ["start", "end"]]) == (131.0, 145.0)
    assert tuple(placed["C-6"].loc["C-6/1-death", ["start", "end"]]) == (59.0, 89.0)


def test_table_2_is_built_from_the_events(data):
    table = cases.summary(data, PATIENTS).set_index("Case")
    assert list(table.columns) == cases.COLUMNS[1:]
    assert table.at["case 3", "Outcome"] == "died, HSCT day 90 (days 131–145): transplant-related complications"
    assert table.at["case 2", "HSCT"] == "days 131–162; haploidentical, VP/BU/CY/ATG"
    assert table.at["case 4", "HSCT"] == "on or after day 13; haploidentical, conditioning not stated"
    assert table.at["case 7", "Relapse"].startswith("day 177, cervical lymph nodes, CD19 reduced, ")
    # what the narrative says of the relapse besides its site: case 6's was a lineage transformation
    assert "lineage transformation: 91.5% primitive and immature monocytes" in table.at["case 6", "Relapse"]
    assert table.at["case 6", "Relapse"].startswith("days 28–58, head (skin mass), CD19 negative, ")
    assert table.at["case 5", "CRS"] == cases.NONE
    assert table.at["case 1", "GVHD"] == "grade 1 (skin), HSCT day 24 (day 197)"
    assert "starting HSCT on or after day 42 (on or after day 215)" in table.at["case 1", "Immunotherapy"]
    assert table.at["case 3", "Response"] == "MRD-negative, day ≈14"


def test_table_3_audit_mismatches_are_exactly_the_explained_ones(data, recomputed):
    frame = recount.selected(data, "c-table-3", recomputed)
    mismatched = set(frame.loc[frame["status"] == "mismatch", "statistic"])
    assert mismatched == {
        "C-T3-CRS-blina",
        "C-T3-CRS-all",
        "C-T3-CRS1-blina",
        "C-T3-CRS1-all",
        "C-T3-infection-cart",
        "C-T3-infection-all",
    }
    # Table 3's one blinatumomab infection against the Discussion's 'no apparent infections'
    assert set(frame.loc[frame["status"] == "contradicted", "statistic"]) == {"C-T3-infection-blina"}
    crs = frame.set_index("statistic").loc["C-T3-CRS-blina"]
    assert (crs["published"], crs["recomputed"], crs["counted"]) == ("50% (2/4)", "25% (1/4)", "case 6")
    assert frame.set_index("statistic").at["C-T3-CRS-blina", "item"] == "CRS"


def test_text_statistics_audit(data, recomputed):
    frame = recount.selected(data, "c-text", recomputed).set_index("statistic")
    status = frame["status"]
    assert status["C-MRDneg-cart"] == "reproduced"
    assert status["C-CR-all"] == "reproduced under the report's reading"  # it counts blinatumomab's two (C-F10)
    assert frame.at["C-CR-all", "agreement"] == "after rounding"
    assert status["C-case2-relapse-months"] == "contradicted"
    assert status["C-relapse"] == audit.UNDER_ITS_READING  # C-F7 reads relapse as the Methods define it
    # case 2's CD19-negative relapse is read from this very sentence, by elimination
    assert status["C-relapse-CD19neg"] == "not checkable"
    assert status["C-followup"] == "not checkable"


def test_follow_up_finding(data):
    frame = followup.per_patient(data, PATIENTS, "C")
    stats = data["reported_statistics"].set_index("stat_id").loc["C-followup"]
    result = followup.check(frame, stats["value"], stats["range_low"], stats["range_high"]).set_index("counted from")
    assert result["consistent"].to_dict() == {
        "immunotherapy": "no",
        "closing date": "yes",
        "diagnosis": "yes",
        "relapse": "no",
    }
    assert result.at["immunotherapy", "below the minimum or above the maximum"] == "case 3, case 6"
    assert result.at["relapse", "undefined for"] == "case 4, case 5, case 6"
    bounds = frame.set_index("case")
    assert (bounds.at["case 1", "immunotherapy low"], bounds.at["case 1", "immunotherapy high"]) == (903.0, 3193.0)
    assert bounds.at["case 2", "diagnosis low"] == 630 + followup.min_days(4.8, "years")


def test_figure_2_swimmer(data):
    horizon = followup.window(data, "C").longest
    fig = swimmer.figure(
        data, PATIENTS, "t-fig2", "Test", horizon=horizon, relapse_antigen="cd19_status", treatments=True
    )
    traces = {t.name: t for t in fig.interactive.data if t.name}
    assert sorted(traces["relapse, CD19 negative"].y) == ["case 2", "case 6"]
    assert list(traces["relapse, CD19 reduced"].x) == [177.0]
    assert "relapse" not in traces
    # loss to follow-up known only to come after day 177: a span from 177 to the horizon, no marker
    lost = traces["lost to follow-up"]
    assert lost.mode == "lines" and list(lost.x) == [177.0, horizon, None]
    arrows = traces["alive at last contact (follow-up continues)"]
    assert sorted(arrows.y) == ["case 1", "case 2", "case 4", "case 5"]
    assert set(traces["blinatumomab (course start)"].y) == {"case 3", "case 4", "case 5", "case 6"}
    cocktail = traces["anti-CD19/anti-CD22 CAR-T cocktail (course start)"]
    assert list(cocktail.x) == [0.0, 215.0]  # the donor course of case 1, open to the right
    assert LATER_COURSE not in traces
    assert "case 6: follow-up 59–89 days" in fig.alt


def test_swimmer_axis_can_show_the_first_days_only(data):
    fig = swimmer.figure(data, ["C-7"], "t", "T", horizon=400, x_max=60, height=500)
    assert list(fig.interactive.layout.xaxis.range) == [0, 60] and fig.interactive.layout.height == 500
    assert fig.static.axes[0].get_xlim() == (0, 60)
    assert fig.alt.endswith("The axis shows the first 60 days.")


def test_loosely_stated_days_keep_their_reading(data):
    loose = loose_days.loose_days(data, PATIENTS)
    hsct3 = loose[(loose["case"] == "case 3") & (loose["event"] == "HSCT")].iloc[0]
    assert (hsct3["stored (text's numbering)"], hsct3["on the course clock"]) == ("days 42–56", "days 41–55")
    assert "'41 days later' does not say from what" in hsct3["how the text's words were read"]
    assert set(loose["clock"]) == {"CAR-T", "blinatumomab", "HSCT"}
    assert not (loose["how the text's words were read"] == "").any()


def test_infection_readings_beside_table_3(data):
    table = count_readings.table(data, "c-infection-readings", "t")
    readings = table.frame.set_index("group")
    assert list(table.frame.columns)[:2] == ["group", "Table 3"]
    assert readings.loc["blinatumomab"].tolist() == ["1 of 4", "0 of 4", "3 of 4 (case 3, case 4, case 5)"]
    assert readings.loc["CAR T-cell therapy", "on an immunotherapy clock"] == "2 of 3 (case 2, case 7)"


def test_the_chapter_and_the_book_wide_audit_give_each_statistic_one_status(data, recomputed):
    chapter = pd.concat([recount.selected(data, s, recomputed) for s in ("c-table-3", "c-text")])
    chapter = chapter.set_index("statistic")["status"]
    book = audit.compare(data, recomputed).set_index("statistic")["status"]
    assert chapter.to_dict() == book[chapter.index].to_dict()
    assert {"reproduced", audit.UNDER_ITS_READING, "consistent", "mismatch", "contradicted", "not checkable"} == set(
        chapter
    )
    # Table 3 and the statistics of the text are every statistic the report publishes, and the prose's tally
    # accounts for each of them
    assert sorted(chapter.index) == sorted(book.index[book.index.str.startswith("C-")])
    for selection in ("c-table-3", "c-text"):
        frame = recount.selected(data, selection, recomputed)
        assert sum(int(n) for n in re.findall(r"\b(\d+) ", recounts.tally(frame))) == len(frame)


def test_a_reproduced_count_a_finding_disputes_is_reproduced_under_the_reports_reading_only(data, recomputed):
    frame = recount.selected(data, "c-table-3", recomputed).set_index("statistic")
    assert frame.at["C-T3-CR-blina", "status"] == audit.UNDER_ITS_READING
    assert "which C-F10 disputes" in frame.at["C-T3-CR-blina", "basis or reason"]
    assert frame.at["C-T3-CR-cart", "status"] == "reproduced"  # not disputed
    grid = recounts.grid(data, recount.selected(data, "c-table-3", recomputed), "t", "t").frame.set_index("item")
    assert grid.at["CR", "blinatumomab"] == "50% (2/4), reproduced under the report's reading (C-F10)"
    # without the finding's dispute, the same recount is plainly reproduced
    findings = data["findings"]
    data.tables["findings"] = findings.assign(disputed_counts=None)
    try:
        assert audit.compare(data, recomputed, ["C-T3-CR-blina"])["status"].tolist() == ["reproduced"]
    finally:
        data.tables["findings"] = findings


def test_table_2_marks_inferred_outcomes_and_gives_no_closing_date_as_their_last_follow_up(data):
    table = cases.summary(data, PATIENTS).set_index("Case")
    assert table.at["case 2", "Outcome"] == "alive at last contact†, HSCT on or after day 499 (on or after day 630)"
    assert table.at["case 2", "Relapse"].endswith("CD19 negative†")
    for case in ("case 1", "case 4", "case 5"):  # 'alive ... at the last follow-up' is stated for these
        assert table.at[case, "Outcome"].startswith("alive at the last follow-up, ")
        assert table.at[case, "Outcome"].endswith("; the study's last follow-up was 2022-10-30")
    assert "†" not in "".join(table.drop(index="case 2").to_numpy().ravel())
    _, inferred = cases.summary_and_notes(data, PATIENTS)
    notes = cases.notes_for(inferred, ["Outcome"])
    assert len(notes) == 1 and notes[0].startswith(
        "† case 2, Outcome: not stated for the child, inferred by elimination: "
    )
    assert "two deaths (cases 3 and 6) and one loss to follow-up (case 7)" in notes[0]
    assert len(inferred) == 2 and cases.notes_for(inferred, ["Relapse"])[0].startswith("† case 2, Relapse, CD19: ")


def test_gap_cells_carry_their_mark(data):
    table, notes = cases.mark_gaps(data, cases.summary(data, PATIENTS), {("case 5", "CRS"): "C-case5-CRS"})
    assert table.set_index("Case").at["case 5", "CRS"] == "none stated; implied elsewhere‡"
    assert notes[0].startswith("‡ case 5, CRS: grade 1 CRS that Table 3")


def test_case_6_diagnosis_limit_comes_from_curated_words(data):
    # the words themselves are checked against the source by the provenance tests
    bound = data["diagnosis_bounds"].set_index("patient_id").loc["C-6"]
    assert bound["diagnosis_words"] == "One week after birth, he was diagnosed"
    assert (bound["days_of_life_at_diagnosis"], bound["most_days_of_life"]) == (7, 365)
    assert followup.diagnosis_limits(data) == {"C-6": 358}


def test_follow_up_with_the_case_6_limit(data):
    frame = followup.per_patient(data, PATIENTS, "C", followup.diagnosis_limits(data))
    bounds = frame.set_index("case")
    assert (bounds.at["case 6", "diagnosis low"], bounds.at["case 6", "diagnosis high"]) == (59.0, 358.0)
    assert math.isinf(bounds.at["case 5", "diagnosis high"])
    stats = data["reported_statistics"].set_index("stat_id").loc["C-followup"]
    verdict = followup.check(frame, stats["value"], stats["range_low"], stats["range_high"])
    assert followup.consistent_words(verdict) == "immunotherapy to the closing date and the diagnosis"
    # every example value lies within its case's bounds
    for _, row in verdict[verdict["consistent"] == "yes"].iterrows():
        name = row["counted from"]
        for item in row["one consistent set of values (days)"].split(", "):
            case, value = item.split(": ")
            value = float(value.replace(",", ""))
            assert bounds.at[case, f"{name} low"] <= value <= bounds.at[case, f"{name} high"]
    assert "3,180" in verdict.set_index("counted from").at["diagnosis", "one consistent set of values (days)"]
    with pytest.raises(ValueError):
        followup.per_patient(data, PATIENTS, "C", {"C-1": 10})


def test_follow_up_days_are_printed_as_whole_days():
    assert [followup.days(v) for v in (3193.0, 903.0, math.inf, math.nan, 7)] == [
        "3,193",
        "903",
        "no upper bound",
        "",
        "7",
    ]
    shown = followup.shown(pd.DataFrame({"case": ["a"], "low": [3193.0], "high": [math.inf]}))
    assert shown.iloc[0].tolist() == ["a", "3,193", "no upper bound"]


def test_figure_1_prose_comes_from_the_treatments(data):
    from emcart.presentation.figures import schedule

    assert schedule.describe_course(data, "C-1/1", totals=True).endswith(
        "2 doses and 2 × 10⁶ cells/kg of each type, 4 × 10⁶ cells/kg in all"
    )
    assert schedule.describe_course(data, "C-1/2", totals=True) == (
        "anti-CD22 CAR-T 1 × 10⁶ cells/kg on day 0 (the text's day 1) and anti-CD19 CAR-T 1 × 10⁶ cells/kg on "
        "day 1 (the text's day 2): 1 dose and 1 × 10⁶ cells/kg of each type, 2 × 10⁶ cells/kg in all"
    )
    assert "10 µg/m²/day on days 1–2 (the text's days 2–3)" in schedule.describe_course(data, "C-5/1")
    # the prose says no total equals the protocol's 2.5 × 10^6/kg
    for course in ("C-1/1", "C-1/2"):
        totals = schedule.course_totals(data, course)
        assert 2.5 not in set(totals["total"]) | {totals["total"].sum()}
    figure = schedule.figure(data, ["C-5/1"], "t", "T")
    assert "on day 0 (the text's day 1)" in figure.alt
    assert "the text's day 1 = day 0" in figure.interactive.layout.annotations[0].text.replace("<br>", " ")


def test_text_mismatches_are_the_ones_the_prose_explains(data, recomputed):
    frame = recount.selected(data, "c-text", recomputed)
    assert set(frame.loc[frame["status"] == "mismatch", "statistic"]) == {"C-CRS1-blina-disc", "C-inf-cart-respiratory"}
    # the report's own words disagree: 499 days against 14 months
    assert set(frame.loc[frame["status"] == "contradicted", "statistic"]) == {"C-case2-relapse-months"}
    relapse = frame.set_index("statistic").loc["C-relapse"]
    # the printed claim stays visible beside both recounts; it agrees as the report reads it
    assert (relapse["published"], relapse["agreement"]) == ("3 of 7", "exact")
    assert relapse["recomputed"].startswith("3 of 7; ") and relapse["recomputed"].endswith(": 2 of 7 (C-F7)")
    assert (
        frame.set_index("statistic").at["C-treatment-deaths", "status"] == audit.UNDER_ITS_READING
    )  # C-F3: read literally, HSCT is a treatment


def test_the_closing_date_reading_is_weighed_against_the_named_regimens_and_registrations(data):
    published = data["reported_statistics"].set_index("stat_id").loc["C-followup"]
    window = followup.window(data, "C")
    start = followup.span_start(window, published["range_high"])
    assert (start.year, start.month) == (
        window.first.year,
        window.first.month,
    )  # the longest span starts in the window's first month
    dating = recounts.remarks(data, "C-followup")
    said = " ".join(dating["evidence and its strength"])
    for name in ("CCCG-ALL-2015", "CCCG-ALL-2020", "ChiCTR-OPN-16008526", "NCT04888468", "case 6"):
        assert name in said
    assert "Moderate evidence" in said and "weak evidence" in said
    assert dating["source words"].str.len().gt(0).all()
    # The remarks are shown beside the statistic in the audit, not as reasons that change its status.
    assert audit.judgment(data, "C-followup", ("remark",)).count("CCCG-ALL-") == 3


def test_chapter_selections_come_from_the_data(data):
    from emcart.model import definitions
    from emcart.presentation import case_marks, labs, prose
    from emcart.presentation.figures import schedule

    one = emcart.load("C", check_sources=False)
    assert schedule.courses_of(one, "anti-CD19/anti-CD22 cocktail") == ["C-1/1", "C-1/2"]
    assert schedule.courses_of(one, "blinatumomab") == ["C-3/1", "C-4/1", "C-5/1", "C-6/1"]
    assert "C-protocol-B" not in schedule.courses_of(one, "anti-CD19")
    assert definitions.limit_of(one, "MRD-negative").words == "< 0.01%"
    assert definitions.footnotes(one, "Table 1")[0].startswith("CNS 1: ")
    assert labs.measurement_ids(one, ["MRD"])[0].startswith("C-") and labs.measurement_ids(one, ["no such"]) == []
    ages = prose.tally(consistency_ages(one), "agrees", "c-age")
    assert ages == {"c-age-yes": 6, "c-age-of": 7, "c-age-no": "case 6"}
    parts = case_marks.summary_parts(one, PATIENTS, "T2", "t2", report_c.TABLE_2_GAPS)
    assert [p.table_id for p in parts] == ["t2", "t2-hsct", "t2-outcome"]
    assert parts[0].frame.set_index("Case").at["case 5", "CRS"].endswith("‡")
    assert any(n.startswith("† case 2, Outcome") for n in parts[2].footnotes)
    assert not any(n.startswith("‡") for n in parts[2].footnotes)


def consistency_ages(dataset):
    from emcart.analysis import consistency

    return consistency.age_check(dataset, "C")


def test_follow_up_prose_names_the_cases_that_fail(data):
    one = emcart.load("C", check_sources=False)
    published = followup.statistic(one)
    bounds = followup.per_patient(one, PATIENTS, "C", followup.diagnosis_limits(one))
    words = followup.prose(
        bounds, followup.check_statistic(bounds, published), followup.window(one, "C"), published, "c"
    )
    assert published.name == "C-followup" and words["c-fu-range"] == "186–3,180"
    assert words["c-fu-too-short"] == "case 3 (at most 145 days) and case 6 (at most 89 days)"
    assert words["c-fu-capped"] == "case 6 (at most 358 days)" and words["c-fu-undefined"] == "case 4, case 5, case 6"


def test_double_entry_counts_for_the_prose(data):
    from emcart.presentation import entries, recounts

    one = emcart.load("C", check_sources=False)
    second = entries.compared(one, "events", "report_c_second", PATIENTS)
    found = entries.counts(second, "c-de")
    assert [found[f"c-de-{k}"] for k in ("values", "differences", "kept", "adopted")] == [539, 64, 64, 5]
    assert sum(v for k, v in found.items() if k.startswith("c-de-table-")) == found["c-de-differences"]
    table3 = recount.selected(one, "c-table-3", recomputations.book_recomputations(one))
    assert recounts.counts(table3, "t") == {
        "t-cells": 24,
        "t-reproduced": 14,
        "t-mismatch": 6,
        "t-contradicted": 1,
        "t-tally": "14 reproduced from the cases, 2 reproduced only under the report's reading, "
        "1 consistent with the report's own numbers or words, 6 not reproduced and 1 contradicted by the report",
    }
