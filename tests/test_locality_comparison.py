"""Comparing localities: one row per locality with a theme's key figures, suppressed."""

from __future__ import annotations

import csv
import io
import json

import polars as pl
import pytest

from tui.cli import main
from tui.codebook import THEMES
from tui.data import SurveyData
from tui.errors import UsageError
from tui.suppression import IDENTITY_COLUMNS

WAVE = 2023
COMMON = ["wave", "role", "locality", "respondents"]
TAIL = ["low_base", "suppressed", "note"]
THEME_COLUMNS = {
    "role_support": [
        "lowest_question_id",
        "lowest_statement",
        "lowest_mean",
        "lowest_n",
        "n_low",
        "lowest_vs_rest_significant",
        "lowest_mean_ci_low",
        "lowest_mean_ci_high",
    ],
    "supervision": [
        "lowest_question_id",
        "lowest_statement",
        "lowest_mean",
        "lowest_n",
        "n_low",
        "types_answered",
        "n_no_clinical",
        "pct_no_clinical",
        "pct_regular",
        "lowest_vs_rest_significant",
        "lowest_mean_ci_low",
        "lowest_mean_ci_high",
        "no_clinical_vs_rest_significant",
        "pct_no_clinical_ci_low",
        "pct_no_clinical_ci_high",
    ],
    "training": [
        "training_answered",
        "top_need",
        "top_need_count",
        "top_need_pct",
        "top_need_pct_ci_low",
        "top_need_pct_ci_high",
        "top_need_vs_rest_significant",
    ],
    "mdt_outcomes": [
        "mdt_answered",
        "mdt_count",
        "pct_mdt",
        "outcomes_answered",
        "top_outcome_measure",
        "top_outcome_pct",
        "pct_mdt_ci_low",
        "pct_mdt_ci_high",
        "mdt_vs_rest_significant",
        "top_outcome_pct_ci_low",
        "top_outcome_pct_ci_high",
        "top_outcome_vs_rest_significant",
    ],
    "engagement": [
        "mode_appointment_length",
        "mode_appointment_length_pct",
        "mode_sessions_per_client",
        "mode_sessions_per_client_pct",
        "mode_caseload",
        "mode_caseload_pct",
        *(
            f"mode_{qid}_{tail}"
            for qid in ("appointment_length", "sessions_per_client", "caseload")
            for tail in ("pct_ci_low", "pct_ci_high", "vs_rest_significant")
        ),
    ],
    "demographics": [
        "employment_answered",
        "full_time_count",
        "pct_full_time",
        "pct_full_time_ci_low",
        "pct_full_time_ci_high",
        "full_time_vs_rest_significant",
    ],
}


def figures(frame: pl.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in IDENTITY_COLUMNS]


def rows_by_locality(frame: pl.DataFrame) -> dict[str | None, dict]:
    return {r["locality"]: r for r in frame.iter_rows(named=True)}


@pytest.mark.parametrize("theme", list(THEMES))
def test_columns_are_as_documented(sample: SurveyData, theme: str) -> None:
    frame = sample.locality_comparison(theme, "SPLW", WAVE)
    assert frame.columns == COMMON + THEME_COLUMNS[theme] + TAIL
    assert frame["suppressed"].dtype == pl.Boolean and frame["note"].dtype == pl.String


def test_hwc_engagement_columns_follow_its_own_questions(sample: SurveyData) -> None:
    frame = sample.locality_comparison("engagement", "HWC", WAVE)
    assert (
        frame.columns
        == COMMON
        + [
            "mode_appointment_length",
            "mode_appointment_length_pct",
            "mode_hours_per_client",
            "mode_hours_per_client_pct",
            "mode_caseload",
            "mode_caseload_pct",
        ]
        + [
            f"mode_{qid}_{tail}"
            for qid in ("appointment_length", "hours_per_client", "caseload")
            for tail in ("pct_ci_low", "pct_ci_high", "vs_rest_significant")
        ]
        + TAIL
    )


@pytest.mark.parametrize("theme", list(THEMES))
def test_every_known_locality_is_listed_after_the_total(sample: SurveyData, theme: str) -> None:
    frame = sample.locality_comparison(theme, "CC", WAVE)
    assert frame["locality"].to_list() == [None, *sample.known_localities()]
    bare = sample.locality_comparison(theme, "CC", WAVE, include_total=False)
    assert bare["locality"].to_list() == sample.known_localities()


@pytest.mark.parametrize("theme", list(THEMES))
def test_hwc_breakdown_shows_no_groups_figures(sample: SurveyData, theme: str) -> None:
    frame = sample.locality_comparison(theme, "HWC", WAVE)
    rows = rows_by_locality(frame)
    total = rows.pop(None)
    assert total["respondents"] == 6 and not total["suppressed"]
    for name, row in rows.items():
        for column in figures(frame):
            if column == "respondents" and row["note"] == "no responses":
                assert row[column] == 0
            else:
                assert row[column] is None, (name, column)
        if name in ("Manchester", "Salford", "Wigan"):
            assert row["suppressed"] and row["note"] == "fewer than 5"
        else:
            assert not row["suppressed"] and row["note"] == "no responses"


def test_splw_role_support_matches_each_localitys_statements(sample: SurveyData) -> None:
    rows = rows_by_locality(sample.locality_comparison("role_support", "SPLW", WAVE))
    for locality in ("Bolton", "Manchester", "Salford", None):
        likert = sample.likert("role_support", "SPLW", WAVE, locality)
        lowest = likert.sort("mean").row(0, named=True)
        row = rows[locality]
        assert row["lowest_mean"] == pytest.approx(lowest["mean"])
        assert (
            row["lowest_statement"]
            == likert.filter(pl.col("mean") == lowest["mean"])["statement"][0]
        )
        assert row["n_low"] == likert.filter(pl.col("mean") < 3).height
    assert rows[None]["n_low"] == 4  # the report's four SPLW statements
    assert rows["Bury"]["lowest_statement"] is None and rows["Bury"]["suppressed"]


def test_supervision_adds_the_clinical_supervision_gap(sample: SurveyData) -> None:
    rows = rows_by_locality(sample.locality_comparison("supervision", "SPLW", WAVE))
    gaps = sample.supervision_gaps("SPLW", WAVE, "Bolton").row(0, named=True)
    assert rows["Bolton"]["pct_no_clinical"] == gaps["pct_no_clinical"]
    assert rows[None]["pct_no_clinical"] == pytest.approx(26.4)


def test_training_top_need_matches_the_theme_table(sample: SurveyData) -> None:
    rows = rows_by_locality(sample.locality_comparison("training", "SPLW", WAVE))
    theme = sample.theme("training", "SPLW", WAVE, "Manchester").filter(
        (pl.col("question_id") == "training_needs") & pl.col("option").is_not_null()
    )
    best = theme["count"].max()
    tops = theme.filter(pl.col("count") == best)["option"].to_list()
    assert rows["Manchester"]["top_need"] == " / ".join(tops)
    assert rows["Manchester"]["top_need_count"] == best


def test_mdt_and_demographics_shares(sample: SurveyData) -> None:
    mdt = rows_by_locality(sample.locality_comparison("mdt_outcomes", "CC", WAVE))
    theme = sample.theme("mdt_outcomes", "CC", WAVE, "Bolton")
    yes = theme.filter((pl.col("question_id") == "mdt_member") & (pl.col("option") == "Yes"))
    assert mdt["Bolton"]["pct_mdt"] == yes["pct"][0]
    assert mdt[None]["top_outcome_measure"] is not None
    assert mdt[None]["top_outcome_measure"] != "None"
    demo = rows_by_locality(sample.locality_comparison("demographics", "CC", WAVE))
    assert demo[None]["respondents"] == 33
    assert 0 <= demo["Manchester"]["pct_full_time"] <= 100


def test_unknown_theme_is_a_usage_error(sample: SurveyData) -> None:
    with pytest.raises(UsageError, match="unknown theme"):
        sample.locality_comparison("low_scores", "SPLW", WAVE)


# -- one statement across localities -----------------------------------------------------
def test_statement_by_locality(sample: SurveyData) -> None:
    frame = sample.statement_by_locality("rs_caseload", "SPLW", WAVE)
    assert frame.columns == [
        "wave",
        "role",
        "locality",
        "question_id",
        "statement",
        "respondents",
        "n",
        "n_not_answered",
        "mean",
        "n_1",
        "n_2",
        "n_3",
        "n_4",
        "n_5",
        "mean_ci_low",
        "mean_ci_high",
        "pct_favourable",
        "pct_neutral",
        "pct_unfavourable",
        "low_base",
        "rest_mean",
        "vs_rest_significant",
        "suppressed",
        "note",
    ]
    assert frame["locality"].to_list() == [None, *sample.known_localities()]
    rows = rows_by_locality(frame)
    likert = (
        sample.likert("role_support", "SPLW", WAVE, "Bolton")
        .filter(pl.col("question_id") == "rs_caseload")
        .row(0, named=True)
    )
    for key in ("n", "mean", "n_1", "n_2", "n_3", "n_4", "n_5"):
        assert rows["Bolton"][key] == likert[key]
    assert rows[None]["n"] == 53
    for name in ("Bury", "Tameside and Glossop", "Trafford"):
        assert rows[name]["suppressed"] and rows[name]["mean"] is None
        assert rows[name]["n_1"] is None and rows[name]["respondents"] is None
    assert set(frame["statement"]) == {"My caseload is manageable"}


def test_statement_by_locality_hwc_and_empty_localities(sample: SurveyData) -> None:
    rows = rows_by_locality(
        sample.statement_by_locality("sup_needs", "HWC", WAVE, include_total=False)
    )
    assert None not in rows
    assert rows["Bolton"]["n"] == 0 and rows["Bolton"]["note"] == "no responses"
    assert rows["Bolton"]["mean"] is None and not rows["Bolton"]["suppressed"]
    for name in ("Manchester", "Salford", "Wigan"):
        assert rows[name]["n"] is None and rows[name]["note"] == "fewer than 5"


def test_statement_by_locality_rejects_a_non_likert_question(sample: SurveyData) -> None:
    with pytest.raises(UsageError, match="rs_clarity"):
        sample.statement_by_locality("training_needs", "SPLW", WAVE)


# -- through the summary command ---------------------------------------------------------
def test_summary_by_locality_formats(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "220")
    assert main(["summary", "--role", "HWC", "--theme", "training", "--by-locality"]) == 0
    out = capsys.readouterr().out
    assert out.count("fewer than 5") == 3 and out.count("no responses") == 7
    assert (
        main(
            ["summary", "--role", "HWC", "--theme", "training", "--by-locality", "--format", "csv"]
        )
        == 0
    )
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["locality"] for r in rows][1:4] == ["Bolton", "Bury", "Manchester"]
    manchester = rows[3]
    assert manchester["top_need"] == "" and manchester["note"] == "fewer than 5"
    assert (
        main(
            ["summary", "--role", "HWC", "--theme", "training", "--by-locality", "--format", "json"]
        )
        == 0
    )
    payload = json.loads(capsys.readouterr().out)
    assert payload["view"] == "training_by_locality"
    assert payload["rows"][0]["top_need"] is not None  # the role total


def test_summary_by_locality_refuses_one_locality_and_special_views(capsys) -> None:
    assert (
        main(
            [
                "summary",
                "--role",
                "HWC",
                "--theme",
                "training",
                "--by-locality",
                "--locality",
                "Wigan",
            ]
        )
        == 2
    )
    assert "--by-locality" in capsys.readouterr().err
    assert main(["summary", "--role", "HWC", "--theme", "low_scores", "--by-locality"]) == 2
    assert "training" in capsys.readouterr().err


def test_a_role_nobody_answered_as_is_an_explicit_empty_state(tmp_path, capsys) -> None:
    from tests.survey_builder import Person, build_survey

    db = build_survey(tmp_path, [Person("CC", "Bolton")] * 6)
    data = SurveyData(db)
    try:
        assert data.respondents("SPLW", WAVE) == 0
        assert data.group_status("SPLW", WAVE).no_responses
        frame = data.locality_comparison("training", "SPLW", WAVE)
        assert frame["locality"].to_list() == [None, *data.known_localities()]
        assert set(frame["note"]) == {"no responses"} and set(frame["respondents"]) == {0}
        statement = data.statement_by_locality("rs_clarity", "SPLW", WAVE)
        assert set(statement["n"]) == {0} and statement["mean"].null_count() == 11
        shown = rows_by_locality(data.locality_comparison("training", "CC", WAVE))
        assert shown["Bolton"]["respondents"] == 6 and shown["Bolton"]["top_need"]
    finally:
        data.close()
    assert main(["summary", "--db", str(db), "--role", "SPLW", "--theme", "training"]) == 0
    assert capsys.readouterr().out.strip().endswith("no responses")
