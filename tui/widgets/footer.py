"""The footer: Textual's, redrawn only when the keys it shows change.

Textual's Footer rebuilds every key (a widget each, styled twice) whenever the screen
publishes a bindings update: on every focus change and every `refresh_bindings()`.  At
start-up that was five rebuilds of the same keys before the first tab was drawn (~0.1 s
of the UI thread).  This one skips a rebuild that would show what is already shown.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.widgets import Footer


class ExplorerFooter(Footer):
    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self.shown_keys: Hashable | None = None

    def keys_to_show(self) -> Hashable:
        """Everything compose() draws: the shown bindings with their enabled state and
        tooltip, the palette key, and the footer's own switches."""
        palette = self.app.COMMAND_PALETTE_BINDING
        keys = tuple(
            (key, active.binding, active.enabled, active.tooltip)
            for key, active in self.screen.active_bindings.items()
            if active.binding.show or key == palette
        )
        return (
            keys,
            self.show_command_palette,
            self.combine_groups,
            self.app.ENABLE_COMMAND_PALETTE,
        )

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        keys = self.keys_to_show()
        if keys == self.shown_keys:
            return
        self.shown_keys = keys
        await super().recompose()
