"""Published statistics against the values recomputed from the curated data.

The published values are the rows of ``reported_statistics``; a chapter supplies, for each row it
can recompute, a :class:`Recomputed` value with the basis of the recomputation (or the reason it
cannot be recomputed). :func:`compare` gives every row a status:

- ``match``: the recomputed value equals the published one (for a bound, satisfies it);
- ``match within rounding``: it rounds to the published value at the published precision;
- ``mismatch``: it does not, or a printed numerator or denominator differs from the recount;
- ``not recomputable``: the data cannot give it (the reason says why).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from emcart.analysis.stats import agrees, interval
from emcart.model.vocabulary import and_list

STATUSES = ("match", "match within rounding", "mismatch", "not recomputable")
UNIT_WORDS = {"percent": "%", "count": "", "days": " days", "weeks": " weeks", "months": " months", "years": " years",
              "10^6 cells/kg": " × 10⁶ cells/kg"}
QUALIFIER_WORDS = {"exact": "", "approx": "approximately ", "lower_bound": "over ", "upper_bound": "at most ",
                   "target": "target "}
DAY_QUALIFIER_WORDS = {"exact": "", "approx": "around ", "lower_bound": "after ", "upper_bound": "by "}


@dataclass(frozen=True)
class Recomputed:
    """A value recomputed for one published statistic (``value`` None: not recomputable); a count's k of n."""

    stat_id: str
    value: float | None
    basis: str = ""
    reason: str = ""
    numerator: int | None = None
    denominator: int | None = None


def status(published: float, qualifier: str, recomputed: float | None) -> str:
    """The status of a recomputed value against a published one (see the module docstring)."""
    if recomputed is None or pd.isna(recomputed):
        return "not recomputable"
    if qualifier == "lower_bound":
        return "match" if recomputed >= published else "mismatch"
    if qualifier == "upper_bound":
        return "match" if recomputed <= published else "mismatch"
    if abs(recomputed - published) < 1e-9:
        return "match"
    return "match within rounding" if agrees(published, recomputed) else "mismatch"


def row_status(row, value: float | None, numerator: int | None = None, denominator: int | None = None) -> str:
    """The status of a published row: its printed k and n (when both sides have them), then its value."""
    if value is not None:
        for printed, counted in ((row["numerator"], numerator), (row["denominator"], denominator)):
            if pd.notna(printed) and counted is not None and int(printed) != counted:
                return "mismatch"
    return status(float(row["value"]), row["value_qualifier"], value)


def from_fraction(row, basis: str = "the published numerator and denominator") -> Recomputed:
    """A proportion recomputed from its own published numerator and denominator (100 k / n)."""
    k, n = int(row["numerator"]), int(row["denominator"])
    value = 100 * k / n
    reason = ""
    if not agrees(float(row["value"]), value):
        reason = f"{k}/{n} = {_number(value)}%; " + nearest_fractions(float(row["value"]), n)
    return Recomputed(row["stat_id"], value, f"{k}/{n} from {basis}", reason)


def nearest_fractions(percent: float, n: int) -> str:
    """Which k/n a published percentage could be: '39.4% is k/8 for no k (nearest: 3/8 = 37.5%, 4/8 = 50%)'."""
    exact = [k for k in range(n + 1) if agrees(percent, 100 * k / n)]
    if exact:
        return f"{percent:g}% is " + " or ".join(f"{k}/{n}" for k in exact)
    below = max((k for k in range(n + 1) if 100 * k / n < percent), default=None)
    above = min((k for k in range(n + 1) if 100 * k / n > percent), default=None)
    near = [f"{k}/{n} = {_number(100 * k / n)}%" for k in (below, above) if k is not None]
    return f"{percent:g}% is k/{n} for no k (nearest: {', '.join(near)})"


def published_text(row) -> str:
    """'39.4% (5/8)', 'approximately 68.57% at 12 months', 'mean 21.9 months (range 5.93–39.97)', 'day 7'."""
    if row["unit"] == "day":  # a time point: 'day 7', 'by day 7'
        return f"{DAY_QUALIFIER_WORDS.get(row['value_qualifier'], '')}day {_number(row['value'])}"
    unit = UNIT_WORDS.get(row["unit"], f" {row['unit']}")
    if float(row["value"]) == 1 and unit.endswith("s"):
        unit = unit[:-1]
    if row["measure"] == "time" and pd.notna(row["range_low"]):
        return f"{_number(row['range_low'])}–{_number(row['range_high'])}{unit}"
    text = f"{QUALIFIER_WORDS.get(row['value_qualifier'], '')}{_number(row['value'])}{unit}"
    if row["measure"] in ("mean", "median"):
        text = f"{row['measure']} {text}"
    if pd.notna(row.get("timepoint_months")):
        text += f" at {_number(row['timepoint_months'])} months"
    if pd.notna(row["numerator"]) and pd.notna(row["denominator"]):
        text += f" ({row['numerator']}/{row['denominator']})" if row["unit"] == "percent" else f" of {row['denominator']}"
    if pd.notna(row["range_low"]):
        text += f" (range {_number(row['range_low'])}–{_number(row['range_high'])})"
    return text


def compare(statistics: pd.DataFrame, recomputed: Iterable[Recomputed]) -> pd.DataFrame:
    """One row per published statistic: published, recomputed, status, and the basis or reason.

    Every row of ``statistics`` appears; a row without a recomputation is 'not recomputable'.
    A recomputation for a statistic that is not in ``statistics`` is an error.
    """
    given = {r.stat_id: r for r in recomputed}
    unknown = set(given) - set(statistics["stat_id"])
    if unknown:
        raise KeyError(f"recomputed values for unknown statistics: {sorted(unknown)}")
    rows = []
    for _, row in statistics.iterrows():
        r = given.get(row["stat_id"], Recomputed(row["stat_id"], None, reason="no recomputation given"))
        state = row_status(row, r.value, r.numerator, r.denominator)
        rows.append({"statistic": row["stat_id"], "what": f"{row['statistic']} ({row['group']})",
                     "published": published_text(row),
                     "recomputed": "" if r.value is None else _number(r.value),
                     "status": state,
                     "basis or reason": "; ".join(x for x in (r.basis, r.reason) if x)})
    return pd.DataFrame(rows, columns=["statistic", "what", "published", "recomputed", "status", "basis or reason"])


def counts(comparison: pd.DataFrame) -> dict[str, int]:
    """How many statistics have each status."""
    return {s: int((comparison["status"] == s).sum()) for s in STATUSES}


def _number(value) -> str:
    return f"{float(value):.6g}"


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


def from_recount(row, r, reason: str) -> Recomputed:
    """A per-case recount (``emcart.recount.Recomputed``) as an audit recomputation."""
    if r is None:
        return Recomputed(row["stat_id"], None, reason=reason)
    counted = f" ({', '.join(r.cases)})" if r.cases else ""
    basis = f"{r.numerator} of {r.denominator} counted from the case descriptions{counted}" if r.denominator else \
        f"recomputed from the case descriptions{counted}"
    return Recomputed(row["stat_id"], float(r.value), basis, reason, r.numerator, r.denominator)


def generic(dataset, row) -> Recomputed:
    """The recomputation of a statistic no chapter recomputes in its own way: a printed proportion
    from its numerator and denominator, a peak from the curated measurement of the same value and
    report, and otherwise the reason, by kind, why the text cannot give it."""
    sid = row["stat_id"]
    if row["measure"] == "proportion" and pd.notna(row["numerator"]) and pd.notna(row["denominator"]):
        return from_fraction(row)
    if pd.notna(row.get("reference")):
        return Recomputed(sid, None, reason=f"a figure the report quotes from another study ({row['reference']}); "
                                            "no data of that study are in the text")
    if row["measure"] == "peak":
        measurements = dataset["measurements"]
        courses = dataset["courses"].set_index("course_id")["study_id"]
        hits = measurements[(measurements["value_qualifier"] == "peak") & (measurements["value"] == row["value"])
                            & measurements["course_id"].map(courses).eq(row["study_id"])]
        return (Recomputed(sid, float(hits["value"].iloc[0]), f"curated measurement {hits['measurement_id'].iloc[0]}")
                if len(hits) else Recomputed(sid, None, reason=GENERIC_REASONS["peak"]))
    return Recomputed(sid, None, reason=GENERIC_REASONS.get(row["measure"], "not recomputable from the text"))


def by_report(comparison: pd.DataFrame) -> pd.DataFrame:
    """Counts of each status per report (rows) with totals."""
    report = comparison["statistic"].str.split("-").str[0]
    table = pd.crosstab(report, comparison["status"]).reindex(columns=list(STATUSES), fill_value=0)
    table.loc["all"] = table.sum()
    table["statistics"] = table.sum(axis=1)
    table.columns.name = None
    return table.rename_axis("report").reset_index()


def interval_comparison(dataset, stat_ids: list[str], method: str) -> str:
    """How published 95% intervals of proportions sit against one method's, limit by limit: 'the lower
    limit is wider for CRS (78 against 78.79) …'. A published limit further from the estimate is
    wider; one closer to it, narrower."""

    stats = dataset["reported_statistics"].set_index("stat_id")
    phrases = []
    for side, index in (("lower", 0), ("upper", 1)):
        kinds: dict[str, list[str]] = {"wider": [], "narrower": [], "the same": []}
        for sid in stat_ids:
            s = stats.loc[sid]
            computed = interval(int(s["numerator"]), int(s["denominator"]), method)[index]
            published = float(s["ci_low" if index == 0 else "ci_high"])
            outward = computed - published if index == 0 else published - computed
            kind = "wider" if outward > 1e-9 else "narrower" if outward < -1e-9 else "the same"
            kinds[kind].append(f"{s['statistic']} at {published:g} against {computed:.2f}")
        parts = [f"{kind} for {and_list(items)}" for kind, items in kinds.items() if items]
        phrases.append(f"the {side} limit is " + ", and ".join(parts))
    return f"against a 95% {method} interval, " + "; ".join(phrases)

