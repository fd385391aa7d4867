"""Opening survey files: checks that give one clear line, READ_ONLY attach, the views.

The user's file is attached READ_ONLY into an in-memory DuckDB where the views live,
so browsing can never write to it.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tui import tallies
from tui.errors import DatabaseError
from tui.paths import QUERIES_DIR

if TYPE_CHECKING:
    import duckdb

# Version 2 adds the tallies (queries/tallies/tables.sql); a file without them (version 1)
# still opens, with the tallies counted live, and the next import into it adds them.
SCHEMA_VERSION = 2
APPLICATION = "workforce-explorer"
REQUIRED_TABLES = (
    "schema_info",
    "waves",
    "roles",
    "role_workforce",
    "localities",
    "respondents",
    "questions",
    "options",
    "answers",
)
# Views that others build on come first; the rest load in name order.
BASE_VIEWS = ("answer_facts", "question_counts", "likert_stats")
DUCKDB_MAGIC = b"DUCK"
# No extension is ever downloaded or loaded at run time, and DuckDB never resolves an
# unknown table name to a Python variable (the views only ever read the attached file).
OFFLINE_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "python_enable_replacements": False,
}
# What DuckDB says when a file's blocks are missing (cut short) or garbled.
DAMAGE_SIGNS = ("could not read enough bytes", "corrupt database file", "checksum")


def check_file(path: Path) -> None:
    """Reject what is plainly not a survey database before DuckDB sees it."""
    if not path.exists():
        raise DatabaseError(f"{path}: no such file (expected a .duckdb survey file)")
    if path.is_dir():
        raise DatabaseError(f"{path}: is a directory, not a .duckdb survey file")
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except PermissionError:
        raise DatabaseError(f"{path}: permission denied: the file cannot be read") from None
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not head:
        raise DatabaseError(f"{path}: is empty (0 bytes), not a DuckDB survey file")
    if head[8:12] != DUCKDB_MAGIC:
        raise DatabaseError(f"{path}: is not a DuckDB database (wrong file signature)")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def is_damage(exc: BaseException) -> bool:
    """Whether a DuckDB error means the file itself is truncated or corrupt."""
    lowered = str(exc).lower()
    return any(sign in lowered for sign in DAMAGE_SIGNS)


def describe_duckdb_error(path: Path, exc: BaseException) -> DatabaseError:
    message = str(exc)
    lowered = message.lower()
    if "lock" in lowered and ("conflict" in lowered or "could not set lock" in lowered):
        return DatabaseError(
            f"{path}: is open for writing in another program (DuckDB holds a lock on it); "
            "close that program, or work on a copy of the file, and try again"
        )
    if "permission" in lowered:
        return DatabaseError(f"{path}: permission denied: the file cannot be read")
    if "newer" in lowered and "version" in lowered:
        return DatabaseError(
            f"{path}: was written by a newer DuckDB than this one reads; upgrade workforce-explorer"
        )
    if is_damage(exc):
        return DatabaseError(
            f"{path}: is damaged or truncated and cannot be read "
            f"({_first_line(exc)}); use an intact copy or import the export "
            "again"
        )
    return DatabaseError(f"{path}: cannot be read as a DuckDB database ({_first_line(exc)})")


_CREATE = re.compile(r"CREATE TABLE (?:IF NOT EXISTS )?(?:survey\.)?(\w+) \((.*?)\n\);", re.DOTALL)
_COLUMN = re.compile(r"^\s+([a-z_0-9]+)\s+([A-Z]+)\b", re.MULTILINE)
# Type families: a file whose integers are BIGINT rather than INTEGER reads the same.
_FAMILY = {
    "TINYINT": "INTEGER",
    "SMALLINT": "INTEGER",
    "INTEGER": "INTEGER",
    "BIGINT": "INTEGER",
    "HUGEINT": "INTEGER",
    "UTINYINT": "INTEGER",
    "USMALLINT": "INTEGER",
    "UINTEGER": "INTEGER",
    "UBIGINT": "INTEGER",
}


@functools.cache
def expected_columns() -> dict[str, dict[str, str]]:
    """Each stored table's columns and their types, as queries/schema.sql and
    queries/tallies/tables.sql create them (read from the SQL, not from a database)."""
    out: dict[str, dict[str, str]] = {}
    for sql_file in (QUERIES_DIR / "schema.sql", QUERIES_DIR / "tallies" / "tables.sql"):
        for table, body in _CREATE.findall(sql_file.read_text(encoding="utf-8")):
            out[table] = {
                name: kind
                for name, kind in _COLUMN.findall(body)
                if name not in ("primary", "unique")
            }
    return out


def _stored_columns(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, dict[str, str]]:
    """Each table (or view) in the file's main schema: its columns and their types.
    One read of DuckDB's own catalog function, which answers several times faster than
    information_schema (this runs on every open)."""
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE database_name = ? AND schema_name = 'main'",
        [catalog],
    ).fetchall()
    found: dict[str, dict[str, str]] = {}
    for table, column, kind in rows:
        found.setdefault(table, {})[column] = kind
    return found


def _check_columns(path: Path, found: dict[str, dict[str, str]], tables: set[str]) -> None:
    """Refuse, in one line, a stored table whose columns are missing or of another type
    (`waves.wave` as text, `roles.label` as a number): the views would fail on them."""
    expected = expected_columns()
    for table in sorted(tables & expected.keys()):
        for column, kind in expected[table].items():
            have = found.get(table, {}).get(column)
            if have is None:
                raise DatabaseError(
                    f"{path}: survey tables do not match the expected schema "
                    f"(table {table} has no column {column})"
                )
            if _FAMILY.get(have, have) != _FAMILY.get(kind, kind):
                raise DatabaseError(
                    f"{path}: survey tables do not match the expected schema "
                    f"(column {table}.{column} is {have}, expected {kind})"
                )


class Schema(NamedTuple):
    version: int
    tallied: bool  # stores every tally (version 2); else they are counted live


def check_schema(con: duckdb.DuckDBPyConnection, path: Path, catalog: str) -> Schema:
    """Refuse a file that is not a survey this version reads; say which version it is
    and whether it stores the tallies (a version 1 file does not; neither does a file
    that lost one, which reads the same, counted live, until the next import)."""
    found = _stored_columns(con, catalog)
    tables = set(found)
    if "schema_info" not in tables:
        raise DatabaseError(
            f"{path}: is a DuckDB file but not a Workforce Explorer survey "
            "(no schema_info table); import an export with "
            "`workforce-explorer import`"
        )
    _check_columns(path, found, tables & {"schema_info"})
    info = dict(con.execute(f'SELECT key, value FROM "{catalog}".schema_info').fetchall())
    try:
        version = int(info.get("schema_version", ""))
    except (TypeError, ValueError):
        found = info.get("schema_version")
        raise DatabaseError(
            f"{path}: schema_info has no valid schema_version (found "
            f"{'NULL' if found is None else repr(found)}, expected a whole "
            "number)"
        ) from None
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path}: uses survey schema version {version}, newer than this "
            f"workforce-explorer reads (up to {SCHEMA_VERSION}); upgrade it"
        )
    missing = [t for t in REQUIRED_TABLES if t not in tables]
    if missing:
        raise DatabaseError(
            f"{path}: survey schema is incomplete (missing table {', '.join(missing)})"
        )
    _check_columns(path, found, tables)
    return Schema(version, all(t in tables for t in tallies.TALLY_TABLES))


def view_files() -> list[Path]:
    files = {p.stem: p for p in (QUERIES_DIR / "views").glob("*.sql")}
    ordered = [files.pop(name) for name in BASE_VIEWS]
    return ordered + [files[name] for name in sorted(files)]


@functools.cache
def views_sql() -> str:
    """Every view's CREATE, in order, as one script (each file ends its statements with
    `;`): DuckDB binds them in one call, a few milliseconds less on every open than one
    call per file."""
    return "\n".join(f.read_text(encoding="utf-8") for f in view_files())


def connect_readonly(path: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the survey attached READ_ONLY as `survey` and the views."""
    import duckdb

    path = Path(path)
    check_file(path)
    con = duckdb.connect(":memory:", config=OFFLINE_CONFIG)
    con.execute("SET enable_progress_bar = false")
    try:
        con.execute("ATTACH ? AS survey (READ_ONLY)", [str(path)])
    except duckdb.Error as exc:
        con.close()
        raise describe_duckdb_error(path, exc) from None
    try:
        tallies.define(con, live=not check_schema(con, path, "survey").tallied)
        con.execute(views_sql())
    except DatabaseError:
        con.close()
        raise
    except duckdb.Error as exc:
        con.close()
        if is_damage(exc):
            raise describe_duckdb_error(path, exc) from None
        raise DatabaseError(
            f"{path}: survey tables do not match the expected schema ({_first_line(exc)})"
        ) from None
    return con
