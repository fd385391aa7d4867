"""Writing a parsed wave into a survey database, atomically and one import at a time.

An import first takes the survey file's lock (tui/importing/lock.py), so a second import
into the same file waits for it instead of both copying the old file and one losing the
other's wave.  Holding the lock it:

- deletes the hidden working copies (".NAME.duckdb.1a2b3c4d.tmp") that killed imports
  left beside the file (no running import can own one: only the lock holder makes them);
- folds in a `.wal` left beside the file by a program that died while writing it (after
  checking on the working copy that the WAL applies; otherwise it refuses, leaving the
  file and its WAL untouched);
- builds the new database in a working copy beside the target (a copy of it, of the
  `--from` file, or a new file) and moves it over the target with os.replace only once
  everything is written, so a failure or a kill midway leaves the previous database
  byte-for-byte intact.

A `--db` that is a symbolic link is written through: the working copy is made beside the
file the link points to, and that file is replaced; the link stays a link.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tui import tallies
from tui.codebook import Codebook
from tui.database import (
    APPLICATION,
    SCHEMA_VERSION,
    Schema,
    check_file,
    check_schema,
    describe_duckdb_error,
    is_damage,
)
from tui.duck_types import polars_type
from tui.errors import UserError
from tui.importing.lock import ImportLock
from tui.importing.validate import Parsed
from tui.paths import QUERIES_DIR

DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def _remove(path: Path) -> None:
    for p in (path, wal_of(path)):
        with contextlib.suppress(OSError):
            p.unlink()


def wal_of(path: Path) -> Path:
    """DuckDB's write-ahead log for a database file: the same name plus ".wal"."""
    return path.with_name(path.name + ".wal")


def temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")


def real_target(target: Path) -> Path:
    """The file an import writes: a symbolic link's final target (made absolute), so the
    link keeps pointing at the survey file that now holds the new wave."""
    target = Path(target)
    if target.is_symlink():
        return Path(os.path.realpath(target))
    return target


def leftover_temp_files(target: Path) -> list[Path]:
    """Temporary files an interrupted import left beside the target."""
    target = real_target(Path(target))
    try:
        pattern = f".{glob.escape(target.name)}.*.tmp*"
        return sorted(p for p in target.parent.glob(pattern) if p.is_file())
    except OSError:
        return []


def _remove_leftovers(target: Path) -> list[str]:
    """Delete what killed imports left beside the target; only the lock holder calls it,
    so none of these belongs to a running import.  Returns the names deleted."""
    removed = []
    for path in leftover_temp_files(target):
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path.name)
    return removed


def _move_into_place(tmp: Path, target: Path) -> None:
    try:
        os.replace(tmp, target)
    except PermissionError:
        raise UserError(
            f"{target}: cannot be replaced: it is open in another program (the "
            "explorer, say) or read-only; close it and import again (nothing was "
            "changed)"
        ) from None
    except OSError as exc:
        raise UserError(
            f"{target}: cannot be replaced ({exc.strerror or exc}); nothing was changed"
        ) from None


def _check_not_held_for_writing(target: Path) -> None:
    """Refuse a survey file another program has open read-write: its unsaved changes (in
    its .wal) would be missing from the copy, and the swap would orphan its later writes."""
    import duckdb

    try:
        duckdb.connect(str(target), read_only=True, config=DUCKDB_CONFIG).close()
    except duckdb.Error as exc:
        error = describe_duckdb_error(target, exc)
        if "open for writing" in error.message:
            raise error from None
        # anything else (damage, say) is reported by the schema check on the copy


def _check_folder_writable(target: Path, tmp: Path) -> None:
    """Refuse, in one line, a folder the import cannot create its working copy in (a
    read-only folder or file system), before anything is read or written there."""
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        reason = (
            "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        )
        raise UserError(
            f"{target}: cannot write in the folder {target.parent} ({reason}); "
            "import into a folder you can write to; nothing was written"
        ) from None
    os.close(fd)
    os.unlink(tmp)


def _copy(source: Path, tmp: Path, target: Path) -> None:
    """The working copy: the source file and, when a writer left one, its WAL."""
    try:
        shutil.copyfile(source, tmp)
        if wal_of(source).is_file():
            shutil.copyfile(wal_of(source), wal_of(tmp))
    except OSError as exc:
        raise UserError(
            f"{target}: cannot make a working copy beside it "
            f"({exc.strerror or exc}); nothing was changed"
        ) from None


def _fold_wal_in(target: Path) -> None:
    """Write a left-over WAL's committed changes into the target itself, with DuckDB's
    own crash-safe checkpoint (the WAL is removed only once its changes are in the file).
    Called only after the working copy showed that the WAL applies to this file."""
    import duckdb

    try:
        con = duckdb.connect(str(target), config=DUCKDB_CONFIG)
        try:
            con.execute("CHECKPOINT")
        finally:
            con.close()
    except duckdb.Error as exc:
        raise UserError(
            f"{target}: could not fold {wal_of(target).name} into it "
            f"({_first_line(exc)}); nothing was imported"
        ) from None
    if wal_of(target).exists() and wal_of(target).stat().st_size > 0:
        raise UserError(
            f"{target}: DuckDB did not fold {wal_of(target).name} into it; nothing was imported"
        )


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


@dataclass(frozen=True)
class Written:
    """What an import did besides adding its rows."""

    replaced: list[str]  # roles whose earlier answers in the wave it replaced
    recounted: list[int]  # waves whose tallies it counted beside its own: every
    # wave, when the file had no (or not all) tallies
    upgraded_from: int | None  # the file's earlier schema version, if it was older
    waves: list[int] = field(default_factory=list)  # every wave the file now holds
    removed: list[str] = field(default_factory=list)  # killed imports' copies deleted
    folded_wal: bool = False  # a left-over .wal was folded into the file first
    written_to: Path | None = None  # the file written (a symbolic link's target)
    copied_from: Path | None = None  # --from: the earlier file the new one started from


def write_wave(
    target: Path,
    parsed: Parsed,
    codebook: Codebook,
    wave: int,
    *,
    replace: bool = False,
    note: str | None = None,
    source_name: str | None = None,
    copy_from: Path | None = None,
    wait: float = 60.0,
    on_wait: Callable[[str], None] | None = None,
) -> Written:
    """Write a wave and recount its tallies; see Written for what else it did.

    `copy_from` starts a new target as a copy of an earlier survey file (its waves kept);
    `wait` is how long to wait for another import writing the same file."""
    target = real_target(Path(target))
    if copy_from is not None:
        copy_from = real_target(Path(copy_from))
        if target.exists():
            raise UserError(
                f"{target}: already exists; --from starts a new file as a copy of "
                f"{copy_from.name}: leave out --from to add the wave to "
                f"{target.name}, or name a new --db"
            )
        check_file(copy_from)
        _check_not_held_for_writing(copy_from)
    if not target.exists() and not target.parent.is_dir():
        raise UserError(f"{target}: the folder {target.parent} does not exist")
    with ImportLock(target, wait=wait, on_wait=on_wait):
        removed = _remove_leftovers(target)
        if target.exists():
            check_file(target)
            _check_not_held_for_writing(target)
        tmp = temp_name(target)
        _check_folder_writable(target, tmp)
        try:
            source = target if target.exists() else copy_from
            if source is not None:
                _copy(source, tmp, target)
            has_wal = (
                source is not None
                and wal_of(source).is_file()
                and wal_of(source).stat().st_size > 0
            )
            folded = has_wal and source is target
            written = _build(
                tmp,
                source or target,
                target,
                parsed,
                codebook,
                wave,
                replace=replace,
                note=note,
                source_name=source_name,
                fresh=source is None,
                wal=has_wal,
            )
            _move_into_place(tmp, target)
        finally:
            _remove(tmp)
    return Written(
        written.replaced,
        written.recounted,
        written.upgraded_from,
        waves=written.waves,
        removed=removed,
        folded_wal=folded,
        written_to=target,
        copied_from=copy_from,
    )


def _build(
    tmp: Path,
    source: Path,
    target: Path,
    parsed: Parsed,
    codebook: Codebook,
    wave: int,
    *,
    replace: bool,
    note: str | None,
    source_name: str | None,
    fresh: bool,
    wal: bool,
) -> Written:
    """Write the wave into the working copy (`tmp`, a copy of `source` unless `fresh`).
    With `wal`, the copy came with the source's left-over WAL: once it has replayed, a
    target's own WAL is folded into the target before anything else happens (a --from
    file is only read: its WAL stays with it)."""
    import duckdb

    fold = wal and source == target

    def about_source(exc: BaseException) -> UserError:
        # DuckDB names the working copy; the user knows the file it was copied from
        message = describe_duckdb_error(source, exc).message.replace(str(tmp), str(source))
        return UserError(f"{message}; refusing to import into it")

    # The working copy is attached as `survey`, the name the tally queries read.
    con = duckdb.connect(":memory:", config=DUCKDB_CONFIG)
    try:
        try:
            con.execute("ATTACH ? AS survey", [str(tmp)])
            con.execute("USE survey")
        except duckdb.Error as exc:
            if wal:
                raise UserError(
                    f"{source}: {wal_of(source).name} beside it holds changes that do not "
                    f"apply to it ({_first_line(exc)}); the file and its .wal are left as "
                    "they were and nothing was imported (if the .wal belongs to an older "
                    "copy of the file, move it away and import again)"
                ) from None
            raise about_source(exc) from None
        schema = Schema(SCHEMA_VERSION, tallied=True)
        try:
            if fresh:
                con.execute((QUERIES_DIR / "schema.sql").read_text(encoding="utf-8"))
                con.executemany(
                    "INSERT INTO schema_info VALUES (?, ?)",
                    [["schema_version", str(SCHEMA_VERSION)], ["application", APPLICATION]],
                )
            else:
                try:
                    schema = check_schema(con, source, "survey")
                except UserError as exc:
                    raise UserError(f"{exc.message}; refusing to import into it") from None
        except duckdb.Error as exc:
            raise about_source(exc) from None
        if wal:
            con.execute("CHECKPOINT survey")  # the copy holds the WAL's changes
            if wal_of(tmp).exists() and wal_of(tmp).stat().st_size > 0:
                # DuckDB skipped the log (not one it can read: damaged, or from another
                # DuckDB version); what it holds may be lost work, so leave it be.
                raise UserError(
                    f"{source}: {wal_of(source).name} beside it is not a log this DuckDB "
                    "can apply (damaged, or written by another DuckDB version); the file and "
                    "its .wal are left as they were and nothing was imported (open the file "
                    "with the program that wrote it, or move the .wal away if it holds "
                    "nothing you need, and import again)"
                )
            if fold:
                _fold_wal_in(target)
        try:
            tallies.prepare(con)
            written = _write(con, parsed, codebook, wave, replace, note, source_name, schema)
            con.execute("CHECKPOINT survey")
            waves = [
                int(r[0])
                for r in con.execute("SELECT wave FROM survey.waves ORDER BY wave").fetchall()
            ]
        except duckdb.Error as exc:
            if is_damage(exc):
                raise about_source(exc) from None
            raise UserError(
                f"{target}: writing the wave failed ({_first_line(exc)}); nothing was changed"
            ) from None
    finally:
        con.close()
    return Written(written.replaced, written.recounted, written.upgraded_from, waves=waves)


def _write(
    con,
    parsed: Parsed,
    codebook: Codebook,
    wave: int,
    replace: bool,
    note: str | None,
    source_name: str | None,
    schema: Schema,
) -> Written:
    """Write the wave and recount its tallies in one transaction.  A file without
    (every) tally gets them, every wave counted; an older schema version is raised."""
    existing = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT role FROM respondents WHERE wave = ? ORDER BY role", [wave]
        ).fetchall()
    ]
    clash = [r for r in parsed.roles if r in existing]
    if clash and not replace:
        labels = ", ".join(clash)
        raise UserError(
            f"wave {wave} already holds {labels} responses; pass --replace to "
            f"replace wave {wave} ({labels}) and keep everything else"
        )
    con.execute("BEGIN TRANSACTION")
    for table in ("answers", "respondents", "options", "questions", "role_workforce"):
        con.execute(
            f"DELETE FROM {table} WHERE wave = ? AND list_contains(?, role)", [wave, parsed.roles]
        )
    con.execute("DELETE FROM waves WHERE wave = ?", [wave])
    con.execute(
        "INSERT INTO waves VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            wave,
            codebook.title,
            codebook.publisher,
            codebook.ics,
            source_name,
            datetime.now().replace(microsecond=0),
            note,
        ],
    )
    for i, role in enumerate(codebook.roles):
        con.execute(
            "INSERT OR REPLACE INTO roles VALUES (?, ?, ?, ?)",
            [role.code, role.label, role.name, i],
        )
    known = {r[0] for r in con.execute("SELECT locality FROM localities").fetchall()}
    start = len(known)
    for i, (name, _aliases) in enumerate(codebook.localities):
        if name not in known:
            con.execute("INSERT INTO localities VALUES (?, ?, ?)", [name, codebook.ics, start + i])
    questions, options = [], []
    for role in parsed.roles:
        if role in codebook.workforce:
            con.execute(
                "INSERT INTO role_workforce VALUES (?, ?, ?)",
                [wave, role, codebook.workforce[role]],
            )
        for q in codebook.questions_for(role):
            questions.append([wave, role, q.id, q.theme, q.type, q.text, q.source, q.note, q.order])
            options.extend(
                [wave, role, q.id, o.order, o.label, o.score, o.marker] for o in q.options
            )
    # In bulk, not with executemany: a question with 10,000 options (two roles: 20,000
    # rows) took DuckDB 40 s one row at a time.
    _bulk_insert(con, "questions", questions)
    _bulk_insert(con, "options", options)
    _bulk_insert(con, "respondents", parsed.respondents, wave=wave)
    _bulk_insert(con, "answers", parsed.answers, wave=wave)
    if schema.tallied:
        tallies.recount(con, [wave])
        recounted: list[int] = []
    else:  # the file had no (or not all) tallies: count every wave's
        recounted = [w for w in tallies.recount(con) if w != wave]
    upgraded_from = schema.version if schema.version < SCHEMA_VERSION else None
    if upgraded_from is not None:
        con.execute(
            (QUERIES_DIR / "upgrade_schema.sql").read_text(encoding="utf-8"),
            {"version": str(SCHEMA_VERSION)},
        )
    con.execute("COMMIT")
    return Written(clash, recounted, upgraded_from)


def _bulk_insert(con, table: str, rows: list | dict[str, list], *, wave: int | None = None) -> None:
    """Insert rows (a list of rows, or a dict of columns) into `table` in bulk, through a
    temporary Parquet file (no pyarrow needed).  The columns and their types are the
    table's own (queries/schema.sql); with `wave`, the rows leave out the table's first
    column, wave, and every row gets this one."""
    import polars as pl

    columns = [
        (name, duck_type) for name, duck_type, *_ in con.execute(f"DESCRIBE {table}").fetchall()
    ]
    given = columns[1:] if wave is not None else columns
    frame = pl.DataFrame(
        rows,
        schema={name: polars_type(duck_type) for name, duck_type in given},
        orient=None if isinstance(rows, dict) else "row",
    )
    if frame.height == 0:
        return
    if wave is not None:
        frame = frame.select(pl.lit(wave).alias(columns[0][0]), *frame.columns)
    fd, name = tempfile.mkstemp(suffix=".parquet")
    os.close(fd)
    try:
        frame.write_parquet(name)
        con.execute(f"INSERT INTO {table} SELECT * FROM read_parquet(?)", [name])
    finally:
        Path(name).unlink(missing_ok=True)
