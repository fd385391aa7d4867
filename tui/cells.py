"""Cell renderables shared by the explorer's tables: bars, flags and figures.

Everything here builds `rich.text.Text` from data, so data text is never read as markup,
and every colour has a word or symbol beside it: colour is never the only signal.
"""

from __future__ import annotations

import math
import os

from rich.console import RenderableType
from rich.text import Text

from tui.safe_text import clean

LOW_THRESHOLD = 3.0
SCORE_STYLES = ("red", "dark_orange", "grey62", "green3", "green4")
SCORE_GLYPHS = ("█", "▓", "▒", "▓", "█")


def plain(value: object) -> Text:
    """Data text as an inert Text: escapes stripped, markup left literal."""
    return Text(clean(value))


def number(value: object, digits: int = 0) -> Text:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Text("–", justify="right")
    if isinstance(value, float):
        return Text(f"{value:.{digits}f}", justify="right")
    return Text(str(value), justify="right")


def whole_percent(count: int | None, base: int | None) -> int | None:
    """count / base as a whole percentage, rounded half up from the exact counts: the one
    rounding every percentage on screen goes through (15 of 33 is 45%, everywhere)."""
    if not base or count is None:
        return None
    return (200 * count + base) // (2 * base)


def percent_figure(value: float | None) -> int | None:
    """A percentage the data layer gives (already rounded to one decimal) as a whole
    number, half up like whole_percent; use whole_percent when the counts are at hand."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return math.floor(value + 0.5)


def percent(value: float | None) -> Text:
    """A stored percentage for a table cell ("46%"); prefer percent_of with counts."""
    whole = percent_figure(value)
    return Text("–" if whole is None else f"{whole}%", justify="right")


def percent_of(count: int | None, base: int | None) -> Text:
    """count of base as a table cell: "45%"."""
    whole = whole_percent(count, base)
    return Text("–" if whole is None else f"{whole}%", justify="right")


def share_text(count: int | None, base: int | None) -> str:
    """count of base in words: "45% (15 of 33)"; "–" when nobody answered."""
    whole = whole_percent(count or 0, base)
    return "–" if whole is None else f"{whole}% ({count or 0} of {base})"


def likert_bar(counts: list[int], width: int = 15) -> Text:
    """A stacked 1-5 distribution: 1 at the left, 5 at the right, each score its glyph."""
    total = sum(counts)
    bar = Text()
    if total <= 0:
        return Text("·" * width, style="dim")
    cells = [c * width / total for c in counts]
    whole = [int(x) for x in cells]
    for i in sorted(range(5), key=lambda i: cells[i] - whole[i], reverse=True):
        if sum(whole) >= width:
            break
        whole[i] += 1
    for i, n in enumerate(whole):
        bar.append(SCORE_GLYPHS[i] * n, style=SCORE_STYLES[i])
    return bar


def share_bar(value: float | None, width: int = 15, style: str = "cyan") -> Text:
    """A horizontal bar for a percentage (0-100)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Text("")
    filled = round(max(0.0, min(100.0, value)) * width / 100)
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")


def mean_flag(mean: float | None, highest: bool) -> Text:
    if mean is None or (isinstance(mean, float) and math.isnan(mean)):
        return Text("")
    if mean < LOW_THRESHOLD:
        return Text("▼ LOW", style="bold red")
    if highest:
        return Text("▲ HIGHEST", style="bold green")
    return Text("")


def mean_text(mean: float | None) -> Text:
    if mean is None or (isinstance(mean, float) and math.isnan(mean)):
        return Text("–", justify="right")
    style = "bold red" if mean < LOW_THRESHOLD else ""
    return Text(f"{mean:.2f}", style=style, justify="right")


def render_plain(renderable: RenderableType, width: int) -> str:
    """A renderable as the plain text a reader sees at `width` columns (for tests)."""
    from rich.console import Console

    with open(os.devnull, "w", encoding="utf-8") as sink:
        console = Console(width=width, record=True, file=sink, color_system=None)
        console.print(renderable)
    return console.export_text()


def change_text(
    delta: float | None, unit: str, *, good_up: bool = False, significant: bool | None = None
) -> Text:
    """A change against the previous wave, in words and symbols: "▲ +0.21" (a mean),
    "▼ -4 pp" (percentage points), "= 0.00" for no change.  With a test result
    (`significant` True or False) a significant change reads "▲ +0.92 sig." and one
    that is not "+0.17 n.s." (no arrow, dim): noise is not shown as a movement.
    `good_up` colours a rise green and a fall red (Likert means); otherwise no colour."""
    if delta is None or (isinstance(delta, float) and math.isnan(delta)):
        return Text("–", style="dim", justify="right")
    digits = 2 if unit == "" else 0
    shown = round(delta, digits)
    suffix = f" {unit}" if unit else ""
    if shown == 0:
        return Text(f"= {abs(shown):.{digits}f}{suffix}", justify="right")
    if significant is False:
        return Text(f"{shown:+.{digits}f}{suffix} n.s.", style="dim", justify="right")
    arrow, style = ("▲", "green3") if shown > 0 else ("▼", "red")
    tail = " sig." if significant else ""
    return Text(
        f"{arrow} {shown:+.{digits}f}{suffix}{tail}",
        justify="right",
        style=style if good_up else "bold",
    )
