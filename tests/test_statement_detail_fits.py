"""The statement detail (Enter on a statement) fits the box it is drawn in: at 80x24 the
box is shorter than the ten localities' rows, and the keys scroll the rows within it, down
to the last locality, with the box's title, its note on the comparison and its bottom
edge still on screen. Before, the table was laid out 18 lines tall in a box with room
for fewer: it was cut off below Tameside and Glossop and, not knowing it was cut, never
scrolled (Trafford and Wigan could not be reached)."""

from __future__ import annotations

import pytest
from explorer_helpers import make_app, press_at_once, screen_lines, settle
from textual.pilot import Pilot

from tui.app import WorkforceExplorer
from tui.screens.statement_screen import StatementScreen, StatementTable

FIRST_STATEMENT = "I have clarity on the scope of my role"


def in_box(app: WorkforceExplorer) -> str:
    """The text drawn inside the statement box's edges, a line each, read off the screen
    at the box's region; AssertionError if any of its edges is off screen."""
    box = app.screen.query_one("#statement-box").region
    lines = screen_lines(app)
    assert box.y >= 0 and box.bottom <= len(lines), "the box is not all on screen"
    drawn = [line[box.x : box.right] for line in lines[box.y : box.bottom]]
    assert drawn[0].startswith("╭") and drawn[-1].startswith("╰"), "\n".join(drawn)
    return "\n".join(line[1:-1] for line in drawn[1:-1])


async def open_first_statement(pilot: Pilot) -> StatementScreen:
    """As the tester did: Enter (Overview), Escape, j, Enter (Role and wider support),
    Enter on its first statement."""
    for key in ("enter", "escape", "j", "enter", "enter"):
        await pilot.press(key)
        await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StatementScreen)
    assert screen.statement == FIRST_STATEMENT
    return screen


@pytest.mark.parametrize(
    "size", [(80, 24), (100, 30), (120, 40)], ids=lambda s: "x".join(map(str, s))
)
async def test_every_locality_can_be_reached_in_the_box(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = await open_first_statement(pilot)
        table = screen.query_one(StatementTable)
        names = [row[0] for row in table.shown_texts()]
        assert names[0] == "All localities" and names[-1] == "Wigan"

        before = in_box(app)
        assert FIRST_STATEMENT in before
        assert "Escape to close" in before
        assert "Against the rest of SPLW" in before
        assert "locality" in before  # the column headings

        press_at_once(app, *["down"] * len(names))  # to the last row, and once more
        await settle(pilot)
        assert table.cursor_row == len(names) - 1

        after = in_box(app)
        assert "Wigan" in after, after  # the last locality, scrolled into the box
        assert FIRST_STATEMENT in after  # the title stays above the rows
        assert "Escape to close" in after
        assert "Against the rest of SPLW" in after
        assert "locality" in after  # the headings stay at the top of the rows
        assert table.region.bottom <= screen.query_one("#statement-box").content_region.bottom


async def test_the_find_bar_fits_under_the_rows_at_80x24() -> None:
    """`/` with nothing typed yet shows every row: the bar takes its line from the rows,
    not from below the box's edge."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_first_statement(pilot)
        await pilot.press("slash")
        await settle(pilot)
        text = in_box(app)
        assert "find in the rows" in text  # the bar's placeholder, inside the box
        assert FIRST_STATEMENT in text
        assert "Against the rest of SPLW" in text
        table = screen.query_one(StatementTable)
        assert table.region.bottom <= screen.query_one("FindBar").region.y


@pytest.mark.parametrize(("repeat", "lines"), [(8, 5), (100, 8)], ids=["5-lines", "56-lines"])
async def test_a_long_statement_leaves_the_rows_room_at_80x24(repeat: int, lines: int) -> None:
    """A statement that wraps to more lines leaves fewer for the rows, which scroll in
    what is left; one too long for the box is cut at 8 lines, not the rows."""
    statement = ("I have clarity on the scope of my role, " * repeat).strip()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(StatementScreen("rs_clarity", statement, "SPLW", "SPLW", 2023))
        await settle(pilot)
        screen = app.screen
        table = screen.query_one(StatementTable)
        for _ in range(table.row_count):
            await pilot.press("down")
        await settle(pilot)
        assert table.cursor_row == table.row_count - 1
        text = in_box(app)
        assert "Wigan" in text, text
        drawn = text.splitlines()
        under_title = next(i for i, line in enumerate(drawn) if "Escape to close" in line)
        assert under_title == lines  # the statement's lines: all 5, or the first 8 of 56
        assert "I have clarity" in drawn[0]
        assert "Against the rest of SPLW" in text
        assert table.region.bottom <= screen.query_one("#statement-box").content_region.bottom
