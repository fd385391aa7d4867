"""Names, emails and any column the codebook calls identifying never reach the database."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from import_helpers import CODEBOOK, FIXTURES, PLAIN, rows

from tui.codebook import load_codebook, normalize
from tui.importing import import_export
from tui.importing.readers import read_export

PHONE = "Your phone number, if we may call you"


def _identifying_values(export: Path, codebook: Path) -> set[str]:
    """Every value in the export's identifying columns, as the reader sees them."""
    raw = read_export(export)
    dropped = {normalize(h) for h in load_codebook(codebook).identifying_headers}
    values = set()
    for idx, header in enumerate(raw.headers):
        if normalize(header) in dropped:
            values |= {r[idx].strip() for r in raw.rows if r[idx].strip()}
    return values


def _all_text_in(db: Path) -> list[str]:
    """Every value of every VARCHAR column of every table."""
    columns = rows(
        db,
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE data_type = 'VARCHAR' AND table_schema = 'main'",
    )
    assert len(columns) > 20
    text = []
    for table, column in columns:
        text += [
            v for (v,) in rows(db, f'SELECT DISTINCT "{column}" FROM "{table}"') if v is not None
        ]
    return text


def test_identifying_values_are_nowhere_in_the_database(tmp_path: Path) -> None:
    # A codebook that also marks a question identifying.
    codebook = tmp_path / "codebook.toml"
    codebook.write_text(
        CODEBOOK.read_text(encoding="utf-8")
        + f"""
[[question]]
id = "phone"
identifying = true
text = "{PHONE}"
""",
        encoding="utf-8",
    )
    with_phone = tmp_path / "with_phone.csv"
    records = list(csv.reader(io.StringIO(PLAIN.read_text(encoding="utf-8"), newline="")))
    with with_phone.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(
            [records[0] + [PHONE]]
            + [r + [f"07700 900{n:03d}"] for n, r in enumerate(records[1:], start=1)]
        )

    db = tmp_path / "survey.duckdb"
    exports = ["msforms.xlsx", "msforms.csv", "google_forms.csv", "surveymonkey.csv"]
    secrets: set[str] = set()
    for wave, export in enumerate([FIXTURES / e for e in exports] + [with_phone], start=2020):
        values = _identifying_values(export, codebook)
        assert values, f"{export.name} has identifying values to hide"
        secrets |= values
        parsed = import_export(export, codebook, wave, db)
        assert parsed.dropped_columns
    assert {
        "Alice Example",
        "alice.example@nhs.example",
        "Chloé",
        "Durand",
        "07700 900001",
    } <= secrets
    assert rows(db, "SELECT count(DISTINCT wave) FROM respondents") == [(5,)]

    stored = _all_text_in(db)
    leaks = {(s, v) for s in secrets for v in stored if s.casefold() in v.casefold()}
    assert leaks == set()
    # Metadata the codebook ignores (SurveyMonkey's IP Address) is not stored either.
    assert not any("192.0.2." in v for v in stored)
    # The headers of dropped columns are not stored either (the questions table holds
    # only codebook questions).
    assert not any(PHONE in v for v in stored)
