"""The sections inside a role tab and what each one loads from the data layer.

Loaders are plain functions run in worker threads; they return polars frames keyed by
name, so widgets only render and never query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.codebook import THEMES

if TYPE_CHECKING:
    import polars as pl

    from tui.data import SurveyData

SECTIONS: dict[str, str] = {
    "overview": "Overview",
    "role_support": THEMES["role_support"],
    "training": THEMES["training"],
    "mdt_outcomes": THEMES["mdt_outcomes"],
    "engagement": THEMES["engagement"],
    "supervision": THEMES["supervision"],
    "demographics": "Demographics",
}
SECTION_KEYS = list(SECTIONS)
# Labels for the narrow sections list; the breadcrumb uses the full titles.
SHORT_TITLES: dict[str, str] = {
    "overview": "Overview",
    "role_support": "Role & support",
    "training": "Training",
    "mdt_outcomes": "MDTs & outcomes",
    "engagement": "Engagement",
    "supervision": "Supervision",
    "demographics": "Demographics",
}


@dataclass(frozen=True)
class Request:
    """What a pane wants to show: one section of one role, filtered."""

    role: str
    wave: int
    locality: str | None
    section: str
    by_locality: bool = False
    baseline: int | None = None  # the previous wave, to show change against

    def compare_theme(self) -> str:
        """The theme whose by-locality comparison this section shows."""
        return "demographics" if self.section == "overview" else self.section


def load_section(data: SurveyData, req: Request) -> dict[str, pl.DataFrame]:
    if req.by_locality:
        return {"compare": data.locality_comparison(req.compare_theme(), req.role, req.wave)}
    if req.section == "overview":
        return load_overview(data, req.role, req.wave, req.locality)
    frames = {
        "theme": data.theme(req.section, req.role, req.wave, req.locality),
        "likert": data.likert(req.section, req.role, req.wave, req.locality),
    }
    if req.section == "supervision":
        frames["gaps"] = data.supervision_gaps(req.role, req.wave, req.locality)
    return frames


class Stopped(Exception):
    """A read ahead given up between two reads: what it was for has changed."""


def load_overview(
    data: SurveyData,
    role: str,
    wave: int,
    locality: str | None,
    stop: Callable[[], bool] | None = None,
) -> dict[str, pl.DataFrame]:
    """The Overview card's frames.  `stop` (read-aheads): asked before each read; when
    it says True, Stopped is raised, so a read ahead no longer wanted does not hold the
    cores while the user's own request is read."""
    # The card shows no change against the previous wave: not reading that wave halves
    # the reads behind the first screen and a drill.
    reads: dict[str, Callable[[], pl.DataFrame]] = {
        "roles": lambda: data.roles(wave),
        "localities": lambda: data.localities(role, wave),
        "demographics": lambda: data.theme("demographics", role, wave, locality, change=False),
        "low": lambda: data.low_scores(role, wave, locality),
        "role_likert": lambda: data.likert("role_support", role, wave, locality, change=False),
        "gaps": lambda: data.supervision_gaps(role, wave, locality),
        "training": lambda: data.theme("training", role, wave, locality, change=False),
    }
    frames: dict[str, pl.DataFrame] = {}
    for name, read in reads.items():
        if stop is not None and stop():
            raise Stopped
        frames[name] = read()
    return frames
