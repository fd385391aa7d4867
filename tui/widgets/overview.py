"""The Overview card: the one screen a peer-support lead reads out in a session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from tui.cells import plain, render_plain, share_text, whole_percent

if TYPE_CHECKING:
    import polars as pl

THEME_SHORT = {"role_support": "role & support", "supervision": "supervision"}
FRAMEWORK_EXPECTATION = "the role frameworks expect regular (monthly) clinical supervision"


def share(n: int | None, d: int | None) -> str:
    """n of d as "45% (15 of 33)" (tui.cells.share_text: one rounding everywhere)."""
    return share_text(n, d)


def gap_certainty(g: dict) -> str:
    """How sure the supervision gap is: " (95% interval 17–38%)", " · low base"."""
    text = ""
    low, high = g.get("pct_no_clinical_ci_low"), g.get("pct_no_clinical_ci_high")
    if low is not None and high is not None:
        text += f" (95% interval {low:.0f}–{high:.0f}%)"
    if g.get("low_base"):
        text += " · low base"
    return text


def one_line(text: Text, compact: bool) -> Text:
    """On a narrow terminal a preview line keeps to one line, ending in "…" (the
    section's own table has the rest), so the whole card fits 80x24."""
    if compact:
        text.no_wrap = True
        text.overflow = "ellipsis"
    return text


def distribution_line(demographics: pl.DataFrame, field_question: str) -> Text:
    rows = demographics.filter(demographics["question_id"] == field_question)
    if rows.height == 0:
        return Text("–")
    parts = [
        (r["option"], r["count"])
        for r in rows.iter_rows(named=True)
        if r["option"] is not None and r["count"]
    ]
    parts.sort(key=lambda p: -p[1])
    line = Text()
    for i, (label, count) in enumerate(parts):
        if i:
            line.append(" · ", style="dim")
        line.append_text(plain(label))
        line.append(f" {count}", style="bold")
    missing = rows.row(0, named=True)["n_not_answered"]
    if missing:
        line.append(f" · not answered {missing}", style="dim")
    return line


def top_training(training: pl.DataFrame) -> Text:
    """The most chosen training need; a tie names every option at the top."""
    needs = training.filter((training["qtype"] == "multi") & training["option"].is_not_null())
    if needs.height == 0 or not needs["count"].max():
        return Text("–")
    top = needs["count"].max()
    best = needs.filter(needs["count"] == top)
    text = Text("★ ", style="bold yellow")
    for i, row in enumerate(best.iter_rows(named=True)):
        if i:
            text.append(" / ")
        text.append_text(plain(row["option"]))
    row = best.row(0, named=True)
    text.append(
        f" — {share(row['count'], row['n_answered'])}" + (" each" if best.height > 1 else "")
    )
    low, high = row.get("pct_ci_low"), row.get("pct_ci_high")
    if low is not None and high is not None:
        text.append(f" (95% interval {low:.0f}–{high:.0f}%)", style="dim")
    if row.get("low_base"):
        text.append(" · low base")
    return text


def build_overview(
    frames: dict[str, pl.DataFrame],
    role: str,
    wave: int,
    locality: str | None,
    low_base: int | None = None,
    compact: bool = False,
) -> Group:
    """The card; `compact` (under 100 columns) keeps each line to one screen line."""
    roles = frames["roles"].filter(frames["roles"]["role"] == role)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    if roles.height:
        r = roles.row(0, named=True)
        title = plain(r["role_name"])
        title.stylize("bold")
        responses = Text(
            f"{r['respondents']} of {r['workforce']} "
            f"({whole_percent(r['respondents'], r['workforce'])}%)"
            if r["workforce"]
            else f"{r['respondents']} respondents"
        )
        if low_base is not None and locality is None and r["respondents"] < low_base:
            responses.append(
                f" · low base (under {low_base}): figures are indications", style="bold"
            )
        grid.add_row("Responses", responses)
    else:
        title = Text(role, style="bold")
        grid.add_row("Responses", Text("No responses in this wave"))
    if locality is not None:
        localities = frames["localities"]
        here = localities.filter(localities["locality"] == locality)
        n = here["respondents"][0] if here.height else 0
        if n is None and "note" in here.columns:
            n = here["note"][0]
        here_line = plain(f"{n} respondents in {locality}")
        if isinstance(n, int) and low_base is not None and 0 < n < low_base:
            here_line.append(f" · low base: fewer than {low_base} answers", style="bold")
        grid.add_row("In this locality", here_line)
    demographics = frames["demographics"]
    if (
        demographics.height
        and "suppressed" in demographics.columns
        and demographics["suppressed"].all()
    ):
        note = demographics["note"][0]
        grid.add_row(
            "Figures hidden",
            Text(f"{note} respondents here: no figure is shown, so that no one can be identified"),
        )
        place = locality or "All localities"
        return Group(title + Text(f" · {wave} · ", style="dim") + plain(place), Text(""), grid)
    grid.add_row("Time in role", distribution_line(demographics, "tenure"))
    grid.add_row("Employment", one_line(distribution_line(demographics, "employment"), compact))
    grid.add_row("Employer", one_line(distribution_line(demographics, "employer"), compact))

    low = frames["low"]
    lows = Table.grid(padding=(0, 1))
    lows.add_column(no_wrap=True)
    lows.add_column()
    shown = [r for r in low.iter_rows(named=True) if not r.get("suppressed")]
    themes = sorted({r["theme"] for r in shown if r.get("theme")})
    if len(shown) > 1:
        # say how many, and from which themes: "5 below 3: 4 role & support, 1 supervision"
        per_theme = ", ".join(
            f"{sum(1 for r in shown if r['theme'] == t)} {THEME_SHORT.get(t, t)}" for t in themes
        )
        lows.add_row(
            Text(""),
            Text(
                f"{len(shown)} statements average below 3"
                + (f": {per_theme}" if len(themes) > 1 else ""),
                style="dim",
            ),
        )
    for row in low.head(5).iter_rows(named=True):
        if row.get("suppressed") or row["mean"] is None:
            lows.add_row(Text("–"), plain(row.get("note") or "hidden"))
            continue
        what = plain(row["statement"])
        ci_low, ci_high = row.get("mean_ci_low"), row.get("mean_ci_high")
        if ci_low is not None and ci_high is not None:
            what.append(f" · 95% {ci_low:.2f}–{ci_high:.2f}", style="dim")
        if len(themes) > 1:
            what.append(f" · {THEME_SHORT.get(row['theme'], row['theme'])}", style="dim")
        if row.get("low_base"):
            what.append(" · low base", style="italic")
        lows.add_row(Text(f"▼ {row['mean']:.2f}", style="bold red"), one_line(what, compact))
    likert = frames.get("role_likert")
    anything_rated = (
        likert is not None and likert.height > 0 and bool((likert["n"].fill_null(0) > 0).any())
    )
    if low.height == 0 and anything_rated:
        lows.add_row(Text("✓"), Text("No statement averages below 3 of 5"))
    elif low.height == 0:
        lows.add_row(Text("–"), Text("Nobody answered the statements"))
    grid.add_row("Lowest scores", lows)

    gaps = frames["gaps"]
    if gaps.height and gaps["n_answered"][0]:
        g = gaps.row(0, named=True)
        gap = Text("⚠ ", style="bold yellow")
        gap.append(
            f"{share(g['n_no_clinical'], g['n_answered'])} have no clinical supervision",
            style="bold",
        )
        gap.append(gap_certainty(g))
        if compact:
            gap.append("\n")
            gap.append(f"At least monthly: {share(g['n_regular'], g['n_answered_frequency'])}")
        else:
            gap.append(f"; {FRAMEWORK_EXPECTATION}.\n")
            gap.append(
                f"Supervision meetings at least monthly: "
                f"{share(g['n_regular'], g['n_answered_frequency'])}"
            )
    else:
        gap = Text("No answers on supervision")
    grid.add_row("Supervision gap", gap)
    grid.add_row("Top training need", top_training(frames["training"]))
    place = locality or "All localities"
    heading = one_line(title + Text(f" · {wave} · ", style="dim") + plain(place), compact)
    return Group(heading, grid) if compact else Group(heading, Text(""), grid)


class RenderedOnce:
    """A renderable drawn once per width: Textual measures a Static's height by
    rendering its renderable, then renders it again to draw it (measured: three
    renders of the card's tables per drill, ~15 ms each).  The segments do not depend
    on anything else the options carry here: Text and tables of fixed styles."""

    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner
        self.rendered: dict[tuple[object, ...], list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (
            options.max_width,
            options.min_width,
            options.justify,
            options.overflow,
            options.no_wrap,
            options.highlight,
        )
        segments = self.rendered.get(key)
        if segments is None:
            segments = self.rendered[key] = list(console.render(self.inner, options))
        yield from segments

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.inner)


class OverviewCard(Static):
    """Static holding the overview renderable (built from Text, never markup)."""

    COMPACT_BELOW = 100  # columns of terminal

    def show(
        self, frames: dict[str, pl.DataFrame], role: str, wave: int, locality: str | None
    ) -> None:
        self.shown_args = (frames, role, wave, locality)
        self.compact = self.app.size.width < self.COMPACT_BELOW
        self.card = build_overview(
            frames, role, wave, locality, self.app.data.low_base, self.compact
        )
        self.update(RenderedOnce(self.card))

    def on_resize(self) -> None:
        args = getattr(self, "shown_args", None)
        if args is not None and self.compact != (self.app.size.width < self.COMPACT_BELOW):
            self.show(*args)

    def plain_text(self, width: int = 120) -> str:
        """What the card says, as plain text (for tests and exports)."""
        return render_plain(getattr(self, "card", ""), width)
