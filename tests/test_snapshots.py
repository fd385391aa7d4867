"""SVG snapshots: each role's Overview and Supervision at 80x24 and 120x40, the chart
views of each question type and the wave change column at 80x24.

Regenerate after an intended layout change with `pytest tests/test_snapshots.py
--snapshot-update`, and look at the report before committing.
"""

from __future__ import annotations

import pytest
from explorer_helpers import make_app, settle

ROLE_KEYS = {"SPLW": "1", "CC": "2", "HWC": "3"}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("section", ["overview", "supervision"])
@pytest.mark.parametrize("role", list(ROLE_KEYS))
def test_role_screens(snap_compare, role: str, section: str, size: tuple[int, int]) -> None:
    async def open_section(pilot) -> None:
        await settle(pilot)
        await pilot.press(ROLE_KEYS[role])
        await settle(pilot)
        if section == "supervision":
            await pilot.press(*["j"] * 5, "enter")
            await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=open_section)


CHART_STEPS = {"role_support": 1, "training": 2, "engagement": 4}


@pytest.mark.parametrize("section", list(CHART_STEPS))
def test_chart_screens(snap_compare, section: str) -> None:
    """`v` on SPLW: Likert diverging bars, multi-select bars, band distributions."""

    async def open_chart(pilot) -> None:
        await settle(pilot)
        await pilot.press(*["j"] * CHART_STEPS[section], "enter")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=open_chart)


def test_wave_change_column(snap_compare, tmp_path) -> None:
    from two_waves import build_two_waves

    app = make_app(build_two_waves(tmp_path))

    async def open_table(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_table)


def test_comments_search(snap_compare) -> None:
    """SPLW Role and wider support comments, searched for "messaging"."""

    async def search(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "c")
        await settle(pilot)
        await pilot.press("slash", *"messaging")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=search)
