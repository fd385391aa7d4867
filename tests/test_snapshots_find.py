"""SVG snapshot at 80x24 of find (issue 17 item 11): a theme table filtered by "/sup",
the find bar above the footer saying the filter and its matches, the footer's keys for
the focused table (item 13), whole.

Regenerate after an intended change with `--snapshot-update` and look at the report."""

from __future__ import annotations

from explorer_helpers import make_app, press_at_once, settle


def test_find_bar_filters_the_table_above_the_footer(snap_compare) -> None:
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        press_at_once(pilot.app, "/", "s", "u", "p", "enter", "n")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)
