"""Choosing a locality: a keyboard list over the explorer."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from tui.cells import plain
from tui.messages import LocalityHighlighted
from tui.screens.dialog import Dialog, SafePaging
from tui.widgets.find_bar import FindableList, FindBar
from tui.widgets.type_ahead import wait_turn

if TYPE_CHECKING:
    import polars as pl

ALL = "\x00all"
# The list's moves, made by the dialog as each key arrives (see LocalityScreen.on_key).
MOVES = {
    "down": "cursor_down",
    "j": "cursor_down",
    "up": "cursor_up",
    "k": "cursor_up",
    "home": "first",
    "end": "last",
    "pagedown": "page_down",
    "pageup": "page_up",
}


class LocalityList(FindableList, SafePaging):
    """The dialog moves it (LocalityScreen.on_key and MOVES: j and k too)."""


def picker_counts(frame: pl.DataFrame) -> dict[str, int | str | None]:
    """The data layer's localities frame as the picker shows it: each locality's
    respondents, or the note that hides them ("fewer than 5")."""
    notes = frame["note"] if "note" in frame.columns else [None] * frame.height
    return {
        loc: (n if n is not None else note)
        for loc, n, note in zip(frame["locality"], frame["respondents"], notes, strict=True)
    }


def locality_label(name: str, count: int | str | None, role_label: str) -> Text:
    """A locality's line in the picker: its name, then its respondents in the role (or
    the note that hides them, or "no responses"); the name alone while they are read."""
    label = plain(name)
    if isinstance(count, str):
        label.append(f"  {count} {role_label}", style="dim")
    elif count is not None:
        label.append(f"  {count} {role_label}" if count else "  no responses", style="dim")
    return label


class LocalityScreen(Dialog[str | None]):
    """Returns the chosen locality name, ALL for every locality, or None if cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        localities: list[tuple[str, int | str | None]],
        current: str | None,
        role_label: str,
        counts_for: tuple[str, int] | None = None,
    ) -> None:
        super().__init__()
        self.localities = localities
        self.current = current
        self.role_label = role_label
        self.counts_for = counts_for  # the role and wave whose counts it lists

    def compose(self) -> ComposeResult:
        options = [Option(Text("All localities"), id=ALL)]
        for i, (name, count) in enumerate(self.localities):
            options.append(Option(locality_label(name, count, self.role_label), id=f"loc{i}"))
        with Vertical(id="locality-box"):
            yield Static(
                Text(
                    "Choose a locality (type its name, or / to filter; Enter), Escape to cancel",
                    style="bold",
                )
            )
            yield LocalityList(*options, id="locality-list")
            yield FindBar()

    def show_counts(self, counts: dict[str, int | str | None]) -> None:
        """The counts, read after the picker opened, added to the names (a filter's
        hidden names get theirs too); the highlight stays where it is."""
        self.localities = [(name, counts.get(name)) for name, _count in self.localities]
        prompts = {
            f"loc{i}": locality_label(name, count, self.role_label)
            for i, (name, count) in enumerate(self.localities)
        }
        option_list = self.query_one(LocalityList)
        shown = {option.id for option in option_list.options}
        for option_id in shown & prompts.keys():
            option_list.replace_option_prompt(option_id, prompts[option_id])
        if option_list.held_options is not None:
            option_list.held_options = [
                Option(prompts[o.id], id=o.id) if o.id in prompts and o.id not in shown else o
                for o in option_list.held_options
            ]

    def on_mount(self) -> None:
        names = [n for n, _ in self.localities]
        option_list = self.query_one(LocalityList)
        option_list.highlighted = names.index(self.current) + 1 if self.current in names else 0
        option_list.focus()

    typed = ""

    def on_key(self, event: events.Key) -> None:
        """Typing a name jumps to it: "wig" lands on Wigan (the start of a name first,
        then anywhere in it); Backspace takes a letter back, other keys start afresh.

        Enter on the list chooses here, at once, and the moves move here, not through
        the list's bindings: a binding acts when its key has gone round the app, after
        the keys typed behind it have reached the dialog ("Down Enter e" typed the `e`
        into the list, landing on another name, before choosing).  Keys that reach the
        dialog after it has closed go on up to the app, which sends them to the
        explorer behind it.  A key read behind one that has gone on to the app (the
        Escape of "l Escape Enter") waits for it to act (wait_turn)."""
        if self.dismissed or wait_turn(self.app, event):
            return
        option_list = self.query_one(LocalityList)
        if not option_list.has_focus:
            # The find bar has it ("/" moved it there while the keys behind were on
            # their way to the list): the app sends them there, in order.
            return
        move = MOVES.get(event.key)
        if move or event.key == "enter":
            # Moves too, so that they stay in order with Enter and the names typed.
            event.stop()
            event.prevent_default()
            self.typed = ""
            if move:
                getattr(option_list, f"action_{move}")()
            elif option_list.highlighted is not None:
                self.choose(option_list.get_option_at_index(option_list.highlighted).id)
            return
        if event.key == "backspace" and self.typed:
            self.typed = self.typed[:-1]
        elif (
            event.character
            and event.character.isprintable()
            and len(event.character) == 1
            and event.key not in ("space", "slash")  # j and k are moves
        ):
            self.typed += event.character.lower()
        else:
            self.typed = ""
            return
        event.stop()
        if not self.typed:
            return
        names = [n.lower() for n, _ in self.localities]
        match = next((i for i, n in enumerate(names) if n.startswith(self.typed)), None)
        if match is None:
            match = next((i for i, n in enumerate(names) if self.typed in n), None)
        if match is not None:
            # By id: a `/` filter may have left only some of the names in the list.
            option_list = self.query_one(LocalityList)
            with suppress(OptionDoesNotExist):
                option_list.highlighted = option_list.get_option_index(f"loc{match}")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        option_id = event.option.id or ALL
        name = None if option_id == ALL else self.localities[int(option_id[3:])][0]
        self.app.post_message(LocalityHighlighted(name))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click (Enter chooses in on_key)
        self.choose(event.option.id)

    def choose(self, option_id: str | None) -> None:
        option_id = option_id or ALL
        if option_id == ALL:
            self.dismiss(ALL)
        else:
            self.dismiss(self.localities[int(option_id[3:])][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
