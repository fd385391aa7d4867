"""Several waves in one file: refusing a clash, replacing one wave's roles, summary --wave."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from file_helpers import sha256
from import_helpers import CODEBOOK, PLAIN, import_args, rows, run

from tui.cli import VIEW_NAMES
from tui.data import SurveyData
from tui.errors import UserError
from tui.importing import import_export
from tui.paths import SAMPLE_CODEBOOK, SAMPLE_DB, SAMPLE_EXPORT

TABLES_BY_WAVE = ("waves", "role_workforce", "respondents", "questions", "options", "answers")
WAVE_2024 = (
    "ID,Which role are you in?,Which locality do you work in?,I feel valued in my role,"
    "I have regular supervision\n"
    "1,Social Prescribing Link Worker,Wigan,1,2\n"
    "2,Social Prescribing Link Worker,Bolton,2,2\n"
    "3,Care Coordinator,Bolton,5,5\n"
)


def _wave_rows(db: Path, wave: int) -> dict[str, list[tuple]]:
    return {
        t: rows(db, f"SELECT * FROM {t} WHERE wave = ? ORDER BY ALL", [wave])
        for t in TABLES_BY_WAVE
    }


@pytest.fixture(scope="module")
def two_waves_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A file holding wave 2023 (the plain fixture) and wave 2024 (three respondents),
    imported once for the module; read-only (tests write their own copy)."""
    folder = tmp_path_factory.mktemp("two-waves")
    db = folder / "survey.duckdb"
    export_2024 = folder / "wave2024.csv"
    export_2024.write_text(WAVE_2024, encoding="utf-8")
    import_export(PLAIN, CODEBOOK, 2023, db, note="first wave")
    import_export(export_2024, CODEBOOK, 2024, db)
    db.chmod(0o444)
    return db, export_2024


@pytest.fixture
def two_waves(two_waves_built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the two-wave file (the same bytes two imports write) and of wave 2024's
    CSV, side by side in the test's own folder."""
    built, export = two_waves_built
    db = tmp_path / "survey.duckdb"
    shutil.copyfile(built, db)
    export_2024 = tmp_path / export.name
    shutil.copyfile(export, export_2024)
    return db, export_2024


def test_two_waves_live_side_by_side(two_waves) -> None:
    db, _ = two_waves
    assert rows(db, "SELECT wave, role, count(*) FROM respondents GROUP BY ALL ORDER BY ALL") == [
        (2023, "CC", 2),
        (2023, "SPLW", 4),
        (2024, "CC", 1),
        (2024, "SPLW", 2),
    ]


def test_existing_wave_is_refused_without_replace(two_waves, capsys) -> None:
    db, export_2024 = two_waves
    before = sha256(db)
    code, err = run(capsys, *import_args(export_2024, db, 2024))
    assert code == 2
    assert err.strip() == (
        "workforce-explorer: error: wave 2024 already holds SPLW, CC responses; pass "
        "--replace to replace wave 2024 (SPLW, CC) and keep everything else"
    )
    assert sha256(db) == before
    assert sorted(p.name for p in db.parent.iterdir()) == ["survey.duckdb", "wave2024.csv"]


def test_replace_swaps_only_that_waves_roles(two_waves, tmp_path: Path, capsys) -> None:
    db, _ = two_waves
    wave_2023 = _wave_rows(db, 2023)
    cc_2024 = rows(db, "SELECT * FROM answers WHERE wave = 2024 AND role = 'CC' ORDER BY ALL")
    splw_only = tmp_path / "splw.csv"
    splw_only.write_text(
        "ID,Which locality do you work in?,I feel valued in my role\n9,Rochdale,3\n",
        encoding="utf-8",
    )
    code, err = run(capsys, *import_args(splw_only, db, 2024, "--role", "SPLW", "--replace"))
    assert code == 0
    assert "replaced wave 2024 SPLW; other waves and roles untouched" in err
    assert _wave_rows(db, 2023) == wave_2023
    assert (
        rows(db, "SELECT * FROM answers WHERE wave = 2024 AND role = 'CC' ORDER BY ALL") == cc_2024
    )
    assert rows(
        db, "SELECT role, respondent_id, locality FROM respondents WHERE wave = 2024 ORDER BY ALL"
    ) == [("CC", "3", "Bolton"), ("SPLW", "9", "Rochdale")]


def test_a_new_role_joins_an_existing_wave_without_replace(
    two_waves, tmp_path: Path, capsys
) -> None:
    db, _ = two_waves
    shutil.copyfile(db, tmp_path / "copy.duckdb")
    db = tmp_path / "copy.duckdb"
    import_export(PLAIN, CODEBOOK, 2025, db, role=None)
    only_cc = tmp_path / "cc.csv"
    only_cc.write_text("ID,I feel valued in my role\n1,4\n", encoding="utf-8")
    with pytest.raises(UserError, match="already holds CC"):
        import_export(only_cc, CODEBOOK, 2025, db, role="CC")
    code, _err = run(capsys, *import_args(only_cc, db, 2026, "--role", "cc"))
    assert code == 0
    code, _err = run(capsys, *import_args(only_cc, db, 2026, "--role", "SPLW"))
    assert code == 0
    assert rows(
        db, "SELECT role, count(*) FROM respondents WHERE wave = 2026 GROUP BY ALL ORDER BY ALL"
    ) == [("CC", 1), ("SPLW", 1)]


def test_summary_wave_defaults_to_the_latest(two_waves, capsys) -> None:
    db, _ = two_waves
    latest = _summary_json(capsys, db)
    earlier = _summary_json(capsys, db, "--wave", "2023")
    assert latest["wave"] == 2024 and earlier["wave"] == 2023
    mean = {w["wave"]: {r["question_id"]: r["mean"] for r in w["rows"]} for w in (latest, earlier)}
    assert mean[2024]["rs_valued"] == pytest.approx(1.5)
    assert mean[2023]["rs_valued"] == pytest.approx(11 / 3)
    code, err = run(
        capsys, "summary", "--db", db, "--role", "SPLW", "--theme", "role_support", "--wave", "2022"
    )
    assert code == 2
    assert "unknown wave '2022'; survey.duckdb holds 2023, 2024" in err


def _summary_json(capsys, db: Path, *extra: str) -> dict:
    from tui.cli import main

    capsys.readouterr()
    code = main(
        [
            "summary",
            "--db",
            str(db),
            "--role",
            "SPLW",
            "--theme",
            "role_support",
            "--format",
            "json",
            *extra,
        ]
    )
    assert code == 0
    return json.loads(capsys.readouterr().out)


# -- the sample, imported twice ------------------------------------------------------------
def _all_views(db: Path) -> dict[tuple, object]:
    """Every view for every role, for all localities and for one locality (~60 queries)."""
    data = SurveyData(db)
    try:
        wave = data.latest_wave()
        out: dict[tuple, object] = {
            ("waves",): data.waves().drop("imported_at"),
            ("roles",): data.roles(wave),
        }
        for role in data.all_roles()["role"]:
            out[("localities", role)] = data.localities(role, wave)
            out[("comments", role)] = data.comments(role, wave)
            for locality in (None, "Manchester"):
                for name in VIEW_NAMES:
                    out[(role, locality, name)] = data.view(name, role, wave, locality)
        return out
    finally:
        data.close()


def test_sample_imported_twice_with_replace_gives_identical_views(tmp_path: Path, capsys) -> None:
    db = tmp_path / "sample.duckdb"
    args = ["import", SAMPLE_EXPORT, "--codebook", SAMPLE_CODEBOOK, "--wave", "2023", "--db", db]
    code, err = run(capsys, *args)
    assert code == 0
    # Its summary gives each locality's respondents as the explorer shows them: under 5
    # (SPLW Bury, Tameside and Glossop, Trafford 4 each; H&WC 3, 2, 1) is withheld.
    assert (
        "SPLW   53: Bolton 6, Bury (fewer than 5), Manchester 9, Oldham 5, Rochdale 5, "
        "Salford 6, Stockport 5, Tameside and Glossop (fewer than 5), "
        "Trafford (fewer than 5), Wigan 5\n"
    ) in err
    assert (
        "H&WC    6: Manchester (fewer than 5), Salford (fewer than 5), Wigan (fewer than 5)\n"
    ) in err
    first = _all_views(db)
    code, err = run(capsys, *args, "--replace")
    assert code == 0
    assert "replaced wave 2023 SPLW, CC, H&WC" in err
    second = _all_views(db)
    assert first.keys() == second.keys()
    for key, frame in first.items():
        assert frame.height > 0 or key[-1] == "low_scores", key
        assert frame.equals(second[key]), key
    # The command line builds what make_sample.py built (bar the sample's note).
    bundled = _all_views(SAMPLE_DB)
    for key, frame in first.items():
        if key != ("waves",):
            assert frame.equals(bundled[key]), key
