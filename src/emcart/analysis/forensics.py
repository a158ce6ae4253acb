"""Published outcome statistics set against recomputed proportions and intervals.

Everything here is computed from ``reported_statistics``: a proportion from its published numerator and
denominator, a count against the cohort size, and a time-to-event estimate (Kaplan–Meier, survival or
cumulative incidence at a time point) only described, because its interval needs the individual event
and censoring times that aggregate numbers do not give.
"""

from __future__ import annotations

import math

import pandas as pd

from emcart.analysis.stats import (
    T_ON_BINARY,
    Proportion,
    agrees,
    ci_method_matches,
    counts_for_percent,
    interval,
    multiplier_level,
    symmetric_multiplier_range,
    wald_degeneracy,
)
from emcart.datapackage.provenance import cite
from emcart.datapackage.rules import TIME_TO_EVENT

STANDARD = ("Wald", "Wilson", "Clopper–Pearson")
NOT_RECOMPUTABLE = "not recomputable (time-to-event estimate)"


def _span(low: float, high: float, places: int = 2) -> str:
    return f"{low:.{places}f}–{high:.{places}f}"


def _published(s) -> str:
    text = f"{s['value']:g}%" if s["unit"] == "percent" else f"{s['value']:g}"
    if pd.notna(s["ci_low"]):
        text += f" ({s['ci_low']:g}–{s['ci_high']:g})"
    return text


def _count_and_n(s, n_cohort: int) -> tuple[int | None, int | None, bool]:
    """(k, N, N taken from the cohort) for a proportion or a count; (None, N, False) for an estimate."""
    if s["measure"] == "proportion":
        return int(s["numerator"]), int(s["denominator"]), False
    if s["measure"] == "count":
        return int(s["value"]), n_cohort, True
    if s["measure"] in TIME_TO_EVENT:
        return None, (int(s["denominator"]) if pd.notna(s["denominator"]) else None), False
    raise ValueError(f"{s.name}: a {s['measure']} is not an outcome of this table")


def outcome_table(dataset, stat_ids: list[str], cohort: str) -> pd.DataFrame:
    """Published outcomes against their recomputed percentages and 95% intervals.

    A time-to-event estimate is :data:`NOT_RECOMPUTABLE`: it needs each subject's time of event or censoring.

    Parameters
    ----------
    dataset : Dataset
    stat_ids : list of str
        The outcomes (``reported_statistics``), one row each.
    cohort : str
        The statistic giving the cohort size: the N of a count published without a denominator (marked ``*``).
        An outcome of another group than the cohort's names its group.

    Returns
    -------
    pandas.DataFrame
        ``Outcome``, ``k/N``, ``Published`` (value and interval), ``Recomputed %``, the Wald, Wilson and
        Clopper–Pearson 95% intervals, and ``Reproduces the published interval`` (the methods that print as it).
    """
    stats = dataset["reported_statistics"].set_index("stat_id")
    n_cohort = int(stats.loc[cohort, "value"])
    rows = []
    for stat_id in stat_ids:
        s = stats.loc[stat_id]
        k, n, from_cohort = _count_and_n(s, n_cohort)
        outcome = s["statistic"] if s["group"] == stats.loc[cohort, "group"] else f"{s['statistic']} ({s['group']})"
        row = {"Outcome": outcome}
        if k is None:
            row["k/N"] = f"N = {n} (printed)" if n is not None else ""
            row["Published"] = _published(s)
            row["Recomputed %"] = ""
            row.update({m: "" for m in STANDARD})
            row["Reproduces the published interval"] = NOT_RECOMPUTABLE
        else:
            p = Proportion(k, n)
            row["k/N"] = f"{k}/{n}" + ("*" if from_cohort else "")
            row["Published"] = _published(s) if s["unit"] == "percent" else f"{s['value']:g} (no percentage)"
            row["Recomputed %"] = f"{p.percent:.2f}"
            row.update({m: _span(*p.ci(m)) for m in STANDARD})
            if wald_degeneracy(k, n):
                row["Wald"] += f" (degenerate, {wald_degeneracy(k, n)}: not informative)"
            if pd.isna(s["ci_low"]):
                row["Reproduces the published interval"] = "no interval published"
            else:
                hits = ci_method_matches(k, n, s["ci_low"], s["ci_high"], methods=STANDARD)
                row["Reproduces the published interval"] = ", ".join(hits) if hits else "none of the three"
        rows.append(row)
    return pd.DataFrame(rows)


def percent_check(dataset, stat_ids: list[str]) -> pd.DataFrame:
    """Published percentage against k/N recomputed, compared at the published precision.

    Parameters
    ----------
    dataset : Dataset
    stat_ids : list of str
        Proportions (``reported_statistics`` with numerator and denominator).

    Returns
    -------
    pandas.DataFrame
        ``Outcome``, ``k/N``, ``Published %``, ``Recomputed %`` and ``Agrees at published precision``.
    """
    stats = dataset["reported_statistics"].set_index("stat_id")
    rows = []
    for stat_id in stat_ids:
        s = stats.loc[stat_id]
        recomputed = 100 * int(s["numerator"]) / int(s["denominator"])
        rows.append(
            {
                "Outcome": s["statistic"],
                "k/N": f"{int(s['numerator'])}/{int(s['denominator'])}",
                "Published %": f"{s['value']:g}",
                "Recomputed %": f"{recomputed:.2f}",
                "Agrees at published precision": "yes" if agrees(s["value"], recomputed) else "no",
            }
        )
    return pd.DataFrame(rows)


def interval_forensics(dataset, stat_ids: list[str]) -> pd.DataFrame:
    """For each published interval of a proportion: which candidate methods print as it.

    Parameters
    ----------
    dataset : Dataset
    stat_ids : list of str
        Proportions with a published interval.

    Returns
    -------
    pandas.DataFrame
        ``Outcome``, ``k/N``, ``Published``, ``Below / above the estimate`` (distances), the standard methods at
        nearest rounding, Wald with limits rounded outward, the t interval on 0/1 data, and the range of
        multipliers z for which a symmetric p ± z·SE prints as published.
    """
    stats = dataset["reported_statistics"].set_index("stat_id")
    rows = []
    for stat_id in stat_ids:
        s = stats.loc[stat_id]
        k, n, low, high = int(s["numerator"]), int(s["denominator"]), s["ci_low"], s["ci_high"]
        z = symmetric_multiplier_range(k, n, low, high)
        rows.append(
            {
                "Outcome": s["statistic"],
                "k/N": f"{k}/{n}",
                "Published": _published(s),
                "Below / above the estimate": f"{s['value'] - low:g} / {high - s['value']:g}",
                "Standard methods (nearest rounding)": ", ".join(ci_method_matches(k, n, low, high, STANDARD))
                or "none",
                "Wald, limits rounded outward": _yes(ci_method_matches(k, n, low, high, ("Wald",), rounding="outward")),
                T_ON_BINARY: f"{_span(*interval(k, n, T_ON_BINARY))} ("
                f"{_yes(ci_method_matches(k, n, low, high, (T_ON_BINARY,)))})",
                "Symmetric p ± z·SE prints as published for z in": f"{z[0]:.3f}–{z[1]:.3f}" if z else "no z",
            }
        )
    return pd.DataFrame(rows)


def _yes(hits: list[str]) -> str:
    return "yes" if hits else "no"


def common_multiplier_range(dataset, stat_ids: list[str]) -> dict | None:
    """The multipliers z for which every listed interval is a symmetric p ± z·SE at the published rounding.

    Parameters
    ----------
    dataset : Dataset
    stat_ids : list of str
        Proportions with a published interval.

    Returns
    -------
    dict or None
        ``z_min``, ``z_max`` and their two-sided confidence levels ``level_min``, ``level_max``; None when no single
        z fits them all.
    """
    stats = dataset["reported_statistics"].set_index("stat_id")
    ranges = [
        symmetric_multiplier_range(int(s["numerator"]), int(s["denominator"]), s["ci_low"], s["ci_high"])
        for s in (stats.loc[i] for i in stat_ids)
    ]
    if any(r is None for r in ranges):
        return None
    z_min, z_max = max(r[0] for r in ranges), min(r[1] for r in ranges)
    if z_min >= z_max:
        return None
    z_min, z_max = float(z_min), float(z_max)
    return {"z_min": z_min, "z_max": z_max, "level_min": multiplier_level(z_min), "level_max": multiplier_level(z_max)}


def binomial_readings(dataset, stat_ids: list[str], sizes: list[int]) -> pd.DataFrame:
    """Time-to-event estimates read, for argument's sake, as simple proportions k/N.

    Parameters
    ----------
    dataset : Dataset
    stat_ids : list of str
        Estimates (``reported_statistics``).
    sizes : list of int
        The group sizes N to try.

    Returns
    -------
    pandas.DataFrame
        Per estimate and N, one row per k whose k/N prints as the published percentage ('none' when no k does:
        not a proportion of N subjects): ``Estimate``, ``Published``, ``N``, ``k``, the Wald, Wilson and
        Clopper–Pearson 95% intervals, and ``Prints as the published interval``.
    """
    stats = dataset["reported_statistics"].set_index("stat_id")
    rows = []
    for stat_id in stat_ids:
        s = stats.loc[stat_id]
        for n in sizes:
            base = {"Estimate": f"{s['statistic']} ({s['group']})", "Published": _published(s), "N": n}
            ks = counts_for_percent(s["value"], n)
            if not ks:
                rows.append(
                    {
                        **base,
                        "k": "none",
                        **{m: "" for m in STANDARD},
                        "Prints as the published interval": f"no k/{n} prints as {s['value']:g}%",
                    }
                )
            for k in ks:
                p = Proportion(k, n)
                hits = ci_method_matches(k, n, s["ci_low"], s["ci_high"], methods=STANDARD)
                rows.append(
                    {
                        **base,
                        "k": str(k),
                        **{m: _span(*p.ci(m)) for m in STANDARD},
                        "Prints as the published interval": ", ".join(hits) if hits else "none of the three",
                    }
                )
    return pd.DataFrame(rows)


def forest_frame(dataset, entries: list[tuple[str, str, str]]) -> pd.DataFrame:
    """The tidy frame :func:`emcart.presentation.figures.forest.figure` draws.

    Parameters
    ----------
    dataset : Dataset
    entries : list of (str, str, str)
        ``(stat_id, label, group)``, one row each, in drawing order.

    Returns
    -------
    pandas.DataFrame
        ``label``, ``estimate``, ``low`` and ``high`` (NaN when no interval is published), ``group``, and
        ``source``: the cited sentence and, where there is one, the cited study, for the hover.
    """
    stats = dataset["reported_statistics"].set_index("stat_id")
    rows = []
    for stat_id, label, group in entries:
        s = stats.loc[stat_id]
        source = cite(dataset, "reported_statistics", stat_id, "value")
        if pd.notna(s["reference"]):
            source += f" Cited study: {s['reference']}"
        rows.append(
            {
                "label": label,
                "estimate": float(s["value"]),
                "low": float(s["ci_low"]) if pd.notna(s["ci_low"]) else math.nan,
                "high": float(s["ci_high"]) if pd.notna(s["ci_high"]) else math.nan,
                "group": group,
                "source": source,
            }
        )
    return pd.DataFrame(rows)
