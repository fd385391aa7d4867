"""A user points the explorer at the wrong file and gets one clear line, never a traceback.

Whatever the file is (missing, a folder, empty, not DuckDB, someone else's DuckDB, a newer
survey schema, damaged), opening it through the data layer raises one DatabaseError line
naming the file and the problem, and `summary` exits 2 printing just that line on stderr
(called in this process; `python -m tui summary` runs as a new process where another
program holds the file, here and in test_hardening_files.py).  The file is never changed:
browsing is read-only.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from file_helpers import assert_one_line_error, sha256, sidecars, summary, summary_here

from tui.codebook import THEMES
from tui.data import SurveyData
from tui.errors import DatabaseError
from tui.paths import SAMPLE_DB

ROOT = Path(__file__).resolve().parent.parent
VIEWS = [*THEMES, "low_scores", "supervision_gaps"]
GM_LOCALITIES = [
    "Bolton",
    "Bury",
    "Manchester",
    "Oldham",
    "Rochdale",
    "Salford",
    "Stockport",
    "Tameside and Glossop",
    "Trafford",
    "Wigan",
]


# -- the bad files ------------------------------------------------------------------------
def make_missing(path: Path) -> None:
    pass


def make_directory(path: Path) -> None:
    path.mkdir()


def make_empty(path: Path) -> None:
    path.write_bytes(b"")


def make_random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(2023).randbytes(64 * 1024))


def make_other_duckdb(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE budget (year INTEGER, amount DOUBLE)")
    con.execute("INSERT INTO budget VALUES (2023, 1.5)")
    con.close()


def make_schema_99(path: Path) -> None:
    shutil.copyfile(SAMPLE_DB, path)
    con = duckdb.connect(str(path))
    con.execute("UPDATE schema_info SET value = '99' WHERE key = 'schema_version'")
    con.close()


BAD_FILES: list[tuple[str, Callable[[Path], None], tuple[str, ...]]] = [
    ("missing", make_missing, ("no such file",)),
    ("directory", make_directory, ("is a directory",)),
    ("empty", make_empty, ("empty",)),
    ("random_bytes", make_random_bytes, ("not a DuckDB database",)),
    ("other_duckdb", make_other_duckdb, ("not a Workforce Explorer survey",)),
    ("schema_99", make_schema_99, ("schema version 99", "newer")),
]


@pytest.fixture(params=BAD_FILES, ids=[case[0] for case in BAD_FILES])
def bad_file(request, tmp_path: Path) -> tuple[Path, tuple[str, ...]]:
    name, make, words = request.param
    path = tmp_path / f"{name}.duckdb"
    make(path)
    return path, words


def fingerprint(path: Path) -> str | None:
    """The file's sha256; a folder's sorted listing; None when nothing is there."""
    if path.is_dir():
        return "dir:" + ",".join(sorted(os.listdir(path)))
    return sha256(path) if path.exists() else None


def test_opening_a_bad_file_raises_one_line_naming_file_and_problem(bad_file) -> None:
    path, words = bad_file
    before = fingerprint(path)
    with pytest.raises(DatabaseError) as caught:
        SurveyData(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    for word in words:
        assert word.casefold() in message.casefold()
    assert fingerprint(path) == before
    assert sidecars(path) == []


def test_summary_on_a_bad_file_exits_2_with_one_line(bad_file) -> None:
    path, words = bad_file
    before = fingerprint(path)
    result = summary_here("--role", "SPLW", "--theme", "training", db=path)
    line = assert_one_line_error(result, *words)
    assert str(path) in line
    assert fingerprint(path) == before, "the run changed the file"
    assert sidecars(path) == [], "the run left a .wal or other file beside it"


def test_a_file_open_for_writing_elsewhere_is_named_as_locked(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    shutil.copyfile(SAMPLE_DB, path)
    writer = duckdb.connect(str(path))  # another program holds it open read-write
    try:
        line = assert_one_line_error(
            summary("--role", "SPLW", "--theme", "training", db=path), "open for writing"
        )
    finally:
        writer.close()
    assert str(path) in line


# -- damaged files ------------------------------------------------------------------------
# A download cut short or a disk fault leaves a file whose header is fine but whose blocks
# are missing or garbled.  Depending on where the damage falls DuckDB notices it while
# attaching, while loading the catalogue or only when a view reads the data; the user must
# get the same one line in every case, and it must not blame the schema.
CUT_AT = (0.1, 0.3, 0.5, 0.7, 0.9)


def truncated_copy(tmp_path: Path, fraction: float) -> Path:
    data = SAMPLE_DB.read_bytes()
    path = tmp_path / f"cut_{int(fraction * 100)}.duckdb"
    path.write_bytes(data[: int(len(data) * fraction)])
    return path


def garbled_copy(tmp_path: Path, fraction: float) -> Path:
    data = bytearray(SAMPLE_DB.read_bytes())
    at = int(len(data) * fraction)
    data[at : at + 4096] = random.Random(fraction).randbytes(4096)
    path = tmp_path / f"garbled_{int(fraction * 100)}.duckdb"
    path.write_bytes(bytes(data))
    return path


def browse_everything(path: Path) -> None:
    data = SurveyData(path)
    try:
        wave = data.resolve_wave(None)
        for role in data.all_roles()["role"]:
            data.localities(role, wave)
            data.comments(role, wave)
            for view in VIEWS:
                data.view(view, role, wave)
    finally:
        data.close()


@pytest.mark.parametrize("damage", [truncated_copy, garbled_copy], ids=["truncated", "garbled"])
def test_a_damaged_file_is_one_database_error_wherever_the_damage_is(
    tmp_path: Path, damage: Callable[[Path, float], Path]
) -> None:
    failures = 0
    for fraction in CUT_AT:
        path = damage(tmp_path, fraction)
        before = sha256(path)
        try:
            browse_everything(path)
        except DatabaseError as exc:
            failures += 1
            message = str(exc)
            assert "\n" not in message and str(path) in message
            assert "damaged" in message, message
            assert "expected schema" not in message, message
        assert sha256(path) == before
    assert failures > 0, "no damaged copy was noticed; the test damaged nothing that matters"


def test_summary_on_a_truncated_file_exits_2_with_one_line(tmp_path: Path) -> None:
    failures = 0
    for fraction in CUT_AT:
        path = truncated_copy(tmp_path, fraction)
        result = summary_here("--role", "SPLW", "--theme", "training", db=path)
        if result.returncode == 0:
            continue
        failures += 1
        line = assert_one_line_error(result, "damaged")
        assert str(path) in line
    assert failures > 0


# -- read-only browsing -------------------------------------------------------------------
def test_summary_leaves_a_copy_of_the_sample_byte_for_byte_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(SAMPLE_DB, path)
    before = sha256(path)
    for fmt in ("table", "csv", "json"):
        result = summary_here("--role", "SPLW", "--theme", "low_scores", "--format", fmt, db=path)
        assert result.returncode == 0, result.stderr
    assert sha256(path) == before
    assert sidecars(path) == []


def test_browsing_every_view_leaves_the_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "copy.duckdb"
    shutil.copyfile(SAMPLE_DB, path)
    before = sha256(path)
    browse_everything(path)
    data = SurveyData(path)
    try:
        for view in VIEWS:
            data.view(view, "SPLW", 2023, "Bolton")
    finally:
        data.close()
    assert sha256(path) == before
    assert sidecars(path) == []


# -- unknown choices on the command line -----------------------------------------------------
@pytest.mark.parametrize(
    ("flag", "value", "valid"),
    [
        ("--role", "Nurse", ["SPLW", "CC", "H&WC"]),
        ("--theme", "wellbeing", VIEWS),
        ("--locality", "Leeds", GM_LOCALITIES),
        ("--format", "xml", ["table", "csv", "json"]),
        ("--wave", "2019", ["2023"]),
    ],
    ids=["role", "theme", "locality", "format", "wave"],
)
def test_an_unknown_choice_exits_2_listing_the_valid_ones(
    flag: str, value: str, valid: list[str]
) -> None:
    args = {"--role": "SPLW", "--theme": "training", flag: value}
    result = summary_here(*[x for pair in args.items() for x in pair])
    line = assert_one_line_error(result, value)
    marker = "holds" if flag == "--wave" else "expected one of"
    assert marker in line, line
    listed = line.rsplit(marker, 1)[-1]
    for choice in valid:
        assert choice in listed, f"{choice!r} not listed in: {line}"
