"""Timings in a real terminal: the explorer launched in tmux, its screen polled.

    python -m benchmarks.terminal [PATH.duckdb] [--launches N]

Launch to a useful Overview (the card's last line, "Top training need", on screen), an
immediate drill (`l`, then 0.3 s later Down and Enter sent in one write, until the Overview
shows "In this locality") and a drill typed in one write (`l Down Down Down Enter`, with no
pause for the list to read ahead), as medians, interleaved run by run with a bare
Textual app showing one line: the floor any Textual app pays in this terminal on this
machine.  The screen is polled
with `tmux capture-pane` every few milliseconds, so each figure carries that much
resolution (printed beside it).  Needs tmux; prints nothing but a note without it.

The app's modules are compiled to bytecode first, as `pip install` does: where
PYTHONDONTWRITEBYTECODE is set (CI, some sandboxes) each launch would otherwise compile
every module of the app from source again, start-up no installed copy pays (measured:
~60-80 ms of CPU on importing the app alone).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tui.paths import PACKAGE_DIR, ROOT, SAMPLE_DB

SOCKET = f"wfx-bench-{os.getpid()}"
SIZE = (80, 24)
POLL = 0.005  # seconds between screen captures
FLOOR_APP = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Floor(App):\n"
    "    def compose(self):\n"
    "        yield Static('FLOOR READY')\n"
    "Floor().run()\n"
)


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False
    ).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", "bench")


def wait_for(marker: str, start: float, timeout: float = 60.0) -> float:
    while time.perf_counter() - start < timeout:
        if marker in screen():
            return time.perf_counter() - start
        time.sleep(POLL)
    return float("nan")


def launch(command: str, marker: str) -> float:
    """Seconds from starting the command in a fresh 80x24 tmux window to `marker`."""
    env = f"PYTHONPATH={shlex.quote(str(ROOT))}"
    for _attempt in range(50):
        start = time.perf_counter()
        made = subprocess.run(
            [
                "tmux",
                "-L",
                SOCKET,
                "new-session",
                "-d",
                "-s",
                "bench",
                "-x",
                str(SIZE[0]),
                "-y",
                str(SIZE[1]),
                f"cd {shlex.quote(str(ROOT))} && {env} {command}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if made.returncode == 0:
            return wait_for(marker, start)
        # The last run's server was still shutting down ("server exited
        # unexpectedly"): the window never opened, so try again from a new start.
        time.sleep(0.1)
    return float("nan")


def stop() -> None:
    tmux("kill-server")


def explorer_command(path: Path) -> str:
    return f"{shlex.quote(sys.executable)} -m tui {shlex.quote(str(path))} --fresh"


def compile_bytecode() -> None:
    """The app's modules as bytecode beside them (__pycache__), as an install has them."""
    import compileall

    compileall.compile_dir(PACKAGE_DIR, quiet=1)


def measure(path: Path, launches: int) -> dict[str, list[float]]:
    compile_bytecode()
    out: dict[str, list[float]] = {"floor": [], "overview": [], "drill": [], "burst": []}
    floor = f"{shlex.quote(sys.executable)} -c {shlex.quote(FLOOR_APP)}"
    for _ in range(launches):
        out["floor"].append(launch(floor, "FLOOR READY"))
        stop()
        out["overview"].append(launch(explorer_command(path), "Top training need"))
        tmux("send-keys", "-t", "bench", "l")
        wait_for("Choose a locality", time.perf_counter(), 20)
        time.sleep(0.3)  # as a user reads the list
        start = time.perf_counter()
        tmux("send-keys", "-t", "bench", "Down", "Enter")
        out["drill"].append(wait_for("In this locality", start, 20))
        # Typed in one go, with no time to read the list (nor to read ahead): back to
        # all localities first, then the third locality of the list.
        tmux("send-keys", "-t", "bench", "Escape", "Escape")
        wait_for("All localities ›", time.perf_counter(), 20)
        time.sleep(0.3)
        start = time.perf_counter()
        tmux("send-keys", "-t", "bench", "l", "Down", "Down", "Down", "Enter")
        out["burst"].append(wait_for("In this locality", start, 20))
        stop()
    return out


def report(name: str, path: Path, launches: int) -> list[tuple[str, str, str]]:
    """(label, median, note) rows."""
    if shutil.which("tmux") is None:
        return [(f"{name}: real terminal (tmux)", "n/a", "tmux not installed")]
    times = measure(path, launches)
    res = f"{launches} launches, polled every {POLL * 1000:.0f} ms"
    rows = []
    for key, label in (
        ("floor", "bare Textual app, launch to first line (floor)"),
        ("overview", "launch to useful Overview"),
        ("drill", "immediate drill (l, Down, Enter) to its Overview"),
        ("burst", "drill typed at once (l Down Down Down Enter)"),
    ):
        values = [v for v in times[key] if v == v]
        median = statistics.median(values) if values else float("nan")
        rows.append((f"{name}: tmux 80x24, {label}", f"{median * 1000:,.0f} ms", res))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", type=Path, default=SAMPLE_DB)
    parser.add_argument("--launches", type=int, default=5)
    args = parser.parse_args()
    for label, median, note in report(args.db.stem, args.db, args.launches):
        print(f"{label:<75} {median:>10}  {note}")


if __name__ == "__main__":
    main()
