"""Compare published statistics with values recomputed from the per-patient data.

``compare`` takes the published rows (``reported_statistics``), a recomputation per statistic and
a reason for each statistic that does not match. A published value matches when its numerator (if
printed) is the recomputed count and its value agrees with the recomputed one at the published
precision (``approx`` values the same way; a lower or upper bound when the recomputed value lies on
the right side). Every status other than a match must carry a reason, and a reason given for a
match is an error: the reasons cannot silently go stale when the data change.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .stats import agrees

MATCH, MISMATCH, NOT_RECOMPUTABLE = "match", "mismatch", "not recomputable"


@dataclass(frozen=True)
class Recomputed:
    """A recomputed statistic: the value (in the published unit), and for counts the k of n and who."""

    value: float
    numerator: int | None = None
    denominator: int | None = None
    cases: tuple[str, ...] = ()

    @classmethod
    def of(cls, count, unit: str) -> "Recomputed":
        """From an :class:`emcart.outcomes.Count`, as a percentage or a count."""
        value = count.percent if unit == "percent" else float(count.k)
        return cls(value, count.k, count.n, count.cases)


class AuditError(ValueError):
    """Reasons missing for non-matching statistics, or given for matching ones."""


def status(row, recomputed: Recomputed | None) -> str:
    """'match', 'mismatch' or 'not recomputable' for one published row."""
    if recomputed is None:
        return NOT_RECOMPUTABLE
    if pd.notna(row["numerator"]) and recomputed.numerator is not None and int(row["numerator"]) != recomputed.numerator:
        return MISMATCH
    if pd.notna(row["denominator"]) and recomputed.denominator is not None and int(row["denominator"]) != recomputed.denominator:
        return MISMATCH
    published, value = float(row["value"]), float(recomputed.value)
    qualifier = row["value_qualifier"]
    if qualifier == "lower_bound":
        ok = value >= published
    elif qualifier == "upper_bound":
        ok = value <= published
    else:
        ok = agrees(published, value)
    return MATCH if ok else MISMATCH


def _published_text(row) -> str:
    value = float(row["value"])
    if row["unit"] == "percent" and pd.notna(row["numerator"]):
        return f"{int(row['numerator'])} ({value:g}%)"
    prefix = {"approx": "≈", "lower_bound": "≥", "upper_bound": "≤"}.get(row["value_qualifier"], "")
    unit = "" if row["unit"] in ("count", "percent") else f" {row['unit']}"
    text = f"{prefix}{value:g}{'%' if row['unit'] == 'percent' else ''}{unit}"
    if pd.notna(row["denominator"]) and row["unit"] == "count":
        text += f" of {int(row['denominator'])}"
    return text


def _recomputed_text(row, r: Recomputed | None) -> str:
    if r is None:
        return ""
    if row["unit"] == "percent":
        return f"{r.numerator} ({r.value:.1f}%)" if r.numerator is not None else f"{r.value:.1f}%"
    if row["unit"] == "count":
        return f"{r.numerator if r.numerator is not None else r.value:g} of {r.denominator}" if r.denominator else f"{r.value:g}"
    places = max(1, _decimals(row["value"]))
    return f"{r.value:.{places}f} {row['unit']}"


def _decimals(value) -> int:
    from .stats import decimals
    return decimals(float(value))


def compare(dataset, stat_ids: list[str], recomputed: dict[str, Recomputed | None], reasons: dict[str, str],
            remarks: dict[str, str] | None = None, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per published statistic: published, recomputed, status, who was counted, reason.

    Raises :class:`AuditError` if a statistic without a match has no reason, if a matching one has
    a reason (use ``remarks`` for comments on matches), or if a statistic has no recomputation entry.
    """
    stats = dataset["reported_statistics"].set_index("stat_id")
    patients = dataset["patients"].set_index("patient_id")["label"]
    remarks = remarks or {}
    problems, rows = [], []
    for sid in stat_ids:
        if sid not in recomputed:
            problems.append(f"{sid}: no recomputation given (None if not recomputable)")
            continue
        row, r = stats.loc[sid], recomputed[sid]
        state = status(row, r)
        reason = reasons.get(sid, "")
        if state != MATCH and not reason:
            problems.append(f"{sid}: {state} without a reason")
        if state == MATCH and reason:
            problems.append(f"{sid}: matches, but a reason is given (stale?)")
        rows.append({
            "statistic": row["statistic"], "group": row["group"],
            "published": _published_text(row), "recomputed": _recomputed_text(row, r), "status": state,
            "counted": ", ".join(str(patients.get(c, c)) for c in r.cases) if r is not None else "",
            "reason or remark": reason or remarks.get(sid, ""), "stat_id": sid,
        })
    if problems:
        raise AuditError("; ".join(problems))
    frame = pd.DataFrame(rows)
    if labels:
        frame.insert(0, "item", [labels.get(s, "") for s in frame["stat_id"]])
    return frame


def summary(frame: pd.DataFrame) -> pd.Series:
    """How many statistics match, mismatch or cannot be recomputed."""
    return frame["status"].value_counts().reindex([MATCH, MISMATCH, NOT_RECOMPUTABLE], fill_value=0)


def differences(first: pd.DataFrame, second: pd.DataFrame, key: str | list[str], fields: list[str],
                normalise=None) -> pd.DataFrame:
    """Value-by-value differences between two independent transcriptions of the same items.

    Rows are matched on ``key``; a row present in one entry only is one difference (field '(row)').
    ``normalise(field, value)`` maps both entries' cells to comparable values (e.g. '4.0' and '4').
    """
    keys = [key] if isinstance(key, str) else list(key)
    normalise = normalise or (lambda field, value: _plain(value))
    a = first.set_index(keys)
    b = second.set_index(keys)
    out = []
    for k in sorted(set(a.index) | set(b.index), key=str):
        if k not in a.index or k not in b.index:
            out.append({**_key(keys, k), "field": "(row)", "first": "present" if k in a.index else "absent",
                        "second": "present" if k in b.index else "absent"})
            continue
        for f in fields:
            x, y = normalise(f, a.at[k, f] if f in a else None), normalise(f, b.at[k, f] if f in b else None)
            if x != y:
                out.append({**_key(keys, k), "field": f, "first": x, "second": y})
    return pd.DataFrame(out, columns=keys + ["field", "first", "second"])


def _key(keys, k) -> dict:
    return dict(zip(keys, k if isinstance(k, tuple) else (k,)))


def _plain(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return str(int(value))
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number == int(number) else repr(number)
