"""Report B: the process timeline on a date axis, the kinetics additions, the event strip, the lesion
table, the case summary and the timing checks; and the curated intervals against the words they
come from."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import emcart
from emcart.analysis import consistency, stats
from emcart.audit import checks
from emcart.model import timeline
from emcart.presentation import audit_marks, case, case_summary, lesions, tables, timeline_marks
from emcart.presentation.figures import kinetics, process, strip, swimmer


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


# --- calendar months and dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, expected", [(1, (28, 31)), (2, (59, 62)), (3, (89, 92)), (6, (181, 184)), (12, (365, 366))]
)
def test_calendar_months_span_the_shortest_and_longest_months(n, expected):
    assert timeline.calendar_months(n) == expected


def test_day_0_dated_to_an_interval_is_not_counted_twice(data):
    # The text dates the lymphodepletion (Sept. 29, 2021), not the infusion: day 0 is 2021-09-30 to 2021-10-03.
    dates = timeline.course_dates(data, "B-1")
    assert dates["B-1/2"] == (pd.Timestamp("2021-09-30"), pd.Timestamp("2021-10-03"))
    assert dates["B-1/3"] == (pd.Timestamp("2021-02-01"), pd.Timestamp("2021-02-28"))  # its own month, not widened
    events = timeline.placed_events(data, "B-1", "B-1/2").set_index("event_id")
    assert timeline.event_dates(dates, events.loc["B-1/2-fever"]) == (
        pd.Timestamp("2021-10-01"),
        pd.Timestamp("2021-10-04"),
    )


def test_a_dated_event_keeps_its_date_on_an_interval_clock(data):
    items = process.process_items(data, "B-1", "B-1/2").set_index("event_id")
    assert (items.at["B-1/2-last", "first"], items.at["B-1/2-last", "last"]) == (pd.Timestamp("2022-03-06"),) * 2
    assert (items.at["B-1/2", "first"], items.at["B-1/2", "last"]) == (
        pd.Timestamp("2021-09-30"),
        pd.Timestamp("2021-10-03"),
    )


# --- the curated intervals are the words' intervals -----------------------------------------------


def _bounds(data, table, row_id):
    frame = data[table].set_index(data.key(table))
    return int(frame.at[row_id, "text_day_min"]), int(frame.at[row_id, "text_day_max"])


@pytest.mark.parametrize(
    "table, row_id, offset, months",
    [
        ("events", "B-1/1-HSCT", 30, 3),  # "Three months later" than Day +30
        ("events", "B-1/3-chimerism", 0, 1),  # "One month after HSCT"
        ("events", "B-1/3-relapse-eye", 0, 2),  # "two months after allo-HSCT"
        ("events", "B-1/3-relapse-abd", 0, 6),  # "At six months after HSCT"
        ("events", "B-1/2-CR-BM", 0, 1),  # "One month after the second infusion"
        ("events", "B-1/2-PET3", 0, 3),  # "three months after the second CAR-T infusion"
        ("measurements", "B-1/2-CART-3m", 0, 3),
        ("measurements", "B-1/3-chimerism", 0, 1),
    ],
)
def test_month_words_become_calendar_month_intervals(data, table, row_id, offset, months):
    low, high = timeline.calendar_months(months)
    assert _bounds(data, table, row_id) == (offset + low, offset + high)


def test_derived_bounds_match_the_placed_dates(data):
    referral = timeline.placed_events(data, "B-1", "B-1/1").set_index("event_id").loc["B-1/1-referral"]
    assert _bounds(data, "events", "B-1/1-dx") == (referral["start"], -1)
    assert _bounds(data, "measurements", "B-1/1-MRD-dx") == (referral["start"], -1)
    admission = timeline.placed_events(data, "B-1", "B-1/2").set_index("event_id").loc["B-1/3-relapse-abd"]
    assert _bounds(data, "events", "B-1/2-PET0-RP") == (admission["start"], -1)
    assert _bounds(data, "measurements", "B-1/2-RP-d1") == (admission["start"], -1)
    six = timeline.calendar_months(6)
    assert _bounds(data, "measurements", "B-1/3-CEA") == (six[0] - timeline.calendar_months(1)[1], six[1])


def test_courses_are_placed_through_the_hsct_anchor_and_the_dates(data):
    offsets = timeline.course_offsets(data, "B-1", "B-1/2")
    assert offsets["B-1/3"] == (-244.0, -214.0)  # February 2021 before 2021-09-30 to 2021-10-03
    assert offsets["B-1/1"] == (-366.0, -333.0)  # and 119-122 days before that


# --- process timeline ------------------------------------------------------------------------------


def test_process_items_put_each_clock_on_its_lane_and_dates_on_the_axis(data):
    items = process.process_items(data, "B-1", "B-1/2", start_event="B-1/1-referral", end_event="B-1/2-last")
    assert list(dict.fromkeys(items["lane"])) == [
        "before course 1",
        "course 1: autologous anti-CD19 CAR-T",
        "course 3: HSCT",
        "course 2: donor anti-CD19 CAR-T",
    ]
    row = items.set_index("event_id")
    assert (row.at["B-1/2-last", "first"], row.at["B-1/2-last", "last"]) == (pd.Timestamp("2022-03-06"),) * 2
    assert (row.at["B-1/3", "first"], row.at["B-1/3", "last"]) == (
        pd.Timestamp("2021-02-01"),
        pd.Timestamp("2021-02-28"),
    )
    assert row.at["B-1/3-relapse-eye", "first"] == pd.Timestamp("2021-04-01")
    # the diagnosis could fall before the referral on interval arithmetic alone; the window clips it
    assert row.at["B-1/1-dx", "first"] == pd.Timestamp("2020-07-21") and row.at["B-1/1-dx", "clipped"]
    # 'after' events are open and drawn to the end of their lane
    assert row.at["B-1/1-toci", "open"] and row.at["B-1/1-toci", "last"] == row.at["B-1/1-HSCT", "last"]


def test_stacking_keeps_overlapping_items_apart(data):
    items = process.stack(process.process_items(data, "B-1", "B-1/2"))
    for lane, own in items.groupby("lane"):
        for row, group in own.groupby("sub_row"):
            spans = sorted(zip(group["first"], group["last"]))
            assert all(a[1] < b[0] for a, b in zip(spans, spans[1:])), (lane, row)


def test_process_figure_draws_every_event_with_its_sources(data):
    fig = process.process_figure(
        data, "B-1", "B-1/2", "t-p", "Test", start_event="B-1/1-referral", end_event="B-1/2-last"
    )
    relapse = next(t for t in fig.interactive.data if t.name == "relapse")
    assert len(relapse.x) == 3 and "left eye" in relapse.text
    hover = " ".join(relapse.hovertext).replace("<br>", " ")
    assert "two months after allo-HSCT" in hover and "two calendar months span 59-62 days" in hover
    assert fig.interactive.layout.xaxis.type == "date"
    assert "relapse (left eye) 2021-04-01 to 2021-05-01" in fig.alt
    assert fig.png().startswith(b"\x89PNG")


def test_process_alt_text_explains_the_hsct_drawn_on_two_lanes(data):
    """The HSCT is drawn on the first course's lane (days 119-122 after an uncertain day 0) and as day 0
    of its own lane (February 2021); the alt text gives both and says why they differ."""
    fig = process.process_figure(
        data, "B-1", "B-1/2", "t-p", "Test", start_event="B-1/1-referral", end_event="B-1/2-last"
    )
    assert (
        "HSCT 2021-01-29 to 2021-03-03 (days +119 to +122 of its course, drawn with every possible day 0 of "
        "this lane; it is day 0 of course 3 (HSCT), drawn on that lane at 2021-02-01 to 2021-02-28)"
    ) in fig.alt
    assert "course 3: HSCT: day 0 of the course 2021-02-01 to 2021-02-28" in fig.alt


def test_existing_swimmer_is_unchanged_by_the_process_markers():
    assert "last contact" not in swimmer.MARKERS and "last contact" in process.PROCESS_MARKERS


# --- kinetics additions ------------------------------------------------------------------------------


def test_kinetics_draws_interval_days_events_and_no_lines_when_asked(data):
    fig = kinetics.figure(
        data,
        ["B-1/1-CART-peak", "B-1/2-CART-peak", "B-1/2-CART-3m"],
        "t-k",
        "Test",
        log=False,
        events=["B-1/1-undetectable"],
        connect=False,
    )
    traces = {t.name: t for t in fig.interactive.data}
    first = traces["compartment not stated, course 1"]
    assert first.mode == "markers" and list(first.x) == [19.5] and list(first.error_x.arrayminus) == [19.5]
    second = traces["PB, course 2"]
    assert list(second.y) == [78.1, 6.7] and list(second.error_x.array) == [0.0, 1.5]
    assert "Day +14" in second.hovertext[0].replace("<br>", " ") and "78.1%" in second.hovertext[0]
    mark = traces["CAR-T undetectable (no value stated)"]
    assert list(mark.x) == [40.0] and list(mark.y) == [0.0] and "Day +40" in mark.hovertext[0].replace("<br>", " ")
    assert "day 0 to 39 (not stated more precisely): peak 37.1 %" in fig.alt


def test_kinetics_defaults_still_connect_points(data):
    fig = kinetics.figure(data, ["B-1/2-CART-peak", "B-1/2-CART-3m"], "t-k", "Test")
    assert fig.interactive.data[0].mode == "lines+markers"


# --- event strip ---------------------------------------------------------------------------------------


def test_strip_derives_the_febrile_days_and_keeps_bounded_days_bounded(data):
    frame = strip.items(data, "B-1/2", ["B-1/2-fever", "B-1/2-toci", "B-1/2-afebrile"], ["B-1/2-Tmax"])
    fever = strip.between(frame, "B-1/2-fever", "B-1/2-afebrile", "fever")
    assert (fever["first"], fever["last"]) == (1.0, 11.0)
    tmax = frame.set_index("id").loc["B-1/2-Tmax"]
    assert (tmax["first"], tmax["last"], tmax["text"]) == (1.0, 11.0, "body temperature maximum 39 °C")
    with pytest.raises(ValueError):
        strip.between(frame, "B-1/2-afebrile", "B-1/2-fever", "x")
    with pytest.raises(ValueError):
        strip.items(data, "B-1/2", ["B-1/1-CRS"])


def test_strip_figure(data):
    fig = strip.figure(
        data,
        "B-1/2",
        "t-s",
        "Test",
        ["B-1/2-fever", "B-1/2-toci", "B-1/2-afebrile"],
        ["B-1/2-Tmax"],
        spans=[("B-1/2-fever", "B-1/2-afebrile", "fever")],
        days=(0, 14),
    )
    bars = [t for t in fig.interactive.data if t.type == "bar"]
    assert [(b.name, b.base[0], b.x[0]) for b in bars] == [
        ("fever (derived)", 0.5, 11.0),
        ("body temperature", 0.5, 11.0),
    ]
    toci = next(t for t in fig.interactive.data if t.type == "scatter" and t.name == "tocilizumab")
    assert list(toci.x) == [8.0] and "480 mg" in toci.text[0]
    assert "fever: day 1 to day 11, derived" in fig.alt
    axis, rows = fig.interactive.layout.yaxis, fig.interactive.layout.meta["row_labels"]
    assert list(axis.ticktext)[0] == "fever (derived)" and list(axis.tickvals) == [4, 3, 2, 1, 0]
    # on a narrow screen each name is written above its row's bar and ends below the next row's bar
    for y, at, room in zip(axis.tickvals, rows["at"], rows["room"]):
        assert y + strip.BAR_WIDTH / 2 < at and at + room < y + 1 - strip.BAR_WIDTH / 2


# --- lesions ---------------------------------------------------------------------------------------------


def test_ellipsoid_volume():
    assert lesions.ellipsoid_volume(2, 2, 2) == pytest.approx(4 / 3 * math.pi)


def test_lesion_table_joins_sizes_to_imaging_by_site_and_time(data):
    frame = lesions.frame(data, "B-1", "B-1/2").set_index(["site", "time point"])
    rp = frame.loc[("right retroperitoneal cavities", "days -63 to -1")]
    assert rp["dimensions"] == "3.5 × 4.7 × 12.6 cm" and rp["volume (cm³, derived)"] == 108.5
    assert frame.loc[("left pelvic wall", "days -63 to -1"), "volume (cm³, derived)"] == 49.5
    later = frame.loc[("left pelvic wall", "days +28 to +31")]
    assert later["dimensions"] == "" and math.isnan(later["volume (cm³, derived)"])
    assert "regression" in later["finding"]
    assert len(frame) == 6


# --- case summary ----------------------------------------------------------------------------------------


def test_case_summary_phases_in_order_with_their_items(data):
    table = case.summary(data, "B-1", "B-1/2").set_index("phase")
    assert list(table.index) == [
        "before course 1",
        "course 1: autologous anti-CD19 CAR-T",
        "course 3: HSCT",
        "relapse: left eye",
        "relapse: gastroscopy biopsies; right retroperitoneal cavities; left pelvic wall",
        "course 2: donor anti-CD19 CAR-T",
        "end of follow-up",
    ]
    assert (
        table.at["course 1: autologous anti-CD19 CAR-T", "date / day"]
        == "day 0: not dated; 2020-10-02 to 2020-11-01 (derived)"
    )
    assert "anti-CD19 CAR-T 2.99 10^6 cells/kg day 0" in table.at["course 1: autologous anti-CD19 CAR-T", "dose"]
    assert "CRS onset grade 2, day +7" in table.at["course 1: autologous anti-CD19 CAR-T", "toxicity"]
    assert "HSCT, 2021-02, days +119 to +122 of course 1" in table.at["course 3: HSCT", "intervention"]
    assert "MNC dose 12.25 ×10^8/kg" in table.at["course 3: HSCT", "dose"]
    assert "surgery [left eye], after day +59" in table.at["relapse: left eye", "intervention"]
    assert (
        "GVHD [skin], days -63 to -1 of course 2"
        in table.at["relapse: gastroscopy biopsies; right retroperitoneal cavities; left pelvic wall", "toxicity"]
    )
    assert table.at["course 2: donor anti-CD19 CAR-T", "date / day"] == "day 0: 2021-09-30 to 2021-10-03"
    assert table.at["end of follow-up", "date / day"] == "2022-03-06"


# --- checks ------------------------------------------------------------------------------------------------


def test_days_between_dated_events(data):
    assert consistency.days_between(data, "B-1", "B-1/2", "B-1/1-referral", "B-1/2") == (436.0, 439.0)
    assert consistency.days_between(data, "B-1", "B-1/2", "B-1/2", "B-1/2-last") == (154.0, 157.0)
    assert consistency.days_between(data, "B-1", "B-1/2", "B-1/3-relapse-abd", "B-1/2") == (30.0, 63.0)


def test_day0_readings_of_three_months_later(data):
    readings = consistency.day0_readings(data, "B-1/1-HSCT", {"a": (119, 122), "b": (89, 92)}, since="B-1/1-referral")
    assert readings[["day 0 from", "day 0 to"]].values.tolist() == [
        ["2020-10-02", "2020-11-01"],
        ["2020-11-01", "2020-12-01"],
    ]
    assert readings["days from the referral"].tolist() == ["73 to 103", "103 to 133"]


def test_stated_dates_agree_with_the_clock(data):
    checked = consistency.stated_vs_placed(data, "B-1", "B-1/2", ["B-1/3-relapse-eye"])
    assert checked.iloc[0].to_dict() == {
        "event": "the patient: relapse [left eye], course 3",
        "stated date": "2021-04",
        "from its day": "2021-04-01 to 2021-05-01",
        "agrees": "yes",
    }


def test_published_gvhd_statements_against_the_events(data):
    after = consistency.count_check(data, "B-GVHD-after-HSCT", "B-1", "B-1/2", "GVHD", after="B-1/3")
    assert (after["published"], after["recomputed"], after["events"], after["agrees"]) == (
        0.0,
        1.0,
        "the patient: GVHD [skin], before course 2",
        "no",
    )
    acute = consistency.count_check(data, "B-aGVHD", "B-1", "B-1/2", "GVHD", exclude="chronic")
    assert (acute["recomputed"], acute["agrees"]) == (0.0, "yes")


def test_cited_proportions_recompute(data):
    stats_b = data["reported_statistics"].set_index("stat_id")
    for sid in ("B-cited-CR-CNS", "B-cited-CR-nonCNS"):
        s = stats_b.loc[sid]
        assert stats.agrees(float(s["value"]), stats.Proportion(int(s["numerator"]), int(s["denominator"])).percent)


def test_bounded_times_lists_every_interval_with_its_reasoning(data):
    table = tables.bounded_times(data, "B", "t-b").frame
    events = data["events"]
    bounded = events[events["patient_id"].eq("B-1") & events["day_qualifier"].isin(["interval", "after"])]
    assert set(bounded["event_id"]) <= set(table.index)
    assert table.at["B-1/1-HSCT", "days"] == "119 to 122" and "Three months later" in table.at["B-1/1-HSCT", "words"]
    assert "89-92 days" in table.at["B-1/1-HSCT", "reasoning"]
    assert table.at["B-1/3-enucleation", "days"] == "after 59"
    assert table["reasoning"].notna().all()


def test_peak_ratio_and_statistics_check(data):
    assert consistency.ratio(data, "reported_statistics", "B-peak-CART2", "B-peak-CART1") == pytest.approx(78.1 / 37.1)
    checked = checks.statistics_check(data, "B").set_index("statistic")
    assert checked.loc["B-cited-CR-CNS", ["recomputed", "status", "agreement"]].tolist() == [
        "87.5%",
        "consistent",
        "exact",
    ]
    assert checked.loc["B-cited-CR-nonCNS", ["status", "agreement"]].tolist() == ["consistent", "after rounding"]
    # the only curated value of each peak is transcribed from the sentence that prints it: a check that cannot fail
    peak = checked.loc["B-peak-CART2"]
    assert peak["basis or reason"] == (
        "the curated measurement (the patient: CAR-T cells (PB), course 2) is transcribed from the sentence that "
        "states this peak"
    )
    assert peak["status"] == "not checkable" and peak["agreement"] == ""


def test_days_between_intersects_the_bounds_of_every_clock(data):
    # Day +30 to the HSCT: 89-92 days on the first course's clock, wider when both are placed on the second's
    assert consistency.days_between(data, "B-1", "B-1/2", "B-1/1-CR", "B-1/3") == (89.0, 92.0)
    assert consistency.days_between(data, "B-1", "B-1/2", "B-1/3", "B-1/2-last") == (371.0, 398.0)


# --- selections from the data, for the chapter and its workings --------------------------------------------


def test_selection_names_rows_by_what_they_hold_and_fails_on_none(data):
    from emcart.model import selection

    b = data.scope(["B"])
    assert selection.ids(b, "measurements", analyte="CAR-T cells") == [
        "B-1/1-CART-peak",
        "B-1/2-CART-peak",
        "B-1/2-CART-3m",
    ]
    crs = ["fever onset", "temperature normalised"]
    assert selection.ids(b, "events", course_id="B-1/2", event_type=crs) == ["B-1/2-fever", "B-1/2-afebrile"]
    assert selection.one(b, "events", event_type="last contact") == "B-1/2-last"
    with pytest.raises(ValueError, match="events.csv: no row"):
        selection.ids(b, "events", event_type="no such event")
    with pytest.raises(ValueError, match="5 rows"):
        selection.one(b, "events", event_type="CR")


def test_landmarks_are_consecutive_course_days_dated_events_and_relapses(data):
    pairs = consistency.landmark_pairs(data, "B-1", "B-1/2")
    assert pairs == [
        ("B-1/1-referral", "B-1/1"),
        ("B-1/1", "B-1/3"),
        ("B-1/3", "B-1/3-relapse-eye"),
        ("B-1/3-relapse-eye", "B-1/3-relapse-abd"),
        ("B-1/3-relapse-abd", "B-1/2"),
        ("B-1/2", "B-1/2-last"),
    ]
    assert consistency.intervals(data, "B-1", "B-1/2", pairs)["days"].tolist()[-2:] == ["30 to 63", "154 to 157"]


def test_stated_and_placed_events_leave_out_the_anchor_of_a_clock(data):
    # the HSCT has a month and days on course 1's clock, but it places that clock: the check could not fail
    assert consistency.stated_and_placed(data, "B-1") == ["B-1/3-relapse-eye", "B-1/3-eye-BM"]


def test_measure_ratio_is_the_later_statistic_over_the_earlier(data):
    assert consistency.measure_ratio(data, "B", "peak") == pytest.approx(78.1 / 37.1)
    with pytest.raises(ValueError, match="0 published statistics"):
        consistency.measure_ratio(data, "B", "median")


def test_case_summary_shows_no_empty_kind_of_a_phase(data):
    wide = case.summary(data, "B-1", "B-1/2")
    long = case.long_form(wide)
    assert (long["items"] != "").all() and list(long.columns) == ["phase", "kind", "items"]
    assert list(dict.fromkeys(long["phase"])) == list(wide["phase"])
    first = long.loc[1]  # the first course: its day 0, then every kind the text gives
    assert first["kind"].tolist() == ["date / day", "intervention", "dose", "response", "toxicity"]
    end = long.loc[6]
    assert end["kind"].tolist() == ["date / day", "response"]  # no intervention, dose or toxicity row left blank


def test_curated_columns_listed_by_field_read_as_their_schema_titles(data):
    shown = tables.curated(data, "courses", data["courses"].head(1), ["course_id", "day0_date", "therapy"], "t", "t")
    assert list(shown.frame.columns) == ["course", "date of day 0", "therapy"]


def test_the_chapter_says_what_each_check_of_the_workings_found(data):
    from emcart.reports import report_b

    b = data.scope(["B"])
    brief = report_b.in_brief(b)
    assert brief["b_followup"] == "154–157 days" and brief["b_relapse_to_infusion"] == "30–63 days"
    assert (brief["b_gvhd_published"], brief["b_gvhd_recount"]) == ("0", "1")
    assert brief["b_statuses"] == "3 not checkable, 2 consistent, 1 mismatch, 1 reproduced"
    assert (brief["b_day0_first"], brief["b_day0_last"]) == ("2020-10-02", "2020-12-01")
    assert brief["b_stated"] == "2 of 2" and brief["b_peak_ratio"] == "2.11"
    assert brief["b_bounded"] == str(len(tables.bounded_times(b, "B", "t").frame))
    readings, marks = timeline_marks.day0_readings(b)
    assert readings["days to the anchor"].tolist() == ["119 to 122", "89 to 92"] and marks.shape == readings.shape


def test_the_case_summary_and_the_recounts_have_a_mark_per_cell(data):
    b = data.scope(["B"])
    summary = case_summary.summary_table(b, "B-1", "B-1/2", "t", "t")
    assert summary.marks.shape == summary.frame.shape and summary.marks.iloc[:, 1:].notna().all().all()
    recounts = checks.count_checks(b, "B")
    marks = audit_marks.count_check_marks(b, "B", recounts)
    assert marks.shape == recounts.shape and "differs from the recount 1" in marks.iloc[0, -1].text


def test_gvhd_recount_names_the_courses_as_the_text_orders_them(data):
    """The rash came after the HSCT (course 3) and before the donor-derived CAR-T (course 2): every place the
    book words the recount says so, through one helper."""
    marks = audit_marks.count_check_marks(data, "B", checks.count_checks(data, "B"))
    recount = marks.iat[0, 2].text
    assert "after day 0 of the HSCT (course 3)" in recount and "GVHD [skin], before course 2" in recount
    basis = next(r.basis for r in checks.recomputed(data, "B") if r.stat_id == "B-GVHD-after-HSCT")
    assert "after the HSCT (course 3)" in basis and "GVHD [skin], before course 2" in basis
