"""Unit tests of the interval forensics (stats), the outcome tables (forensics) and the denominator checks
(statistic_checks) against known values."""

from __future__ import annotations

import math

import pytest

import emcart
from emcart.analysis import forensics, statistic_checks, stats


@pytest.fixture(scope="module")
def data():
    return emcart.load(check_sources=False)


@pytest.mark.parametrize(
    "k, n, low, high, expected",
    [
        (5, 7, 29.04, 96.33, ["Clopper–Pearson"]),  # exact interval at two decimals
        (5, 7, 29.0, 96.3, ["Clopper–Pearson"]),  # the same at one decimal
        (5, 7, 35.89, 91.78, ["Wilson"]),
        (34, 43, 67, 91, ["Wald"]),  # Wald 66.91–91.23
        (34, 43, 65, 89, ["Wilson"]),  # Wilson 64.79–88.58
        (34, 43, 64, 90, ["Clopper–Pearson"]),  # Clopper–Pearson 63.96–89.96
        (34, 43, 66, 92, []),  # report D's complete-remission interval
        (38, 43, 78, 98, []),
        (9, 43, 8, 34, []),
    ],
)
def test_ci_method_matches_known_values(k, n, low, high, expected):
    assert stats.ci_method_matches(k, n, low, high) == expected


def test_ci_method_matches_honours_the_order_of_methods():
    assert stats.ci_method_matches(0, 4, 0, 60.24, methods=("Wald", "Clopper–Pearson")) == ["Clopper–Pearson"]
    assert stats.ci_method_matches(34, 43, 66.9, 91.2, methods=("Wilson", "Wald")) == ["Wald"]


@pytest.mark.parametrize("k, n, low, high", [(34, 43, 66, 92), (38, 43, 78, 98), (9, 43, 8, 34)])
def test_report_d_intervals_are_wald_rounded_outward_and_t_on_binary_data(k, n, low, high):
    assert stats.ci_method_matches(k, n, low, high, rounding="outward") == ["Wald"]
    assert stats.ci_method_matches(k, n, low, high, methods=(stats.T_ON_BINARY,)) == [stats.T_ON_BINARY]


def test_outward_rounding_floors_the_lower_and_ceils_the_upper_limit():
    assert stats.interval_agrees(66, 92, (66.91, 91.23), rounding="outward")
    assert not stats.interval_agrees(67, 91, (66.91, 91.23), rounding="outward")
    assert stats.interval_agrees(66.9, 91.3, (66.91, 91.23), rounding="outward")
    assert stats.interval_agrees(66, 92, (66.0, 92.0), rounding="outward")  # exact limits stay put
    with pytest.raises(ValueError):
        stats.interval_agrees(66, 92, (66.91, 91.23), rounding="upward")


def test_t_interval_on_binary_data():
    low, high = stats.t_interval(34, 43)
    assert (round(low, 2), round(high, 2)) == (66.40, 91.74)
    # mean ± t·s/√n of the 0/1 values themselves
    values = [1] * 34 + [0] * 9
    mean = sum(values) / 43
    s = math.sqrt(sum((v - mean) ** 2 for v in values) / 42)
    assert math.isclose(high - 100 * mean, 100 * 2.018081697095881 * s / math.sqrt(43), rel_tol=1e-6)
    assert stats.interval(34, 43, stats.T_ON_BINARY) == (low, high)
    assert stats.interval(34, 43, "Wald") == stats.Proportion(34, 43).ci("Wald")


@pytest.mark.parametrize(
    "percent, n, expected",
    [
        (79, 43, [34]),
        (88, 43, [38]),
        (21, 43, [9]),
        (71.4, 7, [5]),
        (43, 43, []),
        (41, 43, []),
        (59, 43, []),
        (41, 34, [14]),
        (59, 34, [20]),
        (0, 43, [0]),
    ],
)
def test_counts_for_percent(percent, n, expected):
    assert stats.counts_for_percent(percent, n) == expected


def test_symmetric_multiplier_range():
    z_min, z_max = stats.symmetric_multiplier_range(34, 43, 66, 92)
    assert (round(z_min, 3), round(z_max, 3)) == (2.026, 2.165)
    assert (
        stats.symmetric_multiplier_range(34, 43, 67, 91)[0] < 1.96 < stats.symmetric_multiplier_range(34, 43, 67, 91)[1]
    )
    assert stats.symmetric_multiplier_range(34, 43, 60, 92) is None  # not symmetric about 79.07
    assert stats.symmetric_multiplier_range(0, 43, 0, 8) is None  # no spread at p = 0
    assert round(stats.multiplier_level(1.959963984540054), 6) == 95.0


def test_outcome_table_recomputes_proportions_and_describes_estimates(data):
    table = forensics.outcome_table(data, ["D-CR", "D-CRS-grade3plus", "D-EFS-OS-1y-CR"], cohort="D-subjects")
    cr, crs3, efs = (table.iloc[i] for i in range(3))
    assert (cr["k/N"], cr["Published"], cr["Recomputed %"]) == ("34/43", "79% (66–92)", "79.07")
    assert (cr["Wald"], cr["Wilson"], cr["Clopper–Pearson"]) == ("66.91–91.23", "64.79–88.58", "63.96–89.96")
    assert cr["Reproduces the published interval"] == "none of the three"
    assert (crs3["k/N"], crs3["Published"], crs3["Recomputed %"]) == ("7/43*", "7 (no percentage)", "16.28")
    assert crs3["Reproduces the published interval"] == "no interval published"
    assert (efs["k/N"], efs["Published"], efs["Recomputed %"], efs["Wald"]) == (
        "N = 43 (printed)",
        "59% (37–81)",
        "",
        "",
    )
    assert efs["Reproduces the published interval"] == forensics.NOT_RECOMPUTABLE


def test_outcome_table_names_a_matching_method():
    data = emcart.load(check_sources=False)  # a copy of its own, altered below
    stats_frame = data.tables["reported_statistics"]
    row = stats_frame.index[stats_frame["stat_id"] == "D-CR"][0]
    stats_frame.loc[row, ["ci_low", "ci_high"]] = [67.0, 91.0]
    table = forensics.outcome_table(data, ["D-CR"], cohort="D-subjects")
    assert table.iloc[0]["Reproduces the published interval"] == "Wald"


def test_outcome_table_refuses_a_median(data):
    with pytest.raises(ValueError, match="D-followup: a median"):
        forensics.outcome_table(data, ["D-followup"], cohort="D-subjects")


def test_interval_forensics_and_common_multiplier(data):
    table = forensics.interval_forensics(data, ["D-CR", "D-CRS", "D-ICANS"])
    assert table["Below / above the estimate"].tolist() == ["13 / 13", "10 / 10", "13 / 13"]
    assert table["Standard methods (nearest rounding)"].tolist() == ["none"] * 3
    assert table["Wald, limits rounded outward"].tolist() == ["yes"] * 3
    assert table[stats.T_ON_BINARY].tolist()[0] == "66.40–91.74 (yes)"
    common = forensics.common_multiplier_range(data, ["D-CR", "D-CRS", "D-ICANS"])
    assert (round(common["z_min"], 3), round(common["z_max"], 3)) == (2.026, 2.072)
    assert common["z_min"] > 1.96 and 95 < common["level_min"] < common["level_max"] < 97


def test_binomial_readings_of_time_to_event_estimates(data):
    table = forensics.binomial_readings(data, ["D-EFS-OS-1y", "D-CIR-1y-CR"], [43, 34])
    assert table["k"].tolist() == ["none", "none", "none", "14"]
    cir_34 = table.iloc[3]
    assert (
        cir_34["Clopper–Pearson"] == "24.65–59.30" and cir_34["Prints as the published interval"] == "none of the three"
    )
    assert table.iloc[0]["Prints as the published interval"] == "no k/43 prints as 43%"


def test_denominator_check_flags_the_complete_remission_subgroup(data):
    table = statistic_checks.denominator_check(
        data,
        ["D-CR", "D-CIR-1y-CR", "D-EFS-OS-1y-CR"],
        cohort="D-subjects",
        subgroups={"subjects with a complete remission": "D-CR"},
    )
    assert table["N consistent"].tolist() == ["yes", "no", "no"]
    assert table["k with k/N = published %"].tolist() == ["34", "none", "none"]
    assert table["k with k/size = published %"].tolist() == ["34", "14", "20"]
    assert table.iloc[1]["Size of the group in the text"] == "34: complete remission (34/43)"


def test_complement_and_shared_intervals(data):
    check = statistic_checks.complement_check(data, "D-EFS-OS-1y-CR", "D-CIR-1y-CR")
    assert check["sum"] == 100 and check["exactly 100"] and check["at most 100"]
    shared = statistic_checks.shared_intervals(data, "D")
    assert shared["Interval"].tolist() == ["25–62"]
    assert "EFS and survival (all subjects): 43%" in shared.iloc[0]["Statistics"]
    assert statistic_checks.shared_intervals(data, "C").empty


def test_forest_frame_from_the_data(data):
    frame = forensics.forest_frame(data, [("D-EFS-OS-1y", "all", "this report"), ("D-OS-1y-DLI", "DLI", "cited")])
    assert frame[["estimate", "low", "high"]].iloc[0].tolist() == [43.0, 25.0, 62.0]
    assert frame.iloc[1]["estimate"] == 20.74 and math.isnan(frame.iloc[1]["low"])
    assert frame.iloc[0]["source"].startswith("post, paragraph 2: “1-year EFS and survival was 43% (25, 62%).”")
    assert "Cited study: Vaezi M" in frame.iloc[1]["source"]


def test_outcome_table_names_the_group_of_a_subgroup(data):
    table = forensics.outcome_table(data, ["D-CR", "D-CIR-1y-CR"], cohort="D-subjects")
    assert table["Outcome"].tolist() == [
        "complete remission",
        "cumulative incidence of relapse (CIR) (subjects with a complete remission)",
    ]
    assert "Group" not in table.columns


def test_degenerate_wald_intervals_are_flagged():
    assert stats.wald_degeneracy(0, 43) == "zero width" and stats.wald_degeneracy(43, 43) == "zero width"
    assert stats.wald_degeneracy(2, 43) == "clipped at 0%" and stats.wald_degeneracy(41, 43) == "clipped at 100%"
    assert stats.wald_degeneracy(9, 43) == ""


def test_outcome_table_flags_degenerate_wald_intervals(data):
    table = forensics.outcome_table(data, ["D-ICANS-above-grade2", "D-deaths-MOF-CRS", "D-ICANS"], cohort="D-subjects")
    assert table["Wald"].tolist()[:2] == [
        "0.00–0.00 (degenerate, zero width: not informative)",
        "0.00–10.95 (degenerate, clipped at 0%: not informative)",
    ]
    assert "degenerate" not in table["Wald"].iloc[2]
