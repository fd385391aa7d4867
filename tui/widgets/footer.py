"""The footer: Textual's, redrawn only when the keys it shows change.

Textual's Footer rebuilds every key (a widget each, styled twice) whenever the screen
publishes a bindings update: on every focus change and every `refresh_bindings()`.  At
start-up that was five rebuilds of the same keys before the first tab was drawn (~0.1 s
of the UI thread).  This one skips a rebuild that would show what is already shown.

When the keys change it relabels the key widgets already there instead of building new
ones (a focus change from the sections to a table changes two or three keys): a rebuild
removes and mounts every key, styles each and lays the screen out twice.  A key not
needed now is hidden, and only a footer that needs more keys than it has is rebuilt.

It also shows what fits (issue 17 item 13): the keys that act on what is focused (Enter
on a statement, `/` find, `s` sort, `c` comments) and the global ones, and when they do
not all fit in the width, it leaves out whole keys by priority (FOOTER_PRIORITY, the
least needed first) instead of cutting the last one in half.  Every key still works and
is on the help screen and in the palette.
"""

from __future__ import annotations

from collections.abc import Hashable
from itertools import zip_longest
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.cells import cell_len
from textual.reactive import Reactive
from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.binding import Binding
    from textual.widget import Widget

# Lower shows first when the footer is short of room; an action not named here comes
# after these.  Help and quit always show; then the keys for what is focused.
FOOTER_PRIORITY: dict[str, int] = {
    "help": 0,
    "quit": 0,
    "select_cursor": 1,  # Enter on a statement
    "find": 1,
    "find_next": 1,
    "toggle_sort": 2,
    "comments": 2,
    "next_choice": 2,
    "show_chart": 3,
    "pick_locality": 3,
    "toggle_by_locality": 4,
    "export": 4,
    "next_wave": 5,
}
PALETTE_ROOM = {True: 11, False: 13}  # "▏^p palette" on the right, compact or not


class KeyLabel(NamedTuple):
    """What one footer key shows and does: what Textual's Footer.compose gives a key."""

    key: str
    display: str
    description: str
    action: str
    disabled: bool
    tooltip: str


def is_key(widget: Widget) -> bool:
    """One of the footer's key widgets (Textual's FooterKey, not exported by name)."""
    return hasattr(widget, "key_display") and hasattr(widget, "action")


def relabel(widget: Any, label: KeyLabel) -> None:
    """Make a key widget (a FooterKey) show `label`, as if it had been built with it."""
    if (widget.key, widget.key_display, widget.description, widget.action) != label[:4]:
        widget.key, widget.key_display = label.key, label.display
        widget.description, widget.action = label.description, label.action
        widget.refresh(layout=True)  # its width follows its text
    widget._disabled = label.disabled  # what a click on a disabled key checks
    widget.set_class(label.disabled, "-disabled")
    widget.tooltip = label.tooltip or None
    widget.display = True


class ExplorerFooter(Footer):
    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self.shown_keys: Hashable | None = None

    def keys_to_show(self, fit: list[tuple[Binding, bool, str]]) -> Hashable:
        """Everything compose() draws: the shown bindings that fit (`fit`, from
        shown_bindings), with their enabled state and tooltip, the palette key, and the
        footer's own switches."""
        palette = self.app.COMMAND_PALETTE_BINDING
        active = self.screen.active_bindings
        keys = tuple(
            (key, a.binding, a.enabled, a.tooltip)
            for key, a in active.items()
            if key == palette or any(a.binding is b for b, _e, _t in fit)
        )
        return (
            keys,
            self.compact,
            self.show_command_palette,
            self.combine_groups,
            self.app.ENABLE_COMMAND_PALETTE,
        )

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        fit = self.shown_bindings()  # once per bindings update: it measures each key
        keys = self.keys_to_show(fit)
        if keys == self.shown_keys:
            return
        self.shown_keys = keys
        if not self.relabel_keys(fit):
            await super().recompose()

    def key_labels(
        self, fit: list[tuple[Binding, bool, str]]
    ) -> tuple[list[KeyLabel], KeyLabel | None]:
        """The keys compose() draws for `fit`, then the palette key (None if it draws
        none)."""
        display = self.app.get_key_display
        keys = [
            KeyLabel(b.key, display(b), b.description, b.action, not enabled, tooltip)
            for b, enabled, tooltip in fit
        ]
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, b, enabled, _tooltip = found
                tip = b.tooltip or b.description
                palette = KeyLabel(b.key, display(b), b.description, b.action, not enabled, tip)
        return keys, palette

    def relabel_keys(self, fit: list[tuple[Binding, bool, str]]) -> bool:
        """Show the keys on the key widgets already there, hiding those not needed.
        False (nothing changed) when a rebuild is needed: the footer has fewer key
        widgets than keys to show (at first it has none), or the palette key comes or
        goes, or a binding group is shown (Textual draws those as a group widget)."""
        if any(binding.group is not None for binding, _e, _t in fit):
            return False
        keys, palette = self.key_labels(fit)
        widgets = [w for w in self.children if is_key(w)]
        if len(widgets) != len(self.children):
            return False  # a group or its label
        on_right = [w for w in widgets if w.has_class("-command-palette")]
        widgets = [w for w in widgets if not w.has_class("-command-palette")]
        if len(keys) > len(widgets) or (palette is None) != (not on_right):
            return False
        for widget, label in zip_longest(widgets, keys):
            if label is None:
                widget.display = False
            else:
                relabel(widget, label)
        if palette is not None:
            relabel(on_right[0], palette)
        return True

    def on_resize(self) -> None:
        """A new width may fit more keys, or fewer."""
        self.call_after_refresh(self.recompose)

    def key_width(self, binding: Binding) -> int:
        """The columns a key takes: its key, its description and the space around them."""
        text = cell_len(self.app.get_key_display(binding)) + cell_len(binding.description)
        return text + 2 if self.compact else text + 3

    def fitting(self, bindings: list[tuple[Binding, bool, str]]) -> list[int]:
        """Which of the bindings to show (their indexes): every one if they fit, else
        the most needed that fit, whole."""
        room = (self.size.width or self.app.size.width) - PALETTE_ROOM[self.compact]
        order = sorted(
            range(len(bindings)),
            key=lambda i: (FOOTER_PRIORITY.get(bindings[i][0].action.split("(")[0], 9), i),
        )
        chosen: list[int] = []
        for i in order:
            width = self.key_width(bindings[i][0])
            if width <= room:
                chosen.append(i)
                room -= width
        return sorted(chosen)

    def shown_bindings(self) -> list[tuple[Binding, bool, str]]:
        """The bindings the footer shows (one per action, as Textual's footer), only
        those that fit, in Textual's order."""
        seen: set[str] = set()
        bindings: list[tuple[Binding, bool, str]] = []
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                bindings.append((binding, enabled, tooltip))
        return [bindings[i] for i in self.fitting(bindings)]

    def compose(self) -> ComposeResult:
        """Textual's footer keys, only those that fit, then the palette key."""
        keep = {binding.action for binding, _enabled, _tooltip in self.shown_bindings()}
        for widget in super().compose():
            if widget.has_class("-command-palette") or getattr(widget, "action", None) in keep:
                # Born in its final style: Textual makes a key compact by default and
                # then binds it to the footer's value, each change restyling the key
                # (one or two restyles a key on every recompose, i.e. on every focus
                # change).  The palette key is not bound: it stays compact.
                compact = getattr(type(widget), "compact", None)
                if isinstance(compact, Reactive):
                    value = True if widget.has_class("-command-palette") else self.compact
                    widget.set_reactive(compact, value)
                    widget.set_class(value, "-compact", update=False)
                yield widget
