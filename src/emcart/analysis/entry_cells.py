"""Normalising a cell of either entry of a double entry to the words both can be compared in.

A day as an integer string, a grade as its number, an antigen status, a yes/no answer, the numbers a
text states, and a stored day (or its bounds) in words.
"""

from __future__ import annotations

import math
import re

import pandas as pd

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_STATUS = ("negative", "reduced", "positive")
_SUPERSCRIPTS = str.maketrans({s: f"^{d}" for d, s in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")})


def day(value) -> str:
    """A day as an integer string; blank, NaN and infinite days are ''."""
    if (
        value is pd.NA
        or value is None
        or value == ""
        or (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))
    ):
        return ""
    return str(int(float(value)))


def grade(value) -> str:
    """Leading grade number or Roman numeral ('IV' -> '4', '3 (grade from ...)' -> '3'); 0 and prose -> ''."""
    text = str(value or "").strip()
    match = re.match(r"^(\d+|IV|V|I{1,3})\b", text)
    if not match:
        return ""
    token = match.group(1)
    number = _ROMAN.get(token, None) if not token.isdigit() else int(token)
    return "" if not number else str(number)


def status(value) -> str:
    """An antigen status stated at the start of a cell ('reduced (partial CD19 expression)' -> 'reduced')."""
    text = str(value or "").strip().lower()
    return next((s for s in _STATUS if text.startswith(s)), "")


def answer(value) -> str:
    """The leading yes/no/number of a free-text cell; 'unclear', 'unknown', 'n/a', 'not stated', 0 -> ''."""
    text = str(value or "").strip().lower()
    match = re.match(r"^(yes|no|\d+)\b", text)
    if not match or match.group(1) == "0":
        return ""
    return match.group(1)


def numbers(*texts: str) -> str:
    """The distinct numbers the texts state, ascending ('2.5 × 10⁶/kg', '<0.01%' -> '0.01; 2.5; 6; 10')."""
    found = re.findall(r"\d+(?:\.\d+)?", " ".join(texts).translate(_SUPERSCRIPTS))
    return "; ".join(f"{n:g}" for n in sorted({float(f) for f in found}))


def day_span(day_value, low, high, qualifier="") -> str:
    """A stored day as words: '4', '365–366', 'after 28', 'before 0'; '' when no day is given."""
    low, high, single, qualifier = day(low), day(high), day(day_value), str(qualifier)
    if single:
        return single
    if qualifier == "before" or (high and not low):
        return f"before {high}"
    if qualifier == "after" or (low and not high):
        return f"after {low}"
    return "" if not low else low if low == high else f"{low}–{high}"
