"""`python -m benchmarks --quick` runs and prints a number on every row (no timing
assertions)."""

from __future__ import annotations

import re
import sys

import pytest

from tui.codebook import THEMES
from tui.paths import ROOT

STANDIN = "national stand-in 300x2"
LABELS = [
    # Quick mode times the cold start and the deck on the sample and browsing on the
    # stand-in only.
    *[
        f"cold start to {what}: sample"
        for what in ("first frame drawn", "first frame, settled", "loaded rows")
    ],
    *[
        f"{name}: theme {t} ({where})"
        for name in ("sample", STANDIN)
        for t in THEMES
        for where in ("all", "one locality")
    ],
    *[
        f"{name}: {v} ({where})"
        for name in ("sample", STANDIN)
        for v in ("low_scores", "supervision_gaps")
        for where in ("all", "one locality")
    ],
    *[f"{name}: theme role_support (one locality), repeated" for name in ("sample", STANDIN)],
    *[
        f"{STANDIN}: {what}"
        for what in (
            "role tab switch (key to rows)",
            "role tab switch back (key to rows)",
            "first visit to a tab (key to rows)",
            "locality drill (Enter to rows)",
            "locality drill after resting on it (Enter to rows)",
            "peak RSS while browsing",
            "garbage collection pause while browsing",
        )
    ],
    f"{STANDIN}: import one wave (CSV, 300 respondents)",
    f"{STANDIN}: import one wave (XLSX, 300 respondents)",
    f"{STANDIN}: polars.read_csv alone (same CSV)",
    "sample: report deck, whole wave (open to written)",
]


@pytest.mark.slow
@pytest.mark.reads_the_file  # its rows time opening and reading the sample
def test_quick_benchmarks_run_and_print_every_row(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What `python -m benchmarks --quick` runs: its main(), in this process (a new
    Python importing polars, duckdb and tui again proved nothing more); the cold start,
    browsing and the report deck still run in the processes the benchmark starts."""
    from benchmarks.__main__ import main

    monkeypatch.setattr(sys, "argv", ["benchmarks", "--quick"])
    monkeypatch.chdir(ROOT)
    main()
    stdout = capsys.readouterr().out
    missing = [label for label in LABELS if label not in stdout]
    assert not missing, f"rows not printed: {missing}\n{stdout}"
    lines = stdout.splitlines()
    for label in LABELS:  # each row prints a measured number, not "n/a"
        line = next(line for line in lines if line.startswith(label))
        assert re.search(r"\d (ms|MB)\b", line[len(label) :]), line
