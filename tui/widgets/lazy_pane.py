"""A tab's pane that composes its children when its tab is first shown.

Composing every tab at start-up styled, mounted and laid out ~40 widgets that most
sessions see late or never (each Pilot test paid for them too).  The pane itself is in
the DOM from the start (queries for it, its bound reactives and its `stale` flag work as
before); its children are mounted by `build()`, which the app awaits before showing the
tab, so keys typed right after the tab key reach the built pane.
"""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.containers import Horizontal


class LazyPane(Horizontal):
    def __init__(self, *, build: bool = False, **kwargs) -> None:
        """`build`: compose the children with the pane (the tab shown at start)."""
        super().__init__(**kwargs)
        self._compose_children = build
        # The children are mounted: until then nothing may query them (a resize or a
        # bound reactive can reach the pane while `build` is mounting them).
        self.built = build
        self._ready = asyncio.Event()
        if build:
            self._ready.set()

    def compose(self) -> ComposeResult:
        if self._compose_children:
            yield from self.compose_content()

    def compose_content(self) -> ComposeResult:
        """The pane's children (what `compose` would yield)."""
        raise NotImplementedError

    def content_mounted(self) -> None:
        """The children are mounted (with the pane, or later by `build`)."""

    async def follow_option(self, option_id: str) -> None:
        """Show what the pane's sections list was moved to (SectionList.follow)."""
        raise NotImplementedError

    async def open_option(self, option_id: str) -> None:
        """Open what Enter (or a click) chose in the pane's sections list."""
        raise NotImplementedError

    def on_mount(self) -> None:
        if self.built:
            self.content_mounted()

    @property
    def building(self) -> bool:
        """The children are being mounted."""
        return self._compose_children and not self.built

    async def build(self) -> None:
        """Mount the children if they are not yet; return once they are."""
        if not self._compose_children:
            self._compose_children = True
            await self.recompose()
            self.built = True
            self.content_mounted()
            self._ready.set()
        await self._ready.wait()
