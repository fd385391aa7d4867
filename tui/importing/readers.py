"""Reading survey exports into headers and rows of text, whatever tool made them.

Each flavour is recognised by content, not by file name: a Microsoft Forms export starts
with ID / Start time columns and separates multi-select answers with `;`; the reader
returns the same RawExport for all of them, so validation is shared.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from tui.errors import UserError

MS_FORMS = "Microsoft Forms"
GENERIC_CSV = "CSV"


@dataclass
class RawExport:
    path: Path
    flavour: str
    headers: list[str]
    rows: list[list[str]]
    first_data_row: int = 2          # file row number of rows[0], for messages
    multi_separator: str = ";"
    notes: list[str] = field(default_factory=list)


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; anything else is a clear error."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UserError(f"{path}: starts with a UTF-8 mark but byte {exc.start} is not "
                            "UTF-8; re-save the export as CSV UTF-8") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: is neither UTF-8 nor Windows-1252 text (byte {exc.start}); "
                        "re-save the export as CSV UTF-8") from None


def parse_csv(path: Path, text: str) -> list[list[str]]:
    sample = text[:4096]
    delimiter = ","
    first_line = sample.split("\n", 1)[0]
    if first_line.count(";") > first_line.count(",") and first_line.count(";") > 1:
        delimiter = ";"
    elif first_line.count("\t") > first_line.count(","):
        delimiter = "\t"
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UserError(f"{path}: is not a readable CSV file ({exc})") from None


def read_export(path: str | Path) -> RawExport:
    path = Path(path)
    if not path.exists():
        raise UserError(f"{path}: no such file (expected a survey export, .csv or .xlsx)")
    if path.is_dir():
        raise UserError(f"{path}: is a directory, not a survey export")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise UserError(f"{path}: the export is empty (no header row, no responses)")
    records = parse_csv(path, decode_text(path, data))
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        raise UserError(f"{path}: the export is empty (no header row, no responses)")
    headers = [h.strip() for h in records[0]]
    flavour = MS_FORMS if {"id", "start time"} <= {h.casefold() for h in headers} else GENERIC_CSV
    raw = RawExport(path, flavour, headers, records[1:], first_data_row=2)
    if not raw.rows:
        raise UserError(f"{path}: has a header row but no responses")
    return raw
