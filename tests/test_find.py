"""Find in every table (issue 17 items 11 and 13): a lead types "/sup" in a theme table
and sees only the rows that say it, steps through them with n / N, clears the filter
with Escape; searches the comments and sees how many match; and the footer shows the
keys for what is focused, whole, at 80 and 120 columns.

Keys go in the way a terminal hands over a fast typist's: several in one read
(press_at_once), so "/sup" reaches the app before the find bar has the focus."""

from __future__ import annotations

from pathlib import Path

import pytest
from explorer_helpers import (
    AT_ONCE_OR_SLOWLY_ON_DEMAND,
    footer_keys,
    make_app,
    pane,
    press_at_once,
    settle,
    type_keys,
)
from hostile_data import hostile_text_copy
from textual.command import CommandList
from textual.content import Content
from textual.widgets import Footer

from tui.screens.comments_screen import CommentsScreen
from tui.screens.help_screen import HelpScreen
from tui.screens.locality_screen import LocalityList
from tui.screens.statement_screen import StatementScreen, StatementTable
from tui.widgets.compare_theme import CompareTable
from tui.widgets.find_bar import FindBar
from tui.widgets.locality_table import LocalityTable
from tui.widgets.role_pane import ReadingTable


def find_line(app) -> str:
    """What the find bar says: "/ <query> — 2 of 11 rows …"."""
    bar = app.screen.query_one(FindBar)
    if not bar.display or not bar.has_class("-open"):
        return ""
    status = bar.query_one(".find-status").render()
    return f"/ {bar.input.value} {status.plain}"


def first_cells(table) -> list[str]:
    return [row[0] for row in table.shown_texts()]


async def test_find_filters_a_theme_table_steps_and_restores() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")  # Role and wider support
        await settle(pilot)
        table = pane(app).query_one(ReadingTable)
        every_row = first_cells(table)
        statements = [r.statement for r in table.table_rows if r.kind == "likert"]
        figures = [r for r in table.table_rows if r.kind != "heading"]
        wanted = [s for s in statements if "sup" in s.lower()]
        assert len(wanted) >= 2  # the sample has two statements about support

        press_at_once(app, "/", "s", "u", "p", "enter")
        await settle(pilot)
        shown = first_cells(table)
        assert [s for s in shown if s in statements] == wanted
        assert all("sup" in s.lower() for s in shown if not s.startswith("Statements"))
        assert shown[0].startswith("Statements")  # its heading stays above them
        assert not pane(app).sort_by_mean  # the s of "sup" was typed, not a sort
        assert app.focused is table  # Enter kept the filter and gave back the rows
        assert find_line(app).startswith(f"/ sup — {len(wanted)} of {len(figures)} rows")
        # The bar sits above the footer and takes a line from the table, covering none.
        bar = app.screen.query_one(FindBar)
        assert bar.region.bottom == app.query_one(Footer).region.y
        assert table.region.bottom <= bar.region.y

        # Y copies the view as it is shown: the heading and the matching rows.
        await pilot.press("Y")
        copied = app.clipboard.splitlines()[2:]  # after the header and its rule
        assert [line.split(" | ")[0].lstrip("| ") for line in copied] == [
            " ".join(s.split()) for s in shown
        ]

        # n / N step through the matches, wrapping round, and say where they are.
        assert table.current().statement == wanted[0]
        await pilot.press("n")
        assert table.current().statement == wanted[1]
        assert f"match 2 of {len(wanted)}" in find_line(app)
        await pilot.press("N", "N")
        assert table.current().statement == wanted[-1]  # wrapped back round

        # Enter on a filtered row opens that statement; `/` filters its localities too.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StatementScreen)
        assert app.screen.statement == wanted[-1]
        press_at_once(app, "/", "w", "i", "g", "enter")
        await settle(pilot)
        drilled = app.screen.query_one(StatementTable)
        assert first_cells(drilled) == ["Wigan"]
        await pilot.press("escape")  # clears the filter, the dialog stays
        assert len(drilled.shown_texts()) > 1
        assert isinstance(app.screen, StatementScreen)
        await pilot.press("escape")
        await settle(pilot)

        # Back on the table the filter is still kept; the palette offers n by name.
        assert first_cells(table) == shown
        await pilot.press("ctrl+p", *"match")
        await settle(pilot)
        offered = [str(o.prompt) for o in app.screen.query_one(CommandList).options if o.prompt]
        assert any("Next match (n)" in o for o in offered), offered
        await pilot.press("escape")
        await settle(pilot)

        # At 80 columns the footer shows whole keys only, Find among them.
        keys = footer_keys(app)
        assert "/ Find" in keys and "? Help" in keys and "q Quit" in keys
        footer = app.screen.query_one(Footer)
        assert all(key.region.right <= footer.region.right for key in footer.children), (
            "a key is cut"
        )

        # Escape clears: every row is back, the cursor stays on its statement.
        await pilot.press("escape")
        await settle(pilot)
        assert first_cells(table) == every_row
        assert table.current().statement == wanted[-1]
        assert app.focused is table and find_line(app) == ""
        await pilot.press("n")  # no filter: n does nothing
        assert table.current().statement == wanted[-1]


async def test_find_in_by_locality_and_all_roles_and_the_wide_footer() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        # The keys that act on the focused theme table, in the footer when they fit.
        keys = footer_keys(app)
        for key in ("s Sort", "c Comments", "/ Find", "⏎ Detail"):
            assert key in keys, keys

        # At any width from 80 to 130 columns the footer's keys are whole, Help and Quit
        # among them (the palette key is docked right and last).
        for width in (80, 87, 95, 103, 109, 110, 117, 130):
            await pilot.resize_terminal(width, 40)
            await settle(pilot)
            footer = app.screen.query_one(Footer)
            keys = [key for key in footer.children if key.display]  # those drawn
            assert len(keys) >= 3, f"the footer is not drawn at {width}"
            assert all(key.region.right <= footer.region.right for key in keys), width
            ends = sorted(k.region.right for k in keys)
            assert len(set(ends)) == len(ends), f"keys overlap at {width}"
            assert {"? Help", "q Quit", "/ Find"} <= set(footer_keys(app)), width
        await pilot.resize_terminal(120, 40)
        await settle(pilot)

        # By locality: `/stock` leaves Stockport; Enter drills into it.
        await pilot.press("b")
        await settle(pilot)
        localities = pane(app).query_one(LocalityTable)
        rows = len(localities.shown_texts())
        press_at_once(app, "/", "s", "t", "o", "c", "k", "enter")
        await settle(pilot)
        assert first_cells(localities) == ["Stockport"]
        assert f"1 of {rows} rows" in find_line(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.locality == "Stockport"

        # All roles: `/` on the list opens the comparison and filters it.
        await pilot.press("4")
        await settle(pilot)
        await pilot.press("t")  # Role and wider support, every role side by side
        await settle(pilot)
        compare = app.query_one(CompareTable)
        press_at_once(app, "/", "v", "a", "l", "u", "e", "d")
        await settle(pilot)
        assert app.focused is app.screen.query_one(FindBar).input
        assert first_cells(compare) == ["Statements", "I feel valued in my role"]
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is compare and len(first_cells(compare)) > 2

        # The locality picker: `/ord` leaves the names that hold it; Escape brings back
        # every name; a filtered pick is the name picked.
        await pilot.press("l")
        await settle(pilot)
        picker = app.screen.query_one(LocalityList)
        every_name = [str(o.prompt) for o in picker.options]
        press_at_once(app, "/", "o", "r", "d", "enter")
        await settle(pilot)
        names = [str(o.prompt).split("  ")[0] for o in picker.options]
        assert names == [n.split("  ")[0] for n in every_name if "ord" in n.split("  ")[0].lower()]
        assert names == ["Salford", "Trafford"]
        await pilot.press("escape")  # clears the filter, the picker stays
        assert [str(o.prompt) for o in picker.options] == every_name
        press_at_once(app, "/", "w", "i", "g", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.locality == "Wigan"

        # The help screen lists the keys.
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = [
            str(w.render().plain) for w in app.screen.query("*") if isinstance(w.render(), Content)
        ]
        assert "/" in shown and "n / N" in shown


async def test_comment_search_counts_and_marks_matches_and_shows_markup_literally(
    tmp_path: Path,
) -> None:
    app = make_app(hostile_text_copy(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")  # Overview: every theme's comments
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommentsScreen)
        total = len(screen.comments)
        # The dialog's footer shows its own keys, not the explorer's behind it.
        assert footer_keys(app) == ["esc Close", "/ Search"]
        count = screen.query_one("#comments-count")
        assert count.render().plain.startswith(f"{total} comments")

        press_at_once(app, "/", "b", "o", "l", "d")
        await settle(pilot)
        wanted = [c for _q, c, _l in screen.comments if "bold" in c.lower()]
        assert wanted and screen.shown == wanted
        assert count.render().plain == f"{len(wanted)} of {total} comments match 'bold'"
        body = screen.query_one("#comments-body").render()
        assert "[bold]Bold[/bold] [link=http://x]y[/link] [/]" in body.plain  # literal
        marked = [body.plain[s.start : s.end] for s in body.spans if s.style.reverse]
        assert marked and all(m.lower() == "bold" for m in marked)
        assert all(s.style.underline for s in body.spans if s.style.reverse)  # not colour only

        await pilot.press("escape")  # clears the search
        await settle(pilot)
        assert len(screen.shown) == total
        assert count.render().plain.startswith(f"{total} comments")


@pytest.mark.parametrize(
    ("query", "slowly"),
    [
        # no row matches x: the cursor stays on the first row, j moves to the second
        ("x", ("I feel confident in carrying out my role", "", 13)),
        # the first row matching "sup" is "I feel supported by my line manager"; after
        # Escape the cursor stays on it, and j moves to the row below
        ("sup", ("I feel included in the practice team and its communication channels", "", 13)),
    ],
)
@AT_ONCE_OR_SLOWLY_ON_DEMAND
async def test_keys_typed_behind_escape_in_the_find_bar_act_on_the_rows_after_it(
    query: str, slowly: tuple[str, str, int], at_once: bool
) -> None:
    """`/x Escape j Enter` and `/sup Escape j Enter`, each typed at once on Role and wider
    support, open the detail the same keys typed one by one open: Escape clears the
    filter first (the cursor staying on the row the query led to), then `j` moves on and
    Enter opens. Before, Escape acted only once it had gone round the app: `j` was typed
    into the bar and Enter kept the filter "xj", or `j` was lost."""

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        keys = ("slash", *query, "escape", "j", "enter")
        await type_keys(pilot, keys, at_once=at_once)
        table = pane(app).query_one(ReadingTable)
        statement = app.screen.statement if isinstance(app.screen, StatementScreen) else None
        assert (statement, table.find_query, table.row_count) == slowly
