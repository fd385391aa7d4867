"""Excel workbooks (.xlsx, .xlsm, .xls, .ods), read with fastexcel.

Microsoft Forms downloads its responses as .xlsx; SurveyMonkey can too.  Every cell is
read as text (a whole number as "4", a date as "2024-03-01 09:30:00") so the workbook
goes through the same flavour detection and validation as a CSV.  The first visible
sheet that holds anything is read; rows keep their spreadsheet numbers for messages.

Before anything is loaded, each sheet's size is checked without loading it: the size the
sheet declares (`<dimension ref="A1:XFD1048576"/>`) and the furthest cell it really holds
(its XML is streamed, never held whole).  The reader allocates the whole rectangle from
A1 to the furthest cell, so one stray cell at XFD1048576 in a 6 KB file would need
512 GB; a sheet beyond MAX_COLUMNS, MAX_ROWS or MAX_CELLS is refused in one line.  A
password-protected workbook (an encrypted package inside an Office container) is named
as such.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from tui.errors import UserError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, or an encrypted .xlsx
# An encrypted .xlsx/.xlsm is an Office container holding these two streams.
ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
# Far beyond any survey export (Microsoft Forms downloads at most 50,000 responses), and
# small enough that reading stays within a few hundred MB.
MAX_COLUMNS = 2_000
MAX_ROWS = 500_000
MAX_CELLS = 5_000_000
MAX_SHEET_XML_BYTES = 1_000_000_000  # decompressed; a zip bomb stops here
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref=\"([^\"]*)\"")
_REF_AT = re.compile(rb"([A-Z]{0,4})([0-9]+)\"")
MAX_TAIL = 4 << 20
_A1 = re.compile(r"^\$?([A-Z]{1,4})\$?([0-9]{1,8})$")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb"([\w:]+)=\"([^\"]*)\"")
CHUNK = 1 << 20


def is_workbook_bytes(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC)


def is_encrypted(data: bytes) -> bool:
    """An encrypted (password-protected) Office Open XML workbook."""
    return data.startswith(OLE_MAGIC) and all(name in data for name in ENCRYPTED_STREAMS)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _cell(ref: str) -> tuple[int, int] | None:
    """(column, row) of an A1 reference, 1-based."""
    m = _A1.match(ref.strip().upper())
    return (_column_number(m.group(1)), int(m.group(2))) if m else None


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part name -> the sheet's name as Excel shows it (best effort)."""
    try:
        book = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except (KeyError, OSError, zipfile.BadZipFile, RuntimeError):
        return {}
    targets = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace").lstrip("/")
        if target and not target.startswith("xl/"):
            target = "xl/" + target
        targets[attrs.get(b"Id", b"")] = target
    names = {}
    for tag in _SHEET.findall(book):
        attrs = dict(_ATTR.findall(tag))
        rid = next((v for k, v in attrs.items() if k.endswith(b":id")), b"")
        if rid in targets:
            names[targets[rid]] = attrs.get(b"name", b"").decode("utf-8", "replace")
    return names


def _too_big(path: Path, sheet: str, what: str) -> UserError:
    return UserError(
        f'{path}: sheet "{sheet}" {what}; a survey export has at most '
        f"{MAX_COLUMNS:,} columns, {MAX_ROWS:,} rows and {MAX_CELLS:,} cells, so "
        "it was not read.  Delete the stray cells beyond the responses (or "
        "save the responses as CSV UTF-8) and try again"
    )


def _check_extent(path: Path, sheet: str, columns: int, rows: int, declared: str = "") -> None:
    where = f"declares the range {declared}" if declared else "holds a cell"
    size = f"{columns:,} columns by {rows:,} rows"
    if columns > MAX_COLUMNS or rows > MAX_ROWS or columns * rows > MAX_CELLS:
        raise _too_big(
            path, sheet, f"{where} ({size})" if declared else f"{where} as far as {size}"
        )


def check_size(path: Path, data: bytes) -> None:
    """Refuse, before loading, a workbook whose sheets reach further than a survey export
    could (see the module docstring).  Only .xlsx/.xlsm (a ZIP) can be checked this way."""
    if not data.startswith(ZIP_MAGIC):
        return
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        parts = [i for i in zf.infolist() if re.fullmatch(r"xl/worksheets/[^/]+\.xml", i.filename)]
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # fastexcel says what is wrong with it
    names = _sheet_names(zf)
    for info in parts:
        sheet = names.get(info.filename, info.filename.rsplit("/", 1)[-1])
        _check_sheet(path, zf, info, sheet)


def _furthest_cells(text: bytes) -> tuple[int, int, int]:
    """Scan whole rows of sheet XML: (end of the last whole row, furthest column, furthest
    row).  Rows come in order and a row's last cell is its widest, so only the reference
    just before each `</row>` is read (literal searches: about 0.3 s for 100 MB)."""
    end = max_col = max_row = 0
    pos = text.find(b"row>")
    while pos >= 0:
        closing = text[pos - 2 : pos] == b"</" or (
            text.rfind(b"</", max(0, pos - 12), pos) >= 0 and text[pos - 1 : pos] == b":"
        )
        if closing:
            start = text.rfind(b"<", 0, pos - 1) if text[pos - 1 : pos] == b":" else pos - 2
            end = pos + 4
            at = text.rfind(b' r="', 0, start)
            m = _REF_AT.match(text, at + 4) if at >= 0 else None
            if m:
                max_row = max(max_row, int(m.group(2)))
                if m.group(1):
                    max_col = max(max_col, _column_number(m.group(1).decode("ascii")))
                else:  # cells without references: count them
                    row_start = text.rfind(b"<", 0, at)
                    max_col = max(
                        max_col,
                        sum(
                            text.count(tag, row_start, start)
                            for tag in (b"<c>", b"<c ", b"<c/", b":c>", b":c ", b":c/")
                        ),
                    )
        pos = text.find(b"row>", pos + 4)
    return end, max_col, max_row


def _check_sheet(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str) -> None:
    max_col = max_row = 0
    declared_seen = False
    total = 0
    tail = b""
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > MAX_SHEET_XML_BYTES:
                    raise _too_big(
                        path, sheet, f"holds more than {MAX_SHEET_XML_BYTES:,} bytes of cells"
                    )
                text = tail + chunk
                if not declared_seen:
                    m = _DIMENSION.search(text)
                    if m:
                        declared_seen = True
                        ref = m.group(1).decode("ascii", "replace")
                        corner = _cell(ref.split(":")[-1])
                        if corner:
                            _check_extent(path, sheet, corner[0], corner[1], ref)
                    elif b"<sheetData" in text or b":sheetData" in text:
                        declared_seen = True  # no declaration: the cells decide
                end, cols, rows = _furthest_cells(text)
                max_col, max_row = max(max_col, cols), max(max_row, rows)
                _check_extent(path, sheet, max_col, max_row)
                tail = text[end:][-MAX_TAIL:]
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError):
        return  # damaged or encrypted member: fastexcel reports it


def read_records(path: Path, data: bytes) -> tuple[list[list[str]], list[str]]:
    """All rows of the first non-empty visible sheet, as text; and notes about it."""
    try:
        import fastexcel
    except ImportError:  # pragma: no cover - fastexcel is a dependency
        raise UserError(
            f"{path}: is an Excel workbook, and reading one needs the fastexcel "
            "package (pip install fastexcel); or save it as CSV UTF-8"
        ) from None
    import polars as pl

    if is_encrypted(data):
        raise UserError(
            f"{path}: is a password-protected (encrypted) Excel workbook, which "
            "cannot be read without its password; open it in Excel, remove the "
            "password (File › Info › Protect Workbook › Encrypt with Password) "
            "and save it, or save the responses as CSV UTF-8"
        )
    check_size(path, data)
    try:
        reader = fastexcel.read_excel(data)
    except fastexcel.FastExcelError as exc:
        kind = "ZIP file" if data.startswith(ZIP_MAGIC) else "Office file"
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UserError(
            f"{path}: is a {kind} but not a readable Excel workbook ({detail}); "
            "export the responses again, or save them as CSV UTF-8"
        ) from None
    names = list(reader.sheet_names)
    chosen: list[list[str]] | None = None
    chosen_name = ""
    unread: list[str] = []
    for i, name in enumerate(names):
        try:
            sheet = reader.load_sheet(i, header_row=None, skip_rows=0, dtypes="string")
            frame = pl.DataFrame(sheet)
        except fastexcel.FastExcelError as exc:
            raise UserError(
                f'{path}: sheet "{name}" cannot be read ({str(exc).strip().splitlines()[0]})'
            ) from None
        rows = [["" if v is None else str(v) for v in row] for row in frame.iter_rows()]
        if getattr(sheet, "visible", "visible") != "visible" or not any(
            any(c.strip() for c in r) for r in rows
        ):
            continue
        if chosen is None:
            chosen, chosen_name = rows, name
        else:
            unread.append(f'"{name}"')
    notes: list[str] = []
    if chosen is None:
        return [], notes
    if unread:
        notes.append(
            f'read sheet "{chosen_name}" only; other sheets with data were not '
            f"read: {', '.join(unread)}"
        )
    return chosen, notes
