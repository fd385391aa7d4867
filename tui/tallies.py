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
    prepare(con)
    _run(con, "live" if live else "stored")


def refresh(con: duckdb.DuckDBPyConnection, waves: Iterable[int]) -> None:
    """Create any missing tally table in `survey` and recount the given waves (after
    prepare)."""
    _run(con, "tables")
    for wave in waves:
        con.execute("SET VARIABLE tally_wave = ?", [int(wave)])
        _run(con, "refresh")
    con.execute("RESET VARIABLE tally_wave")
