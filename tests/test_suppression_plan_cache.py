"""Suppression plans are made once per role, wave and threshold (issue 17, speed), and
a changed threshold is obeyed at once: no figure is shown, or hidden, by a stale plan."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tui.data import SurveyData
from tui.paths import SAMPLE_DB

WAVE = 2023
# The sample's H&WCs: Manchester 3, Salford 2, Wigan 1 respondents.


@pytest.fixture()
def fresh() -> Iterator[SurveyData]:
    data = SurveyData(SAMPLE_DB)
    yield data
    data.close()


def manchester_employment(data: SurveyData) -> list[int | None]:
    frame = data.theme("demographics", "HWC", WAVE, "Manchester", change=False)
    return frame.filter(frame["question_id"] == "employment")["count"].to_list()


def test_raising_and_lowering_min_group_after_a_read_changes_what_is_hidden(
    fresh: SurveyData,
) -> None:
    fresh.min_group = 5
    assert fresh.respondents("HWC", WAVE, "Manchester") is None
    assert all(n is None for n in manchester_employment(fresh))
    assert fresh.group_status("HWC", WAVE, "Manchester").note == "fewer than 5"

    fresh.min_group = 3  # Manchester's 3 now reach K; Salford 2 and Wigan 1 do not
    assert fresh.respondents("HWC", WAVE, "Manchester") == 3
    shown = manchester_employment(fresh)
    assert shown and sum(n or 0 for n in shown) > 0
    assert fresh.respondents("HWC", WAVE, "Salford") is None
    assert fresh.group_status("HWC", WAVE, "Wigan").note == "fewer than 3"

    fresh.min_group = 5  # and back: hidden again, from the same open file
    assert fresh.respondents("HWC", WAVE, "Manchester") is None
    assert all(n is None for n in manchester_employment(fresh))


def test_the_overview_card_follows_a_changed_threshold(fresh: SurveyData) -> None:
    fresh.min_group = 5
    hidden = fresh.overview("HWC", WAVE, "Manchester")
    assert hidden["suppressed"].all() and hidden["note"][0] == "fewer than 5"
    fresh.min_group = 3
    shown = fresh.overview("HWC", WAVE, "Manchester")
    assert not shown["suppressed"].any()
    responses = shown.filter(shown["figure"] == "responses")
    assert responses["count"].to_list() == [3]


def test_the_comments_floor_is_planned_afresh_when_min_comments_changes(
    fresh: SurveyData,
) -> None:
    fresh.min_group = 1
    fresh.min_comments = 10
    few = fresh.comments("HWC", WAVE, locality="Manchester")
    assert few.height == 1 and few["comment"][0] is None and few["suppressed"][0]
    fresh.min_comments = 1
    shown = fresh.comments("HWC", WAVE, locality="Manchester")
    assert not shown["suppressed"].any()
    fresh.min_comments = 10
    again = fresh.comments("HWC", WAVE, locality="Manchester")
    assert again.height == 1 and again["comment"][0] is None and again["suppressed"][0]


def test_a_plan_answers_about_localities_it_does_not_hold() -> None:
    from tui.suppression import plan

    p = plan([("A", 6), ("B", 0), ("C", 7)], 5)
    assert p.status("Elsewhere").no_responses and p.respondents_of("Elsewhere") == 0
    assert p.status("C").respondents == 7 and p.status("C") is p.status("C")
    assert p.status(None).respondents == 13
