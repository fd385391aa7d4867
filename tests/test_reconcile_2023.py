"""A lead checks the bundled sample against every figure the 2023 report publishes.

Each test is one row of /work/shared/report-2023-figures.md (the report's
"SPLWs, CCs and H&WCs Workforce Survey 2023").  The expected values are typed in here as
the report states them; they are never read from the sample's generator or its spec.
Every figure is queried through the data layer (tui/data.py) and so through the
project's own SQL views, exactly as the app and `summary` see them.

Questions are found by their wording and statements by the report's own words
(case-insensitively, by substring where the report paraphrases).  Where the report's
wording of an answer differs from the questionnaire's, the test names the questionnaire's
label and quotes the report beside it.
"""

from __future__ import annotations

import polars as pl
import pytest

from tui.data import SurveyData

WAVE = 2023

# Question wording, as asked (a unique part of the question text).
TENURE = "how long have you been in your role"
EMPLOYMENT = "full-time or part-time"
EMPLOYER = "who is your employer"
MANAGER = "manage or lead a team"
TRAINING = "which training would you benefit from"
MDT = "multi-disciplinary team"
OUTCOME_MEASURES = "outcome measures do you use"
APPOINTMENT = "how long do you spend with a client at an appointment"
SESSIONS = "how many sessions"
HOURS = "how many hours"
CASELOAD = "average caseload over the course of a year"
SUPERVISION_TYPES = "types of supervision"
SUPERVISION_FREQUENCY = "how regularly are your supervision meetings"


# -- helpers ------------------------------------------------------------------------------
def role_code(sample: SurveyData, label: str) -> str:
    """The report names roles by label (SPLW, CC, H&WC); the data layer resolves them."""
    return sample.resolve_role(label)


def question(sample: SurveyData, theme: str, label: str, wording: str) -> pl.DataFrame:
    """The all-localities rows of the one question whose text contains `wording`."""
    frame = sample.theme(theme, role_code(sample, label), WAVE)
    rows = frame.filter(
        pl.col("question").str.to_lowercase().str.contains(wording.lower(), literal=True)
    )
    ids = rows["question_id"].unique().to_list()
    assert len(ids) == 1, f"{label} {theme}: {len(ids)} questions match {wording!r}: {ids}"
    return rows


def option_counts(rows: pl.DataFrame) -> dict[str, int]:
    return {
        opt: int(n) for opt, n in zip(rows["option"], rows["count"], strict=True) if opt is not None
    }


def count_of(rows: pl.DataFrame, wording: str) -> int:
    """The count of the answer the report names: an exact label, else a unique substring."""
    counts = option_counts(rows)
    exact = [o for o in counts if o.casefold() == wording.casefold()]
    found = exact or [o for o in counts if wording.casefold() in o.casefold()]
    assert len(found) == 1, f"{len(found)} answers match {wording!r} in {list(counts)}"
    return counts[found[0]]


def answered(rows: pl.DataFrame) -> tuple[int, int]:
    """(n answered, n not answered) of one question."""
    assert rows["n_answered"].n_unique() == 1 and rows["n_not_answered"].n_unique() == 1
    return int(rows["n_answered"][0]), int(rows["n_not_answered"][0])


def modal_band(rows: pl.DataFrame) -> str:
    """The single most chosen answer; a tie means there is no modal band."""
    ranked = sorted(option_counts(rows).items(), key=lambda kv: -kv[1])
    assert ranked[0][1] > ranked[1][1], f"no single modal band: {ranked[:3]}"
    return ranked[0][0]


def top(rows: pl.DataFrame, k: int) -> list[str]:
    """The k most chosen options, in order; ties at any of the k places fail."""
    ranked = sorted(option_counts(rows).items(), key=lambda kv: -kv[1])
    counts = [n for _, n in ranked[: k + 1]]
    assert all(a > b for a, b in zip(counts, counts[1:], strict=False)), (
        f"the top {k} are not in a strict order: {ranked[: k + 1]}"
    )
    return [opt for opt, _ in ranked[:k]]


def statement_means(sample: SurveyData, label: str) -> dict[str, float]:
    frame = sample.likert("role_support", role_code(sample, label), WAVE)
    return dict(zip(frame["statement"], frame["mean"], strict=True))


def find_statement(statements: list[str], wording: str) -> str:
    found = [s for s in statements if wording.casefold() in s.casefold()]
    assert len(found) == 1, f"{len(found)} statements match {wording!r}: {found}"
    return found[0]


def gaps(sample: SurveyData, label: str) -> dict:
    frame = sample.supervision_gaps(role_code(sample, label), WAVE)
    assert frame.height == 1
    return frame.row(0, named=True)


def measures_used(rows: pl.DataFrame) -> dict[str, int]:
    """Outcome measures somebody uses; the exclusive "None" answer is not a measure."""
    return {
        o: int(n)
        for o, n, m in rows.select("option", "count", "marker").iter_rows()
        if m != "none" and n > 0
    }


def none_share(rows: pl.DataFrame) -> tuple[int, float]:
    none = rows.filter(pl.col("marker") == "none")
    assert none.height == 1, "the outcome measures question has one exclusive 'None' answer"
    return int(none["count"][0]), float(none["pct"][0])


# -- the sample says what it is -----------------------------------------------------------
def test_the_sample_is_the_2023_wave(sample: SurveyData) -> None:
    assert sample.latest_wave() == WAVE


def test_the_sample_says_it_is_synthetic(sample: SurveyData) -> None:
    note = sample.waves().filter(pl.col("wave") == WAVE)["note"][0]
    assert note is not None and "synthetic" in note.casefold()


# -- responses / workforce, all three roles -----------------------------------------------
@pytest.mark.parametrize(
    ("label", "responses", "workforce"), [("SPLW", 53, 263), ("CC", 33, 120), ("H&WC", 6, 25)]
)
def test_responses_of_workforce(
    sample: SurveyData, label: str, responses: int, workforce: int
) -> None:
    roles = sample.roles(WAVE).filter(pl.col("role_label") == label)
    assert roles.height == 1
    row = roles.row(0, named=True)
    assert (row["respondents"], row["workforce"]) == (responses, workforce)


def test_splw_response_rate_rounds_to_20_percent(sample: SurveyData) -> None:
    rate = sample.roles(WAVE).filter(pl.col("role_label") == "SPLW")["response_rate"][0]
    assert round(rate) == 20  # 53 of 263


# -- Social Prescribing Link Workers -------------------------------------------------------
def test_splw_one_respondent_is_a_manager(sample: SurveyData) -> None:
    rows = question(sample, "demographics", "SPLW", MANAGER)
    assert count_of(rows, "Yes") == 1


def test_splw_time_in_role(sample: SurveyData) -> None:
    rows = question(sample, "demographics", "SPLW", TENURE)
    assert count_of(rows, "Over 2 years") == 24
    assert count_of(rows, "1-2 years") == 11
    assert count_of(rows, "6 months to 1 year") == 14  # report: "6 months-1 year"
    assert count_of(rows, "Less than 6 months") == 4  # report: "under 6 months"
    assert answered(rows) == (53, 0)


def test_splw_employment(sample: SurveyData) -> None:
    rows = question(sample, "demographics", "SPLW", EMPLOYMENT)
    assert (count_of(rows, "full-time"), count_of(rows, "part-time")) == (45, 8)


def test_splw_employer_with_one_not_answered(sample: SurveyData) -> None:
    rows = question(sample, "demographics", "SPLW", EMPLOYER)
    assert count_of(rows, "GP federation/alliance") == 13
    assert count_of(rows, "local authority") == 5
    assert count_of(rows, "PCN") == 14
    assert count_of(rows, "voluntary sector") == 18
    assert count_of(rows, "NHS foundation trust") == 1
    assert count_of(rows, "PCN-paid, charity-managed") == 1
    assert sum(option_counts(rows).values()) == 52
    assert answered(rows) == (52, 1)


SPLW_BELOW_3 = [
    "I have clarity on the scope of my role",
    "My caseload is manageable",
    "I feel valued in my role",
    "I have sufficient time to spend with my clients",
]


def test_splw_exactly_four_role_support_statements_score_below_3(sample: SurveyData) -> None:
    means = statement_means(sample, "SPLW")
    below = {s.casefold() for s, m in means.items() if m < 3}
    assert below == {s.casefold() for s in SPLW_BELOW_3}


def test_splw_low_scores_view_lists_the_same_four(sample: SurveyData) -> None:
    low = sample.low_scores(role_code(sample, "SPLW"), WAVE)
    in_theme = low.filter(pl.col("theme") == "role_support")["statement"].to_list()
    assert sorted(s.casefold() for s in in_theme) == sorted(s.casefold() for s in SPLW_BELOW_3)
    assert (low["mean"] < 3).all()


def test_splw_top_three_training_needs_in_order(sample: SurveyData) -> None:
    rows = question(sample, "training", "SPLW", TRAINING)
    assert [t.casefold() for t in top(rows, 3)] == [
        "trauma informed practice",
        "health coaching",
        "identifying and managing suicide risks",
    ]


@pytest.mark.parametrize("label", ["SPLW", "CC"])
def test_most_are_not_part_of_an_mdt(sample: SurveyData, label: str) -> None:
    rows = question(sample, "mdt_outcomes", label, MDT)
    n_answered, _ = answered(rows)
    assert count_of(rows, "No") > n_answered / 2


def test_splw_ons4_is_the_most_used_outcome_measure_and_some_use_none(sample: SurveyData) -> None:
    rows = question(sample, "mdt_outcomes", "SPLW", OUTCOME_MEASURES)
    used = measures_used(rows)
    assert max(used, key=used.get) == "ONS4"
    assert sorted(used.values())[-1] > sorted(used.values())[-2]
    assert none_share(rows)[0] > 0


def test_splw_time_per_appointment_modal_band(sample: SurveyData) -> None:
    assert modal_band(question(sample, "engagement", "SPLW", APPOINTMENT)) == "30 minutes to 1 hour"


def test_splw_sessions_per_client_modal_band(sample: SurveyData) -> None:
    assert modal_band(question(sample, "engagement", "SPLW", SESSIONS)) == "6-12"


def test_splw_annual_caseload_modal_band_is_above_the_safe_caseload(sample: SurveyData) -> None:
    rows = question(sample, "engagement", "SPLW", CASELOAD)
    assert modal_band(rows) == "251-500"
    # The framework's safe caseload (200-250 a year) is the band the codebook marks.
    safe = rows.filter(pl.col("marker") == "safe_caseload")["option"].to_list()
    assert safe == ["201-250"]


def test_splw_no_access_to_clinical_supervision_14_of_53(sample: SurveyData) -> None:
    g = gaps(sample, "SPLW")
    assert (g["n_no_clinical"], g["n_answered"], g["respondents"]) == (14, 53, 53)
    assert round(g["pct_no_clinical"]) == 26


# -- Care Coordinators --------------------------------------------------------------------
def test_cc_employment(sample: SurveyData) -> None:
    rows = question(sample, "demographics", "CC", EMPLOYMENT)
    assert (count_of(rows, "full-time"), count_of(rows, "part-time")) == (26, 7)


def test_cc_employer_with_one_not_answered(sample: SurveyData) -> None:
    rows = question(sample, "demographics", "CC", EMPLOYER)
    assert count_of(rows, "CIC/voluntary sector") == 2
    assert count_of(rows, "GP federation/alliance") == 9
    assert count_of(rows, "LA/PCN") == 1
    assert count_of(rows, "local authority") == 3
    assert count_of(rows, "PCN") == 17  # the report's "seventy" is a typo: 17 makes 32
    assert answered(rows) == (32, 1)


@pytest.mark.parametrize(("label", "n_localities"), [("CC", 8), ("H&WC", 3)])
def test_localities_responding(sample: SurveyData, label: str, n_localities: int) -> None:
    places = sample.localities(role_code(sample, label), WAVE)
    # A suppressed locality ("fewer than 5") still responded: its count is hidden, not 0.
    responding = places.filter((pl.col("respondents") > 0) | pl.col("suppressed"))[
        "locality"
    ].to_list()
    assert "Not stated" not in responding
    assert len(responding) == n_localities


def test_cc_highest_role_support_is_confidence_in_the_role(sample: SurveyData) -> None:
    means = statement_means(sample, "CC")
    ranked = sorted(means.items(), key=lambda kv: -kv[1])
    assert ranked[0][1] > ranked[1][1]
    assert ranked[0][0] == find_statement(list(means), "confident")


def test_cc_top_two_training_needs_in_order(sample: SurveyData) -> None:
    rows = question(sample, "training", "CC", TRAINING)
    assert [t.casefold() for t in top(rows, 2)] == [
        "mental health first aid",
        "identifying and managing suicide risk",
    ]


def test_cc_frailty_scoring_is_the_most_used_outcome_measure_and_some_use_none(
    sample: SurveyData,
) -> None:
    rows = question(sample, "mdt_outcomes", "CC", OUTCOME_MEASURES)
    used = measures_used(rows)
    assert max(used, key=used.get).casefold() == "frailty scoring"
    assert sorted(used.values())[-1] > sorted(used.values())[-2]
    assert none_share(rows)[0] > 0


def test_cc_time_per_appointment_modal_band(sample: SurveyData) -> None:
    # report: "30-60 minutes"
    assert modal_band(question(sample, "engagement", "CC", APPOINTMENT)) == "30 minutes to 1 hour"


def test_cc_sessions_per_client_modal_band(sample: SurveyData) -> None:
    assert modal_band(question(sample, "engagement", "CC", SESSIONS)) == "1-2"


def test_cc_no_access_to_clinical_supervision_9_of_32_answered(sample: SurveyData) -> None:
    g = gaps(sample, "CC")
    assert (g["n_no_clinical"], g["n_answered"], g["respondents"]) == (9, 32, 33)
    assert round(g["pct_no_clinical"]) == 28
    rows = question(sample, "supervision", "CC", SUPERVISION_TYPES)
    assert answered(rows) == (32, 1)  # the one "not answered" is kept, not invented


def test_cc_everyone_with_supervision_meetings_has_them_monthly(sample: SurveyData) -> None:
    rows = question(sample, "supervision", "CC", SUPERVISION_FREQUENCY)
    meeting = {
        o: n
        for o, n, m in rows.select("option", "count", "marker").iter_rows()
        if m != "no_supervision" and n > 0
    }
    assert list(meeting) == ["Monthly"]
    g = gaps(sample, "CC")
    assert g["n_regular"] == meeting["Monthly"]
    assert g["n_regular"] + g["n_no_meetings"] == g["n_answered_frequency"]


# -- Health and Wellbeing Coaches -----------------------------------------------------------
def test_hwc_employer(sample: SurveyData) -> None:
    rows = question(sample, "demographics", "H&WC", EMPLOYER)
    assert count_of(rows, "GP federation") == 2
    assert count_of(rows, "voluntary sector") == 3
    assert count_of(rows, "PCN") == 1
    assert answered(rows) == (6, 0)


def test_hwc_employment(sample: SurveyData) -> None:
    rows = question(sample, "demographics", "H&WC", EMPLOYMENT)
    assert (count_of(rows, "full-time"), count_of(rows, "part-time")) == (4, 2)


def test_hwc_time_in_role(sample: SurveyData) -> None:
    rows = question(sample, "demographics", "H&WC", TENURE)
    assert count_of(rows, "Less than 6 months") == 2  # report: "under 6 months"
    assert count_of(rows, "6 months to 1 year") == 1  # report: "6 months-1 year"
    assert count_of(rows, "Over 2 years") == 3
    assert count_of(rows, "1-2 years") == 0  # the report lists no others
    assert answered(rows) == (6, 0)


def test_hwc_highest_and_lowest_role_support(sample: SurveyData) -> None:
    means = statement_means(sample, "H&WC")
    ranked = sorted(means.items(), key=lambda kv: -kv[1])
    assert ranked[0][1] > ranked[1][1] and ranked[-1][1] < ranked[-2][1]
    assert ranked[0][0].casefold() == "i feel confident in carrying out my role"
    # report: "the role could be better integrated"
    assert ranked[-1][0] == find_statement(list(means), "integrated")


def test_hwc_two_of_six_are_part_of_an_mdt(sample: SurveyData) -> None:
    rows = question(sample, "mdt_outcomes", "H&WC", MDT)
    assert count_of(rows, "Yes") == 2
    assert answered(rows) == (6, 0)


def test_hwc_outcome_measures_and_a_notable_share_using_none(sample: SurveyData) -> None:
    rows = question(sample, "mdt_outcomes", "H&WC", OUTCOME_MEASURES)
    assert {m.casefold() for m in measures_used(rows)} == {"ons4", "swemwbs", "readiness to change"}
    n_none, pct_none = none_share(rows)
    assert n_none > 0 and pct_none >= 20  # "notable": read here as at least one in five


def test_hwc_time_per_session_modal_band(sample: SurveyData) -> None:
    assert modal_band(question(sample, "engagement", "H&WC", APPOINTMENT)) == "31-60 minutes"


def test_hwc_hours_per_client_a_year_modal_band(sample: SurveyData) -> None:
    assert modal_band(question(sample, "engagement", "H&WC", HOURS)) == "6-12"


def test_hwc_annual_caseload_modal_band(sample: SurveyData) -> None:
    assert modal_band(question(sample, "engagement", "H&WC", CASELOAD)) == "101-205"


def test_hwc_no_access_to_clinical_supervision_2_of_6(sample: SurveyData) -> None:
    g = gaps(sample, "H&WC")
    assert (g["n_no_clinical"], g["n_answered"], g["respondents"]) == (2, 6, 6)


def test_hwc_monthly_supervision_3_of_6(sample: SurveyData) -> None:
    rows = question(sample, "supervision", "H&WC", SUPERVISION_FREQUENCY)
    assert count_of(rows, "Monthly") == 3
    assert answered(rows) == (6, 0)
