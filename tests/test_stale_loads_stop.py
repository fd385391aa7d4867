"""A pane's load that a newer request replaced stops between two reads (issue 17,
speed): keys pressed quickly do not leave stale loads holding the cores while the one
wanted is read."""

from __future__ import annotations

import asyncio
import threading

import polars as pl
import pytest
from explorer_helpers import pane, settle

import tui.widgets.role_pane as role_pane
from tui.app import WorkforceExplorer
from tui.data import SurveyData
from tui.paths import SAMPLE_DB
from tui.sections import Request

WAVE = 2023


def watch_loads(monkeypatch: pytest.MonkeyPatch, which: str) -> threading.Event:
    """An event set when the pane's load of `which` (a locality or section) has ended,
    whether it finished, stopped or failed."""
    ended = threading.Event()
    load = role_pane.load_section

    def watched(data: SurveyData, req: Request, **kwargs: object) -> object:
        try:
            return load(data, req, **kwargs)  # type: ignore[arg-type]
        finally:
            if which in (req.locality, req.section):
                ended.set()

    monkeypatch.setattr(role_pane, "load_section", watched)
    return ended


async def test_a_locality_left_at_once_stops_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bolton chosen, then Bury while Bolton's first read is under way: Bolton's card is
    not read any further, and Bury's is shown."""
    data = SurveyData(SAMPLE_DB)
    app = WorkforceExplorer(data, wave=WAVE)
    ended = watch_loads(monkeypatch, "Bolton")
    inside, release = threading.Event(), threading.Event()
    reads: list[tuple[str, str | None]] = []
    run = data._run

    def gated(name: str, params: dict) -> pl.DataFrame:
        if params.get("role") == "SPLW" and "locality" in params:
            reads.append((name, params["locality"]))
        if params.get("locality") == "Bolton" and not inside.is_set():
            inside.set()  # Bolton's card is being read
            release.wait(30)
        return run(name, params)

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.stop_reading_ahead()
        data._run = gated  # type: ignore[method-assign]
        app.set_locality("Bolton")
        loop = asyncio.get_running_loop()
        assert await loop.run_in_executor(None, inside.wait, 30)
        app.set_locality("Bury")  # the next key, while Bolton's first read runs
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › Bury › Overview"
        assert pane(app).shown == pane(app).request()
        # The replaced load runs on in its thread (a thread cannot be interrupted):
        # wait for it to end, however it ends.
        assert await loop.run_in_executor(None, ended.wait, 30)
        bolton = [name for name, place in reads if place == "Bolton"]
        assert len(bolton) == 1, f"Bolton's card was read on after Bury was chosen: {bolton}"
        assert any(place == "Bury" for _, place in reads)
    data.close()


async def test_sections_stepped_through_quickly_stop_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """j pressed while Supervision's first read is under way: Supervision's load asks
    the data layer for nothing more (its statements, its gap figures); the section the
    list rests on is shown."""
    data = SurveyData(SAMPLE_DB)
    app = WorkforceExplorer(data, wave=WAVE, locality="Wigan")
    ended = watch_loads(monkeypatch, "supervision")
    inside, release = threading.Event(), threading.Event()
    asked: list[str] = []
    run, likert, gaps = data._run, data.likert, data.supervision_gaps

    def gated(name: str, params: dict) -> pl.DataFrame:
        if params.get("view") == "supervision" and not inside.is_set():
            inside.set()  # Supervision's first read
            release.wait(30)
        return run(name, params)

    def asking_likert(theme: str, *args: object, **kwargs: object) -> pl.DataFrame:
        asked.append(f"likert {theme}")
        return likert(theme, *args, **kwargs)  # type: ignore[arg-type]

    def asking_gaps(*args: object, **kwargs: object) -> pl.DataFrame:
        asked.append("supervision_gaps")
        return gaps(*args, **kwargs)  # type: ignore[arg-type]

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.stop_reading_ahead()
        data._run = gated  # type: ignore[method-assign]
        data.likert = asking_likert  # type: ignore[method-assign]
        data.supervision_gaps = asking_gaps  # type: ignore[method-assign]
        await pilot.press(*["j"] * 5)  # down to Supervision: its first read is held
        loop = asyncio.get_running_loop()
        assert await loop.run_in_executor(None, inside.wait, 30)
        await pilot.press("j")  # on to Demographics before Supervision is read
        release.set()
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › Wigan › Demographics"
        assert pane(app).shown == pane(app).request()
        assert await loop.run_in_executor(None, ended.wait, 30)
        stale = [a for a in asked if a in ("likert supervision", "supervision_gaps")]
        assert stale == [], f"Supervision read on after it was left: {stale}"
    data.close()
