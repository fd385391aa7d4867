"""A drill's Overview reads its two themes in one statement (issue 17, speed), and every
path still gets the same figures through the data layer."""

from __future__ import annotations

import itertools

from explorer_helpers import count_reads

from tui.codebook import THEMES
from tui.data import SurveyData
from tui.paths import SAMPLE_DB
from tui.sections import load_overview

WAVE = 2023


def test_themes_read_together_give_the_figures_read_one_by_one(sample: SurveyData) -> None:
    """Every theme of every role, for the role and each locality (hidden ones too), read
    together with the others then asked for: the same frame as read on its own."""
    together = SurveyData(SAMPLE_DB)
    themes = tuple(THEMES)
    roles = [r["role"] for r in sample.role_records()]
    places = [None, *sample.known_localities()]
    for role, place in itertools.product(roles, places):
        together.read_themes(themes, role, WAVE, place)
        for theme in themes:
            got = together.theme(theme, role, WAVE, place)
            alone = sample.theme(theme, role, WAVE, place)
            assert got.equals(alone), (theme, role, place)
            assert got.schema == alone.schema
        # the view a summary or an export asks for goes through the same frames
        assert together.view("training", role, WAVE, place).equals(
            sample.view("training", role, WAVE, place)
        )
    together.close()


def test_a_drills_overview_reads_the_file_four_times() -> None:
    """Drilling into a locality (the role's own figures already read): its card's
    demographics and training come from one statement, so four statements in all, and
    the card's figures are those read one by one."""
    data = SurveyData(SAMPLE_DB)
    load_overview(data, "SPLW", WAVE, None)  # the role's card, as at start
    statements = count_reads(data)
    frames = load_overview(data, "SPLW", WAVE, "Bury")
    assert sorted(statements) == ["likert", "low_scores", "supervision_gaps", "themes"]
    alone = SurveyData(SAMPLE_DB)
    assert frames["demographics"].equals(
        alone.theme("demographics", "SPLW", WAVE, "Bury", change=False)
    )
    assert frames["training"].equals(alone.theme("training", "SPLW", WAVE, "Bury", change=False))
    alone.close()
    data.close()
