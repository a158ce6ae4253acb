"""Laboratory values as a grid: one row per patient and time, one column per analyte and unit."""

from __future__ import annotations

import pandas as pd

from emcart.datapackage.days import event_days
from emcart.presentation import evidence
from emcart.presentation.derivations import row_keys
from emcart.presentation.tables import Table

DAY_FIELDS = ("text_day", "text_day_min", "text_day_max", "history")
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
    """The measurements as a table: a row per patient and time, a column per analyte and unit.

    A row's time is its course's therapy and day; columns follow ``measurement_ids``; a value keeps its qualifier
    ('< 0.3', 'about 36.2'). A value's tip quotes its curated cell; a case's, its label; a time's, the days of its
    row's measurements.

    Parameters
    ----------
    dataset : Dataset
    measurement_ids : list of str
        Rows of ``measurements``.
    caption, table_id : str
        The table's caption and HTML id.
    footnotes : list of str, optional

    Returns
    -------
    Table
        Columns ``case``, ``time`` and one per ``<analyte> (<unit>)``, rows ordered by case, with the evidence marks.

    Raises
    ------
    ValueError
        If two measurements fall in the same cell, naming the second.
    """
    frame = event_days(dataset, "measurements").set_index("measurement_id").loc[measurement_ids]
    therapy = dataset["courses"].set_index("course_id")["therapy"]
    labels = dataset["patients"].set_index("patient_id")["label"]
    cells: dict[tuple[str, str], dict[str, str]] = {}
    ids: dict[tuple[str, str], dict[str, str]] = {}
    for mid, m in frame.iterrows():
        place = (labels[m["patient_id"]], f"{therapy[m['course_id']]}, {_day(m)}")
        row = cells.setdefault(place, {})
        column = f"{m['analyte']} ({m['unit']})"
        if column in row:
            raise ValueError(f"measurements.csv, {mid}: a second value for {column} of the same patient and time")
        row[column] = f"{QUALIFIER_WORDS[m['value_qualifier']]}{m['value']:g}"
        ids.setdefault(place, {})[column] = mid
    columns = list(dict.fromkeys(f"{a} ({u})" for a, u in zip(frame["analyte"], frame["unit"])))
    order = sorted(range(len(cells)), key=lambda i: list(cells)[i][0])  # by case, stable
    places = [list(cells)[i] for i in order]
    shown = pd.DataFrame(
        [{"case": place[0], "time": place[1], **cells[place]} for place in places], columns=["case", "time", *columns]
    )
    marks = pd.DataFrame([_marks(dataset, frame, ids[place], columns) for place in places], dtype=object)
    return Table(shown, caption, table_id, list(footnotes), marks=marks)


def measurement_ids(dataset, analytes: list[str]) -> list[str]:
    """The loaded data's measurements of some analytes, for :func:`grid`.

    Parameters
    ----------
    dataset : Dataset
        The loaded report.
    analytes : list of str
        The analytes, as ``measurements.analyte`` names them.

    Returns
    -------
    list of str
        The measurement ids, in the order of ``analytes``, then by patient.
    """
    frame = dataset["measurements"]
    part = frame[frame["analyte"].isin(analytes)]
    order = part.assign(_rank=part["analyte"].map(analytes.index)).sort_values(["_rank", "patient_id"], kind="stable")
    return order["measurement_id"].tolist()


def _marks(dataset, frame: pd.DataFrame, ids: dict[str, str], columns: list[str]) -> list:
    """The marks of one row of :func:`grid`: its case, its time (quoting the words of its first measurement's day)
    and its values (``ids``: a column's measurement)."""
    first = frame.loc[next(iter(ids.values()))]
    days = row_keys(dataset, "measurements", first.name, DAY_FIELDS)  # one snippet: a tip the screen can hold
    time = evidence.Derivation(
        f"The day of this row's {', '.join(frame.loc[list(ids.values()), 'analyte'])} on their course's clock "
        "(day 0: the course's start; for an HSCT, the transplant), as the text states or bounds it.",
        days,
    )
    values = [evidence.cell_key("measurements", ids[c], "value") if c in ids else None for c in columns]
    return [evidence.cell_key("patients", first["patient_id"], "label"), time, *values]
