"""The one way the explorer runs a query off the UI thread and hands the answer back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from textual.app import App
from textual.dom import DOMNode, NoScreen
from textual.screen import Screen
from textual.worker import get_current_worker

from tui.errors import UserError
from tui.safe_text import clean

T = TypeVar("T")


def fetch_then(app: App, load: Callable[[], T], show: Callable[[T], object]) -> None:
    """Call from inside a thread worker: run `load`, then `show(result)` on the UI thread
    unless a newer request cancelled this worker; a UserError becomes a notification."""
    try:
        result = load()
    except UserError as exc:
        app.call_from_thread(app.notify, clean(exc.message), severity="error", markup=False)
        return
    on_ui(app, show, result)


def on_ui(app: App, callback: Callable[..., object], *args: object) -> None:
    """Call from inside a thread worker: run `callback(*args)` on the UI thread, unless
    by then the worker was cancelled or its screen closed.  Checked on the UI thread,
    not only before handing over: a dialog closed by the key typed next (Escape, q on a
    busy machine) may be going between the worker's last check and its callback's turn,
    and a callback drawing into a closed dialog's widgets would stop the explorer."""
    worker = get_current_worker()
    if worker.is_cancelled:
        return

    def if_still_open() -> None:
        if not worker.is_cancelled and still_open(worker.node):
            callback(*args)

    app.call_from_thread(if_still_open)


def still_open(node: DOMNode) -> bool:
    """The node is the app, or is on a screen in the app's stack (not one popped).  The
    explorer has one mode, and its panes are never removed from an open screen: a
    widget removed from a screen still open would count as open here."""
    app = node.app
    if node is app:
        return True
    try:
        screen = node if isinstance(node, Screen) else node.screen
    except NoScreen:
        return False
    return screen in app.screen_stack


def export_then_notify(app: App, write: Callable[[], Path]) -> Path | None:
    """Call from inside a thread worker: run `write` (an export), then say on screen which
    file it wrote, or why it could not; the app keeps running either way."""
    try:
        written = write()
    except UserError as exc:
        app.call_from_thread(
            app.notify,
            clean(exc.message),
            title="Export failed",
            severity="error",
            timeout=8,
            markup=False,
        )
        return None
    # A path is data: markup=False, so a folder named "[b]x[/b]" is named as it is.
    # The file's name first: the status line shortens from the right.
    app.call_from_thread(
        app.notify,
        clean(f"Wrote {written.name} in {written.parent}"),
        title="Exported",
        timeout=8,
        markup=False,
    )
    return written
