"""The by-locality view of a theme with statements reads the file a fixed number of
times, not once per locality (issue 17, speed: ~420 reads, 4 s, on a national file)."""

from __future__ import annotations

import polars as pl
from explorer_helpers import count_reads

from tui.data import SurveyData
from tui.paths import SAMPLE_DB

WAVE = 2023


def test_role_support_by_locality_reads_every_locality_at_once() -> None:
    data = SurveyData(SAMPLE_DB)
    statements = count_reads(data)
    frame = data.locality_comparison("role_support", "SPLW", WAVE)
    localities = frame.filter(pl.col("locality").is_not_null()).height
    assert localities >= 10
    assert statements.count("likert") <= 1, statements  # the role total's, at most
    assert len(statements) <= 6, statements
    # each locality's lowest statement is still tested against the rest of its role
    shown = frame.filter(pl.col("locality").is_not_null() & ~pl.col("suppressed"))
    tested = shown.filter(pl.col("lowest_question_id").is_not_null())
    assert tested.height and tested["lowest_vs_rest_significant"].is_not_null().all()
    assert tested["lowest_mean_ci_low"].is_not_null().all()
    data.close()
