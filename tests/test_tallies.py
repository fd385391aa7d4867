"""A user's figures do not depend on whether their file stores the tallies.

Version 2 files keep per-locality tallies beside the answers (queries/tallies), so the
explorer reads thousands of counted rows instead of millions of answers.  A version 1 file
(no tallies) still opens, with the tallies counted live from the answers, and every view
must give the same rows either way.  The import keeps the stored tallies in step with the
answers: a new wave, a replaced wave, and a version 1 file it upgrades.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest
from file_helpers import sha256
from import_helpers import run
from survey_builder import Person, build_survey, localities
from two_waves import ROLE, VALUED, build_two_waves

from tui.data import SurveyData
from tui.database import connect_readonly
from tui.importing import import_export
from tui.paths import SAMPLE_CODEBOOK, SAMPLE_DB, SAMPLE_EXPORT

TALLIES = ("question_tally", "option_tally", "locality_tally")


def as_version_1(src: Path, dst: Path) -> Path:
    """A copy of SRC as the previous version wrote it: no tally tables, version 1."""
    shutil.copyfile(src, dst)
    con = duckdb.connect(str(dst))
    try:
        for table in TALLIES:
            con.execute(f"DROP TABLE {table}")
        con.execute("UPDATE schema_info SET value = '1' WHERE key = 'schema_version'")
    finally:
        con.close()
    return dst


def every_view(path: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every view the explorer creates over the file: its columns and all its rows."""
    con = connect_readonly(path)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal "
                "AND database_name = 'memory' ORDER BY view_name"
            ).fetchall()
            if not r[0].startswith("count_")
        ]  # the live counting, not a figure view
        out = {}
        for name in names:
            cur = con.execute(f'SELECT * FROM "{name}" ORDER BY ALL')
            out[name] = ([d[0] for d in cur.description], cur.fetchall())
        return out
    finally:
        con.close()


def assert_same_views(stored: Path, live: Path) -> None:
    a, b = every_view(stored), every_view(live)
    assert a.keys() == b.keys()
    assert {"question_counts", "likert_stats", "supervision_gaps", "low_scores"} <= a.keys()
    for name in a:
        assert a[name][0] == b[name][0], f"{name}: columns differ"
        assert a[name][1] == b[name][1], f"{name}: rows differ between stored and live"


def schema_version(path: Path) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT value FROM schema_info WHERE key = 'schema_version'").fetchone()[
            0
        ]
    finally:
        con.close()


def tallied_waves(path: Path) -> dict[str, list[int]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            t: [
                r[0] for r in con.execute(f"SELECT DISTINCT wave FROM {t} ORDER BY wave").fetchall()
            ]
            for t in TALLIES
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def two_waves(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_two_waves(tmp_path_factory.mktemp("tallies"))


def test_sample_views_are_the_same_from_stored_and_live_tallies(tmp_path: Path) -> None:
    assert schema_version(SAMPLE_DB) == "2"
    assert_same_views(SAMPLE_DB, as_version_1(SAMPLE_DB, tmp_path / "v1.duckdb"))


def test_two_waves_are_the_same_from_stored_and_live_tallies(
    two_waves: Path, tmp_path: Path
) -> None:
    assert tallied_waves(two_waves) == {t: [2023, 2024] for t in TALLIES}
    assert_same_views(two_waves, as_version_1(two_waves, tmp_path / "v1.duckdb"))


def test_unstated_and_empty_localities_are_the_same_from_stored_and_live(tmp_path: Path) -> None:
    places = localities()
    people = (
        [Person("SPLW", places[0])] * 7
        + [Person("SPLW", None)] * 3
        + [Person("CC", places[1])] * 2
        + [Person("HWC", None)]
    )
    db = build_survey(tmp_path, people, seed=7)
    assert_same_views(db, as_version_1(db, tmp_path / "v1.duckdb"))


def test_a_version_1_file_opens_with_the_figures_of_its_answers(tmp_path: Path) -> None:
    v1 = as_version_1(SAMPLE_DB, tmp_path / "v1.duckdb")
    before = sha256(v1)
    old, new = SurveyData(v1), SurveyData(SAMPLE_DB)
    try:
        for theme in ("role_support", "supervision", "training"):
            assert old.theme(theme, "SPLW", 2023).equals(new.theme(theme, "SPLW", 2023))
        assert old.supervision_gaps("CC", 2023).equals(new.supervision_gaps("CC", 2023))
    finally:
        old.close()
        new.close()
    assert sha256(v1) == before  # browsing never upgrades (or writes to) the file


def test_importing_into_a_version_1_file_upgrades_it_and_says_so(tmp_path: Path, capsys) -> None:
    v1 = as_version_1(SAMPLE_DB, tmp_path / "survey.duckdb")
    code, err = run(
        capsys, "import", SAMPLE_EXPORT, "--codebook", SAMPLE_CODEBOOK, "--wave", "2024", "--db", v1
    )
    assert code == 0, err
    assert (
        "upgraded survey.duckdb from survey schema 1 to 2, counting the tallies of "
        "wave 2023; earlier versions of workforce-explorer cannot open it now"
    ) in err
    assert schema_version(v1) == "2"
    assert tallied_waves(v1) == {t: [2023, 2024] for t in TALLIES}
    assert_same_views(v1, as_version_1(v1, tmp_path / "again_v1.duckdb"))


def test_an_upgrade_counts_every_wave_with_answers(tmp_path: Path) -> None:
    # Another tool dropped 2023 from the waves table; its answers are still there.
    v1 = as_version_1(SAMPLE_DB, tmp_path / "survey.duckdb")
    con = duckdb.connect(str(v1))
    con.execute("DELETE FROM waves WHERE wave = 2023")
    con.close()
    import_export(SAMPLE_EXPORT, SAMPLE_CODEBOOK, 2024, v1)
    assert tallied_waves(v1) == {t: [2023, 2024] for t in TALLIES}
    assert_same_views(v1, as_version_1(v1, tmp_path / "again_v1.duckdb"))


def test_importing_one_role_keeps_the_other_roles_tallies(two_waves: Path, tmp_path: Path) -> None:
    import polars as pl

    db = tmp_path / "one_role.duckdb"
    shutil.copyfile(two_waves, db)
    export = pl.read_csv(SAMPLE_EXPORT, infer_schema=False)
    cc_only = tmp_path / "cc_only.csv"
    export.filter(pl.col(ROLE) == "Care Coordinator").write_csv(cc_only)
    before = SurveyData(db)
    splw_before = before.likert("role_support", "SPLW", 2024)
    before.close()
    import_export(cc_only, SAMPLE_CODEBOOK, 2024, db, role="CC", replace=True)
    after = SurveyData(db)
    try:
        assert after.likert("role_support", "SPLW", 2024).equals(splw_before)
    finally:
        after.close()
    assert_same_views(db, as_version_1(db, tmp_path / "v1.duckdb"))


def test_replacing_a_wave_recounts_its_tallies(two_waves: Path, tmp_path: Path) -> None:
    db = tmp_path / "replaced.duckdb"
    shutil.copyfile(two_waves, db)

    def valued_mean(wave: int) -> float:
        data = SurveyData(db)
        try:
            likert = data.likert("role_support", "SPLW", wave)
        finally:
            data.close()
        return likert.filter(likert["statement"] == VALUED)["mean"].item()

    assert valued_mean(2024) != valued_mean(2023)  # the changed export
    # The 2023 export imported again as 2024: its figures must be 2023's again.
    import_export(SAMPLE_EXPORT, SAMPLE_CODEBOOK, 2024, db, replace=True)
    assert valued_mean(2024) == valued_mean(2023)
    assert_same_views(db, as_version_1(db, tmp_path / "v1.duckdb"))


def test_a_file_that_lost_a_tally_reads_live_and_the_next_import_counts_it(
    tmp_path: Path, capsys
) -> None:
    broken = tmp_path / "broken.duckdb"
    shutil.copyfile(SAMPLE_DB, broken)
    con = duckdb.connect(str(broken))
    con.execute("DROP TABLE option_tally")
    con.close()
    assert_same_views(broken, SAMPLE_DB)  # the same figures, counted live
    code, err = run(
        capsys,
        "import",
        SAMPLE_EXPORT,
        "--codebook",
        SAMPLE_CODEBOOK,
        "--wave",
        "2024",
        "--db",
        broken,
    )
    assert code == 0, err
    assert "counted the missing tallies of wave 2023" in err
    assert tallied_waves(broken) == {t: [2023, 2024] for t in TALLIES}
    assert_same_views(broken, as_version_1(broken, tmp_path / "v1.duckdb"))
