"""A small group's size and its comments stay hidden on every path (issue 15, items 5, 6).

The locality question ("Which locality do you work in?") counts each locality's
respondents in the role total: on the bundled sample SPLW Bury, Tameside and Glossop and
Trafford have 4 each and H&WC Manchester 3, Salford 2, Wigan 1, which the locality picker
calls "fewer than 5".  Those counts must not appear in the table, the chart, the change
column, `summary` in any format, the Overview export or the All roles comparison.
Comments need a group of at least --min-comments (default 10) respondents.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import polars as pl
import pytest
from explorer_helpers import make_app, pane, settle, table_rows
from rich.console import Console
from survey_builder import Person, build_survey
from textual.widgets import Input
from two_waves import build_two_waves

from tui.cli import main
from tui.codebook import THEMES
from tui.data import SurveyData
from tui.paths import SAMPLE_DB
from tui.screens.comments_screen import CommentsScreen
from tui.screens.export_screen import ExportScreen
from tui.widgets.chart_view import ChartView
from tui.widgets.compare import ComparePane

WAVE = 2023
LOCALITY_Q = "Which locality do you work in?"
SMALL = {
    "SPLW": {"Bury": 4, "Tameside and Glossop": 4, "Trafford": 4},
    "HWC": {"Manchester": 3, "Salford": 2, "Wigan": 1},
}
DEMOGRAPHICS_STEPS = 6


def summary_rows(capsys, *argv: str, fmt: str) -> list[dict]:
    assert main(["summary", *argv, "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(out)))
    return json.loads(out)["rows"]


# -- item 5: the locality question --------------------------------------------------------
@pytest.mark.parametrize("role", sorted(SMALL))
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_summary_demographics_hides_small_localities_own_counts(capsys, role, fmt) -> None:
    rows = [
        r
        for r in summary_rows(capsys, "--role", role, "--theme", "demographics", fmt=fmt)
        if r["question"] == LOCALITY_Q
    ]
    assert rows, "the locality question is in the view"
    for row in rows:
        if row["option"] in SMALL[role]:
            for column in ("count", "pct", "n_answered", "n_not_answered"):
                assert row[column] in (None, ""), (row["option"], column, row[column])
            assert row["note"] == "fewer than 5"
            assert row["suppressed"] in (True, "true")
    shown = [r for r in rows if r["option"] not in SMALL[role]]
    assert all(r["count"] not in (None, "") for r in shown)  # the rest stay visible


@pytest.mark.parametrize("role", sorted(SMALL))
def test_summary_table_and_markdown_say_fewer_than_5_for_them(capsys, role) -> None:
    for fmt in ("table", "markdown"):
        assert main(["summary", "--role", role, "--theme", "demographics", "--format", fmt]) == 0
        out = capsys.readouterr().out
        for name, n in SMALL[role].items():
            first = name.split()[0]
            lines = [line for line in out.splitlines() if re.search(rf"\b{first}\b", line)]
            assert lines, (fmt, name)
            for line in lines:
                assert "fewer than 5" in line, (fmt, line)
                assert not re.search(rf"(^|[^\d.]){n}([^\d.%]|$)", line.replace(name, "")), (
                    fmt,
                    line,
                )


def test_every_frame_hides_every_hidden_localitys_option(sample: SurveyData) -> None:
    """Across roles and themes: an option naming a hidden locality carries no figure."""
    for role in ("SPLW", "CC", "HWC"):
        hidden = sample.suppression_plan(role, WAVE).hidden
        for theme in THEMES:
            frame = sample.theme(theme, role, WAVE)
            rows = frame.filter(pl.col("option").is_in(sorted(hidden)))
            for column in ("count", "pct", "n_answered", "n_not_answered", "mean"):
                assert rows[column].null_count() == rows.height, (role, theme, column)


async def test_the_explorer_shows_no_count_of_a_small_locality(tmp_path: Path) -> None:
    """One journey (was four tests): the Overview export, SPLW's demographics table,
    H&WC's demographics chart and the All roles tab's demographics show no count, share
    or name-as-the-mode of a locality under 5."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # The Overview export.
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one(Input).value = str(tmp_path)
        await pilot.press("enter")
        await settle(pilot)
        written = pane(app).last_export
        assert written is not None
        text = written.read_text(encoding="utf-8")
        assert "# suppression: on" in text
        body = pl.read_csv(written, comment_prefix="#", infer_schema=False)
        rows = body.filter(
            (pl.col("question") == LOCALITY_Q) & pl.col("option").is_in(list(SMALL["SPLW"]))
        )
        assert rows.height == 3
        assert rows["count"].null_count() == 3 and rows["pct"].null_count() == 3

        # SPLW's demographics table.
        await pilot.press(*["j"] * DEMOGRAPHICS_STEPS, "enter")
        await settle(pilot)
        shown = {row[0].strip(): row for row in table_rows(app)}
        for name in SMALL["SPLW"]:
            row = shown[name]
            assert row[1].strip() in ("", "–") and row[2].strip() in ("", "–"), row
            assert "fewer than 5" in row[4], row
        assert shown["Bolton"][1].strip() == "6"

        # H&WC's demographics chart.
        await pilot.press("3")
        await settle(pilot)
        await pilot.press(*["j"] * DEMOGRAPHICS_STEPS, "enter")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        chart = pane(app).query_one(ChartView).plain_text()
        for name in SMALL["HWC"]:
            lines = [line for line in chart.splitlines() if line.strip().startswith(name)]
            assert lines, name
            for line in lines:
                assert "fewer than 5" in line, line
                assert "%" not in line, line

        # The All roles tab does not name a hidden locality as H&WC's most common.
        await pilot.press("4")
        await settle(pilot)
        await pilot.press(*["t"] * 6)  # key figures, then the themes: demographics last
        await settle(pilot)
        cells = app.query_one(ComparePane).cell_texts()
    row = cells.get("q:locality")
    assert row is not None, list(cells)[:5]
    splw, _cc, hwc = row
    assert "Manchester" in splw  # 9 of 53: shown
    assert "Manchester" not in hwc and "fewer than 5" in hwc, row


def test_all_roles_comparison_does_not_name_a_hidden_locality_as_the_mode(
    sample: SurveyData,
) -> None:
    """H&WC's most common locality is Manchester, 3 of 6: naming it with its share is
    Manchester's count."""
    frame = sample.role_theme_comparison("demographics", WAVE)
    rows = {
        r["role"]: r for r in frame.filter(pl.col("question") == LOCALITY_Q).iter_rows(named=True)
    }
    hwc = rows["HWC"]
    assert hwc["answer"] is None and hwc["count"] is None and hwc["value"] is None
    assert hwc["note"] == "fewer than 5"
    assert rows["SPLW"]["answer"] == "Manchester" and rows["SPLW"]["count"] == 9


async def test_change_column_shows_no_figure_for_a_hidden_locality(tmp_path: Path) -> None:
    db = build_two_waves(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*["j"] * DEMOGRAPHICS_STEPS, "enter")
        await settle(pilot)
        rows = {row[0].strip(): row for row in table_rows(app)}
    for name in SMALL["SPLW"]:
        row = rows[name]
        assert row[1].strip() in ("", "–"), row
        assert "pp" not in row[-1] and "=" not in row[-1], row


# -- surveys built through the real importer: "Not stated" and complementary hiding ----
def people(**sizes: int) -> list[Person]:
    out = []
    for name, n in sizes.items():
        place = None if name == "Not_stated" else name.replace("_", " ")
        out += [Person("SPLW", place)] * n
    return out


@pytest.fixture(scope="module")
def not_stated_survey(tmp_path_factory) -> Path:
    """Two SPLWs gave no locality: that group is hidden (and Bolton, to protect it)."""
    return build_survey(
        tmp_path_factory.mktemp("ns"), people(Bolton=6, Bury=7, Manchester=8, Not_stated=2), seed=3
    )


def test_not_stated_size_cannot_be_read_from_the_locality_question(
    not_stated_survey, capsys
) -> None:
    data = SurveyData(not_stated_survey)
    try:
        plan = data.suppression_plan("SPLW", WAVE)
        assert plan.hidden == {"Not stated", "Bolton"}
    finally:
        data.close()
    rows = [
        r
        for r in summary_rows(
            capsys,
            "--db",
            str(not_stated_survey),
            "--role",
            "SPLW",
            "--theme",
            "demographics",
            fmt="csv",
        )
        if r["question"] == LOCALITY_Q
    ]
    total = 23
    for row in rows:
        # answered / unanswered would give 23 - answered = the 2 who gave no locality
        assert row["n_answered"] == "" and row["n_not_answered"] == "", row
        assert row["pct"] == "", row  # count / pct would give n_answered
    counts = {r["option"]: r["count"] for r in rows}
    assert counts["Bolton"] == ""  # hidden to protect "Not stated"
    assert counts["Bury"] == "7" and counts["Manchester"] == "8"
    assert total - 7 - 8 == 8  # what a reader can work out: 2 groups, 8


def test_a_locality_hidden_to_protect_another_hides_its_own_count_too(tmp_path, capsys) -> None:
    db = build_survey(tmp_path, people(Bolton=3, Bury=7, Manchester=8), seed=4)
    rows = [
        r
        for r in summary_rows(
            capsys, "--db", str(db), "--role", "SPLW", "--theme", "demographics", fmt="csv"
        )
        if r["question"] == LOCALITY_Q
    ]
    by = {r["option"]: r for r in rows}
    assert by["Bolton"]["count"] == "" and by["Bolton"]["note"] == "fewer than 5"
    assert by["Bury"]["count"] == ""
    assert by["Bury"]["note"] == "hidden to protect a locality with fewer than 5"
    assert by["Manchester"]["count"] == "8"


# -- item 6: comments need --min-comments respondents -------------------------------------
def test_comments_of_a_locality_under_ten_are_withheld(sample: SurveyData) -> None:
    frame = sample.comments("SPLW", WAVE, locality="Bolton")  # 6 respondents
    assert frame["comment"].null_count() == frame.height
    assert "fewer than 10" in frame["note"][0] and "--min-comments" in frame["note"][0]


def test_comments_of_a_role_under_ten_are_withheld_in_total(sample: SurveyData) -> None:
    frame = sample.comments("HWC", WAVE)  # 6 respondents
    assert frame["comment"].null_count() == frame.height


def test_summary_comments_follow_min_comments(capsys) -> None:
    argv = ["summary", "--role", "SPLW", "--theme", "comments", "--locality", "Bolton"]
    rows = summary_rows(capsys, *argv[1:], fmt="json")
    assert [r["comment"] for r in rows] == [None]
    assert "fewer than 10" in rows[0]["note"]
    rows = summary_rows(capsys, *argv[1:], "--min-comments", "5", fmt="json")
    assert [r for r in rows if r["comment"]], "with --min-comments 5 Bolton's show"
    assert main([*argv, "--format", "table"]) == 0
    assert "fewer than 10" in capsys.readouterr().out


def test_summary_comments_can_be_exported_with_the_floor_recorded(tmp_path, capsys) -> None:
    out = tmp_path / "c.csv"
    assert main(["summary", "--role", "HWC", "--theme", "comments", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "# min_comments: 10" in text
    body = pl.read_csv(out, comment_prefix="#")
    assert body["comment"].null_count() == body.height


async def test_comments_screen_withholds_a_small_localitys_comments() -> None:
    app = make_app(locality="Bolton")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommentsScreen)
        assert screen.shown == []
        assert any("fewer than 10" in note for note in screen.notes)


@pytest.fixture(scope="module")
def mixed_survey(tmp_path_factory) -> Path:
    """Bolton 12 (comments named), Bury 6 and Manchester 7 (pooled without their
    name: 13 people in two localities), Oldham 3 and Rochdale 2 (hidden outright)."""
    return build_survey(
        tmp_path_factory.mktemp("mixed"),
        people(Bolton=12, Bury=6, Manchester=7, Oldham=3, Rochdale=2),
        seed=5,
    )


def test_all_localities_list_names_only_localities_of_ten(mixed_survey) -> None:
    data = SurveyData(mixed_survey)
    try:
        frame = data.comments("SPLW", WAVE)
    finally:
        data.close()
    shown = frame.filter(pl.col("comment").is_not_null())
    assert set(shown["locality"].drop_nulls()) == {"Bolton"}
    texts = list(shown["comment"])
    assert not [t for t in texts if t.endswith(("-Oldham", "-Rochdale"))]  # hidden
    pooled = shown.filter(pl.col("locality").is_null())
    assert {t.rsplit("-", 1)[-1] for t in pooled["comment"]} == {"Bury", "Manchester"}
    notes = " ".join(frame["note"].drop_nulls())
    assert "without their locality" in notes and "fewer than 5" in notes


def test_a_pool_of_one_small_locality_is_not_shown(tmp_path) -> None:
    """Oldham and Rochdale (3 each) are hidden by the figures' rule; Bury (6) alone is
    under 10: pooled on its own it would be Bury's comments, so they are left out."""
    db = build_survey(tmp_path, people(Bolton=12, Bury=6, Oldham=3, Rochdale=3), seed=6)
    data = SurveyData(db)
    try:
        frame = data.comments("SPLW", WAVE)
    finally:
        data.close()
    texts = [t for t in frame["comment"].drop_nulls()]
    assert texts and not [t for t in texts if not t.endswith("-Bolton")]
    assert not frame.filter(pl.col("comment").is_not_null())["locality"].is_null().any()


async def test_comments_screen_shows_no_small_locality_name(mixed_survey) -> None:
    app = make_app(mixed_survey)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        body = str(app.screen.query_one("#comments-body").render())
    assert "· Bolton" in body
    for name in ("Bury", "Manchester", "Oldham", "Rochdale"):
        assert f"· {name}" not in body


def test_min_comments_is_an_option_of_the_app_and_summary(capsys) -> None:
    assert main(["summary", "--role", "SPLW", "--theme", "low_scores", "--min-comments", "3"]) == 0
    capsys.readouterr()
    assert main(["summary", "--role", "SPLW", "--theme", "comments", "--min-comments", "0"]) == 2
    err = capsys.readouterr().err
    assert "--min-comments must be a whole number of at least 1" in err
    assert main(["--min-comments", "x"]) == 2
    err = capsys.readouterr().err
    assert "--min-comments" in err and "unrecognized" not in err


def test_chart_rendering_of_hidden_rows_needs_no_figure(sample: SurveyData) -> None:
    from tui.charts import theme_chart

    frame = sample.theme("demographics", "SPLW", WAVE)
    likert = sample.likert("demographics", "SPLW", WAVE)
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(theme_chart(frame, likert, 100))
    lines = [ln for ln in console.export_text().splitlines() if "Trafford" in ln]
    assert lines and all("fewer than 5" in ln and " 4 " not in ln for ln in lines)


def test_the_bundled_sample_is_untouched_by_these_tests() -> None:
    assert SAMPLE_DB.exists() and SAMPLE_DB.read_bytes()[8:12] == b"DUCK"
