"""A lead presses e and gets the view in front of them as a file for the meeting pack."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from explorer_helpers import (
    AT_ONCE_OR_SLOWLY_ON_DEMAND,
    make_app,
    pane,
    screen_lines,
    settle,
    type_keys,
)
from textual.widgets import Input

from tui.data import SurveyData
from tui.paths import SAMPLE_DB
from tui.screens.export_screen import ExportScreen


async def _export(pilot, folder: Path, fmt_downs: int) -> None:
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportScreen)
    pilot.app.screen.query_one(Input).value = str(folder)
    await pilot.press(*["down"] * fmt_downs, "enter")
    await settle(pilot)


async def test_e_exports_the_locality_filtered_section_as_csv(tmp_path: Path) -> None:
    app = make_app(locality="Bolton")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*["j"] * 5, "enter")
        await settle(pilot)
        await _export(pilot, tmp_path, 0)
        written = pane(app).last_export
        assert written is not None and written.parent == tmp_path and written.suffix == ".csv"
        assert any("Wrote" in str(n.message) for n in app.status_log)
        text = written.read_text(encoding="utf-8")
        assert "# locality: Bolton" in text and "# wave: 2023" in text
        back = pl.read_csv(written, comment_prefix="#")
        expected = SurveyData(SAMPLE_DB).view("supervision", "SPLW", 2023, "Bolton")
        assert back["count"].to_list() == expected["count"].to_list()


async def test_e_in_manchester_writes_no_figure_for_its_small_group(
    tmp_path: Path, sample: SurveyData
) -> None:
    """One journey in Manchester, where 3 H&WC answered (was three tests): H&WC's
    section as xlsx, All roles' key figures as CSV, then All roles' supervision as CSV,
    the comparison in front of the user as numbers."""
    from tui.widgets.compare import ComparePane

    app = make_app(locality="Manchester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # H&WC's section as xlsx: no figure, the note.
        await pilot.press("3", "j")
        await settle(pilot)
        await _export(pilot, tmp_path, 2)
        section_file = pane(app).last_export
        # All roles, key figures, as CSV.
        await pilot.press("4")
        await settle(pilot)
        await _export(pilot, tmp_path, 0)  # csv
        compare = app.query_one(ComparePane)
        key_figures_file = compare.last_export
        # All roles, supervision, as CSV.
        await pilot.press(*["j"] * 5)  # Key figures … Supervision
        await settle(pilot)
        assert app.breadcrumb_text().endswith("Supervision")
        await _export(pilot, tmp_path, 0)
        supervision_file = compare.last_export
        shown = compare.cell_texts()

    assert section_file is not None and section_file.suffix == ".xlsx"
    data = pl.read_excel(section_file, sheet_name="data")
    assert data["count"].null_count() == data.height
    assert set(data["note"].drop_nulls()) == {"fewer than 5"}

    written = key_figures_file
    assert written is not None and written.suffix == ".csv"
    text = written.read_text(encoding="utf-8")
    assert "# locality: Manchester" in text and "# role: All roles" in text
    back = pl.read_csv(written, comment_prefix="#")
    hwc = back.filter(pl.col("role") == "HWC")
    assert hwc.height and set(hwc["note"]) == {"fewer than 5"}
    assert hwc["count"].null_count() == hwc.height
    assert hwc["value"].null_count() == hwc.height
    expected = sample.supervision_gaps("SPLW", 2023, "Manchester")
    splw = back.filter((pl.col("role") == "SPLW") & (pl.col("figure") == "no_clinical_supervision"))
    assert splw["count"].to_list() == expected["n_no_clinical"].to_list()
    assert splw["base"].to_list() == expected["n_answered"].to_list()

    written = supervision_file
    assert written is not None and written.suffix == ".csv" and written != key_figures_file
    assert "All-roles" in written.name and "manchester" in written.name
    text = written.read_text(encoding="utf-8")
    assert "# locality: Manchester" in text and "# role: All roles" in text
    back = pl.read_csv(written, comment_prefix="#")
    assert back.schema["value"] == pl.Float64 and back.schema["count"] == pl.Int64
    # each statement: the mean and n of the supervision view, as numbers
    likert = sample.likert("supervision", "SPLW", 2023, "Manchester")
    splw = back.filter(pl.col("role") == "SPLW")
    for r in likert.iter_rows(named=True):
        row = splw.filter(pl.col("question_id") == r["question_id"]).row(0, named=True)
        assert row["value"] == pytest.approx(r["mean"]) and row["count"] == r["n"]
        assert shown[f"q:{r['question_id']}"][0].startswith(f"{r['mean']:.2f}")
    # a choice question: its most common option, picks and who answered
    freq = sample.theme("supervision", "SPLW", 2023, "Manchester").filter(
        pl.col("question_id") == "supervision_frequency"
    )
    top = freq.sort("count", descending=True).row(0, named=True)
    row = splw.filter(pl.col("question_id") == "supervision_frequency").row(0, named=True)
    assert (row["answer"], row["count"], row["base"]) == (
        top["option"],
        top["count"],
        top["n_answered"],
    )
    # H&WC in Manchester is under the threshold: the file carries the note, no figure
    hwc = back.filter(pl.col("role") == "HWC")
    assert hwc.height and set(hwc["note"]) == {"fewer than 5"}
    assert hwc["value"].null_count() == hwc["count"].null_count() == hwc.height
    assert hwc["answer"].null_count() == hwc.height


async def test_export_to_a_missing_folder_notifies_and_keeps_running(
    tmp_path: Path, status_stays: None
) -> None:
    from tui.widgets.top_bar import TopBar

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await _export(pilot, tmp_path / "no" / "such" / "folder", 1)
        assert pane(app).last_export is None
        errors = [n for n in app.status_log if n.severity == "error"]
        assert errors and "folder" in str(errors[-1].message)
        assert "Export failed" in app.query_one(TopBar).shown_text()  # said in the top line
        assert not (tmp_path / "no").exists()
        await pilot.press("2")
        await settle(pilot)
        assert app.breadcrumb_text().startswith("2023 › CC")


@pytest.fixture(autouse=True)
def _no_stray_files(tmp_path: Path):
    yield
    assert not list(tmp_path.glob("*.tmp"))


async def test_e_on_all_roles_key_figures_writes_numbers_not_screen_text(tmp_path: Path) -> None:
    from tui.widgets.compare import ComparePane

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert (
            "⚠ 26% (14 of 53)" in app.query_one(ComparePane).cell_texts()["No clinical supervision"]
        )
        await _export(pilot, tmp_path, 2)  # xlsx
        written = app.query_one(ComparePane).last_export
    assert written is not None and written.suffix == ".xlsx"
    sheet = pl.read_excel(written, sheet_name="data")
    assert sheet.schema["value"] == pl.Float64 and sheet.schema["count"] == pl.Int64
    gaps = sheet.filter(pl.col("figure") == "no_clinical_supervision")
    # the report: 26% (14 of 53), 28% (9 of 32), 2 of 6 without clinical supervision
    assert gaps["role"].to_list() == ["SPLW", "CC", "HWC"]
    assert gaps["count"].to_list() == [14, 9, 2] and gaps["base"].to_list() == [53, 32, 6]
    assert [round(v) for v in gaps["value"]] == [26, 28, 33]
    responses = sheet.filter(pl.col("figure") == "responses")
    assert responses["count"].to_list() == [53, 33, 6]
    assert responses["base"].to_list() == [263, 120, 25]


@AT_ONCE_OR_SLOWLY_ON_DEMAND
async def test_keys_typed_behind_enter_in_the_folder_box_choose_the_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at_once: bool
) -> None:
    """`e Tab Enter j Enter` typed at once writes what the same keys typed slowly write:
    Tab to the folder, Enter back to the formats, j to Markdown, Enter. Before, the
    `j` was typed into the folder box and the Enter behind it did not export."""
    monkeypatch.chdir(tmp_path)
    keys = ("e", "tab", "enter", "j", "enter")

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, keys, at_once=at_once)
        path = pane(app).last_export
        assert path is not None and (path.suffix, path.parent) == (".md", tmp_path)


async def test_at_80x24_the_top_line_says_which_file_whole_and_covers_no_figure(
    tmp_path: Path, status_stays: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second export of a view writes "…-2.csv". At 80 columns the top line cut the
    message after "role-support…", so the user could not tell which name was written (a
    tester exported five times and saw the same line), and the whole message showed
    only as a toast over the figures. It now wraps onto more lines of the top line,
    which push the tables down while it shows; no toast."""
    from textual.widgets._toast import Toast  # noqa: PLC0415 (what a toast is drawn as)

    from tui.widgets.top_bar import TopBar

    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("3", "j", "enter")  # H&WC, Role and wider support
        await settle(pilot)
        # Into a folder with a short name ("exports", typed as such), as a user's
        # would be: pytest's own temporary folder is longer than four lines allow.
        monkeypatch.chdir(tmp_path)
        (tmp_path / "exports").mkdir()
        await _export(pilot, Path("exports"), 0)
        await _export(pilot, Path("exports"), 0)
        written = pane(app).last_export
        assert written is not None and written.name.endswith("-2.csv")
        top = app.query_one(TopBar)
        title = top.query_one("#top-title").region
        lines = [line[title.x : title.right] for line in screen_lines(app)[title.y : title.bottom]]
        # Read as the lines show it, wrapped (at spaces, or inside a long name) or not.
        said = "".join("".join(lines).split())
        assert "".join(f"Exported: Wrote {written.name} in {written.parent}".split()) in said, lines
        assert top.region.height > 1
        assert pane(app).region.y >= top.region.bottom  # below the message, not under it
        assert not app.screen.query(Toast)


async def test_at_80x24_an_error_too_long_for_the_top_line_also_shows_whole(
    tmp_path: Path, status_stays: None
) -> None:
    """An export error naming a deep missing folder needs more than the top line's four
    lines at 80 columns: its start is there, and the whole of it in a toast, so the
    reason at its end is not lost (a review found it cut with no toast)."""
    from textual.widgets._toast import Toast  # noqa: PLC0415 (what a toast is drawn as)

    from tui.widgets.top_bar import TopBar

    folder = tmp_path / ("a-folder-that-is-not-there-" * 8) / "exports"
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await _export(pilot, folder, 0)
        assert pane(app).last_export is None
        top = app.query_one(TopBar)
        assert top.region.height == 4
        assert top.shown_text().lstrip().startswith("Export failed:")
        toasts = list(app.screen.query(Toast))
        assert toasts and any("does not exist" in str(t.render()) for t in toasts), toasts
