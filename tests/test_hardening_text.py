"""Hostile text in the survey file is shown literally and inertly, everywhere.

A copy of the sample carries Rich markup, ANSI escapes (colour and OSC 8 hyperlinks),
control characters, right-to-left text, emoji, a 10,000-character string and empty
strings in its statements, comments, a locality's name and the SPLW employer labels, and
a few respondents with a NULL locality.  `summary` (table, CSV, JSON) and the explorer
(overview card, every section table, at 80x24 and 120x40) show the markup as text, never
let an ESC byte through in what a terminal renders, and do not crash.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from explorer_helpers import make_app, pane, settle, table_rows
from file_helpers import sha256
from hostile_data import (
    BIDI,
    EMPLOYER_LABELS,
    HOSTILE_LOCALITY,
    LITERAL_MARKUP,
    MARKUP,
    RTL,
    hostile_text_copy,
)

from tui.cli import main
from tui.widgets.overview import OverviewCard

ESC = "\x1b"
THEMES = (
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
def hostile(tmp_path_factory) -> Path:
    """Read-only: no test writes it (each checks it is unchanged), so it is opened once
    per test process and its answers shared (conftest.py files_shared)."""
    path = hostile_text_copy(tmp_path_factory.mktemp("hostile"))
    path.chmod(0o444)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(autouse=True)
def wide(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # long cells fold less, so markup stays whole


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("locality", [None, HOSTILE_LOCALITY], ids=["all", "hostile"])
def test_summary_table_shows_markup_literally_and_no_escape(
    capsys, hostile: Path, theme: str, locality: str | None
) -> None:
    before = sha256(hostile)
    extra = ["--locality", locality] if locality else []
    code, out, err = run(
        capsys,
        "summary",
        "--db",
        str(hostile),
        "--role",
        "SPLW",
        "--theme",
        theme,
        "--min-group",
        "1",
        *extra,
    )
    assert code == 0, err
    assert ESC not in out and ESC not in err
    assert not set(BIDI) & set(out + err)
    assert "Traceback" not in out + err
    if locality:
        assert "L-[bold]Bolton[/]" in out  # the title names it literally
    if theme == "role_support" and not locality:
        assert "S-MARKUP [bold]Bold[/bold] [link=http://x]y[/link] [/] [red]" in out
        assert "S-ANSI red hyper" in out
        assert "S-CONTROL bell� nul� bs� del� c1� rlo� lri� line sep end" in out
        assert "S-HUGE" in out
    if theme == "demographics" and not locality:
        assert "E-MARKUP [bold]Bold[/bold]" in out
    assert sha256(hostile) == before


@pytest.mark.parametrize("theme", ("supervision", "demographics", "role_support"))
def test_summary_by_locality_names_the_hostile_locality_literally(
    capsys, hostile: Path, theme: str
) -> None:
    code, out, err = run(
        capsys,
        "summary",
        "--db",
        str(hostile),
        "--role",
        "SPLW",
        "--theme",
        theme,
        "--by-locality",
        "--min-group",
        "1",
    )
    assert code == 0, err
    assert ESC not in out
    assert "L-[bold]Bolton[/]" in out


def test_summary_csv_and_json_keep_the_text_as_data(capsys, hostile: Path) -> None:
    code, out, err = run(
        capsys,
        "summary",
        "--db",
        str(hostile),
        "--role",
        "SPLW",
        "--theme",
        "demographics",
        "--format",
        "json",
    )
    assert code == 0, err
    labels = {r["option"] for r in json.loads(out)["rows"]}
    for label in EMPLOYER_LABELS:
        assert label in labels  # JSON escapes ESC as \u001b: inert
    assert ESC not in out
    code, out, err = run(
        capsys,
        "summary",
        "--db",
        str(hostile),
        "--role",
        "SPLW",
        "--theme",
        "role_support",
        "--format",
        "csv",
    )
    assert code == 0, err
    questions = {r["question"] for r in csv.DictReader(io.StringIO(out))}
    assert f"S-MARKUP {MARKUP}" in questions
    assert any(q.startswith("S-HUGE") and len(q) > 10_000 for q in questions)


def test_an_unknown_hostile_locality_argument_is_echoed_inertly(capsys, hostile: Path) -> None:
    code, out, err = run(
        capsys,
        "summary",
        "--db",
        str(hostile),
        "--role",
        "SPLW",
        "--theme",
        "training",
        "--locality",
        "[bold]x\x1b[31m\x1b]8;;h\x07",
    )
    assert code == 2 and out == ""
    assert ESC not in err
    assert len(err.strip().splitlines()) == 1


def test_an_unrecognised_hostile_argument_is_echoed_inertly(capsys, hostile: Path) -> None:
    code, out, err = run(
        capsys,
        "summary",
        "--db",
        str(hostile),
        "--role",
        "SPLW",
        "--theme",
        "training",
        "\x1b[31mred",
        "\x1b]8;;http://x\x07",
    )
    assert code == 2 and out == ""
    assert ESC not in err
    assert len(err.strip().splitlines()) == 1


def no_escape(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert ESC not in cell, cell
            assert not set(BIDI) & set(cell), cell


@pytest.mark.slow
@pytest.mark.paint  # hostile text through every frame a terminal would get
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("locality", [None, HOSTILE_LOCALITY], ids=["all", "hostile"])
async def test_explorer_shows_hostile_text_literally(
    hostile: Path, size: tuple[int, int], locality: str | None
) -> None:
    before = sha256(hostile)
    app = make_app(hostile, locality=locality)
    app.data.min_group = 1
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        card = pane(app).query_one(OverviewCard).plain_text(width=250)
        assert ESC not in card
        if locality is None:
            assert "E-MARKUP [bold]Bold[/bold] [link=http://x]y[/link] [/]" in card
        else:
            # the name as typed, its escape sequence dropped and its markup literal
            assert f"L-[bold]Bolton[/] {RTL[:6]} 🏳️\u200d🌈" in card
        crumb = app.breadcrumb_text()
        assert "\n" not in crumb and ESC not in crumb
        seen = []
        for _section in range(6):  # five themes and demographics
            await pilot.press("j", "enter")
            await settle(pilot)
            app.screen  # noqa: B018  (raises if the screen stack broke)
            rows = table_rows(app)
            no_escape(rows)
            seen += [cell for row in rows for cell in row]
            assert "\n" not in app.breadcrumb_text()
            await pilot.press("escape")
            await settle(pilot)
        if locality is None:
            text = "\n".join(seen)
            for literal in LITERAL_MARKUP:
                assert literal in text
            assert "S-ANSI red hyper" in text
            assert any(cell.startswith("S-HUGE") for cell in seen)
    assert sha256(hostile) == before
