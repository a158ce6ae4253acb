"""Limits stated in the reports' definitions ('MRD-negative: ... <0.01% ...'), read from the curated text."""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass

_COMPARE = {"<": operator.lt, ">": operator.gt, "≤": operator.le, "≥": operator.ge}

_LIMIT = re.compile(r"(?P<comparator>[<>≤≥])\s*(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>%)")


@dataclass(frozen=True)
class Limit:
    """A percentage limit of a definition: ``comparator`` ('<', '>', '≤', '≥'), ``value``, ``unit`` and its ``term``."""

    definition_id: str
    term: str
    comparator: str
    value: float
    unit: str

    @property
    def words(self) -> str:
        """'< 0.01%': the limit as the definition states it."""
        return f"{self.comparator} {self.value:g}{self.unit}"

    def admits(self, value: float) -> bool:
        """Whether a value in the limit's unit meets it (0.01 does not meet '< 0.01%')."""
        return bool(_COMPARE[self.comparator](value, self.value))


def stated_limit(dataset, definition_id: str) -> Limit:
    """The one percentage limit a curated definition states (e.g. MRD-negative: '< 0.01%').

    Parameters
    ----------
    dataset : Dataset
    definition_id : str
        Row of ``definitions``.

    Returns
    -------
    Limit
        The comparator, value, unit and term; ``Limit.admits(value)`` tells whether a value meets it.

    Raises
    ------
    ValueError
        Naming the definition, when its text states no such limit or more than one.
    """
    row = dataset["definitions"].set_index("definition_id").loc[definition_id]
    found = list(_LIMIT.finditer(str(row["definition"])))
    if len(found) != 1:
        raise ValueError(
            f"definitions.csv, {definition_id}, definition: expected one stated percentage limit, "
            f"found {len(found)} in {row['definition']!r}"
        )
    match = found[0]
    return Limit(definition_id, str(row["term"]), match["comparator"], float(match["value"]), match["unit"])


def limit_of(dataset, term: str) -> Limit:
    """The one percentage limit the loaded report's definition of ``term`` states (see :func:`stated_limit`).

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    term : str
        A defined term of ``definitions`` ('MRD-negative').

    Returns
    -------
    Limit
        The comparator, value, unit and term of the limit.

    Raises
    ------
    KeyError
        Naming the term, when the report defines it other than once.
    """
    rows = dataset["definitions"][dataset["definitions"]["term"] == term]
    if len(rows) != 1:
        raise KeyError(f"definitions.csv: {len(rows)} definitions of {term!r}, expected one")
    return stated_limit(dataset, rows["definition_id"].iloc[0])


def footnotes(dataset, item: str) -> list[str]:
    """The loaded report's definitions printed under an item, as footnotes.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    item : str
        The item of the report the definitions belong to ('Table 1').

    Returns
    -------
    list of str
        One 'term: definition' per definition, in the table's order.
    """
    rows = dataset["definitions"][dataset["definitions"]["item"] == item]
    return [f"{term}: {definition}" for term, definition in zip(rows["term"], rows["definition"])]
