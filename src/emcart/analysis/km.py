"""Kaplan–Meier reconstruction from published estimates.

A report that prints Kaplan–Meier estimates at a few times (and no curve in its text) still fixes
much of the curve: with n patients, each estimate is a product of factors (r − 1)/r, one per event
with r patients at risk, and censorings change r. This module enumerates **every configuration** of
events (E) and censorings (C) of n patients that reproduces the published estimates to their
printed precision, and filters them with constraints from stated facts.

A configuration is the order of events and censorings within each interval between published
times — (0, t1], (t1, t2], … — and the numbers of events and censorings after the last published
time, whose order no estimate constrains. Tied events give the same product as consecutive ones,
and an event tied with a censoring counts the censored patient at risk (the Kaplan–Meier
convention), so these letter sequences cover every curve exactly once.

The text gives no times within an interval, so :func:`display_times` places the items of an
interval at evenly spaced times inside the bounds the configuration allows (the same slot for the
same position in every configuration); the curves are drawn by
:mod:`emcart.presentation.figures.survival`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations, product

import pandas as pd

from emcart.analysis.stats import agrees, decimals

EVENT, CENSORED = "E", "C"


@dataclass(frozen=True)
class Estimate:
    """A published Kaplan–Meier estimate: ``percent`` at ``time``, printed with its own precision;
    ``label`` names it, ``source`` gives the words it comes from."""

    time: float
    percent: float
    label: str = ""
    source: str = ""

    @property
    def decimals(self) -> int:
        return decimals(self.percent)

    def reproduced_by(self, survival: float) -> bool:
        """Does a survival probability round to the published percentage at its printed precision?"""
        return agrees(self.percent, 100 * float(survival))


@dataclass(frozen=True)
class Step:
    """One event of a configuration: where it falls, how many were at risk, survival after it."""

    interval: int
    at_risk: int
    survival: Fraction


@dataclass(frozen=True)
class Item:
    """One patient's event or censoring with the time bounds a configuration implies."""

    kind: str  # "event" or "censoring"
    interval: int
    low: float  # the time is above low (an event, or after a preceding item) or at least low
    high: float  # the time is at most high
    ordered: bool  # False after the last published time, where the order is free
    ends_follow_up: bool = True  # False for a censoring at an event that does not end follow-up


@dataclass(frozen=True)
class Configuration:
    """Events and censorings of n patients relative to the published times ``cuts``."""

    n: int
    cuts: tuple[float, ...]
    segments: tuple[str, ...]
    tail_events: int
    tail_censored: int

    @property
    def events(self) -> int:
        return sum(s.count(EVENT) for s in self.segments) + self.tail_events

    def events_in(self, interval: int) -> int:
        """Events in interval k: (t_k-1, t_k] for k < len(cuts), after the last cut for k = len(cuts)."""
        return self.segments[interval].count(EVENT) if interval < len(self.cuts) else self.tail_events

    def steps(self) -> list[Step]:
        """Every event up to the last published time, with its number at risk and the survival after it."""
        at_risk, survival, steps = self.n, Fraction(1), []
        for k, segment in enumerate(self.segments):
            for letter in segment:
                if letter == EVENT:
                    survival *= Fraction(at_risk - 1, at_risk)
                    steps.append(Step(k, at_risk, survival))
                at_risk -= 1
        return steps

    def survival(self) -> list[Fraction]:
        """The exact Kaplan–Meier estimate at each published time."""
        values, current, steps = [], Fraction(1), self.steps()
        for k in range(len(self.cuts)):
            for step in steps:
                if step.interval == k:
                    current = step.survival
            values.append(current)
        return values

    def at_risk(self) -> list[int]:
        """Numbers at risk at time 0 and just after each published time."""
        counts, remaining = [self.n], self.n
        for segment in self.segments:
            remaining -= len(segment)
            counts.append(remaining)
        return counts

    def label(self) -> str:
        """'C E C E | E C | after: 1 E, 1 C' — the letters per interval, then the free tail."""
        parts = [" ".join(s) if s else "–" for s in self.segments]
        tail = f"after: {self.tail_events} E, {self.tail_censored} C"
        return " | ".join(parts + [tail])

    def censorings(self) -> int:
        """How many patients the configuration censors."""
        return sum(s.count(CENSORED) for s in self.segments) + self.tail_censored

    def items(
        self, min_follow_up: float = 0.0, max_follow_up: float = math.inf, free: frozenset[int] = frozenset()
    ) -> list[Item]:
        """Each event and censoring with its time bounds: the interval, the shortest follow-up for a
        censoring, the longest follow-up for everything, and the order within the interval.

        ``free`` numbers the censorings (0 = the first, in the order of the items) that do not end their
        patient's follow-up, such as a censoring at a transplant that the event definition does not count:
        they may come before the shortest follow-up."""
        bounds = (0.0,) + tuple(self.cuts)
        rows: list[list] = []
        letters = [(k, letter, True) for k, segment in enumerate(self.segments) for letter in segment]
        letters += [(len(self.cuts), EVENT, False)] * self.tail_events
        letters += [(len(self.cuts), CENSORED, False)] * self.tail_censored
        censored = 0
        for k, letter, ordered in letters:
            ends = letter == CENSORED and censored not in free
            censored += letter == CENSORED
            low = max(bounds[k], min_follow_up) if ends else bounds[k]
            high = min(bounds[k + 1], max_follow_up) if ordered else max_follow_up
            rows.append([letter, k, low, high, ordered, letter == EVENT or ends])
        ordered = [r for r in rows if r[4]]
        for before, after in zip(ordered, ordered[1:]):
            after[2] = max(after[2], before[2])
        for before, after in zip(reversed(ordered[:-1]), reversed(ordered[1:])):
            before[3] = min(before[3], after[3])
        last_low = ordered[-1][2] if ordered else 0.0
        for r in rows:
            if not r[4]:
                r[2] = max(r[2], last_low)
        kinds = {EVENT: "event", CENSORED: "censoring"}
        return [Item(kinds[r[0]], r[1], float(r[2]), float(r[3]), r[4], r[5]) for r in rows]

    def free_choices(self, free_censorings: int) -> list[frozenset[int]]:
        """Every choice of ``free_censorings`` censorings that need not end follow-up."""
        return [frozenset(c) for c in combinations(range(self.censorings()), free_censorings)]

    def item_bounds(
        self, min_follow_up: float = 0.0, max_follow_up: float = math.inf, free_censorings: int = 0
    ) -> list[Item]:
        """The items' time bounds when any ``free_censorings`` censorings may not end follow-up: for each
        item, the widest bounds over the choices of those censorings that leave every item a time."""
        every = [self.items(min_follow_up, max_follow_up, free) for free in self.free_choices(free_censorings)]
        choices = [items for items in every if all(i.low <= i.high for i in items)]
        if not choices:
            return self.items(min_follow_up, max_follow_up)
        return [
            Item(
                first.kind,
                first.interval,
                min(c[j].low for c in choices),
                max(c[j].high for c in choices),
                first.ordered,
                all(c[j].ends_follow_up for c in choices),
            )
            for j, first in enumerate(choices[0])
        ]


@dataclass(frozen=True)
class Constraint:
    """A stated fact a configuration must satisfy, with the words that state it."""

    name: str
    test: Callable[[Configuration], bool] = field(repr=False)

    def __call__(self, configuration: Configuration) -> bool:
        return bool(self.test(configuration))


def total_events(count: int, name: str | None = None) -> Constraint:
    """The configuration has exactly ``count`` events in all."""
    return Constraint(name or f"{count} events in all", lambda c: c.events == count)


def follow_up(
    minimum: float, maximum: float, mean: float | None = None, name: str | None = None, free_censorings: int = 0
) -> Constraint:
    """Every patient is followed between ``minimum`` and ``maximum`` (both reached by some patient) and,
    where given, for ``mean`` on average at its printed precision.

    A censoring ends a patient's follow-up, except ``free_censorings`` of them (any of the censorings; a
    configuration with fewer censorings fails), which may come at any time and leave their patients followed
    for some time within the range; a patient with an event is followed from the event to at most ``maximum``. A configuration fails when, for every
    choice of the free censorings, a censoring must come before ``minimum``, an item after ``maximum``, or no
    choice of times within the bounds gives the stated mean.
    """

    def test(c: Configuration) -> bool:
        return any(
            _attains(c.items(minimum, maximum, free), minimum, maximum, mean)
            for free in c.free_choices(free_censorings)
        )

    words = f"follow-up {minimum:g} to {maximum:g}" + (f", mean {mean:g}" if mean is not None else "")
    return Constraint(name or words, test)


def _attains(items: list[Item], minimum: float, maximum: float, mean: float | None) -> bool:
    """Can times within the items' bounds give follow-ups from ``minimum`` to ``maximum`` with ``mean``?"""
    if any(i.low > i.high or (i.kind == "event" and i.low >= i.high) for i in items):
        return False
    spans = [
        (i.low, i.high) if i.kind == "censoring" and i.ends_follow_up else (max(i.low, minimum), maximum) for i in items
    ]
    if mean is None:
        return True
    half = 0.5 * 10 ** -decimals(mean)
    target = (len(items) * (mean - half), len(items) * (mean + half))
    for a in range(len(spans)):
        for b in range(len(spans)):
            if a == b or spans[a][0] > minimum or spans[b][1] < maximum:
                continue
            rest = [s for k, s in enumerate(spans) if k not in (a, b)]
            low = minimum + maximum + sum(s[0] for s in rest)
            high = minimum + maximum + sum(s[1] for s in rest)
            if low < target[1] and high >= target[0]:
                return True
    return False


def enumerate_configurations(
    n: int, estimates: Iterable[Estimate], constraints: Iterable[Constraint] = ()
) -> list[Configuration]:
    """Every configuration of ``n`` patients reproducing all ``estimates`` and satisfying all ``constraints``.

    Parameters
    ----------
    n : int
        Patients at risk at time 0.
    estimates : iterable of Estimate
        Published Kaplan–Meier estimates; their times cut the follow-up into intervals.
    constraints : iterable of Constraint, optional
        Stated facts (e.g. :func:`total_events`) a configuration must satisfy.

    Returns
    -------
    list of Configuration
        The order of events and censorings within each interval, and the events and censorings after the last
        published time.
    """
    estimates = list(estimates)
    cuts = tuple(sorted({e.time for e in estimates}))
    by_time = {t: [e for e in estimates if e.time == t] for t in cuts}
    found: list[Configuration] = []

    def extend(k: int, remaining: int, survival: Fraction, at_risk: int, segments: list[str]) -> None:
        if k == len(cuts):
            for events in range(remaining + 1):
                found.append(Configuration(n, cuts, tuple(segments), events, remaining - events))
            return
        for length in range(remaining + 1):
            for letters in product(EVENT + CENSORED, repeat=length):
                s, r = survival, at_risk
                for letter in letters:
                    if letter == EVENT:
                        s *= Fraction(r - 1, r)
                    r -= 1
                if all(e.reproduced_by(s) for e in by_time[cuts[k]]):
                    extend(k + 1, remaining - length, s, r, segments + ["".join(letters)])

    extend(0, n, Fraction(1), n, [])
    constraints = list(constraints)
    return [c for c in found if all(rule(c) for rule in constraints)]


def rejections(
    configurations: Iterable[Configuration], constraints: Iterable[Constraint]
) -> dict[Configuration, list[str]]:
    """For each configuration, the names of the constraints it fails (empty: consistent)."""
    constraints = list(constraints)
    return {c: [rule.name for rule in constraints if not rule(c)] for c in configurations}


def summary(
    configurations: Iterable[Configuration],
    unit: str = "months",
    min_follow_up: float = 0.0,
    max_follow_up: float = math.inf,
) -> pd.DataFrame:
    """One row per configuration: the letters, events per interval with their numbers at risk, the
    numbers at risk and exact estimates at the published times, and the time bounds implied."""
    rows = []
    for c in configurations:
        steps = c.steps()
        bounds = (0.0,) + c.cuts
        row = {"configuration": c.label()}
        for k in range(len(c.cuts)):
            risk = [str(s.at_risk) for s in steps if s.interval == k]
            row[f"events in ({bounds[k]:g}, {bounds[k + 1]:g}] {unit} (at risk)"] = (
                f"{len(risk)} ({', '.join(risk)})" if risk else "0"
            )
        row[f"events after {c.cuts[-1]:g} {unit}"] = c.tail_events
        row["events in all"] = c.events
        for t, r in zip((0.0,) + c.cuts, c.at_risk()):
            row[f"at risk at {t:g}"] = r
        for t, s in zip(c.cuts, c.survival()):
            row[f"EFS at {t:g} (exact)"] = f"{s.numerator}/{s.denominator} = {100 * float(s):.4f}%"
        row["time bounds"] = describe_bounds(c, unit, min_follow_up, max_follow_up)
        rows.append(row)
    return pd.DataFrame(rows)


def describe_bounds(
    c: Configuration, unit: str, min_follow_up: float = 0.0, max_follow_up: float = math.inf, free_censorings: int = 0
) -> str:
    """'E1 in (5.93, 12]; C1 in [5.93, 12]; …' for one configuration (see :meth:`Configuration.item_bounds`)."""
    parts, counts = [], {"event": 0, "censoring": 0}
    for item in c.item_bounds(min_follow_up, max_follow_up, free_censorings):
        counts[item.kind] += 1
        name = ("E" if item.kind == "event" else "C") + str(counts[item.kind])
        left = "(" if item.kind == "event" or item.low != min_follow_up else "["
        high = "∞" if math.isinf(item.high) else f"{item.high:g}"
        parts.append(f"{name} in {left}{item.low:g}, {high}]" + ("" if item.ordered else " (any order)"))
    return "; ".join(parts) + f" {unit}"


def display_times(
    configurations: list[Configuration], min_follow_up: float = 0.0, max_follow_up: float | None = None
) -> dict[Configuration, tuple[list[float], list[bool]]]:
    """Times to draw each configuration at: its items at evenly spaced slots inside their bounds.

    Slot j of an interval is at the same place in every configuration, so that configurations that
    agree up to a point draw the same curve up to it. After the last published time, events are
    drawn before censorings. These times are for drawing only: the text gives none of them.
    """
    if not configurations:
        return {}
    cuts = configurations[0].cuts
    end = max_follow_up if max_follow_up and not math.isinf(max_follow_up) else cuts[-1] * 1.5
    bounds = (0.0,) + cuts + (end,)
    slots = [
        max(len(c.segments[k]) if k < len(cuts) else c.tail_events + c.tail_censored for c in configurations)
        for k in range(len(cuts) + 1)
    ]
    result = {}
    for c in configurations:
        times, observed = [], []
        letters = list(c.segments) + [EVENT * c.tail_events + CENSORED * c.tail_censored]
        previous = 0.0
        for k, segment in enumerate(letters):
            a, b = bounds[k], bounds[k + 1]
            start = max(a, min_follow_up) if CENSORED in segment[:1] else a
            for j, letter in enumerate(segment, start=1):
                t = start + (b - start) * j / (slots[k] + 1)
                if letter == CENSORED:
                    t = max(t, min_follow_up)
                t = max(t, previous + (b - a) * 1e-3)
                times.append(t)
                observed.append(letter == EVENT)
                previous = t
        result[c] = (times, observed)
    return result
