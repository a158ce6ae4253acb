"""What holds of a report's published statistics, in words from its counts of each audit status, each count a link
to the audit page's table of every statistic with the report and the status chosen in its filters."""

from __future__ import annotations

import html
from urllib.parse import urlencode

import pandas as pd

from emcart.audit import comparison

AUDIT_TABLE = "audit-all"  # the audit page's table of every published statistic, filtered by comparison.facets


def audit_href(page: str, report: str, status: str | None = None) -> str:
    """The address of the audit table with a report (and a status) chosen in its filters.

    Parameters
    ----------
    page : str
        The audit page as linked from where the link stands ('audit.html', '../notebooks/audit.html').
    report, status : str
        The filters' values (:func:`emcart.audit.comparison.facets`); no status for all of the report's.

    Returns
    -------
    str
        '{page}?audit-all-report=C&audit-all-status=mismatch#audit-all': each query parameter is named after the
        filter's control (the table's id and the facet), which the book's script sets on opening the page.
    """
    chosen = {"report": report} | ({"status": status} if status else {})
    return f"{page}?{urlencode({f'{AUDIT_TABLE}-{k}': v for k, v in chosen.items()})}#{AUDIT_TABLE}"


def _linked(text: str, count: int, href: str | None) -> str:
    """A count in words, a link to its rows where there are any and a page to link to."""
    return f'<a href="{html.escape(href)}">{text}</a>' if href and count else text


# The statuses in the groups a reader asks about, each with its words for one statistic and for several: what the
# audit recomputed from the patients, what only the report's disputed reading gives, what checks the report
# against its own numbers or words only, what some reading of what the text leaves open gives, what does not hold,
# and what cannot be checked.
GROUPS = (
    ((comparison.REPRODUCED,), "reproduced from the patients", "reproduced from the patients"),
    (
        (comparison.UNDER_ITS_READING,),
        "reproduced only under the report's reading",
        "reproduced only under the report's reading",
    ),
    (
        (comparison.CONSISTENT,),
        "consistent with the report's own numbers or words only",
        "consistent with the report's own numbers or words only",
    ),
    (
        (comparison.ATTAINABLE,),
        "attainable under some reading of what the text leaves open",
        "attainable under some reading of what the text leaves open",
    ),
    ((comparison.MISMATCH, comparison.CONTRADICTED), "does not hold", "do not hold"),
    ((comparison.NOT_CHECKABLE,), "cannot be checked", "cannot be checked"),
)


def holds(counts: pd.Series, report: str, page: str | None = None) -> str:
    """What the audit found of a report's published statistics, from its counts of each audit status.

    Parameters
    ----------
    counts : pandas.Series
        The report's row of :func:`~emcart.audit.comparison.by_report`: a count per status and ``statistics``.
    report : str
        The report's id.
    page : str, optional
        The audit page as linked from where the words stand; each non-zero count is then an HTML link to its
        rows of the audit table (:func:`audit_href`).

    Returns
    -------
    str
        'of its 39 published statistics, 3 reproduced from the patients, 4 consistent with the report's own numbers
        or words only, 3 attainable under some reading of what the text leaves open, 1 does not hold (1 mismatch), 28 cannot
        be checked.': the groups of :data:`GROUPS` that hold any statistic, a group of several statuses with those of
        its statuses that do.
    """
    c = counts.astype(int)
    href = (lambda status: audit_href(page, report, status)) if page else (lambda status: None)
    said = []
    for statuses, one, several in GROUPS:
        n = int(sum(c[s] for s in statuses))
        if not n:
            continue
        if len(statuses) == 1:
            said.append(_linked(f"{n} {one if n == 1 else several}", n, href(statuses[0])))
            continue
        parts = [_linked(f"{c[s]} {s}", c[s], href(s)) for s in statuses if c[s]]
        said.append(f"{n} {one if n == 1 else several} ({', '.join(parts)})")
    whole = _linked(f"{c['statistics']} published statistics", c["statistics"], href(None))
    return f"of its {whole}, {', '.join(said)}."
