"""A reproducible synthetic national-scale survey file, written directly with DuckDB SQL.

    python -m benchmarks.scale                      # 15,000 respondents a wave, 10 waves
    python -m benchmarks.scale --n 300 --waves 2    # small

Every table matches queries/schema.sql and queries/tallies/tables.sql (those files create
them; the tallies are counted as an import counts them).  The codebook rows (questions,
options) are copied per wave from the bundled sample.  Answers follow the sample's
distributions, which are sample_spec.toml's target counts: each national respondent takes
each question's answer from a sample respondent of the same role picked by a seeded hash, so
every question's marginal distribution (blanks, multi-tick patterns, Likert shape) matches
the spec.  The role split comes from sample_spec.toml's n.
Localities are invented: 42 integrated care systems x 10 localities, spread uniformly.
Everything runs inside DuckDB (range() + hash()), so millions of rows build in seconds.
"""

from __future__ import annotations

import argparse
import csv
import os
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

from tui import tallies
from tui.database import SCHEMA_VERSION
from tui.paths import QUERIES_DIR, SAMPLE_CODEBOOK, SAMPLE_DB, SAMPLE_DIR

HERE = Path(__file__).resolve().parent
DATA_DIR = HERE / "data"
SEED = "workforce-explorer-bench-1"
N_ICS = 42
LOCALITIES_PER_ICS = 10
METADATA = ["ID", "Start time", "Completion time", "Email", "Name"]

_ICS_A = ["North", "South", "East", "West", "Central", "Upper", "Lower"]
_ICS_B = ["Avonmere", "Brackenshire", "Coldmarsh", "Dunholt", "Elverdale", "Fernwick"]
_LOC_A = [
    "Ash",
    "Birch",
    "Crow",
    "Dale",
    "Elm",
    "Fox",
    "Glen",
    "Hart",
    "Ivy",
    "Kings",
    "Lark",
    "Mill",
    "Nor",
    "Oak",
    "Pen",
    "Quarry",
    "Rook",
    "Stone",
    "Thorn",
    "Wold",
]
_LOC_B = [
    "bury",
    "ford",
    "ham",
    "ley",
    "mouth",
    "stead",
    "ton",
    "wick",
    "worth",
    "field",
    "gate",
    "holme",
    "minster",
    "port",
    "bridge",
    "by",
    "cote",
    "dean",
    "haven",
    "well",
    "moor",
    "hurst",
]


def role_split() -> dict[str, int]:
    """Respondents per role in the sample spec (its proportions set the national split)."""
    spec = tomllib.loads((SAMPLE_DIR / "sample_spec.toml").read_text(encoding="utf-8"))
    return {k: int(v["n"]) for k, v in spec.items() if isinstance(v, dict) and "n" in v}


def localities() -> list[tuple[str, str, int]]:
    ics_names = [f"{a} {b}" for b in _ICS_B for a in _ICS_A][:N_ICS]
    loc_names = [f"{a}{b}" for b in _LOC_B for a in _LOC_A]
    out = []
    for i, ics in enumerate(ics_names):
        for j in range(LOCALITIES_PER_ICS):
            k = i * LOCALITIES_PER_ICS + j
            out.append((loc_names[k], f"{ics} ICS (synthetic)", k))
    return out


def national_path(n: int, waves: int) -> Path:
    """Where the national file is kept; the schema version is in the name, so a file an
    older schema built (a version 1 file has no tallies) is built again, not measured."""
    return DATA_DIR / f"national_{n}x{waves}_v{SCHEMA_VERSION}.duckdb"


def build_national(
    path: Path, n: int = 15_000, waves: int = 10, *, last_wave: int = 2024, quiet: bool = False
) -> Path:
    """Write the national file at PATH (replaced if present).  It is built beside PATH
    and moved into place whole, so a build cut short never leaves a file that looks done."""
    import duckdb

    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    split = role_split()
    total = sum(split.values())
    roles = list(split)
    counts = {r: n * split[r] // total for r in roles}
    counts[roles[0]] += n - sum(counts.values())
    first_wave = last_wave - waves + 1

    # Attached as `survey`, the name the tally queries read.
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS survey", [str(building)])
        con.execute("USE survey")
        con.execute((QUERIES_DIR / "schema.sql").read_text(encoding="utf-8"))
        con.execute("ATTACH ? AS sample (READ_ONLY)", [str(SAMPLE_DB)])
        (sample_wave,) = con.execute("SELECT max(wave) FROM sample.waves").fetchone()
        con.execute(
            "CREATE TEMP TABLE wv AS SELECT range::INTEGER AS wave FROM range(?, ?)",
            [first_wave, last_wave + 1],
        )
        con.execute("CREATE TEMP TABLE rc (role VARCHAR, n INTEGER, lo INTEGER)")
        lo = 0
        for r in roles:
            con.execute("INSERT INTO rc VALUES (?, ?, ?)", [r, counts[r], lo])
            lo += counts[r]
        con.execute("CREATE TEMP TABLE loc (locality VARCHAR, ics VARCHAR, sort_order INTEGER)")
        con.executemany("INSERT INTO loc VALUES (?, ?, ?)", localities())
        n_loc = len(localities())

        con.execute("INSERT INTO schema_info SELECT * FROM sample.schema_info")
        con.execute("""
            INSERT INTO waves
            SELECT wv.wave, s.title, 'Synthetic national network', 'England (synthetic)',
                   'national_' || wv.wave || '.csv', TIMESTAMP '2026-01-01 00:00:00',
                   'SYNTHETIC national-scale benchmark data; no row is a real person.'
            FROM wv, (SELECT * FROM sample.waves LIMIT 1) AS s""")
        con.execute("INSERT INTO roles SELECT * FROM sample.roles")
        con.execute("""
            INSERT INTO role_workforce
            SELECT wv.wave, rw.role,
                   (rw.workforce * rc.n / (SELECT count(*) FROM sample.respondents AS r
                                           WHERE r.role = rw.role))::INTEGER
            FROM wv, sample.role_workforce AS rw JOIN rc USING (role)""")
        con.execute("INSERT INTO localities SELECT * FROM loc")
        con.execute(
            """
            INSERT INTO questions
            SELECT wv.wave, q.* EXCLUDE (wave) FROM wv, sample.questions AS q
            WHERE q.wave = ?""",
            [sample_wave],
        )
        # The locality question offers the national localities instead of the sample's.
        con.execute(
            """
            INSERT INTO options
            SELECT wv.wave, o.* EXCLUDE (wave) FROM wv, sample.options AS o
            WHERE o.wave = ? AND o.question_id <> 'locality'""",
            [sample_wave],
        )
        con.execute(
            """
            INSERT INTO options
            SELECT wv.wave, q.role, 'locality', loc.sort_order, loc.locality, NULL, NULL
            FROM wv, loc, (SELECT DISTINCT role FROM sample.questions
                           WHERE question_id = 'locality' AND wave = ?) AS q""",
            [sample_wave],
        )

        # Sample respondents numbered within their role: the templates.
        con.execute(
            """
            CREATE TEMP TABLE tpl AS
            SELECT role, respondent_id,
                   (row_number() OVER (PARTITION BY role ORDER BY respondent_id) - 1)::INTEGER
                       AS idx,
                   count(*) OVER (PARTITION BY role)::INTEGER AS n_role
            FROM sample.respondents WHERE wave = ?""",
            [sample_wave],
        )
        con.execute(
            """
            CREATE TEMP TABLE nr AS
            SELECT wv.wave, rc.role, (rc.lo + i.range + 1)::VARCHAR AS respondent_id,
                   (hash(?, 'loc', wv.wave, rc.role, i.range) % ?)::INTEGER AS loc_idx
            FROM wv, rc, range(0, (SELECT max(n) FROM rc)) AS i
            WHERE i.range < rc.n""",
            [SEED, n_loc],
        )
        # Which sample respondent each national respondent copies, question by question.
        con.execute(
            """
            CREATE TEMP TABLE pick AS
            SELECT nr.wave, nr.role, nr.respondent_id, nr.loc_idx, q.question_id,
                   (hash(?, nr.wave, nr.role, nr.respondent_id, q.question_id)
                    % rn.n_role)::INTEGER AS idx
            FROM nr
            JOIN (SELECT DISTINCT role, question_id FROM sample.questions WHERE wave = ?) AS q
              USING (role)
            JOIN (SELECT DISTINCT role, n_role FROM tpl) AS rn USING (role)""",
            [SEED, sample_wave],
        )
        con.execute(
            """
            CREATE TEMP TABLE sa AS
            SELECT tpl.idx, a.* EXCLUDE (wave, respondent_id)
            FROM sample.answers AS a JOIN tpl USING (role, respondent_id)
            WHERE a.wave = ? AND (a.question_id <> 'locality' OR a.answered)""",
            [sample_wave],
        )
        con.execute("""
            INSERT INTO answers
            SELECT p.wave, p.role, p.respondent_id, p.question_id, sa.answered,
                   CASE WHEN p.question_id = 'locality' THEN p.loc_idx ELSE sa.option_order END,
                   sa.score, sa.text_value
            FROM pick AS p
            JOIN sa ON sa.role = p.role AND sa.question_id = p.question_id AND sa.idx = p.idx
            ORDER BY p.wave, p.role, p.respondent_id::INTEGER""")
        con.execute("""
            INSERT INTO respondents
            SELECT nr.wave, nr.role, nr.respondent_id, loc.locality,
                   max(o.label) FILTER (WHERE a.question_id = 'tenure'),
                   max(o.label) FILTER (WHERE a.question_id = 'employment'),
                   max(o.label) FILTER (WHERE a.question_id = 'employer')
            FROM nr JOIN loc ON loc.sort_order = nr.loc_idx
            LEFT JOIN answers AS a
              ON a.wave = nr.wave AND a.role = nr.role AND a.respondent_id = nr.respondent_id
             AND a.question_id IN ('tenure', 'employment', 'employer')
            LEFT JOIN options AS o
              ON o.wave = a.wave AND o.role = a.role AND o.question_id = a.question_id
             AND o.option_order = a.option_order
            GROUP BY ALL""")
        con.execute("DETACH sample")
        tallies.prepare(con)
        tallies.recount(con, range(first_wave, last_wave + 1))
        con.execute("CHECKPOINT survey")
        if not quiet:
            (rows,) = con.execute("SELECT count(*) FROM answers").fetchone()
            print(
                f"wrote {path}: {n:,} respondents x {waves} waves, {rows:,} answer rows, "
                f"{n_loc} localities"
            )
    finally:
        con.close()
    os.replace(building, path)
    return path


def write_wave_csv(db: Path, wave: int, out: Path) -> int:
    """One wave of DB as a Microsoft Forms-style wide CSV export; returns respondents.

    Cells use the codebook's labels, so the locality column carries each answer's
    template (sample) locality, which the sample codebook knows.
    """
    import duckdb

    from tui.codebook import load_codebook

    codebook = load_codebook(SAMPLE_CODEBOOK)
    columns: list[str] = []
    for q in codebook.questions:
        if q.text not in columns:
            columns.append(q.text)
    col_of = {
        (role.code, q.id): columns.index(q.text)
        for role in codebook.roles
        for q in codebook.questions_for(role.code)
    }
    role_q = codebook.field_question("role")
    role_label = {role.code: role_q.options[i].label for i, role in enumerate(codebook.roles)}
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute("ATTACH ? AS sample (READ_ONLY)", [str(SAMPLE_DB)])
        rows = con.execute(
            """
            WITH cells AS (
                SELECT a.role, a.respondent_id, a.question_id, q.qtype,
                       CASE WHEN q.qtype = 'text' THEN any_value(a.text_value)
                            WHEN q.qtype = 'multi' THEN
                                string_agg(o.label || ';', '' ORDER BY a.option_order)
                            WHEN a.question_id = 'locality' THEN any_value(sl.label)
                            ELSE any_value(o.label) END AS cell
                FROM answers AS a JOIN questions AS q USING (wave, role, question_id)
                LEFT JOIN options AS o
                  ON o.wave = a.wave AND o.role = a.role AND o.question_id = a.question_id
                 AND o.option_order = a.option_order
                LEFT JOIN sample.options AS sl
                  ON a.question_id = 'locality' AND sl.role = a.role
                 AND sl.question_id = 'locality'
                 AND sl.option_order = a.option_order % 10
                WHERE a.wave = ? AND a.answered
                GROUP BY a.role, a.respondent_id, a.question_id, q.qtype)
            SELECT role, respondent_id, list(question_id), list(coalesce(cell, ''))
            FROM cells GROUP BY role, respondent_id
            ORDER BY respondent_id::INTEGER""",
            [wave],
        ).fetchall()
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    start = datetime(wave, 9, 4, 9, 0, 0)
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(METADATA + columns)
        for i, (role, _rid, qids, cells) in enumerate(rows):
            line = [""] * len(columns)
            line[columns.index(role_q.text)] = role_label[role]
            for qid, cell in zip(qids, cells, strict=True):
                line[col_of[(role, qid)]] = cell
            began = start + timedelta(minutes=i)
            done = began + timedelta(minutes=11 + i % 9)
            writer.writerow(
                [
                    str(i + 1),
                    began.strftime("%m/%d/%y %H:%M:%S"),
                    done.strftime("%m/%d/%y %H:%M:%S"),
                    "anonymous",
                    "",
                ]
                + line
            )
    return len(rows)


def write_wave_xlsx(csv_path: Path, out: Path) -> Path | None:
    """The same export as XLSX, if xlsxwriter is installed (no dependency is added)."""
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        print("note: no XLSX writer installed (xlsxwriter); skipping the XLSX export")
        return None
    import polars as pl

    frame = pl.read_csv(csv_path, infer_schema=False, encoding="utf8")
    frame.write_excel(out, autofit=False)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the synthetic national survey file")
    parser.add_argument("--n", type=int, default=15_000, help="respondents a wave")
    parser.add_argument("--waves", type=int, default=10)
    args = parser.parse_args()
    build_national(national_path(args.n, args.waves), args.n, args.waves)


if __name__ == "__main__":
    main()
