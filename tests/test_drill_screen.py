"""What a drill shows while it loads (issue 17, speed): the breadcrumb never sits over
another locality's figures, and the loading indicator comes only when the load takes
longer than a moment."""

from __future__ import annotations

import asyncio
import html
import re
import threading
from collections.abc import Callable

import polars as pl
import pytest
from explorer_helpers import pane, press_at_once, record_reads, settle, until
from rich.console import Console, ConsoleOptions, RenderResult
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher

from tui.app import WorkforceExplorer
from tui.data import SurveyData
from tui.paths import SAMPLE_DB
from tui.screens.locality_screen import LocalityScreen

# What frames show while a drill loads, and how often the card is drawn: every frame is
# painted, as a terminal would get it (see conftest paint_what_is_read).
pytestmark = pytest.mark.paint


def screen_text(app: WorkforceExplorer) -> str:
    """The characters a person can see on screen, as a frame painted now would show
    them: text drawn in the colour of its own background (a blanked region) is left out.
    Read from the SVG screenshot: a <rect> paints each cell run's background, a <text>
    at the same x (just below it) its characters, coloured by its class."""
    svg = app.export_screenshot()
    fills = dict(re.findall(r"\.([\w-]+) \{ fill: (#[0-9a-fA-F]{6})", svg))
    backs: dict[str, list[tuple[float, str]]] = {}
    for fill, x, y in re.findall(r'<rect fill="(#[0-9a-fA-F]{6})" x="([\d.]+)" y="([\d.]+)"', svg):
        backs.setdefault(x, []).append((float(y), fill))
    seen = []
    for cls, x, y, text in re.findall(
        r'<text class="([\w-]+)" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg
    ):
        below = [(ry, fill) for ry, fill in backs.get(x, []) if ry < float(y)]
        back = max(below)[1] if below else None
        if fills.get(cls, "").lower() != (back or "").lower():
            seen.append(text)
    return html.unescape(" ".join(seen)).replace("\xa0", " ")


async def open_picker(pilot: Pilot) -> None:
    await pilot.press("l")
    await until(pilot, lambda: isinstance(pilot.app.screen, LocalityScreen), "the list opens")
    await pilot.pause()  # its list is mounted and highlights the current locality


async def chosen(pilot: Pilot, locality: str) -> None:
    """Wait until the picker has closed and its choice reached the explorer."""
    await until(pilot, lambda: pilot.app.locality == locality, f"{locality} is chosen")


async def test_the_breadcrumb_never_sits_over_the_last_localitys_figures() -> None:
    """Bolton's card, then the next locality chosen with keys pressed at once: the frame
    painted when the locality changes (before any new layout) shows no Bolton figure."""
    data = SurveyData(SAMPLE_DB)
    app = WorkforceExplorer(data, wave=2023, locality="Bolton")
    frames: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Bolton" in screen_text(app)  # the card names its locality
        app.watch(app, "locality", lambda: frames.append(screen_text(app)), init=False)
        await open_picker(pilot)
        press_at_once(app, "down", "enter")
        await chosen(pilot, "Bury")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › Bury › Overview"
        assert frames, "the locality did not change"
        assert "Bury" in frames[0]  # the breadcrumb already names the new locality
        assert "Bolton" not in frames[0], frames[0]
        assert "Bury" in screen_text(app) and "Bolton" not in screen_text(app)
    data.close()


def bolton_with_bury_held() -> tuple[
    SurveyData, WorkforceExplorer, threading.Event, threading.Event, Callable
]:
    """The explorer in Bolton, and a read of its own that holds every read about Bury
    until `release` is set (`held` says one is waiting): install it with
    `data._run = slow` once the explorer has settled."""
    data = SurveyData(SAMPLE_DB)
    app = WorkforceExplorer(data, wave=2023, locality="Bolton")
    held, release = threading.Event(), threading.Event()
    run = data._run

    def slow(name: str, params: dict) -> pl.DataFrame:
        if params.get("locality") == "Bury":
            held.set()
            release.wait(30)
        return run(name, params)

    return data, app, held, release, slow


async def test_a_slow_load_shows_the_loading_indicator_a_fast_one_blanks_at_once() -> None:
    """While a drill's reads are held up, the old figures are gone at once and the
    loading indicator follows a moment later; the new card replaces both."""
    data, app, held, release, slow = bolton_with_bury_held()

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        data._run = slow  # type: ignore[method-assign]
        switcher = pane(app).query_one(ContentSwitcher)
        await open_picker(pilot)
        press_at_once(app, "down", "enter")
        await chosen(pilot, "Bury")
        loop = asyncio.get_running_loop()
        assert await loop.run_in_executor(None, held.wait, 30)
        await pilot.pause()
        assert "Bolton" not in screen_text(app)
        await until(pilot, lambda: switcher.loading, "a loading indicator while it is held up")
        release.set()
        await settle(pilot)
        assert not switcher.loading
        text = screen_text(app)
        assert "Bury" in text and "In this locality" in text
    data.close()


async def test_a_load_quicker_than_the_delay_never_flashes_the_indicator() -> None:
    """A load that ends before the indicator's moment (here: a minute) shows no loading
    indicator at all: the figures blank, then the new card."""
    data, app, held, release, slow = bolton_with_bury_held()

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        role_pane = pane(app)
        role_pane.LOADING_DELAY = 60.0
        switcher = role_pane.query_one(ContentSwitcher)
        indicated: list[bool] = []
        app.watch(switcher, "loading", lambda on: indicated.append(on), init=False)
        data._run = slow  # type: ignore[method-assign]
        await open_picker(pilot)
        press_at_once(app, "down", "enter")
        await chosen(pilot, "Bury")
        loop = asyncio.get_running_loop()
        assert await loop.run_in_executor(None, held.wait, 30)
        for _ in range(3):
            await pilot.pause()
        text = screen_text(app)
        assert "Bury" in text and "Bolton" not in text and "Responses" not in text
        release.set()
        await settle(pilot)
        assert "In this locality" in screen_text(app)
        assert True not in indicated, "the loading indicator flashed for a quick load"
    data.close()


async def test_a_drills_card_is_drawn_once_not_once_per_measurement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual measures a card's height by rendering it, then renders it again to draw
    it: the card's tables are laid out once per width all the same (each costs ~15 ms
    of the UI thread on the national file), and the card reads as before."""
    import tui.widgets.overview as overview

    renders: list[int] = []
    build = overview.build_overview

    class Counted:
        def __init__(self, inner: object) -> None:
            self.inner = inner

        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            renders.append(options.max_width)
            yield from console.render(self.inner, options)  # type: ignore[arg-type]

    monkeypatch.setattr(overview, "build_overview", lambda *a, **k: Counted(build(*a, **k)))
    data = SurveyData(SAMPLE_DB)
    app = WorkforceExplorer(data, wave=2023, locality="Bolton")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_picker(pilot)
        renders.clear()
        press_at_once(app, "down", "enter")
        await chosen(pilot, "Bury")
        await settle(pilot)
        assert "respondents in Bury" in screen_text(app)
        assert renders, "the card was not drawn"
        assert len(renders) == len(set(renders)), f"drawn again at the same width: {renders}"
    data.close()


async def test_a_new_breadcrumb_repaints_its_line_without_a_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The breadcrumb is one line of fixed height: naming the new locality repaints that
    line and asks for no layout of the whole screen (~15-25 ms of the UI thread a drill
    on the national file)."""
    from textual.widget import Widget

    layouts: list[str | None] = []
    refresh = Widget.refresh

    def noted(self: Widget, *regions: object, **kwargs: bool) -> Widget:
        if kwargs.get("layout"):
            layouts.append(self.id)
        return refresh(self, *regions, **kwargs)  # type: ignore[arg-type]

    data = SurveyData(SAMPLE_DB)
    app = WorkforceExplorer(data, wave=2023, locality="Bolton")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_picker(pilot)
        monkeypatch.setattr(Widget, "refresh", noted)
        press_at_once(app, "down", "enter")
        await chosen(pilot, "Bury")
        await settle(pilot)
        assert "2023 › SPLW › Bury › Overview" in " ".join(screen_text(app).split())
        assert "breadcrumb" not in layouts
    data.close()


async def list_open_and_read_ahead(pilot: Pilot) -> None:
    """Open the locality list and wait until what it reads ahead (once it has rested
    on its first name) has been read."""
    app = pilot.app
    assert isinstance(app, WorkforceExplorer)
    swept = asyncio.Event()
    sweep = app.read_ahead_localities

    def spy(start: str | None) -> None:
        sweep(start)
        swept.set()

    app.read_ahead_localities = spy  # type: ignore[method-assign]
    await open_picker(pilot)
    await asyncio.wait_for(swept.wait(), 30)
    await settle(pilot)
    app.read_ahead_localities = sweep  # type: ignore[method-assign]


async def test_a_locality_read_ahead_while_the_list_is_open_is_drawn_at_once(
    dwell_at_once: None,
) -> None:
    """The list rests on "All localities" as it opens, and reads the localities below
    it: Down, Enter then draws Bolton's card in the frame the list closes in, with no
    read of the file and no load behind a blank screen."""
    data = SurveyData(SAMPLE_DB)
    app = WorkforceExplorer(data, wave=2023)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reads = record_reads(data)
        await list_open_and_read_ahead(pilot)
        assert {loc for _, loc in reads} == {"Bolton", "Bury"}  # the two below it
        reads.clear()
        loads: list[object] = []
        pane(app).load = loads.append  # type: ignore[method-assign]
        press_at_once(app, "down", "enter")
        await chosen(pilot, "Bolton")
        text = screen_text(app)  # no settling: what is on screen as the list closes
        assert "6 respondents in Bolton" in text, text
        assert loads == [], "a locality read ahead was loaded again"
        assert [r for r in reads if r[1] == "Bolton"] == []
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › Bolton › Overview"
    data.close()


async def test_the_list_reads_ahead_only_beside_its_highlight(
    dwell_at_once: None,
) -> None:
    """Resting on Oldham, the list reads Oldham, the two below it and the one above
    it, and nothing else (a national file lists hundreds of localities)."""
    data = SurveyData(SAMPLE_DB)
    app = WorkforceExplorer(data, wave=2023)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await list_open_and_read_ahead(pilot)
        reads = record_reads(data)
        await pilot.press(*"old")  # type-ahead: the list rests on Oldham
        await until(
            pilot,
            lambda: (
                {"Oldham", "Salford"} <= {loc for _, loc in reads}
                and all(w.is_finished for w in app.workers)
            ),
            "Oldham and Salford are read ahead",
        )
        await settle(pilot)
        assert {loc for _, loc in reads} == {"Manchester", "Oldham", "Rochdale", "Salford"}
    data.close()


def test_figures_remembered_under_one_threshold_are_not_shown_under_another() -> None:
    """Bury has fewer than 5 SPLW respondents: its card, once loaded under K=5, shows
    no count, and the same file asked again under K=1 does not hand back that answer,
    nor an answer kept under K=1 back under K=5."""
    from tui.sections import Request, load_section

    data = SurveyData(SAMPLE_DB)
    req = Request("SPLW", 2023, "Bury", "overview")
    hidden = load_section(data, req)["localities"]
    assert hidden.filter(pl.col("locality") == "Bury")["respondents"].to_list() == [None]
    data.min_group = 1
    shown = load_section(data, req)["localities"]
    assert shown.filter(pl.col("locality") == "Bury")["respondents"].to_list() == [4]
    data.min_group = 5
    again = load_section(data, req)["localities"]
    assert again.filter(pl.col("locality") == "Bury")["respondents"].to_list() == [None]
    data.close()


async def test_keys_typed_behind_enter_in_the_list_act_on_the_explorer() -> None:
    """`Down Enter e` in one write, the list open: Bolton is chosen and `e` opens the
    export dialog over it.  Before, Enter chose through the list's binding, which acts
    once the key has gone round the app: the `e` behind it reached the list first,
    as type-ahead, and Oldham was chosen with no export dialog (found by the hostile
    tester, on main too)."""
    from tui.screens.export_screen import ExportScreen

    data = SurveyData(SAMPLE_DB)
    app = WorkforceExplorer(data, wave=2023)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_picker(pilot)
        press_at_once(app, "down", "enter", "e")
        await settle(pilot)
        assert app.locality == "Bolton"
        assert isinstance(app.screen, ExportScreen)
    data.close()
