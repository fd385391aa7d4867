"""A maintainer rebuilds the sample and gets exactly the committed one back.

`python sample_data/make_sample.py --out DIR` must reproduce the committed export byte for
byte and a database whose views give the committed database's results for every role,
view and locality (through the data layer, and view by view in SQL), so the committed
sample cannot drift from its generator unnoticed.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from file_helpers import sha256
from polars.testing import assert_frame_equal

from tui.codebook import THEMES
from tui.data import SPECIAL_VIEWS, SurveyData
from tui.database import connect_readonly
from tui.paths import SAMPLE_DB, SAMPLE_EXPORT

ROOT = Path(__file__).resolve().parent.parent
VIEWS = [*THEMES, *SPECIAL_VIEWS]


def assert_same(rebuilt: pl.DataFrame, committed: pl.DataFrame, what: str) -> None:
    try:
        assert_frame_equal(rebuilt, committed)
    except AssertionError as exc:
        raise AssertionError(f"{what}: the rebuilt sample differs: {exc}") from None


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    committed = {p: sha256(p) for p in (SAMPLE_DB, SAMPLE_EXPORT)}
    out = tmp_path_factory.mktemp("rebuilt")
    result = subprocess.run(
        [sys.executable, "sample_data/make_sample.py", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert {p: sha256(p) for p in committed} == committed, "--out wrote over the committed sample"
    yield out


@pytest.fixture(scope="module")
def fresh(rebuilt: Path) -> Iterator[SurveyData]:
    data = SurveyData(rebuilt / SAMPLE_DB.name)
    yield data
    data.close()


def test_rebuild_reproduces_the_committed_export(rebuilt: Path) -> None:
    assert (rebuilt / SAMPLE_EXPORT.name).read_bytes() == SAMPLE_EXPORT.read_bytes()


def test_rebuild_has_the_same_waves_roles_and_localities(
    sample: SurveyData, fresh: SurveyData
) -> None:
    # imported_at is when the import ran, so it alone may differ.
    assert_frame_equal(fresh.waves().drop("imported_at"), sample.waves().drop("imported_at"))
    assert_frame_equal(fresh.all_roles(), sample.all_roles())
    assert fresh.known_localities() == sample.known_localities()
    assert_frame_equal(fresh.roles(2023), sample.roles(2023))


@pytest.mark.parametrize("role", ["SPLW", "CC", "HWC"])
def test_rebuild_gives_every_view_the_same_results(
    sample: SurveyData, fresh: SurveyData, role: str
) -> None:
    wave = sample.latest_wave()
    assert fresh.latest_wave() == wave
    assert_same(fresh.localities(role, wave), sample.localities(role, wave), f"{role} localities")
    assert_same(fresh.comments(role, wave), sample.comments(role, wave), f"{role} comments")
    for view in VIEWS:
        assert_same(fresh.view(view, role, wave), sample.view(view, role, wave), f"{role} {view}")


@pytest.mark.parametrize(
    "view",
    [
        *THEMES,
        "low_scores",
        "supervision_gaps",
        "likert_stats",
        "question_counts",
        "respondent_counts",
        "comments",
    ],
)
def test_rebuild_gives_the_same_view_in_every_locality(rebuilt: Path, view: str) -> None:
    """The whole view, every role and locality at once, as the SQL defines it."""
    frames = []
    for path in (SAMPLE_DB, rebuilt / SAMPLE_DB.name):
        con = connect_readonly(path)
        try:
            cur = con.execute(f"SELECT * FROM {view} ORDER BY ALL")
            names = [d[0] for d in cur.description]
            frames.append(
                pl.DataFrame(cur.fetchall(), schema=names, orient="row", infer_schema_length=None)
            )
        finally:
            con.close()
    committed, fresh = frames
    assert committed.height > 0
    assert committed.filter(pl.col("locality").is_not_null()).height > 0
    assert_same(fresh, committed, view)
