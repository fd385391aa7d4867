"""A theme drawn as charts (tui/charts.py): a scrollable page that `v` swaps with the table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.cells import render_plain
from tui.charts import theme_chart

if TYPE_CHECKING:
    import polars as pl
    from rich.console import RenderableType


class ChartView(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.frames: tuple[pl.DataFrame, pl.DataFrame, bool] | None = None
        self.drawn: RenderableType = ""
        self.drawn_width = 0

    def compose(self) -> ComposeResult:
        yield Static(classes="chart-body")

    def chart_width(self) -> int:
        width = self.size.width or (self.app.size.width - 4)
        return max(40, width - 4)  # padding and the scrollbar

    def show(self, theme: pl.DataFrame, likert: pl.DataFrame, sort_by_mean: bool) -> None:
        self.frames = (theme, likert, sort_by_mean)
        self.draw()

    def draw(self) -> None:
        if self.frames is None:
            return
        theme, likert, sort_by_mean = self.frames
        self.drawn_width = self.chart_width()
        self.drawn = theme_chart(theme, likert, self.drawn_width, sort_by_mean)
        self.query_one(".chart-body", Static).update(self.drawn)

    def on_resize(self) -> None:
        if self.frames is not None and self.chart_width() != self.drawn_width:
            self.draw()

    def plain_text(self) -> str:
        """The charts as a reader sees them, without colour (for tests)."""
        return render_plain(self.drawn, self.drawn_width) if self.frames is not None else ""
