"""SVG snapshots at 80x24 for what a session shows first (issue 17 items 6-9): the
training question's "(tick all that apply)" said once, the table cursor on the first
statement, find filtering a table (item 11), the status line in place of a toast, and the
by-locality headings in full.
The notices in the top line and each role's whole Overview at 80x24 are
test_snapshots.py's `test_role_screens[80x24][ROLE-overview]` (the same screens: their
SVGs were byte for byte the ones this file kept as well).

Regenerate after an intended change with `--snapshot-update` and look at the report."""

from __future__ import annotations

from explorer_helpers import make_app, press_at_once, settle

SIZE = (80, 24)


async def test_a_session_at_80x24_shows_each_thing_once_and_whole(
    snap_screens, status_stays
) -> None:
    """One session (was five tests here and test_snapshots_find.py): the by-locality
    headings in full; the table cursor on the first statement; find (issue 17 item 11):
    the table filtered by "/sup", the find bar above the footer saying the filter and its
    matches, the footer's keys for the focused table (item 13), whole; the training table
    saying "(tick all that apply)" once; the sort status in the top line, not over the
    figures."""
    async with make_app().run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert await snap_screens(pilot, "by-locality-headings-whole")
        await pilot.press("b", "escape", "j", "enter")  # back to the list, then a table
        await settle(pilot)
        assert await snap_screens(pilot, "table-cursor-on-the-first-statement")
        press_at_once(pilot.app, "/", "s", "u", "p", "enter", "n")
        await settle(pilot)
        assert await snap_screens(pilot, "find-bar-filters-the-table-above-the-footer")
        await pilot.press("escape", "escape", "j", "enter")  # clear the find, to the list
        await settle(pilot)
        await pilot.press("end")
        assert await snap_screens(pilot, "training-says-tick-all-that-apply-once")
        await pilot.press("escape", "k", "enter")
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert await snap_screens(pilot, "sort-status-in-the-top-line")
