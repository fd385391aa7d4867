"""Reads made once (issue 17, speed): two readers of one answer read the file once (the
read-ahead and the pane asking for the same Overview), the waves, roles and localities
are read once per open file, and errors opening the file still come first, one line."""

from __future__ import annotations

import threading
from pathlib import Path

import polars as pl
import pytest

from tui import cli
from tui.app import WorkforceExplorer
from tui.data import SurveyData
from tui.paths import SAMPLE_DB

WAVE = 2023


@pytest.fixture()
def no_screen(monkeypatch: pytest.MonkeyPatch) -> list[WorkforceExplorer]:
    """Record explorers started instead of drawing them."""
    started: list[WorkforceExplorer] = []
    monkeypatch.setattr(WorkforceExplorer, "run", lambda self: started.append(self))
    monkeypatch.setenv("WORKFORCE_EXPLORER_CONFIG", "")
    return started


# -- errors still come first --------------------------------------------------------------
def test_a_bad_file_is_one_line_and_exit_2_before_any_screen(
    tmp_path: Path, no_screen: list, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "survey.duckdb"
    bad.write_bytes(b"not a database at all, just text\n" * 4)
    assert cli.main([str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0] and "not a DuckDB database" in err[0]
    assert no_screen == []


def test_an_unknown_wave_is_one_line_and_exit_2_before_any_screen(
    no_screen: list, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([str(SAMPLE_DB), "--wave", "1999", "--fresh"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "1999" in err[0] and "2023" in err[0]
    assert no_screen == []


def test_a_bad_threshold_is_one_line_and_exit_2_before_any_screen(
    no_screen: list, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([str(SAMPLE_DB), "--min-group", "0", "--fresh"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--min-group" in err[0]
    assert no_screen == []


def test_a_good_file_starts_the_explorer_on_the_wave_asked(no_screen: list) -> None:
    assert cli.main([str(SAMPLE_DB), "--fresh"]) == 0
    (app,) = no_screen
    assert app.wave == WAVE and app.data.path == SAMPLE_DB
    app.data.close()


# -- one read for two readers ---------------------------------------------------------------
def test_two_readers_of_one_answer_read_the_file_once() -> None:
    data = SurveyData(SAMPLE_DB)
    inside, release = threading.Event(), threading.Event()
    reads: list[str] = []
    run = data._run

    def slow(name: str, params: dict) -> pl.DataFrame:
        reads.append(name)
        inside.set()
        release.wait(30)
        return run(name, params)

    data._run = slow  # type: ignore[method-assign]
    params = {"theme": "role_support", "role": "SPLW", "wave": WAVE, "locality": None}
    answers: dict[str, pl.DataFrame] = {}
    first = threading.Thread(target=lambda: answers.update(a=data.query("likert", **params)))
    first.start()
    assert inside.wait(30)
    second = threading.Thread(target=lambda: answers.update(b=data.query("likert", **params)))
    second.start()
    release.set()
    first.join(30)
    second.join(30)
    assert reads == ["likert"]
    assert answers["a"].height > 0 and answers["a"].equals(answers["b"])
    data.close()


def test_a_reader_waiting_on_a_failed_read_gets_the_error_itself() -> None:
    data = SurveyData(SAMPLE_DB)
    inside, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def failing(name: str, params: dict) -> pl.DataFrame:
        calls.append(name)
        if len(calls) == 1:
            inside.set()
            release.wait(30)
        raise RuntimeError("the file went away")

    data._run = failing  # type: ignore[method-assign]
    errors: list[str] = []

    def ask() -> None:
        try:
            data.query("waves")
        except RuntimeError as exc:
            errors.append(str(exc))

    first = threading.Thread(target=ask)
    first.start()
    assert inside.wait(30)
    second = threading.Thread(target=ask)
    second.start()
    release.set()
    first.join(30)
    second.join(30)
    assert errors == ["the file went away"] * 2
    data.close()


def test_waves_roles_and_localities_are_read_once_and_handed_out_as_copies() -> None:
    data = SurveyData(SAMPLE_DB)
    reads: list[str] = []
    fetch = data._fetch

    def counting(name: str, params: dict):  # noqa: ANN202
        reads.append(name)
        return fetch(name, params)

    data._fetch = counting  # type: ignore[method-assign]
    roles = data.role_records()
    roles[0]["label"] = "changed by a caller"
    roles.clear()
    assert [r["role"] for r in data.role_records()] == ["SPLW", "CC", "HWC"]
    assert data.role_label("SPLW") != "changed by a caller"
    assert data.latest_wave() == WAVE and data.resolve_wave(None) == WAVE
    assert "Bolton" in data.known_localities() and "Bolton" in data.known_localities()
    assert sorted(reads) == ["all_roles", "known_localities", "waves"]
    data.close()
