"""Follow-up: what the per-patient data imply, and whether a published median and range can be met.

Each patient's follow-up is known only as an interval of days. It is derived from the end of follow-up the events give
(death, loss to follow-up, last contact: a day, an interval, or a lower bound) and from the study's calendar window
(immunotherapy between the enrolment start and end, last follow-up on a closing date), under several choices of where
follow-up is counted from:

- ``immunotherapy``: day 0 of the first course to the end of follow-up;
- ``closing date``: day 0 of the first course to the study's closing date, whatever happened before;
- ``diagnosis``: the initial diagnosis to the end of follow-up (day 0 lies at least as long after the diagnosis as a
  relapse the text dates from the diagnosis; the caller may give an upper bound per patient where the text implies one,
  e.g. from the child's age);
- ``relapse``: the relapse before immunotherapy to the end of follow-up (undefined for a patient the text reports no
  such relapse for, e.g. refractory disease).

:func:`~emcart.model.median_range.feasible`: can one value per interval give the published median, minimum and maximum?
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from emcart.model import outcomes
from emcart.model.median_range import feasible
from emcart.model.timeline import date_interval, placed_events
from emcart.model.vocabulary import END_OF_FOLLOW_UP, and_list

REFERENCES = ("immunotherapy", "closing date", "diagnosis", "relapse")
INF = math.inf
# Each reference point in words, for prose.
REFERENCE_WORDS = {
    "immunotherapy": "immunotherapy to death, loss or last follow-up",
    "closing date": "immunotherapy to the closing date",
    "diagnosis": "the diagnosis",
    "relapse": "the relapse before immunotherapy",
}


@dataclass(frozen=True)
class Window:
    """First and last possible day of immunotherapy, and the closing (last follow-up) date."""

    first: pd.Timestamp
    last: pd.Timestamp
    closing: pd.Timestamp

    @property
    def longest(self) -> int:
        """Days from the earliest possible day 0 to the closing date."""
        return (self.closing - self.first).days

    @property
    def shortest(self) -> int:
        """Days from the latest possible day 0 to the closing date."""
        return (self.closing - self.last).days


def span_start(window: Window, days: float) -> pd.Timestamp:
    """The first day of a span of ``days`` that ends on the study's closing date.

    Parameters
    ----------
    window : Window
    days : float
        Length of the span in days (e.g. the published longest follow-up).

    Returns
    -------
    pandas.Timestamp
    """
    return window.closing - pd.Timedelta(days=days)


def window(dataset, study_id: str) -> Window:
    """The study's window: the earliest and latest possible day 0 of immunotherapy and the closing date.

    Read from ``study_dates``: the first day the enrolment start can be, the last day the enrolment end can be,
    and the last day the last follow-up can be (a month-only date spans its whole month).

    Parameters
    ----------
    dataset : Dataset
    study_id : str

    Returns
    -------
    Window
        ``first`` and ``last`` possible day 0 and ``closing`` date, with ``longest`` and ``shortest`` spans.
    """
    dates = dataset["study_dates"]
    dates = dates[dates["study_id"] == study_id].set_index("item")

    def span(item):
        return date_interval(dates.at[item, "date"], dates.at[item, "date_precision"])

    return Window(span("enrolment start")[0], span("enrolment end")[1], span("last follow-up")[1])


def min_days(value: float, unit: str) -> int:
    """The fewest days a stated duration can span (months and years by the calendar)."""
    if unit == "days":
        return int(math.floor(value))
    if unit == "weeks":
        return int(math.floor(7 * value))
    if unit == "years":
        whole = int(value)
        return 365 * whole + int(math.floor((value - whole) * 365 + 1e-9))
    if unit == "months":
        whole = int(value)
        starts = pd.date_range("2001-01-01", periods=48, freq="MS")
        shortest = min(((s + pd.DateOffset(months=whole)) - s).days for s in starts)
        return shortest + int(math.floor((value - whole) * 28 + 1e-9))
    raise ValueError(f"unknown unit {unit!r}")


def end_of_follow_up(dataset, patient_id: str) -> pd.Series:
    """The patient's last end-of-follow-up event, placed on the first course's clock."""
    placed = placed_events(dataset, patient_id, outcomes.first_course(dataset, patient_id))
    ends = placed[placed["event_type"].isin(END_OF_FOLLOW_UP)].dropna(subset=["start"])
    if ends.empty:
        raise ValueError(f"{patient_id}: no placed end of follow-up")
    return ends.loc[ends["start"].idxmax()]


def _diagnosis_lead(dataset, patient_id: str) -> int:
    """Fewest days from diagnosis to day 0: the longest stated time from diagnosis to a prior event."""
    history = outcomes.events(dataset, patient_id, history=True)
    history = history[history["history"].astype(bool) & history["since_diagnosis"].notna()]
    return max((min_days(float(r.since_diagnosis), r.since_diagnosis_unit) for r in history.itertuples()), default=0)


def _has_prior_relapse(dataset, patient_id: str) -> bool:
    history = outcomes.events(dataset, patient_id, "relapse", history=True)
    return bool(history["history"].astype(bool).any())


def per_patient(
    dataset, patient_ids: list[str], study_id: str, diagnosis_limits: dict[str, float] | None = None
) -> pd.DataFrame:
    """Bounds of each patient's follow-up in days under each reference point.

    Parameters
    ----------
    dataset : Dataset
    patient_ids : list of str
        The patients, in the order of the rows returned.
    study_id : str
        The study whose window (:func:`window`) bounds the follow-up.
    diagnosis_limits : dict of str to float, optional
        Patient id → the most days the text allows from the initial diagnosis to the end of follow-up (e.g. a
        child diagnosed in the first week of life who died as an infant; :func:`diagnosis_limits`). It caps
        ``diagnosis high``; a limit below the lower bound raises ``ValueError``.

    Returns
    -------
    pandas.DataFrame
        One row per patient: ``patient_id``, ``case`` (label), ``end`` (event type ending follow-up), ``stated
        low``/``stated high`` (the bounds the events alone give), ``diagnosis lead`` (fewest days from diagnosis
        to day 0), and ``<reference> low``/``<reference> high`` for each of :data:`REFERENCES` (high is infinite
        where nothing bounds it; both are NaN where the reference point does not exist for the patient).
    """
    diagnosis_limits = diagnosis_limits or {}
    win = window(dataset, study_id)
    labels = dataset["patients"].set_index("patient_id")["label"]
    rows = []
    for pid in patient_ids:
        end = end_of_follow_up(dataset, pid)
        low, high = float(end["start"]), float(end["end"])
        if pd.notna(end["date"]):
            first, last = date_interval(end["date"], end["date_precision"])
            imm = (max(low, (first - win.last).days), min(high, (last - win.first).days))
        else:
            imm = (low, min(high, win.longest))
        closing = (max(low, win.shortest), float(win.longest))
        lead = _diagnosis_lead(dataset, pid)
        diagnosis = (imm[0] + lead, float(diagnosis_limits.get(pid, INF)))
        if diagnosis[1] < diagnosis[0]:
            raise ValueError(f"{pid}: diagnosis limit {diagnosis[1]} below the lower bound {diagnosis[0]}")
        relapse = (imm[0], INF) if _has_prior_relapse(dataset, pid) else (math.nan, math.nan)
        row = {
            "patient_id": pid,
            "case": labels[pid],
            "end": end["event_type"],
            "stated low": low,
            "stated high": high,
            "diagnosis lead": lead,
        }
        for name, (lo, hi) in zip(REFERENCES, (imm, closing, diagnosis, relapse)):
            row[f"{name} low"], row[f"{name} high"] = float(lo), float(hi)
        rows.append(row)
    return pd.DataFrame(rows)


def check(frame: pd.DataFrame, median: float, low: float, high: float) -> pd.DataFrame:
    """For each reference point: whether the published median and range can be met, and which cases prevent it.

    Parameters
    ----------
    frame : pandas.DataFrame
        Follow-up bounds from :func:`per_patient` (needs ``case`` and the ``<reference> low/high`` columns).
    median, low, high : float
        The published median, minimum and maximum follow-up in days.

    Returns
    -------
    pandas.DataFrame
        One row per reference point: ``counted from``, ``consistent`` ('yes'/'no'), ``below the minimum or above
        the maximum`` and ``undefined for`` (cases, comma-separated), and ``one consistent set of values (days)``
        (empty when none exists).
    """
    rows = []
    for name in REFERENCES:
        intervals = list(zip(frame[f"{name} low"], frame[f"{name} high"]))
        result = feasible(intervals, median, low, high)
        cases = frame["case"].tolist()
        rows.append(
            {
                "counted from": name,
                "consistent": "yes" if result.feasible else "no",
                "below the minimum or above the maximum": ", ".join(cases[i] for i in result.outside),
                "undefined for": ", ".join(cases[i] for i in result.undefined),
                "one consistent set of values (days)": (
                    ", ".join(f"{c}: {days(v)}" for c, v in zip(cases, result.witness)) if result.witness else ""
                ),
            }
        )
    return pd.DataFrame(rows)


NO_UPPER_BOUND = "no upper bound"


def days(value: float) -> str:
    """A day count as the book prints it: '3,193'; an infinite bound as 'no upper bound'; NaN as ''.

    Parameters
    ----------
    value : float

    Returns
    -------
    str
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if math.isinf(value):
        return NO_UPPER_BOUND
    if float(value) == int(value):
        return f"{int(value):,}"
    return f"{value:,g}"


def shown(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`per_patient` for display: every numeric column's day counts printed by :func:`days`.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        A copy with the same columns, numeric ones as text.
    """
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(days)
    return out


# The headings of :func:`shown_bounds` that differ from :func:`per_patient`'s columns.
HEADINGS = {"end": "end of follow-up", "diagnosis lead": "diagnosis precedes day 0 by at least"}


def shown_bounds(frame: pd.DataFrame) -> pd.DataFrame:
    """Follow-up bounds (:func:`per_patient`) as a page shows them: no ``patient_id``, days printed, headings in words.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
    """
    return shown(frame.drop(columns=["patient_id"])).rename(columns=HEADINGS)


def consistent_words(verdict: pd.DataFrame) -> str:
    """The reference points :func:`check` finds consistent, in words ('the diagnosis and ...'), or 'none'.

    Parameters
    ----------
    verdict : pandas.DataFrame

    Returns
    -------
    str
    """
    names = [REFERENCE_WORDS[n] for n in verdict.loc[verdict["consistent"] == "yes", "counted from"]]
    return and_list(names) or "none"


def diagnosis_limits(dataset) -> dict[str, int]:
    """The most days from the initial diagnosis to the end of follow-up the text allows, by patient.

    Read from the curated table ``diagnosis_bounds`` (days of life at diagnosis, and at most at the end of follow-up).

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    dict of str to int
        Patient id → most days; patients without a curated bound are absent.
    """
    rows = dataset["diagnosis_bounds"]
    return {r.patient_id: int(r.most_days_of_life - r.days_of_life_at_diagnosis) for r in rows.itertuples()}


def statistic(dataset) -> pd.Series:
    """The loaded report's published median follow-up (other than one in ``dataset`` raises ``KeyError``).

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    pandas.Series
        Its ``reported_statistics`` row, named by its stat id.
    """
    stats = dataset["reported_statistics"]
    rows = stats[(stats["statistic"] == "follow-up") & (stats["measure"] == "median")]
    if len(rows) != 1:
        raise KeyError(f"reported_statistics.csv: {len(rows)} median follow-up statistics, expected one")
    return rows.set_index("stat_id").iloc[0]


def check_statistic(frame: pd.DataFrame, published: pd.Series) -> pd.DataFrame:
    """:func:`check` of follow-up bounds (:func:`per_patient`) against a :func:`statistic` row's median and range.

    Parameters
    ----------
    frame : pandas.DataFrame
    published : pandas.Series

    Returns
    -------
    pandas.DataFrame
    """
    return check(frame, published["value"], published["range_low"], published["range_high"])


def _bounded(frame: pd.DataFrame, cases: list[str], column: str) -> str:
    high = frame.set_index("case")[column]
    return and_list([f"{case} (at most {days(high[case])} days)" for case in cases])


def prose(frame: pd.DataFrame, verdict: pd.DataFrame, win: Window, published: pd.Series, prefix: str) -> dict:
    """The numbers and words of the follow-up check for a page's prose.

    Parameters
    ----------
    frame, verdict : pandas.DataFrame
        Follow-up bounds (:func:`per_patient`), and their :func:`check` against ``published``, a :func:`statistic` row.
    win : Window
    published : pandas.Series
    prefix : str

    Returns
    -------
    dict of str to str
        '{prefix}-fu-<name>' → text: the published ``median`` and ``range``; the window's ``shortest`` and ``longest``
        spans, their gaps to the range (``low-gap``, ``high-gap``), the ``span-start`` of its maximum; the points that
        ``fit``; the cases making the others fail (``undefined``, ``too-short``); the cases ``capped`` from diagnosis.
    """
    by_start = verdict.set_index("counted from")
    low, high = published["range_low"], published["range_high"]
    outside = by_start.at["immunotherapy", "below the minimum or above the maximum"]
    capped = frame.loc[frame["diagnosis high"] < INF, "case"].tolist()
    values = {
        "median": days(published["value"]),
        "range": f"{days(low)}–{days(high)}",
        "shortest": days(win.shortest),
        "longest": days(win.longest),
        "low-gap": days(low - win.shortest),
        "high-gap": days(win.longest - high),
        "fit": consistent_words(verdict),
        "undefined": by_start.at["relapse", "undefined for"],
        "too-short": _bounded(frame, outside.split(", ") if outside else [], "immunotherapy high"),
        "capped": _bounded(frame, capped, "diagnosis high"),
        "span-start": span_start(win, high).strftime("%-d %B %Y"),
    }
    return {f"{prefix}-fu-{name}": value for name, value in values.items()}
