"""The explorer composes only the tab it opens on; another tab is built when first shown
(issue 17, speed; issue 14, suite time). Built late, a tab must still take the keys typed
behind its number, and a remembered place must open on its own tab."""

from __future__ import annotations

import pytest
from explorer_helpers import make_app, press_at_once, settle, table_rows

from tui.app import WorkforceExplorer
from tui.widgets.compare import ComparePane
from tui.widgets.compare_theme import CompareTable
from tui.widgets.locality_table import LocalityTable
from tui.widgets.role_pane import ReadingTable


async def keys_handled(pilot) -> None:
    """Let the app handle every key queued at once (each passes through the focused
    widget and its parents before its binding acts), then wait for its workers."""
    for _ in range(3):
        await pilot.pause()
    await settle(pilot)


async def test_a_tab_is_built_when_first_shown_and_takes_the_keys_behind_it() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        splw, cc, hwc = app.role_panes()
        compare = app.query_one(ComparePane)
        assert splw.children
        assert not (cc.children or hwc.children or compare.children), "built at start"
        # The first tab's theme and by-locality tables wait for their first use too.
        assert not splw.query(ReadingTable) and not splw.query(LocalityTable)
        # Down, Enter and s in one read: the theme's table is mounted before the keys
        # behind the Down act, so Enter opens it and s sorts it.
        press_at_once(app, "j", "enter", "s")
        await keys_handled(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › All localities › Role and wider support"
        assert isinstance(app.focused, ReadingTable) and splw in app.focused.ancestors
        assert splw.sort_by_mean and table_rows(app)[0][4] == "sorted by mean"
        # b: the by-locality table is mounted, shown and focused.
        press_at_once(app, "b")
        await keys_handled(pilot)
        assert isinstance(app.focused, LocalityTable) and splw in app.focused.ancestors
        assert app.breadcrumb_text().endswith("Role and wider support by locality")
        # `4` then `t` (next comparison) then Enter, in one read: All roles is built
        # before the keys behind its number are handled, and they act in it.
        press_at_once(app, "4", "t", "enter")
        await keys_handled(pilot)
        assert compare.choice == "role_support"
        assert app.breadcrumb_text() == "2023 › All roles › All localities › Role and wider support"
        assert isinstance(app.focused, CompareTable) and compare in app.focused.ancestors
        assert compare.cell_texts(), "the comparison has its rows"
        assert not (cc.children or hwc.children), "only the tabs shown are built"


@pytest.mark.parametrize(
    ("place", "crumb"),
    [
        ({"role": "all-roles"}, "2023 › All roles › All localities"),
        (
            {"role": "HWC", "section": "training"},
            "2023 › H&WC › All localities › Training and development",
        ),
    ],
    ids=["all-roles", "hwc-training"],
)
async def test_a_remembered_place_opens_on_its_own_tab(
    place: dict[str, object], crumb: str
) -> None:
    app = make_app()
    again = WorkforceExplorer(app.data, wave=2023, place=place)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.breadcrumb_text().startswith(crumb)
        shown = again.active_pane()
        assert shown is not None and shown.children
        assert again.focused is not None and shown in again.focused.ancestors
        others = [p for p in [*again.role_panes(), again.query_one(ComparePane)] if p is not shown]
        assert not any(p.children for p in others), "only the tab opened on is built"
