"""The All roles comparison as the data layer hands it out: one row per role and figure,
numbers as numbers, hidden groups withheld by the one suppression rule.

Expected values are the 2023 report's (/work/shared/report-2023-figures.md) or are read
through the views (SurveyData.supervision_gaps, .likert, .low_scores, .theme), never
from the comparison itself.
"""

from __future__ import annotations

import polars as pl
import pytest

from tui.data import SurveyData
from tui.paths import SAMPLE_DB

WAVE = 2023


def figures(frame: pl.DataFrame, role: str) -> dict[str, dict]:
    return {r["figure"]: r for r in frame.filter(pl.col("role") == role).iter_rows(named=True)}


@pytest.fixture(scope="module")
def total(sample: SurveyData) -> pl.DataFrame:
    return sample.role_comparison(WAVE)


def test_columns_are_numbers_not_strings(total: pl.DataFrame) -> None:
    assert total.schema["value"] == pl.Float64
    assert total.schema["count"] == pl.Int64 and total.schema["base"] == pl.Int64
    assert total["role"].unique(maintain_order=True).to_list() == ["SPLW", "CC", "HWC"]
    assert total["role_label"].unique(maintain_order=True).to_list() == ["SPLW", "CC", "H&WC"]


@pytest.mark.parametrize(
    ("role", "count", "base", "pct"),
    [("SPLW", 53, 263, 20), ("CC", 33, 120, 28), ("HWC", 6, 25, 24)],
)
def test_responses_against_the_workforce_as_the_report_gives_them(
    total: pl.DataFrame, role: str, count: int, base: int, pct: int
) -> None:
    row = figures(total, role)["responses"]
    assert (row["count"], row["base"]) == (count, base)
    assert round(row["value"]) == pct and row["unit"] == "percent"


@pytest.mark.parametrize(
    ("role", "count", "base", "pct"), [("SPLW", 14, 53, 26), ("CC", 9, 32, 28), ("HWC", 2, 6, 33)]
)
def test_no_clinical_supervision_26_28_and_2_of_6(
    total: pl.DataFrame, role: str, count: int, base: int, pct: int
) -> None:
    row = figures(total, role)["no_clinical_supervision"]
    assert (row["count"], row["base"], round(row["value"])) == (count, base, pct)


def test_hwc_mdt_membership_and_monthly_supervision_as_published(total: pl.DataFrame) -> None:
    hwc = figures(total, "HWC")
    assert (hwc["mdt_member"]["count"], hwc["mdt_member"]["base"]) == (2, 6)
    assert (hwc["supervision_monthly"]["count"], hwc["supervision_monthly"]["base"]) == (3, 6)


@pytest.mark.parametrize(
    ("role", "figure", "answer"),
    [
        ("SPLW", "top_training_need", "Trauma Informed Practice"),
        ("CC", "top_training_need", "Mental Health First Aid"),
        ("SPLW", "top_outcome_measure", "ONS4"),
        ("CC", "top_outcome_measure", "Frailty scoring"),
        ("SPLW", "mode_appointment_length", "30 minutes to 1 hour"),
        ("SPLW", "mode_sessions_per_client", "6-12"),
        ("SPLW", "mode_caseload", "251-500"),
        ("CC", "mode_sessions_per_client", "1-2"),
        ("HWC", "mode_appointment_length", "31-60 minutes"),
        ("HWC", "mode_hours_per_client", "6-12"),
        ("HWC", "mode_caseload", "101-205"),
        ("HWC", "highest_statement", "I feel confident in carrying out my role"),
        ("CC", "highest_statement", "I feel confident in carrying out my role"),
    ],
)
def test_top_answers_and_modal_bands_are_the_reports(
    total: pl.DataFrame, role: str, figure: str, answer: str
) -> None:
    assert figures(total, role)[figure]["answer"] == answer


def test_a_band_question_a_role_was_not_asked_has_no_row(
    sample: SurveyData, total: pl.DataFrame
) -> None:
    for role in ("SPLW", "CC", "HWC"):
        asked = set(sample.theme("engagement", role, WAVE)["question_id"])
        modes = {f.removeprefix("mode_") for f in figures(total, role) if f.startswith("mode_")}
        assert "appointment_length" in modes
        assert modes <= asked
    assert "mode_hours_per_client" not in figures(total, "SPLW")
    assert "mode_sessions_per_client" not in figures(total, "HWC")


@pytest.mark.parametrize("locality", [None, "Manchester", "Bolton"])
def test_statement_figures_agree_with_the_likert_views(
    sample: SurveyData, locality: str | None
) -> None:
    frame = sample.role_comparison(WAVE, locality)
    for role in ("SPLW", "CC"):
        mine = figures(frame, role)
        likert = sample.likert("role_support", role, WAVE, locality).filter(pl.col("n") > 0)
        low = likert.filter(pl.col("mean") == likert["mean"].min())
        high = likert.filter(pl.col("mean") == likert["mean"].max())
        assert mine["lowest_statement"]["answer"] == low["statement"][0]
        assert mine["lowest_statement"]["value"] == pytest.approx(low["mean"][0])
        assert mine["lowest_statement"]["count"] == low["n"][0]
        assert mine["highest_statement"]["answer"] == high["statement"][0]
        below = sample.low_scores(role, WAVE, locality).height
        assert mine["statements_below_threshold"]["value"] == below


def test_splw_has_the_reports_four_role_support_statements_below_3(total: pl.DataFrame) -> None:
    row = figures(total, "SPLW")["lowest_statement"]
    assert row["value"] < 3
    assert row["answer"] in {
        "I have clarity on the scope of my role",
        "My caseload is manageable",
        "I feel valued in my role",
        "I have sufficient time to spend with my clients",
    }
    assert figures(total, "SPLW")["statements_below_threshold"]["value"] >= 4


def test_a_hidden_group_shows_no_figure_not_even_its_count(sample: SurveyData) -> None:
    frame = sample.role_comparison(WAVE, "Manchester")  # 3 H&WC in Manchester
    hwc = frame.filter(pl.col("role") == "HWC")
    assert hwc.height and hwc["suppressed"].all()
    assert set(hwc["note"]) == {"fewer than 5"}
    for column in ("value", "count", "base", "answer"):
        assert hwc[column].null_count() == hwc.height, column
    splw = figures(frame, "SPLW")
    assert not splw["responses"]["suppressed"]
    assert splw["responses"]["count"] == sample.respondents("SPLW", WAVE, "Manchester")
    gaps = sample.supervision_gaps("SPLW", WAVE, "Manchester").row(0, named=True)
    assert splw["no_clinical_supervision"]["count"] == gaps["n_no_clinical"]


def test_every_role_and_locality_is_hidden_exactly_when_the_rule_says() -> None:
    # K = 2 hides one H&WC locality to protect another (complementary suppression)
    assert SurveyData(SAMPLE_DB, min_group=2).suppression_plan("HWC", WAVE).complementary
    for min_group in (2, 5, 8):
        data = SurveyData(SAMPLE_DB, min_group=min_group)
        try:
            for locality in [None, *data.known_localities()]:
                frame = data.role_comparison(WAVE, locality)
                for role in frame["role"].unique().to_list():
                    status = data.group_status(role, WAVE, locality)
                    rows = frame.filter(pl.col("role") == role)
                    assert rows["suppressed"].to_list() == [status.suppressed] * rows.height
                    if status.suppressed:
                        assert rows["count"].null_count() == rows.height
        finally:
            data.close()


def test_a_role_nobody_answered_as_in_the_locality_has_no_figures(sample: SurveyData) -> None:
    hwc = sample.role_comparison(WAVE, "Bolton").filter(pl.col("role") == "HWC")
    assert set(hwc["note"]) == {"no responses"} and not hwc["suppressed"].any()
    assert hwc["value"].null_count() == hwc.height
    responses = hwc.filter(pl.col("figure") == "responses")
    assert responses["count"].to_list() == [0]


@pytest.mark.parametrize("locality", [None, "Manchester"])
def test_a_theme_side_by_side_holds_the_views_numbers(
    sample: SurveyData, locality: str | None
) -> None:
    frame = sample.role_theme_comparison("supervision", WAVE, locality)
    for role in ("SPLW", "CC", "HWC"):
        status = sample.group_status(role, WAVE, locality)
        mine = frame.filter(pl.col("role") == role)
        assert mine["suppressed"].to_list() == [status.suppressed] * mine.height
        for r in sample.likert("supervision", role, WAVE, locality).iter_rows(named=True):
            row = mine.filter(pl.col("question_id") == r["question_id"]).row(0, named=True)
            assert (row["value"], row["count"], row["unit"]) == (r["mean"], r["n"], "mean")
        theme = sample.theme("supervision", role, WAVE, locality)
        freq = theme.filter(pl.col("question_id") == "supervision_frequency")
        row = mine.filter(pl.col("question_id") == "supervision_frequency").row(0, named=True)
        if status.suppressed:
            assert row["count"] is None and row["answer"] is None
            continue
        top = freq.sort("count", descending=True).row(0, named=True)
        assert (row["answer"], row["count"], row["base"]) == (
            top["option"],
            top["count"],
            top["n_answered"],
        )
        assert row["value"] == pytest.approx(100 * top["count"] / top["n_answered"])


def test_a_theme_side_by_side_lists_only_what_each_role_was_asked(sample: SurveyData) -> None:
    frame = sample.role_theme_comparison("engagement", WAVE)
    for role in ("SPLW", "CC", "HWC"):
        asked = sample.theme("engagement", role, WAVE).filter(pl.col("qtype") != "text")
        mine = frame.filter(pl.col("role") == role)
        assert set(mine["question_id"]) == set(asked["question_id"])
