"""Whether values known only as intervals can have a published median, minimum and maximum."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Feasibility:
    """Whether values within the intervals can have the published median, minimum and maximum."""

    feasible: bool
    witness: tuple[float, ...] | None
    outside: tuple[int, ...]
    undefined: tuple[int, ...]


def feasible(intervals: list[tuple[float, float]], median: float, low: float, high: float) -> Feasibility:
    """Is there one value per interval whose median is ``median``, minimum ``low`` and maximum ``high``?

    Intervals are closed (an infinite upper end is open); a NaN interval is undefined and makes the
    answer no. Only an odd number of values is supported (the median is then one of them).
    ``outside`` lists intervals lying wholly below ``low`` or above ``high``; ``witness`` is one
    possible set of values.
    """
    n = len(intervals)
    if n % 2 == 0:
        raise ValueError("an odd number of intervals is needed (the median must be one of the values)")
    undefined = tuple(i for i, (lo, hi) in enumerate(intervals) if math.isnan(lo) or math.isnan(hi))
    outside = tuple(i for i, (lo, hi) in enumerate(intervals) if i not in undefined and (hi < low or lo > high))
    if undefined or outside:
        return Feasibility(False, None, outside, undefined)

    def meets(lo, hi, a, b):
        return max(lo, a) <= min(hi, b)

    # category -> (value chooser, at most median, at least median)
    options = []
    for lo, hi in intervals:
        mine = []
        if lo <= low <= hi:
            mine.append(("L", low))
        if meets(lo, hi, low, median):
            mine.append(("B", max(lo, low)))
        if lo <= median <= hi:
            mine.append(("M", median))
        if meets(lo, hi, median, high):
            mine.append(("A", max(lo, median)))
        if lo <= high <= hi:
            mine.append(("H", high))
        options.append(mine)
    half = (n + 1) // 2
    for choice in itertools.product(*options):
        kinds = [k for k, _ in choice]
        values = [v for _, v in choice]
        if "L" not in kinds or "H" not in kinds:
            continue
        if sum(v <= median for v in values) >= half and sum(v >= median for v in values) >= half:
            return Feasibility(True, tuple(values), (), ())
    return Feasibility(False, None, (), ())
