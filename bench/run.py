"""Benchmark of the book build and the tests on this machine; writes bench/report.json and .md.

Measures: clean build (empty cache, every notebook executed), rebuild with no change, rebuild after
touching one CSV (its time stamp only) and after editing one report's row in a CSV (and which
notebooks re-executed; the edit and the notebooks are restored afterwards), `make test` with the time
of each of its phases and its ratio to the clean build (the work it checks), total site size, each page's size with and without the shared static assets, and the copies of plotly.js.

Usage: ``make bench`` (runs ``python bench/run.py``); the environment must exist.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HTML = REPO / "_build" / "html"
TOUCHED = REPO / "data" / "events.csv"
EDITED = REPO / "data" / "gaps.csv"
EDITED_ROW = "B-Fig1,"  # a report-B row: its content gets a suffix


def timed(*command: str) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return round(time.perf_counter() - start, 1), done.stdout


def executed(log: str) -> list[str]:
    return re.findall(r"^executed (\S+)", log, flags=re.M)


def edited_rebuild() -> tuple[float, str]:
    """Rebuild after appending to one report-B cell; then restore the CSV and the notebooks."""
    csv = EDITED.read_text(encoding="utf-8")
    notebooks = {p: p.read_bytes() for p in (REPO / "notebooks").glob("*.ipynb")}
    lines = csv.splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith(EDITED_ROW))
    lines[row] = lines[row].replace(",image only", " (edited),image only")
    try:
        EDITED.write_text("".join(lines), encoding="utf-8")
        return timed("make", "book")
    finally:
        EDITED.write_text(csv, encoding="utf-8")
        for path, content in notebooks.items():
            path.write_bytes(content)


def phases(log: str) -> dict[str, float]:
    """The wall time of each phase of `make test`, from the lines scripts/phase.sh prints."""
    return {name: float(seconds) for name, seconds in re.findall(r"^phase (\S+): ([\d.]+) s$", log, flags=re.M)}


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def pages() -> list[dict]:
    static = set()
    rows = []
    for page in sorted(HTML.rglob("*.html")):
        if "_static" in page.parts or page.name in ("genindex.html", "search.html"):
            continue
        own = page.stat().st_size
        assets = set(re.findall(r'(?:src|href)="(?:\.\./)*(_static/[^"?#]+)', page.read_text(errors="ignore")))
        static |= assets
        shared = sum((HTML / a).stat().st_size for a in assets if (HTML / a).is_file())
        rows.append({"page": page.relative_to(HTML).as_posix(), "bytes": own, "bytes_with_static": own + shared})
    return rows


INTERACTIVE = """() => {
  const t = performance.getEntriesByType('navigation')[0];
  return {interactive: t.domInteractive, load: t.loadEventEnd};
}"""


def interactive(pages: list[dict]) -> None:
    """Per page, in headless Chromium from file:// with the network off (median of three loads): when the
    document became interactive, when it finished loading, and when every figure was drawn and fitted."""
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=args)
        context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
        for row in pages:
            runs = []
            for _ in range(3):
                tab = context.new_page()
                start = time.perf_counter()
                tab.goto((HTML / row["page"]).as_uri(), wait_until="load")
                tab.wait_for_function(
                    "() => [...document.querySelectorAll('.plotly-graph-div')].every(d => d.dataset.emcartSettled)",
                    timeout=60_000,
                )
                settled = (time.perf_counter() - start) * 1000
                runs.append({**tab.evaluate(INTERACTIVE), "settled": settled})
                tab.close()
            for key in ("interactive", "load", "settled"):
                row[f"{key}_ms"] = round(sorted(r[key] for r in runs)[1])
        browser.close()


def main() -> None:
    shutil.rmtree(REPO / "_build", ignore_errors=True)
    clean, log = timed("make", "book", "EXECUTE=--all")
    notebooks_clean = executed(log)
    cached, log_cached = timed("make", "book")
    os.utime(TOUCHED)
    touched, log_touched = timed("make", "book")
    edited, log_edited = edited_rebuild()
    timed("make", "book")
    shutil.rmtree(REPO / "_build" / ".validated")  # as in a fresh clone: the tests validate the data themselves
    test, log_test = timed("make", "test")
    plotly = [
        p.relative_to(HTML).as_posix()
        for p in HTML.rglob("*.js")
        if p.read_text(errors="ignore").startswith("/**\n* plotly.js")
    ]
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "clean_build_s": clean,
        "notebooks_executed_clean": notebooks_clean,
        "cached_rebuild_s": cached,
        "notebooks_executed_cached": executed(log_cached),
        "touched_csv": TOUCHED.relative_to(REPO).as_posix(),
        "touched_rebuild_s": touched,
        "notebooks_executed_touched": executed(log_touched),
        "edited_csv": f"{EDITED.relative_to(REPO).as_posix()} (row {EDITED_ROW.rstrip(',')})",
        "edited_rebuild_s": edited,
        "notebooks_executed_edited": executed(log_edited),
        "make_test_s": test,
        "make_test_phases_s": phases(log_test),
        "make_test_over_clean_build": round(test / clean, 2),
        "site_bytes": size(HTML),
        "plotly_js_copies": plotly,
        "pages": pages(),
    }
    interactive(report["pages"])
    (REPO / "bench" / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [
        "# Benchmark",
        "",
        f"Machine: {report['machine']['cpus']} CPUs, Python {report['machine']['python']}, "
        f"load average {os.getloadavg()[0]:.1f} at the end.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| clean build (all notebooks executed) | {clean} s |",
        f"| rebuild, nothing changed | {cached} s ({len(report['notebooks_executed_cached'])} notebooks executed) |",
        f"| rebuild after touching `{report['touched_csv']}` (time stamp only) | {touched} s ({len(report['notebooks_executed_touched'])} notebooks executed) |",
        f"| rebuild after editing one report-B row of `{report['edited_csv']}` | {edited} s "
        f"({', '.join(Path(n).stem for n in report['notebooks_executed_edited'])} executed) |",
        f"| `make test` | {test} s |",
        *[f"| `make test` phase: {name} | {seconds} s |" for name, seconds in report["make_test_phases_s"].items()],
        f"| `make test` / clean build | {report['make_test_over_clean_build']} |",
        f"| site size | {report['site_bytes'] / 1e6:.1f} MB |",
        f"| copies of plotly.js | {len(plotly)} ({', '.join(plotly)}) |",
        "",
        "Time to interactive: headless Chromium, file:// with the network off, 1400×900, median of three loads;",
        "figures fitted: every plotly figure drawn and fitted to the screen by the book's script.",
        "",
        "| page | own size (kB) | with shared static assets (kB) | interactive (ms) | loaded (ms) | figures fitted (ms) |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {p['page']} | {p['bytes'] / 1e3:.0f} | {p['bytes_with_static'] / 1e3:.0f} | {p['interactive_ms']} "
        f"| {p['load_ms']} | {p['settled_ms']} |"
        for p in report["pages"]
    ]
    (REPO / "bench" / "report.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
