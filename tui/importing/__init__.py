"""Importing survey exports: read (one module per flavour), validate, write atomically."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tui.codebook import load_codebook
from tui.importing.readers import read_export
from tui.importing.validate import Parsed, parse_export
from tui.importing.writer import write_wave


def import_export(
    export: str | Path,
    codebook_path: str | Path,
    wave: int,
    db: str | Path,
    *,
    role: str | None = None,
    replace: bool = False,
    note: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_stage: Callable[[str], None] | None = None,
    result: dict | None = None,
    copy_from: str | Path | None = None,
    wait: float = 60.0,
    on_wait: Callable[[str], None] | None = None,
) -> Parsed:
    """Validate a whole export against a codebook, then write it as one wave.

    `progress(done, total)` follows the rows being checked, `on_stage(name)` the steps;
    `result["replaced"]` receives the roles whose earlier answers in the wave were
    replaced, `result["recounted"]` the other waves whose tallies were counted (the file
    lacked them), `result["upgraded_from"]` the file's older schema version (or None),
    `result["role_labels"]` each role's label, `result["written"]` the whole
    tui.importing.writer.Written (the waves the file now holds, leftovers removed, ...).
    `copy_from` starts a new `db` as a copy of an earlier survey file; `wait` is how many
    seconds to wait for another import writing the same file (`on_wait` hears once).
    """
    stage = on_stage or (lambda _name: None)
    codebook = load_codebook(codebook_path)
    stage("Reading the export")
    raw = read_export(export)
    parsed = parse_export(raw, codebook, role=role, progress=progress)
    stage(f"Writing {Path(db).name}")
    written = write_wave(
        Path(db),
        parsed,
        codebook,
        wave,
        replace=replace,
        note=note,
        source_name=Path(export).name,
        copy_from=Path(copy_from) if copy_from is not None else None,
        wait=wait,
        on_wait=on_wait,
    )
    if result is not None:
        result["replaced"] = written.replaced
        result["recounted"] = written.recounted
        result["upgraded_from"] = written.upgraded_from
        result["role_labels"] = {r.code: r.label for r in codebook.roles}
        result["written"] = written
    return parsed
