"""With two waves in the file, each theme table gains a change column against the earlier
wave: the difference in mean for a statement, in percentage points for an option,
marked up or down.  Expected changes are computed through the data layer on both waves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from explorer_helpers import make_app, pane, settle, table_rows
from two_waves import build_two_waves

from tui import stats
from tui.cells import change_text
from tui.data import SurveyData
from tui.widgets.role_pane import ReadingTable


@pytest.fixture(scope="module")
def two_waves(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_two_waves(tmp_path_factory.mktemp("waves"))


@pytest.fixture(scope="module")
def data(two_waves: Path) -> Iterator[SurveyData]:
    survey = SurveyData(two_waves)
    yield survey
    survey.close()


def expected_mark(delta: float, digits: int) -> str:
    shown = round(delta, digits)
    if shown == 0:
        return "="
    return "▲" if shown > 0 else "▼"


def assert_change_cell(cell: str, delta: float, digits: int) -> None:
    """A change reads "▲ +0.92 sig." when significant, "+0.17 n.s." (no arrow) when
    not, "= 0.00" when there is none."""
    assert f"{abs(round(delta, digits)):.{digits}f}" in cell
    mark = expected_mark(delta, digits)
    if mark == "=":
        assert cell.startswith("=")
    elif cell.endswith("sig."):
        assert cell.startswith(mark)
    else:
        assert cell.endswith("n.s.") and cell[0] in "+-"


def row_for(rows: list[list[str]], text: str) -> list[str]:
    return next(r for r in rows if r[0].strip() == text)


async def open_section(pilot, steps: int) -> list[list[str]]:
    await settle(pilot)
    await pilot.press(*["j"] * steps, "enter")
    await settle(pilot)
    return table_rows(pilot.app)


async def test_a_lead_reads_the_change_exports_it_and_the_earliest_wave_has_none(
    two_waves: Path, data: SurveyData, tmp_path: Path
) -> None:
    """One journey (was four tests): statements show the change in mean, options in
    percentage points, the CSV export carries the change, and after `w` the earliest
    wave has no change column."""
    from textual.widgets import Input

    now = data.likert("role_support", "SPLW", 2024)
    before = data.likert("role_support", "SPLW", 2023)
    deltas = dict(zip(now["statement"], now["mean"] - before["mean"], strict=True))
    assert any(abs(d) >= 0.005 for d in deltas.values()), "the fixture moves a statement"

    def shares(wave: int) -> dict[str, float]:
        theme = data.theme("mdt_outcomes", "SPLW", wave)
        rows = theme.filter(
            (pl.col("question_id") == "outcome_measures") & pl.col("option").is_not_null()
        )
        return dict(zip(rows["option"], rows["pct"], strict=True))

    pct_now, pct_before = shares(2024), shares(2023)
    moved = [o for o in pct_now if round(pct_now[o] - pct_before[o]) != 0]
    assert moved, "the fixture moves an outcome measure"

    app = make_app(two_waves)
    async with app.run_test(size=(120, 40)) as pilot:
        # Statements: the change in mean.
        rows = await open_section(pilot, 1)
        assert app.breadcrumb_text().endswith("Role and wider support")
        columns = [str(c.label) for c in pane(app).query_one(ReadingTable).columns.values()]
        assert columns[-1] == "vs 2023"
        for statement, delta in deltas.items():
            cell = row_for(rows, statement)[-1].strip()
            assert_change_cell(cell, delta, 2)

        # Options: the change in percentage points.
        await pilot.press("escape")
        rows = await open_section(pilot, 2)
        assert app.breadcrumb_text().endswith("MDTs and outcome measures")
        for option in pct_now:
            delta = pct_now[option] - pct_before[option]
            cell = row_for(rows, option)[-1].strip()
            assert_change_cell(cell, delta, 0)
            assert " pp" in cell

        # The export of that table carries the change.
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path)
        await pilot.press("enter")  # CSV, the first format
        await settle(pilot)
        written = pane(app).last_export
        assert written is not None
        assert "# compared_with: wave 2023" in written.read_text(encoding="utf-8")
        back = pl.read_csv(written, comment_prefix="#")
        assert set(back["previous_wave"].drop_nulls()) == {2023}
        for r in back.filter(pl.col("question_id") == "outcome_measures").iter_rows(named=True):
            delta = pct_now[r["option"]] - pct_before[r["option"]]
            assert r["pct_change"] == pytest.approx(delta, abs=0.11)

        # The earliest wave: no change column.
        await pilot.press("w")  # 2024 -> 2023, the earliest wave
        await settle(pilot)
        assert app.breadcrumb_text().startswith("2023")
        await pilot.press("escape", "k", "k", "enter")  # back up to Role and wider support
        await settle(pilot)
        assert app.breadcrumb_text().endswith("Role and wider support")
        rows = table_rows(app)
        labels = [str(c.label) for c in pane(app).query_one(ReadingTable).columns.values()]
        assert not any(label.startswith("vs ") for label in labels)
        assert labels[-1] == "95% interval" and len(rows[0]) == len(labels)


async def test_the_change_column_fits_an_80_column_terminal(two_waves: Path) -> None:
    app = make_app(two_waves)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, 1)
        table = pane(app).query_one(ReadingTable)
        assert table.virtual_size.width <= table.size.width


async def test_the_change_follows_the_locality_filter(two_waves: Path, data: SurveyData) -> None:
    now = data.likert("role_support", "SPLW", 2024, "Bolton")
    before = data.likert("role_support", "SPLW", 2023, "Bolton")
    app = make_app(two_waves, locality="Bolton")
    async with app.run_test(size=(120, 40)) as pilot:
        rows = await open_section(pilot, 1)
        for r_now, r_before in zip(
            now.iter_rows(named=True), before.iter_rows(named=True), strict=True
        ):
            delta = r_now["mean"] - r_before["mean"]
            assert f"{abs(round(delta, 2)):.2f}" in row_for(rows, r_now["statement"])[-1]


def change_against(data: SurveyData, before: pl.DataFrame) -> pl.DataFrame:
    """The data layer's change function: this wave's SPLW role statements against
    `before` (a frame of the earlier wave, as the data layer returns it)."""
    now = data.likert("role_support", "SPLW", 2024, change=False)
    return stats.change(now, stats.likert_counts(now), before, stats.likert_counts(before), 2023)


def test_a_group_hidden_in_the_earlier_wave_shows_no_change(data: SurveyData) -> None:
    before = data.likert("role_support", "SPLW", 2023, "Bury")
    assert before["suppressed"].all(), "SPLW in Bury is under the threshold"
    changed = change_against(data, before)
    assert set(changed["change_note"]) == {"hidden"}
    assert changed["mean_change"].is_null().all()
    assert changed["change_significant"].is_null().all()


def test_a_question_the_earlier_wave_did_not_ask_is_new(data: SurveyData) -> None:
    before = data.likert("role_support", "SPLW", 2023).filter(pl.col("question_id") != "rs_valued")
    changed = change_against(data, before)
    row = changed.filter(pl.col("question_id") == "rs_valued").row(0, named=True)
    assert row["change_note"] == "new" and row["mean_change"] is None


@pytest.mark.parametrize(
    ("delta", "unit", "text"),
    [
        (0.214, "", "▲ +0.21"),
        (-0.151, "", "▼ -0.15"),
        (0.001, "", "= 0.00"),
        (4.4, "pp", "▲ +4 pp"),
        (-12.6, "pp", "▼ -13 pp"),
        (0.3, "pp", "= 0 pp"),
        (None, "pp", "–"),
    ],
)
def test_change_marks_say_up_or_down_in_symbols_and_signs(
    delta: float | None, unit: str, text: str
) -> None:
    assert change_text(delta, unit).plain == text


def test_a_group_nobody_answered_in_the_earlier_wave_says_no_data(data: SurveyData) -> None:
    assert data.respondents("HWC", 2023, "Bolton") == 0, "no H&WC in Bolton in 2023"
    changed = change_against(data, data.likert("role_support", "HWC", 2023, "Bolton"))
    assert set(changed["change_note"]) == {"no data"}
