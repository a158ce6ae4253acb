"""Consistency checks between published statistics of one report: each denominator against the size of its
group in the same text, complementary percentages, and intervals printed by more than one statistic."""

from __future__ import annotations

import pandas as pd

from emcart.analysis.stats import counts_for_percent


def denominator_check(dataset, stat_ids: list[str], cohort: str, subgroups: dict[str, str]) -> pd.DataFrame:
    """The denominator N each statistic carries against the size of its group in the same text.

    Parameters
    ----------
    dataset : Dataset
    stat_ids : list of str
    cohort : str
        The statistic giving the cohort size.
    subgroups : dict of str to str
        Group name → the statistic whose numerator defines it (e.g. the subjects in complete remission).

    Returns
    -------
    pandas.DataFrame
        ``Statistic``, ``Group``, ``Published``, ``N``, ``Size of the group in the text``, ``N consistent`` (the
        cohort's N is its size, a subgroup's at most the numerator defining it), and the counts k whose k/N and
        k/size print as the published percentage ('none': not a proportion of N, e.g. a time-to-event estimate).
    """
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
            size, where = (
                int(defining["numerator"]),
                f"{defining['statistic']} ({defining['numerator']}/{defining['denominator']})",
            )
        n = int(s["denominator"])
        consistent = n == size if s["group"] == cohort_group else n <= size
        rows.append(
            {
                "Statistic": s["statistic"],
                "Group": s["group"],
                "Published": f"{s['value']:g}%",
                "N": n,
                "Size of the group in the text": f"{size}: {where}",
                "N consistent": "yes" if consistent else "no",
                "k with k/N = published %": _counts(counts_for_percent(s["value"], n)),
                "k with k/size = published %": _counts(counts_for_percent(s["value"], size)),
            }
        )
    return pd.DataFrame(rows)


def _counts(ks: list[int]) -> str:
    return ", ".join(map(str, ks)) if ks else "none"


def complement_check(dataset, first: str, second: str) -> dict:
    """Two percentages of one group (statistic ids) that should add up to at most 100 (e.g. EFS and relapse).

    Parameters
    ----------
    dataset : Dataset
    first, second : str

    Returns
    -------
    dict
        ``first`` and ``second`` (the statistics' names), ``sum``, ``at most 100`` and ``exactly 100`` (bool).
    """
    stats = dataset["reported_statistics"].set_index("stat_id")
    a, b = float(stats.loc[first, "value"]), float(stats.loc[second, "value"])
    return {
        "first": stats.loc[first, "statistic"],
        "second": stats.loc[second, "statistic"],
        "sum": a + b,
        "at most 100": a + b <= 100,
        "exactly 100": a + b == 100,
    }


def shared_intervals(dataset, study_id: str) -> pd.DataFrame:
    """Statistics of one report that print the very same interval (a possible copying error, or coincidence).

    Parameters
    ----------
    dataset : Dataset
    study_id : str

    Returns
    -------
    pandas.DataFrame
        One row per shared interval: ``Interval`` ('12–40') and ``Statistics`` (each with its group and value).
    """
    stats = dataset["reported_statistics"]
    stats = stats[(stats["study_id"] == study_id) & stats["ci_low"].notna()]
    rows = []
    for (low, high), group in stats.groupby(["ci_low", "ci_high"], sort=True):
        if len(group) > 1:
            rows.append(
                {
                    "Interval": f"{low:g}–{high:g}",
                    "Statistics": "; ".join(f"{s.statistic} ({s.group}): {s.value:g}%" for s in group.itertuples()),
                }
            )
    return pd.DataFrame(rows, columns=["Interval", "Statistics"])
