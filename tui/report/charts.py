"""Native PowerPoint charts from the data layer's frames, their data embedded.

Each chart's embedded workbook holds the figures exactly as the frame gives them
(counts of people), so a chart restyled or rebuilt in PowerPoint stays true to the data;
the labels on the bars add the share of those who answered, as the frame gives it.

- Likert statements: a 100% stacked bar per statement, scores 1 to 5 left to right
  (red to blue), the counts of each score as the data; the category label carries the
  mean and "below 3" in words, so colour is never the only signal.
- Tick-all-that-apply questions: one bar per option, sorted by count, largest on top.
- Single-choice questions (bands, yes/no): one bar per option in questionnaire order;
  the SPLW safe caseload band is drawn in its own colour and labelled "◆ safe caseload",
  the most common band labelled "most common".

Nothing here decides a figure: sorting, labels and colours only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.util import Pt

from tui.report.text import fmt_mean, fmt_pct, plain

if TYPE_CHECKING:
    import polars as pl
    from pptx.shapes.graphfrm import GraphicFrame
    from pptx.slide import Slide

# Scores 1-5: red to blue through grey (readable for the common colour-vision types).
SCORE_COLOURS = ("C0392B", "F0A58F", "BFBFBF", "92C5DE", "2166AC")
BAR = "2E75B6"
SAFE = "ED7D31"
SAFE_LABEL = "◆ safe caseload"
MOST_COMMON = "most common"
LOW = 3.0


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in EMU."""

    left: int
    top: int
    width: int
    height: int


def _alt_text(frame: GraphicFrame, text: str) -> None:
    """The chart's description for screen readers (PowerPoint's Alt Text)."""
    frame._element.nvGraphicFramePr.cNvPr.set("descr", plain(text)[:1000])


def _style_axes(chart: Any, category_size: int = 12) -> None:
    chart.has_title = False
    chart.font.size = Pt(11)
    cat = chart.category_axis
    cat.tick_labels.font.size = Pt(category_size)
    cat.reverse_order = True  # first category on top, as read
    cat.has_major_gridlines = False
    cat.format.line.color.rgb = RGBColor.from_string("7F7F7F")
    _label_every_category(cat)


def _label_every_category(axis: Any) -> None:
    """Label every bar: without tickLblSkip a viewer may drop labels it finds crowded."""
    from pptx.oxml.ns import qn
    from pptx.oxml.xmlchemy import OxmlElement

    element = axis._element
    if element.find(qn("c:tickLblSkip")) is not None:
        return
    skip = OxmlElement("c:tickLblSkip")
    skip.set("val", "1")
    anchor = element.find(qn("c:lblOffset"))
    if anchor is None:
        anchor = element.find(qn("c:lblAlgn"))
    if anchor is not None:
        anchor.addnext(skip)


def _plot_area_from(chart: Any, box: Box, categories: list[str], right: float) -> None:
    """Leave the category labels room to the left of the bars (a share of the chart's
    width fitted to the longest label, wrapped at most to two lines) and `right` for the
    data labels: a viewer otherwise narrows the labels until they wrap and overlap, then
    drops every other one."""
    from pptx.oxml.ns import qn
    from pptx.oxml.xmlchemy import OxmlElement

    width_in = box.width / 914400
    longest = max((len(c) for c in categories), default=10)
    needed = min(longest, 34) * 0.085 + 0.2  # inches at 11-12 pt, one line
    left = max(0.18, min(0.5, needed / width_in))
    plot_area = chart._chartSpace.chart.plotArea
    for old in plot_area.findall(qn("c:layout")):
        plot_area.remove(old)
    layout = OxmlElement("c:layout")
    manual = OxmlElement("c:manualLayout")
    for tag, val in (
        ("c:layoutTarget", "inner"),
        ("c:xMode", "edge"),
        ("c:yMode", "edge"),
        ("c:x", f"{left:.3f}"),
        ("c:y", "0.02"),
        ("c:w", f"{max(0.2, 1 - left - right):.3f}"),
        ("c:h", "0.90"),
    ):
        element = OxmlElement(tag)
        element.set("val", val)
        manual.append(element)
    layout.append(manual)
    plot_area.insert(0, layout)


def likert_chart(
    slide: Slide, box: Box, likert: pl.DataFrame, score_labels: list[str]
) -> GraphicFrame | None:
    """A 100% stacked bar per statement with n answering; the data are counts n_1..n_5."""
    rows = [r for r in likert.iter_rows(named=True) if r.get("n")]
    if not rows:
        return None
    data = CategoryChartData(number_format="0")
    data.categories = [likert_category(r) for r in rows]
    for score in range(1, 6):
        name = score_labels[score - 1] if len(score_labels) >= score else str(score)
        data.add_series(plain(name), [r.get(f"n_{score}") or 0 for r in rows])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_STACKED_100, box.left, box.top, box.width, box.height, data
    )
    chart = frame.chart
    _style_axes(chart, category_size=11 if len(rows) > 6 else 12)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(11)
    plot = chart.plots[0]
    plot.gap_width = 40
    plot.overlap = 100
    value = chart.value_axis
    value.has_major_gridlines = False
    value.tick_labels.font.size = Pt(10)
    value.tick_labels.number_format = "0%"
    value.tick_labels.number_format_is_linked = False
    for i, series in enumerate(plot.series):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(SCORE_COLOURS[i])
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = "0;;;"  # counts; a zero leaves no stray "0"
    labels.number_format_is_linked = False
    labels.font.size = Pt(10)
    labels.position = XL_LABEL_POSITION.CENTER
    _alt_text(
        frame,
        "Stacked bars, one per statement: how many rated it 1 (not at all "
        "good) to 5 (extremely good). "
        + "; ".join(
            likert_category(r) + ": " + ", ".join(str(r.get(f"n_{s}") or 0) for s in range(1, 6))
            for r in rows
        ),
    )
    return frame


def likert_category(row: dict[str, Any]) -> str:
    """The statement with its mean and n, and "below 3" in words where it is."""
    mean = row.get("mean")
    flag = "  ▼ below 3" if mean is not None and mean < LOW else ""
    return f"{plain(row['statement'])} ({fmt_mean(mean)}, n {row.get('n')}){flag}"


def options_of(question: pl.DataFrame) -> list[dict[str, Any]]:
    return [r for r in question.iter_rows(named=True) if r.get("option") is not None]


def sorted_options(question: pl.DataFrame) -> list[dict[str, Any]]:
    """Tick-all-that-apply options by count, most chosen first (ties in questionnaire
    order); single-choice options in questionnaire order."""
    options = options_of(question)
    first = options[0] if options else {}
    if first.get("qtype") == "multi":
        options = sorted(options, key=lambda r: -(r.get("count") or 0))
    return options


def choice_chart(
    slide: Slide, box: Box, question: pl.DataFrame, mode: str | None = None
) -> GraphicFrame | None:
    """One bar per option: counts as the data, "count · share" as the label.  `mode` is
    the data layer's most common option (ties joined with " / "), labelled in words."""
    options = sorted_options(question)
    if not options:
        return None
    modes = set((mode or "").split(" / ")) if mode else set()
    data = CategoryChartData(number_format="0")
    categories = []
    for r in options:
        label = plain(r["option"])
        if r.get("marker") == "safe_caseload":
            label += f"  {SAFE_LABEL}"
        if r["option"] in modes:
            label += f"  ({MOST_COMMON})"
        categories.append(label)
    data.categories = categories
    # A hidden figure (a suppressed row) stays an empty cell, never a 0.
    data.add_series("Respondents", [r.get("count") for r in options])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, box.left, box.top, box.width, box.height, data
    )
    chart = frame.chart
    _style_axes(chart, category_size=12 if len(options) <= 6 else 11 if len(options) <= 8 else 10)
    _plot_area_from(chart, box, categories, right=0.14)
    chart.has_legend = False
    plot = chart.plots[0]
    plot.gap_width = 45
    plot.vary_by_categories = False
    value = chart.value_axis
    value.visible = False
    value.has_major_gridlines = False
    value.minimum_scale = 0
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = RGBColor.from_string(BAR)
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(11)
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    for i, r in enumerate(options):
        point = series.points[i]
        if r.get("marker") == "safe_caseload":
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = RGBColor.from_string(SAFE)
        label = point.data_label
        label.has_text_frame = True
        label.text_frame.text = option_label(r)
        label.position = XL_LABEL_POSITION.OUTSIDE_END
        label.font.size = Pt(11)
    first = options[0]
    how = (
        "tick all that apply, sorted by count"
        if first.get("qtype") == "multi"
        else "one answer each, in questionnaire order"
    )
    _alt_text(
        frame,
        f"Bar chart: {plain(first.get('question'))} ({how}). "
        + "; ".join(
            f"{c}: {option_label(r, with_interval=True)}"
            for c, r in zip(categories, options, strict=True)
        ),
    )
    return frame


def option_label(row: dict[str, Any], with_interval: bool = False) -> str:
    """'31 · 60%' (on a bar: short, or a viewer wraps it), with the interval when asked
    and the data layer gives one (speaker notes, alt text); a hidden figure's note
    ("fewer than 5") where the data layer withheld it."""
    if row.get("count") is None:
        return plain(row.get("note") or "hidden")
    text = f"{row.get('count') or 0} · {fmt_pct(row.get('pct'))}"
    if not with_interval:
        return text
    low, high = row.get("pct_ci_low"), row.get("pct_ci_high")
    if low is not None and high is not None:
        text += f" (95% interval {fmt_pct(low, sign=False)}–{fmt_pct(high)})"
    return text
