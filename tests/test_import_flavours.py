"""Every export flavour imports into the same answers as the plain CSV of the same responses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from import_helpers import (
    CODEBOOK,
    FIXTURES,
    PLAIN,
    answers_and_respondents,
    import_args,
    run,
)

from tui.codebook import load_codebook
from tui.errors import ImportProblems
from tui.importing import import_export
from tui.importing.raw import GENERIC_CSV, GOOGLE_FORMS, MS_FORMS, SURVEYMONKEY
from tui.importing.readers import read_export
from tui.importing.validate import parse_export

FLAVOURS = [
    ("utf8_bom.csv", GENERIC_CSV, "UTF-8 with BOM"),
    ("cp1252_crlf.csv", GENERIC_CSV, "Windows-1252"),
    ("msforms.csv", MS_FORMS, "UTF-8 with BOM"),
    ("msforms.xlsx", MS_FORMS, "Excel workbook"),
    ("google_forms.csv", GOOGLE_FORMS, "UTF-8"),
    ("surveymonkey.csv", SURVEYMONKEY, "UTF-8"),
]


@pytest.fixture(scope="module")
def plain_tables(tmp_path_factory) -> dict[str, list[tuple]]:
    db = tmp_path_factory.mktemp("plain") / "plain.duckdb"
    import_export(PLAIN, CODEBOOK, 2024, db)
    return answers_and_respondents(db)


def test_plain_csv_holds_what_the_fixture_says(plain_tables) -> None:
    respondents = {r[2]: r for r in plain_tables["respondents"]}
    assert respondents["2"][1:4] == ("CC", "2", "Rochdale")  # locality alias
    assert respondents["3"][3] == "Tameside and Glossop"  # "&" alias
    assert respondents["6"][3] is None  # left blank
    assert respondents["6"][6] == "PCN-paid, charity-managed"  # comma in a single
    texts = {r[2]: r[7] for r in plain_tables["answers"] if r[3] == "rs_comments" and r[4]}
    assert texts == {
        "1": "More time with clients – and a quiet room.",
        "2": "It’s fine,\nreally.",
        "4": "Café-style drop-ins, please",
        "6": "Better supervision; regular peer support.",
    }
    training = sorted(
        (r[2], r[5]) for r in plain_tables["answers"] if r[3] == "training_needs" and r[4]
    )
    assert training == [("1", 0), ("1", 1), ("3", 1), ("6", 0), ("6", 2), ("6", 3)]
    # Practices was asked of CC only; training of SPLW only.
    assert {r[1] for r in plain_tables["answers"] if r[3] == "practices"} == {"CC"}
    assert {r[1] for r in plain_tables["answers"] if r[3] == "training_needs"} == {"SPLW"}


@pytest.mark.parametrize(("name", "flavour", "encoding"), FLAVOURS)
def test_flavour_imports_into_the_same_answers(
    tmp_path: Path, plain_tables, name: str, flavour: str, encoding: str
) -> None:
    raw = read_export(FIXTURES / name)
    assert (raw.flavour, raw.encoding) == (flavour, encoding)
    db = tmp_path / "out.duckdb"
    import_export(FIXTURES / name, CODEBOOK, 2024, db)
    assert answers_and_respondents(db) == plain_tables


@pytest.mark.parametrize(
    ("name", "disguise"),
    [
        ("msforms.xlsx", "responses.csv"),
        ("google_forms.csv", "responses.xlsx"),
        ("surveymonkey.csv", "export"),
    ],
)
def test_flavour_is_read_from_content_not_file_name(
    tmp_path: Path, plain_tables, name: str, disguise: str
) -> None:
    export = tmp_path / disguise
    shutil.copyfile(FIXTURES / name, export)
    db = tmp_path / "out.duckdb"
    import_export(export, CODEBOOK, 2024, db)
    assert answers_and_respondents(db) == plain_tables


def test_import_summary_names_flavour_counts_and_dropped_columns(tmp_path: Path, capsys) -> None:
    code, err = run(capsys, *import_args(FIXTURES / "surveymonkey.csv", tmp_path / "s.duckdb"))
    assert code == 0
    assert "6 respondents from surveymonkey.csv (SurveyMonkey export, UTF-8)" in err
    # Role totals are shown (as everywhere); each locality here has fewer than 5, so its
    # count is withheld, as the explorer withholds it.
    assert (
        "SPLW    4: Bolton (fewer than 5), Tameside and Glossop (fewer than 5), "
        "Wigan (fewer than 5), Not stated (fewer than 5)"
    ) in err
    assert "CC      2: Bolton (fewer than 5), Rochdale (fewer than 5)" in err
    assert "identifying columns dropped, never stored: Email Address, First Name, Last Name" in err
    assert "columns not in the codebook, ignored: Custom Data 1" in err
    assert "answers left blank: 9 of 48 (19%)" in err
    assert "\x1b[" not in err  # no progress bar when not a terminal


def test_progress_bar_shows_only_on_a_terminal(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.cli._stderr_is_terminal", lambda: True)
    code, err = run(capsys, *import_args(PLAIN, tmp_path / "p.duckdb"))
    assert code == 0
    assert "\x1b[" in err and "Imported wave 2024" in err


# -- reading details ---------------------------------------------------------------------
def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


HEADER = "ID,Which role are you in?,Which locality do you work in?,I feel valued in my role\n"


@pytest.mark.parametrize(
    "value", ["4", "4 - Very good", "Very good", "4.0", " 4 ", "4 – Very good", "4 - VERY GOOD."]
)
def test_likert_accepts_the_number_or_the_label(tmp_path: Path, value: str) -> None:
    export = _write(tmp_path / "e.csv", HEADER + f'1,Care Coordinator,Wigan,"{value}"\n')
    parsed = parse_export(read_export(export), load_codebook(CODEBOOK))
    i = parsed.answers["question_id"].index("rs_valued")
    assert (parsed.answers["score"][i], parsed.answers["option_order"][i]) == (4, 3)


@pytest.mark.parametrize("value", ["6", "0", "Good-ish", "Very"])
def test_likert_rejects_anything_else_with_the_scale_in_the_message(
    tmp_path: Path, value: str
) -> None:
    export = _write(tmp_path / "e.csv", HEADER + f"1,Care Coordinator,Wigan,{value}\n")
    with pytest.raises(ImportProblems) as err:
        parse_export(read_export(export), load_codebook(CODEBOOK))
    assert err.value.problems == [
        f'e.csv row 2, column "I feel valued in my role": "{value}" is not a 1-5 score or a '
        "label of its scale (1 - Not at all good, 2 - Not so good, 3 - Somewhat good, "
        "4 - Very good, 5 - Extremely good)"
    ]


def test_row_numbers_count_blank_lines_and_multi_line_cells(tmp_path: Path) -> None:
    export = _write(
        tmp_path / "e.csv",
        HEADER + "1,Care Coordinator,Wigan,4\n\n"
        '2,Care Coordinator,"Wi\ngan",4\n3,Care Coordinator,Nowhere,4\n',
    )
    with pytest.raises(ImportProblems) as err:
        parse_export(read_export(export), load_codebook(CODEBOOK))
    assert [p.split(":")[0] for p in err.value.problems] == [
        'e.csv row 4, column "Which locality do you work in?"',
        'e.csv row 5, column "Which locality do you work in?"',
    ]


def test_semicolon_delimited_and_utf16_exports_read(tmp_path: Path) -> None:
    semi = _write(
        tmp_path / "semi.csv", HEADER.replace(",", ";") + "1;Care Coordinator;Wigan;4\n", "cp1252"
    )
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes(
        b"\xff\xfe"
        + (HEADER.replace(",", "\t") + "1\tCare Coordinator\tWigan\t4\r\n").encode("utf-16-le")
    )
    for path, encoding in ((semi, "UTF-8"), (utf16, "UTF-16")):
        raw = read_export(path)
        assert (raw.encoding, raw.rows) == (encoding, [["1", "Care Coordinator", "Wigan", "4"]])


def test_google_grid_column_matches_the_statement(tmp_path: Path) -> None:
    export = _write(
        tmp_path / "g.csv",
        "Timestamp,Which role are you in?,How do you feel? [I feel valued in my role]\n"
        "2024/03/04 9:00:00 AM GMT,Care Coordinator,5\n",
    )
    parsed = parse_export(read_export(export), load_codebook(CODEBOOK))
    assert parsed.unmapped_columns == []
    assert parsed.answers["score"][parsed.answers["question_id"].index("rs_valued")] == 5


def test_surveymonkey_other_and_matrix_columns(tmp_path: Path) -> None:
    export = _write(
        tmp_path / "sm.csv",
        (
            "Respondent ID,Which role are you in?,Which training would you benefit from? "
            "(tick all that apply),,,Rate these,\n"
            ",Response,Trauma Informed Practice,Health Coaching,Other (please specify),"
            "I feel valued in my role,I have regular supervision\n"
            "11,Social Prescribing Link Worker,Trauma Informed Practice,,Dance therapy,Very good,\n"
            "12,Social Prescribing Link Worker,,Health Coaching,,2,Extremely good\n"
        ),
    )
    raw = read_export(export)
    assert raw.headers == [
        "Respondent ID",
        "Which role are you in?",
        "Which training would you benefit from? (tick all that apply)",
        "Which training would you benefit from? (tick all that apply) - Other (please specify)",
        "I feel valued in my role",
        "I have regular supervision",
    ]
    assert raw.rows[0][2:] == [
        "Trauma Informed Practice;Other (please specify)",
        "Dance therapy",
        "Very good",
        "",
    ]
    assert raw.first_data_row == 3
    # "Other (please specify)" is not an option in the codebook: said plainly, row 3.
    with pytest.raises(ImportProblems) as err:
        parse_export(raw, load_codebook(CODEBOOK))
    assert err.value.problems == [
        'sm.csv row 3, column "Which training would you benefit from? (tick all that apply)": '
        '"Trauma Informed Practice;Other (please specify)" has "Other (please specify)", '
        "which is not one of the options (Trauma Informed Practice, Welfare, Benefits and "
        "Debt Advice, Health Coaching, Mental Health First Aid)"
    ]


def test_workbook_numbers_and_dates_read_as_text() -> None:
    """The committed workbook stores ids as numbers and dates as dates; both read as text."""
    raw = read_export(FIXTURES / "msforms.xlsx")
    assert [r[0] for r in raw.rows] == ["1", "2", "3", "4", "5", "6"]
    assert raw.rows[0][1].startswith("2024-03-04 09:00:00")
    assert raw.rows[1][-1] == "It’s fine,\nreally."


def test_workbook_reads_the_first_visible_sheet_with_data(tmp_path: Path, plain_tables) -> None:
    raw = read_export(FIXTURES / "multi_sheet.xlsx")
    assert raw.notes == ['read sheet "Form1" only; other sheets with data were not read: "Notes"']
    db = tmp_path / "out.duckdb"
    parsed = import_export(FIXTURES / "multi_sheet.xlsx", CODEBOOK, 2024, db)
    assert parsed.notes == raw.notes
    assert answers_and_respondents(db) == plain_tables


def test_a_first_response_saying_response_is_not_a_second_header_row(tmp_path: Path) -> None:
    export = _write(
        tmp_path / "e.csv",
        "ID,Which role are you in?,Anything else?\n1,Care Coordinator,Response\n",
    )
    raw = read_export(export)
    assert (raw.flavour, raw.first_data_row, raw.rows) == (
        GENERIC_CSV,
        2,
        [["1", "Care Coordinator", "Response"]],
    )


def test_import_summary_min_group_is_the_explorers(tmp_path: Path, capsys) -> None:
    """`--min-group K` sets the summary's threshold as it sets the explorer's: 1 shows
    every count (with the explorer's loud warning); 0 is refused before anything is
    written."""
    export = FIXTURES / "surveymonkey.csv"
    code, err = run(capsys, *import_args(export, tmp_path / "s.duckdb"), "--min-group", "1")
    assert code == 0
    assert "SPLW    4: Bolton 1, Tameside and Glossop 1, Wigan 1, Not stated 1" in err
    assert "small-number suppression is OFF" in err
    code, err = run(capsys, *import_args(export, tmp_path / "t.duckdb"), "--min-group", "0")
    assert code == 2
    assert "--min-group must be a whole number of at least 1, not 0" in err
    assert not (tmp_path / "t.duckdb").exists()
