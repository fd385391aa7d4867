"""An import killed midway leaves the previous database byte-for-byte intact.

The import builds the new database in a hidden temporary file beside the target and
moves it over the target with os.replace only at the end.  A kill (SIGKILL on POSIX,
TerminateProcess on Windows: both are `proc.kill()`) gives it no chance to clean up, so
the hidden temporary file (".survey.duckdb.1a2b3c4d.tmp", and DuckDB's ".wal" beside it)
and the unlocked lock file can stay behind; the next import, holding the lock, deletes
them and says so.  No visible file is ever left.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from file_helpers import sha256
from import_helpers import CODEBOOK, FIXTURES, PLAIN

from tui.data import SurveyData
from tui.paths import ROOT

# Popen.kill: SIGKILL on POSIX (return code -9), TerminateProcess on Windows (exit code 1).
KILLED = 1 if sys.platform == "win32" else -9

# Runs the real command line with one change: a pause just before the final os.replace,
# announced by writing the temporary file's name to a marker file.
PAUSING_IMPORT = """
import os, sys, time
from pathlib import Path
import tui.importing.writer as writer
marker = Path(sys.argv[1])
real = writer._move_into_place
def paused(tmp, target):
    Path(f"{marker}.part").write_text(str(tmp))
    os.replace(f"{marker}.part", marker)
    time.sleep(120)
    real(tmp, target)
writer._move_into_place = paused
from tui.cli import main
sys.exit(main(sys.argv[2:]))
"""


def _visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _wait_for(check, timeout: float = 60.0, step: float = 0.002) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(step)
    return False


@pytest.fixture
def survey(tmp_path: Path, plain_2023: Path) -> Path:
    """The plain fixture as wave 2023 (a copy of conftest's `plain_2023`)."""
    folder = tmp_path / "surveys"
    folder.mkdir()
    db = folder / "survey.duckdb"
    shutil.copyfile(plain_2023, db)
    return db


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _import_cmd(export: Path, db: Path, wave: int) -> list[str]:
    return [
        "import",
        str(export),
        "--codebook",
        str(CODEBOOK),
        "--wave",
        str(wave),
        "--db",
        str(db),
    ]


def test_kill_just_before_the_replace_leaves_the_database_intact(
    survey: Path, tmp_path: Path, capsys
) -> None:
    before, visible = sha256(survey), _visible(survey.parent)
    marker = tmp_path / "marker"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            PAUSING_IMPORT,
            str(marker),
            *_import_cmd(FIXTURES / "google_forms.csv", survey, 2024),
        ],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(marker.exists), "the import never reached its final step"
        tmp = Path(marker.read_text())
        assert tmp.exists() and tmp.parent == survey.parent and tmp.name.startswith(".")
    finally:
        proc.kill()  # SIGKILL / TerminateProcess
        proc.wait(timeout=30)
    assert proc.returncode == KILLED
    assert sha256(survey) == before
    assert _visible(survey.parent) == visible
    leftovers = [n for n in _hidden(survey.parent) if n != ".survey.duckdb.lock"]
    assert leftovers and all(n.startswith(".survey.duckdb.") and ".tmp" in n for n in leftovers)
    # The file still opens, holds only the old wave, and the next import deletes what
    # was left behind and says so.
    data = SurveyData(survey)
    assert list(data.waves()["wave"]) == [2023]
    data.close()
    from tui.cli import main

    capsys.readouterr()
    assert main(_import_cmd(FIXTURES / "google_forms.csv", survey, 2024)) == 0
    err = capsys.readouterr().err
    assert "deleted 1 working copy left by interrupted imports" in err
    assert tmp.name in err
    assert _hidden(survey.parent) == []


def test_kill_while_writing_a_large_import_leaves_the_database_intact(
    survey: Path, tmp_path: Path
) -> None:
    records = list(csv.reader(io.StringIO(PLAIN.read_text(encoding="utf-8"), newline="")))
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(records[0])
        for i in range(20000):
            writer.writerow([str(i + 1), *records[1 + i % 6][1:]])
    before, visible = sha256(survey), _visible(survey.parent)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", *_import_cmd(big, survey, 2024)],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Kill the moment the working copy appears: mid-copy or mid-write.
        seen = _wait_for(lambda: bool(_hidden(survey.parent)) or proc.poll() is not None)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert seen and proc.returncode == KILLED, "the import finished before it could be killed"
    assert sha256(survey) == before
    assert _visible(survey.parent) == visible
    assert SurveyData(survey).waves()["wave"].to_list() == [2023]
