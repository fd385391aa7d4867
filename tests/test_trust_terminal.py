"""Role and locality names from a survey file passed around by email reach the palette,
the header and the tabs as plain, inert text (issue 15, items 11 and 14).

A copy of the sample gets a role label, a locality name and a wave title carrying Rich
and Textual markup (`[/x]` closes a tag never opened: MarkupError), Textual variables
(`$accent`), an OSC title escape and a clear-screen CSI.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from explorer_helpers import make_app, settle
from hostile_data import copy_sample, recount
from textual.command import CommandList, CommandPalette
from textual.widgets import Tab

ESC = "\x1b"
ROLE = "SPLW [/x] [$accent]$accent \x1b]0;pwned\x07\x1b[2J"
PLACE = "Bury [/x] [b]bold[/b] [@click=app.quit]q[/] \x1b[31mred"
TITLE = "Survey [/x] \x1b]0;pwned\x07\x1b[2J"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    path = copy_sample(tmp_path_factory.mktemp("term"), "names.duckdb")
    con = duckdb.connect(str(path))
    try:
        con.execute("UPDATE roles SET label = ? WHERE role = 'SPLW'", [ROLE])
        con.execute("UPDATE waves SET title = ?", [TITLE])
        con.execute("UPDATE localities SET locality = ? WHERE locality = 'Bury'", [PLACE])
        con.execute("UPDATE respondents SET locality = ? WHERE locality = 'Bury'", [PLACE])
        con.execute(
            "UPDATE options SET label = ? WHERE question_id = 'locality' AND label = 'Bury'",
            [PLACE],
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()
    recount(path)
    return path


# Hostile names through every frame a terminal would get (see conftest paint_what_is_read).
pytestmark = pytest.mark.paint


def palette_texts(app) -> list[str]:
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    commands = palette.query_one(CommandList)
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def test_header_tabs_and_palette_show_hostile_names_inertly(hostile) -> None:
    """One session (was five tests): the header and the tabs; the palette's list before
    anything is typed ("discover"), after "bury" (a locality) and after "splw" (a
    role), each closed with Escape; then a palette jump to the hostile locality. The
    palette's list is read once its search (a worker) has finished, when every hit is
    in it, instead of after a fixed 0.3 s."""
    app = make_app(hostile)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        labels = [str(tab.label) for tab in app.query(Tab)]
        assert any("[/x]" in label for label in labels), labels
        assert not any(ESC in label or "\x07" in label for label in labels), labels
        # the top line, as drawn (tui/widgets/top_bar.py)
        title = str(app.query_one("TopBar #top-title").render())
        assert "Survey [/x]" in title
        assert ESC not in title and "\x07" not in title
        assert ESC not in app.sub_title

        for typed in ("", "bury", "splw"):
            await pilot.press("ctrl+p", *typed)
            await settle(pilot)
            texts = palette_texts(app)
            assert texts, f"the palette lists no command for {typed!r}"
            assert any("[/x]" in t for t in texts), (typed, texts[:5])
            assert not any(ESC in t for t in texts), typed
            await pilot.press("escape")
            await settle(pilot)

        await pilot.press("ctrl+p", *"locality: bury")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.locality == PLACE
        assert ESC not in app.breadcrumb_text() and "[/x]" in app.breadcrumb_text()
    # leaving run_test re-raises any exception the app hit (MarkupError before the fix)


async def test_comments_and_locality_picker_headings_carry_no_escape(hostile) -> None:
    app = make_app(hostile, locality=PLACE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "c")
        await settle(pilot)
        texts = [str(w.render()) for w in app.screen.query("Static")]
        assert any("[/x]" in t for t in texts)
        assert not any(ESC in t for t in texts)
        await pilot.press("escape", "l")
        await settle(pilot)
        texts = [str(w.render()) for w in app.screen.query("*") if hasattr(w, "render")]
        assert not any(ESC in t for t in texts)
