"""The by-locality comparison of one theme: a row per locality, Enter drills into it.

Suppressed localities (fewer than K respondents) show their note in place of every
figure; the frames arrive already suppressed from the data layer.

Each tested share shows its test against the rest of the role beside it, in words
("83% n.s.", "100% sig."); the highlighted locality's 95% intervals are told in the
line under the table (`detail`), and on a screen wide enough a share's interval also
gets its own column.  The figures, intervals and flags are the data layer's columns
(SurveyData.locality_comparison); this module only formats them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding

from tui.cells import mean_text, number, percent, percent_figure, plain
from tui.safe_text import clean
from tui.widgets.find_bar import FindableTable

if TYPE_CHECKING:
    import polars as pl

# Which key figures each theme's comparison shows: (heading, column, kind).
COMPARE_COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    "role_support": [
        ("lowest statement", "lowest_statement", "text"),
        ("mean", "lowest_mean", "mean"),
        ("<3", "n_low", "int"),
    ],
    "supervision": [
        ("no clin.", "pct_no_clinical", "pct"),
        ("monthly+", "pct_regular", "pct"),
        ("lowest statement", "lowest_statement", "text"),
        ("mean", "lowest_mean", "mean"),
    ],
    "training": [("top training need", "top_need", "text"), ("%", "top_need_pct", "pct")],
    "mdt_outcomes": [
        ("in MDT", "pct_mdt", "pct"),
        ("top outcome measure", "top_outcome_measure", "text"),
        ("%", "top_outcome_pct", "pct"),
    ],
    "engagement": [
        ("appointment", "mode_appointment_length", "text"),
        ("sessions", "mode_sessions_per_client", "text"),
        ("hours", "mode_hours_per_client", "text"),
        ("caseload", "mode_caseload", "text"),
    ],
    "demographics": [("full-time", "pct_full_time", "pct")],
}
FIXED = {"mean": 5, "int": 3, "pct": 8, "flagged": 9, "ci": 8}
LOCALITY_WIDTH, N_WIDTH, NOTE_WIDTH = 16, 4, 14
MIN_TEXT_WITH_INTERVALS = 18  # below this the intervals stay in the line under the table
MIN_MODE_WITH_SHARE = 22  # below this a modal band shows its test, its share goes below

# A share shown with its test against the rest of the role, in the cell beside it
# ("83% n.s."): share column -> (the data layer's flag column, the figure in words).
# Supervision's no-clinical share keeps its flag in the note column, as before.
FLAGGED: dict[str, tuple[str, str]] = {
    "top_need_pct": ("top_need_vs_rest_significant", "top training need"),
    "pct_mdt": ("mdt_vs_rest_significant", "in an MDT"),
    "top_outcome_pct": ("top_outcome_vs_rest_significant", "top outcome measure"),
    "pct_full_time": ("full_time_vs_rest_significant", "full-time"),
}
# Shares the line under the table describes (with their intervals), beyond FLAGGED.
DETAILED: dict[str, tuple[str, str]] = {
    **FLAGGED,
    "pct_no_clinical": ("no_clinical_vs_rest_significant", "no clinical supervision"),
}
# The share whose top option a text column names: its share is told beside it.
NAMED_BY = {"top_need_pct": "top_need", "top_outcome_pct": "top_outcome_measure"}


def _cell(value: object, kind: str) -> Text:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Text("–", style="dim", justify="right" if kind != "text" else "left")
    if kind == "pct":
        return percent(value)  # type: ignore[arg-type]
    if kind == "mean":
        return mean_text(value)  # type: ignore[arg-type]
    if kind == "int":
        return number(value)
    return plain(value)


def vs_rest_word(flag: object) -> Text:
    """A test against the rest of the role in words: "sig." (significant at 5%),
    "n.s." (not), nothing where there was no test."""
    if flag is True:
        return Text("sig.", style="bold")
    if flag is False:
        return Text("n.s.", style="dim")
    return Text("")


def mode_columns(frame_columns: list[str]) -> dict[str, tuple[str, str]]:
    """Engagement's modal bands: mode column -> (its share column, its flag column)."""
    return {
        c.removesuffix("_pct"): (c, c.removesuffix("_pct") + "_vs_rest_significant")
        for c in frame_columns
        if c.startswith("mode_") and c.endswith("_pct")
    }


def flagged_share(value: object, flag: object) -> Text:
    """A share with its test against the rest beside it: "83% n.s."."""
    cell = _cell(value, "pct")
    word = vs_rest_word(flag)
    if word.plain and cell.plain != "–":
        cell = Text.assemble(cell, " ", word, justify="right")
    return cell


def mode_cell(band: object, share: object, flag: object, with_share: bool = True) -> Text:
    """A modal band with its share and test: "30 minutes to 1 hour · 60% n.s.";
    on a narrow column the band and its test only (the share is in the line below)."""
    cell = _cell(band, "text")
    if band is None or share is None:
        return cell
    if with_share:
        cell.append(" · ")
        cell.append_text(flagged_share(share, flag))
    elif vs_rest_word(flag).plain:
        cell.append(" ")
        cell.append_text(vs_rest_word(flag))
    cell.justify = "left"
    return cell


def _interval(row: dict, share: str) -> str:
    low, high = row.get(f"{share}_ci_low"), row.get(f"{share}_ci_high")
    if low is None or high is None:
        return ""
    return f"{percent_figure(low)}–{percent_figure(high)}%"


def _vs_rest_words(flag: object) -> str:
    """The test in the line under the table: short, so three figures fit 80x24."""
    if flag is True:
        return " sig. vs rest"
    if flag is False:
        return " n.s. vs rest"
    return ""


def detail(row: dict) -> Text:
    """The line under the table for the highlighted locality: each tested figure with
    its 95% interval and whether it differs from the rest of the role ("sig. vs rest",
    "n.s. vs rest")."""
    name = "All localities" if row.get("locality") is None else clean(row["locality"])
    text = Text(f"{name}: ", style="bold")
    if row.get("suppressed") or not row.get("respondents"):
        text.append(clean(row.get("note") or "no figures"), style="italic")
        return text
    parts: list[str] = []
    if row.get("lowest_mean") is not None:
        part = f"lowest statement {row['lowest_mean']:.2f}"
        low, high = row.get("lowest_mean_ci_low"), row.get("lowest_mean_ci_high")
        if low is not None and high is not None:
            part += f" (95% interval {low:.2f}–{high:.2f})"
        parts.append(part + _vs_rest_words(row.get("lowest_vs_rest_significant")))
    shares = {**DETAILED}
    headings = {column: heading for heading, column, _kind in COMPARE_COLUMNS["engagement"]}
    for mode, (share, flag) in mode_columns(list(row)).items():
        band = clean(row.get(mode)) if row.get(mode) else ""
        shares[share] = (flag, f"{headings.get(mode, mode)} {band}".strip())
    for share, (flag, label) in shares.items():
        if share not in row or row.get(share) is None:
            continue
        what = label
        if share in NAMED_BY and row.get(NAMED_BY[share]):
            what = f"{label} {clean(row[NAMED_BY[share]])}"
        part = f"{what} {percent_figure(row[share])}%"
        interval = _interval(row, share)
        if interval:
            part += f" (95% interval {interval})"
        parts.append(part + _vs_rest_words(row.get(flag)))
    if not parts:
        text.append("no tested share in this view", style="dim")
        return text
    text.append("; ".join(parts))
    if row.get("low_base") and row.get("locality") is not None:
        text.append(" · low base", style="italic")
    return text


def flags(row: dict) -> Text:
    """A shown locality's flags in words: low base, and where tested, whether it differs
    significantly from the rest of its role."""
    parts = []
    if row.get("low_base") and row.get("locality") is not None:
        parts.append(Text("low base", style="italic"))
    lowest = row.get("lowest_vs_rest_significant")
    if lowest is True:
        parts.append(Text("sig.", style="bold"))
    elif lowest is False:
        parts.append(Text("n.s.", style="dim"))
    vs_rest = row.get("no_clinical_vs_rest_significant")
    if vs_rest is True:
        parts.append(Text("no clin. sig.", style="bold"))
    elif vs_rest is False:
        parts.append(Text("no clin. n.s.", style="dim"))
    return Text(" · ").join(parts)


class LocalityTable(FindableTable):
    """Locality rows; row keys are the locality names ('' for all localities)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("enter", "select_cursor", "Drill in", tooltip="The section in this locality"),
    ]

    async def action_select_cursor(self) -> None:
        """Enter drills here, in its binding, as a statement's Enter opens its detail:
        the keys typed behind it ("j Enter j Enter") then act on the locality drilled
        into, as when typed slowly (they used to move this table and drill again)."""
        from tui.widgets.role_pane import RolePane  # the pane holds this table

        key = self.cursor_key()
        if key is not None and self.show_cursor:
            await self.query_ancestor(RolePane).drill(key)

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.localities: list[str | None] = []
        self.texts: list[list[str]] = []
        self.details: dict[str, Text] = {}  # the line under the table, by row key
        self.shown: tuple[str, pl.DataFrame] | None = None
        self.laid_out_at = 0  # the width the columns were fitted to

    def on_resize(self) -> None:
        """The sections list folds or unfolds (or the terminal resizes): fit the columns
        to the new width, keeping the cursor, so the note column is never cut off."""
        if self.shown is not None and self.size.width and self.size.width != self.laid_out_at:
            row = self.cursor_row
            self.show_frame(*self.shown)
            self.move_cursor(row=row)

    def detail_of(self, row: int) -> Text:
        """What the line under the table says while `row` is highlighted (by the row's
        key: a find filter may hide the rows above it)."""
        if not 0 <= row < self.row_count:
            return Text("")
        return self.details.get(self.ordered_rows[row].key.value or "", Text(""))

    def show_frame(self, theme: str, frame: pl.DataFrame) -> None:
        specs = [
            (heading, column, "flagged" if column in FLAGGED and kind == "pct" else kind)
            for heading, column, kind in COMPARE_COLUMNS.get(theme, [])
            if column in frame.columns
        ]
        modes = mode_columns(frame.columns)
        self.clear(columns=True)
        self.shown = (theme, frame)
        width = self.size.width or self.app.size.width - 4
        self.laid_out_at = self.size.width

        def layout(specs: list[tuple[str, str, str]]) -> tuple[dict[str, int], int]:
            # A figure's column is at least as wide as its heading ("full-time", not
            # "full-tim"); text columns share what is left after the note.
            widths = {
                column: max(FIXED[kind], len(heading))
                for heading, column, kind in specs
                if kind in FIXED
            }
            fixed = LOCALITY_WIDTH + N_WIDTH + NOTE_WIDTH + sum(widths.values())
            texts = [s for s in specs if s[2] == "text"]
            share = (width - fixed - 2 * (len(specs) + 3) - 2) // max(1, len(texts))
            return widths, share if texts else MIN_TEXT_WITH_INTERVALS

        # On a wide screen each tested share's 95% interval gets a column beside it;
        # where that would squeeze the text, the interval stays in the line below.
        wide = [
            spec
            for heading, column, kind in specs
            for spec in (
                [(heading, column, kind), ("95% int.", f"{column}_ci", "ci")]
                if kind == "flagged" and f"{column}_ci_low" in frame.columns
                else [(heading, column, kind)]
            )
        ]
        widths, text_width = layout(wide)
        if len(wide) > len(specs) and text_width >= MIN_TEXT_WITH_INTERVALS:
            specs = wide
        else:
            widths, text_width = layout(specs)
        text_width = max(10, text_width)
        self.add_column("locality", width=LOCALITY_WIDTH, key="locality")
        self.add_column("n", width=N_WIDTH, key="n")
        for heading, column, _kind in specs:
            self.add_column(heading, width=widths.get(column, text_width), key=column)
        self.add_column("note", width=NOTE_WIDTH, key="note")
        self.localities, self.texts, self.details = [], [], {}
        for row in frame.iter_rows(named=True):
            name = row["locality"]
            label = Text("All localities", style="bold") if name is None else plain(name)
            suppressed = bool(row.get("suppressed"))
            note = row.get("note") or ""
            cells = [
                label,
                number(row["respondents"])
                if row["respondents"] is not None
                else Text("–", style="dim", justify="right"),
            ]
            for _heading, column, kind in specs:
                if suppressed:
                    cells.append(Text("–", style="dim"))
                elif kind == "flagged":
                    cells.append(flagged_share(row[column], row.get(FLAGGED[column][0])))
                elif kind == "ci":
                    share = column.removesuffix("_ci")
                    cells.append(Text(_interval(row, share), justify="right"))
                elif column in modes:
                    share, flag = modes[column]
                    cells.append(
                        mode_cell(
                            row[column],
                            row.get(share),
                            row.get(flag),
                            with_share=text_width >= MIN_MODE_WITH_SHARE,
                        )
                    )
                else:
                    cells.append(_cell(row[column], kind))
            cells.append(Text(f"▪ {note}", style="italic") if note else flags(row))
            self.add_row(*cells, height=None, key=name or "")
            self.localities.append(name)
            self.texts.append([c.plain for c in cells])
            self.details[name or ""] = detail(row)

    def current_locality(self, key: str | None = None) -> str | None:
        """The locality with this row key, by default the one under the cursor (by
        key: a filter may hide rows above it)."""
        key = self.cursor_key() if key is None else key
        if key is None:
            return None
        return next((n for n in self.localities if (n or "") == key), None)
