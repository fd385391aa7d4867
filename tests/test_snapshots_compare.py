"""SVG snapshots of the All roles tab comparing a theme (Supervision) at 80x24 and 120x40.

Regenerate after an intended layout change with `pytest tests/test_snapshots_compare.py
--snapshot-update`, and look at the report before committing.
"""

from __future__ import annotations

import pytest
from explorer_helpers import make_app, settle

from tui.widgets.compare import CHOICE_KEYS


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_all_roles_supervision(snap_compare, size: tuple[int, int]) -> None:
    async def open_supervision(pilot) -> None:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        await pilot.press(*["j"] * CHOICE_KEYS.index("supervision"), "enter")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=open_supervision)
