"""Report C as transcribed: clocks, the reconstructed Table 2, the Table 3 audit, the follow-up check,
and the Figure 2 swimmer, on the full curated data."""
from __future__ import annotations

import math

import pandas as pd
import pytest

import emcart
from emcart import audit, cases, followup, recount, report_c, swimmer, timeline

PATIENTS = report_c.PATIENTS


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


def test_every_case_has_an_end_of_follow_up(data):
    ends = {p: followup.end_of_follow_up(data, p)["event_type"] for p in PATIENTS}
    assert ends == {"C-1": "last contact", "C-2": "last contact", "C-3": "death", "C-4": "last contact",
                    "C-5": "last contact", "C-6": "death", "C-7": "lost to follow-up"}


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
    assert table.at["case 7", "Relapse"] == "day 177, cervical lymph nodes, CD19 reduced"
    assert table.at["case 6", "Relapse"] == "days 28–58, head (skin mass), CD19 negative"
    assert table.at["case 5", "CRS"] == cases.NONE
    assert table.at["case 1", "GVHD"] == "grade 1 (skin), HSCT day 24 (day 197)"
    assert "starting HSCT on or after day 42 (on or after day 215)" in table.at["case 1", "Immunotherapy"]
    assert table.at["case 3", "Response"] == "MRD-negative, day ≈14"


def test_table_3_audit_mismatches_are_exactly_the_explained_ones(data):
    frame = recount.compare(data, report_c.table3_ids(), report_c.recompute(data), report_c.REASONS,
                          report_c.REMARKS, report_c.table3_labels())
    mismatched = set(frame.loc[frame["status"] == "mismatch", "stat_id"])
    assert mismatched == {"C-T3-CRS-blina", "C-T3-CRS-all", "C-T3-CRS1-blina", "C-T3-CRS1-all",
                          "C-T3-infection-blina", "C-T3-infection-cart", "C-T3-infection-all"}
    crs = frame.set_index("stat_id").loc["C-T3-CRS-blina"]
    assert (crs["published"], crs["recomputed"], crs["counted"]) == ("2 (50%)", "1 (25.0%)", "case 6")


def test_text_statistics_audit(data):
    frame = recount.compare(data, report_c.text_ids(), report_c.recompute(data), report_c.REASONS, report_c.REMARKS)
    status = frame.set_index("stat_id")["status"]
    assert status["C-MRDneg-cart"] == status["C-relapse"] == status["C-relapse-CD19neg"] == "match"
    assert status["C-CR-all"] == "match within rounding"
    assert status["C-case2-relapse-months"] == status["C-treatment-deaths"] == "mismatch"
    assert status["C-followup"] == "not recomputable"


def test_follow_up_finding(data):
    frame = followup.per_patient(data, PATIENTS, "C")
    stats = data["reported_statistics"].set_index("stat_id").loc["C-followup"]
    result = followup.check(frame, stats["value"], stats["range_low"], stats["range_high"]).set_index("counted from")
    assert result["consistent"].to_dict() == {"immunotherapy": "no", "closing date": "yes", "diagnosis": "yes",
                                              "relapse": "no"}
    assert result.at["immunotherapy", "below the minimum or above the maximum"] == "case 3, case 6"
    assert result.at["relapse", "undefined for"] == "case 4, case 5, case 6"
    bounds = frame.set_index("case")
    assert (bounds.at["case 1", "immunotherapy low"], bounds.at["case 1", "immunotherapy high"]) == (903.0, 3193.0)
    assert bounds.at["case 2", "diagnosis low"] == 630 + followup.min_days(4.8, "years")


def test_figure_2_swimmer(data):
    horizon = followup.window(data, "C").longest
    fig = swimmer.figure(data, PATIENTS, "t-fig2", "Test", horizon=horizon, relapse_antigen="cd19_status",
                         treatments=True)
    traces = {t.name: t for t in fig.interactive.data if t.name}
    assert sorted(traces["relapse, CD19 negative"].y) == ["case 2", "case 6"]
    assert list(traces["relapse, CD19 reduced"].x) == [177.0]
    assert "relapse" not in traces
    # loss to follow-up known only to come after day 177: marked at 177, span open to the horizon
    lost = traces["lost to follow-up"]
    assert list(lost.x) == [177.0] and lost.error_x.array[0] == horizon - 177
    arrows = traces["alive at last contact (follow-up continues)"]
    assert sorted(arrows.y) == ["case 1", "case 2", "case 4", "case 5"]
    assert set(traces["blinatumomab (course start)"].y) == {"case 3", "case 4", "case 5", "case 6"}
    cocktail = traces["anti-CD19/anti-CD22 CAR-T cocktail (course start)"]
    assert list(cocktail.x) == [0.0, 215.0]  # the donor course of case 1, open to the right
    assert swimmer.LATER_COURSE not in traces
    assert "case 6: follow-up 59–89 days" in fig.alt


def test_swimmer_axis_can_show_the_first_days_only(data):
    fig = swimmer.figure(data, ["C-7"], "t", "T", horizon=400, x_max=60, height=500)
    assert list(fig.interactive.layout.xaxis.range) == [0, 60] and fig.interactive.layout.height == 500
    assert fig.static.axes[0].get_xlim() == (0, 60)
    assert fig.alt.endswith("The axis shows the first 60 days.")


def test_loosely_stated_days_keep_their_reading(data):
    loose = cases.loose_days(data, PATIENTS)
    hsct3 = loose[(loose["case"] == "case 3") & (loose["event"] == "HSCT")].iloc[0]
    assert (hsct3["stored (text's numbering)"], hsct3["on the course clock"]) == ("days 42–56", "days 41–55")
    assert "'41 days later' does not say from what" in hsct3["how the text's words were read"]
    assert set(loose["clock"]) == {"CAR-T", "blinatumomab", "HSCT"}
    assert not (loose["how the text's words were read"] == "").any()


def test_infection_readings_beside_table_3(data):
    readings = report_c.infection_readings(data).set_index("group")
    assert readings.loc["blinatumomab"].tolist() == ["1 of 4", "0 of 4", "3 of 4 (case 3, case 4, case 5)"]
    assert readings.loc["CAR T-cell therapy", "on an immunotherapy clock"] == "2 of 3 (case 2, case 7)"


def test_the_chapter_and_the_book_wide_audit_give_each_statistic_one_status(data):
    recomputed = report_c.recompute(data)
    chapter = pd.concat([recount.compare(data, ids, recomputed, report_c.REASONS, report_c.REMARKS)
                         for ids in (report_c.table3_ids(), report_c.text_ids())]).set_index("stat_id")["status"]
    book = audit.compare(data["reported_statistics"], audit.book_recomputations(data)).set_index("statistic")["status"]
    assert chapter.to_dict() == book[chapter.index].to_dict()
    assert {"match", "match within rounding", "mismatch", "not recomputable"} == set(chapter)
