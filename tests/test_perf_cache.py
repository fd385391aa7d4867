"""Speed-ups that must not change what a reader sees.

The data layer remembers answers per query and parameters (the file is READ_ONLY), and
the palette reads its statements when it first opens rather than at start-up.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
import pytest
from explorer_helpers import count_reads, make_app, pane, record_reads, settle
from textual.widgets import TabbedContent

from tui.data import SurveyData
from tui.paths import SAMPLE_DB
from tui.widgets.role_pane import ReadingTable

WAVE = 2023
SHOWN = ["Bolton", "Manchester", "Salford"]  # SPLW localities of 5 or more


@pytest.fixture()
def data() -> SurveyData:
    opened = SurveyData(SAMPLE_DB)
    yield opened
    opened.close()


@pytest.fixture()
def fresh() -> Callable[..., pl.DataFrame]:
    """The same figures from a newly opened file: nothing remembered. Each answer is
    read once, and the second round is checked against the first round's reading."""
    answers: dict[tuple[object, ...], pl.DataFrame] = {}

    def read(method: str, *args: object) -> pl.DataFrame:
        key = (method, *args)
        if key not in answers:
            other = SurveyData(SAMPLE_DB)
            try:
                answers[key] = getattr(other, method)(*args)
            finally:
                other.close()
        return answers[key]

    return read


@pytest.mark.reads_the_file  # `fresh` reads the file, not answers kept from earlier tests
def test_a_lead_switching_localities_sees_each_localitys_own_figures(
    data: SurveyData, fresh: Callable[..., pl.DataFrame]
) -> None:
    # Every locality asked twice, in turn, so the second round is answered from memory.
    for _round in range(2):
        for locality in [*SHOWN, None]:
            for theme in ("role_support", "training"):
                got = data.theme(theme, "SPLW", WAVE, locality)
                assert got.equals(fresh("theme", theme, "SPLW", WAVE, locality))
                assert set(got["locality"].to_list()) == {locality}
            low = data.low_scores("SPLW", WAVE, locality)
            assert low.equals(fresh("low_scores", "SPLW", WAVE, locality))
            gaps = data.supervision_gaps("SPLW", WAVE, locality)
            assert gaps.equals(fresh("supervision_gaps", "SPLW", WAVE, locality))
    counts = {loc: data.supervision_gaps("SPLW", WAVE, loc)["respondents"][0] for loc in SHOWN}
    assert counts == {"Bolton": 6, "Manchester": 9, "Salford": 6}


def test_a_remembered_answer_is_still_suppressed_when_the_threshold_rises(data: SurveyData) -> None:
    shown = data.theme("training", "SPLW", WAVE, "Bolton")  # 6 respondents: shown
    assert not shown["suppressed"].any() and shown["count"].drop_nulls().len() > 0
    data.min_group = 7
    hidden = data.theme("training", "SPLW", WAVE, "Bolton")
    assert hidden["suppressed"].all()
    assert hidden["count"].null_count() == hidden.height
    assert data.low_scores("SPLW", WAVE, "Bolton")["statement"].to_list() == [None]


def test_changing_a_returned_frame_does_not_change_the_next_answer(data: SurveyData) -> None:
    first = data.query("likert", theme="role_support", role="SPLW", wave=WAVE, locality=None)
    height = first.height
    first.drop_in_place("mean")
    first.clear()
    again = data.query("likert", theme="role_support", role="SPLW", wave=WAVE, locality=None)
    assert again.height == height and "mean" in again.columns


async def test_the_palette_finds_a_statement_read_only_when_it_opens() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.statements == []  # nothing read for the palette at start-up
        await pilot.press("ctrl+p", *"SPLW: suitable space")
        await settle(pilot)  # the palette's search (a worker) has answered
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one(TabbedContent).active == "role-0"
        table = pane(app).query_one(ReadingTable)
        assert table.current().statement == "I have access to a suitable space to see clients"
        assert {role for role, *_ in app.statements} == set(app.role_labels)


async def settle_until(pilot, done, rounds: int = 200) -> None:
    """Settle until `done()`: a read-ahead timer (1 ms here) fires on a later turn of
    the event loop than the one that set it."""
    for _ in range(rounds):
        await settle(pilot)
        if done():
            await settle(pilot)
            return
    raise AssertionError("the read-ahead never started")


async def test_other_tabs_are_read_ahead_so_a_first_visit_reads_nothing(
    prefetch_at_once: None,
) -> None:
    app = make_app(locality="Bolton", fresh=True)
    reads = count_reads(app.data)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the first tab's rows
        # and, at once, the read-ahead of the other tabs' Overviews
        await settle_until(pilot, lambda: (app.wave, "Bolton") in app.prefetched)
        reads.clear()
        await pilot.press("2")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › CC › Bolton › Overview"
        assert pane(app).shown == pane(app).request()
        assert reads == [], f"read from the file on a first visit: {reads}"


async def test_resting_on_a_locality_reads_it_so_enter_draws_it_at_once(
    dwell_at_once: None,
) -> None:
    app = make_app(fresh=True)
    reads = record_reads(app.data)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reads.clear()
        await pilot.press("l", "j", "j")  # All localities, Bolton, Bury
        # The list rests on Bury: read (the localities beside it may still be read
        # when Enter closes the list, which stops that).
        await settle_until(pilot, lambda: "Bury" in {loc for _, loc in reads})
        reads.clear()
        await pilot.press("enter")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › Bury › Overview"
        assert pane(app).shown == pane(app).request()
        bury = [name for name, loc in reads if loc == "Bury"]
        assert bury == [], f"read Bury from the file after Enter: {bury}"


async def test_the_garbage_collector_is_frozen_once_not_checked_at_every_pane(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The explorer freezes what start-up made once, after the first rows. Asking the
    collector whether it is frozen walks every frozen object (~20 ms per million, and
    pytest freezes a million at collection); asked at every pane shown, as before, each
    tab and section paid it again."""
    import gc

    import tui.app

    asked: list[int] = []
    froze: list[int] = []
    count = gc.get_freeze_count
    monkeypatch.setattr(tui.app, "_frozen", False, raising=False)
    monkeypatch.setattr(tui.app.gc, "get_freeze_count", lambda: asked.append(1) or count())
    monkeypatch.setattr(tui.app.gc, "freeze", lambda: froze.append(1))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in ("2", "3", "1", "j", "enter"):
            await pilot.press(key)
            await settle(pilot)
        assert app.query_one(TabbedContent).active == "role-0"
    assert len(asked) == 1
    assert froze == ([] if count() else [1])  # pytest froze first
