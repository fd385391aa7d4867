"""The breadcrumb under the header: where the user is (wave › role › locality ›
section), on one line."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class Breadcrumb(Static):
    """One line, its height fixed in app.tcss: a new crumb repaints that line only.
    (Static.update also asks for a layout of the whole screen: measured ~15-25 ms of the
    UI thread on every drill, tab and section change, for a line whose size never
    changes.)"""

    crumb: Text = Text()

    def show(self, crumb: Text) -> None:
        self.crumb = crumb
        self.refresh()

    def render(self) -> Text:
        return self.crumb
