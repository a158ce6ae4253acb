"""Repository and Binder buttons: only with $BOOK_REPOSITORY_URL, never with jupyter-book's default
repository; a malformed URL stops the build; a build with the URL links every notebook to Binder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from jupyter_book.config import get_final_config
from nbformat.v4 import new_markdown_cell, new_notebook
from sphinx.errors import ConfigError

from emcart.build import sphinx
from emcart.datapackage.paths import REPO

URL = "https://github.com/example/book"  # not a real repository: tests only
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}


def theme_options(monkeypatch, url=None, branch=None) -> dict:
    """html_theme_options as jupyter-book derives them from _config.yml, then as the extension leaves them."""
    for name, value in (("BOOK_REPOSITORY_URL", url), ("BOOK_REPOSITORY_BRANCH", branch)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    config, _ = get_final_config(
        user_yaml=REPO / "_config.yml", cli_config={"latex_individualpages": False}, sourcedir=REPO
    )
    config = SimpleNamespace(html_theme_options=config["html_theme_options"])
    sphinx._repository(None, config)
    return config.html_theme_options


def test_without_the_url_there_are_no_repository_links(monkeypatch):
    options = theme_options(monkeypatch, branch="main")
    assert options["repository_url"] == ""  # jupyter-book's default would be its own repository
    assert options["use_repository_button"] is False
    assert options["launch_buttons"] == {}


def test_the_url_turns_on_the_buttons(monkeypatch):
    options = theme_options(monkeypatch, url=URL)
    assert (options["repository_url"], options["repository_branch"], options["path_to_docs"]) == (URL, "main", "")
    assert options["use_repository_button"] is True
    assert options["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert options["launch_buttons"]["notebook_interface"] == "jupyterlab"
    assert not options["launch_buttons"]["thebe"] and not options["launch_buttons"].get("colab_url")
    assert theme_options(monkeypatch, url=URL, branch="gh-pages")["repository_branch"] == "gh-pages"


@pytest.mark.parametrize(
    "url",
    [
        "github.com/example/book",
        "http://github.com/example/book",
        "https://github.com/example",
        "https://github.com/example/book/tree/main",
        "https://github.com/example/book/",
        "https://github.com/example/my book",
    ],
)
def test_a_malformed_url_stops_the_build(monkeypatch, url):
    with pytest.raises(ConfigError, match="BOOK_REPOSITORY_URL must look like https://host/owner/name"):
        theme_options(monkeypatch, url=url)


@pytest.mark.parametrize("branch", ["a b", "main?x", "/main", "feature:x"])
def test_a_malformed_branch_stops_the_build(monkeypatch, branch):
    with pytest.raises(ConfigError, match="BOOK_REPOSITORY_BRANCH"):
        theme_options(monkeypatch, url=URL, branch=branch)


def build(tmp_path, url: str | None) -> Path:
    """A small book under the book's own configuration (a prose page and a notebook page), built with or
    without the repository URL."""
    source = tmp_path / "source"
    (source / "book").mkdir(parents=True)
    (source / "notebooks").mkdir()
    shutil.copy(REPO / "_config.yml", source)
    shutil.copy(REPO / "book" / "references.bib", source / "book")
    (source / "_toc.yml").write_text("format: jb-book\nroot: book/curation\nchapters:\n  - file: notebooks/report_c\n")
    (source / "book" / "curation.md").write_text("# Curation\n\nHow the rows were curated.\n")
    nbformat.write(
        new_notebook(cells=[new_markdown_cell("# Report C")], metadata=KERNEL), source / "notebooks" / "report_c.ipynb"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOK_REPOSITORY_")}
    if url:
        env["BOOK_REPOSITORY_URL"] = url
    run = subprocess.run(
        [
            Path(sys.executable).parent / "jupyter-book",
            "build",
            str(source),
            "--warningiserror",
            "--path-output",
            str(tmp_path),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and "WARNING" not in run.stdout + run.stderr, run.stdout[-3000:] + run.stderr[-3000:]
    return tmp_path / "_build" / "html"


def test_built_notebook_page_links_to_binder_and_the_repository(tmp_path):
    html = build(tmp_path, URL)
    page = (html / "notebooks" / "report_c.html").read_text(encoding="utf-8")
    assert 'href="https://mybinder.org/v2/gh/example/book/main?urlpath=lab/tree/notebooks/report_c.ipynb"' in page
    assert f'href="{URL}"' in page and "btn-source-repository-button" in page
    prose = (html / "book" / "curation.html").read_text(encoding="utf-8")
    assert "mybinder.org" not in prose and f'href="{URL}"' in prose


@pytest.mark.browser
def test_built_book_without_the_url_links_to_no_repository(request, tmp_path):
    # the book `make test` builds, unless this environment gives a URL: then a build of its own without it
    html = build(tmp_path, None) if os.environ.get("BOOK_REPOSITORY_URL") else request.getfixturevalue("built")
    page = (html / "notebooks" / "report_c.html").read_text(encoding="utf-8")
    assert "mybinder.org" not in page and "btn-source-repository-button" not in page
    assert "executablebooks" not in page  # jupyter-book's default repository
