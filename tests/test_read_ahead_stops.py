"""A read-ahead no longer wanted stops between two reads (issue 17, speed): a drill made
while the other tabs' Overviews are being read ahead does not wait behind them."""

from __future__ import annotations

import asyncio
import threading

import polars as pl
from explorer_helpers import pane, settle

from tui.app import WorkforceExplorer
from tui.data import SurveyData
from tui.paths import SAMPLE_DB

WAVE = 2023


async def test_a_drill_stops_the_other_tabs_read_ahead() -> None:
    data = SurveyData(SAMPLE_DB)
    app = WorkforceExplorer(data, wave=WAVE)
    inside, release = threading.Event(), threading.Event()
    reads: list[tuple[str, dict]] = []
    run = data._run

    def gated(name: str, params: dict) -> pl.DataFrame:
        reads.append((name, dict(params)))
        if params.get("role") == "CC" and not inside.is_set():
            inside.set()  # the read-ahead has reached the CC tab's Overview
            release.wait(30)
        return run(name, params)

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the SPLW tab's Overview, read and shown
        data._run = gated  # type: ignore[method-assign]
        app.stop_reading_ahead()
        app.start_prefetch(WAVE, None)  # as the read-ahead timer does
        loop = asyncio.get_running_loop()
        assert await loop.run_in_executor(None, inside.wait, 30)
        app.set_locality("Bolton")  # the drill, while CC's Overview is being read
        release.set()
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › Bolton › Overview"
        assert pane(app).shown == pane(app).request()
        late = [
            (name, params["role"])
            for name, params in reads
            if params.get("role") in ("CC", "HWC")
            and "locality" in params
            and params["locality"] is None
        ]
        assert late == [], f"read ahead for all localities after the drill: {late}"
    data.close()


async def test_the_read_ahead_skips_the_tab_that_holds_its_overview() -> None:
    data = SurveyData(SAMPLE_DB)
    app = WorkforceExplorer(data, wave=WAVE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        computed: list[str] = []
        theme = data.theme

        def counting(name: str, role: str, *args: object, **kwargs: object) -> pl.DataFrame:
            computed.append(role)
            return theme(name, role, *args, **kwargs)

        data.theme = counting  # type: ignore[method-assign]
        app.stop_reading_ahead()
        app.start_prefetch(WAVE, None)
        await settle(pilot)
        assert "SPLW" not in computed and {"CC", "HWC"} <= set(computed)
    data.close()
