"""The command palette typed at once: Textual gathers the commands matching the search
in a worker, so an Enter read in the same burst as the search used to find no list and
do nothing (the palette stayed open), and the keys behind it were typed into the search.
Typed at once, the keys must do what they do typed slowly."""

from __future__ import annotations

import pytest
from explorer_helpers import make_app, press_at_once, settle, type_keys, until
from textual.command import CommandList
from textual.widgets import Input

from tui.app import WorkforceExplorer
from tui.screens.dialog import ExplorerPalette

pytestmark = pytest.mark.usefixtures("no_matches_at_once")


def what_the_user_sees(app: WorkforceExplorer) -> tuple[object, ...]:
    palette = app.screen if isinstance(app.screen, ExplorerPalette) else None
    search = palette.query_one(Input).value if palette is not None else None
    return (
        type(app.screen).__name__,
        search,
        app.breadcrumb_text(),
        type(app.focused).__name__,
    )


async def led(keys: tuple[str, ...], *, at_once: bool) -> tuple[object, ...]:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, keys, at_once=at_once)
        return what_the_user_sees(app)


@pytest.mark.parametrize(
    ("keys", "slowly"),
    [
        (
            ("ctrl+p", *"all roles", "enter", "j"),
            ("MainScreen", None, "2023 › All roles › All localities › Role and wider support"),
        ),
        (
            ("ctrl+p", *"cc bolton", "enter"),
            ("MainScreen", None, "2023 › CC › Bolton › Overview"),
        ),
        (
            ("ctrl+p", *"zzzq", "enter", "x"),  # no command matches: x is searched for
            ("ExplorerPalette", "zzzqx", "2023 › SPLW › All localities › Overview"),
        ),
    ],
    ids=["all-then-j", "card", "no-match"],
)
async def test_keys_typed_at_once_in_the_palette_do_what_they_do_slowly(
    keys: tuple[str, ...], slowly: tuple[object, ...]
) -> None:
    seen_slowly = await led(keys, at_once=False)
    assert seen_slowly[:3] == slowly
    assert await led(keys, at_once=True) == seen_slowly


async def test_keys_behind_an_enter_on_no_matches_go_to_the_search_then_escape_closes() -> None:
    """ "No matches found" on screen: an Enter chooses nothing, so the keys typed behind
    it are not held for a command that will never run: `x` is searched for and Escape
    closes the palette."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"zzzq")
        commands = app.screen.query_one(CommandList)
        await until(
            pilot,
            lambda: commands.option_count == 1 and commands.get_option_at_index(0).disabled,
            "No matches found shown",
        )
        press_at_once(app, "enter", "x")
        await settle(pilot)
        assert app.screen.query_one(Input).value == "zzzqx"
        press_at_once(app, "escape")
        await settle(pilot)
        assert not isinstance(app.screen, ExplorerPalette)


async def test_the_palette_opened_over_a_detail_and_closed_leaves_the_detail() -> None:
    """ctrl+p over a statement's detail, Escape, Escape: the palette closes, then the
    detail. The app acts on ctrl+p itself (a priority key, never sent to a widget); it
    was kept as a key still on its way and typed again when the detail closed,
    opening the palette a second time."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_keys(pilot, ("j", "enter", "enter"), at_once=False)
        assert type(app.screen).__name__ == "StatementScreen"
        await type_keys(pilot, ("ctrl+p", "escape", "escape"), at_once=False)
        assert [type(s).__name__ for s in app.screen_stack] == ["MainScreen"]
