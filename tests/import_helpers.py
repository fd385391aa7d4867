"""Helpers shared by the import tests: the fixtures, running the CLI, reading tables."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tui.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"
CODEBOOK = FIXTURES / "codebook.toml"
PLAIN = FIXTURES / "plain.csv"


def run(capsys, *argv: str | Path) -> tuple[int, str]:
    """Run the command line in-process; return its exit code and what it printed on stderr."""
    capsys.readouterr()
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


def import_args(
    export: Path, db: Path, wave: int = 2024, *extra: str | Path, codebook: Path = CODEBOOK
) -> list:
    return ["import", export, "--codebook", codebook, "--wave", str(wave), "--db", db, *extra]


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def answers_and_respondents(db: Path, wave: int | None = None) -> dict[str, list[tuple]]:
    where = "" if wave is None else f" WHERE wave = {int(wave)}"
    return {
        t: rows(db, f"SELECT * FROM {t}{where} ORDER BY ALL") for t in ("answers", "respondents")
    }
