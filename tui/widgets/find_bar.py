"""Find in a table (issue 17 item 11), written once for every table of the explorer.

`/` opens a one-line bar above the footer (it takes a line from the tables, so it never
covers a figure) and the table's rows are filtered as you type: a case-insensitive
substring of the row's visible text (statement, option, locality, figures).  Enter keeps
the filter and gives the focus back to the rows; Escape (in the bar or on the table)
clears it and every row comes back, the cursor staying on the row it was on.  While a
filter is kept, `n` / `N` move the cursor to the next / previous match, wrapping round
(the shown rows are the matches, so this is `less`'s n / N over a filtered view).

The filter is a view concern: the table's rows as its widget drew them (from the data
layer's frames) are hidden or shown again; nothing is read or computed here.  When the
widget redraws (a sort, a resize, a new load) the filter is applied again to the new rows.
Leaving the table for another widget drops the filter (so no table stays silently
filtered out of sight); a dialog opened over it (Enter on a statement), or a pause with
no focus (a terminal too small for a moment), does not.

Heading rows (a theme table's "Statements" and question rows, the All roles tab's
"Statements" / "Choice questions"): a heading stays above those of its rows that match,
and a heading that matches shows its whole group (typing a question's words lists its
options).  Headings are not counted as matches and `n` / `N` pass over them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.widgets.text_box import TextBox
from tui.widgets.type_ahead import wait_turn

if TYPE_CHECKING:
    from textual.widget import Widget


@dataclass(frozen=True)
class HeldRow:
    """A row as the widget drew it, held while a filter hides some of them."""

    key: str
    cells: list[Any]
    height: int | None  # None: as tall as its cells (the widget's own choice)
    label: Any = None
    heading: bool = False

    @property
    def text(self) -> str:
        """What a reader sees on the row, as one string."""
        return " ".join(c.plain if isinstance(c, Text) else str(c) for c in self.cells)


def matches(text: str, query: str) -> bool:
    return query.casefold() in text.casefold()


def rows_to_show(rows: list[HeldRow], query: str) -> list[HeldRow]:
    """The rows a filter shows, in their order: every row whose text holds the query,
    under its heading; every row under a heading that holds it."""
    if not query:
        return list(rows)
    groups: list[tuple[HeldRow | None, list[HeldRow]]] = [(None, [])]
    for row in rows:
        if row.heading:
            groups.append((row, []))
        else:
            groups[-1][1].append(row)
    out: list[HeldRow] = []
    for heading, members in groups:
        if heading is not None and matches(heading.text, query):
            out += [heading, *members]
            continue
        hits = [m for m in members if matches(m.text, query)]
        if hits:
            out += ([heading] if heading is not None else []) + hits
    return out


class FindableTable(DataTable):
    """A DataTable whose rows `/` filters (see the module's docstring).  Subclasses name
    their heading rows with `is_heading_row`."""

    BINDINGS = [
        Binding("slash", "find", "Find", tooltip="Filter the rows as you type"),
        Binding("n", "find_next", "Next match"),
        Binding("N", "find_previous", "Previous match", show=False),
        Binding("escape", "clear_find", "Clear find", show=False),
    ]

    find_query = ""
    held_rows: list[HeldRow] | None = None  # every row, while a filter hides some

    def is_heading_row(self, key: str) -> bool:
        return False

    # -- what the table holds -----------------------------------------------------
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor (the widget's own key for it)."""
        if not 0 <= self.cursor_row < self.row_count:
            return None
        return self.ordered_rows[self.cursor_row].key.value

    def shown_texts(self) -> list[list[str]]:
        """The rows on screen (the matches, when filtered) as plain strings."""
        return [
            [c.plain if isinstance(c, Text) else str(c) for c in self.get_row(row.key)]
            for row in self.ordered_rows
        ]

    def add_row(  # type: ignore[override]
        self,
        *cells: Any,
        height: int | None = 1,
        key: str | None = None,
        label: Any = None,
    ) -> Any:
        """A row as tall as its cells wrap to (`height=None`), worked out from the text:
        given no height, DataTable renders every cell of every row, shown or not, to
        count its lines (~0.5 ms a cell; the national file's by-locality table has 421
        rows). The explorer's columns all have a set width and its cells are Text, so
        the count is each cell's wrap at its column's width, as the cell renders it."""
        if height is None:
            height = self.wrapped_height(cells, label)
        return super().add_row(*cells, height=height, key=key, label=label)

    def wrapped_height(self, cells: tuple[Any, ...], label: Any = None) -> int | None:
        """The lines the tallest cell wraps to; None (DataTable measures) for a row
        this cannot tell: a label, a cell that is not Text, a column sized to fit."""
        columns = self.ordered_columns
        if label is not None or len(cells) != len(columns):
            return None
        console = self.app.console
        lines = 1
        for cell, column in zip(cells, columns, strict=True):
            if column.auto_width or not isinstance(cell, Text):
                return None
            lines = max(lines, len(cell.wrap(console, column.width)))
        return lines

    def _hold(self) -> list[HeldRow]:
        held = []
        for i, row in enumerate(self.ordered_rows):
            # A row added without a key gets one that no widget key can be.
            key = row.key.value if row.key.value is not None else f"\x00row{i}"
            held.append(
                HeldRow(
                    key,
                    list(self.get_row(row.key)),
                    None if row.auto_height else row.height,
                    row.label,
                    self.is_heading_row(key),
                )
            )
        return held

    def clear(self, columns: bool = False) -> DataTable:  # type: ignore[override]
        """The widget redraws: a kept filter applies to the new rows once drawn."""
        self.held_rows = None
        if self.find_query:
            self.call_later(self._filter_again)
        return super().clear(columns)

    def _filter_again(self) -> None:
        if self.find_query and self.held_rows is None:
            self._draw(self.find_query)

    # -- filtering ----------------------------------------------------------------
    def _draw(self, query: str, keep_cursor: bool = True) -> None:
        if self.held_rows is None:
            self.held_rows = self._hold()
        held = self.held_rows
        keep = self.cursor_key() if keep_cursor else None
        shown = rows_to_show(held, query)
        self.find_query = query
        DataTable.clear(self)
        for row in shown:
            self.add_row(*row.cells, height=row.height, key=row.key, label=row.label)
        keys = [r.key for r in shown]
        figures = [r.key for r in shown if not r.heading]
        target = keep if keep in keys else (figures[0] if figures else None)
        if target is not None:
            self.move_cursor(row=keys.index(target), animate=False)
        if not query:
            self.held_rows = None
        self.refresh_bindings()
        self._say()

    def find(self, query: str) -> None:
        """Show only the rows that hold `query` ("" shows every row)."""
        if query != self.find_query:
            # A new filter starts at its first match; Escape keeps the row.
            self._draw(query, keep_cursor=not query)

    def clear_find(self) -> None:
        if self.find_query:
            self._draw("")
        bar = find_bar(self)
        if bar is not None and bar.target is self:
            bar.close()

    def match_keys(self) -> list[str]:
        return [
            row.key.value or ""
            for row in self.ordered_rows
            if not self.is_heading_row(row.key.value or "")
        ]

    def counts(self) -> tuple[int, int]:
        """(rows matching, rows in all), headings left out of both."""
        rows = self.held_rows if self.held_rows is not None else self._hold()
        total = sum(1 for r in rows if not r.heading)
        return len(self.match_keys()) if self.find_query else total, total

    def _say(self, step: str = "") -> None:
        bar = find_bar(self)
        if bar is not None and bar.target is self:
            shown, total = self.counts()
            bar.say(f"{shown} of {total} rows", step)

    # -- keys ---------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("find_next", "find_previous", "clear_find"):
            # Without a filter these keys belong to the widgets around the table
            # (Escape goes back) and n / N are left out of the footer.
            return bool(self.find_query)
        return super().check_action(action, parameters)

    def action_find(self) -> None:
        bar = find_bar(self)
        if bar is not None:
            bar.open(self)

    def step(self, by: int) -> None:
        """Move to the next (by=1) or previous (by=-1) match, wrapping round."""
        keys = self.match_keys()
        if not keys:
            self._say("no match")
            return
        order = [r.key.value for r in self.ordered_rows]
        here = self.cursor_row
        places = [order.index(k) for k in keys]
        if by > 0:
            ahead = [i for i, p in enumerate(places) if p > here]
            index = ahead[0] if ahead else 0
        else:
            behind = [i for i, p in enumerate(places) if p < here]
            index = behind[-1] if behind else len(keys) - 1
        self.move_cursor(row=places[index])
        self._say(f"match {index + 1} of {len(keys)}")

    def action_clear_find(self) -> None:
        self.clear_find()

    def action_find_next(self) -> None:
        self.step(1)

    def action_find_previous(self) -> None:
        self.step(-1)


class FindInput(TextBox):
    """The bar's input: Enter and Escape give the rows the focus at once, so that a key
    read behind them (the "n" of a fast "Enter n") goes on to where the focus is."""

    async def key_here(self, event: events.Key) -> bool:
        bar = self.parent
        if not isinstance(bar, FindBar) or bar.target is None:
            return False
        if event.key == "enter":
            bar.submit()
            return True
        if event.key == "escape":
            # Here, at once, as Enter: through the bar's binding it would act only
            # once it had gone round the app, after the keys typed behind it ("/x
            # Escape j Enter" typed j into the bar and kept the filter "xj").
            bar.action_clear()
            return True
        return False


class FindableList(OptionList):
    """An OptionList (a picker) whose options `/` filters, with the same bar: Enter
    keeps the filter and goes back to the list, Escape clears it.  A picker's letters
    already jump to a name (the locality list), so n / N are not bound here."""

    BINDINGS = [
        Binding("slash", "find", "Find", tooltip="Filter the list as you type"),
        Binding("escape", "clear_find", "Clear find", show=False),
    ]

    find_query = ""
    held_options: list[Option] | None = None

    async def _on_key(self, event: events.Key) -> None:
        """`/` opens the bar here, at once: in a picker the letters typed behind it
        would otherwise reach its screen's type-ahead (one widget up, before the app's
        bindings) and jump to a name instead of being the query. (Those that reach the
        list after the bar has the focus go on up, and the app sends them to the bar.)
        Not before the keys typed ahead of it have acted (wait_turn): "l Escape /"
        closed the list and found in the explorer, not in the list."""
        if wait_turn(self.app, event):
            return
        bar = find_bar(self)
        if event.key == "slash" and bar is not None:
            event.stop()
            event.prevent_default()
            bar.open(self)  # type: ignore[arg-type]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_find":
            return bool(self.find_query)
        return super().check_action(action, parameters)

    def option_text(self, option: Option) -> str:
        prompt = option.prompt
        return prompt.plain if hasattr(prompt, "plain") else str(prompt)

    def find(self, query: str) -> None:
        if query == self.find_query:
            return
        if self.held_options is None:
            self.held_options = list(self.options)
        here = self.highlighted_option
        keep = here.id if here is not None and not query else None
        shown = [o for o in self.held_options if matches(self.option_text(o), query)]
        self.find_query = query
        with self.prevent(OptionList.OptionHighlighted):  # only the final highlight
            self.clear_options()
            self.add_options(shown)
        ids = [o.id for o in shown]
        if shown:
            self.highlighted = ids.index(keep) if keep in ids else 0
        if not query:
            self.held_options = None
        self.refresh_bindings()
        self._say()

    def clear_find(self) -> None:
        if self.find_query:
            self.find("")
        bar = find_bar(self)
        if bar is not None and bar.target is self:
            bar.close()

    def _say(self, step: str = "") -> None:
        bar = find_bar(self)
        if bar is not None and bar.target is self:
            total = len(self.held_options) if self.held_options is not None else self.option_count
            bar.say(f"{self.option_count} of {total} in the list", step)

    def action_find(self) -> None:
        bar = find_bar(self)
        if bar is not None:
            bar.open(self)  # type: ignore[arg-type]

    def action_clear_find(self) -> None:
        self.clear_find()


def find_bar(widget: Widget) -> FindBar | None:
    """The find bar of the widget's screen, if it has one."""
    bars = widget.screen.query(FindBar) if widget.is_attached else []
    return bars.first() if bars else None


class FindBar(Horizontal):
    """The line that shows and edits a table's filter: "/ supervis   4 of 12 rows"."""

    DEFAULT_CSS = """
    FindBar {
        height: 1;
        display: none;
        background: $boost;
    }
    FindBar.-open {
        display: block;
    }
    FindBar > .find-prompt {
        width: 2;
        padding: 0 0 0 1;
        text-style: bold;
    }
    FindBar > Input {
        width: 20;
        height: 1;
        border: none;
        padding: 0;
    }
    FindBar > .find-status {
        width: 1fr;
        padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape", "clear", "Clear find")]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.target: FindableTable | FindableList | None = None

    def compose(self) -> ComposeResult:
        yield Static("/", classes="find-prompt")
        yield FindInput(placeholder="find in the rows", compact=True, id="find-input")
        yield Static(classes="find-status")

    def on_mount(self) -> None:
        self.watch(self.screen, "focused", self.focus_moved, init=False)

    @property
    def input(self) -> FindInput:
        return self.query_one(FindInput)

    def open(self, target: FindableTable | FindableList) -> None:
        """Start (or edit) the filter of `target`."""
        if self.target is not None and self.target is not target:
            self.target.clear_find()
        self.target = target
        self.add_class("-open")
        with self.input.prevent(Input.Changed):
            self.input.value = target.find_query
        self.input.cursor_position = len(target.find_query)
        # At once, not through focus() (queued behind the keys already read): a fast
        # typist's "/sup" arrives in one read, and "sup" must reach the bar, not the
        # table (where s sorts).
        self.screen.set_focus(self.input)
        target._say()

    def close(self) -> None:
        self.remove_class("-open")
        self.target = None

    def say(self, counts: str, step: str = "") -> None:
        """The match line: counts, where n / N landed, and what the keys do (when the
        line has room for it)."""
        line = Text(f"— {counts}", style="bold")
        if step:
            line.append(f" · {step}", style="bold")
        typing = self.screen.focused is self.input
        hint = " · Enter keeps, Esc clears" if typing else " · n/N step, Esc clears"
        status = self.query_one(".find-status", Static)
        room = (status.size.width or self.app.size.width - 24) - 2
        if line.cell_len + len(hint) <= room:
            line.append(hint, style="dim")
        status.update(line)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.target is not None:
            self.target.find(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        """Enter: keep the filter and go back to the rows."""
        target = self.target
        if target is None:
            self.close()
            return
        target.find(self.input.value)  # typed keys whose Changed is still queued
        if not self.input.value:
            target.clear_find()
        self.screen.set_focus(target)  # at once: "n" typed after Enter is for the rows

    def action_clear(self) -> None:
        target = self.target
        if target is not None:
            # The keys typed before Escape first (their Changed may still be queued):
            # the cursor stays on the match they led to, as when typed slowly.
            target.find(self.input.value)
            target.clear_find()
            self.screen.set_focus(target)
        self.close()

    def focus_moved(self, focused: Widget | None) -> None:
        """Leaving the table drops its filter; coming back to the rows from the bar
        keeps it, and the line then says how to step through the matches."""
        target = self.target
        # No focus at all is a pause (the terminal too small, a pane loading): the
        # filter stays and the focus comes back to where it was.
        if target is None or focused is None or focused is self.input:
            return
        if focused is target:
            if target.find_query:
                target._say()
            else:
                self.close()
            return
        target.clear_find()
        self.close()
