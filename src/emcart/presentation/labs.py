"""Laboratory values as a grid: one row per patient and time, one column per analyte and unit."""

from __future__ import annotations

import pandas as pd

from emcart.datapackage.days import event_days
from emcart.presentation.tables import Table

QUALIFIER_WORDS = {"exact": "", "approx": "about ", "upper_bound": "< ", "lower_bound": "> ", "peak": "peak "}


def _day(m) -> str:
    """'day 6', 'days 365–366', 'after day 365', 'before the course'."""
    if pd.notna(m["history"]) and bool(m["history"]):
        return "before the course"
    if pd.notna(m["day"]):
        return f"day {m['day']:g}"
    if pd.notna(m["day_min"]) and pd.notna(m["day_max"]):
        return f"days {m['day_min']:g}–{m['day_max']:g}"
    return f"after day {m['day_min']:g}" if pd.notna(m["day_min"]) else f"before day {m['day_max']:g}"


def grid(dataset, measurement_ids: list[str], caption: str, table_id: str, footnotes: list[str] = ()) -> Table:
    """The measurements as a table: a row per patient and time (the course's therapy and its day), a column per
    analyte and unit in the order of ``measurement_ids``; a value keeps its qualifier ('< 0.3', 'about 36.2').

    Raises ``ValueError`` if two measurements fall in the same cell.
    """
    frame = event_days(dataset, "measurements").set_index("measurement_id").loc[measurement_ids]
    therapy = dataset["courses"].set_index("course_id")["therapy"]
    labels = dataset["patients"].set_index("patient_id")["label"]
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for mid, m in frame.iterrows():
        row = cells.setdefault((labels[m["patient_id"]], f"{therapy[m['course_id']]}, {_day(m)}"), {})
        column = f"{m['analyte']} ({m['unit']})"
        if column in row:
            raise ValueError(f"measurements.csv, {mid}: a second value for {column} of the same patient and time")
        row[column] = f"{QUALIFIER_WORDS[m['value_qualifier']]}{m['value']:g}"
    columns = list(dict.fromkeys(f"{a} ({u})" for a, u in zip(frame["analyte"], frame["unit"])))
    shown = pd.DataFrame(
        [{"case": case, "time": time, **values} for (case, time), values in cells.items()],
        columns=["case", "time", *columns],
    ).sort_values("case", kind="stable")
    return Table(shown.reset_index(drop=True), caption, table_id, list(footnotes))
