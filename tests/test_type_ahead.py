"""Keys typed for a table while its rows are still being read act on the rows once they
are drawn, as they would have had the rows been there already: a fast typist's
`j Enter j Enter` opens the same statement's detail as the same keys typed slowly.
Before, the keys that reached the empty table were lost."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import polars as pl
import pytest
from explorer_helpers import (
    AT_ONCE_OR_SLOWLY_ON_DEMAND,
    make_app,
    pane,
    press_at_once,
    settle,
    type_keys,
)
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import WorkforceExplorer
from tui.data import SurveyData
from tui.paths import SAMPLE_DB
from tui.screens.statement_screen import StatementScreen, StatementTable
from tui.widgets.compare import CompareTable
from tui.widgets.role_pane import ReadingTable, SectionList, SectionNotice

KEYS = ("j", "enter", "j", "enter")  # Role and wider support, its second row's detail


# What KEYS open typed slowly, each key once the last is done: the second statement's
# detail, and under it the table's cursor on that statement's row (row 0 is the scale's
# heading). Checked by typing them slowly on demand (-m fuzz).
SLOW_TYPISTS_DETAIL = ("I feel confident in carrying out my role", 2)


@pytest.mark.fuzz
async def test_keys_typed_slowly_open_the_detail_the_tests_expect() -> None:
    app = make_app(fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, KEYS, at_once=False)
        assert isinstance(app.screen, StatementScreen)
        seen = (app.screen.statement, app.query_one(ReadingTable).cursor_row)
        assert seen == SLOW_TYPISTS_DETAIL


class HeldRead:
    """The data layer's first read of `view` waits until released (the keys are typed
    meanwhile)."""

    def __init__(self, data: SurveyData, view: str) -> None:
        self.inside, self.release = threading.Event(), threading.Event()
        run = data._run

        def gated(name: str, params: dict) -> pl.DataFrame:
            if params.get("view") == view and not self.inside.is_set():
                self.inside.set()
                self.release.wait(30)
            return run(name, params)

        data._run = gated  # type: ignore[method-assign]

    async def entered(self) -> bool:
        return await asyncio.get_running_loop().run_in_executor(None, self.inside.wait, 30)


@asynccontextmanager
async def typed_during_a_read(
    *keys: str,
) -> AsyncIterator[tuple[WorkforceExplorer, Pilot, HeldRead]]:
    """The explorer on the sample, Role and wider support's first read held while `keys`
    are typed at once; the block lets the read go (`release`)."""
    data = SurveyData(SAMPLE_DB)
    app = WorkforceExplorer(data, wave=data.latest_wave())
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.stop_reading_ahead()
            held = HeldRead(data, "role_support")
            press_at_once(app, *keys)
            assert await held.entered()
            await pilot.pause()  # every key has reached the explorer; no row is read
            yield app, pilot, held
    finally:
        data.close()


async def release(held: HeldRead, pilot: Pilot) -> None:
    held.release.set()
    await settle(pilot)


async def test_keys_typed_while_the_rows_are_read_open_the_same_detail() -> None:
    statement, row = SLOW_TYPISTS_DETAIL
    async with typed_during_a_read(*KEYS) as (app, pilot, held):
        table = app.query_one(ReadingTable)
        assert app.focused is table and table.row_count == 0
        assert app.screen is app.screen_stack[0]
        await release(held, pilot)
        assert isinstance(app.screen, StatementScreen), "the keys typed ahead were lost"
        assert app.screen.statement == statement
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is table and table.cursor_row == row


async def test_a_tab_key_typed_behind_is_not_held_back_by_the_read() -> None:
    """Keys the table does not act on (a tab's number) act at once: `2` typed behind
    Enter while the rows are read shows CC's tab without waiting for them."""
    async with typed_during_a_read("j", "enter", "2") as (app, pilot, held):
        assert pane(app).role == "CC"
        await release(held, pilot)
        assert pane(app).role == "CC" and app.screen is app.screen_stack[0]


async def test_escape_typed_behind_goes_back_without_waiting_for_the_rows() -> None:
    """Escape behind Enter (changed one's mind) goes back to the sections list at once,
    on a big file too: with no find open the table does not act on it, so it is not
    held; the rows drawn later do not take the focus back."""
    async with typed_during_a_read("j", "enter", "escape") as (app, pilot, held):
        assert isinstance(app.focused, SectionList)
        await release(held, pilot)
        assert isinstance(app.focused, SectionList)
        assert app.screen is app.screen_stack[0]


async def test_a_find_typed_while_the_rows_are_read_finds_in_them() -> None:
    """`j Enter /sup` with the rows not read yet: `/` (the table's find) waits for the
    rows with the letters behind it, then opens the find bar and "sup" goes into it."""
    async with typed_during_a_read("j", "enter", "slash", "s", "u", "p") as (app, pilot, held):
        await release(held, pilot)
        table = app.query_one(ReadingTable)
        assert table.find_query == "sup"
        assert isinstance(app.focused, Input) and app.focused.value == "sup"


async def test_a_key_typed_behind_enter_on_drawn_rows_does_not_change_the_row_opened() -> None:
    """`j Enter j` at once on rows already drawn opens the row Enter was pressed on; the
    `j` behind it moves the cursor on. Before, the detail read the cursor after the `j`
    and opened the next statement."""
    statement, row = SLOW_TYPISTS_DETAIL
    app = make_app(fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, KEYS[:2], at_once=False)
        table = app.query_one(ReadingTable)
        assert table.row_count > row + 1 and app.focused is table
        press_at_once(app, "j", "enter", "j")
        await settle(pilot)
        assert isinstance(app.screen, StatementScreen)
        assert app.screen.statement == statement


@AT_ONCE_OR_SLOWLY_ON_DEMAND
async def test_a_key_typed_behind_enter_on_the_locality_list_drills_the_row_chosen(
    at_once: bool,
) -> None:
    """`b j Enter j` at once drills into the locality the slow typist's `b j Enter` does
    (the second in the list), not the one below it."""
    app = make_app(fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if at_once:
            press_at_once(app, "b", "j", "enter", "j")
        else:
            await type_keys(pilot, ("b", "j", "enter"), at_once=False)
        await settle(pilot)
        assert pane(app).locality == "Bolton"  # the second row, under All localities


async def test_keys_typed_behind_a_locality_picked_after_a_notice_act_on_its_rows() -> None:
    """SPLW in Bury shows "fewer than 5" in place of Role and wider support's table.
    `l Bol Enter j Enter` typed at once there opens the second statement's detail in
    Bolton, as the same keys typed slowly do. Before, the `j Enter` reached the notice
    while Bolton's rows were read, and the notice acts on neither."""
    app = make_app(fresh=True, locality="Bury")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, KEYS[:2], at_once=False)
        assert isinstance(app.focused, SectionNotice)
        press_at_once(app, "l", "B", "o", "l", "enter", "j", "enter")
        await settle(pilot)
        assert pane(app).locality == "Bolton"
        assert isinstance(app.screen, StatementScreen), "the keys typed behind were lost"
        assert app.screen.statement == "I feel confident in carrying out my role"


async def test_keys_typed_behind_a_locality_seen_before_keep_their_order() -> None:
    """The same burst towards a locality already seen: Bolton's table is drawn at once
    from what was read before, so no key waits for a read. The focus moves from the
    notice to the table while the `j` typed again for it is still on its way to the
    notice; the Enter behind it used to go straight to the table, overtake the `j` and
    open the first statement's detail."""
    app = make_app(fresh=True, locality="Bolton")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, KEYS[:2], at_once=False)
        await type_keys(pilot, ("l", "B", "u", "r", "y", "enter"), at_once=False)
        assert pane(app).locality == "Bury"
        assert isinstance(app.focused, SectionNotice)
        press_at_once(app, "l", "B", "o", "l", "enter", "j", "enter")
        await settle(pilot)
        assert pane(app).locality == "Bolton"
        assert isinstance(app.screen, StatementScreen), "the keys typed behind were lost"
        assert app.screen.statement == "I feel confident in carrying out my role"


async def test_a_locality_picked_in_one_burst_leaves_no_read_ahead_waiting() -> None:
    """`l Bol Enter` at once: the list's highlight of Bolton reaches the explorer after
    the list has closed. It used to start the list's read-ahead then, which fired 0.15 s
    later, at best reading for nothing and, when `q` had been pressed meanwhile, while
    the explorer was closing (a traceback on exit)."""
    app = make_app(fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        press_at_once(app, "l", "B", "o", "l", "enter")
        await settle(pilot)
        assert pane(app).locality == "Bolton"
        assert app.locality_timer is None


async def test_keys_held_while_the_terminal_was_too_small_act_when_it_is_large_again() -> None:
    """The rows arrive while the terminal is too small ("Please enlarge"): the keys typed
    for them wait, and open the detail once the terminal is large enough again. Before,
    they were dropped."""
    statement, _ = SLOW_TYPISTS_DETAIL
    async with typed_during_a_read(*KEYS) as (app, pilot, held):
        await pilot.resize_terminal(60, 20)
        await pilot.pause()  # not settle: that would wait for the read still held
        assert app.too_small()
        await release(held, pilot)
        assert app.screen is app.screen_stack[0]  # nothing acts behind "Please enlarge"
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert isinstance(app.screen, StatementScreen), "the keys typed ahead were lost"
        assert app.screen.statement == statement


async def test_keys_held_across_a_shrink_and_grow_wait_for_rows_still_being_read() -> None:
    """The terminal shrinks and grows back while the rows are still read: the keys
    typed for them still wait for the rows (before, growing back handed them to the
    empty table, where they did nothing)."""
    statement, _ = SLOW_TYPISTS_DETAIL
    async with typed_during_a_read(*KEYS) as (app, pilot, held):
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await release(held, pilot)
        assert isinstance(app.screen, StatementScreen), "the keys typed ahead were lost"
        assert app.screen.statement == statement


def where_keys_led(app: WorkforceExplorer) -> tuple[object, ...]:
    """What a user sees after the keys: the statement open (if any), the row and the
    find query in its detail, and the row of the theme's table behind it."""
    main = app.query_one(ReadingTable).cursor_row
    if not isinstance(app.screen, StatementScreen):
        return (None, None, None, main)
    detail = app.screen.query_one(StatementTable)
    return (app.screen.statement, detail.cursor_row, detail.find_query, main)


@pytest.mark.parametrize(
    ("keys", "slowly"),
    [
        (("j", "enter", "j", "j"), ("I feel confident in carrying out my role", 2, "", 2)),
        (("j", "enter", "j", "j", "escape"), (None, None, None, 2)),
        (
            ("j", "enter", "slash", "b", "o"),
            ("I feel confident in carrying out my role", 0, "bo", 2),
        ),
    ],
    ids=["j-j", "j-j-escape", "find"],
)
@AT_ONCE_OR_SLOWLY_ON_DEMAND
async def test_keys_typed_behind_enter_on_a_statement_act_in_its_detail(
    keys: tuple[str, ...], slowly: tuple[object, ...], at_once: bool
) -> None:
    """Role and wider support's rows drawn: the keys typed behind the Enter that opens a
    statement's detail act in the detail, at once as when typed slowly (its rows are
    read after it opens). Before, they moved or searched the theme's table behind it and
    the detail stayed on its first row."""

    app = make_app(fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, KEYS[:2], at_once=False)
        await type_keys(pilot, keys, at_once=at_once)
        assert where_keys_led(app) == slowly


@pytest.mark.parametrize(
    ("keys", "slowly"),
    [(("4", "enter", "j", "j"), ("MainScreen", 2)), (("4", "enter", "e"), ("ExportScreen", 0))],
    ids=["j-j", "export"],
)
@AT_ONCE_OR_SLOWLY_ON_DEMAND
async def test_keys_typed_behind_enter_on_all_roles_wait_for_its_rows(
    keys: tuple[str, ...], slowly: tuple[str, int], at_once: bool
) -> None:
    """All roles (tab 4): the keys typed behind the Enter that opens the key figures act
    on them once they are read, as when typed slowly: `j j` moves two rows down, `e`
    opens the export dialog. Before, `j j` reached the empty table and were lost, and
    `e` said "Still loading"."""

    app = make_app(fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, keys, at_once=at_once)
        assert (type(app.screen).__name__, app.query_one(CompareTable).cursor_row) == slowly
