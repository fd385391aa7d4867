"""Command palette: every action by name ("Sort by mean", "Copy view", "Next wave" ...),
run on the tab in view as its key would be (issue 17: discoverable keys)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hits, Provider
from textual.content import Content

from tui.commands import RankedHit

# (name, key, action, where): where "pane" runs on the role tab in view, "tab" on the role
# or All roles tab in view, "found" on the table a kept `/` filter is on, "app" on the app.
ACTIONS: list[tuple[str, str, str, str]] = [
    ("Find in the table (filter the rows)", "/", "find", "tab"),
    ("Next match", "n", "find_next", "found"),
    ("Previous match", "N", "find_previous", "found"),
    ("Sort statements by mean", "s", "toggle_sort", "pane"),
    ("By locality", "b", "toggle_by_locality", "pane"),
    ("Comments", "c", "comments", "pane"),
    ("Chart view", "v", "show_chart(True)", "pane"),
    ("Table view", "v", "show_chart(False)", "pane"),
    ("Export", "e", "export", "pane"),
    ("Copy row", "y", "copy(False)", "pane"),
    ("Copy view", "Y", "copy(True)", "pane"),
    ("Choose a locality", "l", "pick_locality", "app"),
    ("All localities", "Escape", "clear_locality", "app"),
    ("Next wave", "w", "next_wave", "app"),
    ("Help: every key", "?", "help", "app"),
    ("Quit", "q", "quit", "app"),
]


class ActionCommands(Provider):
    """The explorer's actions by name, with their keys."""

    palette_rank = 1  # after the jumps (ExplorerCommands), before Textual's commands

    def runnable(self) -> list[tuple[str, str, object]]:
        from tui.widgets.role_pane import RolePane

        app = self.app
        pane = app.active_pane()  # type: ignore[attr-defined]
        out = []
        from tui.widgets.find_bar import FindableTable

        focused = app.screen_stack[0].focused if app.screen_stack else None
        for name, key, action, where in ACTIONS:
            if where == "pane":
                if not isinstance(pane, RolePane):
                    continue
                out.append((f"{name} ({key})", name, partial(pane.run_action, action)))
            elif where == "tab":
                if pane is not None:
                    out.append((f"{name} ({key})", name, partial(pane.run_action, action)))
            elif where == "found":
                if isinstance(focused, FindableTable) and focused.find_query:
                    out.append((f"{name} ({key})", name, partial(focused.run_action, action)))
            else:
                out.append((f"{name} ({key})", name, partial(app.run_action, action)))
        return out

    async def discover(self) -> Hits:
        for label, name, run in self.runnable():
            yield DiscoveryHit(Content(label), run, text=label, help=f"Action: {name}")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, name, run in self.runnable():
            score = matcher.match(label)
            if score > 0:
                yield RankedHit(
                    score,
                    matcher.highlight(label),
                    run,
                    text=label,
                    help=f"Action: {name}",
                    palette_rank=self.palette_rank,
                )
