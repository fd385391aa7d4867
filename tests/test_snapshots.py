"""SVG snapshots: each role's Overview and Supervision at 80x24 and 120x40, the chart
views of each question type, a comments search and the wave change column at 80x24.

Regenerate after an intended layout change with `pytest tests/test_snapshots.py
--snapshot-update`, and look at the report before committing.
"""

from __future__ import annotations

import pytest
from explorer_helpers import make_app, settle

ROLE_KEYS = {"SPLW": "1", "CC": "2", "HWC": "3"}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_role_screens(snap_screens, size: tuple[int, int]) -> None:
    """Each role's Overview and Supervision, one session a terminal size: a role's tab,
    its Overview, then Supervision, then the next role's tab. (The All roles tab stays
    in test_snapshots_compare.py, a fresh app a size: reached at the end of this journey
    on a loaded machine its table was drawn without its scrollbar, twice in 2 full runs,
    the screen at rest; see the notes.)"""
    async with make_app().run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        for role, key in ROLE_KEYS.items():
            await pilot.press(key)
            await settle(pilot)
            assert await snap_screens(pilot, f"{role}-overview")
            await pilot.press(*["j"] * 5, "enter")
            await settle(pilot)
            assert await snap_screens(pilot, f"{role}-supervision")


async def test_chart_screens_then_comments_search(snap_screens) -> None:
    """`v` on SPLW: Likert diverging bars (Role and wider support), multi-select bars
    (Training), band distributions (Engagement); then the Role and wider support comments,
    searched for "messaging". One session: each chart is opened from the sections list
    and closed (`v`, Escape) before the next."""
    async with make_app().run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        for section, steps in (("role_support", 1), ("training", 1), ("engagement", 2)):
            await pilot.press(*["j"] * steps, "enter")
            await settle(pilot)
            await pilot.press("v")
            await settle(pilot)
            assert await snap_screens(pilot, section)
            await pilot.press("v", "escape")
            await settle(pilot)
        await pilot.press("k", "k", "k", "c")
        await settle(pilot)
        await pilot.press("slash", *"messaging")
        await settle(pilot)
        assert await snap_screens(pilot, "comments-search")


def test_wave_change_column(snap_compare, tmp_path) -> None:
    from two_waves import build_two_waves

    app = make_app(build_two_waves(tmp_path))

    async def open_table(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_table)
