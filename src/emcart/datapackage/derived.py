"""Lookups derived from a loaded table, built once per frame.

A loaded table's frame is never changed in place (a changed table is a new frame), so a lookup built
from a frame holds for as long as that frame lives; it is dropped with the frame.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar

import pandas as pd

T = TypeVar("T")

_BUILT: dict[tuple[int, str], tuple[weakref.ref, object]] = {}


def derived(frame: pd.DataFrame, build: Callable[[pd.DataFrame], T]) -> T:
    """``build(frame)``, computed once per frame object."""
    key = (id(frame), f"{build.__module__}.{build.__qualname__}")
    hit = _BUILT.get(key)
    if hit is not None and hit[0]() is frame:
        return hit[1]
    value = build(frame)
    _BUILT[key] = (weakref.ref(frame, lambda _, key=key: _BUILT.pop(key, None)), value)
    return value


def remembered(frame: pd.DataFrame, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, computed once per frame object and ``key`` (a key naming everything it reads)."""
    store = derived(frame, _store)
    if key not in store:
        store[key] = compute()
    return store[key]


def remembered_over(frames: tuple[pd.DataFrame, ...], key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, computed once per ``key`` and set of frame objects it reads (remembered with the first
    frame; the others are held with the answer, so that while it is remembered their ids name them alone)."""
    held = remembered(frames[0], (key, *map(id, frames[1:])), lambda: (frames[1:], compute()))
    return held[1]


def _store(frame: pd.DataFrame) -> dict:
    return {}


def rows_with(frame: pd.DataFrame, column: str, value: Hashable) -> pd.DataFrame:
    """The rows whose ``column`` holds ``value`` (in table order; none: an empty frame of the same columns)."""
    groups = derived(frame, _GROUPERS.setdefault(column, _grouper(column)))
    return groups.get(value, frame.iloc[:0]).copy()


def _grouper(column: str) -> Callable[[pd.DataFrame], dict]:
    def groups(frame: pd.DataFrame) -> dict:
        return {value: rows for value, rows in frame.groupby(column, sort=False)}

    groups.__qualname__ = f"groups_by_{column}"
    return groups


_GROUPERS: dict[str, Callable[[pd.DataFrame], dict]] = {}
