"""From the explorer: `r` (or the palette) writes the deck for what is on screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deck_reading import read_deck, slides_of
from tests.explorer_helpers import make_app, settle


async def test_r_writes_the_role_deck_and_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = tmp_path / "workforce-2023-CC-all-localities-report.pptx"
        assert written.exists()
        # the status line names the file and its folder
        assert any(f"Wrote {written.name} in {tmp_path}" in str(n.message) for n in app.status_log)
        first = written.read_bytes()
        await pilot.press("r")  # again: a new file, the first one kept
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (tmp_path / "workforce-2023-CC-all-localities-report-2.pptx").exists()
        assert written.read_bytes() == first
    deck = read_deck(written)
    assert slides_of(deck, "CC") and not slides_of(deck, "SPLW")


async def test_r_on_a_small_group_says_so_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(locality="Rochdale")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2", "r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [str(n.message) for n in app.status_log if n.severity == "error"]
        assert any("fewer than 5 responded" in e for e in errors), errors
        assert list(tmp_path.iterdir()) == []


async def test_palette_writes_the_whole_wave_from_all_roles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"report deck", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        written = tmp_path / "workforce-2023-all-roles-all-localities-report.pptx"
        assert written.exists(), [str(n.message) for n in app.status_log]
    deck = read_deck(written)
    assert slides_of(deck, "SPLW") and slides_of(deck, "CC") and slides_of(deck, "H&WC")


def test_the_explorer_starts_without_python_pptx() -> None:
    """python-pptx is imported when a deck is written, never on the way to the first
    screen (nor by `import tui.report`)."""
    import subprocess
    import sys

    from tui.paths import ROOT

    code = (
        "import sys, tui.app, tui.cli, tui.report, tui.commands; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pptx' "
        "or m.startswith('tui.report.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
