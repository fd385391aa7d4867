"""Reading survey exports into headers and rows of text, whatever tool made them.

Each flavour is recognised by content, not by file name: a workbook by its bytes (then
read with fastexcel), text by its encoding (UTF-8 with or without BOM, UTF-16 with a
BOM, else Windows-1252) and delimiter; then the rows themselves say which tool made
them.  One module per flavour (msforms, google_forms, surveymonkey; xlsx for
workbooks) turns its rows into the same RawExport, so validation is shared.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from tui.errors import UserError
from tui.importing import google_forms, msforms, surveymonkey, xlsx
from tui.importing.raw import (
    GENERIC_CSV,
    MS_FORMS,
    RawExport,
    Records,
    from_records,
    numbered,
)

__all__ = ["GENERIC_CSV", "MS_FORMS", "RawExport", "decode_text", "parse_csv", "read_export"]

# Most specific first: two header rows, then a Google timestamp, then Forms metadata.
FLAVOURS = (surveymonkey, google_forms, msforms)


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and a name for its encoding: UTF-8 (BOM or not), UTF-16 (BOM), Windows-1252."""
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name), "UTF-16"
            except UnicodeDecodeError as exc:
                raise UserError(f"{path}: starts with a UTF-16 mark but byte {exc.start} is "
                                "not UTF-16; re-save the export as CSV UTF-8") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
        try:
            return data.decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            raise UserError(f"{path}: starts with a UTF-8 mark but byte {exc.start} is not "
                            "UTF-8; re-save the export as CSV UTF-8") from None
    if b"\x00" in data:
        raise UserError(f"{path}: holds binary data, not a text export; expected a .csv or "
                        ".xlsx survey export")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: is neither UTF-8 nor Windows-1252 text (byte {exc.start}); "
                        "re-save the export as CSV UTF-8") from None


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; anything else is a clear error."""
    return decode(path, data)[0]


def _first_record_counts(text: str) -> dict[str, int]:
    """How often each candidate delimiter occurs in the first record, outside quotes."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in text[:65536]:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            if ch in "\r\n":
                break
            if ch in counts:
                counts[ch] += 1
    return counts


def parse_csv(path: Path, text: str) -> list[list[str]]:
    counts = _first_record_counts(text)
    delimiter = ","
    if counts[";"] > counts[","] and counts[";"] > 1:
        delimiter = ";"
    elif counts["\t"] > counts[","]:
        delimiter = "\t"
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise UserError(f"{path}: is not a readable CSV file ({exc})") from None


def _generic(path: Path, records: Records) -> RawExport:
    return from_records(path, GENERIC_CSV, records, multi_separator=None)


def read_export(path: str | Path) -> RawExport:
    """Read an export of any known flavour; any problem is a one-line UserError."""
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
    notes: list[str] = []
    if xlsx.is_workbook_bytes(data):
        rows, notes = xlsx.read_records(path, data)
        encoding = "Excel workbook"
    else:
        text, encoding = decode(path, data)
        rows = parse_csv(path, text)
    records = numbered(rows)
    if not records:
        raise UserError(f"{path}: the export is empty (no header row, no responses)")
    reader = next((f for f in FLAVOURS if f.detect(records)), None)
    raw = reader.read(path, records) if reader is not None else _generic(path, records)
    raw.encoding = encoding
    raw.notes[:0] = notes
    if not raw.rows:
        rows_word = "its two header rows" if raw.first_data_row > 2 else "a header row"
        raise UserError(f"{path}: has {rows_word} but no responses")
    return raw
