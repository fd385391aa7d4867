"""One Likert statement's spread by locality, over the explorer (Enter on a statement)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from tui.cells import likert_bar, mean_flag, mean_text, number, plain
from tui.workers import fetch_then

if TYPE_CHECKING:
    import polars as pl


class StatementTable(DataTable):
    BINDINGS = [Binding("j", "cursor_down", "Down", show=False),
                Binding("k", "cursor_up", "Up", show=False)]


class StatementScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, question_id: str, statement: str, role: str, label: str,
                 wave: int) -> None:
        super().__init__()
        self.question_id = question_id
        self.statement = statement
        self.role = role
        self.label = label
        self.wave = wave
        self.texts: list[list[str]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="statement-box"):
            title = plain(self.statement)
            title.stylize("bold")
            yield Static(title + Text(f"\n{self.label}, {self.wave}, by locality · "
                                      "Escape to close", style="dim"))
            yield StatementTable(cursor_type="row", id="statement-table")

    def on_mount(self) -> None:
        self.query_one(StatementTable).loading = True
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        fetch_then(self.app, lambda: self.app.data.statement_by_locality(
            self.question_id, self.role, self.wave), self.show)

    def show(self, frame: pl.DataFrame) -> None:
        table = self.query_one(StatementTable)
        table.loading = False
        table.add_column("locality", width=22)
        table.add_column("n", width=4)
        table.add_column("mean", width=5)
        table.add_column("1 ◀ ▶ 5", width=16)
        table.add_column("note", width=14)
        for row in frame.iter_rows(named=True):
            name = Text("All localities", style="bold") if row["locality"] is None \
                else plain(row["locality"])
            if row.get("suppressed") or not row["n"]:
                cells = [name, Text("–"), Text("–"), Text(""),
                         Text(row.get("note") or "no responses", style="italic")]
            else:
                counts = [row[f"n_{i}"] for i in range(1, 6)]
                cells = [name, number(row["n"]), mean_text(row["mean"]), likert_bar(counts),
                         mean_flag(row["mean"], highest=False)]
            table.add_row(*cells)
            self.texts.append([c.plain for c in cells])
        table.focus()
