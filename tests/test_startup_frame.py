"""The first frame is the finished layout, and the footer is not rebuilt with keys it
already shows (issue #7: cold start to first frame).

Through public API only: the screen's classes, widget regions, the footer's children and
what each of them renders. (That the screen is restyled whole at most once follows from it
being born with its size classes, checked below; counting restyles needs a private hook.)
"""

from __future__ import annotations

import pytest
from explorer_helpers import footer_keys, make_app, settle
from textual.app import App
from textual.widgets import Footer, TabbedContent

from tui.widgets.role_pane import RolePane, SectionList
from tui.widgets.top_bar import TopBar


def layout(app: App) -> tuple[set[str], list[object]]:
    return (
        set(app.screen.classes),
        [app.query_one(kind).region for kind in (TopBar, TabbedContent, SectionList, Footer)],
    )


@pytest.mark.parametrize(
    ("size", "classes"),
    [
        ((120, 40), {"-wide"}),
        ((80, 24), {"-narrow"}),
        ((70, 20), {"-narrow", "-too-small"}),
    ],
)
async def test_the_first_screen_is_born_with_its_size_classes_and_keeps_its_layout(
    size: tuple[int, int], classes: set[str]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        assert set(app.get_default_screen().classes) == classes
        first = layout(app)  # as the first frame is drawn
        assert first[0] == classes
        assert app.query_one("#too-small").display == ("-too-small" in classes)
        await settle(pilot)  # the first tab's rows are in
        assert layout(app) == first  # nothing was laid out again


async def test_the_footer_relabels_its_keys_when_the_focus_moves() -> None:
    """A focus change shows the new keys on the footer's key widgets, not on new ones.
    A relabelled key does what it now says when clicked, and one not needed now is
    not drawn."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = app.query_one(Footer)
        await pilot.press("j", "enter")  # the table: ⏎ Detail, / Find, s Sort first
        await settle(pilot)
        on_table = footer_keys(app)
        widgets = list(footer.children)
        await pilot.press("escape")  # back to the sections list: no Detail, no Find
        await settle(pilot)
        assert list(footer.children) == widgets  # relabelled, not rebuilt
        on_list = footer_keys(app)
        assert on_table[:3] == ["⏎ Detail", "/ Find", "s Sort"]
        assert on_list[0] == "s Sort" and "⏎ Detail" not in on_list
        assert len(on_list) == len(on_table) - 1  # the spare key is hidden
        assert app.query_one(RolePane).sort_by_mean is False
        await pilot.click(widgets[0])  # it showed "⏎ Detail", now "s Sort"
        await settle(pilot)
        assert app.query_one(RolePane).sort_by_mean is True
        assert isinstance(app.focused, SectionList)  # no statement was opened


async def test_the_footer_rebuilds_its_keys_only_when_they_change() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = list(app.query_one(Footer).children)
        shown = footer_keys(app)
        app.screen.refresh_bindings()  # as a focus change does
        await settle(pilot)
        assert list(app.query_one(Footer).children) == before  # the same widgets
        assert footer_keys(app) == shown
        await pilot.press("j", "enter")  # a theme's table: `v` draws it as charts
        await settle(pilot)
        # (the table's own keys, Enter and /, come first since issue 17 item 13)
        assert {"b By locality", "v Chart", "e Export"} <= set(footer_keys(app))
