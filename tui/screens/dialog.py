"""What every dialog over the explorer shares: it closes once, however fast the keys come.

A terminal hands the app a fast typist's keys in one read: "Enter Enter" reaches a dialog
as two key events before the first one's dismissal has popped the screen.  The second
Enter then dismissed the screen below (Textual: "Can't pop screen") and the explorer
exited.  `DismissOnce` makes a second dismissal a no-op; `SafePaging` makes PageUp and
PageDown on a list that has not been laid out yet do nothing instead of raising KeyError
(Textual's OptionList indexes lines it has not measured yet); `PassOnInput`'s Enter moves
the focus on before the keys read behind it arrive.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual import events, on
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList

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
    """An OptionList whose PageUp / PageDown wait for the list to be laid out."""

    def action_page_down(self) -> None:
        if lines_ready(self):
            super().action_page_down()

    def action_page_up(self) -> None:
        if lines_ready(self):
            super().action_page_up()


class ExplorerPalette(DismissOnce, CommandPalette):
    """Textual's command palette, safe against a second Enter and an early PageDown."""

    @on(Input.Submitted)
    @on(Button.Pressed)
    def _once(self, event: Input.Submitted | Button.Pressed) -> None:
        """Runs before Textual's own handler: once the palette is dismissed, a second
        Enter neither runs the command again nor dismisses the screen below."""
        if self.dismissed or not self.is_current:
            event.stop()
            event.prevent_default()

    def _action_command_list(self, action: str) -> None:
        if self.dismissed:
            return
        if action in ("page_down", "page_up") and not lines_ready(self.query_one(CommandList)):
            return
        super()._action_command_list(action)


class PassOnInput(Input):
    """A dialog's text box whose Enter moves the focus to `enter_focus` (a selector on
    the dialog) here, at once, and a key that reaches the box after the focus left (the
    "j" of a fast "Enter j") goes on to where the focus went, as when typed slowly.
    Through Input.Submitted the focus moved only after those keys had been typed into
    the box."""

    def __init__(self, value: str | None = None, *, enter_focus: str, **kwargs: Any) -> None:
        super().__init__(value, **kwargs)
        self.enter_focus = enter_focus

    async def _on_key(self, event: events.Key) -> None:
        if self.screen.focused is not self:
            # Not typed here: it goes on up and the app sends it where the focus is
            # now (WorkforceExplorer._on_key).
            event.prevent_default()
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.screen.set_focus(self.screen.query_one(self.enter_focus))
