"""A lead reads and searches comments, and opens a role-and-locality session card."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
from explorer_helpers import make_app, pane, settle, type_keys

from tui.paths import SAMPLE_DB
from tui.screens.comments_screen import CommentsScreen
from tui.widgets.overview import OverviewCard


async def test_comments_are_listed_and_searchable_then_the_palette_opens_a_card() -> None:
    """One session (was two tests): SPLW's Role and wider support comments, searched
    and cleared; then the palette's "cc bolton" opens CC in Bolton on its Overview."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommentsScreen)
        assert len(screen.shown) >= 2
        await pilot.press("slash", *"messaging")
        await pilot.pause()
        assert app.screen.query_one("#comments-search").value == "messaging"
        assert screen.shown == [c for c in screen.shown if "messaging" in c.lower()]
        assert len(screen.shown) == 1
        await pilot.press("escape")  # clears the search
        await pilot.pause()
        assert len(screen.shown) >= 2
        await pilot.press("escape")
        assert not isinstance(app.screen, CommentsScreen)
        # The palette opens a role-and-locality session card (was its own test).
        await pilot.press("ctrl+p", *"cc bolton")
        await settle(pilot)  # the palette's search (a worker) has answered
        await pilot.press("enter")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › CC › Bolton › Overview"
        card = pane(app).query_one(OverviewCard).plain_text(width=200)
        assert "5 respondents in Bolton" in card


async def test_comments_of_a_small_group_are_hidden() -> None:
    app = make_app(locality="Manchester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3", "j", "c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommentsScreen)
        assert screen.shown == []
        assert any("fewer than 5" in note for note in screen.notes)


async def test_comment_markup_shows_literally(tmp_path: Path) -> None:
    hostile = "[bold]x[/] [link=http://a]y[/link] and [/]"
    copy = tmp_path / "hostile.duckdb"
    shutil.copyfile(SAMPLE_DB, copy)
    con = duckdb.connect(str(copy))
    con.execute(
        "UPDATE answers SET text_value = ? WHERE role = 'SPLW' AND "
        "question_id = 'rs_comments' AND text_value IS NOT NULL",
        [hostile],
    )
    con.close()
    app = make_app(copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "c")
        await settle(pilot)
        assert hostile in app.screen.shown
        body = str(app.screen.query_one("#comments-body").render())
        assert hostile in body


async def test_a_search_typed_behind_c_searches_the_comments() -> None:
    """`j c /messaging` typed at once searches the comments it opened, as the same keys
    typed slowly do; Escape then clears the search (a second closes). Before, the
    letters reached the screen while its comments were still read and were lost, and
    Escape closed it."""
    keys = ("j", "c", "slash", *"messaging")

    async def led(at_once: bool) -> list[object]:
        app = make_app()
        seen: list[object] = []
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await type_keys(pilot, keys, at_once=at_once)
            screen = app.screen
            assert isinstance(screen, CommentsScreen)
            seen.append((screen.query_one("#comments-search").value, list(screen.shown)))
            await pilot.press("escape")
            await settle(pilot)
            seen.append((isinstance(app.screen, CommentsScreen), len(screen.shown)))
        return seen

    slowly = await led(at_once=False)
    assert slowly[0][0] == "messaging" and len(slowly[0][1]) == 1
    assert slowly[1][0] is True and slowly[1][1] > 1
    assert await led(at_once=True) == slowly
