"""The All roles tab's table: any theme's questions, one row each, a column per role.

Statements show each role's mean, `▼ LOW` below 3 and n; choice questions the most
common answer (tick all that apply: the most ticked) with its share of those who
answered; ties are all named.  A role not asked a question says "not asked"; a hidden
group says its note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from tui.cells import LOW_THRESHOLD, plain

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


def _likert_cell(rows: list[dict]) -> Cell:
    if not rows:
        return muted(NOT_ASKED)
    row = rows[0]
    if row.get("suppressed"):
        return muted(row.get("note") or "hidden")
    if not row["n"] or row["mean"] is None:
        return muted(NO_ANSWERS)
    mean = row["mean"]
    main = Text(f"{mean:.2f}", style="bold red" if mean < LOW_THRESHOLD else "")
    if mean < LOW_THRESHOLD:
        main.append(" ▼ LOW", style="bold red")
    return Cell(main, Text(f"(n {row['n']})", style="dim"))


def _choice_cell(rows: list[dict]) -> Cell:
    if not rows:
        return muted(NOT_ASKED)
    hidden = [r for r in rows if r.get("suppressed")]
    if hidden:
        return muted(hidden[0].get("note") or "hidden")
    options = [r for r in rows if r["option"] is not None and r["count"]]
    answered = rows[0]["n_answered"] or 0
    if not answered or not options:
        return muted(NO_ANSWERS)
    top = max(r["count"] for r in options)
    best = [r for r in options if r["count"] == top]
    main = Text(" / ").join(plain(r["option"]) for r in best)
    return Cell(main, Text(f"({round(100 * top / answered)}%)", style="dim"))


def _question_order(theme: pl.DataFrame, likert: pl.DataFrame,
                    roles: list[str]) -> list[str]:
    """Question ids in questionnaire order: the first role's order, a question only
    later roles were asked placed before the next question it precedes in theirs."""
    order: list[str] = []
    for role in roles:
        ids: list[str] = []
        for frame in (theme, likert):
            if frame.height:
                mine = frame.filter(frame["role"] == role)
                if "qtype" in mine.columns:
                    mine = mine.filter(mine["qtype"] != "text")
                ids += [q for q in mine["question_id"].unique(maintain_order=True)
                        if q not in ids]
        for i, qid in enumerate(ids):
            if qid in order:
                continue
            later = [q for q in ids[i + 1:] if q in order]
            order.insert(order.index(later[0]) if later else len(order), qid)
    return order


def legend(rows: list[CompareRow]) -> str:
    """How to read the figures, for the kinds of row on show."""
    keys = {row.key for row in rows}
    parts = []
    if "statements" in keys:
        parts.append("Statements: mean of 1-5 (n), ▼ LOW below 3.")
    if "choices" in keys:
        parts.append("Choice questions: the most common answer (tick-all: the most "
                     "ticked), % of those who answered.")
    return " ".join(parts)


def theme_rows(frames: dict[str, pl.DataFrame]) -> tuple[list[str], list[CompareRow]]:
    """The role labels and the rows: statements first, then the choice questions, each
    under a heading row."""
    roles = frames["roles"]
    codes = list(roles["role"])
    theme, likert, status = frames["theme"], frames["likert"], frames["status"]
    # Why a role with no rows has none: nobody there (or a hidden group: its note), or
    # nobody answered this theme.
    empty = {r["role"]: (r["note"] or "no responses") if r["suppressed"] or not r["respondents"]
             else NO_ANSWERS for r in status.iter_rows(named=True)}
    has_rows = {code: bool(theme.height and (theme["role"] == code).any())
                or bool(likert.height and (likert["role"] == code).any()) for code in codes}

    def rows_of(frame: pl.DataFrame, code: str, qid: str) -> list[dict]:
        if not frame.height:
            return []
        return frame.filter((frame["role"] == code)
                            & (frame["question_id"] == qid)).to_dicts()

    statements: list[CompareRow] = []
    choices: list[CompareRow] = []
    for qid in _question_order(theme, likert, codes):
        wording, qtype = "", "likert"
        for code in codes:
            found = rows_of(theme, code, qid)
            if found:
                wording, qtype = found[0]["question"], found[0]["qtype"]
                break
            found = rows_of(likert, code, qid)
            if found:
                wording = found[0]["statement"]
                break
        cells = []
        for code in codes:
            if not has_rows[code]:
                cells.append(muted(empty.get(code, NO_ANSWERS)))
            elif qtype == "likert":
                cells.append(_likert_cell(rows_of(likert, code, qid)))
            else:
                cells.append(_choice_cell(rows_of(theme, code, qid)))
        row = CompareRow(f"q:{qid}", plain(wording), tuple(cells))
        (statements if qtype == "likert" else choices).append(row)
    blank = tuple(Cell(Text("")) for _ in codes)
    out: list[CompareRow] = []
    if statements:
        out.append(CompareRow("statements", Text("Statements", style="bold underline"),
                              blank, heading=True))
        out += statements
    if choices:
        out.append(CompareRow("choices", Text("Choice questions", style="bold underline"),
                              blank, heading=True))
        out += choices
    return [str(label) for label in roles["role_label"]], out


class CompareTable(DataTable):
    """Rows of figures with a column per role; widths follow the space it has."""

    BINDINGS = [Binding("j", "cursor_down", "Down", show=False),
                Binding("k", "cursor_up", "Up", show=False)]

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
            self.add_row(row.label, *[c.fit(role) for c in row.cells], height=None,
                         key=row.key)

    def on_resize(self) -> None:
        if self.compare_rows and self.columns and self.drawn_widths != self.widths():
            row = self.cursor_row
            self.show_rows(self.header, self.role_labels, self.compare_rows)
            self.move_cursor(row=row)

    def cell_texts(self) -> dict[str, list[str]]:
        """Each row's role cells as one-line strings, by row key (what a reader sees)."""
        return {row.key: [c.plain for c in row.cells] for row in self.compare_rows}

    def labels(self) -> dict[str, str]:
        return {row.key: row.label.plain for row in self.compare_rows}
