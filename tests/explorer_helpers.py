"""Driving the explorer in tests: open it, wait for its workers, read what it shows."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import ContentSwitcher

from tui.app import WorkforceExplorer
from tui.data import SurveyData
from tui.paths import SAMPLE_DB
from tui.widgets.compare import ComparePane
from tui.widgets.role_pane import ReadingTable, RolePane


def make_app(path: Path = SAMPLE_DB, locality: str | None = None) -> WorkforceExplorer:
    data = SurveyData(path)
    return WorkforceExplorer(data, wave=data.latest_wave(), locality=locality)


async def settle(pilot: Pilot, timeout: float = 10.0) -> None:
    """Wait until no pane is loading and every worker has finished."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        await pilot.pause(0.05)
        busy = any(w.is_running for w in app.workers)
        loading = any(s.loading for s in app.query(ContentSwitcher)) or any(
            c.loading for c in app.query(ComparePane))
        if not busy and not loading:
            await pilot.pause(0.05)
            return
    raise AssertionError("the explorer did not finish loading")


def pane(app: WorkforceExplorer) -> RolePane:
    current = app.active_pane()
    assert isinstance(current, RolePane)
    return current


def table_rows(app: WorkforceExplorer) -> list[list[str]]:
    return pane(app).query_one(ReadingTable).cell_texts()


def flagged(app: WorkforceExplorer, flag: str) -> list[str]:
    return [row[0] for row in table_rows(app) if flag in row[4]]
