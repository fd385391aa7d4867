"""What every dialog over the explorer shares: it closes once, however fast the keys come.

A terminal hands the app a fast typist's keys in one read: "Enter Enter" reaches a dialog
as two key events before the first one's dismissal has popped the screen.  The second
Enter then dismissed the screen below (Textual: "Can't pop screen") and the explorer
exited.  `DismissOnce` makes a second dismissal a no-op; `SafePaging` makes PageUp and
PageDown on a list that has not been laid out yet page by the terminal's height instead
of raising KeyError (Textual's OptionList indexes lines it has not measured yet);
`PassOnInput`'s Enter moves the focus on before the keys read behind it arrive.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.command import (
    Command,
    CommandInput,
    CommandList,
    CommandPalette,
    Provider,
)
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList
from textual.worker import Worker

from tui.widgets.text_box import TextBox
from tui.widgets.type_ahead import send_key, type_again

ResultType = TypeVar("ResultType")


async def _nothing() -> None:
    return None


class DismissOnce:
    """Mixin for a Screen: only the first dismissal acts, and only while on top."""

    _dismissed_once = False

    def dismiss(self, result: Any = None) -> AwaitComplete:
        if self._dismissed_once or not self.is_current:  # type: ignore[attr-defined]
            return AwaitComplete(_nothing())
        self._dismissed_once = True
        return super().dismiss(result)  # type: ignore[misc]

    @property
    def dismissed(self) -> bool:
        """True once the dialog has been dismissed (its keys no longer act)."""
        return self._dismissed_once


class Dialog(DismissOnce, ModalScreen[ResultType]):
    """A modal dialog that closes once; subclasses give its result type.

    It has its own footer (issue 17 item 13): the keys that act in the dialog (Close,
    / Search or Find ...), not the explorer's keys behind it, which do not act here."""

    def on_mount(self) -> None:
        from tui.widgets.footer import ExplorerFooter

        self.mount(ExplorerFooter(compact=self.app.size.width < 110))


def lines_ready(option_list: OptionList) -> bool:
    """Whether the list has measured its lines, so paging can find the highlight."""
    option_list._update_lines()
    highlighted = option_list.highlighted
    return highlighted is None or highlighted in option_list._index_to_line


class SafePaging(OptionList):
    """An OptionList whose PageUp / PageDown work before the list is laid out (a tab
    shown by the key before: "2 PageDown" at once), where Textual's raise KeyError."""

    def action_page_down(self) -> None:
        if lines_ready(self):
            super().action_page_down()
        else:
            self.page_unmeasured(1)

    def action_page_up(self) -> None:
        if lines_ready(self):
            super().action_page_up()
        else:
            self.page_unmeasured(-1)

    def page_unmeasured(self, direction: int) -> None:
        """A page before the list has its height: the terminal's height, its largest.
        A list that fits the terminal (the sections, a few localities) then goes to
        its last (first) option, as it does once laid out; a longer one (hundreds of
        localities) moves further than a laid-out page would."""
        if not self.option_count:
            return
        here = self.highlighted or 0
        step = max(1, self.app.size.height) * direction
        self.highlighted = min(max(here + step, 0), self.option_count - 1)


class PaletteInput(CommandInput, TextBox):
    """The command palette's search box, keeping a fast typist's keys in order (its
    styles and focus are CommandInput's: Textual takes a widget's CSS type names from
    its first base)."""


UNRANKED = 99  # Textual's own providers and commands: listed after the explorer's


def palette_order(provider: object) -> tuple[int, str, str]:
    """Where a provider's commands come in the palette: by its `palette_rank`, then by
    module and name (a provider class, or an instance such as SimpleProvider's)."""
    kind = provider if isinstance(provider, type) else type(provider)
    return getattr(kind, "palette_rank", UNRANKED), kind.__module__, kind.__qualname__


class ExplorerPalette(DismissOnce, CommandPalette):
    """Textual's command palette, safe against a second Enter and an early PageDown.

    Typed at once, "ctrl+p all Enter j" does what it does typed slowly: Enter runs the
    first command matching "all" and `j` then acts on the explorer. Textual gathers the
    matching commands in a worker, so an Enter read with the search found no list and
    did nothing, and the `j` behind it was typed into the search. Here the keys behind
    an Enter wait (`hold`, called by the app before any widget has them) until the
    command has run, or until it is clear that none will (no match): then they go to
    the search, as typed slowly. Keys behind an Escape wait too, and act on the explorer
    once the palette has closed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An Enter or Escape was typed: the keys typed from now on wait (see the class).
        self.closing_typed = False
        self.select_when_gathered = False
        self.typed_behind: list[tuple[str, str | None]] = []
        # Keys read before the search box is there to take them (ctrl+p's screen is on
        # top at once, composed a moment later): "ctrl+p Enter" lost the Enter.
        self.typed_early: list[tuple[str, str | None]] | None = []

    def compose(self) -> ComposeResult:
        # Textual's, with its search box a TextBox: keys typed at once act in order
        # ("Space Left ?" typed "? " as slowly, not " ?").
        for widget in super().compose():
            if type(widget) is CommandInput:
                widget = PaletteInput(
                    placeholder=widget.placeholder, select_on_focus=widget.select_on_focus
                )
            yield widget

    @property
    def _provider_classes(self) -> list[type[Provider]]:  # type: ignore[override]
        """Textual's providers in the same order at every launch (`palette_order`): the
        explorer's jumps, its actions, then Textual's commands. Textual keeps them in a
        set, whose order changes from one launch to the next, and lists an empty
        search's commands in the order the providers come: Enter on the empty search
        ran a different command from one launch to the next."""
        return sorted(super()._provider_classes, key=palette_order)

    def _refresh_command_list(
        self, command_list: CommandList, commands: list[Command], clear_current: bool
    ) -> None:
        """Textual's, with matches that score the same in their providers' order, each
        provider's in the order it gave them. Textual sorts by score alone, so those came
        in the order the providers answered, and the jumps wait for the wave's
        statements the first time: "loc" Enter chose "By locality (b)" in one palette and
        "Locality: All localities" in the next. An empty search's commands all score 0
        and come in the providers' order already."""

        def by_score_then_provider(command: Command) -> tuple[float, int]:
            hit = command.hit
            return -hit.score, getattr(hit, "palette_rank", UNRANKED)

        ordered = sorted(commands, key=by_score_then_provider)  # stable
        super()._refresh_command_list(command_list, ordered, clear_current)

    def gathering(self) -> bool:
        """The commands matching the search are still being gathered."""
        group = self._GATHER_COMMANDS_GROUP
        return any(
            w.node is self and w.group == group and not w.is_finished for w in self.app.workers
        )

    def hold(self, event: events.Key) -> bool:
        """True if `event` (a key just typed) waits: for the search box, not there yet,
        or behind an Enter or an Escape typed in the search."""
        if self.dismissed:
            return False
        if self.typed_early is not None:
            self.typed_early.append((event.key, event.character))
            return True
        return self.hold_behind(event.key, event.character)

    def early(self) -> bool:
        """The search box is not there yet: keys wait for it (`take_early_keys`)."""
        return self.typed_early is not None and not self.dismissed

    def on_mount(self) -> None:
        self.call_after_refresh(self.take_early_keys)

    def take_early_keys(self) -> None:
        """The search box is there and focused: the keys read before it act, in order."""
        keys, self.typed_early = self.typed_early or [], None
        for key, character in keys:
            if not self.hold_behind(key, character):
                send_key(self.focused or self, key, character)

    def hold_behind(self, key: str, character: str | None) -> bool:
        """True if the key waits behind an Enter or an Escape typed in the search."""
        if self.closing_typed:
            self.typed_behind.append((key, character))
            return True
        if key in ("enter", "escape") and isinstance(self.focused, Input):
            # The key itself goes on to the search. Escape closes the palette: the keys
            # behind it were typed into the search before its binding had acted ("ctrl+p
            # o Escape e" typed "oe" and lost the e); now they wait and act below.
            self.closing_typed = True
        return False

    @on(Input.Submitted)
    @on(Button.Pressed)
    def _once(self, event: Input.Submitted | Button.Pressed) -> None:
        """Runs before Textual's own handler: once the palette is dismissed, a second
        Enter neither runs the command again nor dismisses the screen below. An Enter
        before the matching commands are in waits for them (`on_worker_state_changed`)."""
        if self.dismissed or not self.is_current:
            event.stop()
            event.prevent_default()
        elif isinstance(event, Input.Submitted) and self.gathering():
            event.stop()
            event.prevent_default()
            self.select_when_gathered = True
        elif isinstance(event, Input.Submitted):
            self.call_later(self.release_unless_chosen)  # after Textual's handler

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != self._GATHER_COMMANDS_GROUP or not worker.is_finished:
            return
        if self.select_when_gathered and not self.gathering():
            self.select_when_gathered = False
            self._select_or_command()  # what the Enter does with the commands in
            self.release_unless_chosen()

    def release_unless_chosen(self) -> None:
        """Textual's Enter has acted. A command highlighted in the list is being chosen
        (its dismissal hands the keys on); otherwise (no match, or only "No matches
        found") nothing will run: the keys typed behind go to the search."""
        if self.dismissed or (self._list_visible and self.command_highlighted()):
            return
        self.closing_typed = False
        self.replay()

    def command_highlighted(self) -> bool:
        commands = self.query_one(CommandList)
        index = commands.highlighted
        return index is not None and not commands.get_option_at_index(index).disabled

    def dismiss(self, result: Any = None) -> AwaitComplete:
        # The command chosen runs in a callback queued right after this dismissal;
        # replay() posts the keys typed behind its Enter after that callback.
        if self.typed_behind and not self.dismissed:
            self.app.call_later(self.replay)
        return super().dismiss(result)

    def replay(self) -> None:
        """Hand the keys typed behind the Enter to the app, as if typed now."""
        keys, self.typed_behind = self.typed_behind, []
        type_again(self.app, keys)

    def _action_command_list(self, action: str) -> None:
        if self.dismissed:
            return
        if action in ("page_down", "page_up") and not lines_ready(self.query_one(CommandList)):
            return
        super()._action_command_list(action)


class PassOnInput(TextBox):
    """A dialog's text box whose Enter moves the focus to `enter_focus` (a selector on
    the dialog) here, at once, so that the keys read behind it (the "j" of a fast
    "Enter j") go on to where the focus went, as when typed slowly. Through
    Input.Submitted the focus moved only after those keys had been typed into the box."""

    def __init__(self, value: str | None = None, *, enter_focus: str, **kwargs: Any) -> None:
        super().__init__(value, **kwargs)
        self.enter_focus = enter_focus

    async def key_here(self, event: events.Key) -> bool:
        if event.key != "enter":
            return False
        self.screen.set_focus(self.screen.query_one(self.enter_focus))
        return True
