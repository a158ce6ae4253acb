"""Extramedullary lesions as a table: site, printed dimensions, time point, finding, and a derived volume."""

from __future__ import annotations

import math

import pandas as pd

from emcart.datapackage.days import event_days
from emcart.model.timeline import placed_events
from emcart.model.vocabulary import course_title
from emcart.presentation.tables import Table

SITE_SEPARATOR = ";"
RESPONSES = ("imaging", "CR", "partial response", "no response")


def ellipsoid_volume(a: float, b: float, c: float) -> float:
    """Volume of an ellipsoid whose three axes are a, b and c: π/6 · a · b · c."""
    return math.pi / 6 * a * b * c


def _sites(value) -> list[str]:
    return [] if pd.isna(value) else [s.strip() for s in str(value).split(SITE_SEPARATOR)]


def _when(row) -> str:
    if pd.notna(row["text_day"]):
        return f"day {row['text_day']:+d}"
    if pd.notna(row["text_day_max"]):
        return f"days {row['text_day_min']:+d} to {row['text_day_max']:+d}"
    return f"after day {row['text_day_min']:+d}"


def frame(dataset, patient_id: str, reference: str) -> pd.DataFrame:
    """One row per lesion and imaging time point (ordered on the reference clock): the measured
    dimensions (in the order of their ids), the ellipsoid volume where three are given (derived),
    and what the imaging found there."""
    sizes = event_days(dataset, "measurements")
    sizes = sizes[(sizes["patient_id"] == patient_id) & (sizes["analyte"] == "lesion size")].sort_values(
        "measurement_id"
    )
    events = placed_events(dataset, patient_id, reference)
    events = events[events["event_type"].isin(RESPONSES)]
    rows = []
    for site in dict.fromkeys(sizes["compartment"]):
        own = events[events["site"].map(lambda v: site in _sites(v))]  # noqa: B023 (called at once)
        measured = sizes[sizes["compartment"] == site]
        for _, e in own.sort_values(["start", "event_id"]).iterrows():
            match = measured[[_same_time(m, e) for _, m in measured.iterrows()]]
            dims = [float(v) for v in match["value"]]
            unit = match["unit"].iloc[0] if len(match) else ""
            rows.append(
                {
                    "site": site,
                    "clock": course_title(dataset, e["course_id"]),
                    "time point": _when(e),
                    "dimensions": " × ".join(f"{d:g}" for d in dims) + (f" {unit}" if dims else ""),
                    "volume (cm³, derived)": round(ellipsoid_volume(*dims), 1)
                    if len(dims) == 3 and unit == "cm"
                    else math.nan,
                    "finding": e["detail"] if pd.notna(e["detail"]) else e["event_type"],
                    "event_id": e["event_id"],
                    "measurement_ids": ", ".join(match["measurement_id"]),
                }
            )
    return pd.DataFrame(rows)


def _same_time(measurement, event) -> bool:
    """A measurement belongs to an imaging event stated for the same course and the same day or bounds."""
    keys = ["course_id", "text_day", "text_day_min", "text_day_max"]
    return all((pd.isna(measurement[k]) and pd.isna(event[k])) or measurement[k] == event[k] for k in keys)


def table(dataset, patient_id: str, reference: str, table_id: str, caption: str) -> Table:
    shown = frame(dataset, patient_id, reference).drop(columns=["event_id", "measurement_ids"])
    return Table(
        shown,
        caption,
        table_id,
        [
            "Dimensions as printed; time points are days on the course clock the text counts them on.",
            "Volume (derived, not in the report): π/6 · a · b · c, the volume of an ellipsoid whose axes are the three "
            "printed dimensions; empty where the text gives no dimensions.",
        ],
    )
