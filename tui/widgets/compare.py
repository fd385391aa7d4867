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
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.cells import plain
from tui.screens.export_screen import ExportScreen
from tui.sections import SECTIONS, SHORT_TITLES, load_compare, load_compare_theme
from tui.widgets.compare_theme import (
    Cell,
    CompareRow,
    CompareTable,
    legend,
    theme_rows,
)
from tui.widgets.overview import share
from tui.widgets.role_pane import SectionList
from tui.workers import export_then_notify, fetch_then

if TYPE_CHECKING:
    import polars as pl

KEY_FIGURES = "key"
ALL_ROLES = "All roles"
# What the list offers: today's key figures first, then every theme.
CHOICES: dict[str, str] = {KEY_FIGURES: "Key figures"} | {
    key: title for key, title in SHORT_TITLES.items() if key != "overview"}
CHOICE_KEYS = list(CHOICES)

BAND_QUESTIONS = (("appointment_length", "Time per appointment (mode)"),
                  ("sessions_per_client", "Sessions per client (mode)"),
                  ("hours_per_client", "Hours per client a year (mode)"),
                  ("caseload", "Annual caseload (mode)"))


def _rows_for(frame: pl.DataFrame, role: str) -> pl.DataFrame:
    if frame.height == 0:
        return frame
    return frame.filter(frame["role"] == role)


def _mode(theme: pl.DataFrame, question_id: str) -> Text:
    rows = theme.filter((theme["question_id"] == question_id) & theme["option"].is_not_null())
    if rows.height == 0 or not rows["count"].max():
        return Text("–", style="dim")
    best = rows.sort("count", descending=True, maintain_order=True).row(0, named=True)
    return plain(best["option"]) + Text(f" {share(best['count'], best['n_answered'])}",
                                        style="dim")


def _top(theme: pl.DataFrame, question_id: str, exclude_none: bool = False) -> Text:
    rows = theme.filter((theme["question_id"] == question_id) & theme["option"].is_not_null())
    if exclude_none:
        rows = rows.filter(rows["marker"].is_null() | (rows["marker"] != "none"))
    return _mode(rows, question_id)


def compare_rows(frames: dict[str, pl.DataFrame]) -> tuple[list[str], list[tuple[str, list[Text]]]]:
    roles = frames["roles"]
    codes = list(roles["role"])
    out: list[tuple[str, list[Text]]] = []

    def add(label: str, cells: list[Text]) -> None:
        out.append((label, cells))

    status = {r["role"]: r for r in frames["status"].iter_rows(named=True)} \
        if "status" in frames else {}
    responses = []
    for r in roles.iter_rows(named=True):
        group = status.get(r["role"])
        if group is not None and group["locality"] is not None:
            # A locality: its respondents (the workforce is only known region-wide).
            shown = group["respondents"]
            responses.append(Text(f"{shown} in {group['locality']}") if shown
                             else plain(group["note"] or "no responses"))
        elif r["workforce"]:
            responses.append(Text(f"{r['respondents']} of {r['workforce']} "
                                  f"({round(100 * r['respondents'] / r['workforce'])}%)"))
        else:
            responses.append(Text(str(r["respondents"])))
    add("Responses", responses)
    gaps_cells, regular_cells = [], []
    for code in codes:
        g = _rows_for(frames["gaps"], code)
        if g.height and "suppressed" in g.columns and g["suppressed"][0]:
            gaps_cells.append(plain(g["note"][0] or "hidden"))
            regular_cells.append(plain(g["note"][0] or "hidden"))
        elif g.height and g["n_answered"][0]:
            row = g.row(0, named=True)
            gaps_cells.append(Text("⚠ " + share(row["n_no_clinical"], row["n_answered"]),
                                   style="bold"))
            regular_cells.append(Text(share(row["n_regular"], row["n_answered_frequency"])))
        else:
            gaps_cells.append(Text("no answers", style="dim"))
            regular_cells.append(Text("no answers", style="dim"))
    add("No clinical supervision", gaps_cells)
    add("Supervision at least monthly", regular_cells)
    low_cells, lowest_cells, high_cells = [], [], []
    for code in codes:
        low = _rows_for(frames["low"], code)
        low_cells.append(Text(f"{low.height} below 3" if low.height else "none below 3",
                              style="bold red" if low.height else ""))
        likert = _rows_for(frames["role_support"], code)
        likert = likert.filter(likert["n"] > 0) if likert.height else likert
        if likert.height:
            lo = likert.sort("mean").row(0, named=True)
            hi = likert.sort("mean", descending=True).row(0, named=True)
            flag = "▼ " if lo["mean"] < 3 else ""
            lowest_cells.append(Text(f"{flag}{lo['mean']:.2f} ") + plain(lo["statement"]))
            high_cells.append(Text(f"▲ {hi['mean']:.2f} ") + plain(hi["statement"]))
        else:
            lowest_cells.append(Text("–", style="dim"))
            high_cells.append(Text("–", style="dim"))
    add("Role statements", low_cells)
    add("Lowest statement", lowest_cells)
    add("Highest statement", high_cells)
    add("Top training need", [_top(_rows_for(frames["training"], c), "training_needs")
                              for c in codes])
    mdt_cells = []
    for code in codes:
        mdt = _rows_for(frames["mdt"], code)
        yes = mdt.filter((mdt["question_id"] == "mdt_member") & (mdt["option"] == "Yes")) \
            if mdt.height else mdt
        if yes.height and yes["n_answered"][0]:
            r = yes.row(0, named=True)
            mdt_cells.append(Text(share(r["count"], r["n_answered"])))
        else:
            mdt_cells.append(Text("–", style="dim"))
    add("Part of an MDT", mdt_cells)
    add("Most used outcome measure",
        [_top(_rows_for(frames["mdt"], c), "outcome_measures", exclude_none=True)
         for c in codes])
    for qid, label in BAND_QUESTIONS:
        cells = [_mode(_rows_for(frames["engagement"], c), qid) for c in codes]
        if any(c.plain != "–" for c in cells):
            add(label, cells)
    # A role hidden in the locality (or with nobody there) says so in every figure:
    # its placeholder rows are not answers.
    for i, code in enumerate(codes):
        group = status.get(code)
        if group is None or (not group["suppressed"] and group["respondents"] != 0):
            continue
        note = plain(group["note"] or "hidden")
        for _label, cells in out[1:]:
            cells[i] = note
    return list(roles["role_label"]), out


class ComparePane(Horizontal):
    """Role-by-role comparison of the key figures or of one theme."""

    BINDINGS = [
        Binding("escape", "back", "Back", show=False),
        Binding("t", "next_choice", "Next theme"),
        Binding("T", "previous_choice", "Previous theme", show=False),
        Binding("e", "export", "Export"),
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
        self.last_export: Path | None = None

    def compose(self) -> ComposeResult:
        yield SectionList(*[Option(title, id=key) for key, title in CHOICES.items()],
                          classes="sections")
        with Vertical(classes="content"):
            yield Static(classes="compare-title")
            yield CompareTable(classes="compare-table")

    def on_mount(self) -> None:
        self.query_one(SectionList).show_index(0)

    # -- loading ----------------------------------------------------------------------
    def request(self) -> tuple[str, int, str | None]:
        return self.choice, self.app.wave, self.app.locality

    def ensure_loaded(self) -> None:
        if self.stale:
            self.reload()

    def reload(self) -> None:
        self.stale = False
        # Not `loading = True`: a loading widget cannot hold the focus, and the table
        # keeps it while t steps through the themes.
        self.query_one(CompareTable).show_rows("Question", [], [])
        self.query_one(".compare-title", Static).update(
            Text(f"Loading {CHOICES[self.choice]}…", style="dim"))
        self.load(self.request())

    @work(thread=True, exclusive=True, group="load-compare")
    def load(self, req: tuple[str, int, str | None]) -> None:
        choice, wave, locality = req
        data = self.app.data
        if choice == KEY_FIGURES:
            fetch_then(self.app, lambda: load_compare(data, wave, locality),
                       lambda frames: self.show(req, frames))
        else:
            fetch_then(self.app, lambda: load_compare_theme(data, choice, wave, locality),
                       lambda frames: self.show(req, frames))

    def show(self, req: tuple[str, int, str | None], frames: dict[str, pl.DataFrame]) -> None:
        if req != self.request():
            return  # an older answer arriving late
        self.shown = req
        choice, wave, _locality = req
        table = self.query_one(CompareTable)
        title = self.query_one(".compare-title", Static)
        if choice == KEY_FIGURES:
            labels, key_rows = compare_rows(frames)
            rows = [CompareRow(label, Text(label, style="bold"), tuple(Cell(c) for c in cells))
                    for label, cells in key_rows]
            title.update(Text("Key figures for every role, side by side"))
            table.show_rows("Figure", labels, rows)
            return
        labels, rows = theme_rows(frames)
        if rows:
            title.update(Text.assemble((f"{SECTIONS[choice]}, every role side by side. ",
                                        "bold"), (legend(rows), "dim")))
        else:
            title.update(Text(f"No responses: nobody answered {SECTIONS[choice]} "
                              f"in wave {wave}."))
        table.show_rows("Question", labels, rows)

    # -- keys and events --------------------------------------------------------------
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = SectionList.highlighted_id(event)
        if option_id and option_id != self.choice:
            self.choice = option_id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
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
        self.query_one(CompareTable).focus()

    def action_back(self) -> None:
        section_list = self.query_one(SectionList)
        if section_list.has_focus:
            self.app.action_clear_locality()
            return
        self.remove_class("-reading")
        section_list.focus()

    def focus_default(self) -> None:
        if self.has_class("-reading"):
            self.open_table()
        else:
            self.query_one(SectionList).focus()

    def action_export(self) -> None:
        """Export the comparison in front of the user: one row per figure or question,
        one column per role, as the table shows them (suppression already applied)."""
        if self.shown is None or self.shown != self.request():
            self.notify("Still loading: export when the table is shown", timeout=3)
            return
        table = self.query_one(CompareTable)
        header = table.header
        rows = [(row.label.plain, [c.plain for c in row.cells])
                for row in table.compare_rows if not row.heading]
        roles, req = list(table.role_labels), self.shown

        def chosen(result: tuple[str, Path] | None) -> None:
            if result is not None:
                self.run_export(req, header, roles, rows, *result)

        self.app.push_screen(ExportScreen(f"All roles · {CHOICES[req[0]]}", Path.cwd()),
                             chosen)

    @work(thread=True, group="export")
    def run_export(self, req: tuple[str, int, str | None], header: str, roles: list[str],
                   rows: list[tuple[str, list[str]]], fmt: str, folder: Path) -> None:
        import polars as pl

        from tui.export import default_export_path, export_frame, export_meta

        choice, wave, locality = req
        data = self.app.data
        view = CHOICES[choice]

        def write() -> Path:
            frame = pl.DataFrame(
                {header: [label for label, _cells in rows],
                 **{role: [cells[i] for _label, cells in rows]
                    for i, role in enumerate(roles)}}, schema={
                    header: pl.String, **{role: pl.String for role in roles}})
            meta = export_meta(data, view, ALL_ROLES, wave, locality)
            path = default_export_path(folder, ALL_ROLES, wave, locality, view, fmt)
            return export_frame(frame, path, fmt, meta)

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
