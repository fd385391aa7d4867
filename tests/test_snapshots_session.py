"""SVG snapshots at 80x24 for what a session shows first (issue 17 items 6-9): the
notices in the top line, each role's whole Overview, the training question's "(tick all
that apply)" said once, the table cursor on the first statement, the status line in place
of a toast, and the by-locality headings in full.

Regenerate after an intended change with `--snapshot-update` and look at the report."""

from __future__ import annotations

import pytest
from explorer_helpers import make_app, settle

SIZE = (80, 24)


@pytest.mark.parametrize("role_key", ["1", "2", "3"], ids=["SPLW", "CC", "HWC"])
def test_overview_fits_80x24_with_the_notices(snap_compare, role_key: str) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press(role_key)
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_training_table_says_tick_all_that_apply_once(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        await pilot.press("end")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_table_cursor_opens_on_the_first_statement(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_sort_status_is_in_the_top_line_not_over_the_figures(snap_compare, status_stays) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_by_locality_headings_are_whole(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)
