"""Cell marks: where a shown value comes from, a curated cell (its key, ``table|row_id|field``) or a
:class:`Derivation`. A frame may carry the marks of its cells in ``frame.attrs["marks"]`` (a frame of its
shape), so that the function computing a table also says where each of its values comes from."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

SEPARATOR = "|"
MARKS = "marks"


def cell_key(table: str, row_id: str, field_name: str) -> str:
    """The mark of one curated cell: ``table|row_id|field``."""
    return SEPARATOR.join((table, str(row_id), field_name))


@dataclass(frozen=True)
class Derivation:
    """How a cell came to be, and the curated cells (keys) it rests on; ``words`` are quotations from
    outside the curated data (a second entry's own snippet), each with whose words they are."""

    text: str
    inputs: tuple[str, ...] = ()
    title: str = "Recomputed"  # what the tip is headed: how the cell came to be, e.g. "Not in the text"
    words: tuple[str, ...] = ()


def carry(frame, marks):
    """``frame`` carrying ``marks`` (a frame of its shape) in its attributes; returns ``frame``."""
    if marks.shape != frame.shape:
        raise ValueError(f"marks of shape {marks.shape} for a frame of shape {frame.shape}")
    frame.attrs[MARKS] = marks
    return frame


def carried(frame):
    """The marks ``frame`` carries (:func:`carry`), or None; a frame that carries the marks of another shape
    (pandas passes a frame's attributes on to a selection of it) is an error: its marks are to be given."""
    marks = frame.attrs.get(MARKS)
    if marks is not None and marks.shape != frame.shape:
        raise ValueError(
            f"a frame of shape {frame.shape} carries the marks of a frame of shape {marks.shape}: "
            "a selection of a marked frame must be given its own marks"
        )
    return marks


def by_column(frame, how: str, inputs: tuple[str, ...] = ()):
    """``frame`` carrying, in each cell, the derivation ``how`` says of its column (``{column}``: its name),
    computed from the curated cells ``inputs``; returns ``frame``."""
    row = [Derivation(how.format(column=name), inputs) for name in frame.columns]
    return carry(frame, pd.DataFrame([row] * len(frame), columns=frame.columns, dtype=object))
