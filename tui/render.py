"""Frames to text for the command line: a Rich table, CSV or JSON.

Data text (statements, options, comments, locality names) goes into Rich `Text`
objects, never through markup, so `[bold]` in a comment prints as `[bold]`.
"""

from __future__ import annotations

import io
import json
import math
from typing import TYPE_CHECKING, Any

from tui.safe_text import clean

if TYPE_CHECKING:
    import polars as pl
    from rich.table import Table

FORMATS = ("table", "csv", "json")


def fmt_number(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def frame_to_csv(frame: pl.DataFrame) -> str:
    buffer = io.StringIO()
    frame.write_csv(buffer)
    return buffer.getvalue()


def frame_to_json(frame: pl.DataFrame, meta: dict[str, Any] | None = None) -> str:
    rows = frame.to_dicts()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float) and math.isnan(value):
                row[key] = None
    payload: Any = rows if meta is None else {**meta, "rows": rows}
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


def frame_to_table(frame: pl.DataFrame, title: str | None = None) -> Table:
    """A Rich table of any frame, every cell as plain text."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(clean(title)) if title else None, title_justify="left")
    numeric = {name for name, dtype in frame.schema.items() if dtype.is_numeric()}
    for name in frame.columns:
        table.add_column(Text(name), justify="right" if name in numeric else "left",
                         overflow="fold")
    for row in frame.iter_rows():
        table.add_row(*(Text(clean(fmt_number(v)) if not isinstance(v, str) else clean(v))
                        for v in row))
    return table


def view_table(name: str, frame: pl.DataFrame, title: str | None = None) -> Table:
    """The human-readable table `summary --format table` prints for a view."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(clean(title)) if title else None, title_justify="left",
                  show_lines=False)
    if name == "low_scores":
        table.add_column("Statement", overflow="fold")
        table.add_column("n", justify="right")
        table.add_column("Mean", justify="right")
        for row in frame.iter_rows(named=True):
            table.add_row(Text(clean(row["statement"])), fmt_number(row["n"]),
                          fmt_number(row["mean"], 2))
        return table
    if name == "supervision_gaps":
        table.add_column("Figure")
        table.add_column("Value", justify="right")
        for row in frame.iter_rows(named=True):
            for key in frame.columns:
                if key in ("wave", "role"):
                    continue
                value = row[key]
                table.add_row(Text(key), Text(clean(value) if isinstance(value, str)
                                              else fmt_number(value)))
        return table
    table.add_column("Question", overflow="fold", ratio=3)
    table.add_column("Answer", overflow="fold", ratio=2)
    table.add_column("Count", justify="right")
    table.add_column("%", justify="right")
    table.add_column("n", justify="right")
    table.add_column("Mean", justify="right")
    last = None
    for row in frame.iter_rows(named=True):
        first = row["question_id"] != last
        last = row["question_id"]
        if row["option"] is None:
            answer = f"{row['n_answered']} free-text answers"
        else:
            answer = row["option"]
        table.add_row(Text(clean(row["question"]) if first else ""), Text(clean(answer)),
                      fmt_number(row["count"]), fmt_number(row["pct"]),
                      fmt_number(row["n_answered"]) if first else "",
                      fmt_number(row["mean"], 2) if first and row["mean"] is not None else "",
                      end_section=False)
    return table
