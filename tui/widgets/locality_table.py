"""The by-locality comparison of one theme: a row per locality, Enter drills into it.

Suppressed localities (fewer than K respondents) show their note in place of every
figure; the frames arrive already suppressed from the data layer.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding

from tui.cells import mean_text, number, percent, plain
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
FIXED = {"mean": 5, "int": 3, "pct": 8}
LOCALITY_WIDTH, N_WIDTH, NOTE_WIDTH = 16, 4, 14


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

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", **kwargs)
        self.localities: list[str | None] = []
        self.texts: list[list[str]] = []

    def show_frame(self, theme: str, frame: pl.DataFrame) -> None:
        specs = [s for s in COMPARE_COLUMNS.get(theme, []) if s[1] in frame.columns]
        self.clear(columns=True)
        width = self.size.width or self.app.size.width - 4
        # A figure's column is at least as wide as its heading ("full-time", not
        # "full-tim"); text columns share what is left after the note.
        widths = {
            column: max(FIXED[kind], len(heading))
            for heading, column, kind in specs
            if kind in FIXED
        }
        fixed = LOCALITY_WIDTH + N_WIDTH + NOTE_WIDTH + sum(widths.values())
        texts = [s for s in specs if s[2] == "text"]
        text_width = max(10, (width - fixed - 2 * (len(specs) + 3) - 2) // max(1, len(texts)))
        self.add_column("locality", width=LOCALITY_WIDTH, key="locality")
        self.add_column("n", width=N_WIDTH, key="n")
        for heading, column, _kind in specs:
            self.add_column(heading, width=widths.get(column, text_width), key=column)
        self.add_column("note", width=NOTE_WIDTH, key="note")
        self.localities, self.texts = [], []
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
                cells.append(Text("–", style="dim") if suppressed else _cell(row[column], kind))
            cells.append(Text(f"▪ {note}", style="italic") if note else flags(row))
            self.add_row(*cells, height=None, key=name or "")
            self.localities.append(name)
            self.texts.append([c.plain for c in cells])

    def current_locality(self) -> str | None:
        """The locality under the cursor (by key: a filter may hide rows above it)."""
        key = self.cursor_key()
        if key is None:
            return None
        return next((n for n in self.localities if (n or "") == key), None)
