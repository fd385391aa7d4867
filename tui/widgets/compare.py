"""The All roles tab: a list of what to compare on the left (the roles' key figures, or
any theme), the roles side by side on the right.

It works like a role tab: moving through the list previews, Enter moves into the table
(on an 80-column terminal the list folds away), Escape goes back; t steps to the next
comparison from anywhere in the tab.  Every query runs in a worker thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.cells import LOW_THRESHOLD, plain
from tui.screens.export_screen import ExportScreen
from tui.sections import SECTIONS, SHORT_TITLES
from tui.suppression import NO_RESPONSES
from tui.widgets.compare_theme import (
    NOT_ASKED,
    Cell,
    CompareRow,
    CompareTable,
    legend,
    theme_rows,
)
from tui.widgets.lazy_pane import LazyPane
from tui.widgets.role_pane import SectionList
from tui.widgets.type_ahead import HoldsKeys, TypeAhead, binds
from tui.workers import export_then_notify, fetch_then, on_ui

if TYPE_CHECKING:
    import polars as pl
    from textual.widget import Widget

KEY_FIGURES = "key"
ALL_ROLES = "All roles"
# What the list offers: today's key figures first, then every theme.
CHOICES: dict[str, str] = {KEY_FIGURES: "Key figures"} | {
    key: title for key, title in SHORT_TITLES.items() if key != "overview"
}
CHOICE_KEYS = list(CHOICES)

# How a figure reads, by its unit and id (the numbers come from data.role_comparison).
WARNING_FIGURES = frozenset({"no_clinical_supervision"})
HIGHEST, BELOW = "highest_statement", "statements_below_threshold"


def _muted(text: str) -> Text:
    return Text(text, style="dim italic")


def _share(row: dict) -> str:
    """A share as the table shows it: '26% (14 of 53)'."""
    return f"{row['value']:.0f}% ({row['count']} of {row['base']})"


def key_figure_cell(row: dict) -> Text:
    """One role's figure, formatted, with "· low base" in words where it is one."""
    cell = _key_figure_cell(row)
    if row.get("low_base") and not row["suppressed"] and row["figure"] != "responses":
        cell.append(" · low base", style="italic")
    return cell


def _key_figure_cell(row: dict) -> Text:
    """One role's figure, formatted: the numbers are the data layer's, as they are."""
    figure, value = row["figure"], row["value"]
    if row["suppressed"]:
        return _muted(row["note"] or "hidden")
    if figure == "responses":
        if not row["count"]:
            return _muted(row["note"] or NO_RESPONSES)
        if row["base"]:
            return Text(f"{row['count']} of {row['base']} ({value:.0f}%)")
        if row["locality"] is not None:
            return Text(f"{row['count']} in ") + plain(row["locality"])
        return Text(str(row["count"]))
    if value is None:
        return _muted(row["note"] or "no answers")
    if figure == BELOW:
        count = int(value)
        text = Text(
            f"{count} below 3" if count else "none below 3", style="bold red" if count else ""
        )
        if count and row["answer"]:  # which themes they come from
            text.append(" (")
            text.append_text(plain(row["answer"]))
            text.append(")")
        return text
    if row["unit"] == "mean":
        mark = "▲ " if figure == HIGHEST else "▼ " if value < LOW_THRESHOLD else ""
        return Text(f"{mark}{value:.2f} ") + plain(row["answer"] or "")
    if row["answer"] is not None:
        return plain(row["answer"]) + Text(f" {_share(row)}", style="dim")
    if figure in WARNING_FIGURES:
        return Text(f"⚠ {_share(row)}", style="bold")
    return Text(_share(row))


def key_figure_rows(frame: pl.DataFrame) -> tuple[list[str], list[CompareRow]]:
    """The role labels and a row per figure of data.role_comparison, a cell per role.

    A role without a figure (a band question it was not asked) says "not asked", or
    its group's note when the group is hidden or has nobody in it."""
    role_labels = dict(zip(frame["role"], frame["role_label"], strict=True))
    codes = list(role_labels)
    group_note = {
        r["role"]: r["note"]
        for r in frame.iter_rows(named=True)
        if r["figure"] == "responses" and (r["suppressed"] or not r["count"])
    }
    by_figure: dict[str, dict[str, dict]] = {}
    for r in frame.iter_rows(named=True):
        by_figure.setdefault(r["figure"], {})[r["role"]] = r
    rows = []
    for cells in by_figure.values():
        label = next(iter(cells.values()))["label"]
        title = plain(label)
        title.stylize("bold")
        rows.append(
            CompareRow(
                label,
                title,
                tuple(
                    Cell(key_figure_cell(cells[code]))
                    if code in cells
                    else Cell(_muted(group_note.get(code) or NOT_ASKED))
                    for code in codes
                ),
            )
        )
    return [role_labels[code] for code in codes], rows


class ComparePane(HoldsKeys, LazyPane):
    """Role-by-role comparison of the key figures or of one theme."""

    BINDINGS = [
        Binding("escape", "back", "Back", show=False),
        Binding("t", "next_choice", "Next theme"),
        Binding("T", "previous_choice", "Previous theme", show=False),
        Binding("e", "export", "Export"),
        # `/` on the list opens the comparison table and finds in it.
        Binding("slash", "find", "Find", show=False),
    ]

    choice: reactive[str] = reactive(KEY_FIGURES, init=False)

    class ChoiceChanged(Message):
        """The tab now compares something else (for the breadcrumb)."""

        def __init__(self, choice: str) -> None:
            super().__init__()
            self.choice = choice

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.stale = True  # loads when its tab is first shown
        self.shown: tuple[str, int, str | None] | None = None
        # what the table shows, as the data layer returned it (the export writes it)
        self.figures: pl.DataFrame | None = None
        self.last_export: Path | None = None
        self.type_ahead = TypeAhead(self)  # keys typed for rows not yet read

    def compose_content(self) -> ComposeResult:
        yield SectionList(
            *[Option(title, id=key) for key, title in CHOICES.items()], classes="sections"
        )
        with Vertical(classes="content"):
            yield Static(classes="compare-title")
            yield CompareTable(classes="compare-table")

    def content_mounted(self) -> None:
        self.query_one(SectionList).show_index(CHOICE_KEYS.index(self.choice))

    # -- loading ----------------------------------------------------------------------
    def request(self) -> tuple[str, int, str | None]:
        return self.choice, self.app.wave, self.app.locality

    def ensure_loaded(self) -> None:
        if self.stale and self.built:  # a pane not yet built loads once built
            self.reload()

    def reload(self) -> None:
        self.stale = False
        self.failed_request = None  # a read starts again, even of what failed
        # Not `loading = True`: a loading widget cannot hold the focus, and the table
        # keeps it while t steps through the themes.
        self.query_one(CompareTable).show_rows("Question", [], [])
        self.query_one(".compare-title", Static).update(
            Text(f"Loading {CHOICES[self.choice]}…", style="dim")
        )
        self.load(self.request())

    @work(thread=True, exclusive=True, group="load-compare")
    def load(self, req: tuple[str, int, str | None]) -> None:
        choice, wave, locality = req
        data = self.app.data
        if choice == KEY_FIGURES:
            fetch_then(
                self.app,
                lambda: data.role_comparison(wave, locality),
                lambda frame: self.show(req, frame),
            )
        else:
            fetch_then(
                self.app,
                lambda: data.role_theme_comparison(choice, wave, locality),
                lambda frame: self.show(req, frame),
            )
        on_ui(self.app, self.load_ended, req)

    def show(self, req: tuple[str, int, str | None], figures: pl.DataFrame) -> None:
        """Draw the frame the worker read (key figures, or a theme): formatting only."""
        if req != self.request():
            return  # an older answer arriving late
        self.shown = req
        self.figures = figures
        if self.type_ahead.keys:
            self.call_after_refresh(self.replay_typed_ahead)
        choice, wave, _locality = req
        table = self.query_one(CompareTable)
        title = self.query_one(".compare-title", Static)
        if choice == KEY_FIGURES:
            labels, rows = key_figure_rows(figures)
            title.update(Text("Key figures for every role, side by side"))
            table.show_rows("Figure", labels, rows)
            return
        labels, rows = theme_rows(figures)
        if rows:
            title.update(
                Text.assemble(
                    (f"{SECTIONS[choice]}, every role side by side. ", "bold"),
                    (legend(rows), "dim"),
                )
            )
        else:
            title.update(Text(f"No responses: nobody answered {SECTIONS[choice]} in wave {wave}."))
        table.show_rows("Question", labels, rows)

    # -- keys and events --------------------------------------------------------------
    def key_for_rows(self, event: events.Key, focused: Widget) -> bool:
        """A key the table acts on, with the table focused; and `e` from the list too:
        it exports what the table shows ("4 Enter e" at once opens the export dialog
        once the key figures are read, as when typed slowly, not "Still loading")."""
        table = self.query_one(CompareTable)
        if event.key == "e":
            return focused is table or focused is self.query_one(SectionList)
        return focused is table and binds(table, event.key)

    def rows_drawn(self) -> bool:
        return self.shown == self.request()

    def current_request(self) -> tuple[str, int, str | None]:
        return self.request()

    def load_ended(self, request: object) -> bool:
        failed = super().load_ended(request)
        if failed:
            # Not "Loading…" for ever: the notification says why it could not be read.
            self.query_one(".compare-title", Static).update(
                Text(f"{CHOICES[self.choice]} could not be read.", style="dim")
            )
        return failed

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = SectionList.highlighted_id(event)
        if option_id and option_id != self.choice:
            self.choice = option_id

    async def follow_option(self, option_id: str) -> None:
        if option_id != self.choice:
            self.choice = option_id

    async def open_option(self, option_id: str) -> None:
        """Open the comparison Enter was pressed on (SectionList.action_select)."""
        self.choice = option_id
        self.open_table()

    def watch_choice(self, choice: str) -> None:
        self.query_one(SectionList).show_index(CHOICE_KEYS.index(choice))
        self.post_message(self.ChoiceChanged(choice))
        self.reload()

    def step(self, by: int) -> None:
        self.choice = CHOICE_KEYS[(CHOICE_KEYS.index(self.choice) + by) % len(CHOICE_KEYS)]

    def action_next_choice(self) -> None:
        self.step(1)

    def action_previous_choice(self) -> None:
        self.step(-1)

    def open_table(self) -> None:
        self.add_class("-reading")
        self.screen.set_focus(self.query_one(CompareTable))  # at once, as RolePane

    def action_find(self) -> None:
        """`/` from the list: open the table and find in it (focus at once: the keys
        typed after `/` are the query)."""
        self.add_class("-reading")
        table = self.query_one(CompareTable)
        self.screen.set_focus(table)
        table.action_find()

    def action_back(self) -> None:
        section_list = self.query_one(SectionList)
        if section_list.has_focus:
            self.app.action_clear_locality()
            return
        self.remove_class("-reading")
        self.screen.set_focus(section_list)  # at once: the keys behind Escape are for it

    def focus_default(self) -> None:
        """As RolePane.focus_default: the table being read or the list, at once."""
        if self.has_class("-reading"):
            self.open_table()
        else:
            self.screen.set_focus(self.query_one(SectionList))

    async def action_export(self) -> None:
        """Export the comparison in front of the user: the data layer's frame the table
        shows, as it is (a row per role and figure or question, numbers as numbers,
        suppression already applied)."""
        if self.shown is None or self.shown != self.request() or self.figures is None:
            self.notify("Still loading: export when the table is shown", timeout=3)
            return
        req, frame = self.shown, self.figures

        def chosen(result: tuple[str, Path] | None) -> None:
            if result is not None:
                self.run_export(req, frame, *result)

        await self.app.push_screen(  # awaited: before the keys typed behind `e`
            ExportScreen(f"All roles · {CHOICES[req[0]]}", Path.cwd()), chosen
        )

    @work(thread=True, group="export")
    def run_export(
        self, req: tuple[str, int, str | None], frame: pl.DataFrame, fmt: str, folder: Path
    ) -> None:
        from tui.export import default_export_path, export_meta, export_new

        choice, wave, locality = req
        data = self.app.data
        view = CHOICES[choice]

        def write() -> Path:
            meta = export_meta(data, view, ALL_ROLES, wave, locality)
            path = default_export_path(folder, ALL_ROLES, wave, locality, view, fmt)
            return export_new(frame, path, fmt, meta, protect=[data.path])

        written = export_then_notify(self.app, write)
        if written is not None:
            self.last_export = written

    def breadcrumb(self) -> Text | None:
        """The compared theme's title; None for the key figures."""
        return None if self.choice == KEY_FIGURES else Text(SECTIONS[self.choice])

    def cell_texts(self) -> dict[str, list[str]]:
        """Each row's role cells as one-line strings, by row key (the key figures: by
        figure name; a theme: q:<question_id>)."""
        return self.query_one(CompareTable).cell_texts()
