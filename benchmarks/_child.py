"""Run in a fresh process by the benchmarks: cold start, interaction timing, peak RSS.

    python -m benchmarks._child start PATH     # prints FRAME <s> and DATA <s> since launch
    python -m benchmarks._child browse PATH    # prints JSON: tab switch, drill, peak RSS

Times printed by `start` are measured by the parent from process launch; this process
only says when each point is reached.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time


def peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        try:
            import psutil  # type: ignore[import-not-found]
        except ImportError:
            return None
        info = psutil.Process().memory_info()
        return getattr(info, "peak_wset", info.rss) / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


async def wait_idle(pilot, timeout: float = 120.0) -> None:
    """Like tests/explorer_helpers.settle, polling finely so the time is the wait."""
    from textual.widgets import ContentSwitcher

    from tui.widgets.compare import ComparePane

    app = pilot.app
    await pilot.pause()
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        busy = any(w.is_running for w in app.workers)
        loading = any(s.loading for s in app.query(ContentSwitcher)) or any(
            c.loading for c in app.query(ComparePane))
        if not busy and not loading:
            await pilot.pause()
            return
        await pilot.pause(0.005)
    raise TimeoutError("the explorer did not finish loading")


async def start(path: str) -> None:
    from tui.app import WorkforceExplorer
    from tui.data import SurveyData

    data = SurveyData(path)
    app = WorkforceExplorer(data, wave=data.latest_wave())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print("FRAME", flush=True)
        await wait_idle(pilot)
        print("DATA", flush=True)
        os._exit(0)


async def browse(path: str, repeats: int, walk: bool) -> None:
    from tui.app import WorkforceExplorer
    from tui.data import SurveyData

    data = SurveyData(path)
    app = WorkforceExplorer(data, wave=data.latest_wave())
    tabs: list[float] = []
    drills: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot)
        for i in range(repeats):
            t0 = time.perf_counter()
            await pilot.press("2" if i % 2 == 0 else "1")
            await wait_idle(pilot)
            tabs.append(time.perf_counter() - t0)
        await pilot.press("1")
        await wait_idle(pilot)
        for _ in range(repeats):
            await pilot.press("l")
            await pilot.pause()
            await pilot.press("j")
            t0 = time.perf_counter()
            await pilot.press("enter")
            await wait_idle(pilot)
            drills.append(time.perf_counter() - t0)
        # Browse the rest: every role tab and section, All roles, then all localities.
        for key in ("1", "2", "3") if walk else ():
            await pilot.press(key)
            await wait_idle(pilot)
            for _ in range(6):
                await pilot.press("j", "enter")
                await wait_idle(pilot)
                await pilot.press("escape")
        await pilot.press("4")
        await wait_idle(pilot)
        app.locality = None
        await wait_idle(pilot)
        print(json.dumps({"tab": tabs, "drill": drills, "rss_mb": peak_rss_mb()}), flush=True)
        os._exit(0)


def main() -> None:
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "start":
        asyncio.run(start(path))
    else:
        repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
        asyncio.run(browse(path, repeats, walk=sys.argv[4:5] == ["walk"]))


if __name__ == "__main__":
    main()
