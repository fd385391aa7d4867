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
import re
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
from tui.safe_text import clean

__all__ = ["GENERIC_CSV", "MS_FORMS", "RawExport", "decode_text", "parse_csv", "read_export"]

# Most specific first: two header rows, then a Google timestamp, then Forms metadata.
FLAVOURS = (surveymonkey, google_forms, msforms)


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and a name for its encoding: UTF-8 (BOM or not), UTF-16 (BOM), Windows-1252."""
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(name), "UTF-16"
            except UnicodeDecodeError as exc:
                raise UserError(
                    f"{path}: starts with a UTF-16 mark but byte {exc.start} is "
                    "not UTF-16; re-save the export as CSV UTF-8"
                ) from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        try:
            return data.decode("utf-8"), "UTF-8 with BOM"
        except UnicodeDecodeError as exc:
            raise _damaged_utf8(path, data, exc, offset=len(codecs.BOM_UTF8)) from None
    if b"\x00" in data:
        raise UserError(
            f"{path}: holds binary data, not a text export; expected a .csv or .xlsx survey export"
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            raise _damaged_utf8(path, data, exc) from None
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{path}: is neither UTF-8 nor Windows-1252 text (byte {exc.start}); "
            "re-save the export as CSV UTF-8"
        ) from None


# A character of two to four bytes that is valid UTF-8 (Windows-1252 text rarely has one:
# it would take an accented capital followed by a symbol such as "’" or "–").
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _mostly_utf8(data: bytes) -> bool:
    """Whether text that is not valid UTF-8 is UTF-8 with a few damaged bytes rather than
    Windows-1252: more of its non-ASCII bytes form UTF-8 characters than not."""
    sequences = _UTF8_SEQUENCE.findall(data)
    if not sequences:
        return False
    in_sequences = sum(len(s) for s in sequences)
    stray = len(_NON_ASCII.findall(data)) - in_sequences
    return len(sequences) > stray


def _undecoded(cell: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in cell)


def _first_undecoded_cell(records: list[list[str]]) -> str:
    """' row 5, column "Comments"' for the first cell holding an undecodable byte."""
    for r, record in enumerate(records):
        for c, cell in enumerate(record):
            if _undecoded(cell):
                header = records[0][c] if r and c < len(records[0]) else ""
                return f" row {r + 1}, " + (
                    f'column "{clean(header)}"' if header else f"column {c + 1}"
                )
    return ""


def _damaged_utf8(path: Path, data: bytes, exc: UnicodeDecodeError, offset: int = 0) -> UserError:
    """One line naming the row, column and byte offset of the first byte that is not
    UTF-8 in a file that otherwise is: decoding it as another encoding would turn every
    accented letter and curly quote into mojibake ("cafÃ©")."""
    bad = data[exc.start : exc.start + 1]
    text = data.decode("utf-8", "surrogateescape")
    try:
        where = _first_undecoded_cell(_csv_records(text))
    except csv.Error:
        where = ""
    bad_bytes = sum(1 for ch in text if _undecoded(ch))
    others = (
        f" (and {bad_bytes - 1} more such byte{'s' if bad_bytes > 2 else ''})"
        if bad_bytes > 1
        else ""
    )
    return UserError(
        f"{path}{where}: byte {exc.start + offset} (0x{bad.hex().upper()}) is "
        f"not UTF-8, though the rest of the file is{others}: the file is damaged. "
        "Nothing was read from it; download or save the export again as CSV "
        "UTF-8 (or fix that cell)"
    )


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


def _delimiter(text: str) -> str:
    counts = _first_record_counts(text)
    if counts[";"] > counts[","] and counts[";"] > 1:
        return ";"
    if counts["\t"] > counts[","]:
        return "\t"
    return ","


def _csv_records(text: str) -> list[list[str]]:
    """Every record; a cell may be as long as the file (the csv module's own limit of
    131,072 characters would stop a long comment with no row or column named: the
    validation step names a cell that is too long instead)."""
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    finally:
        csv.field_size_limit(limit)


def parse_csv(path: Path, text: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    rows: list[list[str]] = []
    try:
        rows.extend(reader)
    except csv.Error as exc:
        raise UserError(
            f"{path} row {len(rows) + 1} (line {reader.line_num}): is not readable CSV ({exc})"
        ) from None
    finally:
        csv.field_size_limit(limit)
    return rows


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
