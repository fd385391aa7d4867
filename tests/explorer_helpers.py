"""Driving the explorer in tests: open it, wait for its workers, read what it shows."""

from __future__ import annotations

import asyncio
import io
import unicodedata
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pytest
from rich.console import Console
from rich.padding import Padding
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Footer
from textual.worker import WorkerCancelled, WorkerState

from tui.app import WorkforceExplorer
from tui.data import SurveyData
from tui.paths import SAMPLE_DB
from tui.widgets.compare import ComparePane
from tui.widgets.find_bar import FindableTable
from tui.widgets.lazy_pane import LazyPane
from tui.widgets.role_pane import ReadingTable, RolePane

if TYPE_CHECKING:
    import polars as pl
    from textual.widget import Widget

T = TypeVar("T")

# Keys typed at once in the everyday run, and slowly on demand (`-m fuzz`): a test that
# says what the user sees after its keys typed slowly checks the fast typist against
# that, and the slow typist too when asked.
AT_ONCE_OR_SLOWLY_ON_DEMAND = pytest.mark.parametrize(
    "at_once", [True, pytest.param(False, marks=pytest.mark.fuzz)], ids=["at-once", "slowly"]
)

_shared: SurveyData | None = None


def shared_sample() -> SurveyData:
    """The bundled sample, opened once per test process and shared by every explorer test
    that only reads it (the file is READ_ONLY and the data layer's answers do not change;
    a remembered answer is the same answer)."""
    global _shared
    if _shared is None:
        _shared = SurveyData(SAMPLE_DB)
    return _shared


def make_app(
    path: Path = SAMPLE_DB, locality: str | None = None, *, fresh: bool = False
) -> WorkforceExplorer:
    """The explorer on `path`. The bundled sample is the shared one unless `fresh` (for a
    test that counts reads, changes the threshold or closes the file)."""
    data = shared_sample() if path == SAMPLE_DB and not fresh else SurveyData(path)
    # Its answers stay (they cost reads, not behaviour), but no screen is remembered
    # from an earlier test: whether a place is drawn at once or loaded must not
    # depend on which tests ran before in this process.
    data._screens.clear()
    return WorkforceExplorer(data, wave=data.latest_wave(), locality=locality)


def _busy(app: WorkforceExplorer) -> bool:
    return (
        any(not w.is_finished for w in app.workers)
        or any(s.loading for s in app.query(ContentSwitcher))
        or any(c.loading for c in app.query(ComparePane))
        or any(p.building for p in app.query(LazyPane))  # a tab shown for the first time
        # A key still on its way: it bubbles up one widget's queue at a time and may
        # be sent on to where the focus moved (see WorkforceExplorer._on_key).
        # On every screen: a key typed behind the one that closed a dialog can still
        # be queued on the screen under it, and one that opened a dialog on the screen
        # it left.
        or any(
            node.message_queue_size
            for node in [app, *(n for s in app.screen_stack for n in [s, *s.walk_children()])]
        )
    )


async def settle(pilot: Pilot, rounds: int = 200) -> None:
    """Wait until the explorer has done what it was asked: every pending message handled,
    every worker finished (a worker hands its rows to the screen before it finishes) and
    no pane loading. Waits for those events, never for the clock."""
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause(0)  # handle what is queued: keys, messages, worker callbacks
        running = [w for w in app.workers if not w.is_finished]
        if running:
            started = [w for w in running if w.state != WorkerState.PENDING]
            if started:  # a cancelled one (a newer request replaced it) is done too
                with suppress(WorkerCancelled):
                    await app.workers.wait_for_complete(started)
            continue
        if not _busy(app):
            await pilot.pause(0)
            if not _busy(app):
                return
    raise AssertionError("the explorer did not finish loading")


async def until(
    pilot: Pilot, condition: Callable[[], object], what: str, timeout: float = 30.0
) -> None:
    """Wait until `condition()` holds: something the test cannot await directly (a timer
    that starts a read, a dialog a key opens, the palette's answer). Between checks the
    app handles what is queued and a timer or a worker thread gets its turn. Fails,
    naming `what`, if it has not happened in `timeout` seconds: a deadline, not a wait."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"{what}: not within {timeout:g} s")
        await pilot.pause()
        if not condition():
            await asyncio.sleep(0.001)  # a 1 ms timer's turn, a worker thread's


def footer_keys(app: WorkforceExplorer) -> list[str]:
    """The keys the footer of the screen on top draws, as a user reads them."""
    footer = app.screen.query_one(Footer)
    return [str(key.render().plain).strip() for key in footer.children if key.display]


def pane(app: WorkforceExplorer) -> RolePane:
    current = app.active_pane()
    assert isinstance(current, RolePane)
    return current


def table_rows(app: WorkforceExplorer) -> list[list[str]]:
    return pane(app).query_one(ReadingTable).cell_texts()


def flagged(app: WorkforceExplorer, flag: str) -> list[str]:
    return [row[0] for row in table_rows(app) if flag in row[4]]


async def type_keys(pilot: Pilot, keys: Sequence[str], *, at_once: bool) -> None:
    """Type `keys` as a terminal hands them over: a fast typist's all in one read
    (`at_once`), or slowly, each once the explorer has done what the last one asked;
    then wait until it has done what they asked. Comparing the two is how the tests
    check that a fast typist gets what a slow one does."""
    if at_once:
        press_at_once(pilot.app, *keys)
    else:
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
    await settle(pilot)


def press_at_once(app: WorkforceExplorer, *keys: str) -> None:
    """Queue key presses the way a terminal hands over a fast typist's keys: all in one
    read, before the app has handled the first (Pilot.press waits after every key)."""
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app.post_message(event)


def key_event(key: str) -> events.Key:
    """The event a terminal sends for `key` ("j", "/", "slash", "space", "ctrl+p"), with
    its character, as Pilot.press makes it: "space" types a space into a text box."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(
            _get_unicode_name_from_key(REPLACED_KEYS.get(key, key))
        )
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


def count_reads(data: SurveyData) -> list[str]:
    """From now on, the name of every query `data` reads from the file (not from memory)."""
    return _watch_reads(data, lambda name, params: name)


def record_reads(data: SurveyData) -> list[tuple[str, str | None]]:
    """From now on, (query, locality) for every read `data` makes from the file."""
    return _watch_reads(data, lambda name, params: (name, params.get("locality")))


def _watch_reads(data: SurveyData, note: Callable[[str, dict], T]) -> list[T]:
    """A list that grows by `note(query, params)` at each read `data` makes from now."""
    reads: list[T] = []
    run = data._run

    def watched(name: str, params: dict) -> pl.DataFrame:
        reads.append(note(name, params))
        return run(name, params)

    data._run = watched  # type: ignore[method-assign]
    return reads


def measured(table: FindableTable) -> list[int]:
    """Each row's height as DataTable measures a row added with no height: every cell
    rendered with its padding at its column's width; the tallest cell counts."""
    console = table.app.console
    heights = []
    for row in table.ordered_rows:
        tallest = 0
        for cell, column in zip(table.get_row(row.key), table.ordered_columns, strict=True):
            options = table.app.console_options.update_width(column.get_render_width(table))
            lines = console.render_lines(Padding(cell, (0, table.cell_padding)), options)
            tallest = max(tallest, len(lines))
        heights.append(tallest)
    return heights


def check_tables(app: WorkforceExplorer, seen: list[str]) -> None:
    """Every table on screen: each row as tall as its cells wrap to (`measured`); the
    kinds checked are added to `seen`."""
    for table in app.screen.query(FindableTable):
        if not table.display or not table.row_count:
            continue
        heights = [row.height for row in table.ordered_rows]
        assert heights == measured(table), f"{type(table).__name__} after {seen}"
        seen.append(type(table).__name__)


def what_the_user_sees(app: WorkforceExplorer) -> tuple[object, ...]:
    """The screen on top, what has the focus, the tab and where it is, the row the
    cursor is on in the table in view, and what the search and find boxes hold: what a
    fast typist and a slow one are compared on."""
    from textual.widgets import Input

    from tui.screens.comments_screen import CommentsScreen
    from tui.screens.dialog import ExplorerPalette
    from tui.screens.statement_screen import StatementScreen, StatementTable
    from tui.widgets.compare import CompareTable
    from tui.widgets.find_bar import FindInput

    screen = app.screen
    tab = app.active_pane()
    if isinstance(tab, RolePane):
        # The table in view: a section seen before keeps its table, not displayed (by
        # display, not by region: a screen under a dialog is not laid out again).
        tables = [t for t in tab.query(ReadingTable) if shown(t)]
        where: tuple[object, ...] = (
            tab.role,
            tab.section,
            tab.locality,
            tab.by_locality,
            tables[0].cursor_row if tables else None,
        )
    elif isinstance(tab, ComparePane):
        where = ("All roles", tab.choice, tab.query_one(CompareTable).cursor_row)
    else:
        where = ()
    on_top: tuple[object, ...] = (type(screen).__name__,)
    if isinstance(screen, StatementScreen):
        on_top += (screen.statement, screen.query_one(StatementTable).cursor_row)
    if isinstance(screen, CommentsScreen | ExplorerPalette):
        on_top += (screen.query_one(Input).value,)  # the search typed
    finding = tuple(box.value for box in screen.query(FindInput) if shown(box))
    return (on_top, type(app.focused).__name__, where, finding, app.is_running)


def shown(widget: Widget) -> bool:
    """`widget` and every container around it are displayed and visible."""
    return all(
        node.display and node.visible
        for node in widget.ancestors_with_self
        if hasattr(node, "visible")
    )


def screen_lines(app: WorkforceExplorer) -> list[str]:
    """The screen as a terminal shows it now, a string a line: the compositor's whole
    frame, as App.export_screenshot renders it, read as plain text."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text(styles=False).splitlines()
