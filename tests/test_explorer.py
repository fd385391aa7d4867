"""A peer-support lead uses the explorer with the keyboard (Pilot, headless)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from explorer_helpers import flagged, make_app, pane, settle, table_rows
from textual.content import Content

from tui.cli import main
from tui.paths import SAMPLE_DB
from tui.screens.help_screen import HelpScreen
from tui.widgets.compare import ComparePane
from tui.widgets.overview import OverviewCard
from tui.widgets.role_pane import ReadingTable, SectionList

SPLW_LOW = {
    "I have clarity on the scope of my role",
    "My caseload is manageable",
    "I feel valued in my role",
    "I have sufficient time to spend with my clients",
}


async def test_a_lead_reads_each_role_tabs_overview_card() -> None:
    """One journey (was six tests): the SPLW card as the explorer opens, each role tab's
    response count by its number key, each role's supervision callout, and the All roles
    tab's supervision gaps."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › All localities › Overview"
        card = pane(app).query_one(OverviewCard).plain_text(width=200)
        assert "53 of 263 (20%)" in card
        for statement in SPLW_LOW:
            assert statement in card
        assert "26% (14 of 53) have no clinical supervision" in card
        assert "Trauma Informed Practice" in card
        for key, label, expected in [
            ("2", "CC", "33 of 120 (28%)"),
            ("3", "H&WC", "6 of 25 (24%)"),
            ("1", "SPLW", "53 of 263 (20%)"),
        ]:
            await pilot.press(key)
            await settle(pilot)
            assert app.breadcrumb_text() == f"2023 › {label} › All localities › Overview"
            assert expected in pane(app).query_one(OverviewCard).plain_text()
        # Each role's supervision callout (was its own test).
        callouts = {"1": "26% (14 of 53)", "2": "28% (9 of 32)", "3": "33% (2 of 6)"}
        for key, figure in callouts.items():
            await pilot.press(key)
            await settle(pilot)
            pane(app).section = "supervision"
            await settle(pilot)
            callout = str(pane(app).query_one(".callout").render())
            assert figure in callout
            assert "monthly" in callout
        # The All roles tab compares the gaps (was its own test).
        await pilot.press("4")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › All roles › All localities"
        figures = app.query_one(ComparePane).cell_texts()
        gaps = figures["No clinical supervision"]
        assert "26%" in gaps[0] and "28%" in gaps[1] and "2 of 6" in gaps[2]
        assert figures["Responses"][0].startswith("53 of 263")


async def test_splw_role_support_marks_the_four_low_statements_and_sorts_by_mean() -> None:
    """One journey (was five tests): SPLW's low markers, `s` sorts by mean and back; then
    CC's and H&WC's highest statements and H&WC's lowest."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › All localities › Role and wider support"
        assert isinstance(app.focused, ReadingTable)
        assert set(flagged(app, "LOW")) == SPLW_LOW
        rows = {r[0]: r for r in table_rows(app)}
        assert float(rows["My caseload is manageable"][2]) < 3
        before = [r[0] for r in table_rows(app) if r[2][:1].isdigit()]
        await pilot.press("s")
        means = [float(r[2]) for r in table_rows(app) if r[2][:1].isdigit()]
        assert means == sorted(means)
        await pilot.press("s")
        assert [r[0] for r in table_rows(app) if r[2][:1].isdigit()] == before
        # CC's and H&WC's highest statement is marked; sorted, H&WC's lowest is the
        # integration one and the only LOW (was its own test).
        for key in ("2", "3"):
            await pilot.press(key, "j", "enter")
            await settle(pilot)
            assert flagged(app, "HIGHEST") == ["I feel confident in carrying out my role"]
        await pilot.press("s")
        await settle(pilot)
        likert = [r for r in table_rows(app) if r[2] and r[2][0].isdigit()]
        assert "integrated" in likert[0][0]
        assert flagged(app, "LOW") == [likert[0][0]]


async def test_the_table_fits_the_width_the_sections_list_leaves(tmp_path: Path) -> None:
    """At 80 columns Enter folds the sections list away and the statements' column takes
    the freed width; Escape brings the list back and the column narrows again."""
    from two_waves import build_two_waves

    app = make_app(build_two_waves(tmp_path))  # with the change column: the tightest fit
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        table = pane(app).query_one(ReadingTable)
        folded = table.columns["item"].width
        assert folded == table.item_width()
        await pilot.press("escape")
        await settle(pilot)
        assert table.columns["item"].width == table.item_width() < folded


async def test_palette_jumps_to_a_role_and_theme() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"H&WC: Supervision")
        await settle(pilot)  # the palette's search (a worker) has answered
        await pilot.press("enter")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › H&WC › All localities › Supervision"
        # Then to a statement's row (was its own test).
        await pilot.press("ctrl+p")
        await pilot.press(*"CC: suitable space")
        await settle(pilot)  # the palette's search (a worker) has answered
        await pilot.press("enter")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › CC › All localities › Role and wider support"
        table = pane(app).query_one(ReadingTable)
        assert app.focused is table
        assert table.current().statement == "I have access to a suitable space to see clients"


async def test_help_screen_lists_bindings_and_closes_then_escape_leaves_a_table() -> None:
    """One session at 80x24 (was two tests): the help screen lists the keys and closes;
    then Escape goes back from a table to the sections list."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        # What the help screen draws (each paragraph and table cell as rendered), not
        # the Markdown file behind it: a key a user cannot read there is not listed.
        shown = [
            str(w.render().plain) for w in app.screen.query("*") if isinstance(w.render(), Content)
        ]
        for key in (
            "1 2 3",
            "4",
            "↑ ↓ or j k",
            "Enter",
            "Escape",
            "ctrl+p",
            "v",
            "s",
            "b",
            "c",
            "e",
            "l",
            "w",
            "?",
            "q",
        ):
            assert key in shown, f"the help screen does not list {key!r}"
        assert "Quit" in shown and "This help" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        # Escape goes back from a table to the sections list (was its own test).
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert isinstance(app.focused, ReadingTable)
        assert not pane(app).query_one(SectionList).display  # folded away at 80 columns
        await pilot.press("escape")
        assert isinstance(app.focused, SectionList)
        assert pane(app).query_one(SectionList).display
        assert app.breadcrumb_text().endswith("Training and development")


async def test_small_terminal_asks_to_enlarge() -> None:
    app = make_app()
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        assert app.screen.has_class("-too-small")
        assert app.query_one("#too-small").display


async def test_a_role_with_no_answers_in_a_locality_says_no_responses() -> None:
    app = make_app(locality="Bolton")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3", "j")
        await settle(pilot)
        empty = pane(app).query_one(".empty")
        assert empty.display
        assert "No responses" in str(empty.render())


async def test_markup_in_a_statement_shows_literally(tmp_path: Path) -> None:
    hostile = "[bold red]x[/] [link=http://a]y[/link]"
    copy = tmp_path / "hostile.duckdb"
    shutil.copyfile(SAMPLE_DB, copy)
    con = duckdb.connect(str(copy))
    con.execute("UPDATE questions SET text = ? WHERE question_id = 'rs_clarity'", [hostile])
    con.close()
    app = make_app(copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert hostile in pane(app).query_one(OverviewCard).plain_text(width=200)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert hostile in flagged(app, "LOW")


def test_missing_file_fails_before_any_screen(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no/such/survey.duckdb"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no such file" in err[0]


async def test_w_switches_wave_in_a_two_wave_file(tmp_path: Path) -> None:
    from tui.importing import import_export
    from tui.paths import SAMPLE_CODEBOOK, SAMPLE_EXPORT

    two = tmp_path / "two_waves.duckdb"
    shutil.copyfile(SAMPLE_DB, two)
    import_export(SAMPLE_EXPORT, SAMPLE_CODEBOOK, 2024, two)
    app = make_app(two)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.breadcrumb_text().startswith("2024 › SPLW")
        await pilot.press("w")
        await settle(pilot)
        assert app.breadcrumb_text().startswith("2023 › SPLW")
        assert "2023" in app.sub_title
        assert "53 of 263" in pane(app).query_one(OverviewCard).plain_text()


async def test_hwc_locality_breakdown_hides_small_groups() -> None:
    app = make_app(locality="Manchester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "groups under 5 hidden" in app.sub_title
        await pilot.press("3")
        await settle(pilot)
        card = pane(app).query_one(OverviewCard).plain_text(width=200)
        assert "fewer than 5" in card and "no figure is shown" in card
        assert "Time in role" not in card
        await pilot.press("j")
        await settle(pilot)
        empty = pane(app).query_one(".empty")
        assert empty.display and "fewer than 5" in str(empty.render())
        await pilot.press("l")
        await pilot.pause()
        listed = [str(o.prompt) for o in app.screen.query_one("#locality-list").options]
        manchester = next(p for p in listed if p.startswith("Manchester"))
        assert "fewer than 5" in manchester and "3" not in manchester
