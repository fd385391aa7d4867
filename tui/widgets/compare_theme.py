"""The All roles tab's table: any theme's questions, one row each, a column per role.

Statements show each role's mean, `▼ LOW` below 3 and n; choice questions the most
common answer (tick all that apply: the most ticked) with its share of those who
answered; ties are all named.  A role not asked a question says "not asked"; a hidden
group says its note.  The figures are data.role_theme_comparison's, only formatted here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding

from tui.cells import LOW_THRESHOLD, percent_figure, plain
from tui.suppression import NO_RESPONSES
from tui.widgets.find_bar import FindableTable

if TYPE_CHECKING:
    import polars as pl

NOT_ASKED = "not asked"
NO_ANSWERS = "no answers"


@dataclass(frozen=True)
class Cell:
    """One role's figure, and a detail (n, a share) that goes beside it when the column
    is wide enough and under it when not."""

    main: Text
    detail: Text | None = None

    def fit(self, width: int) -> Text:
        if self.detail is None:
            return self.main
        one_line = self.main.cell_len + 1 + self.detail.cell_len <= width
        return Text.assemble(self.main, " " if one_line else "\n", self.detail)

    @property
    def plain(self) -> str:
        return self.fit(10_000).plain


@dataclass(frozen=True)
class CompareRow:
    key: str
    label: Text
    cells: tuple[Cell, ...]
    heading: bool = False


def muted(text: str) -> Cell:
    return Cell(Text(text, style="dim italic"))


def _likert_cell(row: dict) -> Cell:
    mean = row["value"]
    main = Text(f"{mean:.2f}", style="bold red" if mean < LOW_THRESHOLD else "")
    if mean < LOW_THRESHOLD:
        main.append(" ▼ LOW", style="bold red")
    return Cell(main, Text(f"(n {row['count']})", style="dim"))


def _choice_cell(row: dict) -> Cell:
    if row["answer"] is None:
        return muted("–")  # answered, but only "none of these"
    return Cell(plain(row["answer"]), Text(f"({percent_figure(row['value'])}%)", style="dim"))


def figure_cell(row: dict | None, group_note: str | None = None) -> Cell:
    """One role's figure for one question (a row of data.role_theme_comparison), or
    None when the role was not asked it: then its group's note if the group is hidden
    or empty, else "not asked"."""
    if row is None:
        return muted(group_note or NOT_ASKED)
    if row["suppressed"]:
        return muted(row["note"] or "hidden")
    if not row["count"] and not row["base"]:
        return muted(row["note"] or NO_ANSWERS)
    return _likert_cell(row) if row["unit"] == "mean" else _choice_cell(row)


def _question_order(frame: pl.DataFrame, roles: list[str]) -> list[str]:
    """Question ids in questionnaire order: the first role's order, a question only
    later roles were asked placed before the next question it precedes in theirs."""
    order: list[str] = []
    for role in roles:
        ids = frame.filter(frame["role"] == role)["question_id"].to_list()
        for i, qid in enumerate(ids):
            if qid in order:
                continue
            later = [q for q in ids[i + 1 :] if q in order]
            order.insert(order.index(later[0]) if later else len(order), qid)
    return order


def legend(rows: list[CompareRow]) -> str:
    """How to read the figures, for the kinds of row on show."""
    keys = {row.key for row in rows}
    parts = []
    if "statements" in keys:
        parts.append("Statements: mean of 1-5 (n), ▼ LOW below 3.")
    if "choices" in keys:
        parts.append(
            "Choice questions: the most common answer (tick-all: the most "
            "ticked), % of those who answered."
        )
    return " ".join(parts)


def theme_rows(frame: pl.DataFrame) -> tuple[list[str], list[CompareRow]]:
    """The role labels and the rows of data.role_theme_comparison: statements first,
    then the choice questions, each under a heading row."""
    role_labels = dict(zip(frame["role"], frame["role_label"], strict=True))
    codes = list(role_labels)
    cells_of: dict[str, dict[str, dict]] = {}
    group_note: dict[str, str] = {}
    for r in frame.iter_rows(named=True):
        cells_of.setdefault(r["question_id"], {})[r["role"]] = r
        if r["suppressed"] or r["note"] == NO_RESPONSES:
            group_note[r["role"]] = r["note"]
    statements: list[CompareRow] = []
    choices: list[CompareRow] = []
    for qid in _question_order(frame, codes):
        by_role = cells_of[qid]
        first = by_role[next(code for code in codes if code in by_role)]
        row = CompareRow(
            f"q:{qid}",
            plain(first["question"]),
            tuple(figure_cell(by_role.get(code), group_note.get(code)) for code in codes),
        )
        (statements if first["unit"] == "mean" else choices).append(row)
    blank = tuple(Cell(Text("")) for _ in codes)
    out: list[CompareRow] = []
    if statements:
        out.append(
            CompareRow(
                "statements", Text("Statements", style="bold underline"), blank, heading=True
            )
        )
        out += statements
    if choices:
        out.append(
            CompareRow(
                "choices", Text("Choice questions", style="bold underline"), blank, heading=True
            )
        )
        out += choices
    return [role_labels[code] for code in codes], out


class CompareTable(FindableTable):
    """Rows of figures with a column per role; widths follow the space it has."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.header = "Figure"
        self.role_labels: list[str] = []
        self.compare_rows: list[CompareRow] = []
        self.drawn_widths: tuple[int, int] = (0, 0)

    def widths(self) -> tuple[int, int]:
        """(first column, each role's column)."""
        n = max(1, len(self.role_labels))
        width = self.size.width or (self.app.size.width - 24)
        room = width - 2 * (n + 1) - 2
        if self.header == "Figure":  # key figures: short labels, long figures
            return 18, max(11, (room - 18) // n)
        # questions: about two fifths, so most statements fit on a line or two
        role = max(11, min(24, (room - max(18, room * 2 // 5)) // n))
        return max(16, room - role * n), role

    def show_rows(self, header: str, role_labels: list[str], rows: list[CompareRow]) -> None:
        self.header, self.role_labels, self.compare_rows = header, role_labels, rows
        self.drawn_widths = self.widths()
        first, role = self.drawn_widths
        self.clear(columns=True)
        self.add_column(header, width=first, key="figure")
        for i, label in enumerate(role_labels):
            self.add_column(plain(label), width=role, key=f"role{i}")
        for row in rows:
            self.add_row(row.label, *[c.fit(role) for c in row.cells], height=None, key=row.key)

    def on_resize(self) -> None:
        if self.compare_rows and self.columns and self.drawn_widths != self.widths():
            key = self.cursor_key()  # by key: a filter may hide rows above it
            self.show_rows(self.header, self.role_labels, self.compare_rows)
            keys = [r.key for r in self.compare_rows]
            if key in keys:
                self.move_cursor(row=keys.index(key))

    def is_heading_row(self, key: str) -> bool:
        return any(r.heading for r in self.compare_rows if r.key == key)

    def cell_texts(self) -> dict[str, list[str]]:
        """Each row's role cells as one-line strings, by row key (what a reader sees)."""
        return {row.key: [c.plain for c in row.cells] for row in self.compare_rows}

    def labels(self) -> dict[str, str]:
        return {row.key: row.label.plain for row in self.compare_rows}
