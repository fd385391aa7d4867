"""Helpers shared by tests about files and the command line: a file's fingerprint, the
sidecar files DuckDB may leave, and `summary` run as a user runs it (a new process) or,
where a test is not about the process boundary, called in this process."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[str]:
    """Files beside `path` named after it (DuckDB's .wal, an export's temporary file)."""
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "."))


def summary(*args: str, db: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m tui summary ARGS [--db DB]` in a new process, from the repository."""
    argv = [sys.executable, "-m", "tui", "summary"]
    if db is not None:
        argv += ["--db", str(db)]
    return subprocess.run(
        [*argv, *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=60
    )


def summary_here(
    *args: str, db: Path | None = None, columns: int | None = None
) -> subprocess.CompletedProcess[str]:
    """`summary ARGS [--db DB]` through the command line's entry function in this process:
    its exit code and what it printed, as `summary` gives them, without starting Python
    and importing DuckDB and polars again (~0.5 s a call). `columns` sets the terminal
    width a table is printed for (COLUMNS, as a terminal sets it)."""
    from tui.cli import main

    argv = ["summary", *(["--db", str(db)] if db is not None else []), *args]
    out, err = io.StringIO(), io.StringIO()
    env = {"COLUMNS": str(columns)} if columns is not None else {}
    with mock.patch.dict(os.environ, env), redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """The command failed the way bad input must: exit 2, one line on stderr holding every
    word (any case), nothing on stdout, no traceback. Returns the line."""
    assert "Traceback" not in result.stderr + result.stdout
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word.casefold() in lines[0].casefold(), lines[0]
    return lines[0]
