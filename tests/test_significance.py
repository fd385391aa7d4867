"""Honest figures across waves: a change is called a change only when it is one.

The second wave is built through the real import (tests/two_waves.py build_stats_waves):
every SPLW rates "peer support and networking" a whole point lower (significant), one
H&WC's "I feel valued in my role" moves one point up (+0.17 on 6 answers: not
significant).  The explorer, `summary` and an export must all say so.  Expected
significance comes from scipy (a test-only reference), the changes from the views."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from explorer_helpers import make_app, pane, settle, table_rows
from two_waves import PEER, VALUED, build_stats_waves

from tui import stats
from tui.cli import main
from tui.data import SurveyData

scipy_stats = pytest.importorskip("scipy.stats")


@pytest.fixture(scope="module")
def waves(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_stats_waves(tmp_path_factory.mktemp("stats_waves"))


@pytest.fixture(scope="module")
def data(waves: Path) -> Iterator[SurveyData]:
    survey = SurveyData(waves)
    yield survey
    survey.close()


def statement(frame: pl.DataFrame, text: str) -> dict:
    return frame.filter(pl.col("statement") == text).row(0, named=True)


def welch_p(now: dict, before: dict) -> float:
    """scipy's Welch test on the two waves' 1-5 counts, as read from the views."""

    def moments(row: dict) -> tuple[float, float, int]:
        values = [s for s in range(1, 6) for _ in range(row[f"n_{s}"])]
        n = len(values)
        mean = sum(values) / n
        sd = (sum((v - mean) ** 2 for v in values) / (n - 1)) ** 0.5
        return mean, sd, n

    return scipy_stats.ttest_ind_from_stats(*moments(now), *moments(before), equal_var=False).pvalue


@pytest.fixture(scope="module")
def moved(data: SurveyData) -> dict[str, tuple[float, bool]]:
    """The two edited statements: (change in mean, significant at 5% by scipy)."""
    out = {}
    for role, text in (("SPLW", PEER), ("HWC", VALUED)):
        now = statement(data.likert("role_support", role, 2024, change=False), text)
        before = statement(data.likert("role_support", role, 2023, change=False), text)
        out[role] = (now["mean"] - before["mean"], bool(welch_p(now, before) < 0.05))
    return out


def test_the_fixture_moves_one_statement_a_point_and_one_answer(
    moved: dict[str, tuple[float, bool]],
) -> None:
    assert moved["SPLW"][0] == pytest.approx(-1.0)
    assert moved["SPLW"][1] is True
    assert moved["HWC"][0] == pytest.approx(1 / 6)
    assert moved["HWC"][1] is False


def test_the_data_layer_tests_the_change(
    data: SurveyData, moved: dict[str, tuple[float, bool]]
) -> None:
    for role, text in (("SPLW", PEER), ("HWC", VALUED)):
        row = statement(data.likert("role_support", role, 2024), text)
        assert row["previous_wave"] == 2023
        assert row["mean_change"] == pytest.approx(moved[role][0], abs=0.005)
        assert row["change_significant"] is moved[role][1]
    # unchanged statements are never called significant
    hwc = data.likert("role_support", "HWC", 2024)
    assert not hwc.filter(pl.col("statement") != VALUED)["change_significant"].any()


async def test_the_explorer_marks_sig_and_ns(
    waves: Path, moved: dict[str, tuple[float, bool]]
) -> None:
    app = make_app(waves)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        splw = {r[0]: r for r in table_rows(app)}
        assert splw[PEER][-1].strip() == f"▼ {moved['SPLW'][0]:+.2f} sig."
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("escape", "j", "enter")
        await settle(pilot)
        assert "H&WC" in app.breadcrumb_text()
        hwc = {r[0]: r for r in table_rows(app)}
        assert hwc[VALUED][-1].strip() == f"{moved['HWC'][0]:+.2f} n.s."
        # the whole H&WC table rests on 6 answers: it says so in words, once
        callout = pane(app).query_one(".callout").render()
        assert "Low base" in str(callout)


async def test_the_explorer_at_80_columns_keeps_the_flag(waves: Path) -> None:
    app = make_app(waves)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        table = pane(app).query_one("ReadingTable")
        labels = [str(c.label) for c in table.columns.values()]
        assert "95% interval" not in labels  # no room: the interval moved
        assert labels[-1] == "vs 2023"
        assert table.virtual_size.width <= table.size.width
        rows = {r[0]: r for r in table_rows(app)}
        assert rows[PEER][-1].strip().endswith("sig.")
        # Enter on an option row gives its interval, which has no column here
        await pilot.press("escape", "j", "enter")  # Training
        await settle(pilot)
        table = pane(app).query_one("ReadingTable")
        table.move_cursor(row=[r.kind for r in table.table_rows].index("option"))
        option = table.current()
        await pilot.press("enter")
        await settle(pilot)
        # the notifications the app has raised (what the toasts show)
        messages = [n.message for n in app.status_log]
        assert any(
            option.statement in m and "95% interval" in m and "vs 2023" in m for m in messages
        ), messages


def run_summary(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["summary", *args]) == 0
    return capsys.readouterr().out


def test_summary_says_so_in_every_format(
    waves: Path, capsys: pytest.CaptureFixture[str], moved: dict[str, tuple[float, bool]]
) -> None:
    db = str(waves)
    csv = pl.read_csv(
        run_summary(
            capsys, "--db", db, "--role", "HWC", "--theme", "role_support", "--format", "csv"
        ).encode()
    )
    valued = csv.filter(pl.col("question") == VALUED).row(0, named=True)
    assert valued["previous_wave"] == 2023
    assert valued["mean_change"] == pytest.approx(moved["HWC"][0], abs=0.005)
    assert valued["change_significant"] is False
    assert valued["low_base"] is True
    assert valued["mean_ci_low"] < valued["mean"] < valued["mean_ci_high"]
    rows = json.loads(
        run_summary(
            capsys, "--db", db, "--role", "SPLW", "--theme", "role_support", "--format", "json"
        )
    )["rows"]
    peer = next(r for r in rows if r["question"] == PEER)
    assert peer["change_significant"] is True and peer["mean_change"] == pytest.approx(-1)
    assert peer["low_base"] is False
    table = run_summary(capsys, "--db", db, "--role", "HWC", "--theme", "role_support")
    assert "+0.17 n.s." in table and "vs 2023" in table


def test_an_export_says_so(waves: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "splw.xlsx"
    assert (
        main(
            [
                "summary",
                "--db",
                str(waves),
                "--role",
                "SPLW",
                "--theme",
                "role_support",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    sheet = pl.read_excel(out, sheet_name="data")
    peer = sheet.filter(pl.col("question") == PEER).row(0, named=True)
    assert peer["change_significant"] is True
    assert peer["mean_change"] == pytest.approx(-1.0)
    about = pl.read_excel(out, sheet_name="about", has_header=False)
    assert "wave 2023" in " ".join(str(v) for v in about.to_series(1).to_list())


def test_low_base_threshold_is_an_option(capsys: pytest.CaptureFixture[str]) -> None:
    def low_bases(*extra: str) -> set[bool]:
        frame = pl.read_csv(
            run_summary(
                capsys, "--role", "HWC", "--theme", "supervision_gaps", "--format", "csv", *extra
            ).encode()
        )
        return set(frame["low_base"])

    assert low_bases() == {True}  # 6 answers, under the default 10
    assert low_bases("--low-base", "5") == {False}
    assert main(["summary", "--role", "HWC", "--theme", "overview", "--low-base", "0"]) == 2
    assert "--low-base" in capsys.readouterr().err


def test_summary_overview_is_the_card_as_data(capsys: pytest.CaptureFixture[str]) -> None:
    rows = json.loads(
        run_summary(capsys, "--role", "SPLW", "--theme", "overview", "--format", "json")
    )["rows"]
    responses = next(r for r in rows if r["figure"] == "responses")
    assert (responses["count"], responses["n_answered"]) == (53, 263)
    assert responses["pct"] == pytest.approx(100 * 53 / 263, abs=0.05)
    gap = next(r for r in rows if r["figure"] == "no_clinical_supervision")
    assert (gap["count"], gap["n_answered"]) == (14, 53)
    assert gap["pct_ci_low"] < gap["pct"] < gap["pct_ci_high"]
    figures = {r["figure"] for r in rows}
    assert {"tenure", "employment", "employer", "lowest_statement", "top_training_need"} <= figures
    lows = [r for r in rows if r["figure"] == "lowest_statement"]
    assert len(lows) == 4 and all(r["mean"] < 3 for r in lows)
    table = run_summary(capsys, "--role", "SPLW", "--theme", "overview")
    assert "53 of 263" in table


FIGURE_COLUMNS = (
    *stats.LIKERT_COLUMNS,
    *stats.OPTION_COLUMNS,
    *stats.CHANGE_COLUMNS,
    *stats.GAP_COLUMNS,
    *stats.REST_COLUMNS,
    "low_base",
    "no_clinical_vs_rest_significant",
    "lowest_vs_rest_significant",
)


def test_suppressed_groups_show_no_statistic(data: SurveyData) -> None:
    """Every new figure column is null for a suppressed locality, on every frame."""
    assert data.group_status("SPLW", 2024, "Bury").suppressed
    frames = {
        "theme": data.theme("role_support", "SPLW", 2024, "Bury"),
        "options": data.theme("mdt_outcomes", "SPLW", 2024, "Bury"),
        "likert": data.likert("role_support", "SPLW", 2024, "Bury"),
        "gaps": data.supervision_gaps("SPLW", 2024, "Bury"),
        "low": data.low_scores("SPLW", 2024, "Bury"),
        "overview": data.overview("SPLW", 2024, "Bury"),
        "by_locality": data.statement_by_locality("rs_valued", "SPLW", 2024).filter(
            pl.col("locality") == "Bury"
        ),
        "compare": data.locality_comparison("supervision", "SPLW", 2024).filter(
            pl.col("locality") == "Bury"
        ),
        "compare_lowest": data.locality_comparison("role_support", "SPLW", 2024).filter(
            pl.col("locality") == "Bury"
        ),
        "all_roles": data.role_comparison(2024, "Bury").filter(pl.col("role") == "SPLW"),
    }
    for name, frame in frames.items():
        assert frame.height and frame["suppressed"].all(), name
        present = [c for c in FIGURE_COLUMNS if c in frame.columns]
        assert "low_base" in present, name
        for column in present:
            assert frame[column].is_null().all(), (name, column)


def test_a_locality_against_the_rest_of_its_role(data: SurveyData) -> None:
    frame = data.statement_by_locality("rs_valued", "SPLW", 2023)
    total = frame.filter(pl.col("locality").is_null()).row(0, named=True)
    for row in frame.filter(pl.col("vs_rest_significant").is_not_null()).iter_rows(named=True):
        rest = {f"n_{s}": total[f"n_{s}"] - row[f"n_{s}"] for s in range(1, 6)}
        assert row["vs_rest_significant"] is bool(welch_p(row, rest) < 0.05)
        assert row["mean_ci_low"] <= row["mean"] <= row["mean_ci_high"]


def test_the_by_locality_view_tests_each_lowest_statement_against_the_rest(
    data: SurveyData,
) -> None:
    frame = data.locality_comparison("role_support", "SPLW", 2023)
    tested = frame.filter(pl.col("lowest_vs_rest_significant").is_not_null())
    assert tested.height
    for row in tested.iter_rows(named=True):
        spread = data.statement_by_locality(row["lowest_question_id"], "SPLW", 2023)
        here = spread.filter(pl.col("locality") == row["locality"]).row(0, named=True)
        total = spread.filter(pl.col("locality").is_null()).row(0, named=True)
        rest = {f"n_{s}": total[f"n_{s}"] - here[f"n_{s}"] for s in range(1, 6)}
        assert row["lowest_vs_rest_significant"] is bool(welch_p(here, rest) < 0.05)
