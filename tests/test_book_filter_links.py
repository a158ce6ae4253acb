"""A link may open the audit page's table of every statistic with its filters chosen (the introduction's and the
key findings' counts do), in headless Chromium with the network cut off."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PAGE = "notebooks/audit.html"


def _open(built, browser, query: str):
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 900})
    tab = context.new_page()
    tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
    tab.goto(f"{(built / PAGE).as_uri()}?{query}#audit-all", wait_until="load")
    return context, tab


def _shown(tab) -> list[tuple[str, str]]:
    return [
        tuple(row)
        for row in tab.evaluate(
            "() => [...document.querySelectorAll('#audit-all tbody tr')].filter(r => r.checkVisibility())"
            ".map(r => [r.dataset.facetReport, r.dataset.facetStatus])"
        )
    ]


def test_a_link_chooses_the_filters_of_the_audit_table(built, browser):
    rows = re.findall(r'<tr data-facet-report="([^"]*)" data-facet-status="([^"]*)">', (built / PAGE).read_text())
    context, tab = _open(built, browser, "audit-all-report=C&audit-all-status=not+checkable")
    try:
        assert tab.locator("#audit-all-report").input_value() == "C"
        assert tab.locator("#audit-all-status").input_value() == "not checkable"
        assert _shown(tab) == [r for r in rows if r == ("C", "not checkable")] and len(_shown(tab)) > 1
    finally:
        context.close()
    # a value the table does not hold is ignored: every row of the report is shown
    context, tab = _open(built, browser, "audit-all-report=C&audit-all-status=lost")
    try:
        assert tab.locator("#audit-all-status").input_value() == ""
        assert len(_shown(tab)) == sum(report == "C" for report, _ in rows)
    finally:
        context.close()
