"""`codebook init` drafts a codebook that loads as it is and imports its own export."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from file_helpers import sha256
from import_helpers import FIXTURES, rows, run

from tui.codebook import load_codebook
from tui.importing import import_export
from tui.importing.draft import draft_codebook
from tui.importing.readers import read_export
from tui.paths import SAMPLE_CODEBOOK, SAMPLE_EXPORT

EXPORTS = [
    "plain.csv",
    "utf8_bom.csv",
    "cp1252_crlf.csv",
    "msforms.csv",
    "msforms.xlsx",
    "google_forms.csv",
    "surveymonkey.csv",
]


@pytest.mark.parametrize("name", EXPORTS)
def test_draft_loads_and_imports_its_own_export(tmp_path: Path, capsys, name: str) -> None:
    out = tmp_path / "draft.toml"
    code, err = run(capsys, "codebook", "init", FIXTURES / name, "--out", out)
    assert code == 0, err
    assert (
        f"Drafted {out}: 10 questions (3 likert, 4 single, 2 multi, 1 text), 2 role(s), "
        "4 localities" in err
    )
    codebook = load_codebook(out)
    assert [r.code for r in codebook.roles] == ["SPLW", "CC"]
    types = {q.text: q.type for q in codebook.questions}
    assert types["Which training would you benefit from? (tick all that apply)"] == "multi"
    assert types["I have regular supervision"] == "likert"
    assert types["What would improve your role and the support around it?"] == "text"
    assert types["Who is your employer?"] == "single"
    by_text = {q.text: q for q in codebook.questions}
    assert [o.label for o in by_text["Who is your employer?"].options] == [
        "GP federation/alliance",
        "PCN-paid, charity-managed",
        "Voluntary sector organisation",
    ]
    assert "Welfare, Benefits and Debt Advice" in [
        o.label
        for o in by_text["Which training would you benefit from? (tick all that apply)"].options
    ]
    db = tmp_path / "survey.duckdb"
    parsed = import_export(FIXTURES / name, out, 2024, db)
    assert len(parsed.respondents) == 6
    assert parsed.unmapped_columns in ([], ["Custom Data 1"])
    assert rows(db, "SELECT role, count(*) FROM respondents GROUP BY ALL ORDER BY ALL") == [
        ("CC", 2),
        ("SPLW", 4),
    ]


def test_draft_of_the_sample_guesses_what_the_real_codebook_says(tmp_path: Path) -> None:
    real = load_codebook(SAMPLE_CODEBOOK)
    draft = draft_codebook(read_export(SAMPLE_EXPORT))
    real_types = {q.text: q.type for q in real.questions}
    assert {q.text: q.type for q in draft.questions} == real_types
    real_themes = {q.text: q.theme for q in real.questions}
    right = sum(real_themes[q.text] == q.theme for q in draft.questions)
    assert right >= 30 and len(draft.questions) == 37  # themes are guesses
    assert draft.roles == [
        ("SPLW", "Social Prescribing Link Worker"),
        ("CC", "Care Coordinator"),
        ("HWC", "Health and Wellbeing Coach"),
    ]
    assert (draft.respondent_id, draft.ignored, draft.identifying) == (
        ["ID"],
        ["Start time", "Completion time"],
        ["Email", "Name"],
    )
    good5 = next(q for q in real.questions if q.type == "likert").options
    assert list(draft.scales.values()) == [[o.label for o in good5]]
    fields = {q.field: q.text for q in draft.questions if q.field}
    assert fields == {q.field: q.text for q in real.questions if q.field}


def test_draft_marks_its_guesses_todo(tmp_path: Path, capsys) -> None:
    out = tmp_path / "draft.toml"
    assert run(capsys, "codebook", "init", SAMPLE_EXPORT, "--out", out)[0] == 0
    text = out.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert len(data["question"]) == 37
    theme_lines = [line for line in text.splitlines() if line.startswith("theme = ")]
    assert len(theme_lines) == 37 and all("# TODO" in line for line in theme_lines)
    assert "# TODO: check each role's code" in text
    assert '{ label = "None of these", marker = "none" }' in text
    db = tmp_path / "sample.duckdb"
    assert len(import_export(SAMPLE_EXPORT, out, 2023, db).respondents) == 92


def test_init_refuses_to_overwrite(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    existing = tmp_path / "codebook.toml"
    existing.write_text("# my careful edits\n", encoding="utf-8")
    before = sha256(existing)
    code, err = run(capsys, "codebook", "init", FIXTURES / "plain.csv")
    assert code == 2
    assert err.strip() == (
        "workforce-explorer: error: codebook.toml: already exists; codebook init never "
        "overwrites a file. Pass --out NEW.toml, or move it away first"
    )
    assert sha256(existing) == before
    existing.unlink()
    code, _err = run(capsys, "codebook", "init", FIXTURES / "plain.csv")  # default --out
    assert code == 0
    load_codebook(existing)


def test_export_without_a_role_column_gets_one_role_and_needs_no_role_flag(
    tmp_path: Path, capsys
) -> None:
    export = tmp_path / "one_role.csv"
    export.write_text(
        'Response ID,Say "hi" \\ now,How satisfied are you?\n'
        "a1,hello,Very satisfied\na2,hi there,Dissatisfied\n",
        encoding="utf-8",
    )
    out = tmp_path / "draft.toml"
    assert run(capsys, "codebook", "init", export, "--out", out)[0] == 0
    codebook = load_codebook(out)
    assert [r.code for r in codebook.roles] == ["ALL"]
    satisfied = next(q for q in codebook.questions if q.text == "How satisfied are you?")
    assert satisfied.type == "likert" and satisfied.options[4].label == "Very satisfied"
    assert 'Say "hi" \\ now' in {q.text for q in codebook.questions}
    code, err = run(
        capsys, "import", export, "--codebook", out, "--wave", "2024", "--db", tmp_path / "s.duckdb"
    )
    assert code == 0, err
    assert rows(
        tmp_path / "s.duckdb", "SELECT role, respondent_id FROM respondents ORDER BY ALL"
    ) == [("ALL", "a1"), ("ALL", "a2")]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["codebook"],
            "workforce-explorer codebook: expected an action: init EXPORT "
            "[--out FILE] (see --help)",
        ),
        (
            ["codebook", "draft"],
            "workforce-explorer codebook: unknown action 'draft'; expected init (see --help)",
        ),
        (
            ["codebook", "init"],
            "workforce-explorer codebook init: the following arguments are "
            "required: export (see --help)",
        ),
    ],
)
def test_codebook_usage_errors(capsys, argv: list[str], message: str) -> None:
    code, err = run(capsys, *argv)
    assert (code, err.strip()) == (2, f"workforce-explorer: error: {message}")


def test_init_on_an_empty_export_says_so(tmp_path: Path, capsys) -> None:
    export = tmp_path / "e.csv"
    export.write_bytes(b"")
    code, err = run(capsys, "codebook", "init", export, "--out", tmp_path / "d.toml")
    assert code == 2
    assert "the export is empty" in err
    assert not (tmp_path / "d.toml").exists()


@pytest.mark.parametrize(
    ("values", "options"),
    [
        (["Yes", "Yes, but rarely", "No"], None),  # a single with a comma
        (["PCN-paid, Charity-managed", "GP", "PCN-paid, Charity-managed"], None),
        (
            ["A, B", "B", "A, Welfare, Benefits", "Welfare, Benefits"],
            ["A", "B", "Welfare, Benefits"],
        ),
    ],
)
def test_google_checkbox_guess_keeps_options_with_commas_whole(values, options) -> None:
    from tui.importing.draft import _multi_options

    assert _multi_options(values, ", ") == options
