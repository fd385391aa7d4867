"""Messages widgets post upward instead of reaching into each other."""

from __future__ import annotations

from textual.message import Message


class SectionChanged(Message):
    """A role pane now shows another section (for the breadcrumb)."""

    def __init__(self, role: str, section: str) -> None:
        super().__init__()
        self.role = role
        self.section = section


class PaneShown(Message):
    """A role pane has drawn the rows it was asked for."""


class LocalityHighlighted(Message):
    """The locality list's highlight rests on a locality (None: all localities)."""

    def __init__(self, locality: str | None) -> None:
        super().__init__()
        self.locality = locality
