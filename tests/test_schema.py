"""A developer relies on the sample's storage schema and on the columns each view documents.

The tables must be those of queries/schema.sql and queries/tallies/tables.sql (version
2); the views must return the
columns README.md "Data model" and queries/select/theme.sql promise; a question left blank
stays a row with answered = false; every locality carries its integrated care system.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import polars as pl
import pytest

from tui import stats
from tui.codebook import THEMES
from tui.data import SurveyData
from tui.database import connect_readonly
from tui.paths import QUERIES_DIR, SAMPLE_DB

WAVE = 2023
ROLES = ("SPLW", "CC", "HWC")
TABLES = (
    "schema_info",
    "waves",
    "roles",
    "role_workforce",
    "localities",
    "respondents",
    "questions",
    "options",
    "answers",
    "question_tally",
    "option_tally",
    "locality_tally",
)
GM_LOCALITIES = [
    "Bolton",
    "Bury",
    "Manchester",
    "Oldham",
    "Rochdale",
    "Salford",
    "Stockport",
    "Tameside and Glossop",
    "Trafford",
    "Wigan",
]

# queries/select/theme.sql: what every theme view hands the app and `summary`.
THEME_COLUMNS = [
    "wave",
    "role",
    "locality",
    "theme",
    "question_id",
    "question",
    "qtype",
    "source",
    "question_note",
    "option",
    "marker",
    "n_answered",
    "n_not_answered",
    "count",
    "pct",
    "mean",
]
LIKERT_COLUMNS = {
    "wave",
    "role",
    "locality",
    "theme",
    "question_id",
    "statement",
    "n",
    "n_not_answered",
    "mean",
    "n_1",
    "n_2",
    "n_3",
    "n_4",
    "n_5",
}
LOW_SCORE_COLUMNS = [
    "wave",
    "role",
    "locality",
    "theme",
    "question_id",
    "statement",
    "n",
    "mean",
    "n_1",
    "n_2",
    "n_3",
    "n_4",
    "n_5",
]
# Every figure frame the data layer hands out also says whether small-number suppression
# hid its figures, and why (tui/suppression.py).
SUPPRESSION_COLUMNS = ["suppressed", "note"]
SUPERVISION_GAP_COLUMNS = {
    "wave",
    "role",
    "locality",
    "respondents",
    "n_answered",
    "n_no_clinical",
    "pct_no_clinical",
    "n_answered_frequency",
    "n_regular",
    "n_no_meetings",
    "pct_regular",
}


@pytest.fixture(scope="module")
def raw() -> Iterator[duckdb.DuckDBPyConnection]:
    """The sample file itself, opened read-only, for the storage tables."""
    con = duckdb.connect(str(SAMPLE_DB), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def views() -> Iterator[duckdb.DuckDBPyConnection]:
    """The sample as the app opens it: attached READ_ONLY with every view created."""
    con = connect_readonly(SAMPLE_DB)
    yield con
    con.close()


def columns_of(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> list[tuple]:
    return con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_catalog = ? AND table_name = ? ORDER BY ordinal_position",
        [catalog, table],
    ).fetchall()


def view_columns(con: duckdb.DuckDBPyConnection, view: str) -> list[str]:
    cur = con.cursor()
    try:
        cur.execute(f"SELECT * FROM {view} LIMIT 0")
        return [d[0] for d in cur.description]
    finally:
        cur.close()


# -- storage tables -------------------------------------------------------------------------
def test_sample_has_every_schema_table_with_its_columns(raw) -> None:
    spec = duckdb.connect(":memory:")
    spec.execute("ATTACH ':memory:' AS survey")
    spec.execute("USE survey")
    spec.execute((QUERIES_DIR / "schema.sql").read_text(encoding="utf-8"))
    spec.execute((QUERIES_DIR / "tallies" / "tables.sql").read_text(encoding="utf-8"))
    spec_catalog = "survey"
    sample_catalog = raw.execute("SELECT current_database()").fetchone()[0]
    declared = sorted(
        r[0]
        for r in spec.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = ?",
            [spec_catalog],
        ).fetchall()
    )
    assert declared == sorted(TABLES)
    for table in declared:
        expected = columns_of(spec, spec_catalog, table)
        assert columns_of(raw, sample_catalog, table) == expected, table
    spec.close()


def test_schema_version_is_2(raw) -> None:
    info = dict(raw.execute("SELECT key, value FROM schema_info").fetchall())
    assert info["schema_version"] == "2"
    assert info["application"] == "workforce-explorer"


def test_a_blank_answer_is_kept_as_one_answered_false_row(raw) -> None:
    blanks = raw.execute(
        "SELECT count(*), count(option_order), count(score), count(text_value) "
        "FROM answers WHERE NOT answered"
    ).fetchone()
    assert blanks[0] > 0, "the sample keeps its not-answered answers"
    assert blanks[1:] == (0, 0, 0), "a not-answered row invents no option, score or text"
    mixed = raw.execute("""
        SELECT count(*) FROM (
            SELECT wave, role, respondent_id, question_id FROM answers
            GROUP BY ALL
            HAVING bool_or(NOT answered) AND (bool_or(answered) OR count(*) > 1))
    """).fetchone()[0]
    assert mixed == 0, "a blank question is exactly one row, never mixed with answers"


def test_every_respondent_has_a_row_for_every_question_asked(raw) -> None:
    # The role question is the respondent's role itself (respondents.role), not an answer.
    missing = raw.execute("""
        SELECT r.role, q.question_id, count(*) FROM respondents AS r
        JOIN questions AS q USING (wave, role)
        WHERE q.question_id <> 'role' AND NOT EXISTS (
            SELECT 1 FROM answers AS a
            WHERE a.wave = r.wave AND a.role = r.role AND a.respondent_id = r.respondent_id
              AND a.question_id = q.question_id)
        GROUP BY ALL
    """).fetchall()
    assert missing == []


def test_splw_employer_not_answered_is_a_row_and_a_null_employer(raw, sample) -> None:
    rows = raw.execute("""
        SELECT a.respondent_id, r.employer FROM answers AS a
        JOIN respondents AS r USING (wave, role, respondent_id)
        WHERE a.wave = 2023 AND a.role = 'SPLW' AND a.question_id = 'employer'
          AND NOT a.answered
    """).fetchall()
    assert len(rows) == 1 and rows[0][1] is None
    employer = sample.theme("demographics", "SPLW", WAVE).filter(
        pl.col("question_id") == "employer"
    )
    assert set(employer["n_not_answered"]) == {1}


def test_every_locality_carries_its_ics(raw, sample) -> None:
    rows = raw.execute("SELECT locality, ics FROM localities ORDER BY sort_order").fetchall()
    assert [r[0] for r in rows] == GM_LOCALITIES
    assert {r[1] for r in rows} == {"Greater Manchester"}
    known = sample.query("known_localities")
    assert known["locality"].to_list() == GM_LOCALITIES
    assert set(known["ics"]) == {"Greater Manchester"}
    assert set(sample.waves()["ics"]) == {"Greater Manchester"}


def test_every_respondent_locality_is_a_known_locality(raw) -> None:
    unknown = raw.execute(
        "SELECT DISTINCT locality FROM respondents WHERE locality IS NOT NULL "
        "AND locality NOT IN (SELECT locality FROM localities)"
    ).fetchall()
    assert unknown == []


# -- views ------------------------------------------------------------------------------------
@pytest.mark.parametrize("theme", list(THEMES))
def test_theme_view_has_the_documented_columns(views, theme: str) -> None:
    assert set(THEME_COLUMNS) <= set(view_columns(views, theme))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("theme", list(THEMES))
def test_theme_frame_has_rows_of_that_theme_only(sample: SurveyData, theme: str, role: str) -> None:
    frame = sample.theme(theme, role, WAVE)
    # the view's columns, then the statistics the data layer adds (tui/stats.py; the
    # sample holds one wave, so no change columns), then suppression's
    statistics = [*stats.LIKERT_COLUMNS, *stats.OPTION_COLUMNS, "low_base"]
    assert frame.columns == THEME_COLUMNS + statistics + SUPPRESSION_COLUMNS
    assert frame.height > 0
    assert set(frame["theme"]) == {theme}
    assert set(frame["role"]) == {role} and set(frame["wave"]) == {WAVE}
    assert frame["locality"].is_null().all()


@pytest.mark.parametrize("theme", list(THEMES))
def test_theme_view_localities_add_up_to_all_localities(views, theme: str) -> None:
    """Each option's per-locality counts sum to its all-localities count."""
    mismatches = views.execute(f"""
        WITH per AS (
            SELECT wave, role, question_id, coalesce(option, '') AS option,
                   sum(count) AS count,
                   sum(n_answered) AS n_answered, sum(n_not_answered) AS n_not_answered
            FROM {theme} WHERE locality IS NOT NULL GROUP BY ALL),
        total AS (
            SELECT wave, role, question_id, coalesce(option, '') AS option, count,
                   n_answered, n_not_answered
            FROM {theme} WHERE locality IS NULL)
        SELECT * FROM total FULL JOIN per USING (wave, role, question_id, option)
        WHERE total.count IS DISTINCT FROM per.count
           OR total.n_answered IS DISTINCT FROM per.n_answered
           OR total.n_not_answered IS DISTINCT FROM per.n_not_answered
    """).fetchall()
    assert mismatches == []


def test_likert_stats_has_the_documented_columns(views) -> None:
    assert set(view_columns(views, "likert_stats")) >= LIKERT_COLUMNS


def test_likert_distribution_adds_up_to_n(views) -> None:
    bad = views.execute(
        "SELECT * FROM likert_stats WHERE n_1 + n_2 + n_3 + n_4 + n_5 <> n"
    ).fetchall()
    assert bad == []


def test_low_scores_has_the_documented_columns(views, sample: SurveyData) -> None:
    assert view_columns(views, "low_scores") == LOW_SCORE_COLUMNS
    assert (
        sample.low_scores("SPLW", WAVE).columns
        == LOW_SCORE_COLUMNS + [*stats.LIKERT_COLUMNS, "low_base"] + SUPPRESSION_COLUMNS
    )


@pytest.mark.parametrize("role", ROLES)
def test_low_scores_are_below_3_lowest_first(sample: SurveyData, role: str) -> None:
    low = sample.low_scores(role, WAVE)
    assert (low["mean"] < 3).all()
    assert low["mean"].to_list() == sorted(low["mean"].to_list())


def test_supervision_gaps_has_the_documented_columns(views, sample: SurveyData) -> None:
    assert set(view_columns(views, "supervision_gaps")) >= SUPERVISION_GAP_COLUMNS
    assert set(sample.supervision_gaps("SPLW", WAVE).columns) >= SUPERVISION_GAP_COLUMNS


def test_respondent_counts_and_comments_views_exist(views) -> None:
    assert {
        "wave",
        "role",
        "role_label",
        "locality",
        "respondents",
        "workforce",
        "response_rate",
    } <= set(view_columns(views, "respondent_counts"))
    assert {"wave", "role", "locality", "theme", "question_id", "question", "comment"} <= set(
        view_columns(views, "comments")
    )
