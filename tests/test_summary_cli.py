"""A lead prints a view with `workforce-explorer summary` as a table, CSV or JSON.

What it prints must be what the data layer returns for the same role, view and locality.
The first test runs the command as a user runs it (`python -m tui summary ...` in a new
process) and checks the process prints exactly what the command line's entry function
prints in this process; the others call that function here (a new Python importing DuckDB
and polars costs ~0.5 s a call and proves nothing more about the figures).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest
from file_helpers import summary_here
from hostile_data import recount

from tui.data import SurveyData
from tui.paths import SAMPLE_DB

ROOT = Path(__file__).resolve().parent.parent
WAVE = 2023
SPLW_BELOW_3 = [
    "I have clarity on the scope of my role",
    "My caseload is manageable",
    "I feel valued in my role",
    "I have sufficient time to spend with my clients",
]


def summary(*args: str, db: Path | None = None) -> str:
    """Run `summary` (the command line's entry function, in this process) for a wide
    terminal, so table rows do not fold; check it succeeded quietly, return what it
    printed."""
    result = summary_here(*args, db=db, columns=200)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def as_a_user_runs_it(*args: str) -> str:
    """`python -m tui summary ARGS` in a new process, as a user runs it."""
    env = {**os.environ, "COLUMNS": "200"}
    result = subprocess.run(
        [sys.executable, "-m", "tui", "summary", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def csv_value(cell: str, dtype: pl.DataType) -> Any:
    if cell == "":
        return None
    if dtype.is_integer():
        return int(cell)
    if dtype.is_float():
        return float(cell)
    if dtype == pl.Boolean:
        return {"true": True, "false": False}[cell]
    return cell


def assert_csv_matches(text: str, frame: pl.DataFrame) -> None:
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == frame.columns
    assert len(rows) - 1 == frame.height
    for got, want in zip(rows[1:], frame.iter_rows(), strict=True):
        parsed = [csv_value(c, t) for c, t in zip(got, frame.dtypes, strict=True)]
        for value, expected in zip(parsed, want, strict=True):
            if isinstance(expected, float):
                assert value == pytest.approx(expected, rel=1e-12)
            else:
                assert value == expected


# -- table ------------------------------------------------------------------------------------
def test_table_lists_the_four_splw_statements_below_3() -> None:
    out = as_a_user_runs_it("--role", "SPLW", "--theme", "low_scores")
    assert out == summary("--role", "SPLW", "--theme", "low_scores")
    for statement in SPLW_BELOW_3:
        assert statement in out
    assert "I feel confident in carrying out my role" not in out
    assert "2023 › SPLW › All localities" in out


def test_table_of_a_theme_shows_its_title_and_answers(sample: SurveyData) -> None:
    out = summary("--role", "CC", "--theme", "training")
    assert "2023 › CC › All localities › Training and development" in out
    frame = sample.theme("training", "CC", WAVE)
    for option in frame["option"].drop_nulls():
        assert option in out


def test_table_with_no_low_scores_does_not_claim_there_were_no_responses(tmp_path: Path) -> None:
    # Every statement scored 5 by everyone: 53 SPLWs responded, none below 3.
    path = tmp_path / "all_fives.duckdb"
    path.write_bytes(SAMPLE_DB.read_bytes())
    con = duckdb.connect(str(path))
    con.execute("UPDATE answers SET score = 5, option_order = 4 WHERE score IS NOT NULL")
    con.close()
    recount(path)
    out = summary("--role", "SPLW", "--theme", "low_scores", db=path)
    assert "2023 › SPLW › All localities" in out
    assert "no responses" not in out


# -- CSV --------------------------------------------------------------------------------------
@pytest.mark.parametrize("view", ["training", "role_support", "low_scores", "supervision_gaps"])
def test_csv_rows_match_the_data_layer(sample: SurveyData, view: str) -> None:
    out = summary("--role", "SPLW", "--theme", view, "--format", "csv")
    assert_csv_matches(out, sample.view(view, "SPLW", WAVE))


# -- JSON -------------------------------------------------------------------------------------
@pytest.mark.parametrize("view", ["engagement", "low_scores"])
def test_json_carries_the_rows_and_what_they_are(sample: SurveyData, view: str) -> None:
    payload = json.loads(summary("--role", "CC", "--theme", view, "--format", "json"))
    assert {k: payload[k] for k in ("wave", "role", "locality", "view")} == {
        "wave": WAVE,
        "role": "CC",
        "locality": None,
        "view": view,
    }
    assert payload["rows"] == sample.view(view, "CC", WAVE).to_dicts()


# -- the H&WC label and its code --------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_h_and_wc_and_hwc_give_the_same_output(fmt: str) -> None:
    outputs = {
        role: summary("--role", role, "--theme", "role_support", "--format", fmt)
        for role in ("h&wc", "HWC")
    }
    assert outputs["h&wc"] == outputs["HWC"]
    expected = "2023 › H&WC › All localities" if fmt == "table" else '"role": "HWC"'
    assert expected in outputs["HWC"]


# -- one locality -----------------------------------------------------------------------------
def test_locality_bolton_filters_the_figures(sample: SurveyData) -> None:
    payload = json.loads(
        summary(
            "--role",
            "SPLW",
            "--theme",
            "supervision_gaps",
            "--locality",
            "Bolton",
            "--format",
            "json",
        )
    )
    assert payload["locality"] == "Bolton"
    bolton = sample.supervision_gaps("SPLW", WAVE, "Bolton")
    assert payload["rows"] == bolton.to_dicts()
    places = sample.localities("SPLW", WAVE)
    in_bolton = places.filter(pl.col("locality") == "Bolton")["respondents"][0]
    assert payload["rows"][0]["respondents"] == in_bolton
    assert in_bolton < sample.supervision_gaps("SPLW", WAVE)["respondents"][0]


def test_locality_bolton_csv_matches_the_data_layer(sample: SurveyData) -> None:
    out = summary(
        "--role", "SPLW", "--theme", "training", "--locality", "bolton", "--format", "csv"
    )
    frame = sample.theme("training", "SPLW", WAVE, locality="Bolton")
    assert set(frame["locality"]) == {"Bolton"}
    assert_csv_matches(out, frame)
    assert frame["count"].to_list() != sample.theme("training", "SPLW", WAVE)["count"].to_list()


def test_locality_bolton_table_names_the_locality() -> None:
    out = summary("--role", "SPLW", "--theme", "low_scores", "--locality", "Bolton")
    assert "2023 › SPLW › Bolton ›" in out
