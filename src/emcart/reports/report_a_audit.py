"""Report A's published statistics recomputed from the curated rows of its eight patients and from the
Kaplan–Meier configurations that reproduce its EFS estimates, and set against the published values."""

from __future__ import annotations

import pandas as pd

from emcart.analysis import km
from emcart.audit import comparison as audit
from emcart.presentation import tables
from emcart.presentation.cohort import absent, events_of, mean_bounds, with_event
from emcart.presentation.evidence import REASON
from emcart.presentation.tables import Table
from emcart.reports.report_a import bridged, labels, patient_ids, relapsed, second_courses, statistic, statistics
from emcart.reports.report_a_km import km_consistent, km_estimates, km_facts


def relapsed_after_hsct(data) -> list[str]:
    """The patients with an HSCT and a relapse before the first CAR-T."""
    return [
        p
        for p in patient_ids(data)
        if len(events_of(data, p, "HSCT", history=True)) and len(events_of(data, p, "relapse", history=True))
    ]


def alive(data) -> list[str]:
    """The patients the text states alive."""
    return [p for p in patient_ids(data) if absent(data, p, "death")]


def _recount(sid, value, basis, kinds, members) -> audit.Recomputed:
    return audit.Recomputed(sid, float(value), basis, patients=tuple(members), event_types=kinds)


def _before_and_after_first(data) -> list[audit.Recomputed]:
    """Counts of the patients' history and of the first course, recomputed from their curated rows."""
    ids = patient_ids(data)
    cr1, after_hsct, living = with_event(data, ids, "CR", course_number=1), relapsed_after_hsct(data), alive(data)
    deaths = with_event(data, ids, "death")
    status = data["patients"].set_index("patient_id").loc[ids, "disease_status"]
    steroid_it = [
        p for p in ids if events_of(data, p, "glucocorticoids")["detail"].fillna("").str.contains("intrathecal").any()
    ]
    after = f"HSCT, then relapse, before CAR-T: {labels(data, after_hsct)}"
    dead = f"deaths; {len(living)} patients stated alive"
    return [
        _recount("A-relapsed", status.eq("relapse").sum(), "patients with relapsed disease", ("relapse",), ids),
        _recount("A-relapse-after-HSCT", len(after_hsct), after, ("HSCT", "relapse"), ids),
        _recount("A-CR", len(cr1), f"CR after the first CAR-T: {labels(data, cr1)}", ("CR",), ids),
        _recount(
            "A-CCR",
            len([p for p in cr1 if p not in relapsed(data)]),
            "CR without a later relapse",
            ("CR", "relapse"),
            ids,
        ),
        _recount("A-CAR-death", len(deaths), dead, ("death",), ids),
        _recount("A-CRS-CRES-death", len(deaths), dead, ("death",), ids),
        _recount("A-alive", len(living), "patients stated alive", ("death",), ids),
        _recount(
            "A-CRS", len(with_event(data, ids, "CRS onset", course_number=1)), "patients with CRS", ("CRS onset",), ids
        ),
        _recount(
            "A-IT-glucocorticoids",
            len(steroid_it),
            f"intrathecal glucocorticoids: {labels(data, steroid_it)}",
            ("glucocorticoids",),
            ids,
        ),
    ]


def _relapses_and_second_courses(data) -> list[audit.Recomputed]:
    """Counts of the relapses, the bridging to HSCT and the second courses, recomputed from the curated rows."""
    ids, second, back, bridges = patient_ids(data), second_courses(data), relapsed(data), bridged(data)
    cr2 = with_event(data, ids, "CR", course_number=2)
    without = sum(absent(data, p, "HSCT", 2) for p in second)
    return [
        _recount("A-HSCT-bridge", len(bridges), f"HSCT after the first CR: {labels(data, bridges)}", ("HSCT",), ids),
        _recount("A-relapse", len(back), f"relapse after the first CAR-T: {labels(data, back)}", ("relapse",), ids),
        _recount("A-second-CAR", len(second), f"second courses: {labels(data, second)}", ("CAR-T infusion",), ids),
        _recount("A-CR2", len(cr2), f"CR on the second course: {labels(data, cr2)}", ("CR",), ids),
        _recount(
            "A-CR2-discussion",
            100 * len(cr2) / len(second),
            f"{len(cr2)}/{len(second)} second courses with CR",
            ("CR",),
            second,
        ),
        _recount(
            "A-HSCT-after-second",
            len(with_event(data, second, "HSCT", course_number=2)),
            f"HSCT on the second course; {without} stated without",
            ("HSCT",),
            second,
        ),
    ]


def _efs_attainable(data) -> list[audit.Recomputed]:
    """The EFS estimates as the Kaplan–Meier values every configuration of eight patients that reproduces
    them gives: attainable, with how many configurations each reading of the event definition allows."""
    n = len(patient_ids(data))
    configurations = km.enumerate_configurations(n, km_estimates(data))
    plain = km_consistent(data)
    readings = "; ".join(f"{len(found)} under the reading '{name}'" for name, found in plain.items())
    variant, found = list(km_consistent(data, censored_at_hsct=True).items())[-1]
    names = ", ".join(km_facts(data)["bridged to HSCT"])
    shared = len(set(found) & set(plain[variant]))
    readings += f"; {len(found)} under '{variant}' with {names} censored at the HSCT, {shared} of them also without it"
    neither = len(configurations) - len(set(found).union(*plain.values()))
    readings += f"; {neither} under none: a configuration may fit several readings, so the counts overlap"
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


def recomputed(data) -> list[audit.Recomputed]:
    """A recomputation (or the reason there is none) for every statistic report A publishes."""
    n = len(patient_ids(data))
    out = _before_and_after_first(data) + _relapses_and_second_courses(data) + _efs_attainable(data)
    done = {r.stat_id for r in out}
    reasons = {
        "mean": "no per-patient values in the text",
        "time": "a time stated for a group; no per-patient times in the text",
        "count": "the text does not say which patients",
    }
    for row in statistics(data).itertuples():
        if row.stat_id in done:
            continue
        if row.measure == "proportion":
            out.append(
                audit.from_fraction(
                    statistic(data, row.stat_id), "the published numerator and denominator (no patient is named)"
                )
            )
            continue
        reason = reasons.get(row.measure, "not recomputable from the text")
        if row.measure == "mean" and pd.notna(row.range_low):
            lo, hi = mean_bounds(row.range_low, row.range_high, n)
            reason += f"; a mean of {n} values spanning {row.range_low:g}–{row.range_high:g} lies in {lo:.2f}–{hi:.2f}"
        out.append(audit.Recomputed(row.stat_id, None, reason=reason))
    return out


def comparison(data) -> Table:
    """Report A's published statistics against the curated data, one per row, indexed by statistic id (not
    shown), with a count of each status as its footnote."""
    compared = audit.compare(data, recomputed(data), statistics(data)["stat_id"].tolist())
    tally = ", ".join(f"{n} {s}" for s, n in audit.counts(compared).items() if n)
    caption = "Report A: published statistics against the curated data"
    return tables.statistics(data, compared, caption, "a-audit", [f"{len(compared)} statistics: {tally}."])


def audit_table(data) -> Table:
    """Report A's published statistics against the curated data, for the page.

    Parameters
    ----------
    data : Dataset
        The loaded data holding report A's rows.

    Returns
    -------
    Table
        :func:`comparison` without the columns no statistic of report A fills: one row per statistic, published
        and recomputed values and status; the basis or reason of each status a numbered note below the table, and
        the count of each status the first footnote.
    """
    full = comparison(data)
    kept = [i for i, name in enumerate(full.frame.columns) if not full.frame[name].fillna("").eq("").all()]
    frame, marks = full.frame.iloc[:, kept], full.marks.iloc[:, kept]
    return tables.with_notes(frame, REASON, full.caption, full.table_id, full.footnotes, heading=REASON, marks=marks)


def audit_statuses(data) -> pd.Series:
    """The book-wide audit's status of every statistic report A publishes, by statistic id."""
    return audit.compare(data, recomputed(data), statistics(data)["stat_id"].tolist()).set_index("statistic")["status"]
