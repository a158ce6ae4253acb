"""Report A's Figure 1B: the facts the reconstruction of event-free survival must respect, the two readings of
the event definition, the configurations each allows, and what they show, in sentences computed from them."""

from __future__ import annotations

import pandas as pd

from emcart.analysis import km
from emcart.audit import comparison as audit
from emcart.datapackage.marks import by_column
from emcart.datapackage.provenance import cite
from emcart.model.patient_rows import absences_of, absent, events_of, with_event
from emcart.presentation import evidence
from emcart.presentation.cohort import rests_on
from emcart.presentation.figures import survival
from emcart.presentation.tables import Table
from emcart.reports.report_a import bridged, label, patient_ids, relapsed, statistic, statistics


def km_estimates(data) -> list[km.Estimate]:
    """Report A's published event-free survival estimates, as Figure 1B's reconstruction needs them.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    list of km.Estimate
        One per published estimate: its time (months), percent, statistic id and cited words.
    """
    stats = statistics(data)
    rows = stats[(stats["measure"] == "km_estimate") & (stats["statistic"] == "event-free survival")]
    return [
        km.Estimate(
            float(r.timepoint_months), float(r.value), r.stat_id, cite(data, "reported_statistics", r.stat_id, "value")
        )
        for r in rows.itertuples()
    ]


def km_facts(data) -> dict:
    """What the text says of EFS events and follow-up, counted from the curated rows.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    dict
        ``n`` (patients), ``relapses`` and ``bridged to HSCT`` (labels of the patients, after the first CAR-T),
        ``deaths`` and ``stated alive`` (counts), ``follow-up`` (shortest, longest, mean; months).
    """
    ids = patient_ids(data)
    fu = statistic(data, "A-followup")
    deaths = with_event(data, ids, "death")
    alive = [p for p in ids if absent(data, p, "death")]
    return {
        "n": len(ids),
        "relapses": [label(data, p) for p in relapsed(data)],
        "bridged to HSCT": [label(data, p) for p in bridged(data)],
        "deaths": len(deaths),
        "stated alive": len(alive),
        "follow-up": (float(fu["range_low"]), float(fu["range_high"]), float(fu["value"])),
    }


def km_facts_table(data) -> Table:
    """What the text says of EFS events and follow-up, as a table.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        One row per fact of :func:`km_facts`: ``fact`` and ``from the curated data``, each with its derivation.
    """
    f = km_facts(data)
    low, high, mean = f["follow-up"]
    rows = [
        ("patients", str(f["n"])),
        ("relapsed after the first CAR-T", ", ".join(f["relapses"])),
        ("bridged to HSCT", ", ".join(f["bridged to HSCT"])),
        ("deaths", str(f["deaths"])),
        ("stated alive", str(f["stated alive"])),
        ("follow-up (months)", f"{low:g} to {high:g}, mean {mean:g}"),
    ]
    return Table(
        pd.DataFrame(rows, columns=["fact", "from the curated data"]),
        "Report A: what the text says of EFS events and follow-up",
        "a-km-facts",
        marks=pd.DataFrame([[m, m] for m in _km_fact_marks(data, [value for _, value in rows])], dtype=object),
    )


FOLLOW_UP = ("range_low", "range_high", "value")


def _km_fact_marks(data, values: list[str]) -> list[evidence.Derivation]:
    """The derivation of each of :func:`km_facts_table`'s rows (``values``: the shown values), for its fact and value."""
    ids = patient_ids(data)

    def of(kind: str, **where) -> tuple[str, ...]:
        found = [rests_on("events", events_of(data, p, kind, **where), "event_type") for p in ids]
        return tuple(evidence.cell_key(*cell) for cells in found for cell in cells)

    alive = [rests_on("absences", absences_of(data, p, "death"), "event_type") for p in ids]
    how = [
        ("the report's patients, counted", tuple(evidence.cell_key("patients", p, "label") for p in ids)),
        ("the patients with a relapse after the first CAR-T", of("relapse", course_number=1, history=False)),
        ("the patients with an HSCT after the first CAR-T", of("HSCT", course_number=1, history=False)),
        ("the patients with a death, counted", of("death")),
        ("the patients the text states alive, counted", tuple(evidence.cell_key(*c) for cells in alive for c in cells)),
        (
            "the published range and mean of the follow-up",
            tuple(evidence.cell_key("reported_statistics", "A-followup", f) for f in FOLLOW_UP),
        ),
    ]
    return [evidence.Derivation(f"{value}: {words}.", keys) for value, (words, keys) in zip(values, how)]


def km_readings(data, censored_at_hsct: bool = False) -> dict[str, list[km.Constraint]]:
    """The event definition read two ways, each with the follow-up the text states.

    Each censoring is taken as the end of its patient's follow-up, so no censoring precedes the shortest
    follow-up; with ``censored_at_hsct``, the reading that does not count bridging to HSCT censors each
    bridged patient at the HSCT instead, at any time, and that patient is followed on."""
    f = km_facts(data)
    low, high, mean = f["follow-up"]
    words = f"follow-up {low:g}–{high:g} months, mean {mean:g}"
    base = km.follow_up(low, high, mean, name=words)
    bridged = ", ".join(f["bridged to HSCT"])
    censored = km.follow_up(
        low,
        high,
        mean,
        name=f"{words}; {bridged} censored at the HSCT, at any time",
        free_censorings=len(f["bridged to HSCT"]) if censored_at_hsct else 0,
    )
    printed = len(f["relapses"]) + len(f["bridged to HSCT"]) + f["deaths"]
    without = len(f["relapses"]) + f["deaths"]
    return {
        "as printed: bridging to HSCT is an event": [
            base,
            km.total_events(
                printed,
                f"{printed} events: relapses of {', '.join(f['relapses'])}, HSCT of {bridged}, {f['deaths']} deaths",
            ),
        ],
        "bridging to HSCT not counted as an event": [
            censored if censored_at_hsct else base,
            km.total_events(without, f"{without} events: relapses of {', '.join(f['relapses'])}, {f['deaths']} deaths"),
        ],
    }


def km_table(data, configurations: list[km.Configuration]) -> pd.DataFrame:
    """Every configuration reproducing the estimates, which reading of the definition it satisfies, and its
    time bounds when each censoring ends follow-up and when the bridged patients are censored at the HSCT."""
    facts = km_facts(data)
    low, high, _ = facts["follow-up"]
    frame = km.summary(configurations, "months", low, high)
    bridged = ", ".join(facts["bridged to HSCT"])
    frame[f"time bounds, {bridged} censored at the HSCT"] = [
        km.describe_bounds(c, "months", low, high, len(facts["bridged to HSCT"])) for c in configurations
    ]
    readings = list(km_readings(data).items())
    variant, variant_rules = list(km_readings(data, censored_at_hsct=True).items())[-1]
    for name, rules in readings + [(f"{variant}, {bridged} censored at the HSCT", variant_rules)]:
        failed = km.rejections(configurations, rules)
        frame[name] = ["consistent" if not failed[c] else "fails: " + "; ".join(failed[c]) for c in configurations]
    drawn = survival.curve_labels(km_consistent(data))
    frame.insert(0, "curve in Figure 1B", [drawn.get(c, "not drawn") for c in configurations])
    return by_column(frame, KM_HOW, km_inputs(data))


KM_HOW = (
    "{column}: computed by the book from the orders of events and censorings of the report's patients that "
    "reproduce the published EFS estimates, under the follow-up the text states (quoted below)."
)


def km_inputs(data) -> tuple[str, ...]:
    """The curated cells the configurations rest on: the EFS estimates and the follow-up."""
    estimates = [evidence.cell_key("reported_statistics", e.label, "value") for e in km_estimates(data)]
    return tuple(estimates + [evidence.cell_key("reported_statistics", "A-followup", f) for f in FOLLOW_UP])


def km_consistent(data, censored_at_hsct: bool = False) -> dict[str, list[km.Configuration]]:
    """The configurations each reading of the event definition leaves (see :func:`km_readings`).

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.
    censored_at_hsct : bool
        Whether the reading that does not count bridging to HSCT censors the bridged patients at the HSCT.

    Returns
    -------
    dict
        Reading → the configurations of events and censorings that reproduce the published estimates under it.
    """
    estimates, n = km_estimates(data), len(patient_ids(data))
    return {
        name: km.enumerate_configurations(n, estimates, rules)
        for name, rules in km_readings(data, censored_at_hsct).items()
    }


def configurations_table(data) -> Table:
    """Every configuration reproducing the published estimates, as a book table.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        :func:`km_table`: one row per configuration, its curve in Figure 1B, its time bounds, and for each
        reading of the event definition whether it is consistent (or what fails).
    """
    configurations = km.enumerate_configurations(len(patient_ids(data)), km_estimates(data))
    return Table(
        km_table(data, configurations),
        f"Report A, Figure 1B: the {len(configurations)} configurations of events (E) and censorings (C) "
        "reproducing the published EFS estimates",
        "a-km-configurations",
        [
            "The letters are in time order within 0–12 months, then 12–24 months; after 24 months only the "
            "numbers of events and censorings matter. Time bounds: E = event, C = censoring, numbered in order."
        ],
    )


def reconstruction(data) -> tuple:
    """What :mod:`emcart.presentation.km_words` describes of Figure 1B's reconstruction.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    tuple
        ``(estimates, every, readings, low, high)``: the published estimates, every configuration reproducing
        them, the configurations each reading of the event definition allows (:func:`km_consistent`), and the
        shortest and longest follow-up (months).
    """
    estimates = km_estimates(data)
    low, high, _ = km_facts(data)["follow-up"]
    every = km.enumerate_configurations(len(patient_ids(data)), estimates)
    return estimates, every, km_consistent(data), low, high


def efs_attainable(data) -> list[audit.Recomputed]:
    """The EFS estimates as the Kaplan–Meier values every configuration of eight patients that reproduces
    them gives: attainable, with how many configurations each reading of the event definition allows."""
    n = len(patient_ids(data))
    configurations = km.enumerate_configurations(n, km_estimates(data))
    readings = "; ".join(f"{len(found)} under the reading '{name}'" for name, found in km_consistent(data).items())
    variant, found = list(km_consistent(data, censored_at_hsct=True).items())[-1]
    names = ", ".join(km_facts(data)["bridged to HSCT"])
    readings += f"; {len(found)} under '{variant}' with {names} censored at the HSCT"
    out = []
    for e in km_estimates(data):
        values = {c.survival()[list(c.cuts).index(e.time)] for c in configurations}
        if len(values) == 1:
            s = values.pop()
            out.append(
                audit.Recomputed(
                    e.label,
                    100 * float(s),
                    f"{s.numerator}/{s.denominator}: the Kaplan–Meier value of each of the "
                    f"{len(configurations)} configurations of {n} patients that reproduce the published estimates "
                    f"({readings}); otherwise each censoring is taken as the end of that patient's follow-up",
                    evidence=audit.CONFIGURATIONS,
                )
            )
    return out
