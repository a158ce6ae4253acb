"""Words and constants shared by every layer above the data: time units, the events that end
follow-up, how units are printed, prose lists and course titles."""

from __future__ import annotations

import pandas as pd

# Days in an average calendar month (365.25 / 12), for times the texts state in months.
DAYS_PER_MONTH = 365.25 / 12

# The event types that end a patient's follow-up.
END_OF_FOLLOW_UP = ("last contact", "death", "lost to follow-up")

# How a unit of the data is printed.
UNIT_SYMBOLS = {"10^6 cells/kg": "× 10⁶ cells/kg"}


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c' ('' for none)."""
    items = list(items)
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 2 else items)


def course_title(dataset, course_id: str) -> str:
    """'course 1: autologous anti-CD19 CAR-T', 'course 3: HSCT'."""
    c = dataset["courses"].set_index("course_id").loc[course_id]
    what = c["therapy"]
    if c["therapy"] == "CAR-T":
        what = " ".join(str(x) for x in (c["cell_source"], c["construct"]) if pd.notna(x)) + " CAR-T"
    return f"course {c['course_number']}: {what}"
