"""Start-up overlaps opening the file and reading the first view with loading Textual
(issue 17, speed): the first screen finds its figures read, errors opening the file
still come first as one line, and two readers of one answer read the file once."""

from __future__ import annotations

import threading
from pathlib import Path

import polars as pl
import pytest
from explorer_helpers import pane, settle

from tui import cli
from tui.app import WorkforceExplorer
from tui.data import SurveyData
from tui.paths import SAMPLE_DB
from tui.sections import Request, first_view, load_section
from tui.startup import Opening
from tui.widgets.overview import OverviewCard

WAVE = 2023


def count_reads(data: SurveyData) -> list[str]:
    """From now on, the name of every query `data` reads from the file (not from memory)."""
    reads: list[str] = []
    run = data._run

    def counting(name: str, params: dict) -> pl.DataFrame:
        reads.append(name)
        return run(name, params)

    data._run = counting  # type: ignore[method-assign]
    return reads


@pytest.fixture()
def no_screen(monkeypatch: pytest.MonkeyPatch) -> list[WorkforceExplorer]:
    """Record explorers started instead of drawing them."""
    started: list[WorkforceExplorer] = []
    monkeypatch.setattr(WorkforceExplorer, "run", lambda self: started.append(self))
    monkeypatch.setenv("WORKFORCE_EXPLORER_CONFIG", "")
    return started


# -- what is read first -------------------------------------------------------------------
def test_the_first_view_is_the_remembered_place_or_the_first_roles_overview() -> None:
    data = SurveyData(SAMPLE_DB)
    try:
        assert first_view(data, WAVE, {}) == Request("SPLW", WAVE, None, "overview")
        remembered = {"role": "CC", "section": "training", "locality": "Bolton"}
        assert first_view(data, WAVE, remembered) == Request("CC", WAVE, "Bolton", "training")
        # a place the file no longer holds falls back as the explorer does
        gone = {"role": "XYZ", "section": "training", "locality": "Atlantis"}
        assert first_view(data, WAVE, gone) == Request("SPLW", WAVE, None, "overview")
        assert first_view(data, WAVE, {"role": "all-roles"}) is None
    finally:
        data.close()


async def test_the_first_tab_finds_its_overview_read_while_textual_started() -> None:
    opening = Opening(lambda: SurveyData(SAMPLE_DB), lambda d: first_view(d, WAVE, {}))
    data = opening.data()
    opening.join()
    assert opening.read == Request("SPLW", WAVE, None, "overview")
    reads = count_reads(data)
    app = WorkforceExplorer(data, wave=WAVE)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › All localities › Overview"
        assert pane(app).shown == pane(app).request()
        assert "Top training need" in pane(app).query_one(OverviewCard).plain_text(width=200)
        # only what the start-up read does not cover (the other tabs' read-ahead
        # comes 0.3 s later and is not waited for here)
        assert "theme" not in reads and "likert" not in reads, reads
    data.close()


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


def test_a_good_file_starts_the_explorer_on_the_wave_asked(
    no_screen: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    openings: list[Opening] = []

    class Recorded(Opening):
        def __init__(self, *args: object) -> None:
            super().__init__(*args)  # type: ignore[arg-type]
            openings.append(self)

    monkeypatch.setattr("tui.startup.Opening", Recorded)
    assert cli.main([str(SAMPLE_DB), "--fresh"]) == 0
    (app,) = no_screen
    assert app.wave == WAVE and app.data.path == SAMPLE_DB
    (opening,) = openings
    opening.join()
    assert opening.read == Request("SPLW", WAVE, None, "overview")
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


def test_reading_ahead_then_reading_gives_the_same_figures() -> None:
    ahead, cold = SurveyData(SAMPLE_DB), SurveyData(SAMPLE_DB)
    req = Request("CC", WAVE, "Bolton", "overview")
    opening = Opening(lambda: ahead, lambda d: req)
    opening.join()
    warm = load_section(opening.data(), req)
    fresh = load_section(cold, req)
    assert warm.keys() == fresh.keys()
    for name in warm:
        assert warm[name].equals(fresh[name]), name
    ahead.close()
    cold.close()


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


def test_the_first_tab_takes_the_figures_read_at_start_up_without_working_them_out() -> None:
    data = SurveyData(SAMPLE_DB)
    req = Request("SPLW", WAVE, None, "overview")
    opening = Opening(lambda: data, lambda d: req)
    opening.join()
    worked: list[str] = []
    theme = data.theme

    def counting(name: str, *args: object, **kwargs: object) -> pl.DataFrame:
        worked.append(name)
        return theme(name, *args, **kwargs)

    data.theme = counting  # type: ignore[method-assign]
    handed = load_section(data, req)
    assert worked == []  # handed over, not worked out again
    again = load_section(data, req)  # once only: the next request works it out
    assert worked == ["demographics", "training"]
    for name in handed:
        assert handed[name].equals(again[name]), name
    data.close()


def test_a_threshold_changed_after_the_start_up_read_is_obeyed() -> None:
    data = SurveyData(SAMPLE_DB)  # K = 5: Manchester's 3 H&WCs are hidden
    req = Request("HWC", WAVE, "Manchester", "overview")
    opening = Opening(lambda: data, lambda d: req)
    opening.join()
    assert opening.read == req
    data.min_group = 3
    frames = load_section(data, req)
    demographics = frames["demographics"]
    assert not demographics["suppressed"].any()
    assert demographics["count"].drop_nulls().sum() > 0
    data.close()


def test_a_start_up_read_never_taken_is_not_handed_to_another_open_file() -> None:
    import gc

    req = Request("SPLW", WAVE, None, "overview")
    opening = Opening(lambda: SurveyData(SAMPLE_DB), lambda d: req)
    opening.join()
    opening.data().close()
    del opening
    gc.collect()
    other = SurveyData(SAMPLE_DB, min_group=5)
    worked: list[str] = []
    theme = other.theme

    def counting(name: str, *args: object, **kwargs: object) -> pl.DataFrame:
        worked.append(name)
        return theme(name, *args, **kwargs)

    other.theme = counting  # type: ignore[method-assign]
    load_section(other, req)
    assert worked == ["demographics", "training"]  # its own reads, not another file's
    other.close()
