"""A lead drills from a role into a locality and back, by keyboard only."""

from __future__ import annotations

import shutil

from explorer_helpers import make_app, pane, press_at_once, settle, table_rows

from tui.app import WorkforceExplorer
from tui.data import SurveyData
from tui.paths import SAMPLE_DB
from tui.screens.statement_screen import StatementScreen
from tui.widgets.compare import ComparePane
from tui.widgets.locality_table import LocalityTable
from tui.widgets.overview import OverviewCard
from tui.widgets.role_pane import ReadingTable, SectionList


async def test_drill_splw_into_bolton_supervision_and_back(sample: SurveyData) -> None:
    # In the sample, 1 of Bolton's 6 SPLW who answered has no clinical supervision.
    bolton = sample.supervision_gaps("SPLW", 2023, "Bolton").row(0, named=True)
    assert (bolton["n_no_clinical"], bolton["n_answered"]) == (1, 6)
    expected = "17% (1 of 6)"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*["j"] * 5, "b")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › All localities › Supervision by locality"
        table = pane(app).query_one(LocalityTable)
        assert app.focused is table
        assert table.localities[:2] == [None, "Bolton"]
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › Bolton › Supervision"
        assert expected in str(pane(app).query_one(".callout").render())
        assert isinstance(app.focused, ReadingTable)
        await pilot.press("escape")
        assert isinstance(app.focused, SectionList)
        await pilot.press("escape")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › All localities › Supervision"
        assert "26% (14 of 53)" in str(pane(app).query_one(".callout").render())


async def test_a_lead_reads_sections_and_statements_by_locality(sample: SurveyData) -> None:
    """One journey (was four tests): `s` in SPLW's by-locality view does not crash and the
    sort applies back in the table; a palette jump from the by-locality view leaves it for
    the statement's row; H&WC's breakdown shows no group figures; Enter on a CC statement
    shows it in every locality."""
    by_locality = sample.statement_by_locality("rs_clarity", "CC", 2023)
    bolton = by_locality.filter(by_locality["locality"] == "Bolton")
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # The sort key in the by-locality view.
        await pilot.press("j", "b")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert app.is_running
        await pilot.press("b")
        await settle(pilot)
        likert = [r for r in table_rows(app) if r[2][:1].isdigit()]
        means = [float(r[2]) for r in likert]
        assert means == sorted(means)  # the sort chosen in the other view still applies

        # A palette jump from the by-locality view.
        await pilot.press("b")
        await settle(pilot)
        assert "by locality" in app.breadcrumb_text()
        await pilot.press("ctrl+p", *"SPLW: suitable space")
        await settle(pilot)  # the palette's search (a worker) has answered
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        assert app.breadcrumb_text() == "2023 › SPLW › All localities › Role and wider support"
        table = pane(app).query_one(ReadingTable)
        assert table.current().statement == "I have access to a suitable space to see clients"

        # H&WC's breakdown: no group figures.
        await pilot.press("3", "j", "b")
        await settle(pilot)
        table = pane(app).query_one(LocalityTable)
        rows = dict(zip(table.localities, table.texts, strict=True))
        assert rows[None][1] == "6"  # the role total stays visible
        for name, cells in rows.items():
            if name is None:
                continue
            assert cells[-1] in ("▪ fewer than 5", "▪ no responses")
            n_allowed = ("–", "0") if cells[-1] == "▪ no responses" else ("–",)
            assert cells[1] in n_allowed, (name, cells)
            assert all(c in ("–", "") for c in cells[2:-1]), (name, cells)
        assert sum(1 for c in rows.values() if c[-1] == "▪ fewer than 5") == 3

        # Enter on a CC statement: it by locality.
        await pilot.press("2", "j", "enter")
        await settle(pilot)  # the section's rows are read by a worker
        await pilot.press("enter")  # the cursor opens on the first statement
        await settle(pilot)
        assert isinstance(app.screen, StatementScreen)
        assert app.screen.statement == "I have clarity on the scope of my role"
        shown = {r[0]: r for r in app.screen.texts}
        assert shown["All localities"][1] == "33"
        assert shown["Bolton"][2] == f"{bolton['mean'][0]:.2f}"
        assert shown["Oldham"][-1] == "fewer than 5"
        await pilot.press("escape")
        assert not isinstance(app.screen, StatementScreen)


async def test_all_roles_tab_hides_a_small_group_in_a_locality() -> None:
    app = make_app(locality="Manchester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        gaps = app.query_one(ComparePane).cell_texts()["No clinical supervision"]
        assert gaps[2] == "fewer than 5"  # H&WC: 3 in Manchester
        assert "%" in gaps[0]  # SPLW: 9 in Manchester


async def test_min_group_1_is_stated_loudly_on_screen() -> None:
    data = SurveyData(SAMPLE_DB, min_group=1)
    app = WorkforceExplorer(data, wave=2023, locality="Manchester")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "SUPPRESSION OFF" in app.sub_title
        assert any("suppression is OFF" in str(n.message) for n in app.status_log)
        await pilot.press("3")
        await settle(pilot)
        card = pane(app).query_one(OverviewCard).plain_text(width=200)
        assert "3 respondents in Manchester" in card


async def picker_lines(pilot, *keys: str) -> list[str]:
    """Type `keys` at once (ending with the `l` that opens the locality picker) and read
    the picker's lines as the user sees them."""
    from tui.screens.locality_screen import LocalityList, LocalityScreen

    press_at_once(pilot.app, *keys)
    await settle(pilot)
    assert isinstance(pilot.app.screen, LocalityScreen)
    return [str(o.prompt) for o in pilot.app.screen.query_one(LocalityList).options]


async def test_the_picker_counts_each_locality_when_the_explorer_reopens_on_a_section() -> None:
    """Reopened where it was left (SPLW's Role and wider support), the explorer had not
    read SPLW's Overview, where the picker took its counts from: `l` listed the names
    alone, for the rest of the session, where a fresh start listed "Bolton  6 SPLW".
    The picker now reads the counts itself when they are missing, and shows them."""
    data = SurveyData(SAMPLE_DB)
    place = {"role": "SPLW", "section": "role_support", "locality": None}
    app = WorkforceExplorer(data, wave=2023, place=place)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › All localities › Role and wider support"
        assert (await picker_lines(pilot, "l"))[:4] == [
            "All localities",
            "Bolton  6 SPLW",
            "Bury  fewer than 5 SPLW",
            "Manchester  9 SPLW",
        ]
    data.close()


async def test_the_picker_counts_the_wave_on_screen(tmp_path) -> None:
    """Counts are kept by role and wave: after `w` on a section (no Overview read for
    the other wave), the picker lists that wave's counts, not the ones read first."""
    import polars as pl

    from tui.importing import import_export
    from tui.paths import SAMPLE_CODEBOOK, SAMPLE_EXPORT

    # Wave 2024: the sample's export with Bolton's SPLWs moved to Bury (Bolton empty).
    export = pl.read_csv(SAMPLE_EXPORT, infer_schema=False)
    where = "Which locality do you work in?"
    splw_in_bolton = (pl.col("Which role are you in?") == "Social Prescribing Link Worker") & (
        pl.col(where) == "Bolton"
    )
    moved = export.with_columns(
        pl.when(splw_in_bolton).then(pl.lit("Bury")).otherwise(pl.col(where)).alias(where)
    )
    csv = tmp_path / "export_2024.csv"
    moved.write_csv(csv)
    db = tmp_path / "two.duckdb"
    shutil.copyfile(SAMPLE_DB, db)
    import_export(csv, SAMPLE_CODEBOOK, 2024, db)

    data = SurveyData(db)
    app = WorkforceExplorer(data, wave=2024)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)  # SPLW's 2024 Overview, and its counts, are read
        press_at_once(app, "j", "enter", "w")  # a section, then the other wave
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › SPLW › All localities › Role and wider support"
        lines = await picker_lines(pilot, "l")
        assert lines[1:3] == ["Bolton  6 SPLW", "Bury  fewer than 5 SPLW"]  # 2023's
        lines = await picker_lines(pilot, "escape", "w", "l")
        assert lines[1:3] == ["Bolton  no responses", "Bury  10 SPLW"]  # 2024's
    data.close()
