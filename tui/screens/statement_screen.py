"""One Likert statement's spread by locality, over the explorer (Enter on a statement)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from tui.cells import likert_bar, mean_flag, mean_text, number, plain
from tui.screens.dialog import Dialog
from tui.widgets.find_bar import FindableTable, FindBar
from tui.widgets.section_table import interval_text
from tui.widgets.type_ahead import HoldsKeys, TypeAhead, binds
from tui.workers import fetch_then, on_ui

if TYPE_CHECKING:
    import polars as pl
    from textual.widget import Widget


class StatementTable(FindableTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]


class StatementScreen(HoldsKeys, Dialog[None]):
    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, question_id: str, statement: str, role: str, label: str, wave: int) -> None:
        super().__init__()
        self.question_id = question_id
        self.statement = statement
        self.role = role
        self.label = label
        self.wave = wave
        self.texts: list[list[str]] = []
        self.loaded = False
        self.type_ahead = TypeAhead(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="statement-box"):
            title = plain(self.statement)
            title.stylize("bold")
            # The title and the verdict are docked at the top of the box and the find
            # bar at its bottom: the rows get the lines left between them and scroll
            # in those (app.tcss). A statement longer than 8 lines is cut there, so
            # that the rows keep room (the section's table shows it whole).
            with Vertical(id="statement-head"):
                yield Static(title, id="statement-title")
                yield Static(
                    Text(
                        f"{self.label}, {self.wave}, by locality, with 95% "
                        "intervals · Escape to close",
                        style="dim",
                    )
                )
                yield Static(id="statement-verdict")
            # The table's rows are read after the detail opens: the loading indicator
            # covers this box, not the table, which takes the focus at once (a loading
            # widget cannot).
            with Vertical(id="statement-rows"):
                yield StatementTable(cursor_type="row", id="statement-table")
            yield FindBar()  # `/` filters the localities

    def on_mount(self) -> None:
        table = self.query_one(StatementTable)
        self.query_one("#statement-rows").loading = True
        # Focused now, not after the rows: the keys typed behind the Enter that opened
        # the detail come here next, and wait for the rows (HoldsKeys).
        self.set_focus(table)
        self.load()

    def key_for_rows(self, event: events.Key, focused: Widget) -> bool:
        """A key the table acts on (not Escape, unless a find is open: it closes)."""
        table = self.query_one(StatementTable)
        return focused is table and binds(table, event.key)

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        fetch_then(
            self.app,
            lambda: self.app.data.statement_by_locality(self.question_id, self.role, self.wave),
            self.show,
        )
        on_ui(self.app, self.load_ended, self.question_id)

    def show(self, frame: pl.DataFrame) -> None:
        table = self.query_one(StatementTable)
        self.query_one("#statement-rows").loading = False
        self.query_one("#statement-verdict", Static).update(verdict(frame, self.label))
        table.add_column("locality", width=16)
        table.add_column("n", width=3)
        table.add_column("mean", width=5)
        table.add_column("interval", width=10)
        table.add_column("1 ◀ ▶ 5", width=9)
        table.add_column("note", width=18)
        for row in frame.iter_rows(named=True):
            name = (
                Text("All localities", style="bold")
                if row["locality"] is None
                else plain(row["locality"])
            )
            if row.get("suppressed") or not row["n"]:
                cells = [
                    name,
                    Text("–"),
                    Text("–"),
                    Text(""),
                    Text(""),
                    Text(row.get("note") or "no responses", style="italic"),
                ]
            else:
                counts = [row[f"n_{i}"] for i in range(1, 6)]
                cells = [
                    name,
                    number(row["n"]),
                    mean_text(row["mean"]),
                    interval_text(row.get("mean_ci_low"), row.get("mean_ci_high"), 2),
                    likert_bar(counts, 8),
                    row_note(row),
                ]
            table.add_row(*cells, height=None)
            self.texts.append([c.plain for c in cells])
        table.focus()
        self.loaded = True
        if self.type_ahead.keys:
            self.call_after_refresh(self.replay_typed_ahead)

    def rows_drawn(self) -> bool:
        return self.loaded

    def current_request(self) -> str:
        return self.question_id


def row_note(row: dict) -> Text:
    """▼ LOW, low base, and the locality against the rest of its role, in words."""
    note = mean_flag(row["mean"], highest=False)
    parts = [note] if note.plain else []
    if row.get("low_base"):
        parts.append(Text("low base", style="italic"))
    flag = row.get("vs_rest_significant")
    if flag is True:
        above = row["mean"] > (row.get("rest_mean") or 0)
        parts.append(Text("sig. higher" if above else "sig. lower", style="bold"))
    elif flag is False:
        parts.append(Text("n.s.", style="dim"))
    return Text(" · ").join(parts)


def verdict(frame: pl.DataFrame, label: str) -> Text:
    """One line: which localities differ significantly from the rest of their role."""
    rows = [r for r in frame.iter_rows(named=True) if r.get("vs_rest_significant") is not None]
    if not rows:
        return Text(
            f"No locality has enough answers to compare with the rest of {label}.", style="dim"
        )
    differ = [r for r in rows if r["vs_rest_significant"]]
    text = (
        Text("Against the rest of ", style="dim")
        + plain(label)
        + Text(" (Welch's t-test, 5%): ", style="dim")
    )
    if not differ:
        text.append("every locality shown is not significantly different (n.s.).")
        return text
    for i, r in enumerate(differ):
        if i:
            text.append(", ")
        text.append_text(plain(r["locality"]))
        text.append(" higher" if r["mean"] > (r.get("rest_mean") or 0) else " lower")
    text.append(
        f" (significantly); the other {len(rows) - len(differ)} not significantly different."
    )
    return text
