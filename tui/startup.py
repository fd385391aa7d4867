"""Start-up in two threads (issue 17, speed): the survey file opens and what the explorer
shows first is read while the main thread imports Textual and builds the screen.

Without it the steps ran one after another: open the file (import DuckDB, attach, the
views), import Textual and the app, draw, and only then start the first tab's worker,
which imported polars and read the Overview.  Reading the file and importing are
independent, and DuckDB works without holding Python's lock, so they can overlap.

The thread reads through the data layer like any worker, so the answers land in its
cache (SurveyData.query), and it hands the first view's frames to the first request for
that view (tui/sections.read_first_view): the first tab's worker takes them, waiting for
the read if it is still under way, instead of working the same figures out beside it.
Errors opening the file still surface before any screen is drawn: `data()` hands them
to the main thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.data import SurveyData
    from tui.sections import Request


class Opening:
    """Open the survey in a thread, then read the first view into the data layer."""

    def __init__(
        self,
        open_data: Callable[[], SurveyData],
        first_view: Callable[[SurveyData], Request | None],
    ) -> None:
        self._open = open_data
        self._first_view = first_view
        self._opened = threading.Event()
        self._data: SurveyData | None = None
        self._error: BaseException | None = None
        self.read: Request | None = None  # the view read ahead, once read
        self._thread = threading.Thread(target=self._run, name="open-survey", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._data = self._open()
        except BaseException as exc:  # raised in the main thread by data()
            self._error = exc
            return
        finally:
            self._opened.set()
        try:
            req = self._first_view(self._data)
            if req is not None:
                from tui.sections import read_first_view

                read_first_view(self._data, req)
                self.read = req
        except Exception:  # noqa: BLE001
            # Only a head start: the explorer reads the same view itself and reports
            # any error there, in its own words.
            return

    def data(self) -> SurveyData:
        """The open survey, once open; the error opening it, raised here."""
        self._opened.wait()
        if self._error is not None:
            raise self._error
        assert self._data is not None
        return self._data

    def join(self, timeout: float | None = None) -> None:
        """Wait for the first view's read (tests)."""
        self._thread.join(timeout)
