"""A published statistic and its recomputation in words: '39.4% (5/8)', 'approximately 68.57% at 12 months',
'3 of 7', and which k/n a printed percentage could be."""

from __future__ import annotations

import pandas as pd

from emcart.analysis.stats import agrees

UNIT_WORDS = {
    "percent": "%",
    "count": "",
    "days": " days",
    "weeks": " weeks",
    "months": " months",
    "years": " years",
    "10^6 cells/kg": " × 10⁶ cells/kg",
}
QUALIFIER_WORDS = {
    "exact": "",
    "approx": "approximately ",
    "lower_bound": "over ",
    "upper_bound": "at most ",
    "target": "target ",
}
DAY_QUALIFIER_WORDS = {"exact": "", "approx": "around ", "lower_bound": "after ", "upper_bound": "by "}


def nearest_fractions(percent: float, n: int) -> str:
    """Which k/n a published percentage could be: '39.4% is k/8 for no k (nearest: 3/8 = 37.5%, 4/8 = 50%)'."""
    exact = [k for k in range(n + 1) if agrees(percent, 100 * k / n)]
    if exact:
        return f"{percent:g}% is " + " or ".join(f"{k}/{n}" for k in exact)
    below = max((k for k in range(n + 1) if 100 * k / n < percent), default=None)
    above = min((k for k in range(n + 1) if 100 * k / n > percent), default=None)
    near = [f"{k}/{n} = {plain_number(100 * k / n)}%" for k in (below, above) if k is not None]
    return f"{percent:g}% is k/{n} for no k (nearest: {', '.join(near)})"


def published_text(row) -> str:
    """'39.4% (5/8)', 'approximately 68.57% at 12 months', 'mean 21.9 months (range 5.93–39.97)', 'day 7'."""
    if row["unit"] == "day":  # a time point: 'day 7', 'by day 7'
        return f"{DAY_QUALIFIER_WORDS.get(row['value_qualifier'], '')}day {plain_number(row['value'])}"
    unit = UNIT_WORDS.get(row["unit"], f" {row['unit']}")
    if float(row["value"]) == 1 and unit.endswith("s"):
        unit = unit[:-1]
    if row["measure"] == "time" and pd.notna(row["range_low"]):
        return f"{plain_number(row['range_low'])}–{plain_number(row['range_high'])}{unit}"
    text = f"{QUALIFIER_WORDS.get(row['value_qualifier'], '')}{plain_number(row['value'])}{unit}"
    if row["measure"] in ("mean", "median"):
        text = f"{row['measure']} {text}"
    if pd.notna(row.get("timepoint_months")):
        text += f" at {plain_number(row['timepoint_months'])} months"
    if pd.notna(row["numerator"]) and pd.notna(row["denominator"]):
        text += (
            f" ({row['numerator']}/{row['denominator']})" if row["unit"] == "percent" else f" of {row['denominator']}"
        )
    if pd.notna(row["range_low"]):
        text += f" (range {plain_number(row['range_low'])}–{plain_number(row['range_high'])})"
    return text


def recomputed_text(row, r) -> str:
    """The recomputation ``r`` (a :class:`~emcart.audit.comparison.Recomputed`) of the statistic ``row`` in words:
    '71.4% (5/7)', '3 of 7', '5.7 months': a percentage or a time to the published value's decimals, one more
    where a whole published number is met by one that is not whole; empty when nothing was recomputed."""
    if r.value is None:
        return ""
    decimals = _decimals(row["value"]) or (0 if float(r.value).is_integer() else 1)
    if row["unit"] == "percent":
        shown = f"{float(r.value):.{decimals}f}%"
        return shown + (f" ({r.numerator}/{r.denominator})" if r.denominator else "")
    if row["unit"] == "count" and r.denominator:
        return f"{plain_number(r.value)} of {r.denominator}"
    return f"{float(r.value):.{decimals}f}{UNIT_WORDS.get(row['unit'], ' ' + str(row['unit']))}"


def plain_number(value) -> str:
    """A number as printed, to six significant digits: 71.4, 0.65, 43."""
    return f"{float(value):.6g}"


def _decimals(published) -> int:
    """The decimals a published value is printed with: 71.4 → 1, 68.57 → 2, 50 → 0."""
    text = f"{float(published):g}" if pd.notna(published) else ""
    return len(text.split(".")[1]) if "." in text else 0
