"""A role's tab: the list of sections on the left, the chosen section on the right.

Moving through the list previews a section; Enter opens it (focus moves into its table,
and on narrow terminals the list folds away); Escape goes back to the list.
Every query runs in a worker thread; a newer request cancels the older one.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.cells import plain
from tui.messages import LocalityChosen, LocalityCounts, PaneShown, SectionChanged
from tui.screens.comments_screen import CommentsScreen
from tui.screens.dialog import SafePaging
from tui.screens.export_screen import ExportScreen
from tui.screens.statement_screen import StatementScreen
from tui.sections import (
    SECTION_KEYS,
    SECTIONS,
    SHORT_TITLES,
    Request,
    Stopped,
    load_section,
    ready_section,
)
from tui.widgets.chart_view import ChartView
from tui.widgets.lazy_pane import LazyPane
from tui.widgets.locality_table import LocalityTable
from tui.widgets.overview import FRAMEWORK_EXPECTATION, OverviewCard, gap_certainty, share
from tui.widgets.section_table import (
    SectionTable,
    all_low_base,
    bar_width,
    choice_rows,
    likert_rows,
    low_base_line,
)
from tui.widgets.type_ahead import HoldsKeys, TypeAhead, binds, class_keys
from tui.workers import export_then_notify, fetch_then, on_ui

if TYPE_CHECKING:
    import polars as pl
    from textual.timer import Timer
    from textual.widget import Widget


class SectionList(SafePaging):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("home", "first_section", "First", show=False),
        Binding("end", "last_section", "Last", show=False),
        Binding("pagedown", "page_down_section", "Page Down", show=False),
        Binding("pageup", "page_up_section", "Page Up", show=False),
    ]

    async def follow(self) -> None:
        """The pane's section follows the highlight here, in the key's binding, not by
        the OptionHighlighted message the pane reads later: the keys typed behind
        (`j c` at once) act on the section moved to, as when typed slowly (they used
        to act on the one before: the comments of the Overview)."""
        option = self.highlighted_option
        if option is not None and option.id is not None:
            await self.query_ancestor(LazyPane).follow_option(option.id)

    async def action_cursor_down(self) -> None:
        super().action_cursor_down()
        await self.follow()

    async def action_cursor_up(self) -> None:
        super().action_cursor_up()
        await self.follow()

    # Not action_first, action_page_down ...: OptionList calls those itself, unawaited.
    async def action_first_section(self) -> None:
        self.action_first()
        await self.follow()

    async def action_last_section(self) -> None:
        self.action_last()
        await self.follow()

    async def action_page_down_section(self) -> None:
        self.action_page_down()
        await self.follow()

    async def action_page_up_section(self) -> None:
        self.action_page_up()
        await self.follow()

    async def action_select(self) -> None:
        """Enter opens the highlighted section here, in its binding, not through an
        OptionSelected message that the pane would read later: the keys read behind
        Enter ("Enter j Enter") then reach the app with the focus already on what Enter
        opened, and act on it (they used to move the list on to the next section)."""
        option = self.highlighted_option
        if option is not None and not option.disabled and option.id is not None:
            await self.query_ancestor(LazyPane).open_option(option.id)

    async def _on_click(self, event: events.Click) -> None:
        """A click on an option opens it as Enter does (OptionList's own click handler
        would call the action without awaiting it)."""
        event.prevent_default()
        clicked: int | None = event.style.meta.get("option")
        if clicked is not None and not self.get_option_at_index(clicked).disabled:
            self.highlighted = clicked
            await self.action_select()

    def show_index(self, index: int) -> None:
        """Highlight an option without posting OptionHighlighted: the pane's watcher
        set it, and the event would set the pane again (a ping-pong that starved the
        workers on fast key presses)."""
        if self.highlighted != index:
            with self.prevent(OptionList.OptionHighlighted):
                self.highlighted = index

    @staticmethod
    def highlighted_id(event: OptionList.OptionHighlighted) -> str | None:
        """The option id a highlight event points at; None for a stale event from an
        earlier highlight."""
        event.stop()
        if event.option_list.highlighted != event.option_index:
            return None
        return event.option.id


class ReadingTable(SectionTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        # Enter on a statement: its spread in every locality; on an option: its interval.
        Binding(
            "enter",
            "select_cursor",
            "Detail",
            tooltip="A statement's spread in every locality; an option's interval",
        ),
    ]

    async def action_select_cursor(self) -> None:
        """Enter opens the row here, in its binding, not through a RowSelected message
        that the pane would read later: the keys typed behind Enter then reach the app
        with the detail already open, and act in it (they used to move this table's
        cursor and leave the detail on its first row)."""
        key = self.cursor_key()
        if key is not None and self.show_cursor:
            await self.query_ancestor(RolePane).open_row(key)


class ReadingScroll(VerticalScroll, can_focus=True):
    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]


class SectionNotice(Static, can_focus=True):
    """What a section shows instead of figures (a group too small to show, no answers).
    It takes the focus a table would: the reader is reading it, and the pane's keys
    (b, e, Escape) act from it."""


# The keys a theme's table acts on, but Escape (it closes the find, if one is open).
TABLE_KEYS = class_keys(ReadingTable) - {"escape"}
# Tab and shift+tab: the focus to the next (previous) widget (Textual's Screen binds them).
FOCUS_KEYS = class_keys(Screen, frozenset({"app.focus_next", "app.focus_previous"}))


class RolePane(HoldsKeys, LazyPane):
    BINDINGS = [
        # Escape is listed on the help screen.  The footer shows the others when they
        # fit, the most needed first (FOOTER_PRIORITY in tui/widgets/footer.py).
        Binding("escape", "back", "Back", show=False),
        Binding("s", "toggle_sort", "Sort", tooltip="Sort statements by mean"),
        Binding("b", "toggle_by_locality", "By locality"),
        Binding("c", "comments", "Comments"),
        # `/` on the sections list opens the section's table and finds in it.
        Binding("slash", "find", "Find", show=False),
        # Two bindings share `v`; check_action shows the one that says where it goes.
        Binding("v", "show_chart(True)", "Chart"),
        Binding("v", "show_chart(False)", "Table"),
        Binding("e", "export", "Export"),
        # Copy through the terminal's clipboard (listed on the help screen).
        Binding("y", "copy(False)", "Copy row", show=False),
        Binding("Y", "copy(True)", "Copy view", show=False),
    ]

    section: reactive[str] = reactive("overview", init=False)
    sort_by_mean: reactive[bool] = reactive(False, init=False)
    by_locality: reactive[bool] = reactive(False, init=False)
    chart: reactive[bool] = reactive(False, init=False)
    # Bound to the app's (data_bind in WorkforceExplorer.compose): a change reloads the
    # pane if it is in view, else marks it to reload when shown.
    wave: reactive[int] = reactive(0, init=False)
    locality: reactive[str | None] = reactive(None, init=False)
    list_before_b = False  # `b` was pressed on the sections list (b again goes back)

    def __init__(self, role: str, label: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.role = role
        self.label = label
        self.frames: dict[str, pl.DataFrame] = {}
        self.shown: Request | None = None
        # A palette jump's (section, row key): the row the cursor goes to once that
        # section's table is drawn (not another section's, drawn on the way).
        self.pending_row: tuple[str, str] | None = None
        self.stale = True  # loads when its tab is first shown
        self.last_export: Path | None = None
        self.nothing_to_draw = False  # the section shows a message, not figures
        self.notice = ""  # that message
        self.parts: dict[str, asyncio.Future[None]] = {}  # mount_part, under way or done
        self.type_ahead = TypeAhead(self)  # keys typed for rows not yet read

    def compose_content(self) -> ComposeResult:
        yield SectionList(
            *[Option(title, id=key) for key, title in SHORT_TITLES.items()], classes="sections"
        )
        # The theme table (with its chart) and the by-locality table join the switcher
        # when first needed (mount_part): most starts show only the Overview.
        with (
            ContentSwitcher(initial="overview", classes="content"),
            ReadingScroll(id="overview"),
        ):
            yield OverviewCard(classes="overview-card")

    @staticmethod
    def part_of(req: Request) -> str:
        """The switcher's child that shows `req`."""
        if req.by_locality:
            return "by-locality"
        return "overview" if req.section == "overview" else "theme"

    def has_part(self, part: str) -> bool:
        mounting = self.parts.get(part)
        return part == "overview" or (mounting is not None and mounting.done())

    async def mount_part(self, part: str) -> None:
        """Mount the theme or by-locality part if it is not yet (once, however many ask)."""
        if part not in self.parts:
            if part == "theme":
                widget = Vertical(
                    Static(classes="callout"),
                    ReadingTable(classes="section-table"),
                    ChartView(classes="section-chart"),
                    SectionNotice(classes="empty"),
                    id="theme",
                )
            else:
                widget = Vertical(
                    Static(classes="compare-heading"),
                    LocalityTable(classes="locality-table"),
                    Static(classes="compare-detail"),
                    id="by-locality",
                )
            switcher = self.query_one(ContentSwitcher)

            async def add() -> None:
                await switcher.add_content(widget)

            self.parts[part] = asyncio.ensure_future(add())
        await self.parts[part]

    def load_when_mounted(self, req: Request) -> None:
        """Load `req` now if the part that shows it is mounted, else once it is."""
        part = self.part_of(req)
        if self.has_part(part):
            self.load(req)
        else:
            self.run_worker(self.mount_then_load(part, req), group="mount-part")

    async def mount_then_load(self, part: str, req: Request) -> None:
        await self.mount_part(part)
        if req != self.request():
            return  # asked for something else meanwhile: that request loads itself
        self.load(req)
        if self.has_class("-reading") and self.app.active_pane() is self:
            self.open_content()  # what open_content could not focus before the mount

    # -- requests ---------------------------------------------------------------------
    def request(self) -> Request:
        theme_table = not self.by_locality and self.section != "overview"
        return Request(
            self.role,
            self.wave,
            self.locality,
            self.section,
            self.by_locality,
            self.app.previous_wave() if theme_table else None,
        )

    # A load taking longer than this (seconds) shows the loading indicator; a quicker
    # one (most drills) only blanks the old figures, with no indicator flashing by.
    LOADING_DELAY = 0.1
    loading_timer: Timer | None = None

    def reload(self) -> None:
        self.stale = False
        self.failed_request = None  # a read starts again, even of what failed
        req = self.request()
        switcher = self.query_one(ContentSwitcher)
        frames = ready_section(self.app.data, req) if self.has_part(self.part_of(req)) else None
        if frames is not None:
            # Shown or read ahead before (the locality list reads the localities
            # around its highlight): drawn in this frame, with no blank and no worker.
            self.workers.cancel_group(self, "load-section")
            self.show(req, frames)
            return
        # The old figures go at once.  The breadcrumb names the new place in the next
        # frame, but a loading cover only shows after a layout, a frame or more later
        # (measured: ~60 ms of the last locality's card under the new one's name).
        # Opacity is repainted without a layout, so the blank lands with the breadcrumb.
        for child in switcher.children:
            child.styles.opacity = 0
        if self.loading_timer is not None:
            self.loading_timer.stop()

        def indicate() -> None:
            # A timer's callback is queued when it fires: it can run after show() (or a
            # newer reload) has stopped its timer, when it must do nothing.
            if self.loading_timer is timer:
                switcher.loading = True

        timer = self.loading_timer = self.set_timer(self.LOADING_DELAY, indicate)
        self.load_when_mounted(req)

    @work(thread=True, exclusive=True, group="load-section")
    def load(self, req: Request) -> None:
        # A newer request cancels this worker, but a thread cannot be interrupted: the
        # load stops itself between two reads instead, so that keys pressed quickly
        # (j j j through the sections, a locality after another) do not leave stale
        # loads holding the cores while the one wanted is read.
        worker = get_current_worker()
        with suppress(Stopped):
            fetch_then(
                self.app,
                lambda: load_section(self.app.data, req, stop=lambda: worker.is_cancelled),
                lambda frames: self.show(req, frames),
            )
        on_ui(self.app, self.load_ended, req)

    def key_for_rows(self, event: events.Key, focused: Widget) -> bool:
        if event.key in FOCUS_KEYS and self in focused.ancestors:
            # Tab from the sections list goes to the table once it is drawn; before,
            # it went to what was still shown in its place (the Overview), and the
            # keys behind it acted there ("j Tab j" moved the Overview, not the rows).
            return True
        if focused is not self.content_widget():
            return False
        if isinstance(focused, SectionNotice):
            # The last read's notice ("fewer than 5") stands where the rows will be:
            # a key the table acts on waits to see whether they come.
            return event.key in TABLE_KEYS
        return binds(focused, event.key)

    def rows_drawn(self) -> bool:
        return self.shown == self.request()

    def keys_that_outlive_rows(self) -> frozenset[str]:
        return FOCUS_KEYS

    def current_request(self) -> Request:
        return self.request()

    def load_ended(self, request: object) -> bool:
        failed = super().load_ended(request)
        if failed:
            # Its notification says why: no loading cover left turning over a place
            # that will not be drawn.
            if self.loading_timer is not None:
                self.loading_timer.stop()
                self.loading_timer = None
            self.query_one(ContentSwitcher).loading = False
        return failed

    # -- rendering --------------------------------------------------------------------
    def show(self, req: Request, frames: dict[str, pl.DataFrame]) -> None:
        if req != self.request():
            return  # an older answer arriving late
        self.frames = frames
        self.shown = req
        if "localities" in frames:
            self.post_message(LocalityCounts(self.role, req.wave, frames["localities"]))
        switcher = self.query_one(ContentSwitcher)
        if self.loading_timer is not None:
            self.loading_timer.stop()
            self.loading_timer = None
        switcher.loading = False
        for child in switcher.children:
            child.styles.opacity = 1
        self.call_after_refresh(self.restore_focus)
        if self.type_ahead.keys:
            self.call_after_refresh(self.replay_typed_ahead)
        if req.by_locality:
            switcher.current = "by-locality"
            heading = Text(
                f"{SECTIONS[req.compare_theme()]}: {self.label} by locality. "
                "Enter drills into a locality; b returns.",
                style="bold",
            )
            if req.compare_theme() in ("role_support", "supervision"):
                heading.append(
                    "\nsig. / n.s.: the locality's lowest statement (and its "
                    "no-clinical share) against the rest of the role, 5% test.",
                    style="dim",
                )
            else:
                heading.append(
                    "\nsig. / n.s.: against the rest of the role, same option, 5% test.",
                    style="dim",
                )
            self.query_one(".compare-heading", Static).update(heading)
            table = self.query_one(LocalityTable)
            table.show_frame(req.compare_theme(), frames["compare"])
            self.query_one(".compare-detail", Static).update(table.detail_of(table.cursor_row))
            return
        if req.section == "overview":
            switcher.current = "overview"
            self.query_one(OverviewCard).show(frames, req.role, req.wave, req.locality)
        else:
            switcher.current = "theme"
            self.render_theme()
        self.post_message(PaneShown())

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """A view drawn at once can hide the widget a key has just focused (Tab typed
        behind `j`); hidden, it lets go of the focus after the next layout, with
        nothing left to take it: give it back then."""
        self.call_after_refresh(self.restore_focus)

    def restore_focus(self) -> None:
        """While loading, the content cannot hold focus: a table focused when the
        locality changed (or a dialog closed over it) lost it, and the footer shrank to
        the global keys.  Give it back to where the user was reading."""
        if (
            self.screen.focused is None
            and self.is_attached
            and self.display
            and self.app.active_pane() is self
        ):
            self.focus_default()

    def render_theme(self) -> None:
        theme, likert = self.frames["theme"], self.frames["likert"]
        table = self.query_one(ReadingTable)
        empty = self.query_one(".empty", Static)
        callout = self.query_one(".callout", Static)
        answered = theme.height and (theme["n_answered"].fill_null(0) > 0).any()
        hidden = theme.height and "suppressed" in theme.columns and theme["suppressed"].all()
        place = self.shown.locality if self.shown else None
        if hidden:
            message = (
                f"{self.label} in {place or 'all localities'}: {theme['note'][0]} "
                "respondents. Figures are hidden so that no one can be identified "
                "(--min-group sets the threshold)."
            )
        elif not answered:
            message = (
                f"No responses: nobody in {self.label} ({place or 'any locality'}) "
                f"answered {SECTIONS[self.section]} in wave {self.wave}."
            )
        else:
            message = None
        chart = self.query_one(ChartView)
        self.nothing_to_draw = message is not None
        self.notice = message or ""
        self.refresh_bindings()
        empty.display = message is not None
        table.display = message is None and not self.chart
        chart.display = message is None and self.chart
        if self.screen.focused in (empty, table, chart) and not self.screen.focused.display:
            # What the reader was on is hidden now (a group under K after one with
            # figures, or back): the focus moves to what shows instead, at once.  Left
            # to Textual it moves only after the next layout, and the keys read before
            # that acted on a hidden widget.
            self.screen.set_focus(self.content_widget())
        if message is not None:
            empty.update(Text(message))
            callout.display = False
            return
        whole_low_base = all_low_base(theme, likert)
        lines = []
        if self.section == "supervision":
            lines.append(self.gap_callout(self.frames.get("gaps")))
        if whole_low_base:
            lines.append(low_base_line(theme, likert, self.app.data.low_base))
        callout.display = bool(lines)
        if lines:
            callout.update(Text("\n").join(lines))
        if self.chart:
            chart.show(theme, likert, self.sort_by_mean)
            if self.pending_row and self.shown and self.pending_row[0] == self.shown.section:
                self.pending_row = None  # a chart has no rows to go to
            return
        compared = self.shown.baseline if self.shown is not None else None
        bar = bar_width(self.app.size.width, compared is not None)
        rows = likert_rows(likert, self.sort_by_mean, compared, bar, whole_low_base) + choice_rows(
            theme, compared, bar, whole_low_base
        )
        table.show_rows(rows, compared, bar)
        # The cursor starts on the first figure, not on a heading row (Enter on what
        # looked like the first statement did nothing).
        first = next((i for i, r in enumerate(rows) if r.kind != "heading"), 0)
        if table.cursor_row < first:
            table.move_cursor(row=first)
            if not table.size.height:
                # Drawn before its layout (a remembered place, drawn at once): the table
                # scrolls its cursor into a view of no height, which puts the heading
                # row out of sight.  Just below it, the cursor shows from the top.
                table.call_after_refresh(table.scroll_home, animate=False)
        if self.pending_row and self.shown is not None:
            section, row_key = self.pending_row
            if section != self.shown.section:
                return  # drawn on the way to the jump's section
            keys = [r.key for r in rows]
            if row_key in keys:
                table.move_cursor(row=keys.index(row_key))
                table.focus()
                self.add_class("-reading")
            self.pending_row = None

    def gap_callout(self, gaps: pl.DataFrame | None) -> Text:
        if gaps is None or gaps.height == 0 or not gaps["n_answered"][0]:
            return Text("No answers on supervision types.")
        g = gaps.row(0, named=True)
        text = Text("⚠ Supervision gap: ", style="bold yellow")
        text.append(
            f"{share(g['n_no_clinical'], g['n_answered'])} of {self.label} who "
            f"answered have no clinical supervision",
            style="bold",
        )
        text.append(gap_certainty(g))
        text.append(
            f"; {FRAMEWORK_EXPECTATION}. Meetings at least monthly: "
            f"{share(g['n_regular'], g['n_answered_frequency'])}."
        )
        return text

    # -- events and actions -----------------------------------------------------------
    def content_mounted(self) -> None:
        self.query_one(SectionList).show_index(SECTION_KEYS.index(self.section))

    def watch_wave(self) -> None:
        self.filter_changed()

    def watch_locality(self) -> None:
        self.filter_changed()

    def filter_changed(self) -> None:
        """The wave or locality changed: reload now if in view, else when shown."""
        self.stale = True
        if self.built and self.is_mounted and self.app.active_pane() is self:
            self.reload()

    def ensure_loaded(self) -> None:
        """Load if the wave or locality changed while this tab was hidden (or it has
        not loaded yet; a pane not yet built loads once built)."""
        if self.stale and self.built:
            self.reload()

    async def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = SectionList.highlighted_id(event)
        if option_id and option_id != self.section:
            if option_id != "overview":
                # A theme's table is mounted before the section changes: what the keys
                # typed behind this one do to it (Enter, a sort) needs it there.
                await self.mount_part("theme")
                if event.option_list.highlighted != event.option_index:
                    return  # moved on meanwhile: the newer highlight sets the section
            self.section = option_id

    async def follow_list(self) -> None:
        """Set the section the list's highlight is on, now.  A key moves the highlight
        at once but the section follows by a message: the keys typed behind it (Enter,
        `/`) act on the section the reader moved to."""
        option = self.query_one(SectionList).highlighted_option
        if option is not None:
            await self.go_to(option.id)

    async def go_to(self, section: str | None) -> None:
        """Make `section` the pane's section (its watcher highlights it in the list),
        with a theme's table mounted first for the keys typed behind."""
        if section and section != self.section:
            if section != "overview":
                await self.mount_part("theme")
            self.section = section

    async def follow_option(self, option_id: str) -> None:
        await self.go_to(option_id)

    async def open_option(self, option_id: str) -> None:
        """Open the section Enter was pressed on (SectionList.action_select)."""
        await self.go_to(option_id)
        self.open_content()

    def watch_section(self, section: str) -> None:
        self.query_one(SectionList).show_index(SECTION_KEYS.index(section))
        self.post_message(SectionChanged(self.role, section))
        self.refresh_bindings()
        self.reload()

    def showing_theme(self) -> bool:
        """Whether a theme's own table (not Overview, not by locality) is on screen."""
        return (
            self.shown is not None
            and not self.shown.by_locality
            and self.shown.section != "overview"
        )

    def on_resize(self) -> None:
        if not self.built or not self.showing_theme():
            return
        table = self.query_one(ReadingTable)
        if (
            not self.chart
            and table.baseline is not None
            and table.bar != bar_width(self.app.size.width, True)
        ):
            self.render_theme()

    def watch_sort_by_mean(self) -> None:
        if self.showing_theme():
            self.render_theme()

    def watch_chart(self) -> None:
        self.refresh_bindings()
        if self.showing_theme():
            reading = self.has_class("-reading") and (
                self.query_one(ReadingTable).has_focus or self.query_one(ChartView).has_focus
            )
            self.render_theme()
            if reading:
                self.open_content()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_chart":
            # Charts are drawn for a theme's own table, not the Overview card or the
            # by-locality table; elsewhere `v` is hidden from the footer.
            if self.by_locality or self.section == "overview" or self.nothing_to_draw:
                return False
            return bool(parameters and parameters[0]) != self.chart
        if action == "toggle_sort":
            # A theme's statements sort (chosen in its by-locality view, the order
            # applies back in its table); the Overview has none, so `s` is not offered
            # there (it said "sorted" and changed nothing).
            return not (self.section == "overview" or self.nothing_to_draw)
        return True

    def action_show_chart(self, chart: bool) -> None:
        self.chart = chart

    def content_widget(self) -> Widget | None:
        """What the reader is looking at: the by-locality table, the card, the chart or
        the theme table (None while its part is being mounted)."""
        if self.by_locality:
            found = self.query(LocalityTable)
        elif self.section == "overview":
            found = self.query(ReadingScroll)
        elif self.nothing_to_draw:
            found = self.query(SectionNotice)
        elif self.chart:
            found = self.query(ChartView)
        else:
            found = self.query(ReadingTable)
        return found.first() if found else None

    def open_content(self) -> None:
        self.add_class("-reading")
        target = self.content_widget()
        if target is not None:  # else focused once its part is mounted (mount_then_load)
            # At once, not through focus() (queued behind the keys already read): the
            # keys typed behind Enter are for what it opened ("Enter /sup" finds in the
            # table; "Enter 2" leaves the focus in the tab 2 shows).
            self.screen.set_focus(target)
        self.fit_table_after_layout()

    def fit_table_after_layout(self) -> None:
        """The sections list folds or unfolds: the table's width changes.  Its Resize
        can be lost when the fold meets another layout change (measured: a restyle at
        the same moment left the Item column at the unfolded width), so fit it once the
        new layout is done."""
        for table in self.query(ReadingTable):
            self.call_after_refresh(table.fit_columns)

    def open_section(self, section: str, row_key: str | None = None) -> None:
        """Jump straight to a section (from the palette), optionally to one row."""
        self.pending_row = (section, row_key) if row_key is not None else None
        for table in self.query(ReadingTable):
            table.clear_find()  # the row may be one a filter hides
        if row_key is not None and self.chart:
            self.set_reactive(RolePane.chart, False)  # the row lives in the table
            self.refresh_bindings()
        if self.by_locality:
            self.by_locality = False  # its watcher reloads the section's own table
        if self.section != section:
            self.section = section  # its watcher reloads
        # Already on screen, and not drawn again by a watcher above (a place shown
        # before is drawn at once, and takes the row then): just move to the row.
        if self.pending_row and self.showing_theme() and self.shown == self.request():
            self.render_theme()
        self.open_content()

    def action_back(self) -> None:
        section_list = self.query_one(SectionList)
        if section_list.has_focus:
            if self.locality is not None:
                self.post_message(LocalityChosen(None, "Showing all localities"))
            return
        self.remove_class("-reading")
        self.screen.set_focus(section_list)  # at once: the keys behind Escape are for it
        self.fit_table_after_layout()

    def watch_by_locality(self) -> None:
        self.reload()
        self.view_changed()

    def view_changed(self) -> None:
        """The by-locality view was left or entered: the breadcrumb, the footer's keys
        and the focus follow (the pane has started reading what it now shows)."""
        self.post_message(SectionChanged(self.role, self.section))
        self.refresh_bindings()
        self.open_content()

    async def action_toggle_by_locality(self) -> None:
        if not self.by_locality:
            # `b` again goes back to where it was pressed: the sections list or the view.
            self.list_before_b = not self.has_class("-reading")
            await self.mount_part("by-locality")  # before the keys typed behind `b`
            self.by_locality = True
            return
        self.by_locality = False  # the watcher opens the view
        if self.list_before_b:
            self.remove_class("-reading")
            self.screen.set_focus(self.query_one(SectionList))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The by-locality table's highlighted row, in words under it: each tested
        share with its 95% interval and its test against the rest of the role."""
        if isinstance(event.data_table, LocalityTable):
            detail = event.data_table.detail_of(event.cursor_row)
            self.query_one(".compare-detail", Static).update(detail)

    async def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value  # the row Enter was pressed on, not the cursor's now
        if isinstance(event.data_table, LocalityTable):  # a click (Enter drills at once)
            await self.drill(key)
            return
        if isinstance(event.data_table, ReadingTable):  # a click (Enter opens at once)
            await self.open_row(key)

    async def drill(self, key: str | None) -> None:
        """The section in the locality of the by-locality table's row `key`. The app's
        locality is set here, at once, not by a LocalityChosen message it would read
        after the keys typed behind Enter: they wait for that locality's rows."""
        locality = self.query_one(LocalityTable).current_locality(key)
        # Out of the by-locality view without its watcher's reload: the new locality
        # reloads the pane (filter_changed), once, for the section in that locality.
        self.set_reactive(RolePane.by_locality, False)
        if locality != self.locality:
            self.app.set_locality(locality)
        else:
            self.reload()
        self.view_changed()

    async def open_row(self, key: str | None) -> None:
        """A statement's detail (its spread in every locality), or an option's interval."""
        row = self.query_one(ReadingTable).current(key)
        if row is not None and row.kind == "option" and row.detail:
            self.notify(row.detail, title="95% interval", timeout=8, markup=False)
        if row is not None and row.kind == "likert":
            await self.app.push_screen(
                StatementScreen(row.question_id, row.statement, self.role, self.label, self.wave)
            )

    async def action_comments(self) -> None:
        theme = None if self.section in ("overview", "demographics") else self.section
        title = SECTIONS[self.section] if theme else "every theme"
        # Awaited: the keys typed behind `c` (a fast "c /park") reach the comments.
        await self.app.push_screen(
            CommentsScreen(self.role, self.label, self.wave, theme, title, self.locality)
        )

    def export_target(self) -> tuple[str, bool]:
        """The view in front of the user: a theme (Overview: demographics), maybe by
        locality."""
        view = "demographics" if self.section == "overview" else self.section
        return view, self.by_locality

    async def action_export(self) -> None:
        view, by_locality = self.export_target()
        what = f"{self.label} · {SECTIONS.get(view, view)}" + (
            " by locality" if by_locality else ""
        )

        def chosen(result: tuple[str, Path] | None) -> None:
            if result is not None:
                fmt, folder = result
                self.run_export(view, by_locality, fmt, folder, self.request())

        await self.app.push_screen(ExportScreen(what, Path.cwd()), chosen)  # before keys behind

    @work(thread=True, group="export")
    def run_export(
        self, view: str, by_locality: bool, fmt: str, folder: Path, req: Request
    ) -> None:
        from tui.export import default_export_path, export_meta, export_new

        data = self.app.data

        def write() -> Path:
            if by_locality:
                frame = data.locality_comparison(view, req.role, req.wave)
            else:
                frame = data.view(view, req.role, req.wave, req.locality)
            meta = export_meta(
                data,
                view,
                req.role,
                req.wave,
                None if by_locality else req.locality,
                by_locality=by_locality,
            )
            path = default_export_path(
                folder,
                req.role,
                req.wave,
                None if by_locality else req.locality,
                view + ("-by-locality" if by_locality else ""),
                fmt,
            )
            return export_new(frame, path, fmt, meta, protect=[data.path])

        written = export_then_notify(self.app, write)
        if written is not None:
            self.last_export = written

    def copy_rows(self) -> tuple[list[str], list[list[str]], int]:
        """What is on screen as plain text: headings, rows and the cursor's row."""
        # The rows on screen: the matches, when `/` filters the table.
        if self.shown is not None and self.shown.by_locality:
            table = self.query_one(LocalityTable)
            headings = [str(c.label) for c in table.columns.values()]
            return headings, table.shown_texts(), table.cursor_row
        if self.showing_theme() and self.nothing_to_draw:
            return [], [[self.notice]], 0  # not the Overview card drawn before it
        if self.showing_theme() and not self.chart:
            reading = self.query_one(ReadingTable)
            headings = [str(c.label) for c in reading.columns.values()]
            return headings, reading.shown_texts(), reading.cursor_row
        card = self.query_one(OverviewCard).plain_text(100)
        lines = [[line.rstrip()] for line in card.splitlines() if line.strip()]
        return [], lines, 0

    def action_copy(self, whole: bool) -> None:
        """y: the row under the cursor (Overview: its first line) as tab-separated text;
        Y: the whole view as a Markdown table (Overview: the card's text)."""
        headings, rows, cursor = self.copy_rows()
        if not rows:
            self.notify("Nothing to copy yet", timeout=2)
            return
        clean_rows = [[" ".join(cell.split()) for cell in row] for row in rows]
        if not whole:
            row = clean_rows[min(max(cursor, 0), len(clean_rows) - 1)]
            self.app.copy_to_clipboard("\t".join(row))
            self.notify("Copied the row: " + " · ".join(c for c in row if c), timeout=3)
            return
        if headings:
            lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
            lines += [
                "| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in clean_rows
            ]
        else:
            lines = [row[0] for row in clean_rows]
        self.app.copy_to_clipboard("\n".join(lines) + "\n")
        self.notify(
            f"Copied the view: {len(clean_rows)} lines"
            + (" as a Markdown table" if headings else ""),
            timeout=3,
        )

    async def action_find(self) -> None:
        """`/` from the sections list: open the section's table and find in it."""
        await self.follow_list()
        if not self.by_locality and (self.section == "overview" or self.chart):
            self.notify(
                "/ finds in a table: open a theme (Enter)"
                + (", table view (v)" if self.chart else ""),
                timeout=3,
            )
            return
        # The table's part mounted first (the keys typed after `/` wait for it).
        await self.mount_part("by-locality" if self.by_locality else "theme")
        table = self.query_one(LocalityTable if self.by_locality else ReadingTable)
        # As open_content, but focusing at once: the keys typed after `/` are the query.
        self.add_class("-reading")
        self.screen.set_focus(table)
        self.fit_table_after_layout()
        table.action_find()

    def action_toggle_sort(self) -> None:
        self.sort_by_mean = not self.sort_by_mean
        self.notify(
            "Statements sorted by mean, lowest first"
            if self.sort_by_mean
            else "Statements in questionnaire order",
            timeout=2,
        )

    def focus_default(self) -> None:
        """Focus what the reader left focused in this pane, at once: a queued focus()
        lands after the keys already read (a tab shown by its number key, with `b`
        typed behind it in the same burst, is for the new tab) and would take the
        focus back from where they moved it."""
        if self.has_class("-reading"):
            self.open_content()  # focuses at once
        else:
            self.screen.set_focus(self.query_one(SectionList))

    def breadcrumb(self) -> list[Text]:
        title = SECTIONS[self.section] + (" by locality" if self.by_locality else "")
        return [plain(self.label), Text(title)]
