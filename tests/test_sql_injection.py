"""SQL text passed as a locality, role, theme or wave is a value, never SQL: summary exits 2
with one line and the survey file is unchanged; the data layer binds it as a parameter."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from file_helpers import sha256

from tui.cli import main
from tui.data import SurveyData
from tui.errors import UsageError
from tui.paths import SAMPLE_DB

INJECTIONS = [
    "'; DROP TABLE answers; --",
    '"; DROP TABLE answers; --',
    "x' OR '1'='1",
    "answers; DELETE FROM answers",
    "survey.answers",
]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    path = tmp_path / "survey.duckdb"
    shutil.copyfile(SAMPLE_DB, path)
    return path


def counts(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("answers", "respondents", "questions", "localities")
        }
    finally:
        con.close()


@pytest.mark.parametrize("text", INJECTIONS)
@pytest.mark.parametrize("flag", ["--locality", "--role", "--theme", "--wave"])
def test_summary_refuses_sql_as_a_value(copy: Path, capsys, flag: str, text: str) -> None:
    before, rows = sha256(copy), counts(copy)
    args = {"--role": "SPLW", "--theme": "training", flag: text}
    capsys.readouterr()
    code = main(["summary", "--db", str(copy), *[x for kv in args.items() for x in kv]])
    out = capsys.readouterr()
    assert code == 2 and out.out == ""
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("workforce-explorer: error: unknown"), lines
    assert sha256(copy) == before and counts(copy) == rows


@pytest.mark.parametrize("text", INJECTIONS)
def test_the_data_layer_binds_sql_as_a_value(copy: Path, text: str) -> None:
    before, rows = sha256(copy), counts(copy)
    data = SurveyData(copy)
    try:
        for resolve in (data.resolve_role, data.resolve_locality, data.resolve_wave):
            with pytest.raises(UsageError):
                resolve(text)
        with pytest.raises(UsageError):
            data.theme(text, "SPLW", 2023)
        with pytest.raises(UsageError):
            data.view(text, "SPLW", 2023)
        with pytest.raises(UsageError):
            data.locality_comparison(text, "SPLW", 2023)
        # unresolved values go straight to the queries as bound parameters: no rows
        low = data.low_scores("SPLW", 2023, locality=text)
        assert low.filter(low["statement"].is_not_null()).height == 0
        assert data.theme("training", text, 2023).height == 0
        assert data.comments(text, 2023).height == 0
        assert data.supervision_gaps("SPLW", 2023, locality=text)["n_answered"].sum() in (0, None)
        assert data.view("training", "SPLW", 2023)["n_answered"].max() > 0  # still intact
    finally:
        data.close()
    assert sha256(copy) == before and counts(copy) == rows
