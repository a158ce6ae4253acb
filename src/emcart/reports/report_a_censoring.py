"""Report A's EFS reconstruction under two conventions for the censoring of the patient bridged to HSCT.

The reconstruction (:mod:`emcart.reports.report_a_km`) takes each censoring as the end of its patient's
follow-up, so that no censoring precedes the shortest follow-up. Where bridging to HSCT is not an event, the
bridged patient may instead be censored at the HSCT, which the text does not date and which may precede the
shortest follow-up. This module sets the two conventions side by side: how many configurations each reading
of the event definition allows, and the time bounds of the events and censorings before the first published
time.
"""

from __future__ import annotations

import pandas as pd

from emcart.analysis import km
from emcart.datapackage.marks import by_column
from emcart.presentation import km_words
from emcart.presentation.tables import Table
from emcart.reports import report_a_km

READING, CENSORING, COUNT, EARLY = (
    "reading of the event definition",
    "censorings",
    "configurations",
    "before {:g} months",
)


def variants(data) -> list[tuple[str, bool, str]]:
    """(reading, censored at the HSCT?, follow-up rule) for each reading under each convention that changes it."""
    rows, seen = [], set()
    for censored_at_hsct in (False, True):
        for name, rules in report_a_km.km_readings(data, censored_at_hsct).items():
            if (name, rules[0].name) not in seen:
                seen.add((name, rules[0].name))
                rows.append((name, censored_at_hsct, rules[0].name))
    return rows


def early_bounds(data, configurations: list[km.Configuration], censored_at_hsct: bool) -> list[km.Item]:
    """:func:`~emcart.presentation.km_words.early_bounds` under report A's follow-up, with the bridged patients
    censored at any time when ``censored_at_hsct``."""
    facts = report_a_km.km_facts(data)
    low, high, _ = facts["follow-up"]
    free = len(facts["bridged to HSCT"]) if censored_at_hsct else 0
    return km_words.early_bounds(configurations, low, high, free)


def censoring_variants(data) -> pd.DataFrame:
    """One row per reading and censoring convention: the configurations it allows and the time bounds before
    the first published time (in months)."""
    facts = report_a_km.km_facts(data)
    low, bridged = facts["follow-up"][0], ", ".join(facts["bridged to HSCT"])
    rules = {False: "each censoring ends follow-up", True: f"{bridged} censored at the HSCT, at any time"}
    rows = []
    for name, censored_at_hsct, _ in variants(data):
        found = report_a_km.km_consistent(data, censored_at_hsct)[name]
        cut = found[0].cuts[0]
        rows.append(
            {
                READING: name,
                CENSORING: rules[censored_at_hsct],
                COUNT: len(found),
                EARLY.format(cut): km_words.describe(early_bounds(data, found, censored_at_hsct), low),
            }
        )
    how = (
        "{column}: the book's reading of the event definition and of censoring, and what the enumeration of the "
        "configurations reproducing the published EFS estimates (quoted below) finds under it."
    )
    return by_column(pd.DataFrame(rows), how, report_a_km.km_inputs(data))


def censoring_table(data) -> Table:
    """The configurations each reading of the event definition allows under each censoring convention.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        :func:`censoring_variants`: one row per reading and convention, its censorings, the number of
        configurations and the time bounds before the first published time (months).
    """
    facts = report_a_km.km_facts(data)
    bridged = ", ".join(facts["bridged to HSCT"])
    return Table(
        censoring_variants(data),
        f"Report A, Figure 1B: the configurations each reading allows when each censoring ends follow-up, and "
        f"when {bridged} is censored at the HSCT",
        "a-km-censoring",
        [
            "Events and censorings are numbered in time order; '(' excludes and '[' includes the bound. A censoring "
            f"that ends follow-up comes no earlier than the shortest follow-up, {facts['follow-up'][0]:g} months."
        ],
    )


def changes(data) -> str:
    """What censoring the bridged patients at the HSCT changes, in sentences computed from the configurations."""
    facts = report_a_km.km_facts(data)
    bridged = ", ".join(facts["bridged to HSCT"])
    printed, name = list(report_a_km.km_readings(data))
    strict, free = report_a_km.km_consistent(data), report_a_km.km_consistent(data, censored_at_hsct=True)
    before = early_bounds(data, strict[name], False)
    after = early_bounds(data, free[name], True)
    moved = [(n, a, b) for n, a, b in zip(km_words.named(before), before, after) if (a.low, a.high) != (b.low, b.high)]
    kept = [(n, a) for n, a, b in zip(km_words.named(before), before, after) if (a.low, a.high) == (b.low, b.high)]
    same = set(strict[name]) == set(free[name])
    count = f"the same {len(free[name])}" if same else f"{len(free[name])} instead of {len(strict[name])}"
    low, found = facts["follow-up"][0], free[name][0]
    moved_words = "; ".join(
        f"{n} may fall in {km_words.interval(b, low)} months instead of {km_words.interval(a, low)}"
        for n, a, b in moved
    )
    kept_words = "; ".join(f"{n} in {km_words.interval(a, low)}" for n, a in kept)
    steps = found.steps()
    return (
        f"Censoring {bridged} at the HSCT leaves the reading '{name}' {count} configurations; the reading "
        f"'{printed}' has no such censoring and keeps its {len(strict[printed])}. What changes: {moved_words}. "
        f"What still holds: {kept_words}; {len(steps)} events by {found.cuts[-1]:g} months, with "
        f"{', '.join(str(s.at_risk) for s in steps)} patients at risk at them, which the estimates alone fix."
    )


def first_event(data, censored_at_hsct: bool) -> km.Item:
    """The bounds of the first event under the reading that does not count bridging to HSCT."""
    name = list(report_a_km.km_readings(data))[-1]
    found = report_a_km.km_consistent(data, censored_at_hsct)[name]
    return next(i for i in early_bounds(data, found, censored_at_hsct) if i.kind == "event")
