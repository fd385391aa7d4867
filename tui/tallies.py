"""The tallies: per-locality counts of the answers that the views read instead of them.

A version 2 survey file stores them (queries/tallies/tables.sql), recounted by the import
one wave at a time; a version 1 file has none, and the explorer counts the answers live
through the same definitions (queries/tallies/counts.sql), so both give the same figures.
Every function expects the survey file attached as `survey`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.paths import QUERIES_DIR

if TYPE_CHECKING:
    from collections.abc import Iterable

    import duckdb

TALLY_TABLES = ("question_tally", "option_tally", "locality_tally")
TALLIES_DIR = QUERIES_DIR / "tallies"


def _run(con: duckdb.DuckDBPyConnection, name: str) -> None:
    con.execute((TALLIES_DIR / f"{name}.sql").read_text(encoding="utf-8"))


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Create the counting views, in the connection's in-memory catalog.  Call it before
    a transaction that writes the survey file: one transaction writes one database."""
    _run(con, "counts")


def define(con: duckdb.DuckDBPyConnection, *, live: bool) -> None:
    """Create the tally views the theme views read: the stored tallies, or (live) the
    counts taken from the answers at each read."""
    if live:
        prepare(con)
    _run(con, "live" if live else "stored")


def recount(con: duckdb.DuckDBPyConnection, waves: Iterable[int] | None = None) -> list[int]:
    """Create any missing tally table in `survey` and recount the given waves (None:
    every wave that has a row anywhere in the file); return the waves recounted.  Call
    prepare first."""
    _run(con, "tables")
    if waves is None:
        sql = (TALLIES_DIR / "waves.sql").read_text(encoding="utf-8")
        waves = [r[0] for r in con.execute(sql).fetchall()]
    done = []
    for wave in waves:
        con.execute("SET VARIABLE tally_wave = ?", [int(wave)])
        _run(con, "refresh")
        done.append(int(wave))
    con.execute("RESET VARIABLE tally_wave")
    return done
