"""The sections inside a role tab and what each one loads from the data layer.

Loaders are plain functions run in worker threads; they return polars frames keyed by
name, so widgets only render and never query.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

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
    handed = _take_first_view(data, req)
    if handed is not None:
        return handed
    return _load_section(data, req)


# The first view, read while Textual starts (tui/startup.py), is handed to the first
# request for it (the first tab's worker) once: that worker waits for the read under way
# instead of working out the same figures again beside it.
# Keyed by the open file's SurveyData itself, weakly: a closed and freed one leaves no
# entry behind for a later object to inherit.
_first_views: WeakKeyDictionary[
    SurveyData, tuple[Request, tuple[int, ...], Future[dict[str, pl.DataFrame]]]
] = WeakKeyDictionary()
_first_lock = threading.Lock()


def _thresholds(data: SurveyData) -> tuple[int, ...]:
    return (data.min_group, data.low_base, data.min_comments)


def read_first_view(data: SurveyData, req: Request) -> dict[str, pl.DataFrame]:
    """Read `req` and keep its frames for the first load_section asking for it."""
    future: Future[dict[str, pl.DataFrame]] = Future()
    with _first_lock:
        _first_views[data] = (replace(req, baseline=None), _thresholds(data), future)
    try:
        frames = _load_section(data, req)
    except BaseException as exc:
        future.set_exception(exc)
        raise
    future.set_result(frames)
    return frames


def _take_first_view(data: SurveyData, req: Request) -> dict[str, pl.DataFrame] | None:
    with _first_lock:
        entry = _first_views.get(data)
        # Only the same view, under the same thresholds, from the same open file.
        if entry is None or entry[0] != replace(req, baseline=None):
            return None
        del _first_views[data]
    _view, thresholds, future = entry
    if thresholds != _thresholds(data):
        return None
    try:
        frames = future.result()
    except Exception:  # noqa: BLE001 - read it again here, so the error reaches this caller
        return None
    return {name: frame.clone() for name, frame in frames.items()}


def _load_section(data: SurveyData, req: Request) -> dict[str, pl.DataFrame]:
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


def first_view(data: SurveyData, wave: int, place: dict[str, object]) -> Request | None:
    """What the explorer shows first (WorkforceExplorer.restore_place and its first
    tab): the remembered role, section and locality, else the first role's Overview
    of all localities; None for the All roles tab (its pane reads for itself)."""
    roles = [str(r["role"]) for r in data.role_records()]
    role, section = place.get("role"), place.get("section")
    if role == "all-roles" or not roles:
        return None
    if role not in roles:
        role, section = roles[0], "overview"
    locality = place.get("locality")
    if locality not in data.known_localities():
        locality = None
    return Request(
        str(role),
        wave,
        None if locality is None else str(locality),
        str(section) if section in SECTIONS else "overview",
    )
