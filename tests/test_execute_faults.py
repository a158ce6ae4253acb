"""Faults of the notebook run (`python -m emcart.build.execute`), on tiny notebooks that wait to be
interrupted: an interrupted run leaves no process behind and no half-written notebook, two runs on one
checkout take turns, and an unreadable notebook is named."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from emcart.datapackage.paths import REPO

KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
WAIT = 120  # seconds: validating the data package and starting kernels on a busy 2-core machine


def _notebook(path: Path, marks: Path, seconds: float, release: Path | None = None) -> Path:
    """A notebook that notes its kernel's pid and start time, waits (``seconds``, or until ``release`` exists),
    then notes its end time."""
    wait = (
        f"time.sleep({seconds})"
        if release is None
        else f"while not pathlib.Path({str(release)!r}).exists(): time.sleep(0.05)"
    )
    nbformat.write(
        new_notebook(
            cells=[
                new_code_cell(
                    "import os, pathlib, time\n"
                    f"marks = pathlib.Path({str(marks)!r})\n"
                    f"(marks / '{path.stem}.start').write_text(f'{{os.getpid()}} {{time.time()}}')\n"
                    f"{wait}\n"
                    f"(marks / '{path.stem}.end').write_text(str(time.time()))"
                )
            ],
            metadata=KERNEL,
        ),
        path,
    )
    return path


def _start(*notebooks: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "emcart.build.execute", "--all", *map(str, notebooks)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(paths: list[Path], process: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT
    while not all(p.exists() for p in paths):
        assert process.poll() is None, f"the run ended before its notebooks started: {process.communicate()}"
        assert time.monotonic() < deadline, "the notebooks did not start"
        time.sleep(0.2)


def _alive(pids: set[int]) -> list[str]:
    alive = []
    for pid in pids:
        try:
            process = psutil.Process(pid)
            if process.status() != psutil.STATUS_ZOMBIE:
                alive.append(f"{pid} {' '.join(process.cmdline())[:80]}")
        except psutil.NoSuchProcess:
            pass
    return alive


def _end(pids: set[int]) -> None:
    """Kill what a failed test left running, so that it cannot hold the lock for the next test."""
    for pid in pids:
        try:
            psutil.Process(pid).kill()
        except psutil.NoSuchProcess:
            pass


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "marks").mkdir()
    return tmp_path


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=lambda s: s.name)
def test_an_interrupted_run_leaves_no_process_and_no_half_written_notebook(stop, folder):
    marks = folder / "marks"
    notebooks = [_notebook(folder / f"{name}.ipynb", marks, 300) for name in ("first", "second")]
    before = {p: p.read_bytes() for p in notebooks}
    run = _start(*notebooks)
    family = set()
    try:
        _wait_for([marks / f"{p.stem}.start" for p in notebooks], run)
        family = {p.pid for p in psutil.Process(run.pid).children(recursive=True)}
        kernels = {int((marks / f"{p.stem}.start").read_text().split()[0]) for p in notebooks}
        assert kernels <= family, "the kernels are not the run's descendants"
        run.send_signal(stop)
        run.communicate(timeout=30)
        deadline = time.monotonic() + 15
        while _alive(family) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(family), f"left running after {stop.name}: {_alive(family)}"
    finally:
        _end({run.pid} | family)
    assert sorted(p.name for p in folder.iterdir()) == ["first.ipynb", "marks", "second.ipynb"]
    assert {p: p.read_bytes() for p in notebooks} == before, "a notebook was changed by an interrupted run"
    assert not any(marks.glob("*.end"))


def test_two_runs_on_one_checkout_take_turns(folder):
    marks = folder / "marks"
    release = folder / "release"  # the first notebook ends once the second run has found the checkout busy
    first, second = _notebook(folder / "a.ipynb", marks, 0, release), _notebook(folder / "b.ipynb", marks, 0)
    runs = [_start(first)]
    try:
        _wait_for([marks / "a.start"], runs[0])
        runs.append(_start(second))
        waiting = runs[1].stdout.readline()
        release.touch()
        outputs = [run.communicate(timeout=WAIT) for run in runs]
    finally:
        _end({run.pid for run in runs if run.poll() is None})
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert "another notebook run on this checkout is in progress" in waiting, (waiting, outputs)
    a_end = float((marks / "a.end").read_text())
    b_start = float((marks / "b.start").read_text().split()[1])
    assert a_end < b_start, "the second run executed while the first was still running"
    assert all(nbformat.read(p, as_version=4).metadata["emcart"] for p in (first, second))


@pytest.mark.parametrize("damage", ['{"cells": [', "", "\x00\x01"], ids=["cut", "empty", "binary"])
def test_an_unreadable_notebook_is_named_even_when_all_are_executed(damage, folder):
    path = folder / "damaged.ipynb"
    path.write_text(damage, encoding="utf-8")
    run = _start(path)
    out, err = run.communicate(timeout=WAIT)
    assert run.returncode == 1
    assert f"{path}: unreadable notebook" in err
    assert "Traceback" not in err
