"""The explorer's top line: the survey on the left, the notices that must always be seen
(synthetic data, small-number suppression) on the right, and short status messages.

Textual's Header centred "title — subtitle" and cut it at 80 columns before the notices.
Here the notices never give way: the survey's name is what is shortened.  Status
messages ("Wave 2024", "Wrote …") take the survey name's place for a few seconds, so they
never cover a figure as a toast over the tables did.  A message longer than that place
(a file name with its folder, at 80 columns) wraps onto up to four lines while it shows,
moving the tables down rather than being cut or covering them.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Static

from tui.cells import plain

STATUS_LINES = 4  # the most lines a status message takes in the top line (CSS below)
STATUS_STYLES = {
    "information": "bold reverse",
    "warning": "bold black on yellow",
    "error": "bold white on red",
}


class TopBar(Horizontal):
    DEFAULT_CSS = """
    TopBar {
        height: auto;
        max-height: 4;
        dock: top;
        background: $panel;
    }
    TopBar #top-title {
        width: 1fr;
        height: 1;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    TopBar.-long #top-title {
        height: auto;
        max-height: 4;
        text-wrap: wrap;
        text-overflow: fold;
    }
    TopBar #top-notice {
        width: auto;
        height: 1;
        padding: 0 1;
        text-wrap: nowrap;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.title_text = Text()
        self.status_text: Text | None = None
        self.status_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(self.title_text, id="top-title")
        yield Static(id="top-notice")

    def set_title(self, title: str) -> None:
        self.title_text = plain(title)
        self.title_text.stylize("bold")
        if self.status_text is None and self.is_mounted:
            self.query_one("#top-title", Static).update(self.title_text)

    def set_notice(self, notice: Text) -> None:
        if self.is_mounted:
            self.query_one("#top-notice", Static).update(notice)

    def show_status(self, message: str, severity: str = "information", timeout: float = 3.0) -> int:
        """Say something briefly where the survey's name is, on more lines (up to
        STATUS_LINES) when it is longer than that place. Returns the lines it needs
        there: more than STATUS_LINES, and its end is not shown."""
        self.status_text = Text(
            " " + message + " ", style=STATUS_STYLES.get(severity, "bold reverse")
        )
        title = self.query_one("#top-title", Static)
        room = title.content_region.width
        lines = len(self.status_text.wrap(self.app.console, room, overflow="fold")) if room else 1
        self.set_class(lines > 1, "-long")
        title.update(self.status_text)
        if self.status_timer is not None:
            self.status_timer.stop()
        self.status_timer = self.set_timer(max(1.0, timeout), self.clear_status)
        return lines

    def clear_status(self) -> None:
        self.status_text = None
        self.status_timer = None
        self.remove_class("-long")
        self.query_one("#top-title", Static).update(self.title_text)

    def shown_text(self) -> str:
        """The whole line as plain text: the title or status, then the notices."""
        title = self.query_one("#top-title", Static).render()
        notice = self.query_one("#top-notice", Static).render()
        return f"{getattr(title, 'plain', title)} {getattr(notice, 'plain', notice)}"
