"""Tables for the book: real HTML tables (caption, header row, footnotes) with a plain-text twin."""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from emcart.datapackage.marks import carried
from emcart.datapackage.provenance import transcribed_fields
from emcart.model.vocabulary import course_title, row_words
from emcart.presentation import evidence
from emcart.presentation.html_table import NOTE, cell_text, check_facets, footnote, heading, html_table


@dataclass
class Table:
    """A data frame shown as an HTML table with a caption and footnotes.

    Parameters
    ----------
    frame : pandas.DataFrame
    caption, table_id : str
    footnotes : list of str
        Notes under the table; a note '[n] …' is linked from the cells whose text shows ' [n]'.
    folded : bool
        Collapses the table (curation machinery: configurations, bounds, registers, bookkeeping) behind a line that
        names it and counts its rows; the reader opens it on demand.
    marks : pandas.DataFrame, optional
        Per cell, where its value comes from (:mod:`emcart.presentation.evidence`): same shape as ``frame``; by
        default the marks the frame carries (:func:`emcart.datapackage.marks.carried`).
    facets : pandas.DataFrame, optional
        Per row, the values a reader filters by (one column per filter, named as its label): see ``html_table``.
    row_name : str
        What a row is, in the folded table's line ('row': '(17 rows)'; 'table': '(17 tables)').
    """

    frame: pd.DataFrame
    caption: str
    table_id: str
    footnotes: list[str] = field(default_factory=list)
    folded: bool = False
    marks: pd.DataFrame | None = None
    facets: pd.DataFrame | None = None
    row_name: str = "row"

    def __post_init__(self) -> None:
        if not isinstance(self.folded, bool):
            raise TypeError(f"{self.table_id}: folded must be True or False, not {type(self.folded).__name__}")
        self.marks = carried(self.frame) if self.marks is None else self.marks
        if self.facets is not None:
            check_facets(self.facets, len(self.frame), self.table_id)

    def _repr_html_(self) -> str:
        markers = {m.group(1): note for note in self.footnotes if (m := NOTE.match(note))}
        body = html_table(self.frame, self.caption, self.table_id, self.facets, set(markers))
        if self.marks is not None:
            body = evidence.mark_cells(body, self.marks)
        notes = "".join(footnote(self.table_id, note, NOTE.match(note), body) for note in self.footnotes)
        # A scroll container a keyboard can reach and a screen reader can name.
        shown = (
            f'<div class="emcart-table-scroll" tabindex="0" role="region" '
            f'aria-label="{html.escape(self.caption)}">{body}</div>'
            + (f'\n<ul class="emcart-footnotes">{notes}</ul>' if notes else "")
        )
        if not self.folded:
            return shown
        rows = len(self.frame)
        label = f"{self.caption} ({rows} {self.row_name}{'s' if rows != 1 else ''})"
        return f'<details class="emcart-fold"><summary>{html.escape(label)}</summary>\n{shown}\n</details>'

    def __repr__(self) -> str:
        lines = [self.caption, self.frame.to_string(index=False, na_rep="")]
        lines += [f"  {n}" for n in self.footnotes]
        return "\n".join(lines)


def statistics(
    dataset,
    comparison: pd.DataFrame,
    caption: str,
    table_id: str,
    footnotes: list[str] = (),
    facets: pd.DataFrame | None = None,
    folded: bool = False,
    reports: bool = False,
) -> Table:
    """Published statistics against their recomputation, one per row, named in words.

    Parameters
    ----------
    dataset : Dataset
    comparison : pandas.DataFrame
        :func:`emcart.audit.comparison.compare`'s rows; its ``statistic`` ids index the rows and key their
        evidence marks, and are not shown.
    caption, table_id : str
    footnotes : list of str
    facets : pandas.DataFrame, optional
        One row per statistic: what a reader may filter the rows by.
    folded : bool
        Collapse the table behind a line naming it (see :class:`Table`).
    reports : bool
        Open each row with the report the statistic belongs to (a table of several reports).

    Returns
    -------
    Table
        The comparison's other columns, each cell marked with its evidence or derivation.
    """
    shown = comparison.drop(columns=["statistic"]).set_axis(list(comparison["statistic"]))
    if reports:
        study = dataset["reported_statistics"].set_index("stat_id")["study_id"]
        shown.insert(0, evidence.REPORT, study.loc[shown.index])
    marks = evidence.statistic_marks(dataset, shown, comparison["statistic"])
    return Table(shown, caption, table_id, list(footnotes), folded, marks=marks, facets=facets)


class OcrNotes:
    """Numbered notes for cells whose curated value corrects OCR damage: one per distinct printed text
    and explanation, referenced from each cell as ' [n]'."""

    def __init__(self, dataset):
        prov = dataset["provenance"]
        self.ocr = prov[prov["ocr_raw"].notna()].set_index(["table", "row_id", "field"])
        self.numbers: dict[tuple[str, str], int] = {}

    def mark(self, text: str, table: str, row_id: str, field: str) -> str:
        """``text`` with the note number of the cell appended, if the cell was corrected."""
        if (table, row_id, field) not in self.ocr.index:
            return text
        hit = self.ocr.loc[(table, row_id, field)]
        return text + f" [{self.numbers.setdefault((hit['ocr_raw'], hit['note']), len(self.numbers) + 1)}]"

    def footnotes(self) -> list[str]:
        return [f"[{n}] OCR: printed '{raw}'; {note}" for (raw, note), n in self.numbers.items()]


def headings(dataset, item: str) -> dict[str, str]:
    """Heading → curated field of each column of a published table the book rebuilds (``table_headings``), in order.

    Parameters
    ----------
    dataset : Dataset
    item : str
        The published table ('Table 1').

    Returns
    -------
    dict of str to str
        The ``columns`` of :func:`curated`.
    """
    rows = dataset["table_headings"].query("item == @item")
    return dict(zip(rows["heading"], rows["field"]))


def curated(
    dataset,
    table: str,
    rows: pd.DataFrame,
    columns: dict[str, str] | list[str],
    caption: str,
    table_id: str,
    footnotes: list[str] = (),
    missing: str = "",
    folded: bool = False,
) -> Table:
    """Curated cells under the given headings, each marked with its provenance.

    Parameters
    ----------
    dataset : Dataset
    table : str
        The curated table the rows come from.
    rows : pandas.DataFrame
        Its rows to show, in order.
    columns : dict or list of str
        Heading → field, or fields shown under their schema titles (else their names in words).
    caption, table_id : str
    footnotes : list of str
    missing : str
        What a cell the text leaves empty reads.
    folded : bool
        Collapse the table behind a line naming it (see :class:`Table`).

    Returns
    -------
    Table
        One row per curated row; an OCR-corrected cell carries a numbered note (one per distinct printed text and
        explanation); a reference to a course reads as its title, to an event as its words, never as an id.
    """
    if not isinstance(columns, dict):
        titles = {f["name"]: f.get("title") for f in dataset.fields(table)}
        columns = {titles.get(name) or heading(name): name for name in columns}
    key = dataset.key(table)
    notes = OcrNotes(dataset)
    refers = _references(dataset, table)

    def cell(row, name: str) -> str:
        value, target = row[name], refers.get(name)
        text = (
            cell_text(value)
            if pd.isna(value) or target not in ("courses", "events")
            else course_title(dataset, value)
            if target == "courses"
            else row_words(dataset, target, value)
        )
        return notes.mark(text or missing, table, row[key], name)

    shown = {heading: [cell(row, name) for _, row in rows.iterrows()] for heading, name in columns.items()}
    return Table(
        pd.DataFrame(shown),
        caption,
        table_id,
        list(footnotes) + notes.footnotes(),
        folded,
        curated_marks(dataset, table, rows, list(columns.values()), missing or None),
    )


def _references(dataset, table: str) -> dict[str, str]:
    """The fields of ``table`` naming a curated row, and the table of that row (its key: itself)."""
    refers = {fk["fields"][0]: fk["reference"]["resource"] for fk in dataset.resource(table)["schema"]["foreignKeys"]}
    return {**refers, dataset.key(table): table}


def curated_marks(
    dataset, table: str, rows: pd.DataFrame, fields: list[str], missing: str | None = None
) -> pd.DataFrame:
    """The marks of curated cells: the cell's key where it holds a transcribed value, the key of the
    cell naming the row a reference names (:func:`~emcart.presentation.evidence.main_key`), the curators'
    annotation of a row (its words on the row whose transcribed words it quotes), else None; an empty cell
    shown as ``missing`` says the text gives no value."""
    key = dataset.key(table)
    transcribed = {f["name"] for f in transcribed_fields(dataset, table)}
    refers, known = _references(dataset, table), evidence.provenance_keys(dataset)
    annotated = {f["name"]: f for f in dataset.fields(table) if f.get("role") == "annotation"}

    def annotation(row, name: str) -> evidence.Derivation | None:
        said = tuple(k for k in (evidence.cell_key(table, row[key], f) for f in transcribed) if k in known)
        words = f"{annotated[name]['description'].rstrip('.')}: the curators' annotation of the row quoted below."
        return evidence.Derivation(words, said[:1], "Curators' annotation") if said else None

    def mark(row, name: str) -> str | evidence.Derivation | None:
        if pd.isna(row[name]):
            words = f"{missing}: no curated cell gives this row's {heading(name)}."
            return evidence.Derivation(words, title="Not in the text") if missing else None
        if name in transcribed:
            return evidence.cell_key(table, row[key], name)
        if name in annotated:
            return annotation(row, name)
        return evidence.main_key(dataset, refers[name], row[name], known) if name in refers else None

    return pd.DataFrame([[mark(row, name) for name in fields] for _, row in rows.iterrows()], dtype=object)


def gaps(dataset, study_id: str, table_id: str, prefix: str | None = None, caption: str | None = None) -> Table:
    """What the report refers to but its text cannot supply: a folded table of ``item``, ``content`` and ``reason``.

    Parameters
    ----------
    dataset : Dataset
    study_id, table_id : str
    prefix, caption : str, optional
        Only items starting with ``prefix``; the caption (default 'Report <study_id>: items the text cannot supply').

    Returns
    -------
    Table
    """
    frame = dataset["gaps"].loc[lambda g: g["study_id"] == study_id]
    if prefix is not None:
        frame = frame[frame["item"].str.startswith(prefix)]
    columns = ["item", "content", "reason"]
    return Table(
        frame[columns].reset_index(drop=True),
        caption or f"Report {study_id}: items the text cannot supply",
        table_id,
        folded=True,
        marks=curated_marks(dataset, "gaps", frame, columns),
    )


def bounded_times(dataset, study_id: str, table_id: str) -> Table:
    """Every event or measurement of a report whose day the text only bounds.

    Parameters
    ----------
    dataset : Dataset
    study_id : str
        The report ('B').
    table_id : str

    Returns
    -------
    Table
        One row per bounded time: what, on which clock, its bounds, the words they come from and the reasoning
        (the provenance note of the lower bound); indexed by row id, which the table does not show.
    """
    prov = dataset["provenance"].set_index(["table", "row_id", "field"])
    courses = dataset["courses"].set_index("course_id")["study_id"]
    rows, marks, ids = [], [], []
    for name, what in (("events", "event_type"), ("measurements", "analyte")):
        frame = dataset[name]
        key = dataset.key(name)
        chosen = frame[
            frame["course_id"].map(courses).eq(study_id) & frame["day_qualifier"].isin(["interval", "after"])
        ]
        for _, r in chosen.iterrows():
            bounds = (
                f"{r['text_day_min']} to {r['text_day_max']}"
                if r["day_qualifier"] == "interval"
                else f"after {r['text_day_min']}"
            )
            source = prov.loc[(name, r[key], "text_day_min")]
            rows.append(
                {
                    "what": r[what],
                    "clock": course_title(dataset, r["course_id"]),
                    "days": bounds,
                    "words": " ".join(str(source["snippet"]).split()),
                    "reasoning": source["note"],
                }
            )
            ids.append(r[key])
            day = evidence.cell_key(name, r[key], "text_day_min")
            clock = evidence.main_key(dataset, "courses", r["course_id"])
            marks.append([evidence.cell_key(name, r[key], what), clock, day, day, day])
    return Table(
        pd.DataFrame(rows, index=ids),
        f"Report {study_id}: times the text only bounds, stored as intervals",
        table_id,
        folded=True,
        marks=pd.DataFrame(marks, dtype=object),
    )


def with_notes(
    frame: pd.DataFrame,
    column: str,
    caption: str,
    table_id: str,
    footnotes: list[str] = (),
    heading: str = "note",
    folded: bool = False,
    marks: pd.DataFrame | None = None,
) -> Table:
    """A table whose long text ``column`` is moved to numbered footnotes ('[1]'), one per distinct text.

    Parameters
    ----------
    frame : pandas.DataFrame
    column, heading : str
        The text column, and the heading of the note numbers replacing it (empty where the text is empty).
    caption, table_id, footnotes, folded
        As :class:`Table`'s fields; the notes follow ``footnotes``.
    marks : pandas.DataFrame, optional
        Of ``frame``'s shape (by default the marks it carries); a note number keeps the mark of its text.

    Returns
    -------
    Table
    """
    numbers: dict[str, int] = {}
    refs = []
    for text in frame[column].fillna(""):
        refs.append(f"[{numbers.setdefault(text, len(numbers) + 1)}]" if text else "")
    shown = frame.drop(columns=[column]).copy()
    shown[heading] = refs
    notes = list(footnotes) + [f"[{n}] {text}" for text, n in numbers.items()]
    marks = carried(frame) if marks is None else marks
    if marks is not None:
        marks = marks.set_axis(list(frame.columns), axis=1).reset_index(drop=True)
        marks[heading] = [m if ref else None for m, ref in zip(marks.pop(column), refs)]
    return Table(shown.reset_index(drop=True), caption, table_id, notes, folded, marks)
