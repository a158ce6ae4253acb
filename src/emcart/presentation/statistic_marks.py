"""How the book's checks of a report's aggregate statistics (outcomes against recomputed intervals, the estimates
read as proportions, denominators, shared intervals) were computed, in words, and the curated cells each rests on
(see :func:`emcart.presentation.derivations.statistic_derivations`). The group sizes come from the selection's
cohort and subgroup sizes (:mod:`emcart.model.statistic_selections`)."""

from __future__ import annotations

import pandas as pd

from emcart.analysis.forensics import STANDARD
from emcart.model import statistic_selections
from emcart.presentation import evidence
from emcart.presentation.derivations import row_keys, statistic_derivations


def _fraction(row) -> tuple[str, str]:
    k, _, n = str(row["k/N"]).rstrip("*").partition("/")
    return k, n


def _interval(method: str):
    def how(row) -> str:
        k, n = _fraction(row)
        return f"The {method} 95% interval of {k}/{n}, in percent, computed with statsmodels: {row[method]}."

    return how


def _reproduces(row) -> str:
    k, n = _fraction(row)
    if not n:
        return f"{row['Reproduces the published interval']}: it needs each subject's time of event or censoring."
    if row["Reproduces the published interval"] == "no interval published":
        return f"The text gives the count {k} without an interval: there is no published interval to reproduce."
    return (
        f"The methods whose 95% limits for {k}/{n}, rounded to the published precision, equal the published "
        f"limits ({row['Published']}): {row['Reproduces the published interval']}."
    )


def _k_of_n(row) -> str:
    k, n = _fraction(row)
    if row["k/N"].startswith("N = "):
        return f"{row['k/N']}: the denominator printed with the estimate; a time-to-event estimate has no k."
    if row["k/N"].endswith("*"):
        return f"k = {k}, the published count; N = {n}, the size of the cohort (the count has no denominator)."
    return f"{k}/{n}: the published numerator and denominator."


OUTCOME_WORDS = {
    "k/N": _k_of_n,
    "Recomputed %": lambda row: f"100 × {'/'.join(_fraction(row))} = {row['Recomputed %']}%.",
    **{method: _interval(method) for method in STANDARD},
    "Reproduces the published interval": _reproduces,
}


def _cohort_keys(dataset, selection: str) -> tuple[str, ...]:
    return row_keys(dataset, evidence.STATISTIC, statistic_selections.cohort(dataset, selection), ("value",))


def outcome_marks(dataset, frame: pd.DataFrame, selection: str) -> pd.DataFrame:
    """Marks of :func:`emcart.analysis.forensics.outcome_table`'s table of a selection: the statistic and
    its published value are curated, k/N and everything computed from it a derivation."""
    stat_ids = statistic_selections.selected(dataset, selection)
    cohort = _cohort_keys(dataset, selection)
    inputs = [cohort if str(k).endswith("*") else () for k in frame["k/N"]]
    return statistic_derivations(dataset, frame, stat_ids, OUTCOME_WORDS, inputs=inputs)


def _readings_k(row) -> str:
    if row["k"] == "none":
        return f"none: no k gives 100 × k/{row['N']} rounding to the published {row['Published'].split()[0]}."
    return f"100 × {row['k']}/{row['N']} rounds to the published {row['Published'].split()[0]}."


def _readings_interval(method: str):
    def how(row) -> str:
        return f"The {method} 95% interval of {row['k']}/{row['N']}, in percent, computed with statsmodels."

    return how


def _readings_print(row) -> str:
    if row["k"] == "none":
        return f"{row['Prints as the published interval']}: there is no interval to compare."
    return (
        f"The methods whose 95% limits for {row['k']}/{row['N']}, rounded to whole percent, equal the published "
        f"limits ({row['Published']}): {row['Prints as the published interval']}."
    )


def _size_keys(dataset, selection: str) -> tuple[str, ...]:
    subgroups = statistic_selections.subgroups(dataset, selection).values()
    return _cohort_keys(dataset, selection) + tuple(
        k for sid in subgroups for k in row_keys(dataset, evidence.STATISTIC, sid, ("numerator",))
    )


def _statistic_of_each_row(dataset, names: pd.Series, stat_ids: list[str]) -> list[str]:
    stats = dataset["reported_statistics"].set_index("stat_id").loc[stat_ids]
    ids = {f"{s['statistic']} ({s['group']})": sid for sid, s in stats.iterrows()}
    return [ids[name] for name in names]


def readings_marks(dataset, frame: pd.DataFrame, selection: str) -> pd.DataFrame:
    """Marks of :func:`emcart.analysis.forensics.binomial_readings`'s table of a selection: the estimate and
    its published value are curated; N (a group size of the text), k and the intervals are derivations."""
    stat_ids = statistic_selections.selected(dataset, selection)
    sizes = ", ".join(f"{name}: {n}" for name, n in statistic_selections.sizes(dataset, selection).items())
    words = {
        "N": lambda row: f"N = {row['N']}, a group size of the text ({sizes}), read as the estimate's "
        "denominator for argument's sake.",
        "k": _readings_k,
        **{method: _readings_interval(method) for method in STANDARD},
        "Prints as the published interval": _readings_print,
    }
    ids = _statistic_of_each_row(dataset, frame["Estimate"], stat_ids)
    keys = _size_keys(dataset, selection)
    return statistic_derivations(dataset, frame, ids, words, {"Estimate": "statistic"}, [keys] * len(frame))


def _k_for_percent(column: str, n: str):
    def how(row) -> str:
        return f"Every k for which 100 × k/{n(row)} rounds to the published {row['Published']}: {row[column]}."

    return how


DENOMINATOR_WORDS = {
    "Size of the group in the text": lambda row: "The size the text gives the statistic's group: the cohort's, "
    "or for a subgroup the numerator of the statistic defining it.",
    "N consistent": lambda row: "Yes if N equals the cohort's size (a statistic of all subjects) or does not exceed "
    "the subgroup's size (a statistic of a subgroup); no otherwise.",
    "k with k/N = published %": _k_for_percent("k with k/N = published %", lambda row: row["N"]),
    "k with k/size = published %": _k_for_percent(
        "k with k/size = published %", lambda row: row["Size of the group in the text"].split(":")[0]
    ),
}


def denominator_marks(dataset, frame: pd.DataFrame, selection: str) -> pd.DataFrame:
    """Marks of :func:`emcart.analysis.statistic_checks.denominator_check`'s table of a selection: the statistic,
    its group, published value and N are curated; the group's size and the checks are derivations."""
    stat_ids = statistic_selections.selected(dataset, selection)
    keys = _size_keys(dataset, selection)
    named = {"Group": "group", "N": "denominator"}
    return statistic_derivations(dataset, frame, stat_ids, DENOMINATOR_WORDS, named, [keys] * len(frame))


def shared_interval_marks(dataset, frame: pd.DataFrame, study_id: str) -> pd.DataFrame:
    """Marks of :func:`emcart.analysis.statistic_checks.shared_intervals`' table: each interval and the statistics
    printing it are a derivation resting on those statistics' published values and limits."""
    stats = dataset["reported_statistics"]
    stats = stats[stats["study_id"] == study_id]
    rows = []
    for interval in frame["Interval"]:
        low, high = (float(x) for x in interval.split("–"))
        sharing = stats.loc[(stats["ci_low"] == low) & (stats["ci_high"] == high), "stat_id"]
        keys = tuple(
            k for sid in sharing for k in row_keys(dataset, evidence.STATISTIC, sid, ("value", "ci_low", "ci_high"))
        )
        how = f"The statistics of the report whose published 95% interval is {interval}."
        rows.append([evidence.Derivation(how, keys)] * frame.shape[1])
    return pd.DataFrame(rows, columns=range(frame.shape[1]), dtype=object)
