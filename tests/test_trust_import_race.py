"""Imports racing and being killed: the file holds exactly a before or an after state.

Several imports of different waves start at once into one survey file (the real command
line, in subprocesses); some are killed at random moments (`proc.kill()`: SIGKILL, or
TerminateProcess on Windows).  Afterwards:

- every import that said it imported its wave has that wave in the file (none lost);
- a killed import's wave is either wholly there or not at all, and every wave in the file
  holds exactly what a clean import of the same export holds;
- the file opens; no lock is left held: the next import, told not to wait, goes ahead,
  deletes every working copy the killed imports left and says how many; nothing hidden
  is left beside the file.

The moments are random, from a seed a failure names with the waves killed and when
(WORKFORCE_RACE_SEED repeats a run); the test is bounded by the imports themselves: four
at once, a few seconds on an idle machine (13-16 s on two cores shared seven ways).
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from import_helpers import CODEBOOK, PLAIN, import_args, rows, run

from tui.data import SurveyData
from tui.importing import import_export
from tui.paths import ROOT

WAVES = (2024, 2025, 2026, 2027)
ROUNDS = 1


def _content(db: Path, wave: int) -> dict[str, list[tuple]]:
    """A wave's rows, without the wave column, for comparing waves with each other."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            table: con.execute(
                f"SELECT * EXCLUDE (wave) FROM {table} WHERE wave = ? ORDER BY ALL", [wave]
            ).fetchall()
            for table in (
                "respondents",
                "answers",
                "questions",
                "options",
                "role_workforce",
                "question_tally",
                "option_tally",
                "locality_tally",
            )
        }
    finally:
        con.close()


def _waves(db: Path) -> list[int]:
    return [int(r[0]) for r in rows(db, "SELECT wave FROM waves ORDER BY wave")]


def _lock_holder(folder: Path, procs: dict[int, subprocess.Popen]) -> int | None:
    """The wave whose import holds the file (its pid is in the lock file) while it has a
    working copy beside the file; None otherwise (or where the lock file cannot be read
    while locked, as on Windows)."""
    try:
        pid = int((folder / ".survey.duckdb.lock").read_text().strip() or 0)
    except (OSError, ValueError):
        return None
    if not any(".tmp" in p.name for p in folder.iterdir()):
        return None
    return next((w for w, proc in procs.items() if proc.pid == pid and proc.poll() is None), None)


def _kill_two(
    procs: dict[int, subprocess.Popen], folder: Path, rng: random.Random
) -> dict[int, float]:
    """Kill one import at a random moment of its run (start-up, reading, waiting for the
    lock, ...), and another while it holds the file and writes its working copy (copying,
    writing, recounting, replacing), a random moment after its copy appears."""
    waves = list(procs)
    first = rng.choice(waves)
    killed: dict[int, float] = {}
    t0 = time.monotonic()
    at = rng.uniform(0.2, 3.0)
    writing_kill: tuple[int, float] | None = None
    while time.monotonic() - t0 < 60 and any(p.poll() is None for p in procs.values()):
        now = time.monotonic() - t0
        if first not in killed and now >= at:
            procs[first].kill()
            killed[first] = round(now, 2)
        if writing_kill is None:
            wave = _lock_holder(folder, procs)
            if wave is not None and wave != first:
                writing_kill = (wave, now + rng.uniform(0.0, 0.5))
        if writing_kill is not None and writing_kill[0] not in killed and now >= writing_kill[1]:
            procs[writing_kill[0]].kill()
            killed[writing_kill[0]] = round(now, 2)
        if first in killed and writing_kill is not None and writing_kill[0] in killed:
            break
        time.sleep(0.005)
    return killed


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> dict[str, list[tuple]]:
    db = tmp_path_factory.mktemp("reference") / "reference.duckdb"
    import_export(PLAIN, CODEBOOK, 2023, db)
    return _content(db, 2023)


def test_racing_and_killed_imports_lose_no_wave_and_leave_nothing_behind(
    tmp_path: Path, capsys, reference
) -> None:
    seed = int(os.environ.get("WORKFORCE_RACE_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    folder = tmp_path / "surveys"
    folder.mkdir()
    db = folder / "survey.duckdb"
    import_export(PLAIN, CODEBOOK, 2023, db)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    expected_present = {2023}
    maybe_present: set[int] = set()
    started = time.monotonic()
    for round_ in range(ROUNDS):
        waves = [w + 10 * round_ for w in WAVES]
        procs = {
            w: subprocess.Popen(
                [sys.executable, "-m", "tui", *map(str, import_args(PLAIN, db, w))],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for w in waves
        }
        doomed = _kill_two(procs, folder, rng)
        for wave, proc in procs.items():
            err = proc.communicate(timeout=120)[1]
            context = f"seed {seed}, wave {wave}: exit {proc.returncode}: {err[-500:]}"
            if proc.returncode == 0:
                assert f"Imported wave {wave}" in err, context
                expected_present.add(wave)
            else:
                assert wave in doomed, context  # only a killed import fails
                maybe_present.add(wave)
        held = set(_waves(db))
        assert expected_present <= held, f"seed {seed}: a wave was lost: {held}"
        assert held <= expected_present | maybe_present, f"seed {seed}: {held}"
        for wave in held:
            assert _content(db, wave) == reference, f"seed {seed}: wave {wave} differs"
        visible = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
        assert visible == ["survey.duckdb"], f"seed {seed}: {visible}"

    survey = SurveyData(db)
    assert [int(w) for w in survey.waves()["wave"]] == sorted(held)
    survey.close()
    copies = [p for p in folder.iterdir() if re.fullmatch(r"\.survey\.duckdb\.\w+\.tmp.*", p.name)]
    story = (
        f"seed {seed}: killed (wave: seconds) {doomed}, file holds {sorted(held)}, "
        f"working copies left {len(copies)}"
    )
    code, err = run(capsys, *import_args(PLAIN, db, 2099, "--wait", "0"))
    assert code == 0, f"{story}: {err}"
    if copies:
        assert f"deleted {len(copies)} working cop" in err, f"{story}: {err}"
    assert sorted(p.name for p in folder.iterdir()) == ["survey.duckdb"], story
    assert 2099 in _waves(db)
    assert time.monotonic() - started < 120
