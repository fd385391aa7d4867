"""Small-number suppression: no figure for a locality of fewer than K people."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import polars as pl
import pytest

from tui import suppression
from tui.cli import main
from tui.codebook import THEMES
from tui.data import SurveyData
from tui.errors import UsageError
from tui.paths import SAMPLE_DB
from tui.render import frame_to_csv, view_table
from tui.suppression import IDENTITY_COLUMNS, plan

WAVE = 2023
HWC_LOCALITIES = {"Manchester": 3, "Salford": 2, "Wigan": 1}


def figures(frame: pl.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in IDENTITY_COLUMNS]


def assert_hidden(frame: pl.DataFrame) -> None:
    """Every row is suppressed and carries no figure at all."""
    assert frame.height > 0
    assert frame["suppressed"].all()
    for column in figures(frame):
        assert frame[column].null_count() == frame.height, column


def assert_shown(frame: pl.DataFrame) -> None:
    assert frame.height > 0
    assert not frame["suppressed"].any()
    assert frame["note"].null_count() == frame.height


def single_locality_frames(
    data: SurveyData, role: str, locality: str
) -> Iterator[tuple[str, pl.DataFrame]]:
    for theme in THEMES:
        yield f"theme {theme}", data.theme(theme, role, WAVE, locality)
    for theme in ("role_support", "supervision"):
        yield f"likert {theme}", data.likert(theme, role, WAVE, locality)
    yield "low_scores", data.low_scores(role, WAVE, locality)
    yield "supervision_gaps", data.supervision_gaps(role, WAVE, locality)
    yield "comments", data.comments(role, WAVE, locality=locality)


@pytest.fixture()
def fresh() -> Iterator[SurveyData]:
    """A SurveyData of its own, for tests that change min_group."""
    data = SurveyData(SAMPLE_DB)
    yield data
    data.close()


# -- the rule ----------------------------------------------------------------------------
def test_groups_under_k_are_hidden_and_zero_groups_are_not() -> None:
    p = plan([("A", 6), ("B", 0), ("C", 3), ("D", 2), ("E", 9)], 5)
    assert p.small == {"C", "D"}
    assert p.complementary == set()  # C+D = 5 >= K, two groups
    assert p.status("B").no_responses and not p.status("B").suppressed
    assert p.status("B").respondents == 0 and p.status("B").note == "no responses"
    assert p.status("C").note == "fewer than 5" and p.status("C").respondents is None
    assert p.status("A").respondents == 6 and p.status("A").note is None


def test_a_lone_hidden_group_takes_the_next_smallest_with_it() -> None:
    p = plan([("A", 9), ("B", 6), ("C", 2), ("D", 0), ("E", 6)], 5)
    assert p.small == {"C"}
    assert p.complementary == {"B"}  # smallest shown; ties: first
    assert p.status("B").suppressed
    assert p.status("B").note == "hidden to protect a locality with fewer than 5"


def test_hidden_groups_adding_up_to_fewer_than_k_take_another() -> None:
    p = plan([("A", 1), ("B", 2), ("C", 7), ("D", 5)], 5)
    assert p.small == {"A", "B"} and p.complementary == {"D"}


def test_a_zero_group_never_counts_as_protection() -> None:
    # One small group beside only empty ones and one big group: the big one is hidden.
    p = plan([("A", 3), ("B", 0), ("C", 0), ("D", 20)], 5)
    assert p.hidden == {"A", "D"}


def test_a_role_under_k_hides_every_locality_but_keeps_its_total() -> None:
    p = plan([("A", 1), ("B", 2), ("C", 0)], 5)
    assert p.hidden == {"A", "B"} and p.complementary == set()
    total = p.status(None)
    assert not total.suppressed and total.respondents == 3
    assert total.note == "role total under 5: shown (totals are not suppressed)"


def test_k_of_one_hides_nothing() -> None:
    p = plan([("A", 1), ("B", 0), ("C", 2)], 1)
    assert p.hidden == set()
    assert p.status("A").respondents == 1


@pytest.mark.parametrize("k", [0, -3])
def test_k_must_be_at_least_one(k: int) -> None:
    with pytest.raises(ValueError):
        plan([("A", 1)], k)
    with pytest.raises(UsageError):
        SurveyData(SAMPLE_DB, min_group=k)


def test_apply_nulls_figures_of_hidden_rows_only() -> None:
    p = plan([("A", 2), ("B", 7), ("C", 9)], 5)
    frame = pl.DataFrame(
        {
            "locality": [None, "A", "B", "C"],
            "question": ["q"] * 4,
            "count": [18, 1, 3, 4],
            "top": ["x", "y", "z", "w"],
        }
    )
    out = suppression.apply(frame, p)
    assert out["suppressed"].to_list() == [False, True, True, False]
    assert out["count"].to_list() == [18, None, None, 4]
    assert out["top"].to_list() == ["x", None, None, "w"]  # text figures too
    assert out["question"].to_list() == ["q"] * 4  # what the row is about
    assert out["note"].to_list() == [
        None,
        "fewer than 5",
        "hidden to protect a locality with fewer than 5",
        None,
    ]


# -- the bundled sample ------------------------------------------------------------------
@pytest.mark.parametrize("locality", sorted(HWC_LOCALITIES))
def test_hwc_localities_show_no_figures(sample: SurveyData, locality: str) -> None:
    for name, frame in single_locality_frames(sample, "HWC", locality):
        assert_hidden(frame), name
        assert set(frame["note"]) == {"fewer than 5"}, name


def test_hwc_locality_list_hides_every_count(sample: SurveyData) -> None:
    frame = sample.localities("HWC", WAVE)
    rows = {r["locality"]: r for r in frame.iter_rows(named=True)}
    for name in HWC_LOCALITIES:
        assert rows[name]["respondents"] is None and rows[name]["suppressed"]
    for name, row in rows.items():
        if name not in HWC_LOCALITIES:
            assert row["respondents"] == 0 and row["note"] == "no responses"
            assert not row["suppressed"]


def test_hwc_role_total_stays_visible(sample: SurveyData) -> None:
    frame = sample.theme("training", "HWC", WAVE)
    assert_shown(frame)
    assert frame["n_answered"].max() == 6
    assert sample.respondents("HWC", WAVE) == 6


def test_hwc_comments_of_small_localities_are_hidden(sample: SurveyData) -> None:
    frame = sample.comments("HWC", WAVE)
    assert frame["comment"].null_count() == frame.height  # all three were Manchester's
    assert frame["suppressed"].all()
    assert "are not shown" in frame["note"][0]


def test_splw_bolton_of_six_shows_its_figures(sample: SurveyData) -> None:
    assert sample.respondents("SPLW", WAVE, "Bolton") == 6
    for name, frame in single_locality_frames(sample, "SPLW", "Bolton"):
        if name == "low_scores" and frame.height == 0:
            continue
        if name == "comments":  # six people: below the comments floor (--min-comments 10)
            assert frame["comment"].null_count() == frame.height
            continue
        assert not frame["suppressed"].any(), name
    gaps = sample.supervision_gaps("SPLW", WAVE, "Bolton").row(0, named=True)
    assert gaps["respondents"] == 6 and gaps["pct_no_clinical"] is not None
    likert = sample.likert("role_support", "SPLW", WAVE, "Bolton")
    assert likert["mean"].null_count() == 0


def test_splw_small_localities_are_hidden_everywhere(sample: SurveyData) -> None:
    hidden = {"Bury", "Tameside and Glossop", "Trafford"}  # 4 respondents each
    localities = sample.localities("SPLW", WAVE)
    assert set(localities.filter(pl.col("suppressed"))["locality"]) == hidden
    # three hidden groups of 12 people together: no complementary suppression needed
    assert sample.suppression_plan("SPLW", WAVE).complementary == set()
    comments = sample.comments("SPLW", WAVE)
    shown = comments.filter(~pl.col("suppressed"))
    assert not set(shown["locality"]) & hidden
    assert shown.height > 0


def test_min_group_one_shows_everything(fresh: SurveyData) -> None:
    fresh.min_group = 1
    fresh.min_comments = 1  # comments have their own floor (--min-comments)
    assert fresh.suppression_off
    for locality, n in HWC_LOCALITIES.items():
        assert fresh.respondents("HWC", WAVE, locality) == n
        for name, frame in single_locality_frames(fresh, "HWC", locality):
            if frame.height:
                assert not frame["suppressed"].any(), name
        assert fresh.supervision_gaps("HWC", WAVE, locality)["respondents"][0] == n
    assert fresh.comments("HWC", WAVE, locality="Manchester")["comment"].null_count() == 0


def test_min_group_is_settable_and_takes_effect_at_once(fresh: SurveyData) -> None:
    assert fresh.min_group == 5
    assert fresh.respondents("SPLW", WAVE, "Bolton") == 6
    fresh.min_group = 7
    assert fresh.respondents("SPLW", WAVE, "Bolton") is None
    fresh.min_group = 3
    assert fresh.respondents("HWC", WAVE, "Manchester") == 3
    assert fresh.respondents("HWC", WAVE, "Salford") is None
    # Salford (2) and Wigan (1) hidden: two groups, 3 people together, so no locality
    # needs hiding to protect them and Manchester (3) stays shown
    assert fresh.suppression_plan("HWC", WAVE).complementary == set()
    with pytest.raises(UsageError):
        fresh.min_group = 0


def test_low_scores_of_a_hidden_locality_do_not_list_statements(sample: SurveyData) -> None:
    frame = sample.low_scores("CC", WAVE, "Trafford")
    assert frame.height == 1
    assert frame["statement"][0] is None and frame["note"][0] == "fewer than 5"


def test_csv_export_of_a_hidden_locality_has_no_figures(sample: SurveyData) -> None:
    frame = sample.theme("role_support", "HWC", WAVE, "Salford")
    rows = list(csv.DictReader(io.StringIO(frame_to_csv(frame))))
    assert rows
    for row in rows:
        assert row["note"] == "fewer than 5" and row["suppressed"] == "true"
        for column in figures(frame):
            assert row[column] == "", column


def test_table_of_a_hidden_locality_shows_the_note(sample: SurveyData) -> None:
    table = view_table("role_support", sample.theme("role_support", "HWC", WAVE, "Wigan"))
    count, pct, n, mean = (table.columns[i]._cells for i in range(2, 6))
    assert {str(c) for c in count} == {"fewer than 5"}
    assert {str(c) for c in (*pct, *n, *mean)} == {""}


# -- the summary command -----------------------------------------------------------------
def summary(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["summary", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_summary_shows_fewer_than_k_in_every_format(capsys, monkeypatch, fmt: str) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = summary(
        capsys,
        "--role",
        "HWC",
        "--theme",
        "supervision_gaps",
        "--locality",
        "Manchester",
        "--format",
        fmt,
    )
    assert code == 0 and err == ""
    assert "fewer than 5" in out
    if fmt == "csv":
        row = next(csv.DictReader(io.StringIO(out)))
        assert row["respondents"] == "" and row["pct_no_clinical"] == ""
        assert row["note"] == "fewer than 5"
    elif fmt == "json":
        payload = json.loads(out)
        assert payload["min_group"] == 5 and payload["suppressed"] is True
        assert payload["respondents"] is None
        row = payload["rows"][0]
        assert row["n_no_clinical"] is None and row["note"] == "fewer than 5"
    else:
        assert "Manchester" in out
        assert not any(
            ch.isdigit() for line in out.splitlines()[1:] for ch in line.replace("fewer than 5", "")
        )


def test_summary_min_group_one_warns_on_stderr_and_shows_all(capsys) -> None:
    code, out, err = summary(
        capsys,
        "--role",
        "HWC",
        "--theme",
        "supervision_gaps",
        "--locality",
        "Wigan",
        "--format",
        "json",
        "--min-group",
        "1",
    )
    assert code == 0
    assert "small-number suppression is OFF (--min-group 1)" in err
    row = json.loads(out)["rows"][0]
    assert row["respondents"] == 1 and row["suppressed"] is False


def test_summary_min_group_changes_the_threshold(capsys) -> None:
    code, out, _err = summary(
        capsys,
        "--role",
        "SPLW",
        "--theme",
        "supervision_gaps",
        "--locality",
        "Bolton",
        "--format",
        "json",
        "--min-group",
        "7",
    )
    assert code == 0 and json.loads(out)["rows"][0]["respondents"] is None
    code, out, _err = summary(
        capsys,
        "--role",
        "SPLW",
        "--theme",
        "supervision_gaps",
        "--locality",
        "Bolton",
        "--format",
        "json",
    )
    assert code == 0 and json.loads(out)["rows"][0]["respondents"] == 6


@pytest.mark.parametrize("value", ["0", "-1", "five"])
def test_summary_rejects_a_bad_min_group(capsys, value: str) -> None:
    code, out, err = summary(capsys, "--role", "HWC", "--theme", "training", "--min-group", value)
    assert code == 2 and out == ""
    assert "--min-group" in err and len(err.strip().splitlines()) == 1


def test_app_rejects_a_bad_min_group_before_any_screen(capsys) -> None:
    assert main(["--min-group", "0"]) == 2
    assert "--min-group" in capsys.readouterr().err


def test_app_parser_takes_min_group() -> None:
    from tui.cli import _app_parser

    assert _app_parser().parse_args(["--min-group", "3"]).min_group == 3
    assert _app_parser().parse_args([]).min_group == 5


def test_unknown_locality_exits_2_listing_the_known_ones(capsys, sample: SurveyData) -> None:
    code, out, err = summary(
        capsys, "--role", "SPLW", "--theme", "training", "--locality", "Narnia"
    )
    assert code == 2 and out == ""
    assert "Narnia" in err
    for name in sample.known_localities():
        assert name in err
    with pytest.raises(UsageError, match="unknown locality 'Narnia'"):
        sample.resolve_locality("Narnia")


def test_a_locality_without_respondents_is_an_explicit_empty_state(
    capsys, sample: SurveyData
) -> None:
    status = sample.group_status("HWC", WAVE, "Bolton")
    assert status.no_responses and status.respondents == 0 and not status.suppressed
    assert sample.respondents("HWC", WAVE, "Bolton") == 0
    assert sample.theme("training", "HWC", WAVE, "Bolton").height == 0
    code, out, _err = summary(
        capsys, "--role", "HWC", "--theme", "training", "--locality", "Bolton"
    )
    assert code == 0 and out.strip().endswith("no responses")
    code, out, _err = summary(
        capsys, "--role", "HWC", "--theme", "training", "--locality", "Bolton", "--format", "json"
    )
    payload = json.loads(out)
    assert payload["note"] == "no responses" and payload["rows"] == []
    code, out, err = summary(
        capsys, "--role", "HWC", "--theme", "training", "--locality", "Bolton", "--format", "csv"
    )
    assert code == 0 and "no responses" in err
