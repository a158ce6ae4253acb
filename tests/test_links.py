"""The link check of the built HTML fails on a broken internal link or anchor, and only lists external links."""

from __future__ import annotations

from pathlib import Path

import pytest

from emcart.build import links


def _book(root: Path, anchor: str = "results") -> Path:
    (root / "notebooks").mkdir(parents=True)
    (root / "_static").mkdir()
    (root / "_static" / "theme.css").write_text("")
    (root / "index.html").write_text(
        '<link rel="stylesheet" href="_static/theme.css"><a href="notebooks/report_c.html#results">C</a>'
        '<a href="#top">top</a><a id="top"></a><a href="https://doi.org/10.1000/x">paper</a>'
        '<a href="mailto:someone@example.org">mail</a><img src="data:image/png;base64,AA==">'
    )
    (root / "notebooks" / "report_c.html").write_text(
        f'<section id="{anchor}"><a href="../index.html">home</a><a href="../">home</a></section>'
    )
    return root


def test_a_book_whose_links_resolve_passes(tmp_path, capsys):
    broken, external = links.check(_book(tmp_path))
    assert broken == [] and external == ["https://doi.org/10.1000/x"]
    assert links.main([str(tmp_path)]) == 0
    assert "https://doi.org/10.1000/x" in capsys.readouterr().out


def test_a_broken_anchor_fails(tmp_path, capsys):
    broken, _ = links.check(_book(tmp_path, anchor="renamed"))
    assert broken == ["index.html: notebooks/report_c.html#results: no anchor #results in notebooks/report_c.html"]
    assert links.main([str(tmp_path)]) == 1
    assert "no anchor #results" in capsys.readouterr().err


@pytest.mark.parametrize(
    "link, reason",
    [
        ("missing.html", "no file missing.html"),
        ("#nowhere", "no anchor #nowhere in index.html"),
        ("../../outside.html", "points outside the book"),
        ("ftp://host/file", "unknown scheme 'ftp'"),
    ],
)
def test_a_broken_internal_link_fails(tmp_path, link, reason):
    book = _book(tmp_path)
    (book / "index.html").write_text((book / "index.html").read_text() + f'<a href="{link}">x</a>')
    [problem] = links.check(book)[0]
    assert problem.startswith(f"index.html: {link}: {reason}")


def test_without_a_built_book_the_check_fails(tmp_path):
    assert links.main([str(tmp_path)]) == 2
