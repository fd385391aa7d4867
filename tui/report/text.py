"""How the deck writes figures and data text: one place, so every slide agrees."""

from __future__ import annotations

import math

from tui.safe_text import clean


def plain(value: object) -> str:
    """Data text as plain text: controls and escape sequences removed."""
    return clean(value)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_pct(value: float | None, sign: bool = True) -> str:
    """A share the data layer gives (0-100) as a whole percentage: '26%'."""
    if _missing(value):
        return "–"
    return f"{value:.0f}%" if sign else f"{value:.0f}"


def fmt_mean(value: float | None) -> str:
    return "–" if _missing(value) else f"{value:.2f}"


def share(
    count: int | None,
    answered: int | None,
    pct: float | None,
    low: float | None = None,
    high: float | None = None,
) -> str:
    """'26% (14 of 53)': the share as the data layer gives it, with its base, and
    '26% (14 of 53; 95% interval 16–40%)' when the data layer gives an interval."""
    if not answered:
        return "–"
    ci = interval(low, high)
    return f"{fmt_pct(pct)} ({count or 0} of {answered}" + (f"; {ci})" if ci else ")")


def row_share(row: dict) -> str:
    """share() of an option row of a theme frame."""
    return share(
        row.get("count"),
        row.get("n_answered"),
        row.get("pct"),
        row.get("pct_ci_low"),
        row.get("pct_ci_high"),
    )


def interval(low: float | None, high: float | None, unit: str = "%") -> str:
    """'95% interval 16–40%' for a share, '2.55–3.15' for a mean; '' when absent."""
    if _missing(low) or _missing(high):
        return ""
    if unit == "%":
        return f"95% interval {low:.0f}–{high:.0f}%"
    return f"95% interval {low:.2f}–{high:.2f}"


def no_clinical(gaps: dict) -> str:
    """The supervision gap of a supervision_gaps row: '26% (14 of 53)'."""
    return share(
        gaps.get("n_no_clinical"),
        gaps.get("n_answered"),
        gaps.get("pct_no_clinical"),
        gaps.get("pct_no_clinical_ci_low"),
        gaps.get("pct_no_clinical_ci_high"),
    )


def at_least_monthly(gaps: dict) -> str:
    return share(gaps.get("n_regular"), gaps.get("n_answered_frequency"), gaps.get("pct_regular"))
