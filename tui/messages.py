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


class LocalityChosen(Message):
    """A pane asks for every view to show one locality (None: all localities)."""

    def __init__(self, locality: str | None, say: str | None = None) -> None:
        super().__init__()
        self.locality = locality
        self.say = say  # a status message to show once the filter changed


class LocalityCounts(Message):
    """How many respondents each locality has in a role and wave (for the picker), read
    by a role pane's Overview or for the picker itself."""

    def __init__(self, role: str, wave: int, counts: object) -> None:
        super().__init__()
        self.role = role
        self.wave = wave
        self.counts = counts  # a polars frame: locality, respondents, suppressed, note
