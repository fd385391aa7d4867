"""SVG snapshots of each role's Overview and Supervision screens at 80x24 and 120x40.

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
