"""Importing survey exports: read (one module per flavour), validate, write atomically."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tui.codebook import load_codebook
from tui.importing.readers import read_export
from tui.importing.validate import Parsed, parse_export
from tui.importing.writer import write_wave


def import_export(export: str | Path, codebook_path: str | Path, wave: int, db: str | Path, *,
                  role: str | None = None, replace: bool = False, note: str | None = None,
                  progress: Callable[[int, int], None] | None = None) -> Parsed:
    """Validate a whole export against a codebook, then write it as one wave."""
    codebook = load_codebook(codebook_path)
    raw = read_export(export)
    parsed = parse_export(raw, codebook, role=role, progress=progress)
    write_wave(Path(db), parsed, codebook, wave, replace=replace, note=note,
               source_name=Path(export).name)
    return parsed
