"""What every export reader returns: the export as headers and rows of text.

Readers differ by the tool that made the export (Microsoft Forms, Google Forms,
SurveyMonkey / SmartSurvey, a plain CSV); validation is shared, so each reader turns
its flavour into one RawExport and says what it knows about the file on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MS_FORMS = "Microsoft Forms"
GOOGLE_FORMS = "Google Forms"
SURVEYMONKEY = "SurveyMonkey"
SMARTSURVEY = "SmartSurvey"
TWO_HEADER_ROWS = "two-header-row export"
GENERIC_CSV = "CSV"


@dataclass
class RawExport:
    """An export read into text: one header per column, one list of cells per response.

    `multi_separator` is how several ticked options share one cell; None means the
    format does not say, and the codebook's `multi_separator` applies.
    `row_numbers` gives the file row of each response (for messages) when rows were
    skipped; otherwise rows[i] is file row `first_data_row + i`.
    `alt_headers` holds other names a column may be matched by (a grid row's
    statement, say), and `multi_options` the options of a column whose multi-select
    answers were spread over one column per option in the file.  `ragged` maps a row
    index to (cells found, cells expected) when a reader had to reshape rows and the
    file's row did not have as many cells as its header.
    """

    path: Path
    flavour: str
    headers: list[str]
    rows: list[list[str]]
    first_data_row: int = 2
    multi_separator: str | None = ";"
    notes: list[str] = field(default_factory=list)
    row_numbers: list[int] | None = None
    alt_headers: dict[int, tuple[str, ...]] = field(default_factory=dict)
    multi_options: dict[int, list[str]] = field(default_factory=dict)
    encoding: str = ""
    ragged: dict[int, tuple[int, int]] = field(default_factory=dict)

    def row_number(self, index: int) -> int:
        """The file row (1-based, as a spreadsheet shows it) of rows[index]."""
        if self.row_numbers is not None:
            return self.row_numbers[index]
        return self.first_data_row + index

    def describe(self) -> str:
        """e.g. 'Microsoft Forms export, UTF-8 with BOM'."""
        return f"{self.flavour} export" + (f", {self.encoding}" if self.encoding else "")


Records = list[tuple[int, list[str]]]
"""Non-blank records of a file, each with its 1-based row number."""


def numbered(records: list[list[str]]) -> Records:
    """Number a file's records and drop the wholly blank ones."""
    return [(i + 1, r) for i, r in enumerate(records) if any(cell.strip() for cell in r)]


def from_records(
    path: Path,
    flavour: str,
    records: Records,
    header_rows: int = 1,
    *,
    multi_separator: str | None = ";",
) -> RawExport:
    """The common shape: header row(s), then one record per response."""
    headers = [h.strip() for h in records[header_rows - 1][1]]
    body = records[header_rows:]
    first = records[header_rows - 1][0] + 1
    numbers = [n for n, _ in body]
    contiguous = numbers == list(range(first, first + len(numbers)))
    return RawExport(
        path,
        flavour,
        headers,
        [r for _, r in body],
        first_data_row=first,
        multi_separator=multi_separator,
        row_numbers=None if contiguous else numbers,
    )
