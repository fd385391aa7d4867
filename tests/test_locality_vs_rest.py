"""A locality against the rest of its role, in every by-locality view (issue 16 item 4).

A lead comparing localities reads "83% n.s." beside Bolton's top training need and, in
the line under the table, its 95% interval: the figure says how sure it is and whether
it differs from the rest of SPLW (the role total minus Bolton) on the same option.

Expected decisions and intervals come from scipy (a test-time reference): Fisher's
exact test where a cell of the 2x2 table would be expected to hold fewer than 5 people,
otherwise the pooled two-proportion z-test written here from the textbook formula;
Wilson's interval from scipy's binomtest.  The counts are read through the theme views
(the locality's and the role total's), never from the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from explorer_helpers import make_app, pane, settle

from tui.cli import main
from tui.data import SurveyData
from tui.widgets.locality_table import LocalityTable

scipy_stats = pytest.importorskip("scipy.stats")

WAVE = 2023
ROLES = ("SPLW", "CC")  # every H&WC locality is hidden in the sample: nothing to test
HIDDEN = "Bury"  # fewer than 5 SPLW respondents in the sample: suppressed


@dataclass(frozen=True)
class Figure:
    """A by-locality share: the question it counts, its option (None: the locality's
    most chosen option), and its columns in the by-locality frame."""

    theme: str
    question_id: str
    option: str | None
    share: str
    flag: str


FIGURES = [
    Figure("training", "training_needs", None, "top_need_pct", "top_need_vs_rest_significant"),
    Figure("mdt_outcomes", "mdt_member", "Yes", "pct_mdt", "mdt_vs_rest_significant"),
    Figure(
        "mdt_outcomes",
        "outcome_measures",
        None,
        "top_outcome_pct",
        "top_outcome_vs_rest_significant",
    ),
    Figure(
        "engagement",
        "appointment_length",
        None,
        "mode_appointment_length_pct",
        "mode_appointment_length_vs_rest_significant",
    ),
    Figure(
        "engagement",
        "sessions_per_client",
        None,
        "mode_sessions_per_client_pct",
        "mode_sessions_per_client_vs_rest_significant",
    ),
    Figure(
        "engagement",
        "caseload",
        None,
        "mode_caseload_pct",
        "mode_caseload_vs_rest_significant",
    ),
    Figure(
        "demographics", "employment", "Full-time", "pct_full_time", "full_time_vs_rest_significant"
    ),
]
NEW_COLUMNS = {
    "training": [
        "top_need_pct_ci_low",
        "top_need_pct_ci_high",
        "top_need_vs_rest_significant",
    ],
    "mdt_outcomes": [
        "mdt_count",
        "pct_mdt_ci_low",
        "pct_mdt_ci_high",
        "mdt_vs_rest_significant",
        "top_outcome_pct_ci_low",
        "top_outcome_pct_ci_high",
        "top_outcome_vs_rest_significant",
    ],
    "engagement": [
        "mode_appointment_length_pct_ci_low",
        "mode_appointment_length_pct_ci_high",
        "mode_appointment_length_vs_rest_significant",
        "mode_caseload_pct_ci_low",
        "mode_caseload_pct_ci_high",
        "mode_caseload_vs_rest_significant",
    ],
    "demographics": [
        "full_time_count",
        "pct_full_time_ci_low",
        "pct_full_time_ci_high",
        "full_time_vs_rest_significant",
    ],
    "supervision": [
        "pct_no_clinical_ci_low",
        "pct_no_clinical_ci_high",
        "lowest_mean_ci_low",
        "lowest_mean_ci_high",
    ],
    "role_support": ["lowest_mean_ci_low", "lowest_mean_ci_high"],
}


# -- the reference --------------------------------------------------------------------
def two_proportion_p(k1: int, n1: int, k2: int, n2: int) -> float:
    """Fisher's exact (scipy) where an expected cell is under 5, else the pooled
    z-test: z = (p1 - p2) / sqrt(p(1-p)(1/n1 + 1/n2)), two-sided normal p (scipy)."""
    pooled = (k1 + k2) / (n1 + n2)
    expected = [n * s for n in (n1, n2) for s in (pooled, 1 - pooled)]
    if min(expected) < 5:
        return scipy_stats.fisher_exact([[k1, n1 - k1], [k2, n2 - k2]]).pvalue
    z = (k1 / n1 - k2 / n2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return 2 * scipy_stats.norm.sf(abs(z))


def wilson_percent(k: int, n: int) -> tuple[float, float]:
    ci = scipy_stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return 100 * ci.low, 100 * ci.high


def option_counts(data: SurveyData, figure: Figure, role: str, place: str | None) -> dict:
    """option -> (count, n_answered) of the figure's question, read through the theme
    view; "none of these" options never count as a top option."""
    theme = data.theme(figure.theme, role, WAVE, place, change=False)
    rows = theme.filter(
        (pl.col("question_id") == figure.question_id)
        & pl.col("option").is_not_null()
        & (pl.col("marker").fill_null("") != "none")
    )
    return {r["option"]: (r["count"], r["n_answered"]) for r in rows.iter_rows(named=True)}


def expected(data: SurveyData, figure: Figure, role: str, place: str) -> tuple | None:
    """(significant by the reference, Wilson interval) for a shown locality; None where
    it has no share to test (nobody chose anything)."""
    here = option_counts(data, figure, role, place)
    total = option_counts(data, figure, role, None)
    if figure.option is not None:
        options = [o for o in here if o.lower() == figure.option.lower()]
    else:
        top = max((k for k, _n in here.values()), default=0)
        options = [o for o, (k, _n) in here.items() if k == top and k > 0]
    if not options or not here[options[0]][1]:
        return None
    decisions = []
    for option in options:
        k, n = here[option]
        total_k, total_n = total[option]
        if n == total_n:  # nobody else in the role answered: nothing to compare
            continue
        decisions.append(two_proportion_p(k, n, total_k - k, total_n - n) < 0.05)
    k, n = here[options[0]]
    return (all(decisions) if decisions else None), wilson_percent(k, n)


def shown_localities(frame: pl.DataFrame) -> list[dict]:
    return [
        r
        for r in frame.iter_rows(named=True)
        if r["locality"] is not None and not r["suppressed"] and r["respondents"]
    ]


# -- the data layer -------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("figure", FIGURES, ids=lambda f: f.share)
def test_each_locality_is_tested_against_the_rest_on_the_same_option(
    sample: SurveyData, figure: Figure, role: str
) -> None:
    frame = sample.locality_comparison(figure.theme, role, WAVE)
    if figure.share not in frame.columns:
        pytest.skip(f"{role} is not asked {figure.question_id}")
    total = frame.filter(pl.col("locality").is_null()).row(0, named=True)
    assert total[figure.flag] is None  # the role total is not tested against itself
    assert shown_localities(frame)
    for row in shown_localities(frame):
        want = expected(sample, figure, role, row["locality"])
        if want is None:
            assert row[figure.flag] is None, row["locality"]
            continue
        significant, (low, high) = want
        assert row[figure.flag] is significant, (row["locality"], figure.share)
        assert row[f"{figure.share}_ci_low"] == pytest.approx(low, abs=0.051)
        assert row[f"{figure.share}_ci_high"] == pytest.approx(high, abs=0.051)


def test_a_locality_can_differ_and_most_do_not(sample: SurveyData) -> None:
    """The flag is not a constant: in the sample all 5 of Wigan's SPLW need Mental
    Health First Aid against 14 of 47 in the rest of SPLW (significant, by scipy), while
    Bolton's Health Coaching (5 of 6, against 22 of 46) is not."""
    frame = sample.locality_comparison("training", "SPLW", WAVE)
    rows = {r["locality"]: r for r in frame.iter_rows(named=True)}
    wigan, bolton = rows["Wigan"], rows["Bolton"]
    assert wigan["top_need"] == "Mental Health First Aid"
    assert two_proportion_p(5, 5, 14, 47) < 0.05 < two_proportion_p(5, 6, 22, 46)
    assert wigan["top_need_vs_rest_significant"] is expected(sample, FIGURES[0], "SPLW", "Wigan")[0]
    assert wigan["top_need_vs_rest_significant"] is True
    assert bolton["top_need_vs_rest_significant"] is False


def test_a_tied_top_is_significant_only_if_every_tied_option_is(sample: SurveyData) -> None:
    """Oldham's SPLW tie on two training needs (3 of 5 each): the flag holds for both."""
    frame = sample.locality_comparison("training", "SPLW", WAVE)
    oldham = frame.filter(pl.col("locality") == "Oldham").row(0, named=True)
    assert " / " in oldham["top_need"]
    tied = oldham["top_need"].split(" / ")
    here = option_counts(sample, FIGURES[0], "SPLW", "Oldham")
    total = option_counts(sample, FIGURES[0], "SPLW", None)
    each = [
        two_proportion_p(here[o][0], here[o][1], total[o][0] - here[o][0], total[o][1] - here[o][1])
        < 0.05
        for o in tied
    ]
    assert oldham["top_need_vs_rest_significant"] is all(each)


def test_the_role_total_interval_allows_for_the_workforce(sample: SurveyData) -> None:
    """The total's interval uses the finite population correction (53 of 263 SPLW),
    so it is narrower than the uncorrected Wilson interval; a locality's is not."""
    frame = sample.locality_comparison("demographics", "SPLW", WAVE)
    total = frame.filter(pl.col("locality").is_null()).row(0, named=True)
    low, high = wilson_percent(total["full_time_count"], total["employment_answered"])
    assert low < total["pct_full_time_ci_low"] < total["pct_full_time_ci_high"] < high


# -- privacy: a locality under the threshold --------------------------------------------
@pytest.mark.parametrize("theme", list(NEW_COLUMNS))
def test_a_hidden_locality_has_no_flag_or_interval(sample: SurveyData, theme: str) -> None:
    frame = sample.locality_comparison(theme, "SPLW", WAVE)
    assert sample.group_status("SPLW", WAVE, HIDDEN).suppressed
    hidden = frame.filter(pl.col("locality") == HIDDEN).row(0, named=True)
    for column in NEW_COLUMNS[theme]:
        assert column in frame.columns
        assert hidden[column] is None, column
    shown = frame.filter(pl.col("locality") == "Bolton").row(0, named=True)
    assert all(shown[c] is not None for c in NEW_COLUMNS[theme]), shown


def run_summary(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["summary", *args]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("theme", ["training", "mdt_outcomes", "demographics"])
def test_summary_writes_the_flags_as_booleans_and_hides_them_for_a_small_group(
    capsys: pytest.CaptureFixture[str], theme: str
) -> None:
    out = run_summary(
        capsys, "--role", "SPLW", "--theme", theme, "--by-locality", "--format", "json"
    )
    rows = {r["locality"]: r for r in json.loads(out)["rows"]}
    for column in NEW_COLUMNS[theme]:
        assert rows[HIDDEN][column] is None, column
        if column.endswith("_significant"):
            assert rows["Bolton"][column] in (True, False)
            assert rows[None][column] is None
        else:
            assert isinstance(rows["Bolton"][column], int | float)
    text = run_summary(
        capsys, "--role", "SPLW", "--theme", theme, "--by-locality", "--format", "csv"
    )
    table = {r["locality"]: r for r in csv.DictReader(io.StringIO(text))}
    for column in NEW_COLUMNS[theme]:
        assert table[HIDDEN][column] == "", column
        if column.endswith("_significant"):
            assert table["Bolton"][column] in ("true", "false")


def test_the_by_locality_export_holds_the_same_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "training-by-locality.csv"
    assert (
        main(
            [
                "summary",
                "--role",
                "SPLW",
                "--theme",
                "training",
                "--by-locality",
                "--out",
                str(target),
            ]
        )
        == 0
    )
    capsys.readouterr()
    lines = [
        line for line in target.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    rows = {r["locality"]: r for r in csv.DictReader(io.StringIO("\n".join(lines)))}
    assert rows["Wigan"]["top_need_vs_rest_significant"] == "true"
    assert rows["Bolton"]["top_need_vs_rest_significant"] == "false"
    low, high = wilson_percent(5, 6)  # Bolton: Health Coaching, 5 of 6
    assert float(rows["Bolton"]["top_need_pct_ci_low"]) == pytest.approx(low, abs=0.051)
    assert float(rows["Bolton"]["top_need_pct_ci_high"]) == pytest.approx(high, abs=0.051)
    for column in NEW_COLUMNS["training"]:
        assert rows[HIDDEN][column] == "", column


# -- the screen ---------------------------------------------------------------------------
async def test_training_by_locality_says_sig_or_ns_in_words_at_80x24(
    sample: SurveyData,
) -> None:
    bolton = option_counts(sample, FIGURES[0], "SPLW", "Bolton")["Health Coaching"]
    low, high = wilson_percent(*bolton)
    interval = f"{math.floor(low + 0.5)}–{math.floor(high + 0.5)}%"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "b")  # Training, by locality
        await settle(pilot)  # its rows are read by a worker
        await pilot.press("j")  # onto Bolton
        assert app.breadcrumb_text().endswith("Training and development by locality")
        table = pane(app).query_one(LocalityTable)
        rows = dict(zip(table.localities, table.texts, strict=True))
        assert rows["Wigan"][3].endswith("sig.") and "n.s." not in rows["Wigan"][3]
        assert rows["Bolton"][3] == "83% n.s."
        assert "sig." not in rows[None][3] and "n.s." not in rows[None][3]
        assert table.localities[table.cursor_row] == "Bolton"
        line = str(pane(app).query_one(".compare-detail").render())
        assert f"Health Coaching 83% (95% interval {interval})" in line
        assert f"(95% interval {interval}) n.s. vs rest" in line
        # a hidden locality: its note, no figure, no flag, no interval
        assert rows[HIDDEN][2:-1] == ["–", "–"]
        assert rows[HIDDEN][-1] == "▪ fewer than 5"
        await pilot.press("j")
        await settle(pilot)
        assert table.localities[table.cursor_row] == HIDDEN
        line = str(pane(app).query_one(".compare-detail").render())
        assert line == f"{HIDDEN}: fewer than 5"


# -- one locality's theme table: each statement against the rest of its role -------------
def welch_p(here: dict, total: dict) -> float | None:
    """scipy's Welch test of a locality's 1-5 counts against the role's minus them."""

    def moments(counts: list[int]) -> tuple[float, float, int] | None:
        values = [s for s, c in zip(range(1, 6), counts, strict=True) for _ in range(c)]
        n = len(values)
        if n < 2:
            return None
        mean = sum(values) / n
        return mean, (sum((v - mean) ** 2 for v in values) / (n - 1)) ** 0.5, n

    mine = [here[f"n_{s}"] for s in range(1, 6)]
    rest = [total[f"n_{s}"] - here[f"n_{s}"] for s in range(1, 6)]
    a, b = moments(mine), moments(rest)
    if a is None or b is None:
        return None
    if a[1] == 0 and b[1] == 0:  # no spread on either side: a difference is exact
        return 0.0 if a[0] != b[0] else 1.0
    return scipy_stats.ttest_ind_from_stats(*a, *b, equal_var=False).pvalue


@pytest.mark.parametrize("theme", ["role_support", "supervision"])
@pytest.mark.parametrize("role", ROLES)
def test_each_statement_of_a_locality_is_tested_against_the_rest(
    sample: SurveyData, role: str, theme: str
) -> None:
    total = {r["question_id"]: r for r in sample.likert(theme, role, WAVE).iter_rows(named=True)}
    assert "vs_rest_significant" not in sample.likert(theme, role, WAVE).columns
    tested = 0
    for place in sample.known_localities():
        frame = sample.likert(theme, role, WAVE, place)
        for row in frame.iter_rows(named=True):
            if row["suppressed"] or not row["n"]:
                assert row["vs_rest_significant"] is None and row["rest_mean"] is None
                continue
            p = welch_p(row, total[row["question_id"]])
            assert row["vs_rest_significant"] is (None if p is None else bool(p < 0.05)), (
                place,
                row["statement"],
            )
            tested += 1
        # the theme view (summary --locality, exports) carries the same flags
        theme_rows = sample.theme(theme, role, WAVE, place, change=False)
        flags = {
            r["question_id"]: r["vs_rest_significant"]
            for r in theme_rows.iter_rows(named=True)
            if r["qtype"] == "likert"
        }
        assert flags == {
            r["question_id"]: r["vs_rest_significant"] for r in frame.iter_rows(named=True)
        }
    assert tested


async def test_a_locality_theme_table_says_which_statements_differ_from_the_rest(
    sample: SurveyData,
) -> None:
    """CC in Salford: "I feel included in the practice team ..." averages 4.00 against
    2.50 in the rest of CC, significant by scipy's Welch test; the others are not."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("l", *["down"] * 6, "enter")  # All localities, Bolton, ... Salford
        await settle(pilot)
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.breadcrumb_text() == "2023 › CC › Salford › Role and wider support"
        total = {
            r["statement"]: r
            for r in sample.likert("role_support", "CC", WAVE).iter_rows(named=True)
        }
        here = sample.likert("role_support", "CC", WAVE, "Salford")
        notes = {
            row[0]: row[4]
            for row in pane(app).query_one("ReadingTable").cell_texts()
            if row[0] in total
        }
        assert notes
        for r in here.iter_rows(named=True):
            p = welch_p(r, total[r["statement"]])
            assert p is not None
            word = "sig. vs rest" if p < 0.05 else "n.s. vs rest"
            assert word in notes[r["statement"]], (r["statement"], notes[r["statement"]])
        included = "I feel included in the practice team and its communication channels"
        assert "sig. vs rest" in notes[included]


async def test_a_wide_screen_fits_intervals_and_notes_beside_the_sections_list() -> None:
    """At 120x40 a share's interval gets its own column (Demographics), and with the
    sections list beside the table the columns fit the width the table has, so each
    row's note and flag are whole (Engagement, the widest)."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*["j"] * 6, "b")  # Demographics by locality
        await settle(pilot)
        table = pane(app).query_one(LocalityTable)
        headings = [str(c.label) for c in table.columns.values()]
        assert headings == ["locality", "n", "full-time", "95% int.", "note"]
        rows = dict(zip(table.localities, table.texts, strict=True))
        assert rows["Bolton"][2:4] == ["83% n.s.", "44–97%"]
        assert rows[HIDDEN][2:4] == ["–", "–"]
        await pilot.press("escape", "k", "k")  # Engagement, still by locality
        await settle(pilot)
        assert app.breadcrumb_text().endswith("Engagement with clients by locality")
        used = sum(c.get_render_width(table) for c in table.columns.values())
        assert used <= table.size.width
        rows = dict(zip(table.localities, table.texts, strict=True))
        assert rows[HIDDEN][-1] == "▪ fewer than 5"


@pytest.mark.parametrize("theme", ["role_support", "supervision"])
def test_a_localitys_lowest_statement_carries_its_t_interval(
    sample: SurveyData, theme: str
) -> None:
    """The lowest statement's mean with scipy's t-interval from the locality's 1-5
    counts (read through the likert view; no finite population correction)."""
    frame = sample.locality_comparison(theme, "SPLW", WAVE)
    for row in shown_localities(frame):
        counts = {
            r["question_id"]: r
            for r in sample.likert(theme, "SPLW", WAVE, row["locality"]).iter_rows(named=True)
        }[row["lowest_question_id"]]
        values = [s for s in range(1, 6) for _ in range(counts[f"n_{s}"])]
        n = len(values)
        mean = sum(values) / n
        sd = (sum((v - mean) ** 2 for v in values) / (n - 1)) ** 0.5
        low, high = scipy_stats.t.interval(0.95, n - 1, loc=mean, scale=sd / n**0.5)
        assert row["lowest_mean_ci_low"] == pytest.approx(max(1.0, low), abs=0.006)
        assert row["lowest_mean_ci_high"] == pytest.approx(min(5.0, high), abs=0.006)


def test_summary_for_one_locality_says_which_statements_differ_from_the_rest(
    capsys: pytest.CaptureFixture[str], sample: SurveyData
) -> None:
    args = ("--role", "CC", "--theme", "role_support", "--locality", "Salford")
    included = "I feel included in the practice team and its communication channels"
    rows = json.loads(run_summary(capsys, *args, "--format", "json"))["rows"]
    flags = {r["question"]: r["vs_rest_significant"] for r in rows if r["qtype"] == "likert"}
    total = {
        r["statement"]: r for r in sample.likert("role_support", "CC", WAVE).iter_rows(named=True)
    }
    here = sample.likert("role_support", "CC", WAVE, "Salford")
    for r in here.iter_rows(named=True):
        assert flags[r["statement"]] is bool(welch_p(r, total[r["statement"]]) < 0.05)
    assert flags[included] is True
    table = run_summary(capsys, *args)
    assert "vs rest" in table and "sig." in table and "n.s." in table
