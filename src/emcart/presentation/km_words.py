"""A Kaplan–Meier reconstruction in words: what the configurations reproducing published estimates show, under
each reading of an event definition, in sentences computed from the configurations (:mod:`emcart.analysis.km`)."""

from __future__ import annotations

import math

from emcart.analysis import km
from emcart.datapackage.conversions import CARDINALS, ORDINALS
from emcart.presentation.figures import survival

Readings = dict[str, list[km.Configuration]]


def _late(found: list[km.Configuration], every: list[km.Configuration], last: float) -> str:
    """Whether a reading's configurations need events after the last published time, and how far the curve falls."""
    late = sorted({c.tail_events for c in found})
    if not late or late == [0]:
        return f", none with an event after {last:g} months"
    after = max(
        float(c.survival()[-1]) * (c.tail_censored + c.tail_events - 1) / (c.tail_censored + c.tail_events)
        for c in found
        if c.tail_events
    )
    return (
        f", each with {', '.join(map(str, late))} event(s) after {last:g} months: the curve would fall "
        f"below {100 * float(every[0].survival()[-1]):.2f}% after {last:g} months (to "
        f"{100 * after:.2f}% or lower), which the text does not report"
    )


def findings(
    estimates: list[km.Estimate], every: list[km.Configuration], readings: Readings, low: float, high: float
) -> str:
    """What the configurations show, as a Markdown list: how many reproduce the estimates, the events and numbers
    at risk they share, the censorings before the first published time (follow-up lasts ``low`` to ``high``
    months), and for each reading of the event definition its events and configurations.

    Parameters
    ----------
    estimates : list of km.Estimate
        The published estimates.
    every : list of km.Configuration
        Every configuration reproducing them (:func:`emcart.analysis.km.enumerate_configurations`).
    readings : dict
        Reading of the event definition → the configurations it allows.
    low, high : float
        The shortest and longest follow-up, in months.

    Returns
    -------
    str
        A Markdown bulleted list of those findings.
    """
    cuts = every[0].cuts
    published = "; ".join(f"{e.percent:g}% at {e.time:g} months" for e in estimates)
    risks = sorted({tuple((s.interval, s.at_risk) for s in c.steps()) for c in every})
    by_cut = [sum(1 for s in every[0].steps() if s.interval <= k) for k in range(len(cuts))]
    if len({c.segments[0] for c in every}) != 1 or len(risks) != 1:
        raise ValueError("the configurations differ before the first published time; describe them one by one")
    early = every[0].items(low, high)
    first_event = next(i for i in early if i.kind == "event")
    censored_early = sum(1 for i in early if i.kind == "censoring" and i.interval == 0)
    lines = [
        f"{len(every)} configurations of {every[0].n} patients reproduce the published estimates ({published}).",
        f"All of them have the same events up to {cuts[-1]:g} months, with "
        + ", ".join(str(r) for _, r in risks[0])
        + " patients at risk: "
        + ", ".join(f"{b} by {t:g} months" for b, t in zip(by_cut, cuts))
        + f". The estimates therefore allow exactly {by_cut[-1]} events by {cuts[-1]:g} months.",
        f"All of them censor {censored_early} patients before {cuts[0]:g} months (in the order "
        f"{' '.join(every[0].segments[0])}); as no patient is followed for less than {low:g} months, the first "
        f"event falls between {first_event.low:g} and {first_event.high:g} months.",
    ]
    for name, found in readings.items():
        events = ", ".join(map(str, sorted({c.events for c in found})))
        lines.append(
            f"Reading '{name}': {events} events in all; {len(found)} configurations{_late(found, every, cuts[-1])}."
        )
    return "\n".join(f"- {line}" for line in lines)


def summary(every: list[km.Configuration], readings: Readings) -> str:
    """What the configurations show, in two sentences: how many reproduce the estimates and with how many events
    by the last published time, and which reading of the event definition needs an event the text does not report.
    """
    last = every[0].cuts[-1]
    early = {sum(1 for s in c.steps() if s.interval < len(c.cuts)) for c in every}
    fits = []
    for name, found in readings.items():
        events = "–".join(str(e) for e in sorted({c.events for c in found}))
        late = any(c.tail_events for c in found)
        when = f"only with an event after {last:g} months, which the text does not report" if late else "with none"
        fits.append(f"the reading '{name}' ({events} events) fits {len(found)} of them {when}")
    neither = len(every) - len({c for found in readings.values() for c in found})
    if neither:
        fits.append(f"the other {neither} fit neither reading (the workings give what each contradicts)")
    return (
        f"{len(every)} configurations of events and censorings among the {every[0].n} patients reproduce the "
        f"published estimates, and each has exactly {', '.join(map(str, sorted(early)))} events by {last:g} months. "
        f"Of the {CARDINALS[len(readings)] if len(readings) < len(CARDINALS) else len(readings)} readings of the event definition, "
        + "; ".join(fits)
        + "."
    )


def curve_labels(readings: Readings, where: str) -> str:
    """What the curve labels of a reconstructed figure mean: one letter per reading of the event definition (one
    panel each), one number per configuration that reading allows; ``where``: the table that uses the same labels.
    """
    labels = survival.curve_labels(readings)
    parts = []
    for panel, (name, found) in enumerate(readings.items()):
        names = [labels[c] for c in found]
        span = names[0] if len(names) == 1 else f"{names[0]}–{names[-1]}"
        ordinal = ORDINALS[panel + 1] if panel + 1 < len(ORDINALS) else str(panel + 1)
        parts.append(
            f"{span} are the {len(found)} configuration{'s' if len(found) != 1 else ''} allowed by the reading "
            f"'{name}' ({ordinal} panel)"
        )
    return (
        f"The curves are labelled by reading and configuration: {'; '.join(parts)}. {_notation(readings)} "
        f"The same labels mark {where}."
    )


def _notation(readings: Readings) -> str:
    """The key to a configuration's letters (:meth:`emcart.analysis.km.Configuration.label`)."""
    first = next(c for found in readings.values() for c in found)
    cuts = first.cuts
    spans = " | ".join(f"{a:g}–{b:g}" for a, b in zip((0, *cuts), cuts))
    return (
        f"After the name, each label spells its configuration: the events (E) and censorings (C) in time order, "
        f"one group per interval between the published times separated by '|' ({spans} months; '–' where an "
        f"interval has neither), then how many fall after {cuts[-1]:g} months "
        f"('after: {first.tail_events} E, {first.tail_censored} C')."
    )


def early_bounds(configurations: list[km.Configuration], low: float, high: float, free: int = 0) -> list[km.Item]:
    """The widest bounds of each event and censoring before the first published time, over ``configurations``
    (which share their letters there); follow-up lasts ``low`` to ``high``, and ``free`` censorings need not
    end a follow-up."""
    if len({c.segments[0] for c in configurations}) != 1:
        raise ValueError("the configurations differ before the first published time; describe them one by one")
    early = [[i for i in c.item_bounds(low, high, free) if i.interval == 0] for c in configurations]
    return [
        km.Item(first.kind, 0, min(e[j].low for e in early), max(e[j].high for e in early), True, first.ends_follow_up)
        for j, first in enumerate(early[0])
    ]


def interval(item: km.Item, minimum: float) -> str:
    """'(0, 12]' or '[5.93, 12]': a censoring that ends follow-up may fall on the shortest follow-up."""
    left = "[" if item.kind == "censoring" and item.low == minimum else "("
    return f"{left}{item.low:g}, {'∞' if math.isinf(item.high) else f'{item.high:g}'}]"


def named(items: list[km.Item]) -> list[str]:
    """'event 1', 'censoring 1', 'event 2'...: each item numbered within its kind, in order."""
    counts, names = {"event": 0, "censoring": 0}, []
    for item in items:
        counts[item.kind] += 1
        names.append(f"{item.kind} {counts[item.kind]}")
    return names


def describe(items: list[km.Item], minimum: float) -> str:
    """'censoring 1 in (0, 12]; event 1 in (5.93, 12]'."""
    return "; ".join(f"{name} in {interval(item, minimum)}" for name, item in zip(named(items), items))
