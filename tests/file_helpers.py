"""Helpers shared by tests about files and the command line: a file's fingerprint, the
sidecar files DuckDB may leave, and `summary` run as a user runs it (a new process)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

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
