"""Numbers for a page's prose: computed values glued under their names in one call."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from myst_nb import glue

from emcart.model.vocabulary import and_list


@dataclass(frozen=True)
class Fragment:
    """HTML for a page's prose, glued (a page pastes another notebook's glued values as HTML or text only)."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


def glue_all(values: dict[str, object]) -> None:
    """Glue each value under its name, without displaying it, for the page's ``{glue:text}`` roles.

    Parameters
    ----------
    values : dict
        Glue name ('c-t3-cells') to the value the prose shows.

    Returns
    -------
    None
        The values are glued, not returned.
    """
    for name, value in values.items():
        glue(name, value, display=False)


def tally(frame: pd.DataFrame, column: str, prefix: str) -> dict[str, object]:
    """How many rows of a check say 'yes', of how many, and which say 'no': values for a page's prose.

    Parameters
    ----------
    frame : pandas.DataFrame
        A check, one row per item; its first column labels the row ('case 6').
    column : str
        The column that says 'yes' or otherwise.
    prefix : str
        The glue names' prefix.

    Returns
    -------
    dict
        ``{prefix}-yes`` (int), ``{prefix}-of`` (the number of rows) and ``{prefix}-no`` (the labels of the rows
        that do not say 'yes', as a list in words).
    """
    said = frame[column] == "yes"
    return {
        f"{prefix}-yes": int(said.sum()),
        f"{prefix}-of": len(frame),
        f"{prefix}-no": and_list(frame.loc[~said, frame.columns[0]].tolist()),
    }


def glue_values(prefix: str, values: dict[str, object]) -> None:
    """:func:`glue_all` with each name prefixed: ``{prefix}_{name}`` (``name`` for an empty prefix).

    Parameters
    ----------
    prefix : str
        The page's prefix ('d'), or ''.
    values : dict
        Name → the value the prose shows.

    Returns
    -------
    None
        The values are glued, not returned.
    """
    glue_all({f"{prefix}_{name}" if prefix else name: value for name, value in values.items()})
