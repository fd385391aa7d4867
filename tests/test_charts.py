"""`v` draws a theme as charts: diverging Likert bars, multi-select bars sorted by count,
band distributions with the safe-caseload band marked.  Expected figures come from the
data layer, never from the chart code."""

from __future__ import annotations

import re

import pytest
from explorer_helpers import make_app, pane, settle

from tui.charts import MIDLINE, SCORE_GLYPHS, diverging_bar
from tui.data import SurveyData
from tui.paths import SAMPLE_DB
from tui.widgets.chart_view import ChartView
from tui.widgets.role_pane import ReadingTable

SECTION_STEPS = {
    "role_support": 1,
    "training": 2,
    "mdt_outcomes": 3,
    "engagement": 4,
    "supervision": 5,
    "demographics": 6,
}


async def open_chart(pilot, role_key: str, section: str) -> str:
    await settle(pilot)
    await pilot.press(role_key)
    await settle(pilot)
    await pilot.press(*["j"] * SECTION_STEPS[section], "enter")
    await settle(pilot)
    await pilot.press("v")
    await settle(pilot)
    chart = pane(pilot.app).query_one(ChartView)
    assert chart.display and not pane(pilot.app).query_one(ReadingTable).display
    return chart.plain_text()


def chart_lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


# -- the bar itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "left", "right"),
    [
        ([10, 0, 0, 0, 0], 20, 0),
        ([0, 0, 0, 0, 7], 0, 20),
        ([0, 0, 4, 0, 0], 10, 10),
        ([1, 1, 1, 1, 1], 10, 10),
        ([3, 2, 0, 0, 0], 20, 0),
    ],
)
def test_diverging_bar_puts_poor_scores_left_and_good_right(
    counts: list[int], left: int, right: int
) -> None:
    bar = diverging_bar(counts, 20).plain
    assert len(bar) == 41 and bar[20] == MIDLINE
    assert len(bar[:20].strip()) == left and len(bar[21:].strip()) == right


def test_diverging_bar_orders_scores_outwards_from_the_midline() -> None:
    bar = diverging_bar([1, 1, 2, 1, 1], 12).plain
    left, right = bar[:12].strip(), bar[13:].strip()
    # 1 outermost on the left, then 2, then half of the 3s; mirrored on the right.
    assert left.startswith(SCORE_GLYPHS[0]) and left.endswith(SCORE_GLYPHS[2])
    assert right.startswith(SCORE_GLYPHS[2]) and right.endswith(SCORE_GLYPHS[4])


def test_an_empty_statement_draws_only_the_midline() -> None:
    assert diverging_bar([0, 0, 0, 0, 0], 5).plain.strip() == MIDLINE


# -- in the explorer --------------------------------------------------------------------


async def test_a_lead_reads_the_likert_and_multi_select_charts_then_jumps_to_a_row(
    sample: SurveyData,
) -> None:
    """One journey (was three tests): the Likert chart shows each statement, its mean and
    shares; the multi-select chart is sorted by count; a palette jump to a statement
    leaves the chart for its row."""
    likert = sample.likert("role_support", "SPLW", 2023)
    theme = sample.theme("training", "SPLW", 2023)
    needs = theme.filter(theme["question_id"] == "training_needs")
    expected = needs.sort("count", descending=True, maintain_order=True)["option"].to_list()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        text = await open_chart(pilot, "1", "role_support")
        lines = chart_lines(text)
        assert any("Scores:" in line for line in lines)  # the legend
        for r in likert.iter_rows(named=True):
            head = next(i for i, line in enumerate(lines) if line.startswith(r["statement"]))
            assert f"mean {r['mean']:.2f}" in lines[head]
            assert ("▼ LOW" in lines[head]) == (r["mean"] < 3)
            bar_line = lines[head + 1]
            poor = round(100 * (r["n_1"] + r["n_2"]) / r["n"])
            good = round(100 * (r["n_4"] + r["n_5"]) / r["n"])
            assert re.match(rf"\s*{poor}% ", bar_line), bar_line
            assert f" {good}%" in bar_line and MIDLINE in bar_line

        # Training: the chart stays chosen on the next section.
        await pilot.press("escape", "j", "enter")
        await settle(pilot)
        assert app.breadcrumb_text().endswith("Training and development")
        chart = pane(app).query_one(ChartView)
        assert chart.display
        lines = chart_lines(chart.plain_text())
        start = next(i for i, line in enumerate(lines) if "sorted by count" in line)
        shown = [
            line
            for line in lines[start + 1 : start + 1 + len(expected) * 2]
            if "█" in line or "·" in line
        ]
        order = [next(o for o in expected if line.startswith(o[:20])) for line in shown]
        assert order == expected
        top = needs.sort("count", descending=True).row(0, named=True)
        assert f"{top['count']} {top['pct']:3.0f}%" in shown[0]

        # Back on role support's chart, a palette jump to a statement leaves it.
        await pilot.press("escape", "k", "enter")
        await settle(pilot)
        assert pane(app).query_one(ChartView).display
        assert app.breadcrumb_text().endswith("Role and wider support")
        await pilot.press("ctrl+p", *"SPLW: feel valued")
        await settle(pilot)  # the palette's search (a worker) has answered
        await pilot.press("enter")
        await settle(pilot)
        table = pane(app).query_one(ReadingTable)
        assert table.display and app.focused is table
        assert table.current().statement == "I feel valued in my role"
        assert app.screen.active_bindings["v"].binding.description == "Chart"


async def test_a_small_group_has_no_chart_and_v_is_not_offered() -> None:
    """One journey (was two tests), SPLW in Bury (under the threshold): a section that
    shows a message does not offer `v`, and `v` pressed there draws no figures."""
    app = make_app(locality="Bury")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert "hidden" in pane(app).query_one(".empty").render().plain
        assert "v" not in app.screen.active_bindings
        await pilot.press("escape", *["j"] * 4, "enter", "v")
        await settle(pilot)
        assert app.breadcrumb_text().endswith("Supervision")
        p = pane(app)
        assert not p.query_one(ChartView).display
        assert "hidden" in p.query_one(".empty").render().plain


async def test_band_chart_keeps_band_order_then_v_toggles_back_to_the_table(
    sample: SurveyData,
) -> None:
    """One session at 80x24 (was two tests): the band chart keeps band order and marks
    the safe caseload; then `v` toggles between table and chart, the footer saying which,
    and the choice stays while moving between sections."""
    theme = sample.theme("engagement", "SPLW", 2023)
    caseload = theme.filter(theme["question_id"] == "caseload")
    bands = caseload["option"].to_list()
    safe = caseload.filter(caseload["marker"] == "safe_caseload")["option"].to_list()
    assert safe, "the codebook marks the SPLW safe caseload band"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        text = await open_chart(pilot, "1", "engagement")
        lines = chart_lines(text)
        start = next(i for i, line in enumerate(lines) if "average caseload" in line)
        rows = [line for line in lines[start:] if line.split("  ")[0].strip() in bands]
        assert [line.split("  ")[0].strip() for line in rows] == bands
        marked = [line for line in rows if "◆ safe caseload" in line]
        assert len(marked) == 1 and marked[0].startswith(safe[0])
        # legible at 80 columns: no line is wider than the terminal
        assert max(len(line) for line in lines) <= 80

        # `v` toggles back to the table and the footer says which (was its own test):
        # from the sections list to Role and wider support's table.
        await pilot.press("v", "escape", "k", "k", "k", "enter")
        await settle(pilot)
        assert app.breadcrumb_text().endswith("Role and wider support")

        def footer_says(word: str) -> bool:
            binding = app.screen.active_bindings.get("v")
            return binding is not None and binding.binding.description == word

        assert footer_says("Chart")
        await pilot.press("v")
        await settle(pilot)
        assert footer_says("Table") and pane(app).query_one(ChartView).has_focus
        # the chart choice stays while moving between sections
        await pilot.press("escape", "j", "enter")
        await settle(pilot)
        assert pane(app).query_one(ChartView).display
        await pilot.press("v")
        await settle(pilot)
        assert footer_says("Chart")
        table = pane(app).query_one(ReadingTable)
        assert table.display and table.has_focus


async def test_chart_follows_the_locality_filter(sample: SurveyData) -> None:
    likert = sample.likert("supervision", "SPLW", 2023, "Bolton")
    app = make_app(locality="Bolton")
    async with app.run_test(size=(120, 40)) as pilot:
        text = await open_chart(pilot, "1", "supervision")
        for r in likert.iter_rows(named=True):
            assert f"{r['statement']}  mean {r['mean']:.2f}" in text


def test_chart_text_is_never_markup(tmp_path) -> None:
    import polars as pl

    from tui.cells import render_plain
    from tui.charts import theme_chart

    data = SurveyData(SAMPLE_DB)
    likert = data.likert("role_support", "SPLW", 2023).with_columns(
        statement=pl.lit("[bold red]not markup[/]")
    )
    theme = data.theme("training", "SPLW", 2023).with_columns(
        option=pl.when(pl.col("option").is_not_null()).then(pl.lit("[link=x]opt[/link]"))
    )
    text = render_plain(theme_chart(theme, likert, 100), 100)
    assert "[bold red]not markup[/]" in text and "[link=x]opt[/link]" in text
