"""A published Kaplan–Meier figure reconstructed under the curated readings of its event definition
(``km_readings``): every configuration of events and censorings that reproduces its estimates, those each reading
allows under either convention for censoring, the tables that show them and the estimates as attainable values.

A figure is named by its id: its estimates and follow-up are the rows of ``statistic_selections`` of that
selection (roles shown and follow-up); each reading's events and its patients who may be censored at any time
are curated recounts (``patient_recounts``). Each censoring otherwise ends its patient's follow-up.
"""

from __future__ import annotations

import pandas as pd

from emcart.analysis import km
from emcart.audit.comparison import CONFIGURATIONS, Recomputed
from emcart.audit.patient_recounts import counted
from emcart.datapackage.marks import by_column
from emcart.datapackage.problems import DataError, Problem
from emcart.datapackage.provenance import cite
from emcart.model.patient_rows import labels, patient_ids
from emcart.model.statistic_selections import selected
from emcart.model.vocabulary import DAYS_PER_MONTH
from emcart.presentation import evidence, km_words
from emcart.presentation.figures import survival
from emcart.presentation.tables import Table

CENSORED, FOLLOW_UP, FIELDS = "censored at any time", "follow-up", ("range_low", "range_high", "value")
READING, CENSORING, COUNT, EARLY = "reading of the event definition", "censorings", "configurations", "before {:g} {}"
HOW = (
    "{column}: computed by the book from the orders of events and censorings of the report's patients that "
    "reproduce the published {name} estimates, under the follow-up the text states (quoted below)."
)


def estimates(dataset, figure: str) -> list[km.Estimate]:
    """A figure's published estimates: time, percent, statistic id and cited words.

    Parameters
    ----------
    dataset : Dataset
    figure : str
        The figure's id (its selection in ``statistic_selections``).

    Returns
    -------
    list of km.Estimate
    """
    stats = dataset["reported_statistics"].set_index("stat_id")
    return [
        km.Estimate(
            float(stats.at[s, "timepoint_months"]),
            float(stats.at[s, "value"]),
            s,
            cite(dataset, "reported_statistics", s, "value"),
        )
        for s in selected(dataset, figure)
    ]


def follow_up(dataset, figure: str) -> tuple[float, float, float, str]:
    """The figure's follow-up as the text states it.

    Parameters
    ----------
    dataset : Dataset
    figure : str

    Returns
    -------
    tuple
        ``(shortest, longest, mean, unit)``.
    """
    sid = selected(dataset, figure, FOLLOW_UP)[0]
    row = dataset["reported_statistics"].set_index("stat_id").loc[sid]
    if row["unit"] != "months":
        message = (
            f"reported_statistics {sid}: the follow-up is read in months, as the estimates' times, not {row['unit']!r}"
        )
        raise DataError([Problem(dataset.file("reported_statistics"), None, "unit", message)])
    return float(row["range_low"]), float(row["range_high"]), float(row["value"]), row["unit"]


def follow_up_days(dataset, figure: str) -> tuple[float, float]:
    """The figure's shortest and longest follow-up, in days.

    Parameters
    ----------
    dataset : Dataset
    figure : str

    Returns
    -------
    tuple of float
        The published follow-up range's ends, converted at 30.44 days a month.
    """
    low, high, _, _ = follow_up(dataset, figure)
    return low * DAYS_PER_MONTH, high * DAYS_PER_MONTH


def _rows(dataset, figure: str) -> pd.DataFrame:
    rows = dataset["km_readings"]
    return rows[rows["figure"] == figure]


def _patients(dataset, figure: str) -> int:
    return len(patient_ids(dataset, _rows(dataset, figure)["study_id"].iloc[0]))


def _free(dataset, figure: str, reading: str) -> list[tuple[list[str], str]]:
    """The reading's patients who may be censored at any time, each recount's with where ('at the HSCT')."""
    rows = _rows(dataset, figure)
    free = rows[(rows["reading"] == reading) & (rows["role"] == CENSORED)]
    return [(counted(dataset, r), w) for r, w in zip(free["recount"], free["words"])]


def censored(dataset, figure: str, reading: str) -> tuple[str, int]:
    """Who a reading may censor at any time, in words ('S001 censored at the HSCT'), and how many they are."""
    found = _free(dataset, figure, reading)
    return "; ".join(f"{labels(dataset, p)} censored {w}" for p, w in found), sum(len(p) for p, _ in found)


def variant(dataset, figure: str) -> str:
    """The reading that censors some patients at any time under the alternative convention."""
    rows = _rows(dataset, figure)
    return rows.loc[rows["role"] == CENSORED, "reading"].iloc[0]


def readings(dataset, figure: str, at_any_time: bool = False) -> dict[str, list[km.Constraint]]:
    """Each reading of the event definition as [follow-up, total events] constraints; with ``at_any_time``, a
    reading's patients censored at any time may be, and are followed on (otherwise each censoring ends a follow-up)."""
    low, high, mean, unit = follow_up(dataset, figure)
    words = f"follow-up {low:g}–{high:g} {unit}, mean {mean:g}"
    base, out = km.follow_up(low, high, mean, name=words), {}
    for name, rows in _rows(dataset, figure).groupby("reading", sort=False):
        events = rows[rows["role"] == "event"]
        found = [counted(dataset, r) for r in events["recount"]]
        named = ", ".join(w.format(labels=labels(dataset, p), k=len(p)) for p, w in zip(found, events["words"]))
        total = sum(len(p) for p in found)
        who, free = censored(dataset, figure, name)
        rule = km.follow_up(low, high, mean, f"{words}; {who}, at any time", free) if at_any_time and free else base
        out[name] = [rule, km.total_events(total, f"{total} events: {named}")]
    return out


def consistent(dataset, figure: str, at_any_time: bool = False) -> dict[str, list[km.Configuration]]:
    """The configurations each reading of the event definition allows (see :func:`readings`).

    Parameters
    ----------
    dataset : Dataset
    figure : str
    at_any_time : bool
        Whether a reading's patients censored at any time may be (the alternative convention).

    Returns
    -------
    dict
        Reading → the configurations of events and censorings that reproduce the published estimates under it.
    """
    found, n = estimates(dataset, figure), _patients(dataset, figure)
    return {
        name: km.enumerate_configurations(n, found, rules)
        for name, rules in readings(dataset, figure, at_any_time).items()
    }


def every(dataset, figure: str) -> list[km.Configuration]:
    """Every configuration of the report's patients that reproduces the figure's published estimates."""
    return km.enumerate_configurations(_patients(dataset, figure), estimates(dataset, figure))


def inputs(dataset, figure: str) -> tuple[str, ...]:
    """The curated cells the configurations rest on: the estimates and the follow-up."""
    keys = [evidence.cell_key("reported_statistics", e.label, "value") for e in estimates(dataset, figure)]
    follow = selected(dataset, figure, FOLLOW_UP)[0]
    return tuple(keys + [evidence.cell_key("reported_statistics", follow, f) for f in FIELDS])


def reconstruction(dataset, figure: str) -> tuple:
    """What :mod:`emcart.presentation.km_words` describes of a figure's reconstruction.

    Parameters
    ----------
    dataset : Dataset
    figure : str

    Returns
    -------
    tuple
        ``(estimates, every, readings, low, high)``: the published estimates, every configuration reproducing
        them, the configurations each reading allows (:func:`consistent`), the shortest and longest follow-up.
    """
    low, high, _, _ = follow_up(dataset, figure)
    return estimates(dataset, figure), every(dataset, figure), consistent(dataset, figure), low, high


def configurations(dataset, figure: str, name: str, drawn_in: str) -> pd.DataFrame:
    """Every configuration reproducing the estimates, its curve in the figure (``drawn_in``: the figure's title),
    its time bounds under either convention, and which reading it satisfies (``name``: the estimates' short name,
    'EFS')."""
    low, high, _, unit = follow_up(dataset, figure)
    found = every(dataset, figure)
    frame = km.summary(found, unit, low, high)
    other = variant(dataset, figure)
    who, free = censored(dataset, figure, other)
    frame[f"time bounds, {who}"] = [km.describe_bounds(c, unit, low, high, free) for c in found]
    rules = list(readings(dataset, figure).items()) + [(f"{other}, {who}", readings(dataset, figure, True)[other])]
    for reading, constraints in rules:
        failed = km.rejections(found, constraints)
        frame[reading] = ["consistent" if not failed[c] else "fails: " + "; ".join(failed[c]) for c in found]
    drawn = survival.curve_labels(consistent(dataset, figure))
    frame.insert(0, f"curve in {drawn_in}", [drawn.get(c, "not drawn") for c in found])
    return by_column(frame, HOW.replace("{name}", name), inputs(dataset, figure))


def configurations_table(dataset, figure: str, name: str, drawn_in: str, caption: str, table_id: str) -> Table:
    """Every configuration reproducing the published estimates, as a book table (:func:`configurations`).

    Parameters
    ----------
    dataset : Dataset
    figure : str
    name : str
        The estimates' short name ('EFS').
    drawn_in : str
        The figure's title ('Figure 1B').
    caption : str
        The caption; ``{n}`` stands for the number of configurations.
    table_id : str

    Returns
    -------
    Table
        One row per configuration, its curve in the figure, its time bounds, and for each reading of the event
        definition whether it is consistent (or what fails).
    """
    frame = configurations(dataset, figure, name, drawn_in)
    cuts, unit = every(dataset, figure)[0].cuts, follow_up(dataset, figure)[3]
    spans = ", then ".join(f"{a:g}–{b:g} {unit}" for a, b in zip((0, *cuts), cuts))
    note = (
        f"The letters are in time order within {spans}; after {cuts[-1]:g} {unit} only the numbers of events and "
        "censorings matter. Time bounds: E = event, C = censoring, numbered in order."
    )
    return Table(frame, caption.format(n=len(frame)), table_id, [note])


def _variants(dataset, figure: str) -> list[tuple[str, bool]]:
    """(reading, at any time?) for each reading under each convention that changes it."""
    rows, seen = [], set()
    for at_any_time in (False, True):
        for reading, rules in readings(dataset, figure, at_any_time).items():
            if (reading, rules[0].name) not in seen:
                seen.add((reading, rules[0].name))
                rows.append((reading, at_any_time))
    return rows


def early_bounds(dataset, figure: str, found: list[km.Configuration], reading: str, at_any_time: bool) -> list[km.Item]:
    """:func:`~emcart.presentation.km_words.early_bounds` under the figure's follow-up, the reading's patients
    censored at any time when ``at_any_time``."""
    low, high, _, _ = follow_up(dataset, figure)
    return km_words.early_bounds(found, low, high, censored(dataset, figure, reading)[1] if at_any_time else 0)


def censoring_table(dataset, figure: str, name: str, title: str, table_id: str) -> Table:
    """The configurations each reading allows under each convention for censoring.

    Parameters
    ----------
    dataset : Dataset
    figure : str
    name : str
        The estimates' short name ('EFS').
    title : str
        What the caption begins with ('Report A, Figure 1B').
    table_id : str

    Returns
    -------
    Table
        One row per reading and convention: its censorings, the number of configurations and the time bounds
        before the first published time.
    """
    low, _, _, unit = follow_up(dataset, figure)
    rows = []
    for reading, at_any_time in _variants(dataset, figure):
        found = consistent(dataset, figure, at_any_time)[reading]
        words = (
            f"{censored(dataset, figure, reading)[0]}, at any time" if at_any_time else "each censoring ends follow-up"
        )
        early = km_words.describe(early_bounds(dataset, figure, found, reading, at_any_time), low)
        rows.append(
            {READING: reading, CENSORING: words, COUNT: len(found), EARLY.format(found[0].cuts[0], unit): early}
        )
    how = (
        "{column}: the book's reading of the event definition and of censoring, and what the enumeration of the "
        "configurations reproducing the published {name} estimates (quoted below) finds under it."
    )
    note = (
        "Events and censorings are numbered in time order; '(' excludes and '[' includes the bound. A censoring "
        f"that ends follow-up comes no earlier than the shortest follow-up, {low:g} {unit}."
    )
    frame = by_column(pd.DataFrame(rows), how.replace("{name}", name), inputs(dataset, figure))
    who = "; ".join(
        f"{labels(dataset, p)} is censored {w}" for p, w in _free(dataset, figure, variant(dataset, figure))
    )
    caption = f"{title}: the configurations each reading allows when each censoring ends follow-up, and when {who}"
    return Table(frame, caption, table_id, [note])


def changes(dataset, figure: str) -> str:
    """What censoring some patients at any time changes, in sentences computed from the configurations: the
    configurations each reading keeps, the bounds that move and those that still hold."""
    name, (low, _, _, unit) = variant(dataset, figure), follow_up(dataset, figure)
    strict, free = consistent(dataset, figure), consistent(dataset, figure, True)
    before, after = (early_bounds(dataset, figure, f[name], name, flag) for f, flag in ((strict, False), (free, True)))
    pairs = list(zip(km_words.named(before), before, after))
    moved = "; ".join(
        f"{n} may fall in {km_words.interval(b, low)} {unit} instead of {km_words.interval(a, low)}"
        for n, a, b in pairs
        if (a.low, a.high) != (b.low, b.high)
    )
    kept = "; ".join(f"{n} in {km_words.interval(a, low)}" for n, a, b in pairs if (a.low, a.high) == (b.low, b.high))
    same = set(strict[name]) == set(free[name])
    count = f"the same {len(free[name])}" if same else f"{len(free[name])} instead of {len(strict[name])}"
    others = "; ".join(
        f"the reading '{r}' has no such censoring and keeps its {len(f)}" for r, f in strict.items() if r != name
    )
    free_rows = _free(dataset, figure, name)
    who, where = labels(dataset, [q for p, _ in free_rows for q in p]), "; ".join(w for _, w in free_rows)
    found = free[name][0]
    steps = found.steps()
    return (
        f"Censoring {who} {where} leaves the reading '{name}' {count} configurations; {others}. What changes: "
        f"{moved}. What still holds: {kept}; {len(steps)} events by {found.cuts[-1]:g} {unit}, with "
        f"{', '.join(str(s.at_risk) for s in steps)} patients at risk at them, which the estimates alone fix."
    )


def first_event(dataset, figure: str, at_any_time: bool) -> km.Item:
    """The bounds of the first event under the reading that censors some patients at any time."""
    name = variant(dataset, figure)
    found = consistent(dataset, figure, at_any_time)[name]
    return next(i for i in early_bounds(dataset, figure, found, name, at_any_time) if i.kind == "event")


def attainable(dataset, figure: str) -> list[Recomputed]:
    """The published estimates as the Kaplan–Meier values every configuration that reproduces them gives:
    attainable, with how many configurations each reading of the event definition allows."""
    n, found = _patients(dataset, figure), every(dataset, figure)
    plain = consistent(dataset, figure)
    counts = "; ".join(f"{len(f)} under the reading '{r}'" for r, f in plain.items())
    name = variant(dataset, figure)
    shifted = consistent(dataset, figure, True)[name]
    shared = len(set(shifted) & set(plain[name]))
    counts += (
        f"; {len(shifted)} under '{name}' with {censored(dataset, figure, name)[0]}, {shared} of them also without it"
    )
    neither = len(found) - len(set(shifted).union(*plain.values()))
    counts += f"; {neither} under none: a configuration may fit several readings, so the counts overlap"
    out = []
    for e in estimates(dataset, figure):
        values = {c.survival()[list(c.cuts).index(e.time)] for c in found}
        if len(values) == 1:
            s = values.pop()
            basis = (
                f"{s.numerator}/{s.denominator}: the Kaplan–Meier value of each of the {len(found)} configurations "
                f"of {n} patients that reproduce the published estimates ({counts}); otherwise each censoring is "
                "taken as the end of that patient's follow-up"
            )
            out.append(Recomputed(e.label, 100 * float(s), basis, evidence=CONFIGURATIONS))
    return out


def recomputed(dataset) -> list[Recomputed]:
    """:func:`attainable` for every figure of ``km_readings``."""
    return [r for figure in dataset["km_readings"]["figure"].unique() for r in attainable(dataset, figure)]
