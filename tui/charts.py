"""Charts of one theme, drawn with Rich text: what `v` shows in place of the table.

- Likert statements: a diverging stacked bar each.  Scores 1-2 sit left of the midline
  `│`, 4-5 right of it, and 3 is split across it, so a bar leaning left reads as poor.
  Each side is 100% wide; the shares of 1-2, 3 and 4-5 are printed beside it.
- Multi-select questions (training needs, outcome measures, supervision types): one
  horizontal bar per option, sorted by count, longest first.
- Single-choice questions (appointment length, sessions, caseload, ...): one bar per band
  in questionnaire order, so the shape of the distribution shows; the SPLW safe-caseload
  band is marked `◆ safe caseload`.

Every figure is printed as a number beside its bar and every score has its own glyph, so
colour is never the only signal.  Data text goes through `plain()`, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tui.cells import LOW_THRESHOLD, change_text, percent_figure, plain, whole_percent

if TYPE_CHECKING:
    import polars as pl

SCORE_GLYPHS = ("█", "▓", "░", "▓", "█")
SCORE_STYLES = ("red", "dark_orange", "grey62", "green3", "green4")
MIDLINE = "│"
MAX_HALF = 25
MIN_HALF = 8
FIGURES_WIDTH = 22
MAX_BAR = 40


def _cells(shares: list[float], half: int) -> list[int]:
    """Cells per segment, rounding the running total so segments add up exactly."""
    out, cum, used = [], 0.0, 0
    for s in shares:
        cum += s
        end = round(cum * half / 100)
        out.append(max(0, end - used))
        used = max(used, end)
    return out


def diverging_bar(counts: list[int], half: int) -> Text:
    """1-2 left of the midline, 4-5 right, 3 split across it; each side `half` cells."""
    total = sum(counts)
    if total <= 0:
        return Text(" " * half + MIDLINE + " " * half, style="dim")
    pct = [100 * c / total for c in counts]
    left = _cells([pct[2] / 2, pct[1], pct[0]], half)  # from the midline outwards
    right = _cells([pct[2] / 2, pct[3], pct[4]], half)
    bar = Text(" " * (half - sum(left)))
    for score, n in ((0, left[2]), (1, left[1]), (2, left[0])):
        bar.append(SCORE_GLYPHS[score] * n, style=SCORE_STYLES[score])
    bar.append(MIDLINE, style="bold")
    for score, n in ((2, right[0]), (3, right[1]), (4, right[2])):
        bar.append(SCORE_GLYPHS[score] * n, style=SCORE_STYLES[score])
    bar.append(" " * (half - sum(right)))
    return bar


def legend() -> Text:
    text = Text("Scores: ", style="dim")
    for score in range(5):
        text.append(SCORE_GLYPHS[score] * 2, style=SCORE_STYLES[score])
        text.append(f" {score + 1}  ")
    text.append("· 1-2 left of │, 4-5 right, 3 split across it", style="dim")
    return text


def _half_width(width: int) -> int:
    return max(MIN_HALF, min(MAX_HALF, (width - FIGURES_WIDTH - 1) // 2))


def likert_chart(likert: pl.DataFrame, width: int, sort_by_mean: bool = False) -> Text:
    """Two lines per statement: the statement with its mean and n, then its bar."""
    rows = [r for r in likert.iter_rows(named=True) if r["n"]]
    if sort_by_mean:
        rows.sort(key=lambda r: (r["mean"], r["statement"]))
    half = _half_width(width)
    out = Text()
    for i, r in enumerate(rows):
        if i:
            out.append("\n\n")
        statement = plain(r["statement"])
        statement.stylize("bold")
        out.append_text(statement)
        mean = r["mean"]
        out.append(f"  mean {mean:.2f}", style="bold red" if mean < LOW_THRESHOLD else "")
        if mean < LOW_THRESHOLD:
            out.append(" ▼ LOW", style="bold red")
        out.append(f"  n {r['n']}", style="dim")
        counts = [r[f"n_{i}"] or 0 for i in range(1, 6)]
        # the shares of 1-2, 3 and 4-5 as the data layer computed them (tui/stats.py),
        # rounded like every percentage on screen (tui/cells.py)
        poor, mid, good = (
            percent_figure(r.get("pct_unfavourable")) or 0,
            percent_figure(r.get("pct_neutral")) or 0,
            percent_figure(r.get("pct_favourable")) or 0,
        )
        out.append("\n")
        out.append(f"{poor:4}% ", style="bold")
        out.append_text(diverging_bar(counts, half))
        out.append(f" {good}%", style="bold")
        out.append(f"  (3: {mid}%)", style="dim")
        certainty = _certainty(r)
        if certainty.plain:
            out.append("\n")
            out.append_text(certainty)
    return out


def _certainty(r: dict) -> Text:
    """Under a statement's bar: its 95% interval, its change against the previous wave
    (sig. / n.s.) and a low-base flag, as the data layer computed them."""
    parts: list[Text] = []
    if r.get("mean_ci_low") is not None and r.get("mean_ci_high") is not None:
        parts.append(
            Text(f"95% interval {r['mean_ci_low']:.2f}–{r['mean_ci_high']:.2f}", style="dim")
        )
    if r.get("previous_wave") is not None:
        change = Text(f"vs {r['previous_wave']} ", style="dim")
        if r.get("change_note"):
            change.append(r["change_note"], style="dim")
        else:
            change.append_text(
                change_text(
                    r.get("mean_change"), "", good_up=True, significant=r.get("change_significant")
                )
            )
        parts.append(change)
    if r.get("low_base"):
        parts.append(Text("low base", style="italic"))
    return Text("      ") + Text(" · ").join(parts) if parts else Text()


def option_bar(count: int, largest: int, width: int, glyph: str = "█", style: str = "cyan") -> Text:
    filled = 0 if not largest else round(width * count / largest)
    if count and not filled:
        filled = 1  # a chosen option never looks like zero
    return Text(glyph * filled, style=style) + Text("·" * (width - filled), style="dim")


def choice_chart(question: pl.DataFrame, width: int) -> RenderableType:
    """One question's options as bars: multi-select sorted by count, bands in order."""
    first = question.row(0, named=True)
    qtype = first["qtype"]
    answered = first["n_answered"] or 0
    heading = plain(first["question"])
    heading.stylize("bold")
    if qtype == "text":
        noun = "answer" if answered == 1 else "answers"
        heading.append(f"\n{answered} free-text {noun}: press c to read them", style="dim")
        return heading
    options = [r for r in question.iter_rows(named=True) if r["option"] is not None]
    if qtype == "multi":
        options.sort(key=lambda r: -(r["count"] or 0))
        how = "tick all that apply · sorted by count"
    else:
        how = "one answer each · in questionnaire order"
    shown_answered = first["n_answered"] if first["n_answered"] is not None else "–"
    heading.append(f"\n{shown_answered} answered · {how}", style="dim")
    if first.get("low_base"):
        heading.append(" · low base", style="italic")
    if not (answered or any(r["count"] for r in options)):
        return Group(heading, Text("No answers", style="dim"))
    largest = max((r["count"] or 0) for r in options) if options else 0
    label_width = max(
        12, min(32, max((len(r["option"]) for r in options), default=12) + 2, width // 3)
    )
    figures = []
    for r in options:
        if r["count"] is None:  # a hidden locality's own row: its note, no figure
            figures.append(plain(r.get("note") or "hidden"))
            continue
        share = whole_percent(r["count"], r["n_answered"])
        text = Text(f"{r['count']:>4} " + (f"{share:>3}%" if share is not None else "   –"))
        if r.get("marker") == "safe_caseload":
            text.append(" ◆ safe caseload", style="bold")
        figures.append(text)
    figures_width = max(len(f) for f in figures) if figures else 0
    bar_width = max(8, min(MAX_BAR, width - label_width - figures_width - 2))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=label_width, overflow="fold")
    grid.add_column(width=bar_width, no_wrap=True)
    grid.add_column(width=figures_width, no_wrap=True)
    for r, text in zip(options, figures, strict=True):
        safe = r.get("marker") == "safe_caseload"
        grid.add_row(
            plain(r["option"]),
            option_bar(
                r["count"] or 0,
                largest,
                bar_width,
                "▓" if safe else "█",
                "yellow" if safe else "cyan",
            ),
            text,
        )
    return Group(heading, grid)


def theme_chart(
    theme: pl.DataFrame, likert: pl.DataFrame, width: int, sort_by_mean: bool = False
) -> RenderableType:
    """The whole theme: the Likert block (with its legend), then each choice question."""
    parts: list[RenderableType] = []
    if likert.height and any(likert["n"].fill_null(0) > 0):
        title = Text("Statements (1 not at all good … 5 extremely good)", style="bold")
        if sort_by_mean:
            title.append("  sorted by mean, lowest first", style="dim")
        parts += [title, legend(), Text(""), likert_chart(likert, width, sort_by_mean)]
    choices = theme.filter(theme["qtype"] != "likert")
    for (_qid,), group in choices.group_by("question_id", maintain_order=True):
        if parts:
            parts.append(Text(""))
        parts.append(choice_chart(group, width))
    if not parts:
        parts.append(Text("No questions to chart", style="dim"))
    return Group(*parts)
