"""Workforce Explorer benchmarks.

    python -m benchmarks           # national scale (15,000 a wave x 10 waves); writes RESULTS.md
    python -m benchmarks --quick   # CI-safe: sample + a 300 x 2 stand-in, seconds, no file
                                   # (cold start on the sample, browsing on the stand-in only)

Medians over repeated runs with time.perf_counter; nothing here asserts on timings.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from benchmarks.scale import (
    DATA_DIR,
    build_national,
    national_path,
    write_wave_csv,
    write_wave_xlsx,
)
from tui.paths import ROOT, SAMPLE_CODEBOOK, SAMPLE_DB

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
VIEW_PARAMS = {"low_scores": {"threshold": 3.0}}

Row = tuple[str, str, str, str, str]  # label, p50, p95, raw p50, ratio / note
ROWS: list[Row] = []


def ms(seconds: float) -> str:
    return "n/a" if math.isnan(seconds) else f"{seconds * 1000:,.1f} ms"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def row(label: str, a: str = "", b: str = "", c: str = "", d: str = "") -> None:
    ROWS.append((label, a, b, c, d))
    print(f"{label:<60} {a:>12} {b:>12} {c:>12} {d:>10}", flush=True)


def timings(
    label: str, times: list[float], note: str, *, spread: Callable[[list[float]], float] = p95
) -> None:
    """A row of a timing's median and its spread (p95; max where there are few runs)."""
    row(label, ms(statistics.median(times)), ms(spread(times)), "", note)


def child(*args: str, timeout: float = 600) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "benchmarks._child", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


# -- (a) cold start ---------------------------------------------------------------------
def cold_start(name: str, path: Path, launches: int) -> None:
    paints, frames, datas = [], [], []
    for _ in range(launches):
        t0 = time.perf_counter()
        proc = child("start", str(path))
        assert proc.stdout is not None
        marks = {}
        for line in proc.stdout:
            marks[line.split()[0]] = time.perf_counter() - t0
        if proc.wait(timeout=600) != 0 or "FRAME" not in marks:
            raise SystemExit(f"cold start on {path} failed")
        paints.append(marks.get("PAINT", float("nan")))
        frames.append(marks["FRAME"])
        datas.append(marks.get("DATA", float("nan")))
    for what, times in (
        ("first frame drawn", paints),
        ("first frame, settled", frames),
        ("loaded rows", datas),
    ):
        timings(f"cold start to {what}: {name}", times, f"n={launches}", spread=max)


# -- (b) data layer vs raw DuckDB -------------------------------------------------------
def views(name: str, path: Path, repeats: int) -> None:
    from tui.codebook import THEMES
    from tui.data import SurveyData, select_sql

    data = SurveyData(path)
    wave = data.latest_wave()
    role = "SPLW"
    # The busiest locality, from the unsuppressed group sizes (the small quick-mode file
    # has no locality of 5 or more, so every shown count would be suppressed).
    locality = max(data.group_sizes(role, wave), key=lambda item: item[1])[0]
    calls = [(f"theme {t}", "theme", {"view": t}) for t in THEMES]
    calls += [(v, v, VIEW_PARAMS.get(v, {})) for v in ("low_scores", "supervision_gaps")]
    for label, sql_name, extra in calls:
        for loc in (None, locality):
            params = {**extra, "role": role, "wave": wave, "locality": loc}
            data.query(sql_name, **params)  # warm up
            layer, raw = [], []
            for _ in range(repeats):
                data.clear_cache()  # time a read from the file, not a remembered answer
                t0 = time.perf_counter()
                data.query(sql_name, **params)
                layer.append(time.perf_counter() - t0)
                cur = data._con.cursor()
                t0 = time.perf_counter()
                cur.execute(select_sql(sql_name), params).fetchall()
                raw.append(time.perf_counter() - t0)
                cur.close()
            med, rmed = statistics.median(layer), statistics.median(raw)
            where = "one locality" if loc else "all"
            row(
                f"{name}: {label} ({where})",
                ms(med),
                ms(p95(layer)),
                ms(rmed),
                f"x{med / rmed:.2f}" if rmed else "",
            )
    # The same call again within a session: the data layer's answer cache.
    params = {"view": "role_support", "role": role, "wave": wave, "locality": locality}
    data.query("theme", **params)
    hits = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        data.query("theme", **params)
        hits.append(time.perf_counter() - t0)
    timings(f"{name}: theme role_support (one locality), repeated", hits, "cache hit")
    data.close()


# -- (c), (e) interaction and memory ----------------------------------------------------
def browse(name: str, path: Path, repeats: int, walk: bool = True) -> None:
    proc = child("browse", str(path), str(repeats), "walk" if walk else "quick")
    out, _ = proc.communicate(timeout=1800)
    if proc.returncode != 0:
        raise SystemExit(f"browsing {path} failed")
    result = json.loads(out.strip().splitlines()[-1])
    timings(f"{name}: role tab switch (key to rows)", result["tab"], f"n={repeats}, cold")
    first = result["tab_first"]
    timings(
        f"{name}: first visit to a tab (key to rows)",
        first,
        f"n={len(first)}, read ahead",
        spread=max,
    )
    timings(
        f"{name}: role tab switch back (key to rows)", result["tab_warm"], f"n={repeats}, loaded"
    )
    timings(f"{name}: locality drill (Enter to rows)", result["drill"], f"n={repeats}")
    rested = result["drill_rested"]
    timings(
        f"{name}: locality drill after resting on it (Enter to rows)",
        rested,
        f"n={repeats}, read ahead",
    )
    rss = result["rss_mb"]
    row(f"{name}: peak RSS while browsing", f"{rss:,.0f} MB" if rss else "n/a")
    pauses = result["full_collections"]
    label = f"{name}: garbage collection pause while browsing"
    if pauses:
        timings(label, pauses, f"n={len(pauses)} full", spread=max)
    else:
        row(label, ms(0.0), ms(0.0), "", "n=0")


# -- (d) import -------------------------------------------------------------------------
def imports(name: str, db: Path, repeats: int) -> None:
    import duckdb
    import polars as pl

    from tui.errors import UserError
    from tui.importing import import_export

    con = duckdb.connect(str(db), read_only=True)
    (wave,) = con.execute("SELECT max(wave) FROM waves").fetchone()
    con.close()
    export = DATA_DIR / f"{db.stem}_{wave}_export.csv"
    n = write_wave_csv(db, wave, export)
    files = [("CSV", export)]
    xlsx = write_wave_xlsx(export, export.with_suffix(".xlsx"))
    if xlsx is not None:
        files.append(("XLSX", xlsx))
    for kind, path in files:
        times = []
        try:
            for _ in range(repeats):
                with tempfile.TemporaryDirectory() as tmp:
                    t0 = time.perf_counter()
                    import_export(path, SAMPLE_CODEBOOK, wave, Path(tmp) / "imp.duckdb")
                    times.append(time.perf_counter() - t0)
        except UserError as exc:
            row(
                f"{name}: import one wave ({kind}, {n:,} respondents)", "n/a", "", "", "unsupported"
            )
            print(f"  note: import_export rejects the {kind} file: {str(exc)[-70:]}")
            continue
        med = statistics.median(times)
        row(
            f"{name}: import one wave ({kind}, {n:,} respondents)",
            ms(med),
            ms(max(times)),
            "",
            f"{n / med:,.0f} resp/s",
        )
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        pl.read_csv(export, infer_schema=False)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    row(
        f"{name}: polars.read_csv alone (same CSV)",
        ms(med),
        ms(max(times)),
        "",
        f"{n / med:,.0f} resp/s",
    )


# -- (f) the annual report deck --------------------------------------------------------
def report_deck(name: str, path: Path, launches: int) -> None:
    """The whole latest wave's deck (`report --out`), each in a fresh process."""
    times, cpus, slides = [], [], 0
    for _ in range(launches):
        proc = child("report", str(path))
        out, _ = proc.communicate(timeout=600)
        if proc.returncode != 0:
            raise SystemExit(f"writing the report deck from {path} failed")
        result = json.loads(out.strip().splitlines()[-1])
        times.append(result["seconds"])
        cpus.append(result["cpu"])
        slides = result["slides"]
    timings(
        f"{name}: report deck, whole wave (open to written)",
        times,
        f"{slides} slides, n={launches}, CPU {statistics.median(cpus):.1f} s",
        spread=max,
    )


def machine() -> list[str]:
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        memory = f"{mem:.1f} GiB"
    except (AttributeError, ValueError, OSError):
        memory = "unknown"
    versions = []
    for pkg in ("textual", "duckdb", "polars", "xlsxwriter", "fastexcel", "python-pptx"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{pkg} {metadata.version(pkg)}")
    return [
        f"- Machine: {platform.platform()}, {os.cpu_count()} cores, {memory} memory",
        f"- Python {platform.python_version()}; {', '.join(versions)}",
    ]


def write_results(header: list[str], started: float) -> None:
    lines = [
        "# Benchmark results",
        "",
        *header,
        f"- Run: {time.strftime('%Y-%m-%d %H:%M')}, took {time.perf_counter() - started:,.0f} s",
        "",
        "| Measure | p50 / median | p95 / max | raw DuckDB p50 | ratio / note |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [f"| {' | '.join(r)} |" for r in ROWS]
    lines += [
        "",
        "Latency rows: p50 and p95 through `SurveyData.query` (cursor, fetchall, "
        "polars frame; its answer cache cleared before each timed call, so every call "
        "reads the file) next to the same SQL text and params on a cursor of "
        "`SurveyData._con`; the ratio is data layer / raw.  The 'repeated' row is the "
        "same call answered from the data layer's cache (the file is READ_ONLY).  "
        "Cold start: from process launch to the first screen update the app hands "
        "its (headless) driver ('drawn': header, tabs and sections, the first tab's "
        "rows may still be loading), to the return of `run_test()`'s first "
        "`pilot.pause()` ('settled': Textual waits until the process is quiet, which "
        "usually includes the first tab's reads), and to the first loaded rows.  "
        "Tab switch and drill: from posting the key (not "
        "`Pilot.press`, which also awaits the ~0.4 s Tabs underline animation) to the "
        "active pane having drawn the requested rows (noted by the pane as it draws "
        "them; a tab already loaded, when the pane holds them), the benchmark polling "
        "only every 20 ms to know when to stop waiting; 'cold' switches to a tab "
        "whose Overview is read "
        "from the file (cache cleared), 'first visit' to a tab never shown, as a user "
        "gets it: once the first tab has its rows the app reads the other tabs' "
        "Overviews ahead; 'back' to a tab already loaded; each drill is "
        "to a locality not yet read, pressing Enter at once or after the list rested "
        "on it for 0.4 s (the app reads a locality the list rests on for 0.15 s).  "
        "Peak RSS: VmHWM (Linux; ru_maxrss elsewhere) "
        "of a process browsing every tab, section and a locality.  Other processes "
        "sharing the 2 cores add noise.",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {RESULTS}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Workforce Explorer benchmarks")
    parser.add_argument("--quick", action="store_true", help="CI-safe, seconds, no RESULTS.md")
    parser.add_argument("--n", type=int, default=15_000, help="respondents a wave")
    parser.add_argument("--waves", type=int, default=10)
    args = parser.parse_args()
    if args.quick:
        args.n, args.waves = 300, 2
    # Quick mode proves that every measurement runs and prints, as cheaply as that can be
    # shown: one launch, one read a view, and the cold start, browse and report deck each
    # on one file (the code paths do not depend on which file).
    launches, repeats, browse_n, import_n = (1, 1, 1, 1) if args.quick else (5, 20, 5, 3)
    started = time.perf_counter()
    header = machine()
    print("\n".join(header))
    national = national_path(args.n, args.waves)
    if not national.exists():
        t0 = time.perf_counter()
        build_national(national, args.n, args.waves)
        row(f"build national file ({args.n:,} x {args.waves} waves)", ms(time.perf_counter() - t0))
    big = "national" if not args.quick else f"national stand-in {args.n}x{args.waves}"
    print(f"{'measure':<60} {'p50':>12} {'p95/max':>12} {'raw p50':>12} {'ratio':>10}")
    cold_start("sample", SAMPLE_DB, launches)
    if not args.quick:
        cold_start(big, national, launches)
    views("sample", SAMPLE_DB, repeats)
    views(big, national, repeats)
    if not args.quick:
        browse("sample", SAMPLE_DB, browse_n)
    browse(big, national, browse_n, walk=not args.quick)
    imports(big, national, import_n)
    decks = 1 if args.quick else 3
    report_deck("sample", SAMPLE_DB, decks)
    if national.exists() and not args.quick:
        report_deck(big, national, decks)
    if not args.quick:
        from benchmarks.terminal import report as terminal_report

        for label, median, note in terminal_report(big, national, launches):
            row(label, median, "", "", note)
        write_results(header, started)


if __name__ == "__main__":
    main()
