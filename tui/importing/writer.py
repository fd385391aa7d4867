"""Writing a parsed wave into a survey database, atomically.

The database is built in a temporary file beside the target (a copy of it, when it
exists) and moved over the target with os.replace only once everything is written, so
a failure or a kill midway leaves the previous database byte-for-byte intact.  A kill
can leave the hidden temporary file (".NAME.duckdb.1a2b3c4d.tmp") behind; the next import
names any it finds so it can be deleted.
"""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
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
)
from tui.errors import UserError
from tui.importing.validate import Parsed
from tui.paths import QUERIES_DIR


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass


def temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")


def leftover_temp_files(target: Path) -> list[Path]:
    """Temporary files an interrupted import left beside the target."""
    target = Path(target)
    try:
        pattern = f".{glob.escape(target.name)}.*.tmp*"
        return sorted(p for p in target.parent.glob(pattern) if p.is_file())
    except OSError:
        return []


def _move_into_place(tmp: Path, target: Path) -> None:
    try:
        os.replace(tmp, target)
    except PermissionError:
        raise UserError(f"{target}: cannot be replaced: it is open in another program (the "
                        "explorer, say) or read-only; close it and import again (nothing was "
                        "changed)") from None
    except OSError as exc:
        raise UserError(f"{target}: cannot be replaced ({exc.strerror or exc}); nothing was "
                        "changed") from None


def _check_not_held_for_writing(target: Path) -> None:
    """Refuse a survey file another program has open read-write: its unsaved changes (in
    its .wal) would be missing from the copy, and the swap would orphan its later writes."""
    import duckdb

    try:
        duckdb.connect(str(target), read_only=True,
                       config={"autoinstall_known_extensions": False,
                               "autoload_known_extensions": False}).close()
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
        reason = "permission denied" if isinstance(exc, PermissionError) else (
            exc.strerror or str(exc))
        raise UserError(f"{target}: cannot write in the folder {target.parent} ({reason}); "
                        "import into a folder you can write to; nothing was written") from None
    os.close(fd)
    os.unlink(tmp)


@dataclass(frozen=True)
class Written:
    """What an import did besides adding its rows."""

    replaced: list[str]             # roles whose earlier answers in the wave it replaced
    recounted: list[int]            # waves whose tallies it counted beside its own: every
                                    # wave, when the file had no (or not all) tallies
    upgraded_from: int | None       # the file's earlier schema version, if it was older


def write_wave(target: Path, parsed: Parsed, codebook: Codebook, wave: int, *,
               replace: bool = False, note: str | None = None,
               source_name: str | None = None) -> Written:
    """Write a wave and recount its tallies; see Written for what else it did."""
    import duckdb
    import polars as pl

    target = Path(target)
    if target.exists():
        check_file(target)
        _check_not_held_for_writing(target)
    elif not target.parent.is_dir():
        raise UserError(f"{target}: the folder {target.parent} does not exist")
    tmp = temp_name(target)
    _check_folder_writable(target, tmp)
    try:
        if target.exists():
            try:
                shutil.copyfile(target, tmp)
            except OSError as exc:
                raise UserError(f"{target}: cannot make a working copy beside it "
                                f"({exc.strerror or exc}); nothing was changed") from None
        # The working copy is attached as `survey`, the name the tally queries read.
        con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False,
                                                 "autoload_known_extensions": False})
        try:
            try:
                con.execute("ATTACH ? AS survey", [str(tmp)])
                con.execute("USE survey")
            except duckdb.Error as exc:
                raise describe_duckdb_error(target, exc) from None
            schema = Schema(SCHEMA_VERSION, tallied=True)
            if target.exists():
                try:
                    schema = check_schema(con, target, "survey")
                except UserError as exc:
                    raise UserError(f"{exc.message}; refusing to import into it") from None
            else:
                con.execute((QUERIES_DIR / "schema.sql").read_text(encoding="utf-8"))
                con.executemany("INSERT INTO schema_info VALUES (?, ?)",
                                [["schema_version", str(SCHEMA_VERSION)],
                                 ["application", APPLICATION]])
            try:
                tallies.prepare(con)
                written = _write(con, parsed, codebook, wave, replace, note, source_name, pl,
                                 schema)
                con.execute("CHECKPOINT survey")
            except duckdb.Error as exc:
                detail = str(exc).strip().splitlines()[0] if str(exc).strip() else "error"
                raise UserError(f"{target}: writing the wave failed ({detail}); nothing was "
                                "changed") from None
        finally:
            con.close()
        _move_into_place(tmp, target)
    finally:
        _remove(tmp)
    return written


def _write(con, parsed: Parsed, codebook: Codebook, wave: int, replace: bool,
           note: str | None, source_name: str | None, pl, schema: Schema) -> Written:
    """Write the wave and recount its tallies in one transaction.  A file without
    (every) tally gets them, every wave counted; an older schema version is raised."""
    existing = [r[0] for r in con.execute(
        "SELECT DISTINCT role FROM respondents WHERE wave = ? ORDER BY role", [wave]).fetchall()]
    clash = [r for r in parsed.roles if r in existing]
    if clash and not replace:
        labels = ", ".join(clash)
        raise UserError(f"wave {wave} already holds {labels} responses; pass --replace to "
                        f"replace wave {wave} ({labels}) and keep everything else")
    con.execute("BEGIN TRANSACTION")
    for table in ("answers", "respondents", "options", "questions", "role_workforce"):
        con.execute(f"DELETE FROM {table} WHERE wave = ? AND list_contains(?, role)",
                    [wave, parsed.roles])
    con.execute("DELETE FROM waves WHERE wave = ?", [wave])
    con.execute("INSERT INTO waves VALUES (?, ?, ?, ?, ?, ?, ?)",
                [wave, codebook.title, codebook.publisher, codebook.ics, source_name,
                 datetime.now().replace(microsecond=0), note])
    for i, role in enumerate(codebook.roles):
        con.execute("INSERT OR REPLACE INTO roles VALUES (?, ?, ?, ?)",
                    [role.code, role.label, role.name, i])
    known = {r[0] for r in con.execute("SELECT locality FROM localities").fetchall()}
    start = len(known)
    for i, (name, _aliases) in enumerate(codebook.localities):
        if name not in known:
            con.execute("INSERT INTO localities VALUES (?, ?, ?)", [name, codebook.ics,
                                                                     start + i])
    questions, options = [], []
    for role in parsed.roles:
        if role in codebook.workforce:
            con.execute("INSERT INTO role_workforce VALUES (?, ?, ?)",
                        [wave, role, codebook.workforce[role]])
        for q in codebook.questions_for(role):
            questions.append([wave, role, q.id, q.theme, q.type, q.text, q.source, q.note,
                              q.order])
            options.extend([wave, role, q.id, o.order, o.label, o.score, o.marker]
                           for o in q.options)
    if questions:
        con.executemany("INSERT INTO questions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", questions)
    if options:
        con.executemany("INSERT INTO options VALUES (?, ?, ?, ?, ?, ?, ?)", options)
    _bulk_insert(con, "respondents", pl.DataFrame(
        parsed.respondents, orient="row",
        schema={"role": pl.String, "respondent_id": pl.String, "locality": pl.String,
                "tenure": pl.String, "employment": pl.String, "employer": pl.String},
    ).with_columns(pl.lit(wave, pl.Int32).alias("wave")).select(
        "wave", "role", "respondent_id", "locality", "tenure", "employment", "employer"), pl)
    _bulk_insert(con, "answers", pl.DataFrame(parsed.answers, schema={
        "role": pl.String, "respondent_id": pl.String, "question_id": pl.String,
        "answered": pl.Boolean, "option_order": pl.Int32, "score": pl.Int32,
        "text_value": pl.String,
    }).with_columns(pl.lit(wave, pl.Int32).alias("wave")).select(
        "wave", "role", "respondent_id", "question_id", "answered", "option_order", "score",
        "text_value"), pl)
    if schema.tallied:
        tallies.recount(con, [wave])
        recounted: list[int] = []
    else:   # the file had no (or not all) tallies: count every wave's
        recounted = [w for w in tallies.recount(con) if w != wave]
    upgraded_from = schema.version if schema.version < SCHEMA_VERSION else None
    if upgraded_from is not None:
        con.execute((QUERIES_DIR / "upgrade_schema.sql").read_text(encoding="utf-8"),
                    {"version": str(SCHEMA_VERSION)})
    con.execute("COMMIT")
    return Written(clash, recounted, upgraded_from)


def _bulk_insert(con, table: str, frame, pl) -> None:
    """Hand a polars frame to DuckDB through a temporary Parquet file (no pyarrow needed)."""
    if frame.height == 0:
        return
    fd, name = tempfile.mkstemp(suffix=".parquet")
    os.close(fd)
    try:
        frame.write_parquet(name)
        con.execute(f"INSERT INTO {table} SELECT * FROM read_parquet(?)", [name])
    finally:
        Path(name).unlink(missing_ok=True)
