"""Frames to text for the command line: a Rich table, CSV, JSON or Markdown.

Data text (statements, options, comments, locality names) goes into Rich `Text`
objects, never through markup, so `[bold]` in a comment prints as `[bold]`.

Frames arrive already suppressed by the data layer (tui/suppression.py): a row with
`suppressed` true has null figures, and tables print its `note` ("fewer than 5") where
the figures would be.  CSV and JSON keep the nulls and the `suppressed` / `note` columns.
Markdown (also what exports write) shows a null as "–" and, in a suppressed row, the note
in place of each missing figure; its data text goes through clean() and has `\\`, `|`,
`<` and `>` backslash-escaped, so a cell never breaks the table or becomes HTML.
"""

from __future__ import annotations

import io
import json
import math
import re
from typing import TYPE_CHECKING, Any

from tui.safe_text import clean
from tui.suppression import NO_RESPONSES

if TYPE_CHECKING:
    import polars as pl
    from rich.table import Table

FORMATS = ("table", "csv", "json", "markdown", "md")
NULL_CELL = "–"
_MD_SPECIAL = re.compile(r"([\\|<>])")


def fmt_number(value: Any, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


# A spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV
# Injection"): such text gets a leading ' so it opens as text.  Numbers ("-5") are left.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


_FORMULA_START = r"^[=+\-@\t\r]"
_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"


def defuse_cell(value: str) -> str:
    """One CSV text cell made inert for spreadsheets (see FORMULA_STARTS)."""
    if value.startswith(FORMULA_STARTS) and not re.match(_NUMBER, value):
        return "'" + value
    return value


def frame_to_csv(frame: pl.DataFrame) -> str:
    """The frame as CSV; text cells (and headers) that a spreadsheet would run as a
    formula are neutralised with a leading '."""
    import polars as pl

    text = [c for c, t in frame.schema.items() if t == pl.String]
    safe = frame.with_columns(
        pl.when(pl.col(c).str.contains(_FORMULA_START) & ~pl.col(c).str.contains(_NUMBER))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c in text
    )
    safe = safe.rename({c: defuse_cell(c) for c in frame.columns if defuse_cell(c) != c})
    buffer = io.StringIO()
    safe.write_csv(buffer)
    return buffer.getvalue()


def frame_to_json(frame: pl.DataFrame, meta: dict[str, Any] | None = None) -> str:
    rows = frame.to_dicts()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, float) and math.isnan(value):
                row[key] = None
    payload: Any = rows if meta is None else {**meta, "rows": rows}
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


def _hidden(row: dict[str, Any]) -> bool:
    return bool(row.get("suppressed"))


def _note(row: dict[str, Any]) -> str:
    return clean(row.get("note") or "")


def _caption(frame: pl.DataFrame) -> Any:
    """Notes on rows that are shown (e.g. a role total under K), under the table."""
    from rich.text import Text

    if "note" not in frame.columns or "suppressed" not in frame.columns:
        return None
    notes = []
    for row in frame.iter_rows(named=True):
        note = row.get("note")
        if note and not row.get("suppressed") and note != NO_RESPONSES and note not in notes:
            notes.append(note)
    return Text(clean("; ".join(notes)), style="dim") if notes else None


def comparison_table(frame: pl.DataFrame, title: str | None = None) -> Table:
    """A locality comparison: one line per locality; a suppressed locality, or one with
    no responses, shows its note instead of its figures."""
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(clean(title)) if title else None,
        title_justify="left",
        caption=_caption(frame),
        caption_justify="left",
    )
    shown = [
        c
        for c in frame.columns
        if c not in ("wave", "role", "locality", "suppressed", "note")
        and not c.endswith("question_id")
    ]
    # A share's 95% interval and its test against the rest of the role sit beside it
    # ("95% ci" 44–97, "vs rest" n.s.) instead of as three far-apart raw columns.
    beside: dict[str, list[tuple[str, str]]] = {}
    for c in shown:
        figure = c.removeprefix("pct_").removesuffix("_pct").removesuffix("_mean")
        extra = []
        if f"{c}_ci_low" in shown and f"{c}_ci_high" in shown:
            extra.append(("95% ci", f"{c}_ci"))
        if f"{figure}_vs_rest_significant" in shown and figure != c:
            extra.append(("vs rest", f"{figure}_vs_rest_significant"))
        if extra:
            beside[c] = extra
    attached = {name for extra in beside.values() for _h, name in extra}
    attached |= {f"{name[:-3]}_ci_{end}" for name in attached for end in ("low", "high")}
    columns: list[tuple[str, str]] = []
    for c in shown:
        if c not in attached:
            columns.append((c.replace("_", " "), c))
            columns.extend(beside.get(c, []))
    numeric = {name for name, dtype in frame.schema.items() if dtype.is_numeric()}
    table.add_column("Locality", no_wrap=True)
    for heading, name in columns:
        table.add_column(
            Text(heading),
            justify="right" if name in numeric or name.endswith("_ci") else "left",
            overflow="fold",
        )
    for row in frame.iter_rows(named=True):
        place = Text(clean(row["locality"]) if row["locality"] is not None else "All localities")
        if _hidden(row) or row.get("respondents") == 0:
            cells = [Text(_note(row))] + [Text("") for _ in columns[1:]]
        else:
            cells = [Text(_comparison_cell(row, name)) for _heading, name in columns]
        table.add_row(place, *cells)
    return table


def _comparison_cell(row: dict[str, Any], name: str) -> str:
    """One cell of the locality comparison table as plain text."""
    if name.endswith("_ci") and name not in row:
        low, high = row.get(f"{name}_low"), row.get(f"{name}_high")
        digits = 2 if "mean" in name else 1
        if low is None or high is None:
            return "–"
        return f"{fmt_number(low, digits)}–{fmt_number(high, digits)}"
    value = row[name]
    if name.endswith("_vs_rest_significant") and value is not None:
        return "sig." if value else "n.s."
    if isinstance(value, str):
        return clean(value)
    return clean(fmt_number(value, 2 if "mean" in name else 1))


def view_table(name: str, frame: pl.DataFrame, title: str | None = None) -> Table:
    """The human-readable table `summary --format table` prints for a view."""
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(clean(title)) if title else None,
        title_justify="left",
        show_lines=False,
        caption=_caption(frame),
        caption_justify="left",
    )
    if name == "overview":
        return _overview_table(table, frame)
    if name == "comments":
        table.add_column("Question", overflow="fold", ratio=1)
        table.add_column("Comment", overflow="fold", ratio=2)
        table.add_column("Locality", overflow="fold")
        for row in frame.iter_rows(named=True):
            if _hidden(row):
                table.add_row("", Text(_note(row)), "")
                continue
            table.add_row(
                Text(clean(row["question"])),
                Text(clean(row["comment"])),
                Text(clean(row["locality"]) if row["locality"] else "not shown"),
            )
        return table
    if name == "low_scores":
        table.add_column("Statement", overflow="fold")
        table.add_column("n", justify="right")
        table.add_column("Mean", justify="right")
        table.add_column("95% interval", justify="right")
        for row in frame.iter_rows(named=True):
            if _hidden(row):
                table.add_row(Text(_note(row)), "", "", "")
                continue
            table.add_row(
                Text(clean(row["statement"])),
                fmt_number(row["n"]) + _low_base_mark(row),
                fmt_number(row["mean"], 2),
                _interval(row, "mean_ci_low", "mean_ci_high", 2),
            )
        return table
    if name == "supervision_gaps":
        table.add_column("Figure")
        table.add_column("Value", justify="right")
        for row in frame.iter_rows(named=True):
            hidden = _hidden(row)
            for key in frame.columns:
                if key in ("wave", "role", "suppressed", "note"):
                    continue
                value = row[key]
                if hidden and value is None:
                    shown = _note(row)
                else:
                    shown = clean(value) if isinstance(value, str) else fmt_number(value)
                table.add_row(Text(key), Text(shown))
        return table
    table.add_column("Question", overflow="fold", ratio=3)
    table.add_column("Answer", overflow="fold", ratio=2)
    table.add_column("Count", justify="right")
    table.add_column("%", justify="right")
    table.add_column("n", justify="right")
    table.add_column("Mean", justify="right")
    table.add_column("95% interval", justify="right")
    compared = _compared_with(frame)
    if compared is not None:
        table.add_column(f"vs {compared}", justify="right")
    # one locality: each statement against the rest of its role (Welch, at 5%)
    vs_rest = (
        "vs_rest_significant" in frame.columns and frame["vs_rest_significant"].is_not_null().any()
    )
    if vs_rest:
        table.add_column("vs rest", justify="left")
    last = None
    for row in frame.iter_rows(named=True):
        first = row["question_id"] != last
        last = row["question_id"]
        if _hidden(row):
            answer = row["option"] if row["option"] is not None else "free-text answers"
            table.add_row(
                Text(clean(row["question"]) if first else ""),
                Text(clean(answer)),
                Text(_note(row)),
                "",
                "",
                "",
                "",
                *([""] if compared else []),
                *([""] if vs_rest else []),
                end_section=False,
            )
            continue
        likert = row.get("qtype") == "likert"
        if likert:
            interval = _interval(row, "mean_ci_low", "mean_ci_high", 2) if first else ""
            change = _change(row, "mean_change") if first else ""
        else:
            interval = _interval(row, "pct_ci_low", "pct_ci_high", 0)
            change = _change(row, "pct_change")
        if row["option"] is None:
            answer = f"{row['n_answered']} free-text answers"
        else:
            answer = row["option"]
        table.add_row(
            Text(clean(row["question"]) if first else ""),
            Text(clean(answer)),
            fmt_number(row["count"]),
            fmt_number(row["pct"]),
            fmt_number(row["n_answered"]) + _low_base_mark(row) if first else "",
            fmt_number(row["mean"], 2) if first and row["mean"] is not None else "",
            interval,
            *([change] if compared is not None else []),
            *([_vs_rest(row) if first else ""] if vs_rest else []),
            end_section=False,
        )
    if any(r.get("low_base") for r in frame.iter_rows(named=True)):
        table.caption = _join_caption(
            table.caption,
            "* low base: fewer answers than the --low-base threshold; read as an indication",
        )
    return table


def _vs_rest(row: dict[str, Any]) -> str:
    """A statement against the rest of its role in words ("sig." / "n.s.")."""
    flag = row.get("vs_rest_significant")
    return "" if flag is None else "sig." if flag else "n.s."


def _low_base_mark(row: dict[str, Any]) -> str:
    return "*" if row.get("low_base") else ""


def _interval(row: dict[str, Any], low: str, high: str, digits: int) -> str:
    lo, hi = row.get(low), row.get(high)
    if lo is None or hi is None:
        return ""
    if digits:
        return f"{lo:.{digits}f}–{hi:.{digits}f}"
    return f"{lo:.0f}–{hi:.0f}%"


def _compared_with(frame: pl.DataFrame) -> int | None:
    if "previous_wave" not in frame.columns:
        return None
    waves = frame["previous_wave"].drop_nulls()
    return int(waves[0]) if waves.len() else None


def _change(row: dict[str, Any], column: str) -> str:
    """A change in words and symbols, as on screen: "▲ +0.92 sig.", "+0.17 n.s."."""
    from tui.cells import change_text

    if row.get("change_note"):
        return clean(row["change_note"])
    unit = "" if column == "mean_change" else "pp"
    return change_text(row.get(column), unit, significant=row.get("change_significant")).plain


def _join_caption(caption: Any, line: str) -> Any:
    from rich.text import Text

    if caption is None:
        return Text(line, style="dim")
    return Text.assemble(caption, "\n", Text(line, style="dim"))


OVERVIEW_LABELS = {
    "responses": "Responses",
    "tenure": "Time in role",
    "employment": "Employment",
    "employer": "Employer",
    "lowest_statement": "Lowest scores",
    "no_clinical_supervision": "No clinical supervision",
    "supervision_monthly": "Supervision at least monthly",
    "top_training_need": "Top training need",
}


def _overview_table(table: Table, frame: pl.DataFrame) -> Table:
    """The Overview card as `summary --theme overview` prints it."""
    from rich.text import Text

    table.add_column("Figure")
    table.add_column("Item", overflow="fold")
    table.add_column("Value", justify="right")
    table.add_column("95% interval", justify="right")
    last = None
    for row in frame.iter_rows(named=True):
        if _hidden(row):
            table.add_row(Text(_note(row)), "", "", "")
            continue
        label = OVERVIEW_LABELS.get(row["figure"], row["figure"]) if row["figure"] != last else ""
        last = row["figure"]
        if row["mean"] is not None:
            value = f"{row['mean']:.2f} (n {row['n_answered']})"
            interval = _interval(row, "mean_ci_low", "mean_ci_high", 2)
        elif row["pct"] is not None:
            value = f"{row['pct']:.0f}% ({row['count']} of {row['n_answered']})"
            interval = _interval(row, "pct_ci_low", "pct_ci_high", 0)
        else:
            value, interval = fmt_number(row["count"]), ""
        table.add_row(Text(label), Text(clean(row["item"])), value + _low_base_mark(row), interval)
    if any(r.get("low_base") for r in frame.iter_rows(named=True)):
        table.caption = _join_caption(
            table.caption,
            "* low base: fewer answers than the --low-base threshold; read as an indication",
        )
    return table


def md_escape(value: object) -> str:
    """One Markdown table cell: inert text (clean), one line, `\\ | < >` escaped."""
    return _MD_SPECIAL.sub(r"\\\1", clean(value)).strip()


def md_cell(value: Any, column: str, row: dict[str, Any]) -> str:
    """A frame value as Markdown text: the note for a suppressed row's missing figure,
    "–" for any other null, floats to 1 decimal (means to 2)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        if _hidden(row) and column != "note" and row.get("note"):
            return md_escape(row["note"])
        return NULL_CELL
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return fmt_number(value, 2 if "mean" in column else 1)
    return md_escape(value)


def frame_to_markdown(
    frame: pl.DataFrame, meta: dict[str, Any] | None = None, title: str | None = None
) -> str:
    """A Markdown document: a heading (title), the meta as a bullet list, a pipe table."""
    lines: list[str] = []
    if title:
        lines += [f"# {md_escape(title)}", ""]
    if meta:
        lines += [f"- **{md_escape(key)}**: {md_escape(value)}" for key, value in meta.items()]
        lines.append("")
    if not frame.columns:
        return "\n".join(lines)
    lines.append("| " + " | ".join(md_escape(c) for c in frame.columns) + " |")
    lines.append(
        "|" + "|".join("---:" if dtype.is_numeric() else "---" for dtype in frame.dtypes) + "|"
    )
    for row in frame.iter_rows(named=True):
        lines.append("| " + " | ".join(md_cell(v, c, row) for c, v in row.items()) + " |")
    if frame.height == 0:
        lines += ["", "_No rows._"]
    return "\n".join(lines) + "\n"
