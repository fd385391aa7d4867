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

from tui.cells import (
    change_text,
    likert_bar,
    mean_flag,
    mean_text,
    number,
    percent_of,
    plain,
    share_bar,
)
from tui.safe_text import clean
from tui.widgets.find_bar import FindableTable

if TYPE_CHECKING:
    import polars as pl

FIXED_WIDTHS = {"n": 4, "value": 6, "note": 14}
CHANGE_WIDTH = 12
INTERVAL_WIDTH = 12  # "2.55–3.15", "26–49%"
SHARES_WIDTH = 13  # "30 · 28 · 42%"
MIN_ITEM_WITH_INTERVAL = 28  # below this the interval moves to the row's detail (Enter)
BAR_WIDTH = 15
NARROW_BAR_WIDTH = 8  # when the change column shares a narrow screen


@dataclass(frozen=True)
class TableRow:
    key: str
    cells: tuple[Text, Text, Text, Text, Text]
    kind: str  # heading, likert, option
    question_id: str
    statement: str = ""
    change: Text = field(default_factory=Text)  # against the previous wave
    interval: Text = field(default_factory=Text)  # the 95% interval (wide screens)
    shares: Text = field(default_factory=Text)  # favourable · neutral · unfavourable
    detail: str = ""  # the figure in words, with its interval, for Enter


def change_cell(row: dict, column: str) -> Text:
    """The change against the previous wave, from the data layer's columns (see
    tui/stats.py `change`): "▲ +0.92 sig.", "+0.17 n.s.", or why there is none."""
    note = row.get("change_note")
    if note:
        return Text(note, style="dim", justify="right")
    unit = "" if column == "mean_change" else "pp"
    return change_text(
        row.get(column),
        unit,
        good_up=column == "mean_change",
        significant=row.get("change_significant"),
    )


def interval_text(low: float | None, high: float | None, digits: int) -> Text:
    """A 95% interval as "2.55–3.15" (a mean) or "26–49%" (a share)."""
    if low is None or high is None:
        return Text("")
    if digits:
        return Text(f"{low:.{digits}f}–{high:.{digits}f}", justify="right")
    return Text(f"{low:.0f}–{high:.0f}%", justify="right")


def shares_text(r: dict) -> Text:
    """Favourable (4-5) · neutral (3) · unfavourable (1-2), in whole percent."""
    values = [r.get(c) for c in ("pct_favourable", "pct_neutral", "pct_unfavourable")]
    if any(v is None for v in values):
        return Text("")
    return Text(" · ".join(f"{v:.0f}" for v in values) + "%", justify="right")


def all_low_base(*frames: pl.DataFrame) -> bool:
    """Whether every figure in the frames rests on a low base (the table says so once,
    above it, instead of on every row)."""
    flags = [f["low_base"].drop_nulls() for f in frames if f.height and "low_base" in f.columns]
    flags = [f for f in flags if f.len()]
    return bool(flags) and all(f.all() for f in flags)


def low_base_line(theme: pl.DataFrame, likert: pl.DataFrame, threshold: int) -> Text:
    """The table's one warning when every figure in it rests on a low base."""
    sizes = [
        f[c].drop_nulls()
        for f, c in ((likert, "n"), (theme, "n_answered"))
        if f.height and c in f.columns
    ]
    most = max((int(s.max()) for s in sizes if s.len()), default=0)
    text = Text("⚠ Low base: ", style="bold yellow")
    text.append(f"{most} answers at most (under {threshold}): read as indications, not findings.")
    return text


def _with_low_base(note: Text, row: dict, whole_table: bool) -> Text:
    if whole_table or not row.get("low_base"):
        return note
    if note.plain:
        return note + Text("\nlow base", style="italic")
    return Text("low base", style="italic")


def _with_vs_rest(note: Text, flag: object) -> Text:
    """One locality's statement against the rest of its role (the data layer's
    vs_rest_significant, Welch's test at 5%), in words: "sig. vs rest" / "n.s. vs rest"."""
    if flag is None:
        return note
    word = Text("sig. vs rest", style="bold") if flag is True else Text("n.s. vs rest", style="dim")
    return note + Text("\n") + word if note.plain else word


def bar_width(screen_width: int, with_change: bool) -> int:
    """Bars give way to the change column on screens under 100 columns."""
    return NARROW_BAR_WIDTH if with_change and screen_width < 100 else BAR_WIDTH


def likert_rows(
    likert: pl.DataFrame,
    sort_by_mean: bool,
    compared: int | None = None,
    bar: int = BAR_WIDTH,
    whole_low_base: bool = False,
) -> list[TableRow]:
    rows = [r for r in likert.iter_rows(named=True) if r["n"]]
    if not rows:
        return []
    top = max(r["mean"] for r in rows)
    if sort_by_mean:
        rows.sort(key=lambda r: (r["mean"], r["statement"]))
    out = [
        TableRow(
            "likert-heading",
            (
                Text("Statements (1 not at all good … 5 extremely good)", style="bold"),
                Text("n", style="bold", justify="right"),
                Text("mean", style="bold", justify="right"),
                Text("1 ◀ ▶ 5", style="bold"),
                Text("sorted by mean" if sort_by_mean else ""),
            ),
            "heading",
            "",
        )
    ]
    for r in rows:
        counts = [r[f"n_{i}"] for i in range(1, 6)]
        note = _with_low_base(mean_flag(r["mean"], r["mean"] == top), r, whole_low_base)
        note = _with_vs_rest(note, r.get("vs_rest_significant"))
        out.append(
            TableRow(
                f"likert:{r['question_id']}",
                (
                    plain(r["statement"]),
                    number(r["n"]),
                    mean_text(r["mean"]),
                    likert_bar(counts, bar),
                    note,
                ),
                "likert",
                r["question_id"],
                r["statement"],
                change=change_cell(r, "mean_change") if compared is not None else Text(),
                interval=interval_text(r.get("mean_ci_low"), r.get("mean_ci_high"), 2),
                shares=shares_text(r),
            )
        )
    return out


def option_detail(r: dict, interval: str, compared: int | None) -> str:
    """An option's figure in words with its interval and change (Enter shows it)."""
    if r["pct"] is None or r["count"] is None:  # a hidden locality's own row
        return f"{clean(r['option'])}: {clean(r.get('note') or 'hidden')}"
    text = f"{clean(r['option'])}: {r['pct']:.0f}% ({r['count']} of {r['n_answered']})"
    if interval:
        text += f", 95% interval {interval}"
    if r.get("low_base"):
        text += " · low base"
    if compared is not None:
        text += f"; vs {compared}: {change_cell(r, 'pct_change').plain.strip()}"
        if r.get("change_significant") is True:
            text += " (significant at 5%)"
        elif r.get("change_significant") is False:
            text += " (not significant)"
    return text


def choice_rows(
    theme: pl.DataFrame,
    compared: int | None = None,
    bar: int = BAR_WIDTH,
    whole_low_base: bool = False,
) -> list[TableRow]:
    out: list[TableRow] = []
    for (qid,), group in theme.filter(theme["qtype"] != "likert").group_by(
        "question_id", maintain_order=True
    ):
        first = group.row(0, named=True)
        qtype = first["qtype"]
        heading = plain(first["question"])
        heading.stylize("bold")
        if qtype == "multi" and "tick all that apply" not in heading.plain.lower():
            heading.append("  (tick all that apply)", style="dim")
        note = first.get("question_note")
        if note:
            heading.append("\n")
            heading.append_text(plain(note))
        answered = first["n_answered"] or 0
        label = "comments" if qtype == "text" else "answered"
        out.append(
            TableRow(
                f"q:{qid}",
                (
                    heading,
                    number(first["n_answered"]),
                    Text(""),
                    Text(label, style="dim"),
                    Text(""),
                ),
                "heading",
                qid,
            )
        )
        options = [r for r in group.iter_rows(named=True) if r["option"] is not None]
        # A hidden locality's own row (or a hidden count) comes with a null figure.
        if qtype == "text" or not (answered or any(r["count"] for r in options)):
            continue
        ranked = sorted((r["count"] or 0 for r in options), reverse=True)
        top = ranked[0] if ranked else 0
        for r in options:
            notes = []
            if r["count"] and r["count"] == top:
                notes.append("◀ most chosen" if qtype == "multi" else "◀ most common")
            elif qtype == "multi" and r["count"] and r["count"] in ranked[1:3]:
                notes.append(f"#{ranked.index(r['count']) + 1} chosen")
            if r.get("marker") == "safe_caseload":
                notes.append("◆ safe caseload")
            if r.get("suppressed") and r.get("note"):
                notes.append(r["note"])
            item = Text("  ") + plain(r["option"])
            note = _with_low_base(
                Text(" ".join(notes), style="bold" if notes else ""), r, whole_low_base
            )
            interval = interval_text(r.get("pct_ci_low"), r.get("pct_ci_high"), 0)
            out.append(
                TableRow(
                    f"opt:{qid}:{r['option']}",
                    (
                        item,
                        number(r["count"]),
                        percent_of(r["count"], r["n_answered"]),
                        share_bar(r["pct"], bar),
                        note,
                    ),
                    "option",
                    qid,
                    r["option"],
                    change=change_cell(r, "pct_change") if compared is not None else Text(),
                    interval=interval,
                    detail=option_detail(r, interval.plain, compared),
                )
            )
    return out


class SectionTable(FindableTable):
    """The rows of one theme; Enter on a row posts DataTable.RowSelected; `/` filters
    the rows (tui/widgets/find_bar.py), keeping a question's heading above its options.

    Columns: Item, n, value, bar, note, then the 95% interval where the screen has room
    for it (else Enter on the row gives it), then the change against the previous wave
    when the file holds one."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.table_rows: list[TableRow] = []
        self.baseline: int | None = None
        self.bar = BAR_WIDTH
        self.intervals = False
        self.with_shares = False

    def layout_widths(self) -> tuple[int, bool]:
        """The Item column's width and whether the interval column fits beside it."""
        width = self.size.width or (self.app.size.width - 4)
        fixed = sum(FIXED_WIDTHS.values()) + self.bar + 1 + 2 * 5
        if self.baseline is not None:
            fixed += CHANGE_WIDTH + 2
        with_interval = width - fixed - INTERVAL_WIDTH - 2 - 2 >= MIN_ITEM_WITH_INTERVAL
        if with_interval:
            fixed += INTERVAL_WIDTH + 2
        self.with_shares = (
            with_interval
            and any(r.shares.plain for r in self.table_rows)
            and width - fixed - SHARES_WIDTH - 2 - 2 >= MIN_ITEM_WITH_INTERVAL
        )
        if self.with_shares:
            fixed += SHARES_WIDTH + 2
        return max(20, width - fixed - 2), with_interval

    def item_width(self) -> int:
        return self.layout_widths()[0]

    def show_rows(
        self, rows: list[TableRow], baseline: int | None = None, bar: int = BAR_WIDTH
    ) -> None:
        self.table_rows = rows
        self.baseline = baseline
        self.bar = bar
        self.clear(columns=True)
        item, self.intervals = self.layout_widths()
        self.add_column("Item", width=item, key="item")
        self.add_column("n", width=FIXED_WIDTHS["n"], key="n")
        self.add_column("value", width=FIXED_WIDTHS["value"], key="value")
        self.add_column(
            "distribution" if self.bar >= 12 else "spread", width=self.bar + 1, key="bar"
        )
        self.add_column("note", width=FIXED_WIDTHS["note"], key="note")
        if self.intervals:
            self.add_column("95% interval", width=INTERVAL_WIDTH, key="interval")
        if self.with_shares:
            self.add_column("4-5 · 3 · 1-2", width=SHARES_WIDTH, key="shares")
        if baseline is not None:
            self.add_column(f"vs {baseline}", width=CHANGE_WIDTH, key="change")
        for row in rows:
            self.add_row(*self.row_cells(row), key=row.key, height=None)

    def row_cells(self, row: TableRow) -> tuple[Text, ...]:
        """A row's cells as shown: the interval (if it fits), then the change against
        the previous wave last, if any."""
        cells = row.cells
        if self.intervals:
            cells = (*cells, row.interval)
        if self.with_shares:
            cells = (*cells, row.shares)
        return (*cells, row.change) if self.baseline is not None else cells

    def on_resize(self) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        """Widen or narrow the Item column to the table's width, keeping the cursor."""
        if (
            self.table_rows
            and self.columns
            and (self.columns["item"].width, self.intervals) != self.layout_widths()
        ):
            key = self.cursor_key()  # by key: a filter may hide rows above it
            self.show_rows(self.table_rows, self.baseline, self.bar)
            keys = [r.key for r in self.table_rows]
            if key in keys:
                self.move_cursor(row=keys.index(key))

    def is_heading_row(self, key: str) -> bool:
        return key == "likert-heading" or key.startswith("q:")

    def current(self, key: str | None = None) -> TableRow | None:
        """The row with this key, by default the one under the cursor (by key: a
        filter may hide rows above it).  A selection passes its own row's key: a key
        typed behind Enter may have moved the cursor since."""
        key = self.cursor_key() if key is None else key
        return next((r for r in self.table_rows if r.key == key), None)

    def cell_texts(self) -> list[list[str]]:
        """The table as plain strings, row by row (what a reader sees); the change
        against the previous wave, when shown, is the last cell."""
        return [[c.plain for c in self.row_cells(row)] for row in self.table_rows]
