"""The browser tests' scheduling: the tests of one built page share a test process (and its loads), and so do
a module's other tests (and its fixtures)."""

from __future__ import annotations

from conftest import PageScheduling


def test_a_page_parameter_is_the_unit_of_work_and_other_tests_go_by_module():
    def unit(nodeid: str) -> str:
        return PageScheduling._split_scope(None, nodeid)

    assert unit("tests/test_book.py::test_renders[notebooks/report_a]") == "notebooks/report_a"
    assert unit("tests/test_book_reader.py::test_overlap[notebooks/report_a_workings-390]") == (
        "notebooks/report_a_workings"
    )
    assert unit("tests/test_tips.py::test_tips[1400-book/evidence/report_c]") == "book/evidence/report_c"
    assert unit("tests/test_tips.py::test_coverage") == "tests/test_tips.py"
    assert unit("tests/test_injection.py::test_payloads[script]") == "tests/test_injection.py"
