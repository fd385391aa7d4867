"""A lead exports a view to CSV, Markdown or XLSX: the file holds the figures the data layer
returns (suppressed as it suppresses them), records what it shows, and is never left
half-written."""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tui import export
from tui.cli import main
from tui.data import SurveyData
from tui.errors import ExportError
from tui.export import default_export_path, export_frame, export_meta
from tui.paths import SAMPLE_DB

WAVE = 2023
NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC)
FORMATS = ("csv", "markdown", "xlsx")


@pytest.fixture(scope="module")
def data():
    survey = SurveyData(SAMPLE_DB)
    yield survey
    survey.close()


def tricky_frame() -> pl.DataFrame:
    """Data text that must survive literally, a null, and a suppressed row."""
    return pl.DataFrame(
        {
            "wave": [2023, 2023, 2023],
            "statement": ["[bold]loud[/bold] and a|b", "line one\nline two", None],
            "n": [12, 7, None],
            "mean": [3.25, 2.5, None],
            "suppressed": [False, False, True],
            "note": [None, None, "fewer than 5"],
        },
        schema={
            "wave": pl.Int64,
            "statement": pl.String,
            "n": pl.Int64,
            "mean": pl.Float64,
            "suppressed": pl.Boolean,
            "note": pl.String,
        },
    )


META = {
    "survey": "Test | survey",
    "wave": 2023,
    "role": "SPLW",
    "locality": None,
    "view": "Role support",
    "min_group": 5,
    "suppression": "on",
    "exported_at": "now",
}


# -- reading each format back -------------------------------------------------------------
def read_csv(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, comment_prefix="#")


def csv_meta(path: Path) -> dict[str, str]:
    meta = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[2:].partition(": ")
        meta[key] = value
    return meta


def read_xlsx(path: Path, frame: pl.DataFrame) -> pl.DataFrame:
    got = pl.read_excel(path, sheet_name="data")
    # An all-empty column has no type in a sheet: give it the frame's.
    return got.with_columns(
        pl.col(c).cast(frame.schema[c]) for c in got.columns if got[c].null_count() == got.height
    )


def xlsx_meta(path: Path) -> dict[str, str]:
    about = pl.read_excel(path, sheet_name="about")
    return dict(about.iter_rows())


def split_md_row(line: str) -> list[str]:
    """Cells of one pipe-table row, backslash escapes undone."""
    assert line.startswith("|") and line.endswith("|"), line
    cells, cell, i = [], [], 1
    while i < len(line):
        ch = line[i]
        if ch == "\\" and i + 1 < len(line):
            cell.append(line[i + 1])
            i += 2
            continue
        if ch == "|":
            cells.append("".join(cell).strip())
            cell = []
        else:
            cell.append(ch)
        i += 1
    return cells


def read_md(path: Path) -> tuple[list[str], dict[str, str], list[str], list[list[str]]]:
    """(heading lines, meta, header, rows) of an exported Markdown file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    heading = [line for line in lines if line.startswith("# ")]
    meta = {}
    for line in lines:
        if line.startswith("- **"):
            key, _, value = line[4:].partition("**: ")
            meta[key] = value.replace("\\|", "|")
    table = [line for line in lines if line.startswith("|")]
    return heading, meta, split_md_row(table[0]), [split_md_row(t) for t in table[2:]]


def md_expected(value: Any, column: str, row: dict[str, Any]) -> str:
    if value is None:
        return row["note"] if row.get("suppressed") and column != "note" else "–"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:.{2 if 'mean' in column else 1}f}"
    return " ".join(str(value).split("\n"))


def assert_same(got: pl.DataFrame, want: pl.DataFrame) -> None:
    assert got.columns == want.columns
    assert got.height == want.height
    for a, b in zip(got.iter_rows(), want.iter_rows(), strict=True):
        for x, y in zip(a, b, strict=True):
            if isinstance(y, float) and x is not None:
                assert math.isclose(float(x), y, rel_tol=1e-9), (a, b)
            else:
                assert x == y, (a, b)


def assert_md_matches(path: Path, frame: pl.DataFrame) -> dict[str, str]:
    _heading, meta, header, rows = read_md(path)
    assert header == frame.columns
    assert len(rows) == frame.height
    for got, want in zip(rows, frame.iter_rows(named=True), strict=True):
        assert got == [md_expected(v, c, want) for c, v in want.items()]
    return meta


def read_meta(path: Path, fmt: str) -> dict[str, str]:
    if fmt == "csv":
        return csv_meta(path)
    if fmt == "xlsx":
        return xlsx_meta(path)
    return read_md(path)[1]


# -- round trips --------------------------------------------------------------------------
@pytest.mark.parametrize("view", ["supervision", "low_scores", "supervision_gaps"])
def test_each_format_reads_back_as_the_frame(data, tmp_path, view):
    frame = data.view(view, "SPLW", WAVE, None)
    meta = export_meta(data, view, "SPLW", WAVE, None, now=NOW)
    csv = export_frame(frame, tmp_path / "v.csv", "csv", meta)
    assert_same(read_csv(csv), frame)
    xlsx = export_frame(frame, tmp_path / "v.xlsx", "xlsx", meta)
    assert_same(read_xlsx(xlsx, frame), frame)
    md = export_frame(frame, tmp_path / "v.md", "md", meta)
    assert_md_matches(md, frame)


@pytest.mark.parametrize("fmt", FORMATS)
def test_meta_is_recorded_in_the_file(data, tmp_path, fmt):
    frame = data.view("supervision", "SPLW", WAVE, None)
    meta = export_meta(data, "supervision", "SPLW", WAVE, None, now=NOW)
    path = export_frame(frame, tmp_path / f"v.{export.EXTENSIONS[fmt]}", fmt, meta)
    got = read_meta(path, fmt)
    assert list(got) == list(export.META_KEYS)
    assert got["survey"] == "SPLWs, CCs and H&WCs Workforce Survey"
    assert got["wave"] == "2023"
    assert got["role"] == "SPLW"
    assert got["locality"] == "All localities"
    assert got["view"] == "Supervision"
    assert got["min_group"] == "5"
    assert got["suppression"].startswith("on")
    assert got["exported_at"] == "2026-11-23T09:30:00+00:00"
    assert got["sample"] == "SYNTHETIC sample"


def test_meta_says_when_suppression_is_off(tmp_path):
    survey = SurveyData(SAMPLE_DB, min_group=1)
    try:
        meta = export_meta(survey, "training", "CC", WAVE, "Bolton")
    finally:
        survey.close()
    assert meta["min_group"] == 1
    assert meta["suppression"].startswith("OFF")
    assert meta["locality"] == "Bolton"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_suppressed_locality_exports_no_figures_only_the_note(data, tmp_path, fmt):
    frame = data.view("supervision", "HWC", WAVE, "Manchester")
    assert frame.height and frame["suppressed"].all()
    meta = export_meta(data, "supervision", "HWC", WAVE, "Manchester", now=NOW)
    path = export_frame(frame, tmp_path / f"m.{export.EXTENSIONS[fmt]}", fmt, meta)
    figures = ["n_answered", "n_not_answered", "count", "pct", "mean"]
    if fmt == "markdown":
        _h, _m, header, rows = read_md(path)
        for row in rows:
            cells = dict(zip(header, row, strict=True))
            assert cells["note"] == "fewer than 5"
            assert all(cells[f] == "fewer than 5" for f in figures)
    else:
        got = read_csv(path) if fmt == "csv" else read_xlsx(path, frame)
        assert got.select(figures).null_count().row(0) == (frame.height,) * len(figures)
        assert set(got["note"]) == {"fewer than 5"}
        assert got["suppressed"].all()
    assert read_meta(path, fmt)["locality"] == "Manchester"


@pytest.mark.parametrize("fmt", FORMATS)
def test_data_text_survives_literally(tmp_path, fmt):
    frame = tricky_frame()
    path = export_frame(frame, tmp_path / f"t.{export.EXTENSIONS[fmt]}", fmt, META)
    if fmt == "markdown":
        assert_md_matches(path, frame)
        _h, _m, header, rows = read_md(path)
        assert rows[0][1] == "[bold]loud[/bold] and a|b"
        assert rows[1][1] == "line one line two"  # one table row per frame row
        assert rows[2][2] == "fewer than 5"  # suppressed: the note, not a figure
        assert rows[0][2] == "12" and rows[1][4] == "false"
        assert read_md(path)[1]["locality"] == "All localities"
        assert read_md(path)[1]["survey"] == "Test | survey"
    else:
        got = read_csv(path) if fmt == "csv" else read_xlsx(path, frame)
        assert_same(got, frame)
        assert got["statement"][0] == "[bold]loud[/bold] and a|b"
        assert read_meta(path, fmt)["locality"] == "All localities"


def test_text_that_looks_like_a_formula_stays_text_in_xlsx(tmp_path):
    frame = pl.DataFrame({"comment": ["=1+1", "http://x.example", "007"], "n": [1, 2, 3]})
    got = pl.read_excel(export_frame(frame, tmp_path / "f.xlsx", "xlsx", META))
    assert got["comment"].to_list() == ["=1+1", "http://x.example", "007"]
    assert got["n"].to_list() == [1, 2, 3]


def test_summary_markdown_prints_what_the_export_writes(data, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(export, "export_meta", lambda *a, **k: export_meta(*a, **k, now=NOW))
    assert main(["summary", "--role", "SPLW", "--theme", "low_scores", "--format", "md"]) == 0
    printed = capsys.readouterr().out
    out = tmp_path / "low.md"
    assert main(["summary", "--role", "SPLW", "--theme", "low_scores", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == printed
    assert_md_matches(out, data.view("low_scores", "SPLW", WAVE, None))


@pytest.mark.parametrize("fmt", FORMATS)
def test_summary_out_writes_each_format(data, tmp_path, fmt):
    out = tmp_path / f"s.{fmt}"  # the extension need not match: --format decides
    assert (
        main(
            [
                "summary",
                "--role",
                "CC",
                "--theme",
                "training",
                "--locality",
                "Bolton",
                "--format",
                fmt,
                "--out",
                str(out),
            ]
        )
        == 0
    )
    frame = data.view("training", "CC", WAVE, "Bolton")
    if fmt == "csv":
        assert_same(read_csv(out), frame)
    elif fmt == "xlsx":
        assert_same(read_xlsx(out, frame), frame)
    else:
        assert_md_matches(out, frame)
    assert read_meta(out, fmt)["locality"] == "Bolton"


def test_summary_xlsx_needs_out_and_existing_formats_still_work(capsys):
    assert main(["summary", "--role", "SPLW", "--theme", "training", "--format", "xlsx"]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["summary", "--role", "SPLW", "--theme", "training", "--format", "json"]) == 0
    assert main(["summary", "--role", "SPLW", "--theme", "training", "--format", "csv"]) == 0
    assert main(["summary", "--role", "SPLW", "--theme", "training"]) == 0


# -- file names ---------------------------------------------------------------------------
def test_default_export_path_is_a_safe_name(tmp_path):
    assert default_export_path(tmp_path, "SPLW", 2023, None, "supervision", "csv") == (
        tmp_path / "workforce-2023-SPLW-all-localities-supervision.csv"
    )
    assert default_export_path(
        "out", "HWC", 2023, "Tameside and Glossop", "supervision_gaps", "md"
    ).name == ("workforce-2023-HWC-tameside-and-glossop-supervision-gaps.md")
    evil = default_export_path(tmp_path, "../..", 2023, "a/../../b\\c\x00", "..", "xlsx")
    assert evil.parent == tmp_path
    assert "/" not in evil.name and "\\" not in evil.name and ".." not in evil.name
    assert evil.suffix == ".xlsx"


# -- failures -----------------------------------------------------------------------------
def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("fmt", FORMATS)
def test_missing_folder_is_one_line_and_writes_nothing(tmp_path, fmt):
    target = tmp_path / "nope" / "x.out"
    with pytest.raises(ExportError) as err:
        export_frame(tricky_frame(), target, fmt, META)
    message = str(err.value)
    assert "\n" not in message and str(target) in message and "does not exist" in message
    assert leftovers(tmp_path) == []


def test_path_that_is_a_folder_is_refused(tmp_path):
    with pytest.raises(ExportError) as err:
        export_frame(tricky_frame(), tmp_path, "csv", META)
    assert "\n" not in str(err.value) and "folder" in str(err.value)
    assert leftovers(tmp_path) == []


def test_folder_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError) as err:
        export_frame(tricky_frame(), tmp_path / "file" / "x.csv", "csv", META)
    assert "\n" not in str(err.value)
    assert leftovers(tmp_path) == ["file"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unwritable_folder_is_one_line_and_leaves_nothing(tmp_path, monkeypatch, fmt):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):  # root ignores modes: simulate the refusal

            def refuse(*args, **kwargs):
                raise PermissionError(13, "Permission denied")

            monkeypatch.setattr(export, "_new_temp_file", refuse)
        with pytest.raises(ExportError) as err:
            export_frame(tricky_frame(), folder / "x.out", fmt, META)
        message = str(err.value)
        assert "\n" not in message and str(folder / "x.out") in message
        assert "not writable" in message
        assert leftovers(folder) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("fmt", FORMATS)
def test_failure_mid_write_leaves_the_old_file_unchanged(tmp_path, monkeypatch, fmt):
    target = tmp_path / "report.out"
    target.write_bytes(b"the previous export\x00\xff")
    before = target.read_bytes()
    writer = export.WRITERS[export.normalize_format(fmt)]

    def half_then_fail(frame, path, meta):
        writer(frame.head(1), path, meta)  # something really reaches the temp file
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(export.WRITERS, export.normalize_format(fmt), half_then_fail)
    with pytest.raises(ExportError) as err:
        export_frame(tricky_frame(), target, fmt, META, overwrite=True)
    assert "\n" not in str(err.value) and "no space left" in str(err.value).lower()
    assert target.read_bytes() == before
    assert leftovers(tmp_path) == ["report.out"]


def test_a_replaced_export_is_whole(tmp_path):
    target = tmp_path / "r.csv"
    export_frame(tricky_frame(), target, "csv", META)
    export_frame(tricky_frame().head(1), target, "csv", META, overwrite=True)
    assert read_csv(target).height == 1
    assert leftovers(tmp_path) == ["r.csv"]


def test_unknown_format_is_an_export_error(tmp_path):
    with pytest.raises(ExportError):
        export_frame(tricky_frame(), tmp_path / "x.pdf", "pdf", META)
