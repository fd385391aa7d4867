"""Excel workbooks (.xlsx, .xlsm, .xls, .ods), read with fastexcel.

Microsoft Forms downloads its responses as .xlsx; SurveyMonkey can too.  Every cell is
read as text (a whole number as "4", a date as "2024-03-01 09:30:00") so the workbook
goes through the same flavour detection and validation as a CSV.  The first visible
sheet that holds anything is read; rows keep their spreadsheet numbers for messages.
"""

from __future__ import annotations

from pathlib import Path

from tui.errors import UserError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # legacy .xls


def is_workbook_bytes(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC)


def read_records(path: Path, data: bytes) -> tuple[list[list[str]], list[str]]:
    """All rows of the first non-empty visible sheet, as text; and notes about it."""
    try:
        import fastexcel
    except ImportError:  # pragma: no cover - fastexcel is a dependency
        raise UserError(f"{path}: is an Excel workbook, and reading one needs the fastexcel "
                        "package (pip install fastexcel); or save it as CSV UTF-8") from None
    import polars as pl

    try:
        reader = fastexcel.read_excel(data)
    except fastexcel.FastExcelError as exc:
        kind = "ZIP file" if data.startswith(ZIP_MAGIC) else "Office file"
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UserError(f"{path}: is a {kind} but not a readable Excel workbook ({detail}); "
                        "export the responses again, or save them as CSV UTF-8") from None
    names = list(reader.sheet_names)
    chosen: list[list[str]] | None = None
    chosen_name = ""
    unread: list[str] = []
    for i, name in enumerate(names):
        try:
            sheet = reader.load_sheet(i, header_row=None, skip_rows=0, dtypes="string")
            frame = pl.DataFrame(sheet)
        except fastexcel.FastExcelError as exc:
            raise UserError(f'{path}: sheet "{name}" cannot be read '
                            f"({str(exc).strip().splitlines()[0]})") from None
        rows = [["" if v is None else str(v) for v in row] for row in frame.iter_rows()]
        if getattr(sheet, "visible", "visible") != "visible" or not any(
                any(c.strip() for c in r) for r in rows):
            continue
        if chosen is None:
            chosen, chosen_name = rows, name
        else:
            unread.append(f'"{name}"')
    notes: list[str] = []
    if chosen is None:
        return [], notes
    if unread:
        notes.append(f'read sheet "{chosen_name}" only; other sheets with data were not '
                     f"read: {', '.join(unread)}")
    return chosen, notes
