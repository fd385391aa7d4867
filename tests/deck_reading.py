"""Reading a generated deck the way a person (or PowerPoint) would: every slide's text,
tables, charts with their embedded workbooks, and speaker notes.  For the report tests."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from pptx import Presentation

SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass
class ChartSeen:
    categories: list[str]
    series: dict[str, list[float | None]]
    labels: list[str]  # custom data-label text, in point order
    workbook: list[str]  # every cell of the embedded workbook, as text
    chart_type: str

    def values(self) -> dict[str, float | None]:
        """option -> the first series' value (the option: the category label without
        its marks, "  (most common)" or "  ◆ safe caseload")."""
        first = next(iter(self.series.values()))
        return dict(zip(self.options(), first, strict=True))

    def options(self) -> list[str]:
        return [c.split("  ")[0] for c in self.categories]


@dataclass
class SlideSeen:
    number: int
    title: str  # the title's last line
    kicker: str  # the line above the title ("SPLW · ...")
    texts: list[str] = field(default_factory=list)  # text boxes and the title
    tables: list[list[list[str]]] = field(default_factory=list)
    charts: list[ChartSeen] = field(default_factory=list)
    notes: str = ""

    def all_text(self) -> str:
        parts = [*self.texts, self.notes]
        parts += ["\t".join(row) for table in self.tables for row in table]
        for chart in self.charts:
            parts += chart.categories + list(chart.series) + chart.labels + chart.workbook
            parts += [str(v) for values in chart.series.values() for v in values]
        return "\n".join(parts)


def workbook_cells(blob: bytes) -> list[str]:
    """Every shared string and every cell value of the chart's embedded workbook."""
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(blob)) as book:
        for name in book.namelist():
            if name.endswith("sharedStrings.xml") or re.search(r"worksheets/sheet\d+\.xml$", name):
                root = ElementTree.fromstring(book.read(name))
                out += [
                    el.text or ""
                    for el in root.iter()
                    if el.tag in (f"{SHEET_NS}t", f"{SHEET_NS}v")
                ]
    return out


def read_deck(path: Path) -> list[SlideSeen]:
    prs = Presentation(str(path))
    seen = []
    for number, slide in enumerate(prs.slides, start=1):
        title_lines = (
            slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        ).splitlines() or [""]
        s = SlideSeen(number, title_lines[-1], title_lines[0] if len(title_lines) > 1 else "")
        for shape in slide.shapes:
            if shape.has_text_frame:
                s.texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                s.tables.append([[cell.text for cell in row.cells] for row in shape.table.rows])
            if getattr(shape, "has_chart", False) and shape.has_chart:
                s.charts.append(_chart(shape.chart))
        if slide.has_notes_slide:
            s.notes = slide.notes_slide.notes_text_frame.text
        seen.append(s)
    return seen


def _chart(chart: Any) -> ChartSeen:
    plot = chart.plots[0]
    labels = []
    for series in plot.series:
        for i in range(len(list(series.values))):
            label = series.points[i].data_label
            if label.has_text_frame:
                labels.append(label.text_frame.text)
    return ChartSeen(
        categories=[str(c) for c in plot.categories],
        series={s.name: list(s.values) for s in plot.series},
        labels=labels,
        workbook=workbook_cells(chart.part.chart_workbook.xlsx_part.blob),
        chart_type=str(chart.chart_type),
    )


def slides_of(deck: list[SlideSeen], role: str) -> list[SlideSeen]:
    """The slides of one role's section (their kicker starts with its label)."""
    return [s for s in deck if s.kicker.startswith(f"{role} ·")]


def find(deck: list[SlideSeen], role: str, title: str) -> SlideSeen:
    hits = [s for s in slides_of(deck, role) if s.title == title]
    assert hits, f"no slide {title!r} for {role}: {[s.title for s in slides_of(deck, role)]}"
    return hits[0]
