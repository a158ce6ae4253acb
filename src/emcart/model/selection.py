"""Rows chosen by what they hold: a notebook names the kinds of rows it shows (an analyte, an event type,
a course), never the rows' ids."""

from __future__ import annotations

import pandas as pd


def rows(dataset, table: str, **fields) -> pd.DataFrame:
    """The rows of ``table`` whose fields hold the given values, in the table's order.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    table : str
        Name of a curated table ('events', 'measurements').
    **fields : str or list of str
        Column name to the value it must hold (a list: any of its values).

    Returns
    -------
    pandas.DataFrame
        The matching rows with all of the table's columns.

    Raises
    ------
    ValueError
        Naming the table's file and the values, when no row matches.
    """
    frame = dataset[table]
    chosen = pd.Series(True, index=frame.index)
    for name, value in fields.items():
        chosen &= frame[name].isin(value if isinstance(value, list) else [value])
    if not chosen.any():
        raise ValueError(f"{dataset.file(table)}: no row with {fields}")
    return frame[chosen]


def ids(dataset, table: str, **fields) -> list[str]:
    """The keys of the rows :func:`rows` selects, in the table's order.

    Parameters
    ----------
    dataset, table, **fields
        As for :func:`rows`.

    Returns
    -------
    list of str
        The rows' primary keys.
    """
    return list(rows(dataset, table, **fields)[dataset.key(table)])


def one(dataset, table: str, **fields) -> str:
    """The key of the one row :func:`rows` selects.

    Parameters
    ----------
    dataset, table, **fields
        As for :func:`rows`.

    Returns
    -------
    str
        The row's primary key.

    Raises
    ------
    ValueError
        Naming the table's file and the keys, when other than one row matches.
    """
    found = ids(dataset, table, **fields)
    if len(found) != 1:
        raise ValueError(f"{dataset.file(table)}: {len(found)} rows with {fields}, not one: {found}")
    return found[0]
