"""A chapter's view of the audit: some published statistics, their recounts, and a count of each status.

The statuses, texts and checks are those of :func:`emcart.audit.comparison.compare`; a chapter only
chooses the statistics and may label them with the row of its table ('CRS grade 1').
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from emcart.audit import comparison
from emcart.audit.comparison import Recomputed
from emcart.model import statistic_selections


def compare(
    dataset, stat_ids: list[str], recomputed: Iterable[Recomputed], labels: dict[str, str] | None = None
) -> pd.DataFrame:
    """The audit rows of ``stat_ids``, labelled with the chapter's row names when ``labels`` are given.

    Parameters
    ----------
    dataset : Dataset
    stat_ids : list of str
        The statistics shown, in order.
    recomputed : iterable of Recomputed
        The chapter's recomputations; those of other statistics are ignored.
    labels : dict of str to str, optional
        Statistic id → the row of the chapter's table ('CRS grade 1').

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`emcart.audit.comparison.compare`, after a first column ``item`` (the label) when
        ``labels`` are given.
    """
    given = [r for r in recomputed if r.stat_id in set(stat_ids)]
    frame = comparison.compare(dataset, given, stat_ids)
    if labels:
        frame.insert(0, "item", [labels.get(s, "") for s in frame["statistic"]])
    return frame


def summary(frame: pd.DataFrame) -> pd.Series:
    """How many statistics have each audit status.

    Parameters
    ----------
    frame : pandas.DataFrame
        Audit rows (:func:`compare`).

    Returns
    -------
    pandas.Series
        Status → count, every status of :data:`emcart.audit.comparison.STATUSES` in order (zeros included).
    """
    return pd.Series(comparison.counts(frame))


def selected(dataset, selection: str, recomputed: Iterable[Recomputed]) -> pd.DataFrame:
    """:func:`compare` for the statistics a selection of ``statistic_selections`` shows, labelled with its labels.

    Parameters
    ----------
    dataset : Dataset
    selection : str
        The selection (a table of the book).
    recomputed : iterable of Recomputed
        The recomputations; those of other statistics are ignored.

    Returns
    -------
    pandas.DataFrame
        As :func:`compare`, with the ``item`` column when the selection labels its statistics.
    """
    chosen = statistic_selections.selected(dataset, selection)
    return compare(dataset, chosen, recomputed, statistic_selections.labels(dataset, selection))
