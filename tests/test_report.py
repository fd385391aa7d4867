"""A lead writes the 2023 annual report deck and checks it against the published report.

Each check opens the generated .pptx with python-pptx and reads what a reader of the deck
sees (slide text, tables, the charts' data and their embedded workbooks, speaker notes).
Published figures are typed in as /work/shared/report-2023-figures.md states them; chart
data are reconciled with the data layer's frames (SurveyData), never with the sample's
generator.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.deck_reading import SlideSeen, find, read_deck, slides_of
from tui.cli import main
from tui.data import SurveyData

WAVE = 2023
SPLW_BELOW_3 = {
    "I have clarity on the scope of my role",
    "My caseload is manageable",
    "I feel valued in my role",
    "I have sufficient time to spend with my clients",
}


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> list[SlideSeen]:
    out = tmp_path_factory.mktemp("deck") / "report-2023.pptx"
    assert main(["report", "--out", str(out)]) == 0
    return read_deck(out)


def likert_chart(slide: SlideSeen):
    (chart,) = [c for c in slide.charts if "100" in c.chart_type]
    return chart


def statement_of(category: str) -> str:
    """The statement in a Likert category label 'Statement (2.85, n 53)  ▼ below 3'."""
    return re.sub(r" \([^()]*, n \d+\).*$", "", category)


def test_title_names_the_survey_the_publisher_and_that_the_data_are_synthetic(deck) -> None:
    title = deck[0]
    text = title.all_text()
    assert title.title == "SPLWs, CCs and H&WCs Workforce Survey 2023"
    assert "Greater Manchester Peer Support Network" in text
    assert "SYNTHETIC" in text
    assert deck[1].title == "Contents"
    assert all("SYNTHETIC data" in s.all_text() for s in deck)  # the footer


def test_responses_against_the_workforce(deck) -> None:
    text = deck[0].all_text()
    for published in ("SPLW: 53 of 263 (20%)", "CC: 33 of 120 (28%)", "H&WC: 6 of 25 (24%)"):
        assert published in text
    who = find(deck, "SPLW", "Social Prescribing Link Workers (SPLW)")
    assert "53 of 263" in who.all_text()
    assert "Over 2 years: 24" in who.all_text() and "Part-time: 8" in who.all_text()
    assert "1 is a manager or team lead" in who.all_text()  # one of 53 (not "team leads")
    assert "team leads" not in who.all_text()
    cc = find(deck, "CC", "Care Coordinators (CC)")
    assert "8 of 10 localities answered" in cc.all_text()
    hwc = find(deck, "H&WC", "Health and Wellbeing Coaches (H&WC)")
    assert "3 of 10 localities answered" in hwc.all_text()


def test_the_four_splw_statements_below_3_are_named_and_charted(deck, sample: SurveyData) -> None:
    slide = find(deck, "SPLW", "Role and wider support")
    chart = likert_chart(slide)
    flagged = {statement_of(c) for c in chart.categories if "below 3" in c}
    assert flagged == SPLW_BELOW_3
    panel = slide.all_text().split("Rated below 3 of 5", 1)[1].split("Highest", 1)[0]
    assert {s for s in SPLW_BELOW_3 if s in panel} == SPLW_BELOW_3
    # The chart's data are the data layer's counts of each score.
    likert = sample.likert("role_support", "SPLW", WAVE)
    expected = {
        r["statement"]: [r[f"n_{i}"] for i in range(1, 6)] for r in likert.iter_rows(named=True)
    }
    seen = {
        statement_of(c): [chart.series[name][i] for name in chart.series]
        for i, c in enumerate(chart.categories)
    }
    assert seen == expected
    table = find(deck, "SPLW", "Role and wider support: the figures").tables[0]
    below = {row[0] for row in table[1:] if "below 3" in row[-1]}
    assert below == SPLW_BELOW_3


def test_cc_highest_statement_is_confidence_in_the_role(deck) -> None:
    table = find(deck, "CC", "Role and wider support: the figures").tables[0]
    highest = [row[0] for row in table[1:] if "highest" in row[-1]]
    assert highest == ["I feel confident in carrying out my role"]
    panel = find(deck, "CC", "Role and wider support").all_text()
    assert "Highest\n• I feel confident in carrying out my role" in panel


def test_top_three_training_needs_in_order(deck, sample: SurveyData) -> None:
    slide = find(deck, "SPLW", "Training and development")
    (chart,) = slide.charts
    assert chart.categories[:3] == [
        "Trauma Informed Practice",
        "Health Coaching",
        "Identifying and Managing Suicide Risks",
    ]
    assert (
        "1. Trauma Informed Practice" in slide.all_text()
        and "3. Identifying and Managing Suicide Risks" in slide.all_text()
    )
    theme = sample.theme("training", "SPLW", WAVE)
    counts = {
        r["option"]: r["count"]
        for r in theme.iter_rows(named=True)
        if r["question_id"] == "training_needs"
    }
    assert chart.values() == counts
    values = list(chart.values().values())
    assert values == sorted(values, reverse=True)  # sorted by count
    cc = find(deck, "CC", "Training and development").charts[0]
    assert cc.categories[:2] == ["Mental Health First Aid", "Identifying and Managing Suicide Risk"]


def test_no_clinical_supervision_26_28_and_2_of_6(deck) -> None:
    for role, shown in (("SPLW", "26%"), ("CC", "28%"), ("H&WC", "33%")):
        slide = find(deck, role, "Supervision: the gap")
        assert slide.texts[-1].startswith(shown), (role, slide.texts[-1])
    assert (
        "(14 of 53) have no access to clinical supervision"
        in find(deck, "SPLW", "Supervision: the gap").all_text()
    )
    assert "(9 of 32)" in find(deck, "CC", "Supervision: the gap").all_text()
    hwc = find(deck, "H&WC", "Supervision: the gap").all_text()
    assert "(2 of 6) have no access to clinical supervision" in hwc
    assert "at least monthly: 50% (3 of 6)" in hwc


def test_modal_bands_and_the_safe_caseload_band_are_marked(deck) -> None:
    published = {
        "SPLW": ["30 minutes to 1 hour", "6-12", "251-500"],
        "CC": ["30 minutes to 1 hour", "1-2"],
        "H&WC": ["31-60 minutes", "6-12", "101-205"],
    }
    for role, modes in published.items():
        slide = find(deck, role, "Engagement with clients")
        marked = [
            c.split("  ")[0]
            for chart in slide.charts
            for c in chart.categories
            if "(most common)" in c
        ]
        assert marked[: len(modes)] == modes, (role, marked)
    splw = find(deck, "SPLW", "Engagement with clients")
    caseload = splw.charts[2]
    assert [c for c in caseload.categories if "safe caseload" in c] == ["201-250  ◆ safe caseload"]
    # Bands keep questionnaire order, not sorted by count.
    assert [c.split("  ")[0] for c in caseload.categories] == [
        "Up to 100",
        "101-200",
        "201-250",
        "251-500",
        "More than 500",
    ]


def test_mdt_is_a_yes_no_chart_and_most_are_not_in_one(deck) -> None:
    for role in ("SPLW", "CC"):
        mdt = find(deck, role, "MDTs and outcome measures").charts[0]
        assert mdt.options() == ["Yes", "No"]
        assert "No  (most common)" in mdt.categories
        assert mdt.values()["No"] > mdt.values()["Yes"]
        assert "most are not" in find(deck, role, "MDTs and outcome measures").all_text()
    hwc = find(deck, "H&WC", "MDTs and outcome measures")
    assert hwc.charts[0].values() == {"Yes": 2, "No": 4}
    assert "Part of an MDT: 33% (2 of 6" in hwc.all_text()
    outcomes = find(deck, "SPLW", "Outcome measures")
    assert outcomes.charts[0].options()[0] == "ONS4"
    assert "Most used outcome measure: ONS4" in outcomes.all_text()
    cc = find(deck, "CC", "Outcome measures")
    assert cc.charts[0].options()[0] == "Frailty scoring"


def test_every_chart_embeds_its_data_for_editing_in_powerpoint(deck) -> None:
    charts = [c for s in deck for c in s.charts]
    assert len(charts) > 20
    for chart in charts:
        cells = chart.workbook
        for category in chart.categories:
            assert category in cells
        for values in chart.series.values():
            for v in values:
                assert v is None or f"{v:g}" in {c.removesuffix(".0") for c in cells}


def test_method_slide_says_source_threshold_and_what_marks_mean(deck) -> None:
    method = deck[-1]
    assert method.title == "How these figures were made"
    text = method.all_text()
    assert "gm_workforce_2023_export.csv" in text
    assert "fewer than 5" in text and "below 3" in text
    assert "SPLW: 53 of 263 (20%)" in text


def test_contents_links_to_each_role(tmp_path: Path) -> None:
    from pptx import Presentation

    out = tmp_path / "deck.pptx"
    assert main(["report", "--out", str(out)]) == 0
    prs = Presentation(str(out))
    slides = list(prs.slides)
    targets = []
    for shape in slides[1].shapes:
        if shape.has_text_frame and shape.click_action.target_slide is not None:
            target = shape.click_action.target_slide
            targets.append((shape.text_frame.text, target.shapes.title.text_frame.text))
    assert [(a.split(". ", 1)[1], b.splitlines()[-1]) for a, b in targets] == [
        ("Social Prescribing Link Workers (SPLW)", "Social Prescribing Link Workers (SPLW)"),
        ("Care Coordinators (CC)", "Care Coordinators (CC)"),
        ("Health and Wellbeing Coaches (H&WC)", "Health and Wellbeing Coaches (H&WC)"),
    ]


def test_one_role_deck_holds_only_that_role(tmp_path: Path) -> None:
    out = tmp_path / "cc.pptx"
    assert main(["report", "--role", "cc", "--out", str(out)]) == 0
    deck = read_deck(out)
    assert not slides_of(deck, "SPLW") and not slides_of(deck, "H&WC")
    assert find(deck, "CC", "Supervision: the gap")
    assert deck[0].kicker == "Care Coordinators (CC)"
    assert deck[-1].title == "How these figures were made"


def test_most_common_bands_are_the_data_layers(deck, sample: SurveyData) -> None:
    """The bands marked "most common" are the data layer's modes (locality comparison,
    ties joined there), role by role."""
    for role, label in (("SPLW", "SPLW"), ("CC", "CC"), ("HWC", "H&WC")):
        total = [
            r
            for r in sample.locality_comparison("engagement", role, WAVE).iter_rows(named=True)
            if r["locality"] is None
        ][0]
        modes = [
            v
            for k, v in total.items()
            if k.startswith("mode_")
            and not k.endswith(("_pct", "_pct_ci_low", "_pct_ci_high", "_vs_rest_significant"))
            and v
        ]
        slide = find(deck, label, "Engagement with clients")
        marked = [
            [c.split("  ")[0] for c in chart.categories if "(most common)" in c]
            for chart in slide.charts
        ]
        assert [" / ".join(m) for m in marked] == modes
