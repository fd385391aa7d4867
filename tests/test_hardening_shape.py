"""Awkward data shapes give an explicit empty or suppressed state, never a crash and never
an empty table (or a table of zeros) pretending to be data.

Shapes: a role with no respondents, a theme with no answer rows, a statement answered by
one person, a wave holding a single role, and every answer "not answered".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from explorer_helpers import make_app, pane, settle
from file_helpers import sha256
from hostile_data import (
    SINGLE_STATEMENT,
    nothing_answered,
    role_without_respondents,
    statement_answered_once,
    theme_without_answers,
    wave_with_one_role,
)
from textual.widgets import Static

from tui.cli import main
from tui.widgets.overview import OverviewCard

VIEWS = (
    "demographics",
    "role_support",
    "training",
    "mdt_outcomes",
    "engagement",
    "supervision",
    "low_scores",
    "supervision_gaps",
)


@pytest.fixture(scope="module")
def shapes(tmp_path_factory) -> dict[str, Path]:
    """The files, read-only: no test writes them, so each is opened once per test process
    and its answers shared (conftest.py files_shared) across the ~40 summaries."""
    folder = tmp_path_factory.mktemp("shapes")
    files = {
        "empty_role": role_without_respondents(folder),
        "empty_theme": theme_without_answers(folder),
        "one_answer": statement_answered_once(folder),
        "one_role_wave": wave_with_one_role(folder),
        "nothing_answered": nothing_answered(folder),
    }
    for path in files.values():
        path.chmod(0o444)
    return files


def summary(capsys, db: Path, role: str, theme: str, *extra: str) -> tuple[str, str]:
    capsys.readouterr()
    code = main(["summary", "--db", str(db), "--role", role, "--theme", theme, *extra])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "Traceback" not in out.out + out.err
    return out.out, out.err


@pytest.mark.parametrize("theme", VIEWS)
@pytest.mark.parametrize(
    ("shape", "role", "says"),
    [
        ("empty_role", "Nurse", "no responses"),
        ("one_role_wave", "SPLW", "no responses"),
        ("nothing_answered", "SPLW", "none of the 53 respondents answered"),
    ],
)
def test_summary_table_says_there_is_nothing_to_show(
    capsys, shapes, theme: str, shape: str, role: str, says: str
) -> None:
    out, _err = summary(capsys, shapes[shape], role, theme)
    assert len(out.strip().splitlines()) <= 2, out  # one sentence, not a table
    assert says in " ".join(out.split()), out
    assert "┃" not in out and "│" not in out


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_summary_csv_and_json_flag_unanswered_views(capsys, shapes, fmt: str) -> None:
    out, err = summary(capsys, shapes["nothing_answered"], "SPLW", "training", "--format", fmt)
    if fmt == "json":
        payload = json.loads(out)
        assert payload["answered"] is False and payload["respondents"] == 53
    else:
        assert "none of the 53 respondents answered these questions" in err


def test_summary_on_a_theme_without_answers_says_so(capsys, shapes) -> None:
    out, _ = summary(capsys, shapes["empty_theme"], "SPLW", "training")
    assert "none of the 53 respondents answered these questions" in " ".join(out.split())
    out, _ = summary(capsys, shapes["empty_theme"], "SPLW", "role_support")
    assert "┃" in out  # other themes still have tables


def test_a_statement_answered_once_shows_n_1(capsys, shapes) -> None:
    # Suppression is per locality group (tui/suppression.py), not per statement: the role
    # total shows the one answer with n = 1, stated, not hidden and not a crash.
    out, _ = summary(capsys, shapes["one_answer"], "SPLW", "role_support", "--format", "json")
    rows = [r for r in json.loads(out)["rows"] if r["question_id"] == SINGLE_STATEMENT]
    assert {r["n_answered"] for r in rows} == {1}
    assert sum(r["count"] for r in rows) == 1


def test_a_wave_with_one_role_shows_that_role(capsys, shapes) -> None:
    out, _ = summary(capsys, shapes["one_role_wave"], "HWC", "supervision_gaps")
    assert "2024" in out and "respondents" in out


@pytest.mark.parametrize("theme", ["supervision", "training", "engagement"])
@pytest.mark.parametrize("shape", ["empty_role", "nothing_answered", "empty_theme"])
def test_summary_by_locality_says_what_there_is(
    capsys, monkeypatch, shapes, shape: str, theme: str
) -> None:
    monkeypatch.setenv("COLUMNS", "300")  # one table line per locality
    role = "Nurse" if shape == "empty_role" else "SPLW"
    out, _ = summary(capsys, shapes[shape], role, theme, "--by-locality")
    if shape == "empty_role":  # one sentence, not a table
        assert len(out.strip().splitlines()) == 1, out
        assert out.strip().endswith("by locality: no responses"), out
        return
    header = next(
        [c.strip() for c in line.strip("┃").split("┃")]
        for line in out.splitlines()
        if line.startswith("┃")
    )
    flags = [i - 1 for i, name in enumerate(header) if name == "low base"]  # not a figure
    rows = {
        cells[0]: [c for i, c in enumerate(cells[1:]) if i not in flags]
        for cells in (
            [c.strip() for c in line.strip("│").split("│")]
            for line in out.splitlines()
            if line.startswith("│")
        )
    }
    # every locality is listed with its respondents; small groups show only the note
    assert rows["All localities"][0] == "53" and rows["Bolton"][0] == "6", out
    assert rows["Bury"] == ["fewer than 5"] + [""] * (len(rows["Bury"]) - 1), out
    figures = [
        cell for name, cells in rows.items() if cells[0] != "fewer than 5" for cell in cells[1:]
    ]
    if shape == "nothing_answered" or theme == "training":  # nobody answered the theme
        assert set(figures) <= {"–", "0"}, out
    else:  # the theme's own figures show
        assert any(cell.replace(".", "").isdigit() and cell != "0" for cell in figures), out


# -- the explorer -----------------------------------------------------------------------------
async def sections_say_empty(pilot, app) -> list[str]:
    said = []
    for _section in range(6):
        await pilot.press("j", "enter")
        await settle(pilot)
        empty = pane(app).query_one(".empty", Static)
        assert empty.display, app.breadcrumb_text()
        said.append(str(empty.render()))
        assert "\n" not in app.breadcrumb_text()
        await pilot.press("escape")
        await settle(pilot)
    return said


@pytest.mark.parametrize(
    ("shape", "key"), [("empty_role", "4"), ("one_role_wave", "1"), ("nothing_answered", "1")]
)
async def test_explorer_sections_say_no_responses(shapes, shape: str, key: str) -> None:
    """Every section of the role says "No responses"; with what were tests of their own:
    an Overview of nothing does not claim good scores, and a wave with one role shows
    that role."""
    before = sha256(shapes[shape])
    app = make_app(shapes[shape])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        if shape in ("empty_role", "nothing_answered"):
            card = pane(app).query_one(OverviewCard).plain_text()
            assert "No statement averages below 3" not in card
            assert "No responses" in card or "nobody answered" in card.lower()
        said = await sections_say_empty(pilot, app)
        assert all("No responses" in s for s in said), said
        if shape == "one_role_wave":
            await pilot.press("3")
            await settle(pilot)
            assert app.breadcrumb_text() == "2024 › H&WC › All localities › Overview"
            assert "6 of 25 (24%)" in pane(app).query_one(OverviewCard).plain_text()
    assert sha256(shapes[shape]) == before


async def test_explorer_theme_without_answers_says_so_and_others_show(shapes) -> None:
    app = make_app(shapes["empty_theme"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "enter")  # Training and development
        await settle(pilot)
        empty = pane(app).query_one(".empty", Static)
        assert empty.display and "No responses" in str(empty.render())
        await pilot.press("escape", "j", "enter")  # MDTs: still a table
        await settle(pilot)
        assert not pane(app).query_one(".empty", Static).display
