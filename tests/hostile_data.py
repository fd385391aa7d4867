"""Copies of the bundled sample with hostile text or awkward shapes, for hardening tests.

Each builder copies sample_data/gm_workforce_2023.duckdb and changes the copy with plain
DuckDB UPDATE/INSERT statements, then recounts the copy's tallies from its changed rows as
an import would; the sample itself is never touched.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from tui import tallies
from tui.paths import SAMPLE_DB

MARKUP = "[bold]Bold[/bold] [link=http://x]y[/link] [/] [red]"
ANSI = "\x1b[31mred\x1b[0m \x1b]8;;http://x\x07hyper\x1b]8;;\x07"
CONTROL = "bell\x07 nul\x00 bs\x08 del\x7f c1\x9b rlo\u202e lri\u2066 line\u2028sep end"
# Bidirectional embeddings, overrides and isolates: a terminal that reorders text would
# show what follows them backwards ("Trojan Source").
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
RTL = "مرحبا بالعالم שלום עולם"
EMOJI = "👩‍⚕️ 🧑🏽‍🤝‍🧑🏻 🏳️‍🌈"
HUGE = "x" * 10_000

# Each hostile value starts with a plain tag so tests can find its row.
STATEMENT_TEXTS = {
    "markup": f"S-MARKUP {MARKUP}",
    "ansi": f"S-ANSI {ANSI}",
    "control": f"S-CONTROL {CONTROL}",
    "rtl": f"S-RTL {RTL}",
    "emoji": f"S-EMOJI {EMOJI}",
    "huge": f"S-HUGE {HUGE}",
}
EMPLOYER_LABELS = [
    f"E-MARKUP {MARKUP}",
    f"E-ANSI {ANSI}",
    f"E-RTL {RTL}",
    f"E-EMOJI {EMOJI}",
    "",
    f"E-CONTROL {CONTROL}",
]
HOSTILE_LOCALITY = f"L-[bold]Bolton[/] \x1b[31m{RTL[:6]} 🏳️‍🌈"
COMMENT_TEXTS = [
    f"C-MARKUP {MARKUP}",
    f"C-ANSI {ANSI}",
    f"C-CONTROL {CONTROL}",
    f"C-RTL {RTL}",
    f"C-EMOJI {EMOJI}",
    f"C-HUGE {HUGE}",
    "",
]
LITERAL_MARKUP = ("[bold]", "[link=http://x]y[/link]", "[/]")


def recount(path: Path) -> None:
    """Recount the file's stored tallies from its (edited) answers, every wave."""
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS survey", [str(path)])
        con.execute("USE survey")
        tallies.prepare(con)
        tallies.recount(con)
        con.execute("CHECKPOINT survey")
    finally:
        con.close()


def copy_sample(folder: Path, name: str = "survey.duckdb") -> Path:
    path = folder / name
    shutil.copyfile(SAMPLE_DB, path)
    return path


def hostile_text_copy(folder: Path) -> Path:
    """Statements, comments, a locality's name and the SPLW employer labels carry Rich
    markup, ANSI escapes, control characters, right-to-left text, emoji, a 10,000-character
    string and empty strings; a few respondents' locality is NULL."""
    path = copy_sample(folder, "hostile.duckdb")
    con = duckdb.connect(str(path))
    try:
        likert = [
            r[0]
            for r in con.execute(
                "SELECT question_id FROM questions WHERE wave = 2023 AND role = 'SPLW' AND "
                "qtype = 'likert' AND theme = 'role_support' ORDER BY sort_order"
            ).fetchall()
        ]
        for qid, text in zip(likert, STATEMENT_TEXTS.values(), strict=False):
            con.execute("UPDATE questions SET text = ? WHERE question_id = ?", [text, qid])
        employer = [
            r[0]
            for r in con.execute(
                "SELECT option_order FROM options WHERE role = 'SPLW' AND question_id = 'employer' "
                "ORDER BY option_order"
            ).fetchall()
        ]
        for order, label in zip(employer, EMPLOYER_LABELS, strict=False):
            con.execute(
                "UPDATE options SET label = ? WHERE role = 'SPLW' AND "
                "question_id = 'employer' AND option_order = ?",
                [label, order],
            )
        con.execute(
            "UPDATE localities SET locality = ? WHERE locality = 'Bolton'", [HOSTILE_LOCALITY]
        )
        con.execute(
            "UPDATE respondents SET locality = ? WHERE locality = 'Bolton'", [HOSTILE_LOCALITY]
        )
        texts = con.execute(
            "SELECT rowid FROM answers WHERE role = 'SPLW' AND text_value IS NOT NULL "
            "ORDER BY rowid"
        ).fetchall()
        for (rowid,), text in zip(texts, COMMENT_TEXTS, strict=False):
            con.execute("UPDATE answers SET text_value = ? WHERE rowid = ?", [text, rowid])
        # NULL locality (statement text is NOT NULL in the schema, locality is not)
        con.execute(
            "UPDATE respondents SET locality = NULL WHERE role = 'SPLW' AND locality = 'Wigan'"
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()
    recount(path)
    return path


def _changed(folder: Path, name: str, *statements: str) -> Path:
    path = copy_sample(folder, name)
    con = duckdb.connect(str(path))
    try:
        for sql in statements:
            con.execute(sql)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    recount(path)
    return path


def role_without_respondents(folder: Path) -> Path:
    """A fourth role (NUR, "Nurse") with a headcount and questions but no respondent."""
    return _changed(
        folder,
        "empty_role.duckdb",
        "INSERT INTO roles VALUES ('NUR', 'Nurse', 'Practice Nurse', 3)",
        "INSERT INTO role_workforce VALUES (2023, 'NUR', 40)",
        "INSERT INTO questions SELECT wave, 'NUR', question_id, theme, qtype, text, source, "
        "note, sort_order FROM questions WHERE role = 'HWC'",
        "INSERT INTO options SELECT wave, 'NUR', question_id, option_order, label, score, "
        "marker FROM options WHERE role = 'HWC'",
    )


def theme_without_answers(folder: Path, theme: str = "training") -> Path:
    """No SPLW answer row at all for the theme's questions."""
    return _changed(
        folder,
        "empty_theme.duckdb",
        f"DELETE FROM answers WHERE role = 'SPLW' AND question_id IN (SELECT question_id "
        f"FROM questions WHERE role = 'SPLW' AND theme = '{theme}')",
    )


SINGLE_STATEMENT = "rs_clarity"


def statement_answered_once(folder: Path) -> Path:
    """One SPLW statement (rs_clarity) answered by a single respondent."""
    return _changed(
        folder,
        "one_answer.duckdb",
        f"UPDATE answers SET answered = false, option_order = NULL, score = NULL "
        f"WHERE role = 'SPLW' AND question_id = '{SINGLE_STATEMENT}' AND respondent_id <> "
        f"(SELECT min(respondent_id) FROM answers WHERE role = 'SPLW' AND "
        f"question_id = '{SINGLE_STATEMENT}' AND answered)",
    )


def wave_with_one_role(folder: Path) -> Path:
    """A second wave, 2024, holding only H&WC (copied from 2023)."""
    return _changed(
        folder,
        "one_role_wave.duckdb",
        "INSERT INTO waves SELECT 2024, title, publisher, ics, source_file, imported_at, "
        "note FROM waves WHERE wave = 2023",
        "INSERT INTO role_workforce SELECT 2024, role, workforce FROM role_workforce "
        "WHERE wave = 2023",
        *(
            f"INSERT INTO {t} SELECT * REPLACE (2024 AS wave) FROM {t} "
            "WHERE wave = 2023 AND role = 'HWC'"
            for t in ("questions", "options", "respondents", "answers")
        ),
    )


def nothing_answered(folder: Path) -> Path:
    """Every answer 'not answered'."""
    return _changed(
        folder,
        "nothing_answered.duckdb",
        "UPDATE answers SET answered = false, option_order = NULL, score = NULL, text_value = NULL",
    )
