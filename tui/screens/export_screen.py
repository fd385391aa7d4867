"""Choosing an export format and folder for the view in front of the user (key e)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from tui.cells import plain
from tui.screens.dialog import Dialog, PassOnInput, SafePaging

FORMATS = (
    ("csv", "CSV (spreadsheets, scripts)"),
    ("markdown", "Markdown (meeting notes)"),
    ("xlsx", "Excel workbook (meeting pack)"),
)


class FormatList(SafePaging):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def action_select(self) -> None:
        """Enter (or a click) exports here, at once, not through an OptionSelected
        message the dialog would read later: the keys typed behind Enter ("e Enter j")
        then reach the explorer with the dialog gone, as when typed slowly (they used
        to move this list and be lost with it)."""
        option = self.highlighted_option
        if option is not None and not option.disabled and isinstance(self.screen, ExportScreen):
            self.screen.choose(option.id or "csv")


class ExportScreen(Dialog[tuple[str, Path] | None]):
    """Returns (format, folder) or None when cancelled."""

    AUTO_FOCUS = "FormatList"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, what: str, folder: Path) -> None:
        super().__init__()
        self.what = what
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            title = Text("Export ", style="bold")
            title.append_text(plain(self.what))
            title.append(
                "\nThe filter, wave and small-number suppression are applied and "
                "recorded in the file. Enter exports; Escape cancels.",
                style="dim",
            )
            yield Static(title)
            yield PassOnInput(str(self.folder), enter_focus="FormatList", id="export-folder")
            yield FormatList(
                *[Option(label, id=fmt) for fmt, label in FORMATS], id="export-formats"
            )

    def choose(self, fmt: str) -> None:
        folder = Path(self.query_one(Input).value.strip() or ".").expanduser()
        self.dismiss((fmt, folder))

    def action_cancel(self) -> None:
        self.dismiss(None)
