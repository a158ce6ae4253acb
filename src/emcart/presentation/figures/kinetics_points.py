"""What a kinetics plot (:mod:`emcart.presentation.figures.kinetics`) draws: the measurements on their course
clocks (with the values a ratio row implies), the events marked without a value, the limits definitions state,
and where a value whose day is not stated, or only bounded, is placed on the day axis."""

from __future__ import annotations

import numpy as np
import pandas as pd

from emcart.datapackage.conversions import CARDINALS, ORDINALS
from emcart.datapackage.days import event_days
from emcart.datapackage.provenance import cite, time_source
from emcart.model.definitions import Limit

FLIP = {"lower_bound": "upper_bound", "upper_bound": "lower_bound"}


def points(dataset, measurement_ids: list[str]) -> pd.DataFrame:
    """The measurements to plot, on their course clocks, with derived values for ratio rows."""
    frame = event_days(dataset, "measurements").set_index("measurement_id")
    courses = dataset["courses"].set_index("course_id")
    labels = dataset["patients"].set_index("patient_id")["label"]
    rows = []
    for mid in measurement_ids:
        m = frame.loc[mid]
        value, qualifier, unit = float(m["value"]), m["value_qualifier"], m["unit"]
        source = cite(dataset, "measurements", mid, "value")
        source += _day_source(dataset, mid, source)
        if unit == "ratio":
            ref = frame.loc[m["ratio_to"]]
            value, unit = float(ref["value"]) / value, ref["unit"]
            qualifier = FLIP.get(qualifier, qualifier)
            source = (
                f"derived: the {ref['compartment']} value ({float(ref['value']):g} {ref['unit']}) divided by the "
                f"stated ratio ({m['value']:g}). {source}"
            )
        rows.append(
            {
                "measurement_id": mid,
                "analyte": m["analyte"],
                "compartment": m["compartment"],
                "course": f"course {courses.at[m['course_id'], 'course_number']}",
                "course_id": m["course_id"],
                "day": float(m["day"]) if pd.notna(m["day"]) else np.nan,
                "day_min": m["day_min"],
                "day_max": m["day_max"],
                "value": value,
                "qualifier": qualifier,
                "unit": unit,
                "source": source,
                "history": bool(m["history"]) if pd.notna(m["history"]) else False,
                "patient": labels[m["patient_id"]],
            }
        )
    return pd.DataFrame(rows)


def limit_lines(dataset, limits: dict[str, Limit]) -> pd.DataFrame:
    """The limits to draw: analyte, unit, value, label ('MRD-negative: < 0.01%') and the definition's provenance."""
    rows = [
        {
            "analyte": analyte,
            "unit": limit.unit,
            "value": limit.value,
            "label": f"{limit.term}: {limit.words}",
            "source": cite(dataset, "definitions", limit.definition_id, "definition"),
        }
        for analyte, limit in limits.items()
    ]
    return pd.DataFrame(rows, columns=["analyte", "unit", "value", "label", "source"])


def event_marks(dataset, event_ids: list[str]) -> pd.DataFrame:
    """Events to mark on a kinetics plot (no value), on their course clocks, with their provenance."""
    frame = event_days(dataset).set_index("event_id")
    courses = dataset["courses"].set_index("course_id")
    rows = []
    for eid in event_ids:
        e = frame.loc[eid]
        rows.append(
            {
                "event_id": eid,
                "event_type": e["event_type"],
                "course": f"course {courses.at[e['course_id'], 'course_number']}",
                "day": float(e["day"]) if pd.notna(e["day"]) else np.nan,
                "day_min": e["day_min"],
                "day_max": e["day_max"],
                "source": cite(dataset, "events", eid, "event_type"),
            }
        )
    return pd.DataFrame(rows, columns=["event_id", "event_type", "course", "day", "day_min", "day_max", "source"])


def _day_source(dataset, measurement_id: str, value_source: str) -> str:
    """The provenance of a measurement's day, where it differs from that of its value."""
    found = time_source(dataset, "measurements", measurement_id)
    if found is None:
        return ""
    text, note = found
    return ("" if text in value_source else f" Day: {text}") + (f" (day: {note})" if note else "")


def day_words(p) -> str:
    """'day 6', 'day 0 to 39 (not stated more precisely)', 'day not stated (after day 0)' or '(before day 0)'."""
    if getattr(p, "history", False):
        return "before the course, day not stated"
    if not np.isnan(p.day):
        return f"day {p.day:g}"
    if pd.notna(p.day_min) and pd.notna(p.day_max):
        return f"day {float(p.day_min):g} to {float(p.day_max):g} (not stated more precisely)"
    if pd.notna(p.day_max):
        return f"day not stated (before day {float(p.day_max):g})"
    return "day not stated" + (f" (after day {float(p.day_min):g})" if pd.notna(p.day_min) else "")


def position(p) -> float:
    """The day to draw a point at: its day, or the middle of its interval (NaN when the day is not bounded)."""
    if not np.isnan(p.day):
        return p.day
    if pd.isna(p.day_min) or pd.isna(p.day_max):
        return np.nan
    return (float(p.day_min) + float(p.day_max)) / 2


def split_undated(panel: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, tuple[float, float]]:
    """Dated and undated rows of a panel, and the span of days an undated row's line may cover.

    The span runs over the panel's days and the undated rows' bounds; where an undated row is bounded
    on one side only, it reaches a tenth of the span (at least 5 days) beyond the outermost day.
    """
    placed = np.array([position(p) for p in panel.itertuples()], dtype=float)
    dated, undated = panel[~np.isnan(placed)], panel[np.isnan(placed)]
    days = list(placed[~np.isnan(placed)])
    bounds = [float(v) for v in pd.concat([undated["day_min"], undated["day_max"]]) if pd.notna(v)]
    low = min(days + bounds) if days or bounds else 0.0
    high = max(days + bounds) if days or bounds else low + 10
    if not bounds:
        return dated, undated, (low, max(high, low + 10) if not days else max(high, low + 1))
    margin = max((high - low) / 10, 5.0)
    return dated, undated, (low - margin, high + margin)


def undated_extent(p, low: float, high: float) -> tuple[float, float, float]:
    """Start, end and marker day of an undated row's line: its bound where it has one, else the span's edge."""
    start = float(p.day_min) if pd.notna(p.day_min) else low
    end = float(p.day_max) if pd.notna(p.day_max) else high
    marker = start if pd.notna(p.day_min) else end
    return start, end, marker


def day_spread(series) -> tuple[list, list] | None:
    """Left and right error lengths of points whose day is an interval (None when every day is exact)."""
    if series["day"].notna().all():
        return None
    xs = [position(p) for p in series.itertuples()]
    lows = [0.0 if not np.isnan(p.day) else x - float(p.day_min) for x, p in zip(xs, series.itertuples())]
    highs = [0.0 if not np.isnan(p.day) else float(p.day_max) - x for x, p in zip(xs, series.itertuples())]
    return lows, highs


def single_day(dated: pd.DataFrame) -> bool:
    """All of a panel's placed values fall on one day."""
    return len({position(p) for p in dated.itertuples()}) == 1


def single_day_range(panel: pd.DataFrame) -> list[float]:
    """Two days either side of a panel's one placed day, or of the interval it stands for."""
    lows = [float(p.day_min) if np.isnan(p.day) else p.day for p in panel.itertuples()]
    highs = [float(p.day_max) if np.isnan(p.day) else p.day for p in panel.itertuples()]
    return [min(lows) - 2, max(highs) + 2]


def given_words(dataset, measurement_ids: list[str]) -> str:
    """What the text gives of a figure, counted from its curated measurements with a day: 'three values from it
    and a bound for a fourth'. A value without a day (a peak cited to a table) is not counted."""
    rows = dataset["measurements"].set_index("measurement_id").loc[measurement_ids]
    dated = rows[rows["text_day"].notna()]
    values = int(dated["value_qualifier"].eq("exact").sum())
    bounds = int(dated["value_qualifier"].isin(["lower_bound", "upper_bound"]).sum())
    text = f"{CARDINALS[values]} value{'s' if values != 1 else ''} from it"
    if bounds == 1:
        text += f" and a bound for a {ORDINALS[values + 1]}"
    elif bounds:
        text += f" and bounds for {CARDINALS[bounds]} more"
    return text
