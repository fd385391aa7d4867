"""Hostile tests of the remembered screens (issue 17, speed: a place shown or read ahead
once is drawn again at once, with no worker).  Each test is a journey a user can make
with the keys delivered as a terminal delivers a fast typist's, and fails on drill2 at
a78055d; main (db6c3b6), which loads every place in a worker, passes each one (the
hidden-group test only most of the time: see its docstring)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from explorer_helpers import make_app, pane, press_at_once, settle, until
from textual.pilot import Pilot
from textual.widgets import Static

from tui.app import WorkforceExplorer
from tui.sections import ready_section
from tui.widgets.role_pane import ReadingTable


async def test_a_palette_jump_from_by_locality_lands_on_the_statement_in_another_section() -> None:
    """SPLW's Role & support table, `b` (by locality), then the palette's "My supervision
    meets my needs": the Supervision table opens with the cursor on that statement.
    On drill2 the cursor is on the first statement: leaving by-locality draws the
    remembered Role & support table at once, which takes the pending row (not in it)
    and drops it before Supervision is drawn."""
    app = make_app(fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        press_at_once(app, "j", "enter")
        await settle(pilot)
        press_at_once(app, "b")
        await settle(pilot)
        assert (
            app.breadcrumb_text()
            == "2023 › SPLW › All localities › Role and wider support by locality"
        )
        press_at_once(app, "ctrl+p", *"SPLW: supervision meets")
        await settle(pilot)  # the palette's search (a worker) has answered
        press_at_once(app, "enter")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › All localities › Supervision"
        table = pane(app).query_one(ReadingTable)
        assert app.focused is table
        current = table.current()
        assert current is not None
        assert current.statement == "My supervision meets my needs"
    app.data.close()


async def rest_on(pilot: Pilot, locality: str) -> None:
    """Wait until the open locality list, resting on `locality`, has read it ahead (the
    dwell is 1 ms: the dwell_at_once fixture)."""
    app = pilot.app
    assert isinstance(app, WorkforceExplorer)
    wanted = replace(pane(app).request(), locality=locality, by_locality=False)
    await until(
        pilot, lambda: ready_section(app.data, wanted) is not None, f"{locality} is read ahead"
    )
    await settle(pilot)


async def test_a_hidden_group_read_ahead_and_chosen_keeps_the_focus(
    dwell_at_once: None,
) -> None:
    """SPLW's Role & support table, `l`, the list rests on Bury (fewer than 5 SPLW:
    read ahead), Enter: the table says the figures are hidden, and the keys still act
    (b shows the section by locality).  On drill2 the focus is lost (the footer
    shrinks to the global keys and b, e, Escape do nothing, issue 17 item 3): Bury is
    drawn at once, hiding the table the focus was to return to as the list closes.
    Main has the same fault behind a race: the same keys lost the focus there in 1 of
    6 runs (its load is quick enough, now and then, to land before the list closes),
    and the palette's "Locality: Bury" loses it on main every time; drill2 loses it
    every time a hidden group was read ahead (5 of 5)."""
    app = make_app(fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        press_at_once(app, "j", "enter")
        await settle(pilot)
        press_at_once(app, "l")
        await settle(pilot)
        press_at_once(app, "down", "down")
        await rest_on(pilot, "Bury")
        press_at_once(app, "enter")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › Bury › Role and wider support"
        assert "hidden" in pane(app).query_one(".empty", Static).render().plain
        assert app.focused is not None, "the focus was lost"
        press_at_once(app, "b")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › Bury › Role and wider support by locality"
    app.data.close()


async def test_tab_typed_behind_a_remembered_section_keeps_the_focus() -> None:
    """On SPLW's sections list, j (Role & support) then k (back to Overview), then j
    and Tab in one write: the focus is still somewhere after the section is drawn, and
    b acts.  On drill2 Role & support is remembered, so j draws it at once as the Tab
    lands on the Overview card the drawing hides: the focus is lost (footer shrinks
    to the global keys, b does nothing; issue 17 item 3).  Main keeps it in Pilot
    (its section arrives a moment later and the focus is given back); in tmux main
    lost it in 1 of 3 tries, drill2 in 2 of 2."""
    app = make_app(fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        press_at_once(app, "j")
        await settle(pilot)
        press_at_once(app, "k")
        await settle(pilot)
        press_at_once(app, "j", "tab")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › All localities › Role and wider support"
        assert app.focused is not None, "the focus was lost"
        press_at_once(app, "b")
        await settle(pilot)
        assert app.breadcrumb_text().endswith("Role and wider support by locality")
    app.data.close()


async def test_a_remembered_table_opens_at_its_top_with_the_change_column(
    tmp_path: Path,
) -> None:
    """A two-wave file at 80x24 (the `vs 2023` column narrows the Item column, so the
    Statements heading row takes three lines): j (Role & support), k, j again.  The
    table opens at its top, as it did the first time, with the heading row that says
    what the columns hold ("Statements (1 not at all good … 5 extremely good)", n,
    mean, 1 ◀ ▶ 5) in view.  On drill2 the remembered table, drawn at once, opens
    scrolled three lines down, past that row."""
    from two_waves import build_two_waves

    app = make_app(build_two_waves(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        press_at_once(app, "j")
        await settle(pilot)
        table = pane(app).query_one(ReadingTable)
        assert table.baseline == 2023
        assert table.scroll_y == 0  # the first time: at the top
        press_at_once(app, "k")
        await settle(pilot)
        press_at_once(app, "j")
        await settle(pilot)
        assert app.breadcrumb_text() == "2024 › SPLW › All localities › Role and wider support"
        assert table.cell_texts()[0][0].startswith("Statements (1 not at all good")
        assert table.scroll_y == 0, "the table opened scrolled past its heading row"
    app.data.close()
