"""The All roles tab: the roles' key figures side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from tui.cells import plain
from tui.sections import load_compare
from tui.widgets.overview import share
from tui.workers import fetch_then

if TYPE_CHECKING:
    import polars as pl

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
    return plain(best["option"]) + Text(f" ({share(best['count'], best['n_answered'])})",
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

    add("Responses", [Text(f"{r['respondents']} of {r['workforce']} "
                           f"({round(100 * r['respondents'] / r['workforce'])}%)")
                      if r["workforce"] else Text(str(r["respondents"]))
                      for r in roles.iter_rows(named=True)])
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
    return list(roles["role_label"]), out


class ComparePane(Vertical):
    """Role-by-role comparison; loads in a worker like the role panes."""

    BINDINGS = [Binding("j", "cursor_down", "Down", show=False),
                Binding("k", "cursor_up", "Up", show=False)]

    def compose(self) -> ComposeResult:
        yield Static(Text("Key figures for every role, side by side"), classes="compare-title")
        yield DataTable(cursor_type="row", classes="compare-table")

    stale = True  # loads when its tab is first shown

    def ensure_loaded(self) -> None:
        if self.stale:
            self.reload()

    def reload(self) -> None:
        self.stale = False
        self.loading = True
        self.load(self.app.wave, self.app.locality)

    @work(thread=True, exclusive=True, group="load-compare")
    def load(self, wave: int, locality: str | None) -> None:
        fetch_then(self.app, lambda: load_compare(self.app.data, wave, locality),
                   lambda frames: self.show(wave, locality, frames))

    def show(self, wave: int, locality: str | None, frames: dict[str, pl.DataFrame]) -> None:
        if (wave, locality) != (self.app.wave, self.app.locality):
            return
        self.loading = False
        labels, rows = compare_rows(frames)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        width = self.size.width or self.app.size.width
        figure_width = 18
        col = max(14, (width - figure_width - 4 - 2 * (len(labels) + 1)) // max(1, len(labels)))
        table.add_column("Figure", width=figure_width, key="figure")
        for i, label in enumerate(labels):
            table.add_column(plain(label), width=col, key=f"role{i}")
        for label, cells in rows:
            table.add_row(Text(label, style="bold"), *cells, height=None, key=label)

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def cell_texts(self) -> dict[str, list[str]]:
        table = self.query_one(DataTable)
        out = {}
        for row_key in table.rows:
            cells = table.get_row(row_key)
            out[str(row_key.value)] = [c.plain if isinstance(c, Text) else str(c)
                                       for c in cells[1:]]
        return out
