"""Dose-by-day schedule chart: one row per immunotherapy course, one bar per product and day."""

from __future__ import annotations

import textwrap

import matplotlib as mpl
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from matplotlib.figure import Figure as MplFigure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from plotly.subplots import make_subplots

from emcart.datapackage.days import treatment_days
from emcart.datapackage.provenance import cite
from emcart.model.vocabulary import UNIT_SYMBOLS, and_list
from emcart.presentation import tables
from emcart.presentation.figures import hover as hover_text
from emcart.presentation.figures.figure import Figure
from emcart.presentation.figures.style import (
    MATPLOTLIB_RC,
    OKABE_ITO,
    PLOTLY_LAYOUT,
    PRODUCT_COLOURS,
    legend_below,
    shown_entries,
)

LD_LABEL = "FC lymphodepletion (protocol): dark = days in both allowed windows, light = in one"


def course_label(dataset, course_id: str) -> str:
    """'case 1, course 2 (donor anti-CD19/anti-CD22 cocktail)' for a patient's course."""
    course = dataset["courses"].set_index("course_id").loc[course_id]
    patient = dataset["patients"].set_index("patient_id").loc[course["patient_id"], "label"]
    what = course["construct"] if pd.notna(course["construct"]) else course["therapy"]
    source = f"{course['cell_source']} " if pd.notna(course["cell_source"]) else ""
    return f"{patient}, course {course['course_number']} ({source}{what})"


def courses_of(dataset, kind: str) -> list[str]:
    """The loaded data's patient courses of one kind, in the curated order.

    Parameters
    ----------
    dataset : Dataset
    kind : str
        A construct ('anti-CD19') or else a therapy ('blinatumomab').

    Returns
    -------
    list of str
        The course ids; a protocol's schedule, which has no patient, is not among them.
    """
    courses = dataset["courses"]
    kinds = courses["construct"].fillna(courses["therapy"])
    return courses.loc[courses["patient_id"].notna() & (kinds == kind), "course_id"].tolist()


def described(dataset, course_ids: list[str], totals: bool = False) -> str:
    """The courses' doses in words, for a figure's description.

    Parameters
    ----------
    dataset : Dataset
    course_ids : list of str
        The courses, in the order shown.
    totals : bool
        Whether to add each product's number of doses and total dose.

    Returns
    -------
    str
        One Markdown list item per course: its label, then its doses (:func:`describe_course`).
    """
    return ";\n".join(f"- {course_label(dataset, c)}: {describe_course(dataset, c, totals)}" for c in course_ids) + "."


# The protocol table's headings of the treatments' fields.
PROTOCOL_COLUMNS = {
    "Schedule": "course_id",
    "Product": "product",
    "First day (text)": "text_day_start",
    "Last day (text)": "text_day_end",
    "Dose": "dose",
    "Dose is": "dose_qualifier",
    "Unit": "dose_unit",
    "Variant": "schedule_variant",
}


def protocol_table(dataset, caption: str, table_id: str) -> tables.Table:
    """The protocol schedules as the Methods state them.

    Parameters
    ----------
    dataset : Dataset
    caption, table_id : str
        The table's caption and id.

    Returns
    -------
    tables.Table
        One row per treatment of a course no patient has (:data:`PROTOCOL_COLUMNS`), each cell citing its value.
    """
    protocol = dataset["courses"].loc[dataset["courses"]["patient_id"].isna(), "course_id"]
    rows = dataset["treatments"][dataset["treatments"]["course_id"].isin(protocol)]
    return tables.curated(dataset, "treatments", rows, PROTOCOL_COLUMNS, caption, table_id)


def daily_doses(dataset, course_ids: list[str]) -> pd.DataFrame:
    """One row per course, product and day (day ranges expanded), with the dose's provenance."""
    frame = treatment_days(dataset)
    frame = frame[frame["course_id"].isin(course_ids) & frame["dose"].notna()]
    rows = []
    for _, t in frame.iterrows():
        source = cite(dataset, "treatments", t["treatment_id"], "dose")
        for day in range(int(t["day_start"]), int(t["day_end"]) + 1):
            rows.append(
                {
                    "course_id": t["course_id"],
                    "product": t["product"],
                    "day": day,
                    "text_day": day + (t["text_day_start"] - t["day_start"]),
                    "dose": float(t["dose"]),
                    "unit": t["dose_unit"],
                    "source": source,
                }
            )
    return pd.DataFrame(rows)


def lymphodepletion_window(dataset, study_id: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Days covered by every protocol lymphodepletion variant, and by any of them."""
    frame = treatment_days(dataset)
    courses = dataset["courses"].set_index("course_id")
    ld = frame[
        frame["course_id"].map(courses["therapy"]).eq("lymphodepletion")
        & frame["course_id"].map(courses["study_id"]).eq(study_id)
    ]
    if ld.empty:
        return None
    spans = ld.groupby("schedule_variant").agg(start=("day_start", "min"), end=("day_end", "max"))
    return (int(spans["start"].max()), int(spans["end"].min())), (int(spans["start"].min()), int(spans["end"].max()))


def figure(dataset, course_ids: list[str], figure_id: str, title: str, height: int | None = None) -> Figure:
    """The dose-by-day schedule chart of the given courses: one panel per course, one bar per product and day.

    The protocol's lymphodepletion days of the first course's study are shaded in the panels of courses with FC
    lymphodepletion (dark: in every allowed window, light: in one).

    Parameters
    ----------
    dataset : Dataset
    course_ids : list of str
        Immunotherapy courses, top to bottom.
    figure_id, title : str
    height : int, optional
        Pixels: overrides the interactive chart's height, e.g. to keep many panels on one screen.

    Returns
    -------
    Figure
        Interactive and static charts, alt text giving every dose, and as data: ``course``, ``product``, ``day on the
        course clock``, ``day as numbered in the text``, ``dose``, ``unit`` and ``source``.
    """
    doses = daily_doses(dataset, course_ids)
    courses = dataset["courses"].set_index("course_id")
    window = lymphodepletion_window(dataset, courses.loc[course_ids[0], "study_id"])
    plain = [course_label(dataset, c) for c in course_ids]
    labels = [lab + _clock_note(courses, c) for c, lab in zip(course_ids, plain)]
    products = [p for p in PRODUCT_COLOURS if p in set(doses["product"])]
    alt = (
        f"{title}. Bar chart, one panel per course: dose per day on the course clock (day 0 = first infusion; "
        "the text's own numbering in brackets where it differs). "
        + "; ".join(_describe(doses[doses["course_id"] == c], lab) for c, lab in zip(course_ids, plain))
    )
    interactive = _plotly(doses, course_ids, labels, products, window, courses, title)
    if height is not None:
        interactive.update_layout(height=height)
    return Figure(
        figure_id,
        interactive,
        _static(doses, course_ids, labels, products, window, courses, title),
        alt,
        doses.assign(course=doses["course_id"].map(dict(zip(course_ids, plain))))[
            ["course", "product", "day", "text_day", "dose", "unit", "source"]
        ].rename(columns={"day": "day on the course clock", "text_day": "day as numbered in the text"}),
    )


def _span(days: list[int]) -> str:
    return f"day {days[0]}" if len(days) == 1 else f"days {days[0]}–{days[-1]}"


def _days(g: pd.DataFrame) -> str:
    """'days 1–2 (the text's days 2–3)': the course clock, and the text's numbering where it differs."""
    days, text_days = g["day"].tolist(), [int(d) for d in g["text_day"]]
    own = _span(days)
    return own if days == text_days else f"{own} (the text's {_span(text_days)})"


def _runs(doses: pd.DataFrame):
    """(product, dose, unit, rows) for each run of consecutive days with the same product and dose."""
    for (product, dose, unit), g in doses.groupby(["product", "dose", "unit"], sort=False):
        g = g.sort_values("day")
        run = (g["day"].diff() != 1).cumsum()
        for _, part in g.groupby(run):
            yield product, dose, unit, part


def _parts(doses: pd.DataFrame) -> list[str]:
    """'anti-CD19 CAR-T 1 × 10⁶ cells/kg on day 0' for each run of :func:`_runs`."""
    return [f"{product} {_amount(dose, unit)} on {_days(g)}" for product, dose, unit, g in _runs(doses)]


def _describe(doses: pd.DataFrame, label: str) -> str:
    return f"{label}: " + ", ".join(_parts(doses))


def _amount(value: float, unit: str) -> str:
    return f"{value:g} {UNIT_SYMBOLS.get(unit, unit)}"


def describe_course(dataset, course_id: str, totals: bool = False) -> str:
    """The course's doses in words, from ``treatments``.

    Parameters
    ----------
    dataset : Dataset
    course_id : str
    totals : bool, default False
        Add the number of doses and the total per product and in all (for doses counted per kilogram, which add
        up); raises ``ValueError`` when the doses are in several units.

    Returns
    -------
    str
        Each product's dose and days on the course clock (with the text's numbering where it differs).
    """
    text = and_list(_parts(daily_doses(dataset, [course_id])))
    if not totals:
        return text
    per = course_totals(dataset, course_id)
    if per["unit"].nunique() != 1:
        raise ValueError(f"{course_id}: doses in several units cannot be added")
    unit = per["unit"].iloc[0]

    def doses(n):
        return f"{n} dose{'s' if n > 1 else ''}"

    if len(per) > 1 and per["doses"].nunique() == 1 and per["total"].nunique() == 1:
        each = f"{doses(int(per['doses'].iloc[0]))} and {_amount(per['total'].iloc[0], unit)} of each type"
    else:
        each = "; ".join(f"{product}: {doses(int(r.doses))}, {_amount(r.total, unit)}" for product, r in per.iterrows())
    return f"{text}: {each}, {_amount(per['total'].sum(), unit)} in all"


def course_totals(dataset, course_id: str) -> pd.DataFrame:
    """Doses and total dose per product of a course (index: product; columns: doses, total, unit)."""
    doses = daily_doses(dataset, [course_id])
    return doses.groupby("product", sort=False).agg(
        doses=("dose", "size"), total=("dose", "sum"), unit=("unit", "first")
    )


def _clock_note(courses, course_id) -> str:
    """' — the text's day 1 = day 0' for a course the text numbers from a day other than 0."""
    first = courses.loc[course_id, "first_text_day"]
    return f" — the text's day {int(first)} = day 0" if pd.notna(first) and int(first) != 0 else ""


def _ld_applies(courses, course_id) -> bool:
    value = courses.loc[course_id, "lymphodepletion"]
    return bool(pd.notna(value) and value == "FC")


def _x_range(doses, course_id, window, courses) -> tuple[float, float]:
    days = doses.loc[doses["course_id"] == course_id, "day"]
    low = min(days.min(), window[1][0]) if window and _ld_applies(courses, course_id) else min(days.min(), 0)
    return low - 0.7, max(days.max(), 2) + 0.7


def _plotly(doses, course_ids, labels, products, window, courses, title) -> go.Figure:
    fig = make_subplots(
        rows=len(course_ids),
        cols=1,
        subplot_titles=["<br>".join(textwrap.wrap(t, 45)) for t in labels],
        vertical_spacing=0.4 / len(course_ids),
    )
    for row, course_id in enumerate(course_ids, start=1):
        course = doses[doses["course_id"] == course_id]
        if window and _ld_applies(courses, course_id):
            for (start, end), opacity in ((window[1], 0.12), (window[0], 0.25)):
                fig.add_vrect(
                    x0=start - 0.5,
                    x1=end + 0.5,
                    fillcolor=OKABE_ITO["grey"],
                    opacity=opacity,
                    line_width=0,
                    row=row,
                    col=1,
                )
        for product in products:
            part = course[course["product"] == product]
            if not part.empty:
                _plotly_doses(fig, part, product, row)
        unit = course["unit"].iloc[0]
        fig.update_yaxes(title_text=_short_unit(unit), rangemode="tozero", row=row, col=1)
        fig.update_xaxes(
            range=_x_range(doses, course_id, window, courses),
            dtick=1 if course["day"].max() < 10 else 2,
            row=row,
            col=1,
        )
    if window and any(_ld_applies(courses, c) for c in course_ids):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name="<br>".join(textwrap.wrap(LD_LABEL, 45)),
                hoverinfo="skip",
                marker={"symbol": "square", "size": 14, "color": OKABE_ITO["grey"], "opacity": 0.4},
            )
        )
    _plotly_layout(fig, len(course_ids), title)
    return fig


def _plotly_doses(fig: go.Figure, part: pd.DataFrame, product: str, row: int) -> None:
    """One product's doses in a course's panel, as bars on their days."""
    hover = [
        f"<b>{product}</b><br>day {d} (text: day {td})<br>{v:g} {u}<br>{hover_text.words(s)}"
        for d, td, v, u, s in zip(part["day"], part["text_day"], part["dose"], part["unit"], part["source"])
    ]
    fig.add_trace(
        go.Bar(
            x=part["day"],
            y=part["dose"],
            name=product,
            legendgroup=product,
            showlegend=product not in {t.name for t in fig.data},
            marker_color=PRODUCT_COLOURS[product],
            hovertext=hover,
            hoverinfo="text",
            offsetgroup=product,
        ),
        row=row,
        col=1,
    )


def _plotly_layout(fig: go.Figure, panels: int, title: str) -> None:
    """The day axis title under the last panel, the legend below, room above for the title, the height."""
    fig.update_xaxes(title_text="day on the course clock (day 0 = first infusion)", row=panels, col=1)
    below = legend_below(shown_entries(fig), per_row=2)
    # room above the first panel for the title and a two-line panel title
    below["margin"]["t"] = 100
    fig.update_layout(
        **{**PLOTLY_LAYOUT, **below},
        title=title,
        barmode="group",
        height=170 * panels + 100 + below["margin"]["b"],
    )


def _static(doses, course_ids, labels, products, window, courses, title) -> MplFigure:
    with mpl.rc_context(MATPLOTLIB_RC):
        fig = MplFigure(figsize=(7, 1.5 * len(course_ids) + 0.8), layout="constrained")
        axes = np.atleast_1d(fig.subplots(len(course_ids), 1))
        width = 0.8 / max(len(products), 1)
        for ax, course_id, label in zip(axes, course_ids, labels):
            course = doses[doses["course_id"] == course_id]
            if window and _ld_applies(courses, course_id):
                for (start, end), alpha in ((window[1], 0.12), (window[0], 0.25)):
                    ax.axvspan(start - 0.5, end + 0.5, color=OKABE_ITO["grey"], alpha=alpha, lw=0)
            present = [p for p in products if p in set(course["product"])]
            for k, product in enumerate(present):
                part = course[course["product"] == product]
                shift = (k - (len(present) - 1) / 2) * width
                ax.bar(part["day"] + shift, part["dose"], width=width, color=PRODUCT_COLOURS[product])
            ax.set_title(label, loc="left", fontsize=9)
            ax.set_ylabel(_short_unit(course["unit"].iloc[0]))
            ax.set_xlim(*_x_range(doses, course_id, window, courses))
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes[-1].set_xlabel("day on the course clock (day 0 = first infusion)")
        handles = [Patch(color=PRODUCT_COLOURS[p], label=p) for p in products]
        if window and any(_ld_applies(courses, c) for c in course_ids):
            handles.append(Patch(color=OKABE_ITO["grey"], alpha=0.3, label=LD_LABEL))
        fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)
        fig.suptitle(title, fontsize=10)
    return fig


def _short_unit(unit: str) -> str:
    return {"10^6 cells/kg": "×10⁶ cells/kg", "µg/m²/day": "µg/m²/day"}.get(unit, unit)
