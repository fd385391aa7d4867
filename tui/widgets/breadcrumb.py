"""The breadcrumb under the header: where the user is (wave › role › locality ›
section), on one line, with a key hint when it fits."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

GAP = "   "


class Breadcrumb(Static):
    """One line, its height fixed in app.tcss: a new crumb repaints that line only.
    (Static.update also asks for a layout of the whole screen: measured ~15-25 ms of the
    UI thread on every drill, tab and section change, for a line whose size never
    changes.)

    The hint follows the crumb in the longest wording that fits the line whole, or not
    at all: a hint cut at the edge ("Escape on the list: all") tells nothing."""

    crumb: Text = Text()
    hints: tuple[str, ...] = ()

    def show(self, crumb: Text, hints: tuple[str, ...] = ()) -> None:
        self.crumb = crumb
        self.hints = hints
        self.refresh()

    def render(self) -> Text:
        line = self.crumb.copy()
        room = self.content_size.width - line.cell_len - len(GAP)
        for hint in self.hints:
            if len(hint) <= room:
                line.append(GAP + hint, style="dim")
                break
        line.no_wrap = True
        line.overflow = "ellipsis"
        return line
