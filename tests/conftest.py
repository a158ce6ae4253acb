"""Shared fixtures: a scratch copy of the curated data, and the source texts' availability."""
from __future__ import annotations

import os
import shutil

import pytest

from emcart.datapackage.paths import DATA, sources_dir


def pytest_report_header(config):
    return f"source texts: {sources_dir()} ({'present' if sources_dir().is_dir() else 'MISSING'})"


@pytest.fixture
def sources():
    """The source-text folder. Missing: a failure under CI=true, a visible skip elsewhere."""
    folder = sources_dir()
    if not folder.is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"source texts not found at {folder}: CI must run with ../shared beside the repository")
        pytest.skip(f"source texts not found at {folder}; set EMCART_SOURCES or put ../shared beside the repository")
    return folder


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ to corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
