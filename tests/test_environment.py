"""One set of dependency versions: pyproject.toml, requirements.lock and environment.yml agree."""
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
TEST = _pins(PROJECT["optional-dependencies"]["test"])
LOCK = _pins((REPO / "requirements.lock").read_text().splitlines())
CONDA = yaml.safe_load((REPO / "environment.yml").read_text())


def test_every_direct_dependency_is_pinned_exactly():
    assert len(RUNTIME) == len(PROJECT["dependencies"])
    assert len(TEST) == len(PROJECT["optional-dependencies"]["test"])


def test_lock_agrees_with_pyproject():
    for name, version in {**RUNTIME, **TEST}.items():
        assert LOCK.get(name) == version, f"{name}: pyproject {version}, lock {LOCK.get(name)}"


def test_environment_yml_pins_the_runtime_dependencies():
    conda = _pins([d.replace("=", "==", 1) for d in CONDA["dependencies"] if isinstance(d, str)])
    assert conda.pop("python") == "3.11"
    conda.pop("pip", None)
    assert conda == RUNTIME
    assert "conda-forge" in CONDA["channels"]


def test_environment_yml_installs_the_package_with_pip():
    # The pip list becomes a requirements file (conda, mamba, repo2docker): no pip options there.
    assert [d for d in CONDA["dependencies"] if isinstance(d, dict)] == [{"pip": ["-e ."]}]


def test_python_version_is_311():
    assert PROJECT["requires-python"] == ">=3.11,<3.12"
