"""Recomputations every report shares: a printed proportion from its own k and n, a peak from the
curated measurement, the reason by kind why the text cannot give a statistic, and how published
intervals sit against a method's."""

from __future__ import annotations

import pandas as pd

from emcart.analysis.stats import interval, mean_bounds
from emcart.audit.comparison import OWN_NUMBERS, Recomputed, from_fraction
from emcart.audit.evidence import restates
from emcart.model.vocabulary import row_words

# Reasons a statistic cannot be recomputed, by kind, for statistics no chapter recomputes.
GENERIC_REASONS = {
    "km_estimate": "a Kaplan–Meier estimate needs each patient's event or censoring time, which the text does not give",
    "survival_estimate": "a survival estimate needs each patient's event or censoring time, which the text does not give",
    "cumulative_incidence": "a cumulative incidence needs each patient's event, competing-event or censoring time, "
    "which the text does not give",
    "mean": "needs every patient's value; the text gives them for no patient or only some",
    "median": "needs every patient's value; the text gives them for no patient or only some",
    "count": "a count of patients the text does not name one by one",
    "time": "a time stated for a group; no per-patient times in the text",
    "peak": "the measurement behind the peak is the published value itself",
    "case value": "a single patient's value restated elsewhere in the text",
    "proportion": "no numerator and denominator are printed and no per-patient data give them",
}


def generic(dataset, row) -> Recomputed:
    """The recomputation of a statistic no chapter recomputes in its own way: a printed proportion
    from its numerator and denominator, a peak from the curated measurement of the same value and
    report stated in another sentence (the same number restated: consistent at best; from the peak's own
    sentence, not checkable), and otherwise none: the curated reason of ``audit_reasons`` where there is
    one, else the reason, by kind, why the text cannot give it."""
    sid = row["stat_id"]
    if row["measure"] == "proportion" and pd.notna(row["numerator"]) and pd.notna(row["denominator"]):
        return from_fraction(row)
    if pd.notna(row.get("reference")):
        return Recomputed(
            sid,
            None,
            reason=f"a figure the report quotes from another study ({row['reference']}); "
            "no data of that study are in the text",
        )
    if row["measure"] == "peak":
        measurements = dataset["measurements"]
        courses = dataset["courses"].set_index("course_id")["study_id"]
        hits = measurements[
            (measurements["value_qualifier"] == "peak")
            & (measurements["value"] == row["value"])
            & measurements["course_id"].map(courses).eq(row["study_id"])
        ]
        if not len(hits):
            return Recomputed(sid, None, reason=GENERIC_REASONS["peak"])
        found = hits["measurement_id"].iloc[0]
        words = f"the curated measurement ({row_words(dataset, 'measurements', found)})"
        if restates(dataset, "measurements", found, sid):
            return Recomputed(sid, None, reason=f"{words} is transcribed from the sentence that states this peak")
        return Recomputed(sid, float(hits["value"].iloc[0]), f"{words}, the same value restated", evidence=OWN_NUMBERS)
    reasons = (
        dataset["audit_reasons"] if "audit_reasons" in dataset.tables else pd.DataFrame(columns=["stat_id", "kind"])
    )
    if ((reasons["stat_id"] == sid) & (reasons["kind"] == "reason")).any():
        return Recomputed(sid, None)  # the curated reason says why, for this statistic
    reason = GENERIC_REASONS.get(row["measure"], "not recomputable from the text")
    if row["measure"] == "mean" and pd.notna(row["range_low"]):
        reason += "; " + _mean_bounds(dataset, row)
    return Recomputed(sid, None, reason=reason)


def _mean_bounds(dataset, row) -> str:
    """Where a mean of the report's patients' values spanning the published range must lie."""
    n = int(dataset["studies"].set_index("study_id").at[row["study_id"], "n_patients"])
    lo, hi = mean_bounds(row["range_low"], row["range_high"], n)
    return f"a mean of {n} values spanning {row['range_low']:g}–{row['range_high']:g} lies in {lo:.2f}–{hi:.2f}"


LIMITS_NOTE = (
    "Each method's 95% interval is computed from the statistic's own printed k/N; beside it, how each printed limit "
    "sits against it: further from the estimate (wider), closer to it (narrower) or the same."
)


def interval_limits(dataset, stat_ids: list[str], methods: list[str]) -> pd.DataFrame:
    """Published 95% intervals of proportions beside the intervals of some methods, limit by limit.

    Parameters
    ----------
    dataset : Dataset
    stat_ids : list of str
        Proportions with a printed numerator, denominator and interval (:func:`printed_intervals`).
    methods : list of str
        Methods of :data:`emcart.analysis.stats.CI_METHODS` (e.g. 'Wald', 'Clopper–Pearson').

    Returns
    -------
    pandas.DataFrame
        One row per statistic: ``statistic``, ``k/N``, ``printed interval`` and a column per method, its
        interval and how the printed limits sit against it ('66.03–91.91; printed lower wider, upper the same').
    """
    stats = dataset["reported_statistics"].set_index("stat_id")
    rows = []
    for sid in stat_ids:
        s = stats.loc[sid]
        k, n, printed = int(s["numerator"]), int(s["denominator"]), (float(s["ci_low"]), float(s["ci_high"]))
        row = {"statistic": s["statistic"], "k/N": f"{k}/{n}", "printed interval": f"{printed[0]:g}–{printed[1]:g}"}
        for method in methods:
            low, high = interval(k, n, method)
            row[method] = (
                f"{low:.2f}–{high:.2f}; printed lower {_side(low - printed[0])}, upper {_side(printed[1] - high)}"
            )
        rows.append(row)
    return pd.DataFrame(rows)


def _side(outward: float) -> str:
    """How far a printed limit lies outside a method's: 'wider', 'narrower' or 'the same'."""
    return "wider" if outward > 1e-9 else "narrower" if outward < -1e-9 else "the same"


def printed_intervals(dataset, study_id: str) -> list[str]:
    """The proportions of a study printed with an interval and their own k and n.

    Parameters
    ----------
    dataset : Dataset
    study_id : str

    Returns
    -------
    list of str
        Statistic ids, in the order of ``reported_statistics``.
    """
    s = dataset["reported_statistics"]
    chosen = s[
        (s["study_id"] == study_id) & (s["measure"] == "proportion") & s["ci_low"].notna() & s["numerator"].notna()
    ]
    return chosen["stat_id"].tolist()
