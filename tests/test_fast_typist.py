"""A fast typist's keys, read by the terminal in one go before the explorer has acted on
the first, do what the same keys typed slowly do. Each case types its keys at once on a
fresh explorer and checks what the user then sees against what the same keys typed
slowly show, written in the case. (Found by a hostile tester or the key fuzzer: each
case differed before its fix.) That the keys typed slowly still show what the cases
say is checked on demand, with the fuzzer: `python -m pytest -m fuzz`."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from explorer_helpers import (
    AT_ONCE_OR_SLOWLY_ON_DEMAND,
    make_app,
    pane,
    press_at_once,
    settle,
    type_keys,
    until,
    what_the_user_sees,
)
from textual.containers import Vertical
from textual.worker import get_current_worker

from tui.errors import UserError
from tui.widgets.compare import ComparePane
from tui.widgets.role_pane import ReadingTable, RolePane


@pytest.fixture(autouse=True)
def in_a_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports (e Enter) are written to the current folder: here, not the checkout."""
    monkeypatch.chdir(tmp_path)


class Case(NamedTuple):
    """Keys typed (after `before`, typed slowly) and what the user then sees, as typed
    slowly: the screen on top (with what its search box holds), the widget with the
    focus, where the tab is (`what_the_user_sees`) and what the find bar holds."""

    keys: tuple[str, ...]
    screen: tuple[str, ...]
    focus: str
    where: tuple[object, ...]
    finding: tuple[str, ...] = ()
    before: tuple[str, ...] = ()

    def seen(self) -> tuple[object, ...]:
        """As `what_the_user_sees` reads it (the explorer still open)."""
        return (self.screen, self.focus, self.where, self.finding, True)


async def led(case: Case, *, at_once: bool) -> tuple[object, ...]:
    """What `case.keys` lead to after `case.before` typed slowly. Typed at once, on a
    fresh explorer: nothing read yet, so rows are read while the keys come. Typed
    slowly, each key waits for what the last one read, so the shared sample (answers
    remembered from other tests) leads to the same place for less."""
    app = make_app(fresh=at_once)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, case.before, at_once=False)
        await type_keys(pilot, case.keys, at_once=at_once)
        return what_the_user_sees(app)


CASES = {
    # Escape or q behind the Enter that opens a detail closes it; the key behind acts
    # on the table below (it was held by the detail and lost with it).
    "detail-escape-j": Case(
        ("j", "enter", "escape", "j"),
        ("MainScreen",),
        "ReadingTable",
        ("SPLW", "role_support", None, False, 3),
        before=("j", "enter"),
    ),
    "detail-q-j": Case(
        ("j", "enter", "q", "j"),
        ("MainScreen",),
        "ReadingTable",
        ("SPLW", "role_support", None, False, 3),
        before=("j", "enter"),
    ),
    # q typed behind keys still waiting closes the detail they open (it quit).
    "q-closes-detail": Case(
        ("j", "enter", "j", "enter", "q"),
        ("MainScreen",),
        "ReadingTable",
        ("SPLW", "role_support", None, False, 2),
    ),
    # Escape behind an Enter whose rows are still read goes back, and the keys behind
    # it act on the list (they were held for the table and dropped).
    "escape-then-list": Case(
        ("j", "enter", "escape", "j"),
        ("MainScreen",),
        "SectionList",
        ("SPLW", "training", None, False, 1),
    ),
    # A line feed (ctrl+j) is Enter: keys typed as the explorer starts come from a
    # terminal still in line mode, which turns Enter into a line feed ("2 j j Enter"
    # lost its Enter and left the sections list showing).
    "line-feed-is-enter": Case(
        ("2", "j", "j", "ctrl+j"),
        ("MainScreen",),
        "ReadingTable",
        ("CC", "training", None, False, 1),
    ),
    "all-roles-escape": Case(
        ("4", "enter", "escape", "j", "enter", "j"),
        ("MainScreen",),
        "CompareTable",
        ("All roles", "role_support", 1),
    ),
    # A held key that starts a new read (t) holds the keys behind it for those rows.
    "all-roles-t": Case(
        ("4", "enter", "j", "t", "j"),
        ("MainScreen",),
        "CompareTable",
        ("All roles", "role_support", 1),
    ),
    # e on All roles' list waits for the figures it exports.
    "all-roles-e": Case(("4", "e"), ("ExportScreen",), "FormatList", ("All roles", "key", 0)),
    # Keys behind the Enter that exports act on the explorer (the dialog kept them).
    "export-enter-j": Case(
        ("e", "enter", "j"),
        ("MainScreen",),
        "SectionList",
        ("SPLW", "role_support", None, False, 1),
    ),
    # Keys behind the Enter that drills into a locality act in that locality.
    "drill-enter-j": Case(
        ("j", "enter", "j", "enter"),
        ("MainScreen",),
        "ReadingScroll",
        ("SPLW", "overview", "Bolton", False, None),
        before=("b",),
    ),
    # Escape behind a drill whose rows are read (the overview it focuses is hidden
    # until they come, and let the focus go): it waits for them, then goes back.
    "drill-escape": Case(
        ("b", "j", "enter", "escape"),
        ("MainScreen",),
        "SectionList",
        ("SPLW", "overview", "Bolton", False, None),
    ),
    # Escape typed into the comments search clears it (it was swallowed).
    "comments-escape": Case(
        ("c", "slash", "x", "escape"),
        ("CommentsScreen", ""),
        "PassOnInput",
        ("SPLW", "overview", None, False, None),
    ),
    # A key a text box moves its cursor with (Left) acts before the letter behind it
    # is typed: "yx", as typed slowly (it was "xy": the letter was typed in the box,
    # the Left acted only once it had gone round the app).
    "comments-left": Case(
        ("c", "slash", "x", "left", "y"),
        ("CommentsScreen", "yx"),
        "PassOnInput",
        ("SPLW", "overview", None, False, None),
    ),
    "find-left": Case(
        ("slash", "x", "left", "y"),
        ("MainScreen",),
        "FindInput",
        ("SPLW", "role_support", None, False, 0),
        finding=("yx",),
        before=("j", "enter"),
    ),
    # A text box's key acts once: Left moves one place and Backspace deletes one
    # letter (each acted twice, in the box and again at the app: "caxse" and "ca").
    "find-left-inside": Case(
        ("slash", *"case", "left", "x"),
        ("MainScreen",),
        "FindInput",
        ("SPLW", "role_support", None, False, 0),
        finding=("casxe",),
        before=("j", "enter"),
    ),
    "find-backspace": Case(
        ("slash", *"case", "backspace"),
        ("MainScreen",),
        "FindInput",
        ("SPLW", "role_support", None, False, 1),  # on the first row "cas" finds
        finding=("cas",),
        before=("j", "enter"),
    ),
    # Keys read before `/` in the comments act on the list, not typed into the search
    # ("j1x" was searched: `/` moved to the box as it reached the list, before the
    # keys ahead of it had come back up to the app).
    "comments-keys-before-slash": Case(
        ("c", "j", "1", "slash", "x"),
        ("CommentsScreen", "x"),
        "PassOnInput",
        ("SPLW", "overview", None, False, None),
    ),
    # A letter read behind a key whose binding acts at the app (Tab, the dialog's
    # Escape) waits for it: it was typed into the box first ("xy"; the j lost with
    # the export dialog).
    "comments-tab": Case(
        ("c", "slash", "x", "tab", "y"),
        ("CommentsScreen", "x"),
        "CommentList",
        ("SPLW", "overview", None, False, None),
    ),
    "export-escape-j": Case(
        ("e", "shift+tab", "x", "escape", "j"),
        ("MainScreen",),
        "SectionList",
        ("SPLW", "role_support", None, False, 1),
    ),
    "find-tab": Case(
        ("slash", "x", "tab", "j"),
        ("MainScreen",),
        "ContentTabs",
        ("SPLW", "role_support", None, False, 1),
        before=("j", "enter"),
    ),
    # ctrl+p opens the palette in its turn: over the tab 3 showed (it opened first and
    # the 3 was typed into it), after the keys held for rows being read.
    "palette-behind-a-tab": Case(
        ("3", "ctrl+p"),
        ("ExplorerPalette", ""),
        "PaletteInput",
        ("HWC", "overview", None, False, None),
    ),
    "palette-behind-held-keys": Case(
        ("j", "enter", "j", "ctrl+p", "x"),
        ("ExplorerPalette", "x"),
        "PaletteInput",
        ("SPLW", "role_support", None, False, 2),
    ),
    # Keys read behind the locality list's Escape act on the explorer once it has
    # closed: the list chose with the Enter (it acts as it arrives) and `/` filtered
    # the list (fuzzer, seeds 158 and 232).
    "locality-escape-enter": Case(
        ("l", "escape", "enter"),
        ("MainScreen",),
        "ReadingScroll",
        ("SPLW", "overview", None, False, None),
    ),
    "locality-escape-slash": Case(
        ("1", "l", "escape", "enter", "slash", "slash"),
        ("MainScreen",),
        "ReadingScroll",
        ("SPLW", "overview", None, False, None),
    ),
    # Right on the tabs' bar shows and focuses the next tab at once: the keys behind
    # act there (shift+tab went back from the old tab's table: fuzzer, seed 295).
    "tabs-right": Case(
        ("shift+tab", "right", "shift+tab", "enter", "o", "B"),
        ("MainScreen",),
        "ContentTabs",
        ("CC", "overview", None, False, None),
    ),
    # A space typed in the find bar (fuzzer, seed 140: press_at_once sent "space" and
    # "slash" with no character, so a box never typed them; Pilot.press does).
    "find-space": Case(
        ("j", "slash", "j", "space"),
        ("MainScreen",),
        "FindInput",
        ("SPLW", "role_support", None, False, 0),
        finding=("j ",),
    ),
    # PageDown on a tab's list shown by the key before, not laid out yet, pages as it
    # does once laid out (it did nothing: fuzzer, seeds 310 and 419).
    "pagedown-on-a-new-tab": Case(
        ("2", "2", "x", "n", "pagedown", "escape", "j", "pagedown"),
        ("MainScreen",),
        "SectionList",
        ("CC", "demographics", None, False, 1),
    ),
    # Keys typed behind the palette's Escape act on the explorer once it has closed
    # (they were typed into its search: fuzzer, seed 400).
    "palette-escape": Case(
        ("ctrl+p", "o", "escape", "e", "tab", "s"),
        ("ExportScreen",),
        "PassOnInput",
        ("SPLW", "overview", None, False, None),
    ),
    # The palette's search box keeps the keys in order too: Left before "?t" ("?t "
    # typed slowly, " ?t" at once), and a letter behind Tab (fuzzer, seeds 47, 48).
    "palette-left": Case(
        ("right", "2", "ctrl+p", "space", "left", "question_mark", "t"),
        ("ExplorerPalette", "?t "),
        "PaletteInput",
        ("CC", "overview", None, False, None),
    ),
    # The palette's search box too ("xab": Left acted twice; its Enter submitted twice,
    # and a command chosen as the search ended ran twice).
    "palette-left-inside": Case(
        ("ctrl+p", "a", "b", "left", "x"),
        ("ExplorerPalette", "axb"),
        "PaletteInput",
        ("SPLW", "overview", None, False, None),
    ),
    "palette-tab": Case(
        ("enter", "home", "ctrl+p", "tab", "backspace", "o"),
        ("ExplorerPalette", "o"),
        "PaletteInput",
        ("SPLW", "overview", None, False, None),
    ),
    # Shift+tab from the locality list's find bar, typed behind the `/` that opened
    # it, goes back to the list (the bar dropped it and typed the keys behind).
    "locality-find-shift-tab": Case(
        ("4", "l", "slash", "shift+tab", "space", "pagedown", "b", "question_mark"),
        ("LocalityScreen",),
        "LocalityList",
        ("All roles", "key", 0),
    ),
    # Keys read after ctrl+p, before its search box is there, wait for it.
    "palette-early-keys": Case(
        ("v", "4", "ctrl+p", "enter", "k", "ctrl+p", "B"),
        ("ExplorerPalette", "B"),
        "PaletteInput",
        ("SPLW", "overview", None, False, None),  # the first command: SPLW: Overview
    ),
    # Tab typed while a section's rows are read goes to its table once drawn, and the
    # keys behind act there (it went to the Overview still shown: fuzzer, seed 15).
    "tab-while-read": Case(
        ("j", "left", "tab", "j", "escape"),
        ("MainScreen",),
        "SectionList",
        ("SPLW", "role_support", None, False, 2),
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
@AT_ONCE_OR_SLOWLY_ON_DEMAND
async def test_keys_typed_at_once_do_what_they_do_typed_slowly(case: Case, at_once: bool) -> None:
    assert await led(case, at_once=at_once) == case.seen()


def fail_reads(monkeypatch: pytest.MonkeyPatch, what: str) -> None:
    """The data layer's `what` reads fail, as when the file has gone (a UserError the
    explorer shows as a notification)."""
    from tui.data import SurveyData

    def failing(self: SurveyData, *args: object, **kwargs: object) -> object:
        raise UserError("the survey file went away")

    if what == "role_support":
        run = SurveyData._run

        def run_failing(self: SurveyData, name: str, params: dict) -> object:
            if params.get("view") == "role_support":
                raise UserError("the survey file went away")
            return run(self, name, params)

        monkeypatch.setattr(SurveyData, "_run", run_failing)
    else:
        monkeypatch.setattr(SurveyData, what, failing)


@pytest.mark.parametrize(
    ("what", "keys", "role"),
    [
        ("role_support", ("j", "enter", "j", "escape", "2"), "CC"),
        ("statement_by_locality", ("j", "enter", "j", "enter", "j", "escape", "2"), "CC"),
        ("role_comparison", ("4", "enter", "j", "escape", "2"), "CC"),
    ],
    ids=["role-tab", "detail", "all-roles"],
)
async def test_after_a_read_fails_the_keys_typed_next_act(
    monkeypatch: pytest.MonkeyPatch, what: str, keys: tuple[str, ...], role: str
) -> None:
    """A read that fails says so, and the keys typed after it act, typed slowly: before,
    the next key for the table waited for rows that never came, and every key after it
    waited behind it (only q worked)."""
    fail_reads(monkeypatch, what)
    app = make_app(fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, keys, at_once=False)
        assert any("went away" in str(n.message) for n in app.status_log)
        assert app.screen is app.screen_stack[0]
        assert isinstance(app.active_pane(), RolePane) and pane(app).role == role


async def test_a_replaced_read_that_ends_late_leaves_the_new_reads_keys_waiting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """All roles: `t` replaces the read of one theme by the next. If the replaced read
    ends (drawing nothing) after that, the keys typed for the new one still wait for
    it. Before, its ending marked the new read as failed and the keys behind were
    dropped."""
    app = make_app(fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, ("4", "enter"), at_once=False)
        compare = app.query_one(ComparePane)
        replaced = compare.request()
        monkeypatch.setattr(ComparePane, "load", lambda self, req: None)  # never ends
        await type_keys(pilot, ("t",), at_once=False)
        assert compare.reading()
        compare.load_ended(replaced)  # the replaced read's end, arriving late
        assert compare.reading(), "the new read was taken for a failed one"


@pytest.mark.parametrize(
    ("opens", "rows"),
    [("enter", "statement-rows"), ("c", "comments-rows")],
    ids=["detail", "comments"],
)
async def test_rows_read_for_a_dialog_closed_meanwhile_are_dropped(
    monkeypatch: pytest.MonkeyPatch, opens: str, rows: str
) -> None:
    """On a busy machine the key typed behind the one that opened a dialog (Escape, q)
    can close it after its read has ended but before the rows reach the screen. The
    rows are then dropped and the explorer goes on; before, they were drawn into the
    closing dialog's widgets, some already gone: "No nodes match 'StatementTable'",
    which stopped the explorer (seen once in a full run on a loaded machine). Here the
    worker is held between its read and the hand-over until the dialog's table or
    list has been taken down, as that busy machine held it; the rest of the dialog
    waits for the hand-over."""
    app = make_app()
    read, closed, handed = threading.Event(), threading.Event(), threading.Event()
    hand_over = app.call_from_thread

    def late(callback: Callable[..., object], *args: object, **kwargs: object) -> object:
        if get_current_worker().node is not app.screen_stack[-1]:  # not the dialog's
            return hand_over(callback, *args, **kwargs)
        read.set()  # a worker handing its rows over: held until the dialog is closing
        assert closed.wait(30), "the dialog did not close"
        try:
            return hand_over(callback, *args, **kwargs)
        finally:
            handed.set()

    async def taken_down(box: Vertical) -> None:
        """The dialog's table or list is gone, the rest of the dialog not yet: the
        held worker hands its rows over now, and they reach the screen now."""
        if box.id == rows:
            closed.set()
            for _ in range(30_000):  # the hand-over runs on this loop: give it turns
                if handed.is_set():
                    return
                await asyncio.sleep(0.001)
            raise AssertionError("the rows were not handed over")

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, ("j", "enter"), at_once=False)  # into the statements
        monkeypatch.setattr(app, "call_from_thread", late)
        monkeypatch.setattr(Vertical, "on_unmount", taken_down, raising=False)
        press_at_once(app, opens)
        await until(pilot, read.is_set, "the dialog's rows read")
        press_at_once(app, "escape", "j")
        await settle(pilot)
        assert handed.is_set()
        assert app.is_running and app.screen is app.screen_stack[0]
        assert pane(app).query_one(ReadingTable).cursor_row == 2  # the j behind acted


@pytest.mark.parametrize(
    "keys",
    [("j", "ctrl+p", "ctrl+q"), ("j", "ctrl+p", "x", "ctrl+q")],
    ids=["behind-the-palette", "behind-a-letter-in-the-palette"],
)
async def test_ctrl_q_typed_behind_a_key_that_moves_the_focus_quits(keys: tuple[str, ...]) -> None:
    """ctrl+q quits at once wherever it is typed. Read while the keys before it were on
    their way to a widget the focus had left (the `j` when ctrl+p opened the palette),
    it used to follow them there, where a priority key is never looked up: lost."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        press_at_once(app, *keys)
        await until(pilot, lambda: not app.is_running, "the explorer quits")


FAILED_READ_CASES = {
    # Tab from the sections list to the table, which shows nothing: its rows failed.
    "tab": Case(
        ("j", "tab"), ("MainScreen",), "ReadingScroll", ("SPLW", "role_support", None, False, None)
    ),
    # Back to the tabs' bar, then the next tab: CC.
    "shift-tab-right": Case(
        ("j", "shift+tab", "right"),
        ("MainScreen",),
        "SectionList",
        ("CC", "overview", None, False, None),
    ),
}


@pytest.mark.parametrize("case", list(FAILED_READ_CASES.values()), ids=list(FAILED_READ_CASES))
@AT_ONCE_OR_SLOWLY_ON_DEMAND
async def test_tab_typed_behind_a_read_that_fails_still_moves_the_focus(
    monkeypatch: pytest.MonkeyPatch, case: Case, at_once: bool
) -> None:
    """Tab typed while a section's rows are read waits for them; when the read fails
    (and says so), it acts then, with the keys behind it, as typed slowly. It was
    dropped with the keys held for the rows. (Typed slowly: on demand, `-m fuzz`.)"""
    fail_reads(monkeypatch, "role_support")
    app = make_app(fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, case.keys, at_once=at_once)
        assert any("went away" in str(n.message) for n in app.status_log)
        assert what_the_user_sees(app) == case.seen()


@pytest.mark.parametrize("keys", [("q", "3"), ("q", "l"), ("q", "e", "enter")])
async def test_keys_typed_behind_q_do_nothing_while_the_explorer_closes(
    keys: tuple[str, ...],
) -> None:
    """The keys read with q act on nothing: the explorer closes cleanly. They used to
    act while its widgets were being taken down (tab 3, the locality list, an export
    dialog) and it stopped with "No nodes match" or a MountError."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        press_at_once(app, *keys)
        await until(pilot, lambda: not app.is_running, "the explorer quits")
    assert app.return_code == 0
