"""A published count recounted under a reading of its words that a finding argues for (``reading_recounts``),
beside its recount as the report reads it: the reading's count and how the audit row and its notes say it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emcart.model import outcomes


@dataclass(frozen=True)
class ReadingCount:
    """The count of a statistic's group under a curated reading: ``reading`` (its words), ``finding`` (the
    finding that argues for it) and ``count`` (:class:`emcart.model.outcomes.Count`)."""

    reading: str
    finding: str
    count: outcomes.Count

    def fraction(self, sep: str = " of ") -> str:
        """The count as 'k of n' (or with another separator: 'k/n')."""
        return f"{self.count.k}{sep}{self.count.n}"


def counted(dataset, stat_id: str, members: list[str], *, regrouped: bool = True) -> tuple[ReadingCount, ...]:
    """The statistic's recounts under each curated reading (none when ``reading_recounts`` has no row for it).

    Parameters
    ----------
    dataset : Dataset
        The loaded reports.
    stat_id : str
        A statistic recounted from the cases (``case_recounts``).
    members : list of str
        The patients of its group, or of a part of it (an arm); a reading with a group of its own counts over that
        group instead.
    regrouped : bool, default True
        Whether readings with a group of their own are kept: they do not say who of a part they count.

    Returns
    -------
    tuple of ReadingCount
        One per reading, in the curated order.
    """
    if "reading_recounts" not in dataset.tables:
        return ()
    rows = dataset["reading_recounts"]
    rows = rows[(rows["stat_id"] == stat_id) & (regrouped | rows["group"].isna())]
    return tuple(
        ReadingCount(
            r.reading, r.finding_id, outcomes.count(dataset, _members(dataset, r, members), outcomes.fact(r.fact))
        )
        for r in rows.itertuples()
    )


def _members(dataset, reading, members: list[str]) -> list[str]:
    """The patients a reading counts over: its own group, else the statistic's ``members``."""
    return members if pd.isna(reading.group) else outcomes.group(dataset, reading.study_id, reading.group)


def beside(found: tuple[ReadingCount, ...]) -> str:
    """What follows a recount under the report's reading in the audit row: '; relapses after a stated remission: 2 of
    7 (C-F7)' ('' for no reading)."""
    return "".join(f"; {r.reading}: {r.fraction()} ({r.finding})" for r in found)


def notes(found: tuple[ReadingCount, ...], labels) -> list[str]:
    """The basis of each reading's recount, with the cases it counts (``labels``: patient id → label)."""
    return [
        f"{r.reading} ({r.finding}): {r.fraction()}"
        + (f" ({', '.join(str(labels.get(c, c)) for c in r.count.cases)})" if r.count.k else "")
        for r in found
    ]
