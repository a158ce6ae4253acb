"""Consistency checks between values a report states twice (e.g. a table and its narrative)."""
from __future__ import annotations

import pandas as pd

from .stats import decimals


def age_check(dataset, study_id: str) -> pd.DataFrame:
    """Table age in years against the narrative's years and months, per patient.

    The narrative age becomes decimal years as years + months/12; it agrees when it rounds to the
    table value at the table's printed precision, or when the table value lies within the month
    the narrative names (age from ``years + months/12`` to ``years + (months + 1)/12``).
    """
    patients = dataset["patients"]
    patients = patients[(patients["study_id"] == study_id) & patients["age_years"].notna()]
    rows = []
    for _, p in patients.iterrows():
        low = p["narrative_age_years"] + p["narrative_age_months"] / 12
        high = low + 1 / 12
        table = float(p["age_years"])
        rounded = round(low, decimals(table))
        agrees = rounded == table or low <= table < high
        rows.append({"patient": p["label"], "table age (years)": table,
                     "narrative age": f"{p['narrative_age_years']} y {p['narrative_age_months']} m",
                     "narrative age (years)": round(low, 2),
                     "agrees": "yes" if agrees else "no"})
    return pd.DataFrame(rows)


def denominator_check(dataset, stat_ids: list[str], cohort: str, subgroups: dict[str, str]) -> pd.DataFrame:
    """The denominator each statistic carries against the size of its group in the same text.

    ``cohort`` is the statistic giving the cohort size; ``subgroups`` maps a group name to the statistic whose
    numerator defines it (e.g. the subjects in complete remission). A subgroup's N cannot exceed that
    numerator. For each N the table lists the counts k whose k/N prints as the published percentage: none
    means the percentage is not a simple proportion of N subjects (it may still be a time-to-event estimate).
    """
    from .stats import counts_for_percent

    stats = dataset["reported_statistics"].set_index("stat_id")
    n_cohort = int(stats.loc[cohort, "value"])
    cohort_group = stats.loc[cohort, "group"]
    rows = []
    for stat_id in stat_ids:
        s = stats.loc[stat_id]
        if s["group"] == cohort_group:
            size, where = n_cohort, f"cohort ({stats.loc[cohort, 'statistic']})"
        else:
            defining = stats.loc[subgroups[s["group"]]]
            size, where = int(defining["numerator"]), f"{defining['statistic']} ({defining['numerator']}/{defining['denominator']})"
        n = int(s["denominator"])
        consistent = n == size if s["group"] == cohort_group else n <= size
        rows.append({
            "Statistic": s["statistic"], "Group": s["group"], "Published": f"{s['value']:g}%",
            "N": n, "Size of the group in the text": f"{size}: {where}",
            "N consistent": "yes" if consistent else "no",
            "k with k/N = published %": _counts(counts_for_percent(s["value"], n)),
            "k with k/size = published %": _counts(counts_for_percent(s["value"], size)),
        })
    return pd.DataFrame(rows)


def _counts(ks: list[int]) -> str:
    return ", ".join(map(str, ks)) if ks else "none"


def complement_check(dataset, first: str, second: str) -> dict:
    """Two percentages of the same group that should add up to at most 100 (e.g. event-free survival and the
    cumulative incidence of relapse): their sum, and whether it prints as exactly 100."""
    stats = dataset["reported_statistics"].set_index("stat_id")
    a, b = float(stats.loc[first, "value"]), float(stats.loc[second, "value"])
    return {"first": stats.loc[first, "statistic"], "second": stats.loc[second, "statistic"],
            "sum": a + b, "at most 100": a + b <= 100, "exactly 100": a + b == 100}


def shared_intervals(dataset, study_id: str) -> pd.DataFrame:
    """Statistics of one report that print the very same interval (a possible copying error, or coincidence)."""
    stats = dataset["reported_statistics"]
    stats = stats[(stats["study_id"] == study_id) & stats["ci_low"].notna()]
    rows = []
    for (low, high), group in stats.groupby(["ci_low", "ci_high"], sort=True):
        if len(group) > 1:
            rows.append({"Interval": f"{low:g}–{high:g}",
                         "Statistics": "; ".join(f"{s.statistic} ({s.group}): {s.value:g}%" for s in group.itertuples())})
    return pd.DataFrame(rows, columns=["Interval", "Statistics"])
