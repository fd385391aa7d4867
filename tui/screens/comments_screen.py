"""Free-text comments of a theme, browsable and searchable, always as plain text.

Comments of groups below the suppression threshold never arrive here: the data layer
leaves them out and says so in a note row, which is shown instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from tui.cells import plain
from tui.codebook import normalize
from tui.safe_text import clean
from tui.screens.dialog import Dialog, PassOnInput
from tui.workers import fetch_then

if TYPE_CHECKING:
    import polars as pl


# Reverse video and underline: visible on a monochrome terminal, not colour alone.
MATCH_STYLE = "reverse underline"


def highlight(text: Text, query: str) -> None:
    """Mark every place the search text occurs (any case) in a comment shown as plain
    text: styles on the Text, never markup, so a comment's "[bold]" stays literal."""
    words = query.strip()
    if words:
        text.highlight_words([clean(words)], MATCH_STYLE, case_sensitive=False)


def count_line(query: str, shown: int, total: int) -> Text:
    """ "3 of 41 comments match 'parking'", or how many there are."""
    noun = "comment" if total == 1 else "comments"
    if not normalize(query):
        return Text(f"{total} {noun}" + (" · / searches" if total else ""), style="dim")
    line = Text(f"{shown} of {total} {noun} match ", style="bold")
    line.append_text(plain(f"'{query.strip()}'"))
    return line


class CommentList(VerticalScroll, can_focus=True):
    """The comments, scrolled with j / k. `/` (the screen's binding) moves to the search
    box once the keys before it have acted; a key read behind it (a fast "/park",
    "/x Escape", "/x Left y") that reached the list after the focus moved goes on up,
    and the app sends it to the search box, where it acts as typed there."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]


class CommentsScreen(Dialog[None]):
    AUTO_FOCUS = "CommentList"  # not the search box: `/` starts a search
    BINDINGS = [Binding("escape", "close", "Close"), Binding("slash", "search", "Search")]

    def __init__(
        self,
        role: str,
        label: str,
        wave: int,
        theme: str | None,
        theme_title: str,
        locality: str | None,
    ) -> None:
        super().__init__()
        self.role, self.label, self.wave = role, label, wave
        self.theme, self.theme_title, self.locality = theme, theme_title, locality
        self.comments: list[tuple[str, str, str | None]] = []
        self.notes: list[str] = []
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="comments-box"):
            heading = Text(f"Comments · {self.label} · ", style="bold")
            heading.append_text(plain(self.locality or "All localities"))
            heading.append(f" · {self.theme_title}", style="bold")
            yield Static(heading)
            yield PassOnInput(
                placeholder="/ to search the comments; Escape to close",
                enter_focus="CommentList",
                id="comments-search",
            )
            yield Static(id="comments-count")
            # The comments are read after the screen opens: the loading indicator covers
            # the text in the list, not the list, which takes the focus at once and
            # stays in the focus chain (a loading widget and what it covers leave it),
            # so that a "/x" typed behind the key that opened the screen searches and
            # a Tab behind that goes back to the list, as when typed slowly.
            with Vertical(id="comments-rows"):
                yield CommentList(Static(id="comments-body"))

    def on_mount(self) -> None:
        body = self.query_one("#comments-body")
        body.add_class("-reading")  # room for the indicator
        body.loading = True
        self.set_focus(self.query_one(CommentList))
        self.load()

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        fetch_then(
            self.app,
            lambda: self.app.data.comments(self.role, self.wave, self.theme, self.locality),
            self.show,
        )

    def show(self, frame: pl.DataFrame) -> None:
        body = self.query_one("#comments-body")
        body.loading = False
        body.remove_class("-reading")
        for row in frame.iter_rows(named=True):
            if row.get("suppressed"):
                self.notes.append(row.get("note") or "some comments are hidden")
            elif row["comment"]:
                self.comments.append((row["question"] or "", row["comment"], row["locality"]))
        self.render_comments(self.query_one(Input).value)  # a search typed while read

    def render_comments(self, query: str) -> None:
        wanted = normalize(query)
        body = Text()
        self.shown = []
        for question, comment, locality in self.comments:
            if wanted and wanted not in normalize(comment) and wanted not in normalize(question):
                continue
            self.shown.append(comment)
            said = plain(comment)
            highlight(said, query)
            body.append("“")
            body.append_text(said)
            body.append("”\n")
            where = plain(question)
            if locality and self.locality is None:
                where.append(" · ")
                where.append_text(plain(locality))
            where.stylize("dim")
            highlight(where, query)
            body.append_text(where)
            body.append("\n\n")
        self.query_one("#comments-count", Static).update(
            count_line(query, len(self.shown), len(self.comments))
        )
        if not self.shown:
            body.append(
                "No comments match." if wanted and self.comments else "No comments in this view.",
                style="italic",
            )
            body.append("\n")
        for note in self.notes:
            body.append(f"▪ {note}\n", style="italic")
        self.query_one("#comments-body", Static).update(body)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.render_comments(event.value)

    def action_search(self) -> None:
        self.set_focus(self.query_one(Input))  # at once: the keys behind `/` are the query

    def action_close(self) -> None:
        if self.query_one(Input).has_focus and self.query_one(Input).value:
            self.query_one(Input).value = ""
            return
        self.dismiss(None)
