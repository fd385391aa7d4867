"""One theme of one role as a single keyboard-navigable table.

Likert statements come first (n, mean, 1-5 bar, LOW / HIGHEST flags), then each choice
question as a heading row followed by its options (count, %, bar, most-common marks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

from tui.cells import likert_bar, mean_flag, mean_text, number, percent, plain, share_bar

if TYPE_CHECKING:
    import polars as pl

FIXED_WIDTHS = {"n": 4, "value": 6, "bar": 16, "note": 14}
BAR_WIDTH = 15


@dataclass(frozen=True)
class TableRow:
    key: str
    cells: tuple[Text, Text, Text, Text, Text]
    kind: str            # heading, likert, option
    question_id: str
    statement: str = ""


def likert_rows(likert: pl.DataFrame, sort_by_mean: bool) -> list[TableRow]:
    rows = [r for r in likert.iter_rows(named=True) if r["n"]]
    if not rows:
        return []
    top = max(r["mean"] for r in rows)
    if sort_by_mean:
        rows.sort(key=lambda r: (r["mean"], r["statement"]))
    out = [TableRow("likert-heading", (
        Text("Statements (1 not at all good … 5 extremely good)", style="bold"),
        Text("n", style="bold", justify="right"), Text("mean", style="bold", justify="right"),
        Text("1 ◀ ▶ 5", style="bold"), Text("sorted by mean" if sort_by_mean else "")),
        "heading", "")]
    for r in rows:
        counts = [r[f"n_{i}"] for i in range(1, 6)]
        out.append(TableRow(
            f"likert:{r['question_id']}",
            (plain(r["statement"]), number(r["n"]), mean_text(r["mean"]),
             likert_bar(counts, BAR_WIDTH), mean_flag(r["mean"], r["mean"] == top)),
            "likert", r["question_id"], r["statement"]))
    return out


def choice_rows(theme: pl.DataFrame) -> list[TableRow]:
    out: list[TableRow] = []
    for (qid,), group in theme.filter(theme["qtype"] != "likert").group_by(
            "question_id", maintain_order=True):
        first = group.row(0, named=True)
        qtype = first["qtype"]
        heading = plain(first["question"])
        heading.stylize("bold")
        if qtype == "multi":
            heading.append("  (tick all that apply)", style="dim")
        note = first.get("question_note")
        if note:
            heading.append("\n")
            heading.append_text(plain(note))
        answered = first["n_answered"] or 0
        label = "comments" if qtype == "text" else "answered"
        out.append(TableRow(f"q:{qid}", (heading, number(answered), Text(""),
                                         Text(label, style="dim"), Text("")), "heading", qid))
        if qtype == "text" or not answered:
            continue
        options = [r for r in group.iter_rows(named=True) if r["option"] is not None]
        ranked = sorted((r["count"] for r in options), reverse=True)
        top = ranked[0] if ranked else 0
        for r in options:
            notes = []
            if r["count"] and r["count"] == top:
                notes.append("◀ most chosen" if qtype == "multi" else "◀ most common")
            elif qtype == "multi" and r["count"] and r["count"] in ranked[1:3]:
                notes.append(f"#{ranked.index(r['count']) + 1} chosen")
            if r.get("marker") == "safe_caseload":
                notes.append("◆ safe caseload")
            item = Text("  ") + plain(r["option"])
            out.append(TableRow(
                f"opt:{qid}:{r['option']}",
                (item, number(r["count"]), percent(r["pct"]),
                 share_bar(r["pct"], BAR_WIDTH), Text(" ".join(notes),
                                                      style="bold" if notes else "")),
                "option", qid))
    return out


class SectionTable(DataTable):
    """The rows of one theme; Enter on a row posts DataTable.RowSelected."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.table_rows: list[TableRow] = []

    def item_width(self) -> int:
        width = self.size.width or (self.app.size.width - 4)
        return max(20, width - sum(FIXED_WIDTHS.values()) - 2 * 5 - 2)

    def show_rows(self, rows: list[TableRow]) -> None:
        self.table_rows = rows
        self.clear(columns=True)
        self.add_column("Item", width=self.item_width(), key="item")
        self.add_column("n", width=FIXED_WIDTHS["n"], key="n")
        self.add_column("value", width=FIXED_WIDTHS["value"], key="value")
        self.add_column("distribution", width=FIXED_WIDTHS["bar"], key="bar")
        self.add_column("note", width=FIXED_WIDTHS["note"], key="note")
        for row in rows:
            self.add_row(*row.cells, key=row.key, height=None)

    def on_resize(self) -> None:
        if self.table_rows and self.columns and \
                self.columns["item"].width != self.item_width():
            row = self.cursor_row
            self.show_rows(self.table_rows)
            self.move_cursor(row=row)

    def current(self) -> TableRow | None:
        if not self.table_rows or self.cursor_row < 0 or self.cursor_row >= len(self.table_rows):
            return None
        return self.table_rows[self.cursor_row]

    def cell_texts(self) -> list[list[str]]:
        """The table as plain strings, row by row (what a reader sees)."""
        return [[c.plain for c in row.cells] for row in self.table_rows]
