"""The Workforce Explorer app (placeholder until the explorer screens land)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from tui.data import SurveyData


class WorkforceExplorer(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, data: SurveyData, wave: int) -> None:
        super().__init__()
        self.data = data
        self.wave = wave

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"{self.data.path.name}: wave {self.wave}")
        yield Footer()
