"""Report A's Figure 1B: the facts the reconstruction of event-free survival must respect, the two readings of
the event definition, the configurations each allows, and what they show, in sentences computed from them."""

from __future__ import annotations

import pandas as pd

from emcart.analysis import km
from emcart.datapackage.conversions import ORDINALS
from emcart.datapackage.provenance import cite
from emcart.presentation import evidence
from emcart.presentation.cohort import absences_of, absent, events_of, rests_on, with_event
from emcart.presentation.figures import survival
from emcart.presentation.tables import Table
from emcart.reports.report_a import bridged, label, patient_ids, relapsed, statistic, statistics


def km_estimates(data) -> list[km.Estimate]:
    stats = statistics(data)
    rows = stats[(stats["measure"] == "km_estimate") & (stats["statistic"] == "event-free survival")]
    return [
        km.Estimate(
            float(r.timepoint_months), float(r.value), r.stat_id, cite(data, "reported_statistics", r.stat_id, "value")
        )
        for r in rows.itertuples()
    ]


def km_facts(data) -> dict:
    """What the text says of EFS events and follow-up, counted from the curated rows."""
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
    """The facts of :func:`km_facts` as a table."""
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
            tuple(
                evidence.cell_key("reported_statistics", "A-followup", f) for f in ("range_low", "range_high", "value")
            ),
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
    return frame


def km_consistent(data, censored_at_hsct: bool = False) -> dict[str, list[km.Configuration]]:
    """The configurations each reading of the event definition leaves (see :func:`km_readings`)."""
    estimates, n = km_estimates(data), len(patient_ids(data))
    return {
        name: km.enumerate_configurations(n, estimates, rules)
        for name, rules in km_readings(data, censored_at_hsct).items()
    }


def km_findings(data) -> list[str]:
    """What the reconstruction shows, in sentences computed from the configurations."""
    estimates, n = km_estimates(data), len(patient_ids(data))
    every = km.enumerate_configurations(n, estimates)
    facts = km_facts(data)
    low, high, _ = facts["follow-up"]
    cuts = every[0].cuts
    published = "; ".join(f"{e.percent:g}% at {e.time:g} months" for e in estimates)
    risks = sorted({tuple((s.interval, s.at_risk) for s in c.steps()) for c in every})
    by_cut = [sum(1 for s in c.steps() if s.interval <= k) for c in every[:1] for k in range(len(cuts))]
    if len({c.segments[0] for c in every}) != 1 or len(risks) != 1:
        raise ValueError("the configurations differ before the first published time; describe them one by one")
    early = every[0].items(low, high)
    first_event = next(i for i in early if i.kind == "event")
    censored_early = sum(1 for i in early if i.kind == "censoring" and i.interval == 0)
    lines = [
        f"{len(every)} configurations of {n} patients reproduce the published estimates ({published}).",
        f"All of them have the same events up to {cuts[-1]:g} months, with "
        + ", ".join(str(r) for _, r in risks[0])
        + " patients at risk: "
        + ", ".join(f"{b} by {t:g} months" for b, t in zip(by_cut, cuts))
        + f". The estimates therefore allow exactly {by_cut[-1]} events by {cuts[-1]:g} months.",
        f"All of them censor {censored_early} patients before {cuts[0]:g} months (in the order "
        f"{' '.join(every[0].segments[0])}); as no patient is followed for less than {low:g} months, the first "
        f"event falls between {first_event.low:g} and {first_event.high:g} months.",
    ]
    for name, found in km_consistent(data).items():
        events = {c.events for c in found}
        late = sorted({c.tail_events for c in found})
        after = sorted(
            {
                float(c.survival()[-1]) * (c.tail_censored + c.tail_events - 1) / (c.tail_censored + c.tail_events)
                for c in found
                if c.tail_events
            },
            reverse=True,
        )
        text = f"Reading '{name}': {', '.join(map(str, sorted(events)))} events in all; {len(found)} configurations"
        if late and late != [0]:
            text += (
                f", each with {', '.join(map(str, late))} event(s) after {cuts[-1]:g} months: the curve would fall "
                f"below {100 * float(every[0].survival()[-1]):.2f}% after {cuts[-1]:g} months (to "
                f"{100 * after[0]:.2f}% or lower), which the text does not report"
            )
        else:
            text += f", none with an event after {cuts[-1]:g} months"
        lines.append(text + ".")
    return lines


def curve_label_note(data) -> str:
    """What the curve labels of the reconstructed Figure 1B mean: one letter per reading of the event
    definition (one panel each), one number per configuration that reading allows."""
    groups = km_consistent(data)
    labels = survival.curve_labels(groups)
    parts = []
    for panel, (name, found) in enumerate(groups.items()):
        names = [labels[c] for c in found]
        span = names[0] if len(names) == 1 else f"{names[0]}–{names[-1]}"
        ordinal = ORDINALS[panel + 1] if panel + 1 < len(ORDINALS) else str(panel + 1)
        parts.append(
            f"{span} are the {len(found)} configuration{'s' if len(found) != 1 else ''} allowed by the reading "
            f"'{name}' ({ordinal} panel)"
        )
    return (
        "The curves are labelled by reading and configuration: " + "; ".join(parts) + ". The same labels "
        "mark the configurations in the column 'curve in Figure 1B' of the table of configurations on the workings page."
    )


def findings_markdown(data) -> str:
    """:func:`km_findings` as a Markdown list."""
    return "\n".join(f"- {line}" for line in km_findings(data))


def configurations_table(data) -> Table:
    """Every configuration reproducing the published estimates (:func:`km_table`) as a book table."""
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


def km_summary(data) -> str:
    """What the configurations show, in two sentences computed from them: how many reproduce the estimates and
    with how many events, and which reading of the event definition needs an event the text does not report."""
    estimates = km_estimates(data)
    every = km.enumerate_configurations(len(patient_ids(data)), estimates)
    last = every[0].cuts[-1]
    early = {sum(1 for s in c.steps() if s.interval < len(c.cuts)) for c in every}
    readings = []
    for name, found in km_consistent(data).items():
        events = "–".join(str(e) for e in sorted({c.events for c in found}))
        late = any(c.tail_events for c in found)
        when = (
            f"only with an event after {last:g} months, which the text does not report"
            if late
            else f"with none after {last:g} months"
        )
        readings.append(f"the reading '{name}' ({events} events) fits {len(found)} of them {when}")
    return (
        f"{len(every)} configurations of events and censorings among the {len(patient_ids(data))} patients reproduce "
        f"the published estimates, and each has exactly {', '.join(map(str, sorted(early)))} events "
        f"by {last:g} months. Of the two readings of the event definition, " + "; ".join(readings) + "."
    )
