"""File-level cases tests/test_open_errors.py does not already cover.

Covered there: missing, directory, zero bytes, random bytes, another application's DuckDB,
a newer schema version, truncated and garbled files, a lock held in the same process.
Here: a lock held by another *process* (the usual case: a second program has the file
open read-write), a read-only survey file (browsing must work), a read-only folder as the
import's target (one line, nothing written), and paths with spaces and non-ASCII letters.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from file_helpers import assert_one_line_error, sha256, sidecars, summary, summary_here
from import_helpers import PLAIN, import_args, run

from tui.cli import main
from tui.data import SurveyData
from tui.paths import SAMPLE_CODEBOOK, SAMPLE_DB, SAMPLE_EXPORT

ROOT = Path(__file__).resolve().parent.parent
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

HOLDER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])          # read-write: DuckDB takes the file lock
    con.execute("SELECT count(*) FROM answers").fetchone()
    print("ready", flush=True)
    time.sleep(60)
""")


@pytest.fixture
def held_open(tmp_path: Path):
    """A copy of the sample that another process holds open for writing."""
    path = tmp_path / "busy survey.duckdb"
    shutil.copyfile(SAMPLE_DB, path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield path
    finally:
        holder.kill()
        holder.wait(timeout=10)


def test_summary_on_a_file_another_process_writes_says_so(held_open: Path) -> None:
    line = assert_one_line_error(
        summary("--role", "SPLW", "--theme", "training", db=held_open),
        "open for writing",
        "another program",
    )
    assert str(held_open) in line
    assert "close that program" in line and "copy" in line  # how to proceed


def test_explorer_on_a_file_another_process_writes_fails_before_any_screen(
    held_open: Path, capsys
) -> None:
    assert main([str(held_open)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "open for writing" in err[0], err


def test_import_into_a_file_another_process_writes_is_refused(held_open: Path, capsys) -> None:
    # Swapping a new copy in would lose the other program's unsaved changes (its .wal)
    # and orphan its later writes: the import refuses, in one line, and writes nothing.
    before = sha256(held_open)
    code, err = run(capsys, *import_args(PLAIN, held_open))
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "open for writing in another program" in lines[0], err
    assert sha256(held_open) == before
    assert [p.name for p in held_open.parent.iterdir() if p.name.endswith(".tmp")] == []


# -- read-only survey file ----------------------------------------------------------------
@pytest.fixture
def read_only_copy(tmp_path: Path):
    path = tmp_path / "read only.duckdb"
    shutil.copyfile(SAMPLE_DB, path)
    path.chmod(0o444)
    yield path
    path.chmod(0o644)


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_read_only_file_can_be_browsed(read_only_copy: Path, fmt: str) -> None:
    before = sha256(read_only_copy)
    result = summary_here(
        "--role", "SPLW", "--theme", "low_scores", "--format", fmt, db=read_only_copy
    )
    assert result.returncode == 0, result.stderr
    assert "My caseload is manageable" in result.stdout
    assert sha256(read_only_copy) == before
    assert stat.S_IMODE(read_only_copy.stat().st_mode) == 0o444
    assert sidecars(read_only_copy) == []


async def test_the_explorer_opens_a_read_only_file(read_only_copy: Path) -> None:
    from explorer_helpers import make_app, pane, settle

    from tui.widgets.overview import OverviewCard

    before = sha256(read_only_copy)
    app = make_app(read_only_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "53 of 263" in pane(app).query_one(OverviewCard).plain_text()
    app.data.close()
    assert sha256(read_only_copy) == before
    assert sidecars(read_only_copy) == []


# -- a read-only folder as the import's target ----------------------------------------------
def _refused_import(capsys, db: Path) -> str:
    code, err = run(capsys, *import_args(PLAIN, db))
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.skipif(IS_ROOT, reason="root ignores folder permissions")
@pytest.mark.skipif(os.name == "nt", reason="chmod does not stop writes in a Windows folder")
def test_import_into_a_read_only_folder_is_one_line_and_writes_nothing(
    tmp_path: Path, capsys
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    existing = folder / "survey.duckdb"
    shutil.copyfile(SAMPLE_DB, existing)
    before = sha256(existing)
    folder.chmod(0o555)
    try:
        for db in (folder / "new.duckdb", existing):
            line = _refused_import(capsys, db)
            assert "cannot write in the folder" in line and str(folder) in line, line
            assert "nothing was" in line
        assert sorted(p.name for p in folder.iterdir()) == ["survey.duckdb"]
        assert sha256(existing) == before
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(not Path("/sys").is_dir(), reason="needs a folder nobody may write in")
def test_import_into_a_folder_the_system_refuses_is_one_line(capsys) -> None:
    # /sys refuses new files even to root, so this runs everywhere a Linux /sys exists.
    db = Path("/sys/survey.duckdb")
    try:
        probe = os.open("/sys/.probe", os.O_CREAT | os.O_WRONLY, 0o600)
    except OSError:
        pass
    else:
        os.close(probe)
        os.unlink("/sys/.probe")
        pytest.skip("/sys is writable here")
    line = _refused_import(capsys, db)
    assert "cannot write in the folder /sys" in line, line
    assert "cannot be read" not in line  # it is about writing, not reading
    assert not db.exists()


# -- an export's permissions ------------------------------------------------------------------
@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
@pytest.mark.parametrize(("umask", "expected"), [(0o027, 0o640), (0o002, 0o664)])
def test_a_new_export_gets_the_permissions_of_any_new_file(
    tmp_path: Path, umask: int, expected: int
) -> None:
    """An export is created as any new file in that folder would be (0o666 less the umask
    in force when it is written), not with a umask read once at import time; a file it
    replaces keeps its own permissions."""
    import polars as pl

    from tui.export import export_frame

    frame = pl.DataFrame({"role": ["SPLW"], "n": [53]})
    target = tmp_path / "export.csv"
    old = os.umask(umask)
    try:
        export_frame(frame, target, "csv", {"survey": "test"})
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == expected
    target.chmod(0o600)
    export_frame(frame, target, "csv", {"survey": "again"}, overwrite=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.csv"]


# -- spaces and non-ASCII letters in paths ---------------------------------------------------
def test_paths_with_spaces_and_umlauts_work(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "Bürger daten"
    folder.mkdir()
    db = folder / "ümlaut survey.duckdb"
    shutil.copyfile(SAMPLE_DB, db)
    before = sha256(db)
    result = summary("--role", "H&WC", "--theme", "supervision_gaps", db=db)
    assert result.returncode == 0, result.stderr
    assert sha256(db) == before
    data = SurveyData(db)
    try:
        assert data.latest_wave() == 2023
    finally:
        data.close()
    export = folder / "Antworten 2024 – ü.csv"
    shutil.copyfile(SAMPLE_EXPORT, export)
    code, err = run(capsys, *import_args(export, db, codebook=SAMPLE_CODEBOOK))
    assert code == 0, err
    data = SurveyData(db)
    try:
        assert data.latest_wave() == 2024
    finally:
        data.close()
    result = summary("--role", "SPLW", "--theme", "training", db=folder / "fehlt ü.duckdb")
    line = assert_one_line_error(result, "no such file")
    assert str(folder / "fehlt ü.duckdb") in line
