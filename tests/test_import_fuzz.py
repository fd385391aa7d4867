"""Fuzzed imports: broken exports built from the sample's own header never crash.

Hypothesis mutates a few rows of sample_data/gm_workforce_2023_export.csv (wrong types,
out-of-range scores, unknown options, ragged rows, duplicate headers, mixed encodings,
huge cells, escapes, truncation, empty files) and imports each into a copy of the sample
through `tui.cli.main`, catching nothing.  Every run must end in exit 0 (a valid import
that opens) or exit 2 (a clear error) with the database byte-for-byte unchanged and no
working copy left behind.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from file_helpers import sha256
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.data import SurveyData
from tui.paths import SAMPLE_CODEBOOK, SAMPLE_DB, SAMPLE_EXPORT

ROWS_KEPT = 8
_TEXT = SAMPLE_EXPORT.read_text(encoding="utf-8-sig")
_ALL = list(csv.reader(io.StringIO(_TEXT)))
HEADER, ROWS = _ALL[0], _ALL[1:1 + ROWS_KEPT]
WIDTH = len(HEADER)

BAD_VALUES = st.one_of(
    st.sampled_from(["abc", "3.5", "-1", "0", "6", "99", "1e9", "NaN", "", " ", "Not an option",
                     "Yes;No;Maybe", ";;;", "\x1b[31mred\x1b[0m", "\x1b]8;;http://x\x07y",
                     "[bold]x[/]", "=HYPERLINK(\"http://x\")", "naïve café", "مرحبا",
                     "👩‍⚕️", "\x00\x07", "Social Prescribing Link Worker", "Atlantis",
                     "Care Coordinator", "5 - Extremely good", "Strongly agree"]),
    st.text(max_size=40),
    st.integers(min_value=-10**12, max_value=10**12).map(str),
    st.just("y" * 100_000),
)
MUTATION = st.one_of(
    st.tuples(st.just("cell"), st.integers(0, ROWS_KEPT - 1), st.integers(0, WIDTH - 1),
              BAD_VALUES),
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
            rows[m[1]] = rows[m[1]][:m[2]] if m[2] < 0 else rows[m[1]] + ["extra"] * m[2]
        elif kind == "dup_header" and m[1] < len(header) and m[2] < len(header):
            header[m[1]] = header[m[2]]
        elif kind == "drop_column" and m[1] < len(header):
            del header[m[1]]
            for r in rows:
                if m[1] < len(r):
                    del r[m[1]]
        elif kind == "drop_rows":
            rows = rows[:m[1]]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if encoding == "mixed":   # the header in UTF-8, the rows in Windows-1252
        head, _, body = text.partition("\n")
        data = head.encode("utf-8") + b"\n" + body.replace("a", "é").encode("cp1252", "replace")
    else:
        data = text.encode(encoding, "replace")
    if ending == "empty":
        return b""
    if ending == "truncate":
        return data[:cut % (len(data) + 1)]
    if ending == "garbage":
        return data + bytes(range(256))
    return data


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".wal")))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(mutations=st.lists(MUTATION, min_size=1, max_size=4), encoding=ENCODING,
       ending=st.one_of(st.just("none"), ENDING), cut=st.integers(0, 100_000),
       suffix=st.sampled_from([".csv", ".csv", ".xlsx", ".txt"]))
def test_a_broken_export_is_a_clear_error_or_a_valid_import(capsys, mutations, encoding,
                                                            ending, cut, suffix) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        db = folder / "survey.duckdb"
        shutil.copyfile(SAMPLE_DB, db)
        export = folder / f"export{suffix}"
        export.write_bytes(build(mutations, encoding, ending, cut))
        before = sha256(db)
        capsys.readouterr()
        code = main(["import", str(export), "--codebook", str(SAMPLE_CODEBOOK),
                     "--wave", "2024", "--db", str(db)])   # any exception fails the test
        err = capsys.readouterr().err
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
            data = SurveyData(db)
            try:
                assert 2024 in [int(w) for w in data.waves()["wave"]]
                for role in data.all_roles()["role"]:
                    data.view("low_scores", role, 2024)
            finally:
                data.close()


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
    assert main(["import", str(export), "--codebook", str(SAMPLE_CODEBOOK), "--wave", "2024",
                 "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "Atlantis" in err and "\x1b" not in err
    assert sha256(db) == before
