"""The first frame does no work twice: the screen is restyled whole once, not again for
its width class, and the footer is not rebuilt with keys it already shows (issue #7: cold
start to first frame)."""

from __future__ import annotations

import pytest
from explorer_helpers import make_app, settle
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def footer_keys(app: App) -> list[FooterKey]:
    return list(app.query_one(Footer).query(FooterKey))


async def test_the_first_frame_restyles_the_screen_whole_at_most_once(monkeypatch) -> None:
    """Its first resume restyles it; its width class, there from birth, does not again."""
    restyled: list[DOMNode] = []
    update_styles = App.update_styles

    def record(self: App, node: DOMNode, animate: bool = True) -> None:
        restyled.append(node)
        update_styles(self, node, animate)

    monkeypatch.setattr(App, "update_styles", record)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert len([node for node in restyled if isinstance(node, Screen)]) <= 1


@pytest.mark.parametrize(("size", "classes"), [
    ((120, 40), {"-wide"}),
    ((80, 24), {"-narrow"}),
    ((70, 20), {"-narrow", "-too-small"}),
])
async def test_the_first_screen_is_born_with_its_size_classes(
        size: tuple[int, int], classes: set[str]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = app.get_default_screen()
        assert set(screen.classes) == classes
        await pilot.pause()
        assert classes <= set(app.screen.classes)


async def test_the_footer_rebuilds_its_keys_only_when_they_change() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = footer_keys(app)
        app.screen.refresh_bindings()   # as a focus change does
        await pilot.pause()
        await pilot.pause()
        assert footer_keys(app) == before   # the same widgets: nothing rebuilt
        await pilot.press("j", "enter")   # a theme's table: `v` draws it as charts
        await settle(pilot)
        assert [(k.key, k.description) for k in footer_keys(app)][:3] == [
            ("b", "By locality"), ("v", "Chart"), ("e", "Export")]
