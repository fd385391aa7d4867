"""The explorer's tabs: Textual's TabbedContent, minus one stale message."""

from __future__ import annotations

from textual.widgets import TabbedContent, TabPane


class ExplorerTabs(TabbedContent):
    """A widget focused inside a pane shows that pane (TabbedContent does this by a
    message, TabPane.Focused).  Keys now move the focus at once, several in one burst:
    the message of an earlier focus ("Escape" back to SPLW's list) can arrive after a
    number key has shown another tab, and showed SPLW again.  Such a message is
    dropped: the focus is no longer in that pane."""

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        focused = self.screen.focused
        if focused is None or event.tab_pane not in focused.ancestors:
            event.stop()
            event.prevent_default()  # TabbedContent's own handler would show the pane
