"""Every table row is as tall as its cells wrap to: the explorer works a row's height out
from its text (FindableTable.add_row) instead of having DataTable render every cell to
measure it. A row too short would cut a statement's last line; one too tall leaves a
blank line. Checked against Rich's own rendering of each cell, as DataTable measures a
row given no height, on the hostile file (a 10,000-character statement, emoji,
right-to-left text, control characters, empty strings) at 80x24, where most cells wrap,
in every kind of table: a section, a section by locality, the All roles tab, a
statement by locality. (Rich renders the 10,000 characters for each check: ~1 s a
size, so one size; the height rule does not depend on it.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from explorer_helpers import check_tables, make_app, settle
from hostile_data import hostile_text_copy

from tui.screens.statement_screen import StatementScreen


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_text_copy(tmp_path_factory.mktemp("hostile"))


async def test_every_row_is_as_tall_as_its_cells_wrap_to(hostile: Path) -> None:
    app = make_app(hostile)
    app.data.min_group = 1  # every group's figures shown: the most text in the tables
    seen: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _section in range(2):  # Role and wider support (statements), Training (options)
            await pilot.press("j", "enter")
            await settle(pilot)
            check_tables(app, seen)
            await pilot.press("b")  # by locality
            await settle(pilot)
            check_tables(app, seen)
            await pilot.press("b", "escape")
            await settle(pilot)
        await pilot.press("k", "enter")  # Role and wider support
        await settle(pilot)
        await pilot.press("enter")  # its first statement, by locality
        await settle(pilot)
        assert isinstance(app.screen, StatementScreen)
        check_tables(app, seen)
        await pilot.press("escape", "4")
        await settle(pilot)
        for _theme in range(2):  # the All roles tab: Role and wider support, Training
            await pilot.press("t")
            await settle(pilot)
            check_tables(app, seen)
    assert {"ReadingTable", "LocalityTable", "StatementTable", "CompareTable"} <= set(seen)
