"""The Workforce Explorer app: the frame, the role tabs and the global keys."""

from __future__ import annotations

import gc
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.app import App, ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches
from textual.notifications import Notification, Notify
from textual.reactive import reactive
from textual.widgets import Static, TabbedContent, TabPane, Tabs
from textual.worker import get_current_worker

from tui.action_commands import ActionCommands
from tui.cells import plain
from tui.commands import ExplorerCommands
from tui.errors import UserError
from tui.messages import (
    LocalityChosen,
    LocalityCounts,
    LocalityHighlighted,
    PaneShown,
    SectionChanged,
)
from tui.safe_text import clean
from tui.screens.dialog import ExplorerPalette
from tui.screens.locality_screen import ALL, LocalityScreen, picker_counts
from tui.screens.main_screen import MainScreen
from tui.sections import SECTIONS, Request, Stopped, load_section
from tui.widgets.breadcrumb import Breadcrumb
from tui.widgets.compare import ComparePane
from tui.widgets.find_bar import FindBar
from tui.widgets.footer import ExplorerFooter
from tui.widgets.lazy_pane import LazyPane
from tui.widgets.role_pane import RolePane, SectionList
from tui.widgets.tabs import ExplorerTabs
from tui.widgets.top_bar import STATUS_LINES, TopBar
from tui.widgets.type_ahead import (
    QUITTING,
    HoldsKeys,
    class_keys,
    mark_sent,
    on_its_way,
    send_key,
    type_again,
)

if TYPE_CHECKING:
    import polars as pl
    from textual.geometry import Size
    from textual.screen import Screen
    from textual.timer import Timer
    from textual.widget import Widget

    from tui.data import SurveyData

MIN_WIDTH, MIN_HEIGHT = 80, 24
# The breadcrumb's hint while a locality is chosen, longest first: it shows the
# longest that fits the line whole.
BACK_TO_ALL = ("Escape on the list: all localities", "Esc on list: all localities")
COMPACT_FOOTER_BELOW = 110  # columns: narrower, the footer drops its padding
COMPARE_TAB = "all-roles"
# Left and Right on the tabs' bar: the tab before or after (wrapping round), shown and
# focused at once as a number key does. Through the bar's own bindings the focus moved
# to the new tab's list only when its TabActivated came, after the keys typed behind.
TAB_MOVES = {"left": -1, "right": 1}
PREFETCH_DELAY = 0.3  # seconds after a tab shows its rows before reading the others
READ_AHEAD_DWELL = 0.15  # seconds the locality list rests on a name before reading it


_frozen = False


def freeze_once() -> None:
    """The first rows are on screen: what start-up made (the modules, polars, DuckDB,
    the first screen's widgets) lives as long as the explorer.  Frozen, it is left out
    of every full garbage collection from now on, which halves the pause each one puts
    between two keys (benchmarks: "garbage collection pause while browsing").  What of
    it is garbage already, or becomes garbage later (the first screen's render caches:
    ~5,000 objects, ~0.5 MB on the sample), is never freed: a fixed cost, paid once.

    Once per process, and not at all where the host froze first (pytest does, at
    collection).  The check runs once: `gc.get_freeze_count()` walks every frozen
    object, ~20 ms per million, and asked at every shown pane it cost the test suite
    seconds."""
    global _frozen
    if _frozen:
        return
    _frozen = True
    if not gc.get_freeze_count():
        gc.freeze()


class WorkforceExplorer(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "Workforce Explorer"
    COMMANDS = App.COMMANDS | {ExplorerCommands, ActionCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        # The tab labels carry their number keys, so the footer leaves them out.
        Binding("1", "show_tab(0)", "Roles", key_display="1-4", show=False),
        Binding("2", "show_tab(1)", "CC", show=False),
        Binding("3", "show_tab(2)", "H&WC", show=False),
        Binding("4", "show_tab(3)", "All roles", show=False),
        Binding("5", "show_tab(4)", "Tab 5", show=False),
        Binding("l", "pick_locality", "Locality"),
        Binding("w", "next_wave", "Wave"),
        Binding("r", "write_report", "Report deck", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    locality: reactive[str | None] = reactive(None, init=False)
    wave: reactive[int] = reactive(0, init=False)

    def __init__(
        self,
        data: SurveyData,
        wave: int,
        locality: str | None = None,
        place: dict[str, object] | None = None,
        remember: bool = False,
    ) -> None:
        """`place` (tui/places.py): the role, section and locality to reopen on;
        `remember`: save the place on quitting."""
        super().__init__()
        self.place = place or {}
        self.remember = remember
        if locality is None and self.place.get("locality") in data.known_localities():
            locality = str(self.place["locality"])
        self.data = data
        self.set_reactive(WorkforceExplorer.wave, wave)
        self.set_reactive(WorkforceExplorer.locality, locality)
        # Respondents per locality of each role, as the role's pane last read them.
        self.locality_counts: dict[tuple[str, int], pl.DataFrame] = {}  # by role, wave
        # Plain rows, not frames: polars is first imported by the first tab's worker,
        # after the explorer is on screen.
        # Labels are data text shown in tabs, headers and the palette: made inert once here.
        self.role_labels: dict[str, str] = {
            r["role"]: clean(r["label"]) for r in data.role_records()
        }
        self.known_localities: list[str] = data.known_localities()
        waves = data.wave_records()
        # The palette's statements: read when the palette first opens (or after a wave
        # change), not at start-up where they would compete with the first tab's rows.
        self.statements: list[tuple[str, str, str, str]] = []
        self.statements_wave: int | None = None
        self.crumb = ""
        self.status_log: list[Notification] = []  # every status message, in order
        self.keys_blocked = False  # the terminal is too small: only q acts
        self.quitting = False  # q has acted: no key acts any more
        # Keys sent to a widget and not yet back up here, in the order typed (see
        # reroute_keys_in and stale_key_target).
        self.keys_in_flight: list[events.Key] = []
        # The pane a number key has just shown and focused (its TabActivated follows).
        self.focused_by_key: RolePane | ComparePane | None = None
        # Each screen's focused widget when the terminal became too small (its content
        # is hidden then, so it lets the focus go).
        self.focus_before_small: dict[Screen, Widget | None] = {}
        self.prefetched: set[tuple[int, str | None]] = set()
        self.locality_timer: Timer | None = None
        self.prefetch_timer: Timer | None = None
        self.waves: list[int] = [int(w["wave"]) for w in waves]
        self.wave_titles = {int(r["wave"]): clean(r["title"]) for r in waves}
        self.wave_notes = {int(r["wave"]): r.get("note") or "" for r in waves}
        self.update_sub_title()

    def update_sub_title(self) -> None:
        synthetic = self.wave_notes.get(self.wave, "").upper().startswith("SYNTHETIC")
        k = self.data.min_group
        guard = (
            " · SUPPRESSION OFF: every figure shown" if k <= 1 else f" · groups under {k} hidden"
        )
        self.sub_title = (
            f"{self.wave_titles.get(self.wave, 'Survey')} {self.wave}"
            + (" · SYNTHETIC SAMPLE" if synthetic else "")
            + guard
        )
        self.update_top_bar()

    def notices(self, narrow: bool) -> Text:
        """What must stay on screen at every size: synthetic data, suppression."""
        synthetic = self.wave_notes.get(self.wave, "").upper().startswith("SYNTHETIC")
        k = self.data.min_group
        parts: list[Text] = []
        if synthetic:
            parts.append(
                Text("SYNTHETIC" if narrow else "SYNTHETIC SAMPLE", style="bold black on yellow")
            )
        if k <= 1:
            parts.append(
                Text(
                    "SUPPRESSION OFF" if narrow else "SUPPRESSION OFF: every figure shown",
                    style="bold white on red",
                )
            )
        else:
            parts.append(
                Text(f"under {k} hidden" if narrow else f"groups under {k} hidden", style="bold")
            )
        return Text(" · ").join(parts)

    def update_top_bar(self, size: Size | None = None) -> None:
        """The title and notices for the width: `size` from a Resize event (the app's
        own size can still be the one before it, and the title stayed narrow)."""
        if not self.is_running or not self.screen_stack:
            return
        width = (size or self.size).width
        for bar in self.screen_stack[0].query(TopBar):
            narrow = width < 100
            bar.set_title(
                f"{self.wave_titles.get(self.wave, 'Survey')} {self.wave}"
                if narrow
                else f"{self.title} · {self.wave_titles.get(self.wave, 'Survey')} {self.wave}"
            )
            bar.set_notice(self.notices(narrow))

    def _on_notify(self, event: Notify) -> None:
        """Status messages, errors and details asked for with Enter go to the top line,
        where they cover no figure (on up to four lines when long). A message longer
        than that, and an error or a long message while another screen (help, a dialog)
        is on top, also shows as a toast, so that it is seen whole."""
        notification = event.notification
        message = notification.message
        text = message if isinstance(message, str) else str(message)
        if notification.title:
            text = f"{notification.title}: {text}"
        self.status_log.append(notification)
        line = " ".join(text.split())
        for bar in self.screen_stack[0].query(TopBar) if self.screen_stack else []:
            lines = bar.show_status(line, notification.severity, notification.timeout)
            covered = self.screen is not self.screen_stack[0]
            if lines <= STATUS_LINES and not (
                covered and (lines > 1 or notification.severity == "error")
            ):
                event.prevent_default()  # no toast: App._on_notify runs after this one

    # -- layout -----------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TopBar()
        yield Breadcrumb(id="breadcrumb")
        # Only the tab shown first is composed now; the others when first shown.
        first = self.first_tab()
        with ExplorerTabs(id="tabs", initial=first):
            for i, (role, label) in enumerate(self.role_labels.items()):
                with TabPane(Content(f"{i + 1} {label}"), id=f"role-{i}"):
                    yield RolePane(
                        role, label, id=f"pane-{i}", build=first == f"role-{i}"
                    ).data_bind(WorkforceExplorer.wave, WorkforceExplorer.locality)
            with TabPane(Content(f"{len(self.role_labels) + 1} All roles"), id=COMPARE_TAB):
                yield ComparePane(id="compare", build=first == COMPARE_TAB)
        yield Static(
            Text(
                f"Please enlarge the terminal to at least {MIN_WIDTH}x{MIN_HEIGHT}",
                justify="center",
            ),
            id="too-small",
        )
        yield FindBar()  # `/` in a table: above the footer, never over the figures
        yield ExplorerFooter(compact=self.size.width < COMPACT_FOOTER_BELOW)

    def get_default_screen(self) -> MainScreen:
        """The first screen, born with the classes its first resize would give it (the
        width breakpoint, too small): see tui/screens/main_screen.py."""
        width, height = self.size
        classes = [
            name
            for edge, name in sorted(self.HORIZONTAL_BREAKPOINTS, reverse=True)
            if width >= edge
        ][:1]
        if width < MIN_WIDTH or height < MIN_HEIGHT:
            classes.append("-too-small")
        return MainScreen(" ".join(classes))

    def on_mount(self) -> None:
        if self.data.min_group <= 1:
            self.notify(
                "Small-number suppression is OFF (--min-group 1): every figure is "
                "shown, however few people it describes.",
                severity="warning",
                timeout=10,
            )
        self.update_breadcrumb()
        self.update_top_bar()
        self.restore_place()
        pane = self.active_pane()
        if pane is not None:
            pane.ensure_loaded()
            # Focus the tab's list at once: Textual's auto focus would give it to the
            # tab strip first and the tab's activation then move it on, restyling the
            # strip twice for nothing.
            self.screen.set_focus(pane.query_one(SectionList))
        self.check_size()

    def first_tab(self) -> str:
        """The tab to open on: the role tab last viewed in this file, or the first."""
        roles = list(self.role_labels)
        role = self.place.get("role")
        if role == "all-roles":
            return COMPARE_TAB
        return f"role-{roles.index(str(role)) if role in roles else 0}"

    def restore_place(self) -> None:
        """Reopen on the section last viewed in this file (the tab is composed as the
        first shown: first_tab)."""
        roles = list(self.role_labels)
        role, section = self.place.get("role"), self.place.get("section")
        if role in roles:
            index = roles.index(str(role))
            if section in SECTIONS:
                pane = self.query_one(f"#pane-{index}", RolePane)
                pane.set_reactive(RolePane.section, str(section))
                pane.query_one(SectionList).show_index(list(SECTIONS).index(str(section)))

    def current_place(self) -> dict[str, object]:
        pane = self.active_pane()
        place: dict[str, object] = {"wave": self.wave, "locality": self.locality}
        if isinstance(pane, RolePane):
            place |= {"role": pane.role, "section": pane.section}
        else:
            place["role"] = "all-roles"
        return place

    async def action_quit(self) -> None:
        # The keys typed behind q do nothing: the explorer is closing ("q 3" at once
        # showed tab 3 while its widgets were being taken down, and crashed).
        self.quitting = True
        if self.remember:
            from tui.places import save_place

            save_place(self.data.path, self.current_place())
        await super().action_quit()

    def on_resize(self, event: events.Resize) -> None:
        # The event's size, not self.size: when this handler runs, the app's own size
        # can still be the one before the resize (the check then lagged one resize).
        self.check_size(event.size)

    def too_small(self) -> bool:
        return self.keys_blocked

    def check_size(self, size: Size | None = None) -> None:
        width, height = size if size is not None else self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        for screen in self.screen_stack:
            screen.set_class(small, "-too-small")
        if small != self.keys_blocked:
            self.keys_blocked = small
            self.block_keys(small)
        self.update_top_bar(size)
        # Below 110 columns the footer drops its padding so every key still fits.
        for footer in self.query(ExplorerFooter):
            if footer.compact != (width < COMPACT_FOOTER_BELOW):
                footer.compact = width < COMPACT_FOOTER_BELOW

    def block_keys(self, small: bool) -> None:
        """Behind "Please enlarge" no key acts but q: the tabs are disabled (so their
        keys go nowhere) and check_action refuses the app's own keys; focus comes back
        to where it was, on every screen (a dialog open as well as the explorer under
        it), when the terminal is large enough again."""
        if small:
            self.focus_before_small = {s: s.focused for s in self.screen_stack}
        with suppress(Exception):
            self.screen_stack[0].query_one(TabbedContent).disabled = small
        if not small:
            for screen in self.screen_stack:
                self.refocus(screen, self.focus_before_small.get(screen))
            self.focus_before_small = {}
            # Keys typed for rows drawn while small.
            for holder in [*self.screen_stack[0].query(LazyPane), *self.screen_stack]:
                if isinstance(holder, HoldsKeys):
                    holder.resume_typed_ahead()
        self.refresh_bindings()

    def refocus(self, screen: Screen, target: Widget | None) -> None:
        """Focus `target` again on `screen`; failing that, where the user reads: the
        active pane on the explorer's own screen, the first focusable widget on a dialog."""
        if target is not None and target.is_attached and target.focusable:
            target.focus()
        elif screen is self.screen_stack[0]:
            with suppress(NoMatches):  # a resize before the tabs are composed
                if (pane := self.active_pane()) is not None:
                    pane.focus_default()
        elif screen.focused is None:
            screen.focus_next()

    # -- state ------------------------------------------------------------------------
    def role_panes(self) -> list[RolePane]:
        return list(self.query(RolePane))

    def active_pane(self) -> RolePane | ComparePane | None:
        tabs = self.query_one(TabbedContent)
        pane = tabs.active_pane
        if pane is None:
            return None
        children = pane.query(RolePane)
        return children.first() if children else pane.query_one(ComparePane)

    def refresh_panes(self) -> None:
        """The wave or locality changed: reload the pane in view, the others when shown."""
        self.stop_reading_ahead()
        # Role panes follow through their bound wave and locality (RolePane.
        # filter_changed); the All roles pane reads the app's.
        compare = self.query_one(ComparePane)
        compare.stale = True
        if self.active_pane() is compare:
            compare.ensure_loaded()
        self.update_breadcrumb()

    def previous_wave(self) -> int | None:
        """The wave before the one shown, if the file holds one: tables show change
        against it."""
        earlier = [w for w in self.waves if w < self.wave]
        return max(earlier) if earlier else None

    def watch_locality(self) -> None:
        self.refresh_panes()

    def watch_wave(self) -> None:
        self.update_sub_title()
        self.refresh_panes()

    def on_locality_chosen(self, event: LocalityChosen) -> None:
        self.locality = event.locality
        if event.say:
            self.notify(event.say, timeout=2)

    def on_locality_counts(self, event: LocalityCounts) -> None:
        self.locality_counts[(event.role, event.wave)] = event.counts  # type: ignore[assignment]
        picker = self.screen
        if isinstance(picker, LocalityScreen) and picker.counts_for == (event.role, event.wave):
            picker.show_counts(picker_counts(event.counts))  # type: ignore[arg-type]

    def set_locality(self, locality: str | None) -> None:
        self.locality = locality

    def update_breadcrumb(self) -> None:
        pane = self.active_pane()
        parts = [Text(str(self.wave))]
        if isinstance(pane, RolePane):
            label, section = pane.breadcrumb()
            parts += [label, plain(self.locality or "All localities"), section]
        else:
            parts += [Text("All roles"), plain(self.locality or "All localities")]
            compared = pane.breadcrumb() if isinstance(pane, ComparePane) else None
            if compared is not None:
                parts.append(compared)
        crumb = Text(" › ", style="dim").join(parts)
        self.crumb = crumb.plain
        hints = BACK_TO_ALL if self.locality else ()
        self.query_one("#breadcrumb", Breadcrumb).show(crumb, hints)

    def breadcrumb_text(self) -> str:
        """Where the user is, as the breadcrumb says it (without the key hint)."""
        return self.crumb

    @work(thread=True, exclusive=True, group="statements")
    def load_statements(self) -> list[tuple[str, str, str, str]]:
        """The Likert statements of every role in the wave, for the palette: one small
        query a role on the questionnaire, in section order then questionnaire order.
        The palette runs it when it opens (ExplorerCommands.startup)."""
        wave = self.wave
        order = {theme: i for i, theme in enumerate(SECTIONS) if theme != "overview"}
        out = []
        for role in self.role_labels:
            rows = [
                r
                for r in self.data.likert_questions(role, wave).iter_rows(named=True)
                if r["theme"] in order
            ]
            rows.sort(key=lambda r: order[r["theme"]])  # stable: keeps questionnaire order
            out += [(role, r["theme"], r["question_id"], r["statement"]) for r in rows]
        if not get_current_worker().is_cancelled:
            self.call_from_thread(setattr, self, "statements", out)
        return out

    # -- events -----------------------------------------------------------------------
    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        pane = self.active_pane()
        if pane is not None:
            # Shown by a click on its tab: composed now if it was not yet (keys: in
            # action_show_tab, before the tab shows).
            await pane.build()
        if pane is not self.active_pane():
            return  # another tab was shown meanwhile: its own message follows
        self.update_breadcrumb()
        if pane is not None:
            pane.ensure_loaded()
        focused_by_key, self.focused_by_key = self.focused_by_key, None
        if isinstance(pane, RolePane | ComparePane) and focused_by_key is not pane:
            # Shown by a click.  A number key has focused the pane already: focusing
            # it again here, after the keys read behind it, would undo what they did.
            pane.focus_default()

    def on_section_changed(self, event: SectionChanged) -> None:
        self.update_breadcrumb()

    def on_pane_shown(self, event: PaneShown) -> None:
        freeze_once()
        key = (self.wave, self.locality)
        if key in self.prefetched or self.prefetch_timer is not None:
            return
        # A moment later, so the reads do not compete with drawing the rows just loaded
        # (measured: started at once, they delayed the first frame ~0.1 s).
        self.prefetch_timer = self.set_timer(PREFETCH_DELAY, lambda: self.start_prefetch(*key))

    def start_prefetch(self, wave: int, locality: str | None) -> None:
        """The timer fired: from now on this wave and locality count as read ahead (a
        timer stopped before firing leaves them to be read ahead next time)."""
        self.prefetch_timer = None
        self.prefetched.add((wave, locality))
        held = {
            pane.role
            for pane in self.role_panes()
            if pane.shown == Request(pane.role, wave, locality, "overview")
        }
        self.prefetch(wave, locality, held)

    @work(thread=True, exclusive=True, group="prefetch")
    def prefetch(self, wave: int, locality: str | None, held: set[str] | None = None) -> None:
        """Once the tab in view has its rows, read the other role tabs' Overviews so that
        switching tab is instant (the data layer remembers the answers).  A drill or a
        wave change stops it between two reads, so it does not compete with them."""
        worker = get_current_worker()

        def moved_on() -> bool:
            return worker.is_cancelled or (wave, locality) != (self.wave, self.locality)

        for role in self.role_labels:
            if role in (held or ()):
                continue  # its tab holds this Overview already
            try:
                load_section(self.data, Request(role, wave, locality, "overview"), stop=moved_on)
            except (UserError, Stopped):
                return  # the tab reports an error when it is shown

    def stop_reading_ahead(self) -> None:
        """Drop read-aheads not yet started: what they were for has changed."""
        for timer in (self.prefetch_timer, self.locality_timer):
            if timer is not None:
                timer.stop()
        self.prefetch_timer = self.locality_timer = None

    def on_locality_highlighted(self, event: LocalityHighlighted) -> None:
        """While the locality list rests on a locality (where it opened, too), read
        ahead from there, so that Enter draws it at once."""
        if self.locality_timer is not None:
            self.locality_timer.stop()
            self.locality_timer = None
        if not isinstance(self.screen, LocalityScreen):
            return  # the list has closed since (a fast "Bol Enter" highlights, then picks)
        self.locality_timer = self.set_timer(
            READ_AHEAD_DWELL, lambda: self.read_ahead_localities(event.locality)
        )

    def read_ahead_localities(self, start: str | None) -> None:
        """Read what the tab in view would show for `start` and the localities beside it
        in the list (the likeliest next choices): picked while the list is open, a
        locality read ahead is drawn with no wait."""
        if not isinstance(self.screen, LocalityScreen):
            return
        pane = self.active_pane()
        if not isinstance(pane, RolePane):
            return
        names: list[str | None] = [None, *self.known_localities]
        at = names.index(start) if start in names else 0
        # A file can hold hundreds of localities (the national benchmark: 420), each
        # read costing tens of ms: only the few around the highlight, nearest first.
        near = [at, at + 1, at + 2, at - 1]
        here = pane.request()
        reqs = [
            replace(here, locality=names[i], by_locality=False)
            for i in near
            if 0 <= i < len(names) and names[i] != self.locality
        ]
        self.read_ahead(reqs)

    @work(thread=True, exclusive=True, group="read-ahead")
    def read_ahead(self, reqs: list[Request]) -> None:
        worker = get_current_worker()
        for req in reqs:
            try:
                load_section(self.data, req, stop=lambda: worker.is_cancelled)
            except Stopped:
                return  # the list closed, or rests somewhere else now
            except UserError:
                continue  # the tab reports it if the locality is chosen

    def on_compare_pane_choice_changed(self, event: ComparePane.ChoiceChanged) -> None:
        self.update_breadcrumb()

    # -- actions ----------------------------------------------------------------------
    def tab_ids(self) -> list[str]:
        return [f"role-{i}" for i in range(len(self.role_labels))] + [COMPARE_TAB]

    async def action_show_tab(self, index: int) -> None:
        tabs = self.query_one(TabbedContent)
        ids = self.tab_ids()
        if 0 <= index < len(ids):
            # A tab shown for the first time is composed first: the keys typed after
            # its number wait for it (the app handles them after this action), so
            # they reach the pane as they did when every tab was built at start.
            await self.pane_of(ids[index]).build()
            tabs.active = ids[index]
            # Focus follows at once, not when TabActivated arrives: that comes after any
            # keys typed in the same burst ("2b" is By locality in the new tab).
            pane = self.active_pane()
            if isinstance(pane, RolePane | ComparePane):
                pane.focus_default()
                self.focused_by_key = pane

    def pane_of(self, tab_id: str) -> RolePane | ComparePane:
        pane = self.query_one(TabbedContent).get_pane(tab_id)
        children = pane.query_children(RolePane)
        return children.first() if children else pane.query_one(ComparePane)

    async def jump_to(self, role: str | None, section: str, row_key: str | None = None) -> None:
        roles = list(self.role_labels)
        if role is None:
            await self.action_show_tab(len(roles))
            return
        await self.action_show_tab(roles.index(role))
        pane = self.query_one(f"#pane-{roles.index(role)}", RolePane)
        if section != "overview":
            await pane.mount_part("theme")  # the section's table, before it is opened
        pane.open_section(section, row_key)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Behind "Please enlarge" only q acts.
        return not (self.keys_blocked and action != "quit")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and event.key == "ctrl+j" and not event.is_forwarded:
            # A line feed is Enter on a terminal. Keys typed while the explorer starts
            # reach it from a terminal still in line mode, which turns Enter into a line
            # feed: "2 j j Enter" typed at once at start lost its Enter.
            enter = events.Key("enter", "\r")
            enter.set_sender(self)
            event = enter
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self.quitting:
                return
            if self.keys_blocked:
                # Behind "Please enlarge" only q acts, whatever has the focus (a
                # palette open when the terminal shrank would take a command typed
                # blind and run it).
                # ctrl+c does not quit (Textual: "press ctrl+q to quit").
                if event.key in class_keys(type(self), frozenset({"quit"})):
                    await self.run_action("quit")
                return
            # ctrl+q (ctrl+c says how to quit): priority keys of Textual's App that act
            # at once; q is a letter in a text box and waits its turn like any key.
            quits = event.key in class_keys(App, QUITTING)
            if isinstance(self.screen, ExplorerPalette) and not quits and self.screen.hold(event):
                return  # behind an Enter waiting for the palette's commands
            self.keys_in_flight = [e for e in self.keys_in_flight if on_its_way(e)]
            if self.keys_waiting() and not quits:
                # Behind keys still on their way (or held for rows): it goes the way
                # the last of them went if the focus has left it since (so that it
                # comes back, and is sent on, after them), else to the focus; a
                # priority key too (ctrl+p: "3 ctrl+p" opened the palette first and
                # typed the 3 into it). It is looked up when it comes back up here.
                target = self.stale_key_target() or self.focused or self.screen
                mark_sent(event, target)
                self.keys_in_flight.append(event)
                target._forward_event(event)
                return
            # Nothing on its way (or a key that quits: at once, as always): Textual's
            # way, a priority key acting now.
            # Where Textual sends it: the focus, or the screen when nothing has it (a
            # key sent to no one would count as on its way for ever).
            mark_sent(event, self.focused or self.screen)
            await super().on_event(event)
            if event.is_forwarded:  # not a priority key the app acted on (ctrl+p)
                self.keys_in_flight.append(event)
            return
        await super().on_event(event)

    def keys_waiting(self) -> bool:
        """Keys typed earlier have not all acted: some are on their way to a widget or
        back, or held for the rows being read."""
        holder = self.key_holder()
        return bool(self.keys_in_flight) or (holder is not None and bool(holder.type_ahead.keys))

    def stale_key_target(self) -> Widget | None:
        """Where the last key typed and still on its way was sent, if the focus has left
        it since: a key read now follows it there rather than overtake it. Sent to the
        focus, it could reach its binding first (a locality seen before is drawn at
        once and takes the focus from its notice: the Enter of "l Bol Enter j Enter"
        opened the first statement, before the `j` typed again had come back from the
        notice)."""
        for event in reversed(self.keys_in_flight):
            target = getattr(event, "_wfx_sent_to", None)
            return None if target is None or target is self.focused else target
        return None

    async def _on_key(self, event: events.Key) -> None:
        """Keys are acted on in the order they are read: Textual sends each key to
        the focused widget and looks its binding up when the key has bubbled back up
        here, so keys stay in order as long as no widget on the way acts on one
        itself (the lists' and tables' `/` go through bindings for that reason).
        A key that comes back up after the focus moved on while it was on its way
        (a fast "/sup": `/` moved the focus to the find bar while "sup" were already
        on their way to the table) is sent where the focus is now, as keys typed one
        by one would be."""
        if getattr(event, "_wfx_rerouted", False) or self.quitting:
            event.stop()  # typed again already, on the screen now on top; or closing
            event.prevent_default()
            return
        self.keys_in_flight = [e for e in self.keys_in_flight if e is event or on_its_way(e)]
        sent_to = getattr(event, "_wfx_sent_to", None)
        focused = self.focused
        screen = self.screen
        if sent_to is not focused and isinstance(screen, ExplorerPalette) and screen.early():
            # Back from where it was sent before ctrl+p (acted on at once) opened the
            # palette, whose search box is not there yet: it waits for it.
            self.keys_in_flight = [e for e in self.keys_in_flight if e is not event]
            event.prevent_default()
            screen.hold(event)
            return
        if getattr(event, "_wfx_wait", False) and focused is not None:
            # A text box let it go by until the keys before it had acted (TextBox).
            event.prevent_default()
            send_key(focused, event.key, event.character, replacing=event)
            return
        if sent_to is None or focused is None or focused is sent_to:
            self.keys_in_flight = [e for e in self.keys_in_flight if e is not event]
            # Here, with every key before it acted on: a key for rows still being read
            # waits for them (tui/widgets/type_ahead.py). If not held, App._on_key,
            # after this handler, looks the bindings up.
            if isinstance(focused, Tabs) and event.key in TAB_MOVES:
                event.prevent_default()  # not Tabs' own binding: see TAB_MOVES
                ids = self.tab_ids()
                here = ids.index(self.query_one(TabbedContent).active)
                await self.action_show_tab((here + TAB_MOVES[event.key]) % len(ids))
                return
            holder = self.key_holder()
            if holder is not None and holder.hold_key(event):
                return
            if await self._check_bindings(event.key, priority=True):
                # A priority key typed behind others (ctrl+p), acting in its turn: a
                # key sent to a widget is otherwise never looked up among them.
                event.prevent_default()  # App._on_key would look it up again
            return
        # Sent again, not looked up here: the keys before it are on their way to the
        # new focus too, and a binding acted on now would overtake them ("/sup" then
        # Enter: the Enter kept an empty filter before "sup" was typed).
        event.prevent_default()
        send_key(focused, event.key, event.character, replacing=event)

    def pop_screen(self) -> AwaitComplete:
        self.reroute_keys_in(self.screen)
        return super().pop_screen()

    def reroute_keys_in(self, closing: Screen) -> None:
        """`closing` leaves the stack (a dialog's Escape, q or Enter): the keys typed
        behind that key and still on their way through its widgets would be lost with
        them ("q j" on a statement's detail lost the `j`). They are typed again, in
        order, for the screen below; if one reaches the app after all, it is ignored
        (`_on_key`). A key a widget on the way has acted on (stopped) is not."""
        lost: list[events.Key] = []
        for event in self.keys_in_flight:
            target = getattr(event, "_wfx_sent_to", None)
            if event._stop_propagation or target is None:
                continue
            if target is closing or closing in target.ancestors_with_self:
                event._wfx_rerouted = True  # type: ignore[attr-defined]
                lost.append(event)
        self.keys_in_flight = [e for e in self.keys_in_flight if e not in lost]
        type_again(self, [(event.key, event.character) for event in lost])

    def key_holder(self) -> HoldsKeys | None:
        """What holds the keys typed for rows being read on the screen on top: a
        statement's detail, or on the explorer's own screen the tab in view."""
        screen = self.screen
        if isinstance(screen, HoldsKeys):
            return screen
        if screen is self.screen_stack[0] and not self.keys_blocked:
            with suppress(NoMatches):  # before the tabs are composed
                pane = self.active_pane()
                return pane if isinstance(pane, HoldsKeys) else None
        return None

    def action_next_wave(self) -> None:
        """Switch to the next wave in the file (wrapping round to the first)."""
        if len(self.waves) < 2:
            self.notify(
                f"This file holds one wave ({self.wave}): there is no other wave "
                "to switch to. Import the next year's export into this file to "
                "compare waves.",
                timeout=6,
            )
            return
        index = self.waves.index(self.wave) if self.wave in self.waves else -1
        self.wave = self.waves[(index + 1) % len(self.waves)]
        self.notify(f"Wave {self.wave}", timeout=2)

    async def open_card(self, role: str, locality: str | None) -> None:
        """The one-screen card for a role in a locality (palette: "cc bolton")."""
        self.locality = locality
        await self.jump_to(role, "overview")

    def action_write_report(self) -> None:
        """Write the annual-report deck for what is on screen (key r, palette): the whole
        wave from All roles, the role, or the role in the chosen locality (the session
        handout), to the current folder; a notification names the file."""
        pane = self.active_pane()
        role = pane.role if isinstance(pane, RolePane) else None
        self.notify("Writing the report deck…", timeout=3)
        self.write_report(role, self.wave, self.locality, Path.cwd())

    @work(thread=True, group="report")
    def write_report(
        self, role: str | None, wave: int, locality: str | None, folder: Path
    ) -> Path | None:
        from tui.export import fresh_path
        from tui.report.build import report_path, write_report
        from tui.workers import export_then_notify

        # Never replaces an earlier deck: the next free name, like the exports.
        target = fresh_path(report_path(folder, wave, role, locality))
        return export_then_notify(
            self,
            lambda: write_report(self.data, target, wave=wave, role=role, locality=locality).path,
        )

    async def action_command_palette(self) -> None:
        """Textual's palette, made safe against a second Enter and an early PageDown.
        Awaited: the keys typed behind ctrl+p are the search."""
        if self.use_command_palette and not ExplorerPalette.is_open(self):
            await self.push_screen(ExplorerPalette(id="--command-palette"))

    def action_help(self) -> None:
        # Imported here: the Markdown widget costs ~45 ms of start-up for a screen that
        # many sessions never open.
        from tui.screens.help_screen import HelpScreen

        self.push_screen(HelpScreen())

    def action_clear_locality(self) -> None:
        if self.locality is not None:
            self.locality = None
            self.notify("Showing all localities", timeout=2)

    def action_pick_locality(self) -> None:
        """The locality picker, each locality with its respondents in the role on screen
        (or the note that hides them). The counts are the role Overview's; a tab opened
        on another section has not read them, so they are read now, behind the picker,
        and shown when they come."""
        pane = self.active_pane()
        counts: dict[str, int | str | None] = {}
        label = "respondents"
        counts_for = None
        if isinstance(pane, RolePane):
            label = pane.label
            counts_for = (pane.role, self.wave)
            if counts_for in self.locality_counts:
                counts = picker_counts(self.locality_counts[counts_for])
            else:
                self.read_locality_counts(*counts_for)
        choices = [(name, counts.get(name) if counts else None) for name in self.known_localities]

        def chosen(result: str | None) -> None:
            # The list has closed: what is read ahead for it would only compete with
            # drawing the choice.
            if self.locality_timer is not None:
                self.locality_timer.stop()
            self.workers.cancel_group(self, "read-ahead")
            if result is None:
                return
            self.locality = None if result == ALL else result

        self.push_screen(LocalityScreen(choices, self.locality, label, counts_for), chosen)

    @work(thread=True, exclusive=True, group="picker-counts")
    def read_locality_counts(self, role: str, wave: int) -> None:
        try:
            counts = self.data.localities(role, wave)
        except UserError:
            return  # the picker lists the names without counts; the tab says why
        self.post_message(LocalityCounts(role, wave, counts))
