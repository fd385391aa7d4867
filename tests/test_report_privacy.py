"""A lead takes a handout into a session; a group under 5 never shows a figure.

The handout for a role in a locality is the explorer's session card as slides.  A group
with fewer than 5 respondents gets no deck at all (exit code 3, nothing written), and in a
whole-wave deck for one locality its section carries no figure anywhere in the file: not
in text, tables, chart data, embedded workbooks or speaker notes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.deck_reading import SlideSeen, find, read_deck, slides_of
from tui.cli import main
from tui.data import SurveyData

WAVE = 2023


def test_handout_for_cc_in_bolton_is_the_session_card(tmp_path: Path, sample: SurveyData) -> None:
    out = tmp_path / "cc-bolton.pptx"
    assert main(["report", "--role", "CC", "--locality", "bolton", "--out", str(out)]) == 0
    deck = read_deck(out)
    assert len(deck) == 2
    card = deck[0]
    assert card.title == "CC in Bolton"
    rows = {row[0]: row[1] for row in card.tables[0]}
    respondents = sample.respondents("CC", WAVE, "Bolton")
    assert rows["Responses"].startswith(f"{respondents} in Bolton")
    gaps = sample.supervision_gaps("CC", WAVE, "Bolton").row(0, named=True)
    assert re.match(
        rf"{gaps['pct_no_clinical']:.0f}% \({gaps['n_no_clinical']} of "
        rf"{gaps['n_answered']}[;)].* have no clinical",
        rows["Supervision gap"],
    )
    low = sample.low_scores("CC", WAVE, "Bolton")
    for statement in low["statement"]:
        assert statement in rows["Rated below 3"]
    chart = deck[1].charts[0]
    likert = sample.likert("role_support", "CC", WAVE, "Bolton")
    assert [[chart.series[s][i] for s in chart.series] for i in range(len(chart.categories))] == [
        [r[f"n_{k}"] for k in range(1, 6)] for r in likert.iter_rows(named=True)
    ]


def test_a_group_under_5_gets_no_deck(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "cc-rochdale.pptx"
    code = main(["report", "--role", "CC", "--locality", "Rochdale", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 3
    assert "fewer than 5 responded" in err and "no deck written" in err
    assert list(tmp_path.iterdir()) == []  # nothing, not even a temp file
    code = main(
        [
            "report",
            "--role",
            "CC",
            "--locality",
            "Rochdale",
            "--draft-notes",
            str(tmp_path / "notes.md"),
        ]
    )
    assert code == 3 and list(tmp_path.iterdir()) == []


def _figures_left(slide: SlideSeen) -> str:
    """The slide's text with what is not a figure about people taken out: the wave, the
    threshold in "fewer than 5", the footer and the slide number."""
    text = slide.all_text()
    text = re.sub(r"(?i)(fewer than|under) 5\b", "", text).replace(str(WAVE), "")
    return re.sub(rf"(?m) · {slide.number}$", "", text)


@pytest.fixture(scope="module")
def rochdale(tmp_path_factory: pytest.TempPathFactory) -> list[SlideSeen]:
    out = tmp_path_factory.mktemp("rochdale") / "rochdale.pptx"
    assert main(["report", "--locality", "Rochdale", "--out", str(out)]) == 0
    return read_deck(out)


def test_a_suppressed_role_in_a_locality_deck_carries_no_figure(rochdale) -> None:
    cc = slides_of(rochdale, "CC")
    assert len(cc) == 1
    assert "Fewer than 5 CC responded in Rochdale" in cc[0].all_text()
    assert not cc[0].charts and not cc[0].tables
    left = _figures_left(cc[0])
    assert not re.search(r"\d", left), left
    # Every chart in the file is about a group that may be shown (SPLW in Rochdale).
    for slide in rochdale:
        if slide.charts:
            assert slide.kicker.startswith("SPLW · Rochdale"), slide.title
    assert "CC: fewer than 5 in Rochdale" in rochdale[0].all_text()


def test_shown_role_in_the_locality_deck_reconciles(rochdale, sample: SurveyData) -> None:
    slide = find(rochdale, "SPLW", "Training and development")
    theme = sample.theme("training", "SPLW", WAVE, "Rochdale")
    counts = {
        r["option"]: r["count"]
        for r in theme.iter_rows(named=True)
        if r["question_id"] == "training_needs"
    }
    assert slide.charts[0].values() == counts


def test_hidden_localities_show_their_note_not_their_count(tmp_path: Path) -> None:
    out = tmp_path / "wave.pptx"
    assert main(["report", "--role", "SPLW", "--out", str(out)]) == 0
    deck = read_deck(out)
    who = find(deck, "SPLW", "Social Prescribing Link Workers (SPLW)")
    rows = {row[0]: row[1] for row in who.tables[0][1:]}
    for hidden in ("Bury", "Tameside and Glossop", "Trafford"):
        assert rows[hidden] == "fewer than 5"
    for slide in deck:  # no chart or text line gives a hidden locality's count
        for chart in slide.charts:
            assert not {"Bury", "Trafford"} & set(chart.categories)
        for line in slide.all_text().splitlines():
            if "Bury" in line:
                assert "fewer than 5" in line, line
