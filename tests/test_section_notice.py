"""A section that shows a notice instead of figures (a group under K) is read like a table
(issue 17, item 3: focus after choosing a locality): the notice takes the focus, so the
pane's keys act and the footer shows them, and `y` copies the notice, not a card drawn
before it."""

from __future__ import annotations

from explorer_helpers import make_app, press_at_once, settle

from tui.widgets.role_pane import SectionNotice


async def test_a_hidden_group_chosen_from_a_table_is_read_and_copied_as_its_notice() -> None:
    """SPLW's Role & support table, then the palette's "Locality: Bury" (fewer than 5
    SPLW): on main the focus went back to the table the notice hides, so the footer
    showed the table's keys and `y` copied the All localities card's first line."""
    app = make_app(fresh=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        press_at_once(app, "j", "enter")
        await settle(pilot)
        press_at_once(app, "ctrl+p", *"Locality: Bury")
        await settle(pilot)  # the palette's search (a worker) has answered
        press_at_once(app, "enter")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › Bury › Role and wider support"
        assert isinstance(app.focused, SectionNotice)
        assert app.focused.display
        press_at_once(app, "y")
        await settle(pilot)
        assert "Figures are hidden" in app.clipboard
        assert "fewer than 5" in app.clipboard
        assert "263" not in app.clipboard  # the All localities card: 53 of 263
        press_at_once(app, "b")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › Bury › Role and wider support by locality"
    app.data.close()
