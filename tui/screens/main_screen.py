"""The explorer's first screen: the role tabs live on it for the whole session.

Textual styles every widget as it mounts, then restyles them all again when the first
resize gives the screen its width class (HORIZONTAL_BREAKPOINTS).  This screen is born with
its size classes, so that restyle finds nothing to change and is skipped.

(Skipping the restyle of the screen's first resume as well drew the first frame ~20 ms
sooner but left the first tab visited to be styled then: ~45 ms more to its rows,
measured, so the resume restyle stays.)
"""

from __future__ import annotations

from textual.screen import Screen


class MainScreen(Screen[None]):
    def __init__(self, classes: str = "") -> None:
        super().__init__(id="_default", classes=classes)
