"""A lead sets the three roles side by side on any theme (the All roles tab, by keyboard).

Expected figures come from the data layer (SurveyData.likert / .theme), never from copies
of what the screen shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from explorer_helpers import make_app, settle
from hostile_data import (
    HOSTILE_LOCALITY,
    hostile_text_copy,
    theme_without_answers,
    wave_with_one_role,
)
from textual.widgets import Static

from tui.app import WorkforceExplorer
from tui.data import SurveyData
from tui.paths import SAMPLE_DB
from tui.widgets.compare import CHOICE_KEYS, ComparePane
from tui.widgets.compare_theme import CompareTable
from tui.widgets.role_pane import SectionList

WAVE = 2023
ROLES = ("SPLW", "CC", "HWC")


@pytest.fixture(scope="module")
def data() -> SurveyData:
    return SurveyData(SAMPLE_DB)


def compare(app: WorkforceExplorer) -> ComparePane:
    return app.query_one(ComparePane)


async def open_key_figures(pilot) -> None:
    """From the first screen: 4 (Key figures come first)."""
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)


async def open_theme(pilot, theme: str) -> None:
    """From anywhere: 4, move down the list to the theme, Enter."""
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)
    await pilot.press(*["j"] * CHOICE_KEYS.index(theme), "enter")
    await settle(pilot)


def expected_likert(
    data: SurveyData, theme: str, locality: str | None = None, wave: int = WAVE
) -> dict[str, list[str]]:
    """What each statement's row should say, from SurveyData.likert, by row key; a role
    nobody in the locality answered as says "no responses" on every row."""
    roles = list(data.roles(wave)["role"])
    frames = [data.likert(theme, role, wave, locality) for role in roles]
    out: dict[str, list[str]] = {}
    for i, frame in enumerate(frames):
        for r in frame.iter_rows(named=True):
            cells = out.setdefault(f"q:{r['question_id']}", ["not asked"] * len(roles))
            if r["suppressed"]:
                cells[i] = r["note"]
            else:
                low = " ▼ LOW" if r["mean"] < 3 else ""
                cells[i] = f"{r['mean']:.2f}{low} (n {r['n']})"
    for i, role in enumerate(roles):
        if frames[i].height == 0 and data.respondents(role, wave, locality) == 0:
            for cells in out.values():
                cells[i] = "no responses"
    return out


async def test_a_lead_reads_key_figures_then_steps_through_every_theme(
    data: SurveyData, sample: SurveyData
) -> None:
    """One journey (was five tests): the key figures as the 2023 report gives them; `t`
    through role support, MDT (most common answer and its share), engagement (a question
    not asked of a role says so), supervision (each role's means and low markers); then
    `T` back to role support, which follows the locality filter."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_key_figures(pilot)
        assert_report_key_figures(compare(app).cell_texts(), sample)
        await pilot.press("enter")
        await settle(pilot)
        table = compare(app).query_one(CompareTable)
        assert app.focused is table

        # Role and wider support, all localities.
        await pilot.press("t")
        await settle(pilot)
        assert app.breadcrumb_text().endswith("› Role and wider support")
        shown = compare(app).cell_texts()
        everywhere = expected_likert(data, "role_support")
        assert all(shown[key] == cells for key, cells in everywhere.items())

        # MDT: the most common answer and its share.
        await pilot.press("t", "t")
        await settle(pilot)
        assert app.breadcrumb_text().endswith("› MDTs and outcome measures")
        shown = compare(app).cell_texts()
        for i, role in enumerate(ROLES):
            theme = data.theme("mdt_outcomes", role, WAVE)
            for qid in ("mdt_member", "outcome_measures"):
                # "none of these" is never the most common answer (question_modes)
                rows = theme.filter(
                    (theme["question_id"] == qid) & (theme["marker"].fill_null("") != "none")
                )
                top = rows.sort("count", descending=True).row(0, named=True)
                share = round(100 * top["count"] / top["n_answered"])
                assert top["option"] in shown[f"q:{qid}"][i]
                assert shown[f"q:{qid}"][i].endswith(f"({share}%)")

        # Engagement: a question not asked of a role says so.
        asked = {role: set(data.theme("engagement", role, WAVE)["question_id"]) for role in ROLES}
        some_only = set.union(*asked.values()) - set.intersection(*asked.values())
        assert some_only  # H&WC are asked hours per client, the others sessions per client
        await pilot.press("t")
        await settle(pilot)
        assert app.breadcrumb_text().endswith("› Engagement with clients")
        shown = compare(app).cell_texts()
        for qid in some_only:
            for i, role in enumerate(ROLES):
                cell = shown[f"q:{qid}"][i]
                assert (cell == "not asked") == (qid not in asked[role]), (qid, role, cell)

        # Supervision: each role's means and low markers.
        await pilot.press("t")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › All roles › All localities › Supervision"
        shown = compare(app).cell_texts()
        labels = compare(app).query_one(CompareTable).labels()
        expected = expected_likert(data, "supervision")
        assert expected and all(shown[key] == cells for key, cells in expected.items())
        assert any("▼ LOW" in c for cells in expected.values() for c in cells)
        splw = data.likert("supervision", "SPLW", WAVE)
        for r in splw.iter_rows(named=True):
            assert labels[f"q:{r['question_id']}"] == r["statement"]
        # the table is what has the focus, and the header names the roles
        table = compare(app).query_one(CompareTable)
        assert app.focused is table
        assert [str(c.label) for c in table.columns.values()] == ["Question", "SPLW", "CC", "H&WC"]

        # Back to role support: it follows the locality filter.
        await pilot.press("T", "T", "T", "T")
        await settle(pilot)
        assert app.breadcrumb_text().endswith("› Role and wider support")
        app.set_locality("Bolton")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › All roles › Bolton › Role and wider support"
        bolton = expected_likert(data, "role_support", "Bolton")
        shown = compare(app).cell_texts()
        assert all(shown[key] == cells for key, cells in bolton.items())
        assert shown != everywhere


async def test_a_small_group_in_a_locality_shows_its_note_not_a_figure(
    data: SurveyData, sample: SurveyData
) -> None:
    """One journey (was two tests): in Manchester (3 H&WC: hidden) every key figure of
    H&WC says why, and so does each supervision statement."""
    status = sample.group_status("HWC", 2023, "Manchester")
    assert status.suppressed
    splw = sample.respondents("SPLW", 2023, "Manchester")
    app = make_app(locality="Manchester")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_key_figures(pilot)
        cells = app.query_one(ComparePane).cell_texts()
        assert cells["Responses"][0] == f"{splw} in Manchester"
        assert all(row[2] == status.note for row in cells.values()), cells
        await pilot.press(*["j"] * CHOICE_KEYS.index("supervision"), "enter")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › All roles › Manchester › Supervision"
        shown = compare(app).cell_texts()
        questions = [key for key in shown if key.startswith("q:")]
        assert questions and all(shown[key][2] == "fewer than 5" for key in questions)
        hwc = data.likert("supervision", "HWC", WAVE, "Manchester")
        assert hwc["suppressed"].all() and hwc["mean"].is_null().all()
        expected = expected_likert(data, "supervision", "Manchester")
        assert all(shown[key] == cells for key, cells in expected.items())
        assert "%" in shown["q:supervision_frequency"][0]  # SPLW: 9 in Manchester


def assert_report_key_figures(cells: dict[str, list[str]], sample: SurveyData) -> None:
    """The 2023 report's figures (report-2023-figures.md), as a lead reads them."""
    assert cells["Responses"] == ["53 of 263 (20%)", "33 of 120 (28%)", "6 of 25 (24%)"]
    assert cells["No clinical supervision"] == [
        "⚠ 26% (14 of 53)",
        "⚠ 28% (9 of 32)",
        "⚠ 33% (2 of 6) · low base",
    ]
    assert cells["Supervision at least monthly"][2] == "50% (3 of 6) · low base"
    assert cells["Part of an MDT"][2] == "33% (2 of 6) · low base"
    assert cells["Top training need"][0].startswith("Trauma Informed Practice ")
    assert cells["Top training need"][1].startswith("Mental Health First Aid ")
    assert cells["Most used outcome measure"][1].startswith("Frailty scoring ")
    assert [c.split(" ")[0] for c in cells["Caseload"]] == ["251-500", "101-200", "101-205"]
    assert cells["Sessions per client"][0].startswith("6-12 ")
    assert cells["Sessions per client"][1].startswith("1-2 ")
    assert cells["Sessions per client"][2] == "not asked"  # H&WC: hours per client
    assert cells["Hours per client"][:2] == ["not asked", "not asked"]
    assert cells["Hours per client"][2].startswith("6-12 ")
    hwc = sample.likert("role_support", "HWC", 2023)
    best = hwc.filter(hwc["mean"] == hwc["mean"].max()).row(0, named=True)
    assert best["statement"] == "I feel confident in carrying out my role"
    assert (
        cells["Highest statement (role & support)"][2]
        == f"▲ {best['mean']:.2f} {best['statement']} · low base"
    )  # 6 answers
    low = len(sample.low_scores("SPLW", 2023))
    assert (
        cells["Statements below 3 (role & support, supervision)"][0]
        == f"{low} below 3 ({low} role and wider support)"
    )
    cc = sample.low_scores("CC", 2023)
    themes = dict(zip(*cc["theme"].value_counts().to_dict(as_series=False).values(), strict=True))
    assert cells["Statements below 3 (role & support, supervision)"][1] == (
        f"{cc.height} below 3 ({themes['role_support']} role and wider support, "
        f"{themes['supervision']} supervision)"
    )
    assert cells["Lowest statement (role & support)"][0].startswith("▼ 2.")


async def test_a_role_with_no_one_in_the_locality_says_no_responses() -> None:
    app = make_app(locality="Bolton")  # no H&WC answered in Bolton
    async with app.run_test(size=(120, 40)) as pilot:
        await open_theme(pilot, "training")
        cells = compare(app).cell_texts()["q:training_needs"]
        assert cells[2] == "no responses"
        assert cells[0].endswith("%)")


async def test_the_comparison_follows_the_wave(tmp_path: Path) -> None:
    two = wave_with_one_role(tmp_path)  # 2024 holds only H&WC
    data = SurveyData(two)
    app = WorkforceExplorer(data, wave=2024)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_theme(pilot, "supervision")
        table = compare(app).query_one(CompareTable)
        assert [str(c.label) for c in table.columns.values()] == ["Question", "H&WC"]
        assert (
            compare(app).cell_texts()["q:sup_needs"]
            == expected_likert(data, "supervision", wave=2024)["q:sup_needs"]
        )
        await pilot.press("w")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › All roles › All localities › Supervision"
        assert len(table.columns) == 4
        assert (
            compare(app).cell_texts()["q:sup_needs"]
            == expected_likert(data, "supervision", wave=2023)["q:sup_needs"]
        )


async def test_a_theme_nobody_in_a_role_answered_says_no_answers(tmp_path: Path) -> None:
    app = make_app(theme_without_answers(tmp_path))  # no SPLW training answers at all
    async with app.run_test(size=(120, 40)) as pilot:
        await open_theme(pilot, "training")
        cells = compare(app).cell_texts()["q:training_needs"]
        assert cells[0] == "no answers"
        assert cells[1].endswith("%)")


async def test_t_steps_through_the_themes_and_escape_goes_back_to_the_list() -> None:
    """(with what was a test of its own: `t` is in the footer on the All roles tab only)"""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = {b.binding.key for b in app.active_bindings.values() if b.binding.show}
        assert "t" not in shown
        await pilot.press("4")
        await settle(pilot)
        shown = {b.binding.key for b in app.active_bindings.values() if b.binding.show}
        assert "t" in shown
        pane = compare(app)
        assert isinstance(app.focused, SectionList)
        assert app.breadcrumb_text() == "2023 › All roles › All localities"
        assert "Responses" in pane.cell_texts()  # Key figures come first
        await pilot.press("enter")
        await settle(pilot)
        table = pane.query_one(CompareTable)
        assert app.focused is table
        assert not pane.query_one(SectionList).display  # folded away at 80 columns
        crumbs = []
        for _ in CHOICE_KEYS:
            await pilot.press("t")
            await settle(pilot)
            crumbs.append(app.breadcrumb_text().split(" › ")[-1])
        assert crumbs == [
            "Role and wider support",
            "Training and development",
            "MDTs and outcome measures",
            "Engagement with clients",
            "Supervision",
            "Demographics",
            "All localities",
        ]
        assert app.focused is table  # t keeps the reader's place
        await pilot.press("T")
        await settle(pilot)
        assert app.breadcrumb_text().endswith("› Demographics")
        await pilot.press("escape")
        assert isinstance(app.focused, SectionList)
        assert pane.query_one(SectionList).display
        assert pane.query_one(SectionList).highlighted == CHOICE_KEYS.index("demographics")
        title = str(pane.query_one(".compare-title", Static).render())
        assert title.startswith("Demographics, every role side by side")


async def test_hostile_text_in_the_comparison_prints_literally(tmp_path: Path) -> None:
    """A locality name and statements carrying Rich markup and escape sequences."""
    path = hostile_text_copy(tmp_path)
    splw = SurveyData(path).respondents("SPLW", 2023, HOSTILE_LOCALITY)
    app = make_app(path, locality=HOSTILE_LOCALITY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_key_figures(pilot)
        seen = compare(app).cell_texts()
        assert seen["Responses"][0].startswith(f"{splw} in L-[bold]Bolton[/] ")
        app.set_locality(None)
        await settle(pilot)
        await pilot.press("t")  # Role and wider support
        await settle(pilot)
        labels = compare(app).query_one(CompareTable).labels()
        texts = [c for cells in compare(app).cell_texts().values() for c in cells]
    assert "S-MARKUP [bold]Bold[/bold] [link=http://x]y[/link] [/] [red]" in labels.values()
    for text in [*labels.values(), *texts, *(c for cells in seen.values() for c in cells)]:
        assert "\x1b" not in text and "\x07" not in text, text
