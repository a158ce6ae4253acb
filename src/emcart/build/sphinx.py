"""Sphinx extension for the book.

- Ships plotly.js (the basic bundle of :mod:`emcart.plotlyjs`) once, as a local static file
  loaded by the pages that hold a figure, so that figures draw without a network connection and
  no page embeds plotly.js; adds the figure and table stylesheet and the script that opens folded
  tables for printing.
- Works around defects of the jupyter-book 1 stack that would put errors in the browser console or
  fail the accessibility check: inline scripts (sphinx-thebe's configuration, sphinx-togglebutton's
  selector) are added to each page twice ("Identifier 'THEBE_JS_URL' has already been declared"),
  and bibliography entries carry a deprecated ARIA role inside a list without list items. (The
  theme's empty default colour mode, another console error, is set in ``_config.yml`` through
  ``html_context``.)
- Hides every code cell's source behind a toggle ("Show code cell source"), as the ``hide-input``
  tag would, without tagging the notebooks: readers see the outputs, Binder and the downloaded
  notebooks keep the code. A cell that shows nothing (it only glues values into the prose, which
  name their derivation in their tips) is left out of the page rather than folded.
- Puts a CSV download under every data table (:mod:`emcart.build.csvlinks`), and downloads of its
  data (CSV) and static image (PNG) under every figure (:mod:`emcart.build.figlinks`).
- Gives the prose the citation record of ``CITATION.cff`` (title, version, release date, authors) as
  MyST substitutions (``{{ book_version }}``...), so that "How to cite" is never typed twice.
- Links the book to its repository only when told where it is: ``$BOOK_REPOSITORY_URL``
  (``https://host/owner/name``, set by the publishing workflow; branch ``$BOOK_REPOSITORY_BRANCH``,
  default ``main``) turns on the repository button and the launch buttons of ``_config.yml``.
  Without it the book has neither, and never links to jupyter-book's default repository (its own).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.transforms.post_transforms import SphinxPostTransform

from emcart.build import tips
from emcart.build.csvlinks import link_tables
from emcart.build.figlinks import link_figures
from emcart.datapackage.paths import REPO
from emcart.presentation.figures import plotlyjs

STATIC = Path(__file__).parent
REPOSITORY_URL = re.compile(r"https://[A-Za-z0-9.-]+(:[0-9]+)?/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
# What a git branch name cannot hold (git check-ref-format), and '#', which would end the URL.
BRANCH = re.compile(r"[^\s~^:?*\[\\#]+")
TIPS_ASSETS = ("emcart-tips.js", "emcart-tips.css")


def _repository(app, config) -> None:
    """Repository and launch buttons from $BOOK_REPOSITORY_URL, or none without it."""
    options = dict(config.html_theme_options)
    url = os.environ.get("BOOK_REPOSITORY_URL", "").strip()
    if not url:
        options.update(repository_url="", use_repository_button=False, launch_buttons={})
        config.html_theme_options = options
        return
    if not REPOSITORY_URL.fullmatch(url):
        raise ConfigError(f"BOOK_REPOSITORY_URL must look like https://host/owner/name, not {url!r}")
    branch = os.environ.get("BOOK_REPOSITORY_BRANCH", "").strip() or "main"
    if not BRANCH.fullmatch(branch) or branch.startswith("/") or branch.endswith("/"):
        raise ConfigError(f"BOOK_REPOSITORY_BRANCH is not a branch name: {branch!r}")
    # The book's root (_config.yml) is the repository's root.
    options.update(repository_url=url, repository_branch=branch, path_to_docs="", use_repository_button=True)
    config.html_theme_options = options


def _citation(app, config) -> None:
    """``book_title``, ``book_version``, ``book_released`` and ``book_authors`` from CITATION.cff."""
    record = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    authors = [a.get("name") or f"{a['given-names']} {a['family-names']}" for a in record["authors"]]
    config.myst_substitutions = {
        **config.myst_substitutions,
        "book_title": record["title"],
        "book_version": str(record["version"]),
        "book_released": str(record["date-released"]),
        "book_authors": ", ".join(authors),
    }


class HideCodeSources(SphinxPostTransform):
    """Marks every code cell without a hiding tag of its own to have its source hidden; runs just
    before myst-nb's ``HideInputCells`` (priority 199), which wraps the source in a toggle."""

    default_priority = 198
    formats = ("html",)

    def run(self, **kwargs) -> None:
        config = self.app.env.mystnb_config
        for node in list(self.document.findall(nodes.container)):
            if node.get("nb_element") == "cell_code" and not _shows_anything(node):
                node.parent.remove(node)
            elif node.get("nb_element") == "cell_code" and not node.get("hide_mode"):
                node["hide_mode"] = "input"
                node["prompt_show"] = config.code_prompt_show
                node["prompt_hide"] = config.code_prompt_hide


def _shows_anything(cell: nodes.container) -> bool:
    """Whether a code cell has an output a reader sees (a cell that only glues values into the prose has none)."""
    outputs = [n for n in cell.children if n.get("nb_element") == "cell_code_output"]
    return any(len(n.children) for n in outputs)


def _copy_assets(app) -> None:
    if app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotlyjs.FILE, target / plotlyjs.FILE.name)
    for name in ("emcart.css", "emcart.js", *TIPS_ASSETS):
        shutil.copyfile(STATIC / name, target / name)


def _fix_page(app, pagename, templatename, context, doctree) -> None:
    _unique_scripts(context)
    # plotly.js is loaded only by pages that hold a figure.
    if "plotly-graph-div" not in context.get("body", ""):
        context["script_files"] = [
            s for s in context["script_files"] if not str(getattr(s, "filename", s) or "").endswith(plotlyjs.FILE.name)
        ]
    # docutils marks each bibliography entry with the deprecated ARIA role doc-biblioentry inside a
    # role="list" container, which then lacks list items (axe-core: aria-required-children).
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')
        if app.builder.format == "html":
            context["body"] = link_tables(context["body"], pagename, Path(app.outdir))
            context["body"] = link_figures(context["body"], pagename, Path(app.outdir))


def _unique_scripts(context) -> None:
    scripts, seen = [], set()
    for script in context.get("script_files", []):
        key = (getattr(script, "filename", script) or "", repr(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            scripts.append(script)
    context["script_files"] = scripts


def setup(app):
    app.connect("config-inited", _repository)
    app.connect("config-inited", _citation)
    app.add_post_transform(HideCodeSources)
    app.connect("builder-inited", _copy_assets)
    # Before any handler that returns a template name, which ends the event's handler chain.
    app.connect("html-page-context", _fix_page, priority=100)
    app.add_js_file(plotlyjs.FILE.name)
    app.add_css_file("emcart.css")
    app.add_js_file("emcart.js")
    app.add_js_file(TIPS_ASSETS[0], loading_method="defer")
    app.add_css_file(TIPS_ASSETS[1])
    tips.setup(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
