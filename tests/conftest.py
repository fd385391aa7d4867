"""Shared fixtures: the bundled sample, opened through the data layer, and the explorer's
read-ahead timers off unless a test asks for them."""

from __future__ import annotations

import functools
import gc
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import pytest

# Keep the bytecode of the test modules (after pytest's assert rewriting) and of tui:
# where the environment sets PYTHONDONTWRITEBYTECODE (this sandbox does), every xdist
# worker otherwise recompiles them all, 6.4 s of CPU per worker instead of 3.2 s.
# __pycache__ is git-ignored.
sys.dont_write_bytecode = False

import tui.app  # noqa: E402  (after the bytecode switch above)
from tui.data import SurveyData  # noqa: E402
from tui.paths import SAMPLE_DB  # noqa: E402

NEVER = 3600.0  # seconds: a timer that does not fire within a test
AT_ONCE = 0.001


def pytest_collection_finish(session: pytest.Session) -> None:
    """Everything imported so far (Textual, Rich, polars, DuckDB, the explorer, the test
    modules) lives until the process ends. Frozen, the garbage collector stops walking
    it at every full collection: ~0.2 s each, a tenth of a Pilot test's CPU.

    The youngest generation is collected every 10,000 allocations instead of 700: a
    Pilot test makes and drops objects by the hundred thousand, and collecting them
    took 17 s of the suite's CPU (gc callbacks, both workers); now ~10 s. Garbage in
    cycles lives a little longer: no test reuses another's files, so a DuckDB handle
    freed later holds nothing another test opens."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests (marked `slow`) first, in their order, then the rest in theirs:
    xdist hands tests out in this order, so the long ones start on both workers at once
    instead of one of them finishing the run alone."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def sample() -> Iterator[SurveyData]:
    data = SurveyData(SAMPLE_DB)
    yield data
    data.close()


@pytest.fixture(scope="session")
def plain_2023(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/fixtures/imports/plain.csv imported as wave 2023, once per test process: the
    file most import tests start from. Read-only: a test takes its own copy
    (`shutil.copyfile`), the same bytes an import would write, for a file copy instead
    of an import (~0.2 s each, 42 tests)."""
    from import_helpers import CODEBOOK, PLAIN

    from tui.importing import import_export

    db = tmp_path_factory.mktemp("plain") / "plain_2023.duckdb"
    import_export(PLAIN, CODEBOOK, 2023, db)
    db.chmod(0o444)
    return db


@pytest.fixture(autouse=True)
def no_read_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """The explorer reads ahead 0.3 s after a tab shows its rows and after the locality
    list rests 0.15 s on a name. A test that waits for its own reads must not race those
    timers, so they are off; tests of the read-ahead use
    `prefetch_at_once` and `dwell_at_once`."""
    monkeypatch.setattr(tui.app, "PREFETCH_DELAY", NEVER)
    monkeypatch.setattr(tui.app, "READ_AHEAD_DWELL", NEVER)


@pytest.fixture(autouse=True)
def no_animations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Apps made in a test run with Textual's animations off (what TEXTUAL_ANIMATIONS=none
    gives a user): an animated value takes its final value at once. `Pilot.press` waits
    for every animation to finish, so each tab key waited ~0.2-0.4 s of wall clock for
    the Tabs underline to slide; the screens tests read and snapshot are the final
    ones either way."""
    import textual.constants

    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")


# The fixtures below reach into Textual's internals to save CPU and idle waits: the
# painting (Screen._compositor_refresh, the compositor's dirty regions), the key waits
# (wait_for_idle, Pilot._wait_for_screen, message pumps' queues) and the CSS parse
# (Stylesheet._parse_rules).  They were checked against this Textual only; under any
# other the tests paint every frame, wait as Textual does and parse the CSS at every app
# start: slower, never wrong.
TESTED_TEXTUAL = "8.2.8"


@functools.cache
def textual_as_tested() -> bool:
    """Read once per test process: `importlib.metadata.version` walks every installed
    distribution (0.3 ms here), and four fixtures of every test ask."""
    from importlib.metadata import version

    return version("textual") == TESTED_TEXTUAL


@pytest.fixture(autouse=True)
def paint_what_is_read(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test app paints its screen once, when the test is done with it, instead of after
    every change. In `run_test` Textual still renders each frame a terminal would get
    (every widget's `render_line` for every dirty region) and then throws it away, since
    the headless driver has nowhere to send it: ~40 % of a Pilot test's CPU. Tests read
    what the widgets hold (`cell_texts`, `render()`), and a screenshot renders the whole
    screen afresh from the widgets either way, so what they assert is the same.

    What still paints every frame, as a terminal would: tests marked `paint` (the random
    keys, the hostile-text walks and names, the frames a drill shows while it loads).
    Every other test paints each screen whole when it comes on top (a dialog as it
    opens, the explorer again when it closes) and the screen it ends on, after its last
    step: a widget that cannot draw what the test shows fails the test (the paint raises
    out of `run_test`). Not the explorer's first frame, before its rows: much the same in
    every test (a fifth of a short test's CPU), the `paint` tests draw it. The snapshot
    tests are among the others: what they compare is a screenshot, rendered afresh from
    the widgets; the frames painted on the way there were a third of their CPU."""
    if request.node.get_closest_marker("paint"):
        return
    if not textual_as_tested():
        return
    from textual.app import App
    from textual.screen import Screen

    refresh = Screen._compositor_refresh
    on_top: WeakKeyDictionary[App, Screen] = WeakKeyDictionary()

    def paint(app: App) -> None:
        """Render the top screen whole, as a terminal's first frame of it would be."""
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)

    def unpainted(screen: Screen) -> None:
        app = screen.app
        if not app.is_headless or app.is_inline or screen is not app.screen:
            refresh(screen)  # a screen under a dialog passes its dirty regions up
            return
        if on_top.get(app) is not screen:  # a screen just come on top
            if app in on_top:  # not the explorer's first frame
                paint(app)
            on_top[app] = screen
        # what the top screen's refresh does, without rendering the update
        screen._compositor._dirty_regions.clear()
        screen._dirty_widgets.clear()
        app._update_mouse_over(screen)

    run_test = App.run_test

    @asynccontextmanager
    async def painted_at_the_end(app: App, **options: Any) -> AsyncIterator[Any]:
        async with run_test(app, **options) as pilot:
            yield pilot
            if app.is_running and app.screen_stack:  # not quit by the test
                paint(app)

    monkeypatch.setattr(Screen, "_compositor_refresh", unpainted)
    monkeypatch.setattr(App, "run_test", painted_at_the_end)


def _node_busy(node: Any) -> bool:
    """The node has something to handle or is handling it. A running node is at rest only
    when its message loop is parked on its empty queue (Textual's queue: an Event with a
    waiter) with no peeked message and no `call_next` callback left: not while it handles
    a message, nor in the idle step after one (the screen's `call_after_refresh`
    callbacks, an unawaited mount or removal). A node whose loop was started but has not
    yet run is busy too."""
    if not node._running:
        task = node._task
        return task is not None and not task.done()
    queue = node._message_queue
    return bool(
        queue.values
        or node._pending_message is not None
        or node._next_callbacks
        or not queue.ready_event._waiters
    )


async def until_handled(min_sleep: float = 0.0, max_sleep: float = 1.0, *, app: Any = None) -> None:
    """Until no node of the app (every screen, every widget) is busy (`_node_busy`) and the
    screen has laid out and refreshed what changed. Waits for those events, never for
    the clock; it does not wait for a worker (a test waits for those with `settle`) or
    for a timer to fire. An app that is still busy after 30 s fails the test."""
    import asyncio

    from textual._context import active_app

    app = app or active_app.get()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 30.0
    quiet = 0
    while quiet < 2:  # two rounds in a row with nothing to do
        await asyncio.sleep(0)  # every task with work to do takes a step
        if not app.is_running or app._exception is not None:
            return
        quiet += 1
        if any(_node_busy(node) for node in [app, *app._registry]):
            quiet = 0
        else:
            try:
                screen = app.screen
            except Exception:  # no screen yet, or the app is closing
                return
            if (
                screen._layout_required
                or screen._scroll_required
                or screen._repaint_required
                or screen._recompose_required
                or screen._dirty_widgets
                or screen._callbacks
            ):
                # What the screen's update timer does 1/60 s after its queue empties:
                # the layout, the refresh and the `call_after_refresh` callbacks.
                screen._on_timer_update()
                quiet = 0
        if not quiet and loop.time() > deadline:
            busy = [node for node in [app, *app._registry] if _node_busy(node)]
            raise AssertionError(f"the app did not come to rest in 30 s: {busy[:5]}")


@pytest.fixture(autouse=True)
def keys_wait_for_events(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """`Pilot.press` and `Pilot.pause()` wait with Textual's `wait_for_idle`: 20 ms
    sleeps until one passes with the process's CPU clock (worker threads included)
    standing still. That is at least 40 ms a key, more while anything works, with the
    core idle meanwhile: a quarter of the suite's wall time, and a wait for the clock,
    not for what the test needs. Here a key waits until the app has handled what it
    caused (`until_handled`); a test that needs a worker's rows waits for them
    (`settle`).

    Tests through pytest-textual-snapshot's `snap_compare` keep Textual's wait: the
    All roles table it shows at 80x24 comes to rest one column narrower with these
    waits than with Textual's (the stored SVG has the table's last column filled).
    `snap_screens` journeys use these waits: each takes its screenshot again until two
    in a row are the same, and all their stored SVGs match."""
    if not textual_as_tested() or "snap_compare" in request.fixturenames:
        return
    import textual.app
    import textual.pilot

    async def wait_for_screen(pilot: Any, timeout: float = 30.0) -> bool:
        await until_handled(app=pilot.app)
        return True

    monkeypatch.setattr(textual.app, "wait_for_idle", until_handled)
    monkeypatch.setattr(textual.pilot, "wait_for_idle", until_handled)
    # Pilot's own wait after each press and pause queues a callback on every widget of
    # the screen and waits for them all: ~70 % of the messages a test's app handled.
    monkeypatch.setattr(textual.pilot.Pilot, "_wait_for_screen", wait_for_screen)


@pytest.fixture(autouse=True)
def styles_caches_let_go() -> Iterator[None]:
    """Textual keeps the last 1,024 widgets' render caches (lines, strips) alive through an
    `lru_cache` on a method (`StylesCache.get_inner_outer`): ~9,600 objects an app
    session, which every later garbage collection walks. A test's widgets are gone when
    it ends; so are their caches here."""
    yield
    if textual_as_tested():
        from textual._styles_cache import StylesCache

        StylesCache.get_inner_outer.cache_clear()


_PARSED_CSS: dict[tuple, Any] = {}
_VARIABLES_SEEN: dict[int, tuple[dict[str, str], int]] = {}
_VARIABLES_TOKENS: dict[tuple[tuple[str, str], ...], int] = {}


def _variables_token(variables: dict[str, str]) -> int:
    """A small number standing for a stylesheet's CSS variables: the same number for the
    same names and values. Sorting and hashing the ~200 variables at each of an app
    start's parses took ~1.5 % of the suite's CPU; a variables dict is replaced, never
    changed in place (Stylesheet.set_variables), so its sorted items are worked out once
    per dict (kept alive here, so that its id is not reused)."""
    seen = _VARIABLES_SEEN.get(id(variables))
    if seen is None or seen[0] is not variables:
        if len(_VARIABLES_SEEN) > 256:
            _VARIABLES_SEEN.clear()
        items = tuple(sorted(variables.items()))
        token = _VARIABLES_TOKENS.setdefault(items, len(_VARIABLES_TOKENS))
        seen = _VARIABLES_SEEN[id(variables)] = (variables, token)
    return seen[1]


@pytest.fixture(autouse=True)
def css_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every app a test starts parses the same CSS (Textual's widgets' DEFAULT_CSS, the
    explorer's, each screen's) into the same rules; Textual keeps the parsed rules per
    stylesheet, so each app start parsed them all again. Here they are kept for the
    test process, keyed as Textual keys them plus the CSS variables they were parsed
    with (the theme): an app with other variables parses its own."""
    if not textual_as_tested():
        return
    from textual.css.stylesheet import Stylesheet

    parse = Stylesheet._parse_rules

    def parsed_once(
        sheet: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        key = (
            _variables_token(sheet._variables),
            css,
            read_from,
            is_default_rules,
            tie_breaker,
            scope,
        )
        rules = _PARSED_CSS.get(key)
        if rules is None:
            rules = _PARSED_CSS[key] = parse(
                sheet, css, read_from, is_default_rules, tie_breaker, scope
            )
        return rules

    monkeypatch.setattr(Stylesheet, "_parse_rules", parsed_once)


_OPENED: dict[tuple[Any, ...], Any] = {}  # who a file is -> its one DuckDB connection
_ANSWERS: dict[tuple[Any, ...], tuple[list[tuple[str, str]], list[Any]]] = {}


def _unchanging(path: Path) -> tuple[Any, ...] | None:
    """Who a file is (path, inode, modified time, size) if no test writes it: the bundled
    sample, or a file with no write permission (test_hardening_files' read-only copy).
    None for any other file: a test may write it again within one tick of the clock."""
    try:
        st = path.stat()
    except OSError:
        return None
    if path != SAMPLE_DB and st.st_mode & 0o222:
        return None
    return (str(path.resolve()), st.st_ino, st.st_mtime_ns, st.st_size)


class _Sharing(threading.local):
    """Whether the test running now shares opens and answers (`files_shared`), and who
    the file a SurveyData is opening in this thread is."""

    on = True  # a class attribute: what every thread sees until the test says otherwise
    who: tuple[Any, ...] | None = None


_SHARING = _Sharing()


@pytest.fixture(scope="session", autouse=True)
def files_shared() -> Iterator[None]:
    """A file no test writes (the sample, read-only fixtures) is opened once per test
    process, and each answer read from it is read once: every later SurveyData on the
    same bytes gets its own DuckDB cursor on that one open (the same attached file and
    views) and the answers already read. Each SurveyData still keeps its own cache, its
    waits for a read under way and its close; a test that wraps `_run` or `_fetch` on
    its instance still sees every read. Failed opens and reads are never kept. Who a file
    is (path, inode, modified time, size) is taken as the SurveyData opens it, and its
    answers are kept under that.

    Fresh explorers, the command line and reports opened the sample 235 times a run
    (~35 ms each) and asked it the same queries again: 2,470 of 5,400 reads, about
    15 s of CPU. In a test marked `reads_the_file` (`each_test_shares_files_or_not`),
    each SurveyData the test opens opens and reads the file itself, and no SurveyData
    gets an answer kept from earlier; one opened before the test (a session or module
    fixture, the explorers' shared sample) still reads through its cursor on the shared
    open. A closed SurveyData still gets answers already kept, where its own read would
    fail: no test reads after closing."""
    import tui.data

    connect = tui.data.connect_readonly
    init = SurveyData.__init__
    fetch = SurveyData._fetch

    def init_shared(data: SurveyData, path: str | Path, *args: Any, **kwargs: Any) -> None:
        who = _unchanging(Path(path)) if _Sharing.on else None
        _SHARING.who = who
        try:
            init(data, path, *args, **kwargs)
        finally:
            _SHARING.who = None
        data._opened_as = who  # type: ignore[attr-defined]

    def opened_once(path: str | Path) -> Any:
        who = _SHARING.who
        if who is None:
            return connect(path)
        con = _OPENED.get(who)
        if con is None:
            con = _OPENED[who] = connect(path)
        return con.cursor()

    def answered_once(
        data: SurveyData, name: str, params: dict[str, Any]
    ) -> tuple[list[tuple[str, str]], list[Any]]:
        who = getattr(data, "_opened_as", None)  # None: it opened the file itself
        if who is None or not _Sharing.on:
            return fetch(data, name, params)
        key = (who, name, repr(sorted(params.items())))
        answer = _ANSWERS.get(key)
        if answer is None:
            answer = _ANSWERS[key] = fetch(data, name, params)
        columns, rows = answer
        return list(columns), list(rows)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SurveyData, "__init__", init_shared)
        patch.setattr(tui.data, "connect_readonly", opened_once)
        patch.setattr(SurveyData, "_fetch", answered_once)
        yield


@pytest.fixture(autouse=True)
def each_test_shares_files_or_not(request: pytest.FixtureRequest) -> Iterator[None]:
    """Sharing off for the length of a test marked `reads_the_file` (see files_shared). A
    function-scoped switch: a module marked so still shares in its module fixtures."""
    if not request.node.get_closest_marker("reads_the_file"):
        yield
        return
    _Sharing.on = False
    try:
        yield
    finally:
        _Sharing.on = True


@pytest.fixture
def prefetch_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The other tabs are read ahead as soon as a tab shows its rows (1 ms: Textual's
    timer cannot take 0 s); the test waits for the reads it starts."""
    monkeypatch.setattr(tui.app, "PREFETCH_DELAY", AT_ONCE)


@pytest.fixture
def status_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    """A status message in the top line stays until the next one replaces it, instead of
    giving the survey's name back after its few seconds: a test that reads or snapshots
    the message must not race that timer (on a loaded machine the snapshot came after
    it had fired)."""
    from tui.widgets.top_bar import TopBar

    monkeypatch.setattr(TopBar, "clear_status", lambda self: None)


@pytest.fixture
def dwell_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The locality list's highlight is read ahead at once (1 ms)."""
    monkeypatch.setattr(tui.app, "READ_AHEAD_DWELL", AT_ONCE)


@pytest.fixture
def no_matches_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The palette says "No matches found" 1 ms after a search that matched nothing, not
    Textual's 0.5 s: a test waits for the message, not for half a second of the clock.
    A private constant, so only under the Textual it was checked against."""
    if textual_as_tested():
        from textual.command import CommandPalette

        monkeypatch.setattr(CommandPalette, "_NO_MATCHES_COUNTDOWN", AT_ONCE)


@pytest.fixture
def snap_screens(snapshot, request: pytest.FixtureRequest):
    """Compare what one explorer session shows, at several points of a journey, with the
    stored SVGs, through the same machinery as pytest-textual-snapshot's `snap_compare`
    (syrupy's SVG extension, so `--snapshot-update` rewrites them, and the HTML failure
    report). `await snap_screens(pilot, "NAME")` compares the screen now with
    `__snapshots__/<module>/<test>[NAME].svg`. `snap_compare` starts an app for each
    screen; a journey through several screens starts one."""
    import inspect
    import pickle

    from pytest_textual_snapshot import (
        PseudoApp,
        PseudoConsole,
        SVGImageExtension,
        node_to_report_path,
        normalize_svg,
    )
    from rich.console import Console

    svgs = snapshot.use_extension(SVGImageExtension)
    node = request.node

    async def compare(pilot, name: str) -> bool:
        app = pilot.app
        # What snap_compare's screenshot (textual._doc.take_svg_screenshot) waits for.
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        svg = app.export_screenshot(title=app.title, simplify=True)
        # The screen at rest: on a loaded machine the last refresh (a table's scrollbar
        # appearing once its rows are measured) could come after the waits above. Take
        # the screenshot again after each pause until two in a row are the same.
        for _ in range(10):
            await pilot.pause()
            again = app.export_screenshot(title=app.title, simplify=True)
            if normalize_svg(again) == normalize_svg(svg):
                break
            svg = again
        matches = svgs(name=name) == svg
        # The failure report, as snap_compare writes it, one entry a screen.
        done = svgs.executions.get(svgs.num_executions - 1)
        console = Console(legacy_windows=False, force_terminal=True)
        full_path, line_number, test_name = node.reportinfo()
        report = node_to_report_path(node)
        report.with_name(f"{report.name}_{name}").write_bytes(
            pickle.dumps(
                (
                    matches,
                    str(svgs),
                    svg,
                    PseudoApp(PseudoConsole(console.legacy_windows, console.size)),
                    full_path,
                    line_number,
                    f"{test_name}[{name}]",
                    inspect.getdoc(node.function) or "",
                    "",
                    done is not None and done.final_data is not None,
                )
            )
        )
        return matches

    return compare
