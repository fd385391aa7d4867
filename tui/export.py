"""Writing a view to a file: CSV, Markdown or XLSX, with what it shows recorded inside.

The API the app and the `summary --out` command share:

    meta = export_meta(data, view, role, wave, locality)       # what the file records
    path = default_export_path(folder, role, wave, locality, view, fmt)
    export_frame(frame, path, fmt, meta)                      # -> the Path written

`frame` is a frame from SurveyData (already small-number suppressed: see data.py); it is
written as it is, `suppressed` and `note` columns included.  `meta` is recorded IN the
file, in its order:

* CSV: one `# key: value` comment line per entry, then the frame as CSV.  Readers must skip
  lines starting with `#` (polars: `read_csv(path, comment_prefix="#")`; pandas:
  `read_csv(path, comment="#")`).
* Markdown: a heading, the entries as a bullet list, then a pipe table (see
  render.frame_to_markdown: a null shows as "–", a suppressed row shows its note).
* XLSX: sheet "data" (header row, then the rows; numbers as numbers, nulls as empty
  cells, text always as text, never a formula) and sheet "about" (key, value per entry).

Writes are atomic: the file is written to a temporary file in the same folder, then
renamed over the target with os.replace.  On any failure the temporary file is removed,
a file already at the target is left as it was, and ExportError says in one line which
path and why.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import re
import secrets
import stat
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.errors import ExportError
from tui.render import frame_to_csv, frame_to_markdown
from tui.safe_text import clean

if TYPE_CHECKING:
    import polars as pl

    from tui.data import SurveyData


def _new_temp_file(folder: Path, target: Path) -> Path:
    """A new empty file beside `target`, created as any new file there is: mode 0o666
    less the process umask, applied by the operating system (on Windows: writable), so
    the export gets the permissions the user expects without reading or changing the
    umask (which is process-wide and not thread-safe to touch)."""
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
        try:
            os.close(os.open(temp, flags, 0o666))
        except FileExistsError:
            continue
        return temp
    raise FileExistsError(f"no free temporary name in {folder}")


EXPORT_FORMATS = ("csv", "markdown", "xlsx")
FORMAT_ALIASES = {
    "csv": "csv",
    "markdown": "markdown",
    "md": "markdown",
    "xlsx": "xlsx",
    "excel": "xlsx",
}
EXTENSIONS = {"csv": "csv", "markdown": "md", "xlsx": "xlsx"}
ALL_LOCALITIES_LABEL = "All localities"
SYNTHETIC_LABEL = "SYNTHETIC sample"
# Keys export_meta() fills, in the order files record them.
META_KEYS = (
    "survey",
    "wave",
    "role",
    "locality",
    "view",
    "min_group",
    "suppression",
    "exported_at",
    "sample",
)


def normalize_format(fmt: str) -> str:
    """'csv', 'markdown' (or 'md'), 'xlsx'; anything else is an ExportError."""
    name = FORMAT_ALIASES.get(str(fmt).strip().lower())
    if name is None:
        raise ExportError(f"unknown export format {fmt!r}; expected csv, markdown (md) or xlsx")
    return name


def export_meta(
    data: SurveyData,
    view: str,
    role: str,
    wave: int,
    locality: str | None = None,
    *,
    by_locality: bool = False,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """What an export of `view` records about itself (keys in META_KEYS order; "sample"
    only when the wave's note says the data are synthetic; "compared_with" only for a
    theme when the file holds an earlier wave, whose change columns the frame carries)."""
    from tui.codebook import THEMES
    from tui.data import VIEW_TITLES

    waves = data.waves()
    row = next((r for r in waves.iter_rows(named=True) if int(r["wave"]) == int(wave)), {})
    title = VIEW_TITLES.get(view, view)
    meta: dict[str, Any] = {
        "survey": row.get("title") or data.path.stem,
        "wave": int(wave),
        "role": data.role_label(role),
        "locality": locality if locality is not None else ALL_LOCALITIES_LABEL,
        "view": f"{title} by locality" if by_locality else title,
        "min_group": data.min_group,
        "suppression": (
            "OFF: every figure is shown"
            if data.suppression_off
            else f"on: figures for fewer than {data.min_group} respondents are hidden"
        ),
        "exported_at": (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds"),
    }
    if view == "comments":
        meta["min_comments"] = (
            f"{data.comments_floor}: comments only for groups of at least this many respondents"
        )
    if "SYNTHETIC" in str(row.get("note") or "").upper():
        meta["sample"] = SYNTHETIC_LABEL
    previous = data.previous_wave(wave)
    if previous is not None and not by_locality and view in THEMES:
        # the frame's previous_wave / *_change / change_significant columns
        meta["compared_with"] = f"wave {previous}"
    return meta


def _meta_lines(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """Meta as one-line text pairs; a None locality means all localities."""
    pairs = []
    for key, value in meta.items():
        if key == "locality" and value is None:
            value = ALL_LOCALITIES_LABEL
        pairs.append((clean(key), clean("" if value is None else value)))
    return pairs


def _slug(text: object, lower: bool = True) -> str:
    value = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    value = re.sub(r"[^A-Za-z0-9]+", "-", value).strip("-")[:60].strip("-")
    return (value.lower() if lower else value) or "unnamed"


def default_export_path(
    folder: str | Path, role: str, wave: int | str, locality: str | None, view: str, fmt: str
) -> Path:
    """A safe file name in `folder`, e.g. workforce-2023-SPLW-all-localities-supervision.csv.
    Every part is slugified, so no data text can add a path separator or a dot-name."""
    ext = EXTENSIONS[normalize_format(fmt)]
    place = ALL_LOCALITIES_LABEL if locality is None else locality
    name = "-".join(["workforce", _slug(wave), _slug(role, lower=False), _slug(place), _slug(view)])
    return Path(folder) / f"{name}.{ext}"


# -- writers: each writes the whole file to an open path -------------------------------
def _write_csv(frame: pl.DataFrame, path: Path, meta: dict[str, Any]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        for key, value in _meta_lines(meta):
            out.write(f"# {key}: {value}\n")
        out.write(frame_to_csv(frame))


def _markdown_title(meta: dict[str, Any]) -> str:
    parts = [
        meta.get("wave"),
        meta.get("role"),
        meta.get("locality") or ALL_LOCALITIES_LABEL,
        meta.get("view"),
    ]
    return " › ".join(str(p) for p in parts if p not in (None, "")) or "Workforce survey"


def markdown_text(frame: pl.DataFrame, meta: dict[str, Any]) -> str:
    """The Markdown an export writes (and `summary --format markdown` prints)."""
    return frame_to_markdown(frame, dict(_meta_lines(meta)), _markdown_title(meta))


def _write_markdown(frame: pl.DataFrame, path: Path, meta: dict[str, Any]) -> None:
    text = markdown_text(frame, meta)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def _write_xlsx(frame: pl.DataFrame, path: Path, meta: dict[str, Any]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    try:
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet("data")
        for col, name in enumerate(frame.columns):
            sheet.write_string(0, col, name, bold)
        for r, row in enumerate(frame.iter_rows(), start=1):
            for col, value in enumerate(row):
                value = _xlsx_value(value)
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, col, value)
                elif isinstance(value, int | float):
                    sheet.write_number(r, col, value)
                else:
                    sheet.write_string(r, col, str(value))
        sheet.freeze_panes(1, 0)
        about = book.add_worksheet("about")
        about.write_string(0, 0, "key", bold)
        about.write_string(0, 1, "value", bold)
        for r, (key, value) in enumerate(_meta_lines(meta), start=1):
            about.write_string(r, 0, key)
            about.write_string(r, 1, value)
        about.set_column(0, 0, 14)
        about.set_column(1, 1, 60)
    finally:
        book.close()  # writes the file; raises if it cannot


WRITERS: dict[str, Callable[[pl.DataFrame, Path, dict[str, Any]], None]] = {
    "csv": _write_csv,
    "markdown": _write_markdown,
    "xlsx": _write_xlsx,
}


def _reason(exc: BaseException) -> str:
    if isinstance(exc, PermissionError):
        return "the folder is not writable (permission denied)"
    if isinstance(exc, FileNotFoundError):
        return "the folder does not exist"
    if isinstance(exc, NotADirectoryError):
        return "part of the folder path is a file, not a folder"
    if isinstance(exc, IsADirectoryError):
        return "the path is a folder, not a file"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[0].lower() + exc.strerror[1:]
    return clean(str(exc)) or type(exc).__name__


# Names an export never takes: a survey file or its write-ahead log, whatever the format.
DATABASE_SUFFIXES = (".duckdb", ".ddb", ".wal")
DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file
EXISTS_HINT = "add --force to replace it"


def _is_duckdb(path: Path) -> bool:
    """Whether a regular file holds a DuckDB database (by its header, not its name)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(12)
    except OSError:
        return False
    return head[8:12] == DUCKDB_MAGIC


def check_target(
    target: Path,
    *,
    overwrite: bool = False,
    protect: Iterable[str | Path] = (),
    exists_hint: str = EXISTS_HINT,
) -> None:
    """Refuse, in one line, a path an export must never write: anything that is not a
    regular file (a folder, device, FIFO, socket), a symbolic link (its target would be
    replaced by a new file), the survey file being read or any DuckDB file (by its
    header as well as its name), the bundled sample, or an existing file the user did
    not ask to replace.  Reads at most 12 bytes of an existing regular file; never
    opens anything else (a FIFO would block)."""
    from tui.paths import SAMPLE_DIR

    shown = clean(str(target))

    def refuse(why: str) -> ExportError:
        return ExportError(f"cannot export to {shown}: {why}")

    if target.suffix.lower() in DATABASE_SUFFIXES or target.name.lower().endswith(".duckdb.wal"):
        raise refuse("the name is a survey database's; exports are csv, markdown or xlsx files")
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise refuse(_reason(exc)) from None
    if stat.S_ISLNK(info.st_mode):
        raise refuse(
            "it is a symbolic link; an export never replaces a link or the file "
            "it points to: give the real path of a new file"
        )
    if stat.S_ISDIR(info.st_mode):
        raise refuse("the path is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise refuse(
            "it is not a regular file (a device, pipe or socket); exports only write regular files"
        )
    for guarded in protect:
        if _same_inode(info, Path(guarded)):
            raise refuse("it is the survey file being read")
    if _is_duckdb(target):
        raise refuse("it is a DuckDB survey database")
    try:
        if target.resolve().parent == SAMPLE_DIR.resolve():
            raise refuse("it is part of the bundled sample")
    except OSError:
        pass
    if not overwrite:
        raise refuse(f"the file already exists; {exists_hint}")


def _same_inode(info: os.stat_result, other: Path) -> bool:
    """Whether `info` (an lstat of the target) is the file at `other` (links followed)."""
    try:
        theirs = other.stat()
    except OSError:
        return False
    if info.st_ino and theirs.st_ino:
        return (info.st_dev, info.st_ino) == (theirs.st_dev, theirs.st_ino)
    return False


def fresh_path(path: Path) -> Path:
    """`path` if nothing is there, else the first free `name-2.ext`, `name-3.ext`, ...
    (the explorer's export never replaces an earlier file)."""
    if not os.path.lexists(path):
        return path
    for i in range(2, 10_000):
        candidate = path.with_name(f"{path.stem}-{i}{path.suffix}")
        if not os.path.lexists(candidate):
            return candidate
    raise ExportError(
        f"cannot export to {clean(str(path))}: too many earlier exports of this name in the folder"
    )


def _publish(temp: Path, target: Path, overwrite: bool) -> None:
    """Move the finished temp file to `target`: os.replace when replacing was asked
    for; otherwise a hard link, which fails if a file appeared there meanwhile (no
    check-then-write race), falling back to a re-check and os.replace where the file
    system has no hard links."""
    if overwrite:
        os.replace(temp, target)
        return
    try:
        os.link(temp, target)
    except FileExistsError:
        raise ExportError(
            f"cannot export to {clean(str(target))}: the file already exists"
        ) from None
    except OSError:
        if os.path.lexists(target):
            raise ExportError(
                f"cannot export to {clean(str(target))}: the file already exists"
            ) from None
        os.replace(temp, target)
        return
    with contextlib.suppress(OSError):
        temp.unlink()


def export_frame(
    frame: pl.DataFrame,
    path: str | Path,
    fmt: str,
    meta: dict[str, Any],
    *,
    overwrite: bool = False,
    protect: Iterable[str | Path] = (),
    exists_hint: str = EXISTS_HINT,
) -> Path:
    """Write `frame` (with `meta` recorded in the file) to `path` as csv, markdown (md)
    or xlsx, atomically.  Returns the path written; raises ExportError (one line).

    Never writes over: a file that exists unless `overwrite` (the CLI's --force), a
    path in `protect` (the survey being read), any DuckDB file, the bundled sample, a
    symbolic link, or anything that is not a regular file (see check_target)."""
    kind = normalize_format(fmt)
    return write_atomically(
        path,
        lambda temp: WRITERS[kind](frame, temp, meta),
        overwrite=overwrite,
        protect=protect,
        exists_hint=exists_hint,
    )


def export_new(
    frame: pl.DataFrame,
    path: str | Path,
    fmt: str,
    meta: dict[str, Any],
    *,
    protect: Iterable[str | Path] = (),
) -> Path:
    """The explorer's export: write to `path`, or to the first free `name-2.ext`, ...
    when a file is already there, so an earlier export is never replaced."""
    target = Path(path).expanduser()
    for _attempt in range(5):  # another export may take the free name first
        candidate = fresh_path(target)
        try:
            return export_frame(frame, candidate, fmt, meta, protect=protect)
        except ExportError:
            if not os.path.lexists(candidate):
                raise
    return export_frame(frame, fresh_path(target), fmt, meta, protect=protect)


# -- any file written whole (the report deck too) -------------------------------------
def write_atomically(
    path: str | Path,
    write: Callable[[Path], None],
    *,
    overwrite: bool = False,
    protect: Iterable[str | Path] = (),
    exists_hint: str = EXISTS_HINT,
) -> Path:
    """Call `write(temp)` to write the whole file to a temporary file beside `path`, then
    publish it at `path` as export_frame does: the same target checks (check_target:
    never a survey file, a link, a device; an existing file only when `overwrite`),
    checked again just before the swap; a failure leaves no partial file and an older
    file as it was.  ExportError (one line) on failure."""
    target = Path(path).expanduser()
    shown = clean(str(target))
    check_target(target, overwrite=overwrite, protect=protect, exists_hint=exists_hint)
    folder = target.parent
    if not folder.exists():
        raise ExportError(
            f"cannot export to {shown}: the folder {clean(str(folder))} does not exist"
        )
    if not folder.is_dir():
        raise ExportError(f"cannot export to {shown}: {clean(str(folder))} is not a folder")
    temp: Path | None = None
    try:
        temp = _new_temp_file(folder, target)
        new_file_mode = temp.stat().st_mode & 0o777
        write(temp)
        if os.path.lexists(target):
            # Checked again just before the swap: what is there now must still be a
            # file we may replace (not a link, device or database put there meanwhile).
            check_target(target, overwrite=overwrite, protect=protect, exists_hint=exists_hint)
            # A replaced file keeps its reader's permissions; a new one gets a new file's.
            mode = target.stat().st_mode & 0o777
        else:
            mode = new_file_mode
        with contextlib.suppress(OSError):
            os.chmod(temp, mode)
        _publish(temp, target, overwrite)
        temp = None
    except ExportError:
        raise
    except Exception as exc:
        raise ExportError(f"cannot export to {shown}: {_reason(exc)}") from exc
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()
    return target
