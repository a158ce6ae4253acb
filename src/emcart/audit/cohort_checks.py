"""Cohort numbers a report prints beside a table of its patients, checked against the curated per-patient rows
as the curated table ``cohort_checks`` defines them: a count against a recount, parts against the patients
enrolled, a peak against the measurements, or nothing to check; each with the book-wide audit status of the
published statistics it is (``statistic_selections``: the check table's rows whose group is the fact)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emcart.analysis.stats import mean_bounds
from emcart.audit.patient_recounts import among, counted, definition
from emcart.audit.statistic_words import nearest_fractions, published_text
from emcart.model import statistic_selections
from emcart.model.patient_rows import absent, labels, patient_ids, with_event

CONSISTENT, INCONSISTENT, UNCHECKABLE, SEE_TABLE = "consistent", "inconsistent", "cannot be checked", "see table"


@dataclass(frozen=True)
class Check:
    """A cohort-level fact checked against the per-patient data."""

    fact: str
    published: str
    observed: str
    result: str  # CONSISTENT, INCONSISTENT, UNCHECKABLE or SEE_TABLE
    note: str = ""
    audit_status: str = ""  # the status in the book-wide audit of the published statistics it is


def statistics(dataset, selection: str) -> dict[str, list[str]]:
    """Fact → the published statistics it is (those of ``statistic_selections`` grouped under it), in order."""
    rows = statistic_selections.rows(dataset, selection)
    return {fact: group["stat_id"].tolist() for fact, group in rows.groupby("group", sort=False)}


def _patients(dataset, c, ids: list[str]) -> tuple[list[str], list[str]]:
    """The patients a check counts, and those stated without the event, among those its recount counts among."""
    if pd.notna(c["recount"]):
        d = definition(dataset, c["recount"])
        course = None if pd.isna(d["course_number"]) else int(d["course_number"])
        within = among(dataset, d)
        return counted(dataset, c["recount"]), [p for p in within if absent(dataset, p, d["event_type"], course)]
    if pd.notna(c["event_type"]):
        return with_event(dataset, ids, c["event_type"]), []
    return [], []


def _filled(dataset, spec, ids: list[str]) -> int:
    """How many of the patients have a value of ``table.field`` (on a course table, on their first course)."""
    if pd.isna(spec):
        return 0
    table, field = spec.split(".")
    rows = dataset[table][dataset[table][field].notna()]
    if table == "patients":
        return int(rows["patient_id"].isin(ids).sum())
    courses = dataset["courses"]
    first = courses[courses["patient_id"].isin(ids) & (courses["course_number"] == 1)]["course_id"]
    return int(first.isin(rows["course_id"]).sum())


def _published(dataset, sids: list[str], n: int) -> dict:
    """The placeholders a check's published statistics fill."""
    if not sids:
        return {}
    stats = dataset["reported_statistics"].set_index("stat_id")
    s, values = stats.loc[sids[0]], [float(stats.at[i, "value"]) for i in sids]
    words = {"value": values[0], "values": values, "numerator": s["numerator"], "denominator": s["denominator"]}
    words["published"] = published_text(s)
    if pd.notna(s["numerator"]):
        words |= {"ratio": 100 * s["numerator"] / s["denominator"], "share": 100 * s["numerator"] / n}
        words["fractions"] = nearest_fractions(s["value"], int(s["denominator"]))
    if pd.notna(s["range_low"]):
        lo, hi = mean_bounds(s["range_low"], s["range_high"], n)
        words["mean_bounds"] = f"{lo:.2f}–{hi:.2f}"
    return words


def _highest(dataset, analyte: str, ids: list[str]) -> tuple[dict, bool]:
    """The published peak of a measurement against every curated value of it."""
    rows = dataset["measurements"]
    rows = rows[rows["patient_id"].isin(ids) & rows["analyte"].eq(analyte)]
    peak = rows[rows["value_qualifier"] == "peak"]
    name = dataset["patients"].set_index("patient_id")["label"]
    words = {"measured": ", ".join(f"{name[r.patient_id]} {r.value:.10g}" for r in rows.itertuples())}
    if peak.empty:
        return words | {"peak": "none", "peak_label": "none"}, False
    words |= {"peak": f"{peak['value'].max():.10g}", "peak_label": name[peak["patient_id"].iloc[0]]}
    return words, rows["value"].max() == peak["value"].max()


def _check(dataset, c, sids: list[str], ids: list[str]) -> Check:
    """One row of ``cohort_checks``, checked."""
    stats = dataset["reported_statistics"].set_index("stat_id")
    found, without = _patients(dataset, c, ids)
    words = _published(dataset, sids, len(ids)) | {"n": len(ids), "k": len(found), "labels": labels(dataset, found)}
    words |= {"absent_labels": labels(dataset, without), "filled": _filled(dataset, c["filled"], ids)}
    defs = dataset["definitions"]
    legend = defs[(defs["study_id"] == c["study_id"]) & (defs["item"] == c["legend"])]
    words["legend"] = "; ".join(f"{d.term}, {d.definition}" for d in legend.itertuples())
    if pd.notna(c["protocol"]):
        dose = dataset["treatments"].set_index("treatment_id").loc[c["protocol"]]
        inside = dose["dose"] <= stats.at[sids[0], "range_low"] and stats.at[sids[0], "range_high"] <= dose["dose_max"]
        words |= {"protocol_low": dose["dose"], "protocol_high": dose["dose_max"]}
        words["within"] = "lies" if inside else "does not lie"
    parts = [(label, int(stats.at[s, "value"])) for s, label in _labels(dataset, c).items()]
    words |= {"parts": ", ".join(f"{label} {v}" for label, v in parts), "total": sum(v for _, v in parts)}
    words["sum_terms"] = " + ".join(str(v) for _, v in parts)
    holds = {"sum": words["total"] == len(ids), "count": True, "highest": True}.get(c["rule"])
    if c["rule"] == "count":
        holds = len(found) == int(stats.at[c["recount"], "value"])
        holds &= (
            pd.isna(c["accounted"])
            or not c["accounted"]
            or len(found) + len(without) == len(among(dataset, definition(dataset, c["recount"])))
        )
        holds &= pd.isna(c["same_as"]) or found == counted(dataset, c["same_as"])
    if c["rule"] == "highest":
        more, holds = _highest(dataset, c["analyte"], ids)
        words |= more
    result = UNCHECKABLE if holds is None else CONSISTENT if holds else INCONSISTENT
    if c["rule"] == "shown if given":
        result = SEE_TABLE if words["filled"] else UNCHECKABLE
    note = "" if pd.isna(c["note"]) else c["note"].format(**words)
    return Check(c["fact"], c["published"].format(**words), c["observed"].format(**words), result, note)


def _labels(dataset, c) -> dict[str, str]:
    """For a sum, each part's statistic → its words (the selection's label)."""
    if c["rule"] != "sum":
        return {}
    rows = statistic_selections.rows(dataset, c["selection"])
    rows = rows[rows["group"] == c["fact"]]
    return dict(zip(rows["stat_id"], rows["label"]))


def checks(dataset, selection: str, statuses: pd.Series) -> list[Check]:
    """The checks of one table of cohort numbers, each with the audit status of the statistics it is.

    Parameters
    ----------
    dataset : Dataset
    selection : str
        The table of checks (``cohort_checks.selection``).
    statuses : pandas.Series
        The book-wide audit's status of each published statistic, by statistic id.

    Returns
    -------
    list of Check
        In the order of ``cohort_checks``; ``audit_status`` the statistics' shared status, else each one's.
    """
    rows = dataset["cohort_checks"]
    rows = rows[rows["selection"] == selection]
    ids = patient_ids(dataset, rows["study_id"].iloc[0])
    of = statistics(dataset, selection)
    names = dataset["reported_statistics"].set_index("stat_id")["statistic"]
    out = []
    for _, c in rows.iterrows():
        sids = of.get(c["fact"], [])
        check = _check(dataset, c, sids, ids)
        found = [statuses[s] for s in sids]
        status = (
            "; ".join(f"{names[s]}: {x}" for s, x in zip(sids, found)) if len(set(found)) > 1 else "".join(found[:1])
        )
        out.append(Check(check.fact, check.published, check.observed, check.result, check.note, status))
    return out
