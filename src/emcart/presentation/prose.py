"""Numbers for a page's prose: computed values glued under their names in one call."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd
from myst_nb import glue

from emcart.model.vocabulary import and_list
from emcart.presentation import evidence


@dataclass(frozen=True)
class Fragment:
    """HTML for a page's prose, glued (a page pastes another notebook's glued values as HTML or text only)."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


def glue_all(values: dict[str, object]) -> None:
    """Glue each value under its name, without displaying it, for the page's ``{glue:text}`` roles.

    Parameters
    ----------
    values : dict
        Glue name ('c-t3-cells') to the value the prose shows.

    Returns
    -------
    None
        The values are glued, not returned.
    """
    for name, value in values.items():
        glue(name, value, display=False)


def tally(frame: pd.DataFrame, column: str, prefix: str) -> dict[str, object]:
    """How many rows of a check say 'yes', of how many, and which say 'no': values for a page's prose.

    Parameters
    ----------
    frame : pandas.DataFrame
        A check, one row per item; its first column labels the row ('case 6').
    column : str
        The column that says 'yes' or otherwise.
    prefix : str
        The glue names' prefix.

    Returns
    -------
    dict
        ``{prefix}-yes`` (int), ``{prefix}-of`` (the number of rows) and ``{prefix}-no`` (the labels of the rows
        that do not say 'yes', as a list in words).
    """
    said = frame[column] == "yes"
    return {
        f"{prefix}-yes": int(said.sum()),
        f"{prefix}-of": len(frame),
        f"{prefix}-no": and_list(frame.loc[~said, frame.columns[0]].tolist()),
    }


def glue_values(prefix: str, values: dict[str, object]) -> None:
    """:func:`glue_all` with each name prefixed: ``{prefix}_{name}`` (``name`` for an empty prefix).

    Parameters
    ----------
    prefix : str
        The page's prefix ('d'), or ''.
    values : dict
        Name → the value the prose shows.

    Returns
    -------
    None
        The values are glued, not returned.
    """
    glue_all({f"{prefix}_{name}" if prefix else name: value for name, value in values.items()})


@dataclass(frozen=True)
class Value:
    """A value in a bottom line with its mark (a curated cell key or a derivation, as a table cell's), or None."""

    text: str
    mark: object = None


@dataclass(frozen=True)
class BottomLine:
    """One clinical bottom line: what it is about, the plain sentence it leads with, what the data show (text and
    marked :class:`Value` parts), and the caveat that goes with it."""

    about: str
    lead: str
    shows: tuple
    caveat: str

    @property
    def text(self) -> str:
        """What the data show, as plain text."""
        return "".join(p.text if isinstance(p, Value) else p for p in self.shows)


def _linked(text: str, links: dict[str, str]) -> str:
    """``text`` with each whole word that is a key of ``links`` (a finding's id) replaced by its link."""
    for word, link in links.items():
        text = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", lambda _, link=link: link, text)
    return text


def _shown(line: BottomLine, links: dict[str, str], escape) -> str:
    """What a line shows: its text parts escaped and linked, each value with its mark (HTML, also inline in MyST)."""
    return "".join(
        (evidence.value_span(p.text, p.mark) if p.mark is not None else html.escape(p.text))
        if isinstance(p, Value)
        else _linked(escape(p), links)
        for p in line.shows
    )


def bottom_lines_markdown(lines: list[BottomLine], closing: str, links: dict[str, str] | None = None) -> str:
    """Bottom lines as a key-findings block (MyST admonition) for the top of a chapter.

    Parameters
    ----------
    lines : list of BottomLine
        The bottom lines, one bullet each.
    closing : str
        MyST Markdown after the bullets (what the brackets name, with links).
    links : dict, optional
        Words of the lines (findings' ids) and the MyST reference each becomes.

    Returns
    -------
    str
        ':::{admonition} Key findings' with one bullet per line: its subject and its lead in bold, what it shows (each
        value marked for its tip), the caveat.
    """
    bullets = "\n".join(f"- **{b.about}.** **{b.lead}** {_shown(b, links or {}, str)} *{b.caveat}*" for b in lines)
    return f":::{{admonition}} Key findings\n:class: important\n\n{bullets}\n\n{closing}\n:::\n"


def bottom_lines_html(lines: list[BottomLine], closing: str, links: dict[str, str] | None = None) -> Fragment:
    """Bottom lines as an HTML list for another page's prose (glued).

    Parameters
    ----------
    lines : list of BottomLine
        The bottom lines, one item each.
    closing : str
        HTML after the list (what the brackets name, with links).
    links : dict, optional
        Words of the lines (findings' ids) and the HTML link each becomes.

    Returns
    -------
    Fragment
        A list, one item per line: its subject and its lead in bold, what it shows (each value marked for its tip),
        the caveat in italics.
    """
    items = "".join(
        f"<li><strong>{html.escape(b.about)}. {html.escape(b.lead)}</strong> {_shown(b, links or {}, html.escape)} "
        f"<em>{html.escape(b.caveat)}</em></li>"
        for b in lines
    )
    return Fragment(f'<ul class="emcart-bottom-lines">{items}</ul><p>{closing}</p>')
