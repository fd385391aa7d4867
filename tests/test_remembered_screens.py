"""Hostile tests of the remembered screens (issue 17, speed: a place shown or read ahead
once is drawn again at once, with no worker).  Each test is a journey a user can make
with the keys delivered as a terminal delivers a fast typist's, and fails on drill2 at
a78055d; main (db6c3b6), which loads every place in a worker, passes each one."""

from __future__ import annotations

from explorer_helpers import make_app, pane, press_at_once, settle

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
