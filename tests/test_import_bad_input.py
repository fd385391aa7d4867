"""Bad input: one clear message per problem, exit 2, no traceback, nothing written.

Every case imports into a copy of a database that already holds a wave, and checks
that the database's bytes, the folder's files and the export itself are unchanged.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from file_helpers import sha256
from import_helpers import CODEBOOK, FIXTURES, PLAIN, rows

from tui.cli import main
from tui.importing import import_export
from tui.paths import ROOT

HEADER = (
    "ID,Which role are you in?,Which locality do you work in?,"
    "Which of the following outcome measures do you use with your clients?,"
    "I feel valued in my role\n"
)


@pytest.fixture(scope="module")
def base_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("base") / "survey.duckdb"
    import_export(PLAIN, CODEBOOK, 2023, db)
    return db


class Case:
    def __init__(self, tmp_path: Path, base_db: Path) -> None:
        self.dir = tmp_path / "work"
        self.dir.mkdir()
        self.db = self.dir / "survey.duckdb"
        shutil.copyfile(base_db, self.db)

    def export(self, name: str, content: str | bytes) -> Path:
        path = self.dir / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path


def _check_refused(
    capsys, case: Case, export: Path, extra: list[str], codebook: Path = CODEBOOK, wave: int = 2024
) -> str:
    before_db = sha256(case.db)
    before_export = sha256(export) if export.is_file() else None
    before_files = sorted(p.name for p in case.dir.iterdir())
    capsys.readouterr()
    code = main(
        [
            "import",
            str(export),
            "--codebook",
            str(codebook),
            "--wave",
            str(wave),
            "--db",
            str(case.db),
            *extra,
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    assert err.startswith("workforce-explorer: error: ")
    assert sha256(case.db) == before_db, "the database changed"
    if before_export is not None:
        assert sha256(export) == before_export, "the export changed"
    assert sorted(p.name for p in case.dir.iterdir()) == before_files, "files were left behind"
    return err.removeprefix("workforce-explorer: error: ").rstrip("\n")


CASES: list[tuple[str, Callable[[Case], Path], list[str], str]] = [
    (
        "empty file",
        lambda c: c.export("e.csv", b""),
        [],
        "{dir}{sep}e.csv: the export is empty (no header row, no responses)",
    ),
    (
        "only blank lines",
        lambda c: c.export("e.csv", "\r\n  \r\n,,,\r\n"),
        [],
        "{dir}{sep}e.csv: the export is empty (no header row, no responses)",
    ),
    (
        "empty workbook",
        lambda c: c.export("e.xlsx", (FIXTURES / "empty.xlsx").read_bytes()),
        [],
        "{dir}{sep}e.xlsx: the export is empty (no header row, no responses)",
    ),
    (
        "header only",
        lambda c: c.export("e.csv", HEADER),
        [],
        "{dir}{sep}e.csv: has a header row but no responses",
    ),
    (
        "two header rows only",
        lambda c: c.export(
            "e.csv",
            (FIXTURES / "surveymonkey.csv").read_text(encoding="utf-8").split("\n")[0]
            + "\n"
            + (FIXTURES / "surveymonkey.csv").read_text(encoding="utf-8").split("\n")[1],
        ),
        [],
        "{dir}{sep}e.csv: has its two header rows but no responses",
    ),
    (
        "missing export",
        lambda c: c.dir / "nope.csv",
        [],
        "{dir}{sep}nope.csv: no such file (expected a survey export, .csv or .xlsx)",
    ),
    ("directory as export", lambda c: c.dir, [], "{dir}: is a directory, not a survey export"),
    (
        "binary export",
        lambda c: c.export("e.csv", b"\x00\x01DUCK\x00\x00binary"),
        [],
        "{dir}{sep}e.csv: holds binary data, not a text export; expected a .csv or .xlsx survey "
        "export",
    ),
    (
        "broken workbook",
        lambda c: c.export("e.xlsx", b"PK\x03\x04" + b"\x00garbage" * 20),
        [],
        "{dir}{sep}e.xlsx: is a ZIP file but not a readable Excel workbook (calamine error: Cannot "
        "detect file format); export the responses again, or save them as CSV UTF-8",
    ),
    (
        "duplicated respondent id",
        lambda c: c.export(
            "e.csv",
            HEADER + "7,Care Coordinator,Wigan,ONS4,4\n8,Care Coordinator,Bolton,,3\n"
            "7,Social Prescribing Link Worker,Wigan,,2\n"
            "7,Care Coordinator,Bolton,,5\n",
        ),
        [],
        "{dir}{sep}e.csv: 1 problem found; nothing was written\n"
        'e.csv row 5, column "ID": "7" repeats the respondent id of row 2',
    ),
    (
        "unknown role in a cell",
        lambda c: c.export("e.csv", HEADER + "1,Practice Nurse,Wigan,,4\n"),
        [],
        "{dir}{sep}e.csv: 1 problem found; nothing was written\n"
        'e.csv row 2, column "Which role are you in?": "Practice Nurse" is not a known role '
        "(expected one of SPLW, CC)",
    ),
    (
        "unknown --role",
        lambda c: c.export("e.csv", HEADER + "1,,Wigan,,4\n"),
        ["--role", "Nurse"],
        '--role "Nurse" is not a role in codebook.toml: expected one of SPLW, CC',
    ),
    (
        "unknown locality",
        lambda c: c.export("e.csv", HEADER + "1,Care Coordinator,Atlantis,,4\n"),
        [],
        "{dir}{sep}e.csv: 1 problem found; nothing was written\n"
        'e.csv row 2, column "Which locality do you work in?": "Atlantis" is not a known '
        "locality (Bolton, Rochdale, Tameside and Glossop, Wigan)",
    ),
    (
        "no role column",
        lambda c: c.export("e.csv", "ID,I feel valued in my role\n1,4\n"),
        [],
        '{dir}{sep}e.csv: no role column ("Which role are you in?") found; pass --role ROLE '
        "(SPLW, CC) for an export that holds one role",
    ),
    (
        "wrong codebook",
        lambda c: c.export("e.csv", "ID,Colour\n1,Blue\n"),
        ["--role", "CC"],
        "{dir}{sep}e.csv: no column matches a question in codebook.toml; is this the right "
        "codebook? `workforce-explorer codebook init` drafts one from the export",
    ),
    (
        "a question's column twice",
        lambda c: c.export(
            "e.csv",
            "ID,Which role are you in?,I feel valued in my role,I FEEL VALUED IN MY ROLE.\n"
            "1,Care Coordinator,4,4\n",
        ),
        [],
        "{dir}{sep}e.csv: 1 problem found; nothing was written\n"
        'e.csv row 1, column "I FEEL VALUED IN MY ROLE.": appears twice (columns 3 and 4); '
        "each question needs exactly one column",
    ),
]


@pytest.mark.parametrize(
    ("make", "extra", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_export_is_refused_with_one_clear_message(
    tmp_path: Path, base_db: Path, capsys, make, extra, expected: str
) -> None:
    case = Case(tmp_path, base_db)
    export = make(case)
    message = _check_refused(capsys, case, export, extra)
    assert message == expected.format(dir=case.dir, sep=os.sep)


def test_every_problem_is_reported_at_once(tmp_path: Path, base_db: Path, capsys) -> None:
    case = Case(tmp_path, base_db)
    export = case.export(
        "e.csv",
        HEADER
        + "1,Care Coordinator,Wigan,ONS4;Crystal ball,4\n"
        + "2,Care Coordinator,Wigan,None;ONS4,9\n"
        + "3,Care Coordinator,Wigan\n"
        + ",Care Coordinator,Wigan,,4\n"
        + "5,Care Coordinator,Bolton,SWEMWBS,Rather good\n",
    )
    message = _check_refused(capsys, case, export, [])
    assert message.split("\n") == [
        f"{export}: 6 problems found; nothing was written",
        'e.csv row 2, column "Which of the following outcome measures do you use with you…": '
        '"ONS4;Crystal ball" has "Crystal ball", which is not one of the options (ONS4, '
        "SWEMWBS, My service's own tool, None)",
        'e.csv row 3, column "Which of the following outcome measures do you use with you…": '
        '"None;ONS4" ticks "None" together with other options',
        'e.csv row 3, column "I feel valued in my role": "9" is not a 1-5 score or a label of '
        "its scale (1 - Not at all good, 2 - Not so good, 3 - Somewhat good, 4 - Very good, "
        "5 - Extremely good)",
        "e.csv row 4: has 3 cells where the header has 5; the row is ragged or cut short",
        'e.csv row 5, column "ID": "" is blank: every response needs an id',
        'e.csv row 6, column "I feel valued in my role": "Rather good" is not a 1-5 score or '
        "a label of its scale (1 - Not at all good, 2 - Not so good, 3 - Somewhat good, "
        "4 - Very good, 5 - Extremely good)",
    ]


def test_problems_are_capped_with_a_count_of_the_rest(
    tmp_path: Path, base_db: Path, capsys
) -> None:
    case = Case(tmp_path, base_db)
    export = case.export(
        "e.csv", HEADER + "".join(f"{i},Care Coordinator,Atlantis,,4\n" for i in range(1, 31))
    )
    lines = _check_refused(capsys, case, export, []).split("\n")
    assert lines[0] == f"{export}: 30 problems found; nothing was written"
    assert len(lines) == 1 + 25 + 1
    assert lines[1].startswith('e.csv row 2, column "Which locality do you work in?"')
    assert lines[25].startswith('e.csv row 26, column "Which locality do you work in?"')
    assert lines[-1] == "… and 5 more problems"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[survey\ntitle = 1\n", "codebook does not parse as TOML: "),
        (
            '[[role]]\ncode = "SPLW"\n[[question]]\nid = "q"\ntheme = "weather"\ntype = "text"\n'
            'text = "Q?"\n',
            "question 1 (q): unknown theme 'weather'; expected one of "
            "demographics, role_support, training, mdt_outcomes, engagement, "
            "supervision",
        ),
        ("\xff\xfe", "codebook is not UTF-8 text"),
    ],
)
def test_codebook_that_does_not_load_is_refused(
    tmp_path: Path, base_db: Path, capsys, text: str, expected: str
) -> None:
    case = Case(tmp_path, base_db)
    codebook = case.dir / "broken.toml"
    codebook.write_bytes(text.encode("latin-1") if text.startswith("\xff") else text.encode())
    export = case.export("e.csv", PLAIN.read_bytes())
    message = _check_refused(capsys, case, export, [], codebook=codebook)
    assert message.startswith(f"{codebook}: {expected}")
    assert "\n" not in message


def test_missing_codebook_is_refused(tmp_path: Path, base_db: Path, capsys) -> None:
    case = Case(tmp_path, base_db)
    export = case.export("e.csv", PLAIN.read_bytes())
    message = _check_refused(capsys, case, export, [], codebook=case.dir / "none.toml")
    assert message == f"{case.dir / 'none.toml'}: codebook not found (expected a .toml file)"


def test_target_that_is_not_a_survey_database_is_left_alone(
    tmp_path: Path, base_db: Path, capsys
) -> None:
    case = Case(tmp_path, base_db)
    case.db.write_bytes(b"this is a spreadsheet, honest\n" * 10)
    message = _check_refused(capsys, case, PLAIN, [])
    assert message == f"{case.db}: is not a DuckDB database (wrong file signature)"


def test_target_folder_must_exist(tmp_path: Path, capsys) -> None:
    capsys.readouterr()
    db = tmp_path / "missing" / "survey.duckdb"
    code = main(
        ["import", str(PLAIN), "--codebook", str(CODEBOOK), "--wave", "2024", "--db", str(db)]
    )
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        f"workforce-explorer: error: {db}: the folder {db.parent} does not exist"
    )
    assert not db.parent.exists()


def test_real_entry_point_exits_2_without_a_traceback(tmp_path: Path) -> None:
    export = tmp_path / "e.csv"
    export.write_text(HEADER + "1,Care Coordinator,Atlantis,,4\n", encoding="utf-8")
    db = tmp_path / "survey.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "tui",
            "import",
            str(export),
            "--codebook",
            str(CODEBOOK),
            "--wave",
            "2024",
            "--db",
            str(db),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert '"Atlantis" is not a known locality' in proc.stderr
    assert not db.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.csv"]


def test_a_locality_renamed_in_one_place_only_is_refused(
    tmp_path: Path, base_db: Path, capsys
) -> None:
    """A locality renamed under [[locality]] but not in the locality question's options
    put its respondents in no locality: the import went through and the explorer then
    showed "Wigan Borough: no responses". Now the codebook is refused, naming the
    option; renamed in both places, with the old spelling as an alias, the export's
    "Wigan" answers land in Wigan Borough."""
    case = Case(tmp_path, base_db)
    text = CODEBOOK.read_text(encoding="utf-8")
    renamed = text.replace('name = "Wigan"', 'name = "Wigan Borough"\naliases = ["Wigan"]')
    assert renamed != text
    one_place = case.dir / "renamed.toml"
    one_place.write_text(renamed, encoding="utf-8")
    message = _check_refused(capsys, case, PLAIN, [], codebook=one_place)
    assert message == (
        f"{one_place}: question 2 (locality): option 'Wigan' is not a [[locality]] name; "
        "expected one of Bolton, Rochdale, Tameside and Glossop, Wigan Borough "
        "(a renamed locality's old spelling goes in its `aliases`)"
    )

    # Spelt differently only in case or spacing: an alias would not help (the option's
    # own spelling is what is stored), so the message says which spelling to use.
    cased = case.dir / "cased.toml"
    cased.write_text(
        text.replace('"Tameside and Glossop", "Wigan"]', '"Tameside and Glossop", "wigan "]'),
        encoding="utf-8",
    )
    message = _check_refused(capsys, case, PLAIN, [], codebook=cased)
    assert message == (
        f"{cased}: question 2 (locality): option 'wigan ' must be written as the "
        "[[locality]] name 'Wigan'"
    )
    cased.unlink()

    both = tmp_path / "both.toml"
    both.write_text(
        renamed.replace(
            '"Tameside and Glossop", "Wigan"]', '"Tameside and Glossop", "Wigan Borough"]'
        ),
        encoding="utf-8",
    )
    db = tmp_path / "renamed.duckdb"
    import_export(PLAIN, both, 2024, db)
    assert rows(db, "SELECT locality FROM respondents WHERE locality LIKE 'Wigan%'") == [
        ("Wigan Borough",)  # plain.csv's one Wigan response
    ]
    assert rows(
        db,
        "SELECT count(*) FROM respondents WHERE locality NOT IN (SELECT locality FROM localities)",
    ) == [(0,)]
