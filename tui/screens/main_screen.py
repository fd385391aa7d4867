"""The explorer's first screen: the role tabs live on it for the whole session.

Textual styles every widget as it mounts, then restyles them all twice more before the
first frame: when the first resize gives the screen its width class (HORIZONTAL_BREAKPOINTS)
and when the screen first resumes.  This screen is born with its size classes and skips the
restyle of its first resume, when nothing has changed since the widgets were styled.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class MainScreen(Screen[None]):
    def __init__(self, classes: str = "") -> None:
        super().__init__(id="_default", classes=classes)
        self.resumed = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler, which then resumes without the restyle.
        if not self.resumed:
            self.resumed = True
            event.refresh_styles = False
