"""One set of dependency versions: pyproject.toml pins what requirements.lock holds, and Binder installs the lock."""

from __future__ import annotations

import re
import tomllib

import yaml

from emcart.datapackage.paths import REPO


def _pins(requirements: list[str]) -> dict[str, str]:
    pins = {}
    for line in requirements:
        match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;#]+)\s*", line)
        if match:
            pins[match[1].lower().replace("_", "-")] = match[2]
    return pins


PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
RUNTIME = _pins(PROJECT["dependencies"])
BOOK = _pins(PROJECT["optional-dependencies"]["book"])
TEST = _pins(PROJECT["optional-dependencies"]["test"])
LOCK = _pins((REPO / "requirements.lock").read_text().splitlines())
CONDA = yaml.safe_load((REPO / "environment.yml").read_text())


def test_every_direct_dependency_is_pinned_exactly():
    assert len(RUNTIME) == len(PROJECT["dependencies"])
    assert len(BOOK) == len(PROJECT["optional-dependencies"]["book"])
    assert len(TEST) == len(PROJECT["optional-dependencies"]["test"])


def test_lock_agrees_with_pyproject():
    for name, version in {**RUNTIME, **BOOK, **TEST}.items():
        assert LOCK.get(name) == version, f"{name}: pyproject {version}, lock {LOCK.get(name)}"


def test_binder_installs_exactly_the_lock():
    # Binder (repo2docker) and conda take Python 3.11 from conda-forge and every package from the lock:
    # no version is pinned here that the lock could disagree with.
    assert CONDA["channels"] == ["conda-forge"]
    assert CONDA["dependencies"] == ["python=3.11", "pip", {"pip": ["-r requirements.lock", "-e ."]}]


def test_binder_reads_no_other_configuration():
    # repo2docker uses binder/ or .binder/ instead of the top level, and would also act on these files.
    others = [
        "binder",
        ".binder",
        "requirements.txt",
        "runtime.txt",
        "Pipfile",
        "Pipfile.lock",
        "setup.py",
        "install.R",
        "apt.txt",
        "postBuild",
        "start",
        "Project.toml",
        "REQUIRE",
        "default.nix",
        "Dockerfile",
    ]
    assert [name for name in others if (REPO / name).exists()] == []


def test_the_lock_pins_every_line_exactly():
    lines = [
        line
        for line in (REPO / "requirements.lock").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(lines) == len(LOCK), [line for line in lines if "==" not in line]


def test_python_version_is_311():
    assert PROJECT["requires-python"] == ">=3.11,<3.12"


def test_pre_commit_runs_the_pinned_ruff():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    [ruff] = [repo for repo in config["repos"] if repo["repo"].endswith("/ruff-pre-commit")]
    assert ruff["rev"] == f"v{TEST['ruff']}"
    assert {hook["id"] for hook in ruff["hooks"]} == {"ruff-check", "ruff-format"}


def test_the_package_needs_no_book_or_test_dependency():
    # The book build (jupyter-book, the kernel, nbclient) and the tests are extras, not the package's own needs.
    assert not {"jupyter-book", "ipykernel", "nbclient", "pytest"} & set(RUNTIME)
    assert set(BOOK) | set(TEST) <= set(LOCK)
