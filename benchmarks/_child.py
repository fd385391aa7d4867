"""Run in a fresh process by the benchmarks: cold start, interaction timing, peak RSS.

    python -m benchmarks._child start PATH     # prints PAINT, FRAME and DATA as reached
    python -m benchmarks._child browse PATH    # prints JSON: tab switch, drill, peak RSS,
                                               # full garbage collections
    python -m benchmarks._child report PATH    # prints JSON: seconds to write the deck

Tab switch and drill times run from posting the key to the active pane holding the new
rows (its shown request is the one asked for and it is no longer loading); they do not
wait for the Tabs underline animation, which Pilot.press would.

Times printed by `start` are measured by the parent from process launch; this process
only says when each point is reached.

`browse PATH N quick` (the quick benchmark, which proves each row runs and prints) runs
the explorer with its read-ahead delays and this process's waits a tenth as long and
Textual's animations off: the same steps in about half the time.  The full run keeps
the explorer's own delays.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import sys
import time
from pathlib import Path

# How long this process waits for the explorer's read-ahead, as a share of the full run's
# waits (the quick run sets it, with the explorer's delays, in `quick`).
WAITS = 1.0


def peak_rss_mb() -> float | None:
    """This process's peak resident memory.  On Linux, VmHWM from /proc: ru_maxrss is
    kept across exec, so a child started by a parent that once held a lot (the parent
    builds the national file in-process) would report the parent's peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text(encoding="ascii", errors="replace").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
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


def full_collections() -> list[float]:
    """The pauses (seconds) of the full garbage collections from now on: the UI thread
    stops for each, a key pressed meanwhile waits."""
    pauses: list[float] = []
    started = [0.0]

    def note(phase: str, info: dict[str, int]) -> None:
        if info["generation"] == 2:
            if phase == "start":
                started[0] = time.perf_counter()
            else:
                pauses.append(time.perf_counter() - started[0])

    gc.callbacks.append(note)
    return pauses


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
            c.loading for c in app.query(ComparePane)
        )
        if not busy and not loading:
            await pilot.pause()
            return
        await pilot.pause(0.005)
    raise TimeoutError("the explorer did not finish loading")


async def settle_reads(pilot) -> None:
    """Let the app's read-ahead of the last view finish (it starts 0.3 s after rows are
    shown), so a cold measurement does not share the 2 cores with it."""
    await asyncio.sleep(0.4 * WAITS)
    await wait_idle(pilot)


def say_when_drawn(app) -> None:
    """Print PAINT when the app first hands the terminal a screen update: the first frame
    a user sees (the header, tabs and sections; the first tab's rows may still be
    loading).  Textual has no public hook for it, so this wraps App._display, where every
    frame goes to the driver; without it (a Textual that renamed it) no PAINT is printed
    and the row says n/a."""
    display = getattr(app, "_display", None)
    if display is None:
        return

    def first(screen, update) -> None:
        display(screen, update)
        if update is not None and not getattr(app, "_benchmark_drawn", False):
            app._benchmark_drawn = True
            print("PAINT", flush=True)

    app._display = first


async def start(path: str) -> None:
    from tui.app import WorkforceExplorer
    from tui.data import SurveyData

    data = SurveyData(path)
    app = WorkforceExplorer(data, wave=data.latest_wave())
    say_when_drawn(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print("FRAME", flush=True)
        await wait_idle(pilot)
        print("DATA", flush=True)
        os._exit(0)


def post_key(app, key: str) -> None:
    """Send a key press as Pilot.press does, but return at once: Pilot.press also awaits
    every running animation (the Tabs underline slides for ~0.4 s), which the user does
    not wait for before reading the rows."""
    from textual import events

    char = {"enter": "\r", "escape": "\x1b"}.get(key, key if len(key) == 1 else None)
    app.post_message(events.Key(key, char))


def pane_ready(app, tab_id: str | None = None) -> bool:
    """The active role pane holds the rows of what it is asked to show."""
    from textual.widgets import ContentSwitcher, TabbedContent

    from tui.widgets.role_pane import RolePane

    if tab_id is not None and app.query_one(TabbedContent).active != tab_id:
        return False
    pane = app.active_pane()
    if not isinstance(pane, RolePane) or pane.stale:
        return False
    # A load under way: its timer for the loading indicator is set until it is shown
    # (the indicator itself only comes after RolePane.LOADING_DELAY).
    return (
        not pane.query_one(ContentSwitcher).loading
        and pane.loading_timer is None
        and pane.shown is not None
        and pane.shown == pane.request()
    )


async def until(ready, timeout: float = 120.0, poll: float = 0.001) -> None:
    deadline = time.perf_counter() + timeout
    while not ready():
        if time.perf_counter() > deadline:
            raise TimeoutError("the rows never arrived")
        await asyncio.sleep(poll)


class RowsDrawn:
    """When each role pane last finished drawing the rows it was asked for, noted by the
    pane itself (RolePane.show, wrapped in this benchmark process only).  Timing from it
    needs no fine polling of the app from its own UI thread: polling every millisecond
    with DOM queries took ~9 ms of that thread per cold tab switch (profiled), time the
    app's reads then waited for."""

    def __init__(self) -> None:
        from tui.widgets.role_pane import RolePane

        self.at: dict[str | None, float] = {}
        show = RolePane.show

        def noted(pane, req, frames) -> None:
            show(pane, req, frames)
            if pane.shown == req:
                self.at[pane.id] = time.perf_counter()

        RolePane.show = noted  # type: ignore[method-assign]

    async def since(self, app, t0: float, tab_id: str | None = None) -> float:
        """Seconds from t0 to the rows being drawn in the active pane (waits for them)."""
        await until(lambda: pane_ready(app, tab_id), poll=0.02)
        drawn = self.at.get(app.active_pane().id, 0.0)
        if drawn < t0:
            raise RuntimeError("the rows in view were drawn before the key was sent")
        return drawn - t0


async def browse(path: str, repeats: int, walk: bool) -> None:
    from tui.app import WorkforceExplorer
    from tui.data import SurveyData
    from tui.widgets.role_pane import RolePane

    drawn = RowsDrawn()
    data = SurveyData(path)
    app = WorkforceExplorer(data, wave=data.latest_wave())
    cold: list[float] = []
    warm: list[float] = []
    first: list[float] = []
    drills: list[float] = []
    rested: list[float] = []

    async def tab_drawn(target: int) -> float:
        """Press the tab's number key; seconds until its rows are drawn."""
        t0 = time.perf_counter()
        post_key(app, str(target + 1))
        return await drawn.since(app, t0, f"role-{target}")

    async def drill_drawn() -> float:
        """Press Enter on the locality list; seconds until that locality's rows are drawn."""
        before = app.locality
        t0 = time.perf_counter()
        post_key(app, "enter")
        await until(lambda: app.locality != before, poll=0.02)
        return await drawn.since(app, t0)

    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot)
        pauses = full_collections()
        roles = len(app.role_panes())
        # First visits, as a user gets them: once the first tab has its rows the app
        # reads the other tabs' Overviews ahead, 0.3 s later; a reader spends at least
        # that long on the first tab.
        await asyncio.sleep(0.5 * WAITS)
        await wait_idle(pilot)
        for target in range(1, roles):
            first.append(await tab_drawn(target))
            await wait_idle(pilot)
        # Cold: the tab has never been shown (or the wave changed), and nothing it shows
        # has been read this session: its Overview is read from the file.
        for i in range(repeats):
            target = (i + 1) % roles
            await settle_reads(pilot)
            app.query_one(f"#pane-{target}", RolePane).stale = True
            data.clear_cache()
            cold.append(await tab_drawn(target))
            await wait_idle(pilot)
        # Warm: back to a tab that already holds its rows.
        for i in range(repeats):
            target = i % roles
            t0 = time.perf_counter()
            post_key(app, str(target + 1))
            await until(lambda t=target: pane_ready(app, f"role-{t}"))
            warm.append(time.perf_counter() - t0)
            await wait_idle(pilot)
        await pilot.press("1")
        await wait_idle(pilot)
        for _ in range(repeats):
            await settle_reads(pilot)
            await pilot.press("l")
            await pilot.pause()
            await pilot.press("j")
            drills.append(await drill_drawn())
            await wait_idle(pilot)
        # As a user drills: the list rests on a locality for a moment (the app reads it
        # ahead after 0.15 s) before Enter.
        for _ in range(repeats):
            await pilot.press("l")
            await pilot.pause()
            await pilot.press("j")
            await asyncio.sleep(0.4 * WAITS)
            await wait_idle(pilot)
            rested.append(await drill_drawn())
            await wait_idle(pilot)
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
        print(
            json.dumps(
                {
                    "tab": cold,
                    "tab_warm": warm,
                    "tab_first": first,
                    "drill": drills,
                    "drill_rested": rested,
                    "rss_mb": peak_rss_mb(),
                    "full_collections": pauses,
                }
            ),
            flush=True,
        )
        os._exit(0)


def report(path: str) -> None:
    """The whole latest wave's report deck, in a fresh process: from opening the file,
    through importing python-pptx, to the deck written (what `workforce-explorer
    report --out` costs after Python has started)."""
    import tempfile

    t0, cpu0 = time.perf_counter(), time.process_time()
    from tui.data import SurveyData
    from tui.report.build import write_report

    data = SurveyData(path)
    with tempfile.TemporaryDirectory() as folder:
        written = write_report(data, Path(folder) / "report.pptx")
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        size = written.path.stat().st_size
    # CPU seconds (every thread of the process) next to the wall clock: on a machine
    # whose other load slows the wall clock, they say what the deck itself costs.
    print(
        json.dumps({"seconds": seconds, "cpu": cpu, "slides": written.slides, "bytes": size}),
        flush=True,
    )


def quick() -> None:
    """The quick run: the explorer's read-ahead delays and this process's waits for them
    a tenth as long, and no animations (set before Textual is imported)."""
    global WAITS
    assert "textual" not in sys.modules, "set TEXTUAL_ANIMATIONS before Textual is imported"
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    import tui.app

    WAITS = 0.1
    tui.app.PREFETCH_DELAY *= WAITS
    tui.app.READ_AHEAD_DWELL *= WAITS


def main() -> None:
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "start":
        asyncio.run(start(path))
    elif mode == "report":
        report(path)
    else:
        repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
        if sys.argv[4:5] == ["quick"]:
            quick()
        asyncio.run(browse(path, repeats, walk=sys.argv[4:5] == ["walk"]))


if __name__ == "__main__":
    main()
