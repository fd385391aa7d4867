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


def ready_section(data: SurveyData, req: Request) -> dict[str, pl.DataFrame] | None:
    """The frames for `req` if they have been loaded before (shown, or read ahead while
    the locality list was open), else None.  No read: the UI thread may ask."""
    frames = data.recall(("section", req))
    return _copies(frames) if frames is not None else None


def load_section(
    data: SurveyData, req: Request, stop: Callable[[], bool] | None = None
) -> dict[str, pl.DataFrame]:
    """The frames a pane shows for `req`, remembered for the next time they are asked
    for.  `stop`, as for load_overview: asked before each read; True raises Stopped
    (the pane has asked for something else since)."""
    frames = ready_section(data, req)
    if frames is None:
        frames = _load_section(data, req, stop)
        data.remember(("section", req), frames)
        frames = _copies(frames)
    return frames


def _copies(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Copies of remembered frames (cheap: polars shares the columns), as
    SurveyData.query hands out: a caller that changed a frame in place would change
    every later answer."""
    return {name: frame.clone() for name, frame in frames.items()}


def _load_section(
    data: SurveyData, req: Request, stop: Callable[[], bool] | None
) -> dict[str, pl.DataFrame]:
    if req.by_locality:
        return {"compare": data.locality_comparison(req.compare_theme(), req.role, req.wave)}
    if req.section == "overview":
        return load_overview(data, req.role, req.wave, req.locality, stop)
    reads: dict[str, Callable[[], pl.DataFrame]] = {
        "theme": lambda: data.theme(req.section, req.role, req.wave, req.locality),
        "likert": lambda: data.likert(req.section, req.role, req.wave, req.locality),
    }
    if req.section == "supervision":
        reads["gaps"] = lambda: data.supervision_gaps(req.role, req.wave, req.locality)
    return _read_all(reads, stop)


class Stopped(Exception):
    """A load given up between two reads: what it was for has changed (a read ahead for
    another place, a pane's load that a newer request replaced)."""


def load_overview(
    data: SurveyData,
    role: str,
    wave: int,
    locality: str | None,
    stop: Callable[[], bool] | None = None,
) -> dict[str, pl.DataFrame]:
    """The Overview card's frames.  `stop` (read-aheads, a pane's own loads): asked
    before each read; when it says True, Stopped is raised, so a load no longer wanted
    does not hold the cores while the user's own request is read."""

    def demographics() -> pl.DataFrame:
        # Both themes in one statement (a small read costs DuckDB mostly its plan): the
        # training read below finds its rows read.
        data.read_themes(("demographics", "training"), role, wave, locality)
        return data.theme("demographics", role, wave, locality, change=False)

    # The card shows no change against the previous wave: not reading that wave halves
    # the reads behind the first screen and a drill.
    reads: dict[str, Callable[[], pl.DataFrame]] = {
        "roles": lambda: data.roles(wave),
        "localities": lambda: data.localities(role, wave),
        "demographics": demographics,
        "low": lambda: data.low_scores(role, wave, locality),
        "role_likert": lambda: data.likert("role_support", role, wave, locality, change=False),
        "gaps": lambda: data.supervision_gaps(role, wave, locality),
        "training": lambda: data.theme("training", role, wave, locality, change=False),
    }
    return _read_all(reads, stop)


def _read_all(
    reads: dict[str, Callable[[], pl.DataFrame]], stop: Callable[[], bool] | None
) -> dict[str, pl.DataFrame]:
    frames: dict[str, pl.DataFrame] = {}
    for name, read in reads.items():
        if stop is not None and stop():
            raise Stopped
        frames[name] = read()
    return frames
