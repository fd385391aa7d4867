"""What a deck shows, asked of the data layer: frames only, already suppressed.

Like tui/sections.py for the explorer's panes, this only calls SurveyData methods; the
deck formats what they return.  A role whose group (the role in the chosen locality) is
suppressed gets no frames at all: only its status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tui.codebook import THEMES
from tui.data import LIKERT_THEMES

if TYPE_CHECKING:
    import polars as pl

    from tui.data import SurveyData
    from tui.suppression import GroupStatus

# Themes in the 2023 deck's order (demographics open each role as "who completed").
THEME_ORDER = ("role_support", "training", "mdt_outcomes", "engagement", "supervision")
# Themes whose most chosen options the deck names: the most used outcome measure and
# the modal bands.
KEY_THEMES = ("mdt_outcomes", "engagement")


@dataclass
class Wave:
    wave: int
    title: str
    publisher: str
    ics: str
    source_file: str
    note: str
    previous: int | None

    @property
    def synthetic(self) -> bool:
        return "SYNTHETIC" in self.note.upper()


@dataclass
class RoleFigures:
    """One role (in one locality, or all) in one wave."""

    role: str
    label: str
    name: str
    wave: int
    locality: str | None
    status: GroupStatus
    total: dict[str, Any] | None = None  # roles() row: respondents, workforce, rate
    localities: pl.DataFrame | None = None  # role total only
    themes: dict[str, pl.DataFrame] = field(default_factory=dict)
    likert: dict[str, pl.DataFrame] = field(default_factory=dict)
    key: dict[str, dict[str, Any]] = field(default_factory=dict)  # locality_comparison
    low: pl.DataFrame | None = None
    gaps: dict[str, Any] | None = None
    previous: int | None = None
    before: dict[str, pl.DataFrame] = field(default_factory=dict)  # previous wave's frames

    @property
    def shown(self) -> bool:
        """Figures may be shown: the group is not suppressed and somebody responded."""
        return not self.status.suppressed and bool(self.status.respondents)


def wave_info(data: SurveyData, wave: int) -> Wave:
    rows = data.wave_records()
    row = next((r for r in rows if int(r["wave"]) == wave), {})
    earlier = [int(r["wave"]) for r in rows if int(r["wave"]) < wave]
    return Wave(
        wave,
        str(row.get("title") or data.path.stem),
        str(row.get("publisher") or ""),
        str(row.get("ics") or ""),
        str(row.get("source_file") or data.path.name),
        str(row.get("note") or ""),
        max(earlier) if earlier else None,
    )


def most_chosen(theme: pl.DataFrame) -> dict[str, Any]:
    """The theme's most chosen options, keyed as SurveyData.locality_comparison keys
    them (mode_<question_id>, mode_<question_id>_pct; top_outcome_measure,
    top_outcome_pct), read off the theme's own (suppressed) rows by the data layer's
    rule (queries/views/question_modes.sql): options marked `none` never count, ties
    are joined with " / " in questionnaire order, nothing when nobody chose anything.
    Read here rather than through locality_comparison, which works out every locality
    (a third of the deck's queries) to give the one row the deck needs."""
    from tui.data import OUTCOME_MEASURES

    out: dict[str, Any] = {}
    choices = [
        r
        for r in theme.iter_rows(named=True)
        if r.get("qtype") in ("single", "multi")
        and r.get("option") is not None
        and r.get("marker") != "none"
        and r.get("count") is not None
    ]
    for qid in dict.fromkeys(r["question_id"] for r in choices):
        rows = [r for r in choices if r["question_id"] == qid]
        top = max(r["count"] for r in rows)
        if not top:
            continue
        best = [r for r in rows if r["count"] == top]
        name, pct = " / ".join(r["option"] for r in best), best[0].get("pct")
        if rows[0]["qtype"] == "single":
            out[f"mode_{qid}"], out[f"mode_{qid}_pct"] = name, pct
        if qid == OUTCOME_MEASURES:
            out["top_outcome_measure"], out["top_outcome_pct"] = name, pct
    return out


def gather_role(data: SurveyData, role: str, wave: Wave, locality: str | None) -> RoleFigures:
    labels = {r["role"]: r for r in data.role_records()}
    info = labels.get(role, {"label": role, "name": role})
    figures = RoleFigures(
        role,
        str(info["label"]),
        str(info["name"]),
        wave.wave,
        locality,
        data.group_status(role, wave.wave, locality),
        previous=wave.previous,
    )
    roles = data.roles(wave.wave)
    total = [r for r in roles.iter_rows(named=True) if r["role"] == role]
    figures.total = total[0] if total else None
    if not figures.shown:
        return figures
    if locality is None:
        figures.localities = data.localities(role, wave.wave)
    for theme in ("demographics", *THEME_ORDER):
        figures.themes[theme] = data.theme(theme, role, wave.wave, locality)
    for theme in KEY_THEMES:
        figures.key[theme] = most_chosen(figures.themes[theme])
    for theme in LIKERT_THEMES:
        figures.likert[theme] = data.likert(theme, role, wave.wave, locality)
    figures.low = data.low_scores(role, wave.wave, locality)
    gaps = data.supervision_gaps(role, wave.wave, locality)
    figures.gaps = gaps.row(0, named=True) if gaps.height else None
    if wave.previous is not None:
        # The previous wave's figures, for the "then" column beside the data layer's
        # change (its own change against the wave before is not needed).
        for theme in THEME_ORDER:
            figures.before[theme] = data.theme(theme, role, wave.previous, locality, change=False)
    return figures


def theme_title(theme: str) -> str:
    return THEMES.get(theme, theme)
