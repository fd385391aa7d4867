"""The command palette typed at once: Textual gathers the commands matching the search
in a worker, so an Enter read in the same burst as the search used to find no list and
do nothing (the palette stayed open), and the keys behind it were typed into the search.
Typed at once, the keys must do what they do typed slowly."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from explorer_helpers import (
    AT_ONCE_OR_SLOWLY_ON_DEMAND,
    make_app,
    pane,
    press_at_once,
    settle,
    type_keys,
    until,
)
from textual.command import CommandList, CommandPalette, Hits
from textual.pilot import Pilot
from textual.widgets import Input

from tui.action_commands import ACTIONS, ActionCommands
from tui.app import WorkforceExplorer
from tui.screens.dialog import ExplorerPalette
from tui.widgets.role_pane import ReadingTable

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
            (
                "MainScreen",
                None,
                "2023 › All roles › All localities › Role and wider support",
                "SectionList",
            ),
        ),
        (
            ("ctrl+p", *"cc bolton", "enter"),
            ("MainScreen", None, "2023 › CC › Bolton › Overview", "ReadingScroll"),
        ),
        (
            ("ctrl+p", *"zzzq", "enter", "x"),  # no command matches: x is searched for
            (
                "ExplorerPalette",
                "zzzqx",
                "2023 › SPLW › All localities › Overview",
                "PaletteInput",
            ),
        ),
    ],
    ids=["all-then-j", "card", "no-match"],
)
@AT_ONCE_OR_SLOWLY_ON_DEMAND
async def test_keys_typed_at_once_in_the_palette_do_what_they_do_slowly(
    keys: tuple[str, ...], slowly: tuple[object, ...], at_once: bool
) -> None:
    """What the user sees after the keys typed slowly; typed at once, the same."""
    assert await led(keys, at_once=at_once) == slowly


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


async def test_a_statement_typed_one_key_at_a_time_while_statements_are_read_is_found() -> None:
    """The palette reads the wave's statements when it opens. Textual cancels a search
    when the next key is typed, and the search waiting for that read took the read down
    with it: "SPLW: suitable space", typed one key at a time while the read was under way
    (longer on a slow laptop), found nothing, and Enter did nothing. The read is held
    here until every key is typed, so each search but the last is cancelled while it
    waits."""
    app = make_app(fresh=True)
    gate = threading.Event()
    read = app.data.likert_questions

    def held(*args: object, **kwargs: object) -> object:
        gate.wait(timeout=30)
        return read(*args, **kwargs)

    app.data.likert_questions = held  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"SPLW: suitable space")  # each key handled in turn
        gate.set()
        await settle(pilot)
        commands = app.screen.query_one(CommandList)
        offered = [
            str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)
        ]
        assert any("I have access to a suitable space to see clients" in o for o in offered)
        await pilot.press("enter")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › All localities › Role and wider support"
        assert pane(app).query_one(ReadingTable).current().statement == (
            "I have access to a suitable space to see clients"
        )


@pytest.mark.parametrize("at_once", [False, True], ids=["slowly", "at-once"])
async def test_down_in_the_search_moves_the_palettes_highlight(at_once: bool) -> None:
    """Down typed in the palette's search box moves the highlight in its list. The box
    acts on its own keys as they reach it, but Input's Up and Down (scroll bindings it
    inherits, which give way) go on to the palette: they were swallowed, and Enter then
    ran the first command, not the one moved to."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        commands = app.screen.query_one(CommandList)
        await until(pilot, lambda: commands.option_count > 3, "the palette's commands")
        await settle(pilot)
        start = commands.highlighted
        await type_keys(pilot, ("down", "down", "down"), at_once=at_once)
        # From no highlight, the first Down highlights the first command (index 0).
        assert commands.highlighted == (2 if start is None else start + 3)


class TextualsFirst(set):
    """A set of providers that hands Textual's own first, as a set may in some launch."""

    def __iter__(self) -> Iterator[Any]:
        return iter(sorted(super().__iter__(), key=lambda p: p.__module__.startswith("tui.")))


@pytest.fixture
def textuals_providers_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's set of providers iterates Textual's own first: the order the palette
    lists them in must not follow it (a set's order changes between launches)."""
    assert "_provider_classes" in vars(CommandPalette)  # what is patched is still there
    given = CommandPalette._provider_classes

    def textuals_first(self: CommandPalette) -> set[Any]:
        return TextualsFirst(given.fget(self))  # type: ignore[attr-defined]

    monkeypatch.setattr(CommandPalette, "_provider_classes", property(textuals_first))


async def listed(pilot: Pilot, *keys: str) -> list[str]:
    """The commands the palette lists once every provider has answered `keys`."""
    app = pilot.app
    press_at_once(app, *keys)

    def answered() -> bool:
        palette = app.screen
        return (
            isinstance(palette, ExplorerPalette)
            and not palette.gathering()
            and palette.query_one(CommandList).option_count > 0
        )

    await until(pilot, answered, "the palette's commands")
    commands = app.screen.query_one(CommandList)
    return [commands.get_option_at_index(i).hit.text for i in range(commands.option_count)]


@pytest.mark.usefixtures("textuals_providers_first")
async def test_the_empty_palette_lists_the_same_commands_in_the_same_order_every_time() -> None:
    """Opened, the palette lists the explorer's jumps (roles, sections, localities),
    then its actions with their keys, then Textual's own commands, and Enter runs the
    first: the first role's overview. Textual keeps the three sources in a set, so
    from one launch to the next they came in a different order and Enter on the empty
    search ran a different command ("Find", or Textual's "Keys")."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        texts = await listed(pilot, "2", "ctrl+p")
        first_action = texts.index("Find in the table (filter the rows) (/)")
        assert texts[:2] == ["SPLW: Overview", "SPLW: Role and wider support"]
        assert texts[first_action - 1].startswith("Locality: ")  # the last jump
        assert texts[-5:] == ["Keys", "Maximize", "Quit", "Screenshot", "Theme"]  # Textual's
        # the actions in the order of their table; Next and Previous match need a find
        actions = [f"{name} ({key})" for name, key, _, where in ACTIONS if where != "found"]
        assert texts[first_action:-5] == actions
        press_at_once(app, "enter")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › All localities › Overview"


@pytest.mark.usefixtures("textuals_providers_first")
async def test_matches_that_score_the_same_are_listed_jumps_first_every_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "loc" matches localities to jump to and actions ("By locality (b)"), all scoring
    the same. They are listed jumps first, then actions, then Textual's, whichever
    answered first: the jumps wait for the wave's statements the first time the
    palette opens, so "loc" Enter chose "By locality (b)" then, and "Locality: All
    localities" later."""
    app = make_app(fresh=True)  # the statements not read yet
    # The statements are read once the actions have answered "loc": the jumps answer
    # last, as on a laptop slower to read them.
    actions_answered = threading.Event()
    search = ActionCommands.search

    async def answered(self: ActionCommands, query: str) -> Hits:
        async for hit in search(self, query):
            yield hit
        if query == "loc":
            actions_answered.set()

    read = app.data.likert_questions

    def read_after_the_actions(*args: object, **kwargs: object) -> object:
        actions_answered.wait(timeout=30)
        return read(*args, **kwargs)

    monkeypatch.setattr(ActionCommands, "search", answered)
    app.data.likert_questions = read_after_the_actions  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        texts = await listed(pilot, "ctrl+p", *"loc")
        assert actions_answered.is_set()
        assert texts[:11] == [
            f"Locality: {name}"
            for name in (
                "All localities", "Bolton", "Bury", "Manchester", "Oldham", "Rochdale",
                "Salford", "Stockport", "Tameside and Glossop", "Trafford", "Wigan",
            )
        ]  # fmt: skip
        assert texts[11:14] == [
            "By locality (b)",
            "Choose a locality (l)",
            "All localities (Escape)",
        ]
