"""Build small survey databases through the real import path, for tests.

`write_export` writes a Microsoft Forms-style CSV for the sample codebook (one column per
question wording, multi-select answers `;`-separated) from a list of respondents;
`build_survey` imports it with tui.importing.import_export, exactly as a user would.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tui.codebook import Codebook, Question, load_codebook
from tui.importing import import_export
from tui.paths import SAMPLE_CODEBOOK

ROLE_ANSWER = {
    "SPLW": "Social Prescribing Link Worker",
    "CC": "Care Coordinator",
    "HWC": "Health and Wellbeing Coach",
}


@dataclass(frozen=True)
class Person:
    role: str
    locality: str | None  # None: left blank ("Not stated")


@cache
def codebook() -> Codebook:
    return load_codebook(SAMPLE_CODEBOOK)


def localities() -> list[str]:
    return [name for name, _aliases in codebook().localities]


def comment_text(index: int, person: Person) -> str:
    """A comment that names who wrote it, so tests can look for it in any output."""
    return f"comment-{index}-{person.role}-{person.locality or 'Not stated'}"


def _answer(q: Question, rng: random.Random, index: int, person: Person) -> str:
    if q.field == "locality":
        return person.locality or ""
    if q.field == "role":
        return ROLE_ANSWER[person.role]
    if rng.random() < 0.1:
        return ""  # left blank
    if q.type == "text":
        return comment_text(index, person) if rng.random() < 0.5 else ""
    if q.type in ("likert", "single"):
        return rng.choice(q.options).label
    plain = [o for o in q.options if o.marker != "none"]
    exclusive = [o for o in q.options if o.marker == "none"]
    if exclusive and rng.random() < 0.15:
        return exclusive[0].label
    picked = rng.sample(plain, rng.randint(1, min(3, len(plain))))
    return ";".join(o.label for o in sorted(picked, key=lambda o: o.order))


def write_export(path: Path, people: list[Person], seed: int = 0) -> None:
    book = codebook()
    headers: list[str] = []
    for q in book.questions:
        if q.text not in headers:
            headers.append(q.text)
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["ID", "Start time", *headers])
        for i, person in enumerate(people, start=1):
            row = [str(i), "2023-05-01 09:00"]
            for text in headers:
                q = next(
                    (q for q in book.questions if q.text == text and person.role in q.roles), None
                )
                row.append("" if q is None else _answer(q, rng, i, person))
            writer.writerow(row)


def build_survey(folder: Path, people: list[Person], seed: int = 0, wave: int = 2023) -> Path:
    export = folder / "export.csv"
    db = folder / "survey.duckdb"
    write_export(export, people, seed)
    import_export(export, SAMPLE_CODEBOOK, wave, db)
    return db
