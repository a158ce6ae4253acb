"""Published statistics recounted from the per-patient data, in the audit's vocabulary.

``compare`` takes the published rows (``reported_statistics``), a recount per statistic (who was
counted, k of n) and a reason for each statistic that does not match; each gets the status of
:func:`emcart.audit.row_status` (match, match within rounding, mismatch, not recomputable). Every status
other than a match must carry a reason, and a reason given for a match is an error: the reasons
cannot silently go stale when the data change.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emcart.analysis.stats import decimals
from emcart.audit import comparison as audit

MATCHES = ("match", "match within rounding")
NOT_RECOMPUTABLE = "not recomputable"


@dataclass(frozen=True)
class Recomputed:
    """A recomputed statistic: the value (in the published unit), and for counts the k of n and who."""

    value: float
    numerator: int | None = None
    denominator: int | None = None
    cases: tuple[str, ...] = ()

    @classmethod
    def of(cls, count, unit: str) -> Recomputed:
        """From an :class:`emcart.outcomes.Count`, as a percentage or a count."""
        value = count.percent if unit == "percent" else float(count.k)
        return cls(value, count.k, count.n, count.cases)


class AuditError(ValueError):
    """Reasons missing for non-matching statistics, or given for matching ones."""


def status(row, recomputed: Recomputed | None) -> str:
    """The audit status of one published row against its recount."""
    if recomputed is None:
        return NOT_RECOMPUTABLE
    return audit.row_status(row, float(recomputed.value), recomputed.numerator, recomputed.denominator)


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
        if state not in MATCHES and not reason:
            problems.append(f"{sid}: {state} without a reason")
        if state in MATCHES and reason:
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
    """How many statistics have each audit status."""
    return pd.Series(audit.counts(frame))
