"""One theme of one role as a single keyboard-navigable table.

Likert statements come first (n, mean, 1-5 bar, LOW / HIGHEST flags), then each choice
question as a heading row followed by its options (count, %, bar, most-common marks).
When the file holds an earlier wave, a last column gives the change against it: the
difference in mean for a statement, in percentage points for an option.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

from tui.cells import (
    change_text,
    likert_bar,
    mean_flag,
    mean_text,
    number,
    percent,
    plain,
    share_bar,
)

if TYPE_CHECKING:
    import polars as pl

FIXED_WIDTHS = {"n": 4, "value": 6, "note": 14}
CHANGE_WIDTH = 8
BAR_WIDTH = 15
NARROW_BAR_WIDTH = 10   # when the change column shares a narrow screen


@dataclass(frozen=True)
class TableRow:
    key: str
    cells: tuple[Text, Text, Text, Text, Text]
    kind: str            # heading, likert, option
    question_id: str
    statement: str = ""
    change: Text = field(default_factory=Text)   # against the previous wave


@dataclass(frozen=True)
class Baseline:
    """The previous wave's figures for the same role, theme and locality."""

    wave: int
    hidden: bool                                   # suppressed in that wave
    absent: bool                                   # nobody in the group answered then
    questions: frozenset[str]
    means: dict[str, float | None]
    shares: dict[tuple[str, str], float | None]

    @classmethod
    def from_frames(cls, wave: int, theme: pl.DataFrame, likert: pl.DataFrame) -> Baseline:
        hidden = bool(theme.height and theme["suppressed"].all()) or bool(
            likert.height and likert["suppressed"].all())
        means = {r["question_id"]: (r["mean"] if r["n"] else None)
                 for r in likert.iter_rows(named=True)}
        shares = {(r["question_id"], r["option"]): (r["pct"] if r["n_answered"] else None)
                  for r in theme.iter_rows(named=True) if r["option"] is not None}
        questions = frozenset(theme["question_id"]) | frozenset(likert["question_id"])
        answered = bool(theme.height and (theme["n_answered"].fill_null(0) > 0).any()) or \
            bool(likert.height and (likert["n"].fill_null(0) > 0).any())
        return cls(wave, hidden, not hidden and not answered, questions, means, shares)

    def _missing(self, question_id: str, known: bool) -> Text | None:
        if self.hidden:
            return Text("hidden", style="dim", justify="right")
        if self.absent:
            return Text("no data", style="dim", justify="right")
        if question_id not in self.questions or not known:
            return Text("new", style="dim", justify="right")
        return None

    def mean_change(self, question_id: str, mean: float | None) -> Text:
        missing = self._missing(question_id, question_id in self.means)
        if missing is not None:
            return missing
        before = self.means[question_id]
        if before is None or mean is None:
            return change_text(None, "")
        return change_text(mean - before, "", good_up=True)

    def share_change(self, question_id: str, option: str, pct: float | None) -> Text:
        missing = self._missing(question_id, (question_id, option) in self.shares)
        if missing is not None:
            return missing
        before = self.shares[(question_id, option)]
        if before is None or pct is None:
            return change_text(None, "pp")
        return change_text(pct - before, "pp")


def bar_width(screen_width: int, with_change: bool) -> int:
    """Bars give way to the change column on screens under 100 columns."""
    return NARROW_BAR_WIDTH if with_change and screen_width < 100 else BAR_WIDTH


def likert_rows(likert: pl.DataFrame, sort_by_mean: bool, baseline: Baseline | None = None,
                bar: int = BAR_WIDTH) -> list[TableRow]:
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
             likert_bar(counts, bar), mean_flag(r["mean"], r["mean"] == top)),
            "likert", r["question_id"], r["statement"],
            change=baseline.mean_change(r["question_id"], r["mean"]) if baseline else Text()))
    return out


def choice_rows(theme: pl.DataFrame, baseline: Baseline | None = None,
                bar: int = BAR_WIDTH) -> list[TableRow]:
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
                 share_bar(r["pct"], bar), Text(" ".join(notes),
                                                      style="bold" if notes else "")),
                "option", qid,
                change=baseline.share_change(qid, r["option"], r["pct"]) if baseline
                else Text()))
    return out


class SectionTable(DataTable):
    """The rows of one theme; Enter on a row posts DataTable.RowSelected."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.table_rows: list[TableRow] = []
        self.baseline: int | None = None
        self.bar = BAR_WIDTH

    def item_width(self) -> int:
        width = self.size.width or (self.app.size.width - 4)
        fixed = sum(FIXED_WIDTHS.values()) + self.bar + 1 + 2 * 5
        if self.baseline is not None:
            fixed += CHANGE_WIDTH + 2
        return max(20, width - fixed - 2)

    def show_rows(self, rows: list[TableRow], baseline: int | None = None,
                  bar: int = BAR_WIDTH) -> None:
        self.table_rows = rows
        self.baseline = baseline
        self.bar = bar
        self.clear(columns=True)
        self.add_column("Item", width=self.item_width(), key="item")
        self.add_column("n", width=FIXED_WIDTHS["n"], key="n")
        self.add_column("value", width=FIXED_WIDTHS["value"], key="value")
        self.add_column("distribution" if self.bar >= 12 else "spread", width=self.bar + 1,
                        key="bar")
        self.add_column("note", width=FIXED_WIDTHS["note"], key="note")
        if baseline is not None:
            self.add_column(f"vs {baseline}", width=CHANGE_WIDTH, key="change")
        for row in rows:
            self.add_row(*self.row_cells(row), key=row.key, height=None)

    def row_cells(self, row: TableRow) -> tuple[Text, ...]:
        """A row's cells as shown: the change against the previous wave last, if any."""
        return (*row.cells, row.change) if self.baseline is not None else row.cells

    def on_resize(self) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        """Widen or narrow the Item column to the table's width, keeping the cursor."""
        if self.table_rows and self.columns and \
                self.columns["item"].width != self.item_width():
            row = self.cursor_row
            self.show_rows(self.table_rows, self.baseline, self.bar)
            self.move_cursor(row=row)

    def current(self) -> TableRow | None:
        if not self.table_rows or self.cursor_row < 0 or self.cursor_row >= len(self.table_rows):
            return None
        return self.table_rows[self.cursor_row]

    def cell_texts(self) -> list[list[str]]:
        """The table as plain strings, row by row (what a reader sees); the change
        against the previous wave, when shown, is the last cell."""
        return [[c.plain for c in self.row_cells(row)] for row in self.table_rows]
