"""Trust in the survey file: an import never loses a wave or a committed change.

Issue 15, items 1, 2, 4 and 13 (and issue 17's "next year's wave"):

- two imports into one file: the second waits for the first (or, told not to wait,
  exits 2 saying another import is writing) and both waves end up in the file; a kill
  leaves no lock behind, and the next import deletes the killed one's hidden copy;
- a `.wal` left by a writer that died is folded in before the import, or the import is
  refused with the file and the WAL untouched;
- `--db` as a symbolic link writes through to the file it points at;
- a survey file with columns of the wrong type, or cut short, is one line, exit 2;
- `--from LAST.duckdb` starts a new file holding last year's waves, and the summary says
  which waves the file holds.

The concurrency and kill cases run the real command line in subprocesses; a hook holds
an import at its last step (just before the new file is moved into place) until the
test lets it go, so no case depends on timing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from file_helpers import sha256
from import_helpers import CODEBOOK, FIXTURES, PLAIN, import_args, rows, run

from tui.data import SurveyData
from tui.paths import ROOT, SAMPLE_DB

GOOGLE = FIXTURES / "google_forms.csv"
KILLED = 1 if sys.platform == "win32" else -9

# The real command line, held just before its final os.replace until `go` exists; it
# writes `ready` (holding the file's lock, if the import takes one) and waits.
HELD_IMPORT = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    import tui.importing.writer as writer
    ready, go = Path(sys.argv[1]), Path(sys.argv[2])
    real = writer._move_into_place
    def held(tmp, target):
        ready.write_text(str(tmp))
        while not go.exists():
            time.sleep(0.01)
        real(tmp, target)
    writer._move_into_place = held
    from tui.cli import main
    sys.exit(main(sys.argv[3:]))
""")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _cli(*argv: str | Path) -> list[str]:
    return [sys.executable, "-m", "tui", *(str(a) for a in argv)]


def _import_cmd(export: Path, db: Path, wave: int, *extra: str) -> list[str]:
    return [
        "import",
        str(export),
        "--codebook",
        str(CODEBOOK),
        "--wave",
        str(wave),
        "--db",
        str(db),
        *extra,
    ]


def _wait_for(check, timeout: float = 60.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.01)
    return False


class Held:
    """An import subprocess held at its last step, holding the file."""

    def __init__(self, tmp_path: Path, export: Path, db: Path, wave: int) -> None:
        self.ready = tmp_path / f"ready{wave}"
        self.go = tmp_path / f"go{wave}"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                HELD_IMPORT,
                str(self.ready),
                str(self.go),
                *_import_cmd(export, db, wave),
            ],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert _wait_for(lambda: self.ready.exists() or self.proc.poll() is not None)
        assert self.proc.poll() is None, self.proc.communicate()[1]

    def release(self) -> tuple[int, str]:
        self.go.write_text("go")
        _out, err = self.proc.communicate(timeout=120)
        return self.proc.returncode, err

    def kill(self) -> None:
        self.proc.kill()
        self.proc.communicate(timeout=30)


@pytest.fixture
def survey(tmp_path: Path, plain_2023: Path) -> Path:
    """The plain fixture as wave 2023 (a copy of conftest's `plain_2023`)."""
    folder = tmp_path / "surveys"
    folder.mkdir()
    db = folder / "survey.duckdb"
    shutil.copyfile(plain_2023, db)
    return db


def _waves(db: Path) -> list[int]:
    return [int(r[0]) for r in rows(db, "SELECT wave FROM waves ORDER BY wave")]


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# -- 1. one import at a time ------------------------------------------------------------
def test_a_second_import_told_not_to_wait_exits_2_naming_the_other_import(
    survey: Path, tmp_path: Path
) -> None:
    first = Held(tmp_path, GOOGLE, survey, 2024)
    try:
        before = sha256(survey)
        second = subprocess.run(
            _cli(*_import_cmd(PLAIN, survey, 2025, "--wait", "0")),
            env=_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert second.returncode == 2, second.stderr
        line = second.stderr.strip()
        assert "\n" not in line and "Traceback" not in line
        assert "another import is writing" in line and str(survey) in line
        assert "nothing was written" in line
        assert sha256(survey) == before
    finally:
        code, err = first.release()
    assert code == 0, err
    assert _waves(survey) == [2023, 2024]


def test_a_second_import_waits_for_the_first_and_both_waves_are_kept(
    survey: Path, tmp_path: Path
) -> None:
    first = Held(tmp_path, GOOGLE, survey, 2024)
    second = subprocess.Popen(
        _cli(*_import_cmd(PLAIN, survey, 2025)),
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # the second says it is waiting (on stderr) while the first holds the file
    assert second.stderr is not None
    waiting = second.stderr.readline()
    assert "waiting for another import to finish writing survey.duckdb" in waiting
    code, err = first.release()
    assert code == 0, err
    rest = second.communicate(timeout=120)[1]
    assert second.returncode == 0, rest
    assert "now holds waves 2023, 2024, 2025" in rest
    assert _waves(survey) == [2023, 2024, 2025]
    assert _hidden(survey.parent) == []  # no lock file, no working copy


def test_a_failed_import_releases_the_file_at_once(survey: Path, capsys) -> None:
    code, err = run(capsys, *import_args(PLAIN, survey, 2023))  # wave 2023 exists already
    assert code == 2 and "already holds" in err
    assert _hidden(survey.parent) == []
    code, err = run(capsys, *import_args(GOOGLE, survey, 2024, "--wait", "0"))
    assert code == 0, err


def test_a_killed_import_leaves_no_lock_and_the_next_one_deletes_its_copy(
    survey: Path, tmp_path: Path, capsys
) -> None:
    held = Held(tmp_path, GOOGLE, survey, 2024)
    copy = Path(held.ready.read_text())
    before = sha256(survey)
    held.kill()
    assert held.proc.returncode == KILLED
    assert sha256(survey) == before and copy.exists()
    code, err = run(capsys, *import_args(PLAIN, survey, 2025, "--wait", "0"))
    assert code == 0, err
    assert f"deleted 1 working copy left by interrupted imports: {copy.name}" in err
    assert _hidden(survey.parent) == []
    assert _waves(survey) == [2023, 2025]


# -- 2. a WAL left beside the file ------------------------------------------------------
LEAVE_WAL = textwrap.dedent("""
    import os, sys, duckdb
    con = duckdb.connect(sys.argv[1])
    con.execute("SET checkpoint_threshold = '1GB'")
    con.execute("PRAGMA disable_checkpoint_on_shutdown")
    con.execute("UPDATE waves SET note = 'committed, only in the WAL'")
    con.execute("INSERT INTO localities VALUES ('Walkden', 'Greater Manchester', 99)")
    os._exit(0)                     # dies without writing its changes into the file
""")


def _leave_wal(db: Path) -> Path:
    subprocess.run([sys.executable, "-c", LEAVE_WAL, str(db)], check=True, timeout=60)
    wal = db.with_name(db.name + ".wal")
    assert wal.is_file() and wal.stat().st_size > 0
    return wal


def test_an_import_folds_in_a_left_over_wal_and_keeps_its_changes(survey: Path, capsys) -> None:
    wal = _leave_wal(survey)
    code, err = run(capsys, *import_args(GOOGLE, survey, 2024))
    assert code == 0, err
    assert "first folded survey.duckdb.wal into survey.duckdb" in err
    assert not wal.exists()
    # the file opens (no stale WAL beside it) and holds the WAL's changes and the wave
    con = duckdb.connect(str(survey))
    try:
        assert con.execute("SELECT wave, note FROM waves ORDER BY wave").fetchall() == [
            (2023, "committed, only in the WAL"),
            (2024, None),
        ]
        assert con.execute(
            "SELECT count(*) FROM localities WHERE locality = 'Walkden'"
        ).fetchone() == (1,)
    finally:
        con.close()
    data = SurveyData(survey)
    assert [int(w) for w in data.waves()["wave"]] == [2023, 2024]
    data.close()


def _stale_wal(db: Path) -> Path:
    """A WAL that belongs to an older state of the file (the file moved on since)."""
    wal = _leave_wal(db)
    saved = wal.read_bytes()
    duckdb.connect(str(db)).close()  # replays and checkpoints it
    assert not wal.exists()
    wal.write_bytes(saved)
    return wal


@pytest.mark.parametrize(
    "make_wal",
    [
        _stale_wal,
        lambda db: (
            db.with_name(db.name + ".wal").write_bytes(bytes(range(256)) * 4),
            db.with_name(db.name + ".wal"),
        )[1],
    ],
    ids=["stale", "garbage"],
)
def test_a_wal_that_cannot_be_folded_in_is_refused_untouched(
    survey: Path, capsys, make_wal
) -> None:
    wal = make_wal(survey)
    before = (sha256(survey), sha256(wal))
    code, err = run(capsys, *import_args(GOOGLE, survey, 2024))
    assert code == 2
    line = err.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "survey.duckdb.wal" in line and "left as they were" in line
    assert (sha256(survey), sha256(wal)) == before
    assert _hidden(survey.parent) == []


# -- 4. --db as a symbolic link -----------------------------------------------------------
def test_an_import_through_a_symlink_writes_the_file_it_points_at(
    survey: Path, tmp_path: Path, capsys
) -> None:
    link = tmp_path / "current.duckdb"
    try:
        link.symlink_to(survey)
    except OSError:
        pytest.skip("this system does not let the test make a symbolic link")
    code, err = run(capsys, *import_args(GOOGLE, link, 2024))
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == survey.resolve()
    assert _waves(survey) == [2023, 2024]
    assert f"(a link to {survey})" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current.duckdb", "surveys"]
    assert _hidden(survey.parent) == []


# -- 13. survey files of the wrong shape --------------------------------------------------
def _rebuilt(tmp_path: Path, name: str, table: str, select: str) -> Path:
    path = tmp_path / name
    shutil.copyfile(SAMPLE_DB, path)
    con = duckdb.connect(str(path))
    try:
        con.execute(f"CREATE TABLE rebuilt AS SELECT {select} FROM {table}")
        con.execute(f"DROP TABLE {table}")
        con.execute(f"ALTER TABLE rebuilt RENAME TO {table}")
    finally:
        con.close()
    return path


WRONG_TYPES = {
    "wave_as_text": (
        "waves",
        "CAST(wave AS VARCHAR) || 'x' AS wave, * EXCLUDE (wave)",
        "waves.wave is VARCHAR, expected INTEGER",
    ),
    "label_as_integer": (
        "roles",
        "role, sort_order AS label, name, sort_order",
        "roles.label is INTEGER, expected VARCHAR",
    ),
    "schema_version_null": (
        "schema_info",
        "key, CASE WHEN key = 'schema_version' THEN NULL ELSE value END AS value",
        "no valid schema_version",
    ),
    "schema_version_list": (
        "schema_info",
        "key, [value] AS value",
        "schema_info.value is VARCHAR[], expected VARCHAR",
    ),
}


@pytest.mark.parametrize("case", sorted(WRONG_TYPES))
def test_a_survey_file_with_columns_of_the_wrong_type_is_one_line(
    tmp_path: Path, capsys, case: str
) -> None:
    table, select, words = WRONG_TYPES[case]
    path = _rebuilt(tmp_path, f"{case}.duckdb", table, select)
    before = sha256(path)
    for argv in (
        ["summary", "--db", path, "--role", "SPLW", "--theme", "training"],
        import_args(PLAIN, path, 2024),
    ):
        code, err = run(capsys, *argv)
        assert code == 2, err
        line = err.strip()
        assert "\n" not in line and "Traceback" not in line
        assert line.startswith(f"workforce-explorer: error: {path}: ") and words in line
    with pytest.raises(Exception) as opened:
        SurveyData(path)
    assert words in str(opened.value)
    assert sha256(path) == before


def test_importing_into_a_truncated_file_is_one_line_naming_it(tmp_path: Path, capsys) -> None:
    path = tmp_path / "cut.duckdb"
    data = SAMPLE_DB.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    code, err = run(capsys, *import_args(PLAIN, path, 2024))
    assert code == 2
    line = err.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "damaged or truncated" in line and str(path) in line
    assert ".tmp" not in line  # names the user's file, not a copy
    assert path.read_bytes() == data[: len(data) // 2]
    assert _hidden(tmp_path) == []


# -- issue 17, 14: next year's wave ---------------------------------------------------------
def test_from_last_years_file_gives_a_new_file_with_both_waves(
    survey: Path, tmp_path: Path, capsys
) -> None:
    before = sha256(survey)
    new = tmp_path / "survey_2024.duckdb"
    code, err = run(capsys, *import_args(GOOGLE, new, 2024, "--from", survey))
    assert code == 0, err
    assert f"started as a copy of {survey}, which is unchanged" in err
    assert f"{new} now holds waves 2023, 2024" in err
    assert sha256(survey) == before
    data = SurveyData(new)
    try:
        assert [int(w) for w in data.waves()["wave"]] == [2023, 2024]
    finally:
        data.close()
    # --from names a new file only: it never replaces one
    code, err = run(capsys, *import_args(PLAIN, new, 2025, "--from", survey))
    assert code == 2 and "already exists" in err


def test_from_a_file_with_a_left_over_wal_copies_its_changes_and_leaves_it_be(
    survey: Path, tmp_path: Path, capsys
) -> None:
    wal = _leave_wal(survey)
    before = (sha256(survey), sha256(wal))
    new = tmp_path / "survey_2024.duckdb"
    code, err = run(capsys, *import_args(GOOGLE, new, 2024, "--from", survey))
    assert code == 0, err
    assert (sha256(survey), sha256(wal)) == before  # --from only reads
    assert rows(new, "SELECT wave, note FROM waves ORDER BY wave") == [
        (2023, "committed, only in the WAL"),
        (2024, None),
    ]
    assert not new.with_name(new.name + ".wal").exists()


def test_a_new_file_says_it_holds_one_wave_and_how_to_add_it_to_last_years(
    tmp_path: Path, capsys
) -> None:
    code, err = run(capsys, *import_args(PLAIN, tmp_path / "new.duckdb", 2024))
    assert code == 0, err
    assert "new.duckdb holds wave 2024 only" in err
    assert "--db LAST.duckdb" in err and "--from LAST.duckdb" in err
