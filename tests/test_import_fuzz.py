"""Fuzzed imports: broken exports built from the sample's own header never crash.

Hypothesis mutates a few rows of sample_data/gm_workforce_2023_export.csv (wrong types,
out-of-range scores, unknown options, ragged rows, duplicate headers, mixed encodings,
huge cells, escapes, truncation, empty files) and imports each into a copy of the sample
through `tui.cli.main`, catching nothing.  Every run must end in exit 0 (a valid import
that opens) or exit 2 (a clear error) with the database byte-for-byte unchanged and no
working copy left behind.

An exit 0 is checked against what the file says, read by the test itself: every cell the
fuzz left as it was is stored exactly as the sample stored that respondent's answer in
2023, and every Likert cell it changed was a whole score or a label of the scale, stored
as that score ("3.5" stored as 3 fails the test).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from file_helpers import sha256
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from import_helpers import import_args, run

from tui.data import SurveyData
from tui.paths import SAMPLE_CODEBOOK, SAMPLE_DB, SAMPLE_EXPORT

ROWS_KEPT = 8
_TEXT = SAMPLE_EXPORT.read_text(encoding="utf-8-sig")
_ALL = list(csv.reader(io.StringIO(_TEXT)))
HEADER, ROWS = _ALL[0], _ALL[1 : 1 + ROWS_KEPT]
WIDTH = len(HEADER)

BAD_VALUES = st.one_of(
    st.sampled_from(
        [
            "abc",
            "3.5",
            "-1",
            "0",
            "6",
            "99",
            "1e9",
            "NaN",
            "",
            " ",
            "Not an option",
            "Yes;No;Maybe",
            ";;;",
            "\x1b[31mred\x1b[0m",
            "\x1b]8;;http://x\x07y",
            "[bold]x[/]",
            '=HYPERLINK("http://x")',
            "naïve café",
            "مرحبا",
            "👩‍⚕️",
            "\x00\x07",
            "Social Prescribing Link Worker",
            "Atlantis",
            "Care Coordinator",
            "5 - Extremely good",
            "Strongly agree",
        ]
    ),
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.just("y" * 100_000),
)
MUTATION = st.one_of(
    st.tuples(
        st.just("cell"), st.integers(0, ROWS_KEPT - 1), st.integers(0, WIDTH - 1), BAD_VALUES
    ),
    st.tuples(st.just("ragged"), st.integers(0, ROWS_KEPT - 1), st.integers(-5, 5)),
    st.tuples(st.just("dup_header"), st.integers(0, WIDTH - 1), st.integers(0, WIDTH - 1)),
    st.tuples(st.just("drop_column"), st.integers(0, WIDTH - 1)),
    st.tuples(st.just("drop_rows"), st.integers(0, ROWS_KEPT)),
)
ENCODING = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "mixed", "latin-1"])
ENDING = st.sampled_from(["empty", "none", "truncate", "garbage"])


def build(mutations: list[tuple], encoding: str, ending: str, cut: int) -> bytes:
    header, rows = list(HEADER), [list(r) for r in ROWS]
    for m in mutations:
        kind = m[0]
        if kind == "cell" and m[1] < len(rows) and m[2] < len(rows[m[1]]):
            rows[m[1]][m[2]] = m[3]
        elif kind == "ragged" and m[1] < len(rows):
            rows[m[1]] = rows[m[1]][: m[2]] if m[2] < 0 else rows[m[1]] + ["extra"] * m[2]
        elif kind == "dup_header" and m[1] < len(header) and m[2] < len(header):
            header[m[1]] = header[m[2]]
        elif kind == "drop_column" and m[1] < len(header):
            del header[m[1]]
            for r in rows:
                if m[1] < len(r):
                    del r[m[1]]
        elif kind == "drop_rows":
            rows = rows[: m[1]]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if encoding == "mixed":  # the header in UTF-8, the rows in Windows-1252
        head, _, body = text.partition("\n")
        data = head.encode("utf-8") + b"\n" + body.replace("a", "é").encode("cp1252", "replace")
    else:
        data = text.encode(encoding, "replace")
    if ending == "empty":
        return b""
    if ending == "truncate":
        return data[: cut % (len(data) + 1)]
    if ending == "garbage":
        return data + bytes(range(256))
    return data


def _sample(sql: str, params: list | None = None) -> list[tuple]:
    import duckdb

    con = duckdb.connect(str(SAMPLE_DB), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


# The sample's questions by wording, and each Likert question's labels with their scores.
QUESTION_OF = {
    text: qid
    for qid, text in _sample("SELECT DISTINCT question_id, text FROM questions WHERE wave = 2023")
}
LIKERT_LABELS: dict[str, dict[str, int]] = {}
for _qid, _label, _score in _sample(
    "SELECT o.question_id, o.label, o.score FROM options o JOIN questions q USING "
    "(wave, role, question_id) WHERE o.wave = 2023 AND q.qtype = 'likert'"
):
    LIKERT_LABELS.setdefault(_qid, {})[_label.casefold()] = _score
ORIGINAL = {row[0]: dict(zip(HEADER, row, strict=True)) for row in ROWS}
_WHOLE = re.compile(r"^\s*([1-5])(?:\.0+)?\s*$")
_NUMBERED = re.compile(r"^\s*([1-5])\s*[-–:.)]?\s+[^\d\s]")


def _as_the_file_says(data: bytes) -> list[list[str]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", "replace")
    return list(csv.reader(io.StringIO(text, newline="")))


def _answers(db: Path, wave: int) -> dict[tuple[str, str], list[tuple]]:
    """Every stored answer of one wave, by (respondent, question), read in one query:
    opening DuckDB once per cell made this check most of the suite's time."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT respondent_id, question_id, answered, option_order, score, text_value "
            "FROM answers WHERE wave = ? ORDER BY ALL",
            [wave],
        ).fetchall()
    finally:
        con.close()
    stored: dict[tuple[str, str], list[tuple]] = {}
    for rid, qid, *answer in rows:
        stored.setdefault((rid, qid), []).append(tuple(answer))
    return stored


SAMPLE_ANSWERS = _answers(SAMPLE_DB, 2023)


def _likert_score(qid: str, cell: str) -> int | None:
    """The score a Likert cell means, read independently of the import: a whole score,
    a label of its scale, or "4 - label"; None for anything else."""
    value = cell.strip()
    m = _WHOLE.match(value) or _NUMBERED.match(value)
    if m:
        return int(m.group(1))
    return LIKERT_LABELS[qid].get(value.casefold())


def assert_stored_as_the_file_says(db: Path, data: bytes) -> int:
    """Check an accepted import cell by cell; return how many cells were checked."""
    records = _as_the_file_says(data)
    header, body = records[0], records[1:]
    checked = 0
    imported = _answers(db, 2024)
    ids = Counter(record[0].strip() for record in body if record)
    for record in body:
        rid = record[0].strip() if record else ""
        original = ORIGINAL.get(rid)
        if original is None or header.count("ID") != 1 or header[0] != "ID":
            continue
        if ids[rid] > 1:
            # Two rows with one id: another role's respondent may now carry it (ids
            # are unique within a role, as the import checks), so the id no longer
            # names the sample's respondent whose answers this row held.
            continue
        for column, cell in zip(header, record, strict=False):
            qid = QUESTION_OF.get(column)
            if qid is None or header.count(column) != 1:
                continue
            stored = imported.get((rid, qid), [])
            if cell == original.get(column):
                assert stored == SAMPLE_ANSWERS.get((rid, qid), []), (rid, column, cell)
                checked += 1
            elif qid in LIKERT_LABELS and cell.strip():
                score = _likert_score(qid, cell)
                assert score is not None, f"{cell!r} in {column!r} was accepted as a score"
                assert [s[2] for s in stored] == [score], (cell, stored)
                checked += 1
    return checked


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".wal")))


@pytest.mark.slow
@settings(
    max_examples=40,
    # The same 40 on every run, as the suppression property's: drawn afresh, a run
    # could hit a new case (the id example below) that the run before had missed, so
    # the same code could pass CI one day and fail the next.
    derandomize=True,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(
    mutations=st.lists(MUTATION, min_size=1, max_size=4),
    encoding=ENCODING,
    ending=st.one_of(st.just("none"), ENDING),
    cut=st.integers(0, 100_000),
    suffix=st.sampled_from([".csv", ".csv", ".xlsx", ".txt"]),
)
@example(  # the first respondent given the id of respondent 3, of another role
    mutations=[("cell", 0, 0, "3")],
    encoding="utf-8",
    ending="none",
    cut=0,
    suffix=".csv",
)
@example(
    mutations=[("cell", 0, HEADER.index("I feel valued in my role"), "3.5")],
    encoding="utf-8",
    ending="none",
    cut=0,
    suffix=".csv",
)
@example(
    mutations=[("cell", 1, HEADER.index("My caseload is manageable"), " 4.9 ")],
    encoding="cp1252",
    ending="none",
    cut=0,
    suffix=".csv",
)
def test_a_broken_export_is_a_clear_error_or_a_valid_import(
    capsys, mutations, encoding, ending, cut, suffix
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        db = folder / "survey.duckdb"
        shutil.copyfile(SAMPLE_DB, db)
        export = folder / f"export{suffix}"
        data = build(mutations, encoding, ending, cut)
        export.write_bytes(data)
        before = sha256(db)
        # any exception fails the test
        code, err = run(capsys, *import_args(export, db, codebook=SAMPLE_CODEBOOK))
        assert code in (0, 2), err
        assert "Traceback" not in err
        assert "\x1b" not in err, "an escape from the export reached the terminal"
        assert leftovers(folder) == []
        if code == 2:
            assert err.startswith("workforce-explorer: error: "), err
            assert err.strip() != "workforce-explorer: error:"
            assert sha256(db) == before, "a refused import changed the database"
        else:
            assert err.startswith("Imported wave 2024"), err
            assert_stored_as_the_file_says(db, data)
            survey = SurveyData(db)
            try:
                assert 2024 in [int(w) for w in survey.waves()["wave"]]
                for role in survey.all_roles()["role"]:
                    survey.view("low_scores", role, 2024)
            finally:
                survey.close()


def test_the_stored_value_check_reads_every_answer(tmp_path: Path, capsys) -> None:
    """The check above is not vacuous: on the untouched rows it compares every answer."""
    db = tmp_path / "survey.duckdb"
    shutil.copyfile(SAMPLE_DB, db)
    export = tmp_path / "export.csv"
    data = build([("drop_rows", ROWS_KEPT)], "utf-8", "none", 0)
    export.write_bytes(data)
    assert run(capsys, *import_args(export, db, codebook=SAMPLE_CODEBOOK))[0] == 0
    questions = sum(1 for h in HEADER if h in QUESTION_OF)
    assert assert_stored_as_the_file_says(db, data) == ROWS_KEPT * questions


def test_an_escape_in_a_cell_is_echoed_inertly(tmp_path: Path, capsys) -> None:
    rows = [list(r) for r in ROWS]
    rows[0][HEADER.index("Which locality do you work in?")] = "\x1b]8;;http://x\x07Atlantis"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    export = tmp_path / "export.csv"
    export.write_text(buffer.getvalue(), encoding="utf-8")
    db = tmp_path / "survey.duckdb"
    shutil.copyfile(SAMPLE_DB, db)
    before = sha256(db)
    code, err = run(capsys, *import_args(export, db, codebook=SAMPLE_CODEBOOK))
    assert code == 2
    assert "Atlantis" in err and "\x1b" not in err
    assert sha256(db) == before
