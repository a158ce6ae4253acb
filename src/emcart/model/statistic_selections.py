"""Which published statistics a table, figure or check of the book uses (``statistic_selections``): a curator's
choice kept as data, so that notebooks and generic functions name a selection, never a statistic."""

from __future__ import annotations

import pandas as pd

SHOWN, COHORT_SIZE, SUBGROUP_SIZE = "shown", "cohort size", "subgroup size"


def rows(dataset, selection: str, role: str = SHOWN) -> pd.DataFrame:
    """The selection's rows of one ``role``, in the order the curated table lists them.

    Raises ``KeyError`` naming the selection when it has no row of that role.
    """
    table = dataset["statistic_selections"]
    chosen = table[(table["selection"] == selection) & (table["role"] == role)]
    if chosen.empty:
        raise KeyError(f"data/statistic_selections.csv: selection {selection!r} has no row of role {role!r}")
    return chosen.reset_index(drop=True)


def selected(dataset, selection: str, role: str = SHOWN) -> list[str]:
    """The statistics (ids) a selection shows, or the one of another ``role``, in order."""
    return rows(dataset, selection, role)["stat_id"].tolist()


def has(dataset, selection: str, role: str) -> bool:
    """Whether the selection names a statistic of ``role`` (a cohort or subgroup size)."""
    table = dataset["statistic_selections"]
    return bool(((table["selection"] == selection) & (table["role"] == role)).any())


def cohort(dataset, selection: str) -> str:
    """The statistic whose value is the size of the whole cohort, for a selection that names one."""
    return selected(dataset, selection, COHORT_SIZE)[0]


def subgroups(dataset, selection: str) -> dict[str, str]:
    """Subgroup (its words) → the statistic whose numerator is its size, for a selection naming any."""
    if not has(dataset, selection, SUBGROUP_SIZE):
        return {}
    chosen = rows(dataset, selection, SUBGROUP_SIZE)
    return dict(zip(chosen["group"], chosen["stat_id"]))


def sizes(dataset, selection: str) -> dict[str, int]:
    """The group sizes a selection names: the cohort's (its statistic's group) and each subgroup's, in words."""
    stats = dataset["reported_statistics"].set_index("stat_id")
    found = {}
    if has(dataset, selection, COHORT_SIZE):
        sid = cohort(dataset, selection)
        found[str(stats.at[sid, "group"])] = int(stats.at[sid, "value"])
    for words, sid in subgroups(dataset, selection).items():
        found[words] = int(stats.at[sid, "numerator"])
    return found


def labels(dataset, selection: str) -> dict[str, str]:
    """The words a selection shows for each statistic it labels, by statistic id (:func:`rows`' ``label``)."""
    chosen = rows(dataset, selection).dropna(subset=["label"])
    return dict(zip(chosen["stat_id"], chosen["label"]))
