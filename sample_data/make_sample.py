"""Build the SYNTHETIC 2023 sample: a Microsoft Forms-style export, then the DuckDB file.

    python sample_data/make_sample.py            # rewrite the export and the database
    python sample_data/make_sample.py --out DIR  # write them into DIR instead

The target counts live in sample_spec.toml; answers are dealt out to respondents in a
seeded order, so the output is the same on every run.  The database is made by the same
import code a user runs on a real export (`workforce-explorer import`).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tomllib
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tui.codebook import Codebook, Question, load_codebook  # noqa: E402
from tui.importing import import_export  # noqa: E402

EXPORT_NAME = "gm_workforce_2023_export.csv"
DB_NAME = "gm_workforce_2023.duckdb"
METADATA = ["ID", "Start time", "Completion time", "Email", "Name"]


def _deal_single(q: Question, counts: dict, n: int, rng: random.Random) -> list[str]:
    cells: list[str] = []
    for option in q.options:
        cells += [option.label] * int(counts.get(option.label, 0))
    cells += [""] * int(counts.get("not_answered", 0))
    unknown = set(counts) - {o.label for o in q.options} - {"not_answered"}
    if unknown or len(cells) != n:
        raise SystemExit(f"spec for {q.id}: unknown {sorted(unknown)} or total {len(cells)} != {n}")
    rng.shuffle(cells)
    return cells


def _deal_likert(q: Question, counts: list[int], n: int, rng: random.Random) -> list[str]:
    return _deal_single(q, {o.label: c for o, c in zip(q.options, counts, strict=True)}, n, rng)


def _deal_multi(q: Question, counts: dict, n: int, rng: random.Random) -> list[str]:
    order = list(range(n))
    rng.shuffle(order)
    blank = int(counts.get("not_answered", 0))
    ticks: list[list[str]] = [[] for _ in range(n)]
    pos = blank
    for option in q.options:
        if option.marker == "none":
            k = int(counts.get(option.label, 0))
            for i in order[pos : pos + k]:
                ticks[i].append(option.label)
            pos += k
    pool = order[pos:]
    for option in sorted(
        (o for o in q.options if o.marker != "none"), key=lambda o: -int(counts.get(o.label, 0))
    ):
        k = int(counts.get(option.label, 0))
        if k > len(pool):
            raise SystemExit(f"spec for {q.id}: {option.label} ticked {k} > {len(pool)}")
        empty = [i for i in pool if not ticks[i]]
        rest = [i for i in pool if ticks[i]]
        rng.shuffle(rest)
        for i in (empty + rest)[:k]:
            ticks[i].append(option.label)
    if any(not ticks[i] for i in pool):
        raise SystemExit(f"spec for {q.id}: too few ticks to give every answer one")
    labels = [o.label for o in q.options]
    return ["".join(t + ";" for t in sorted(ts, key=labels.index)) for ts in ticks]


def generate(codebook: Codebook, spec: dict) -> tuple[list[str], list[list[str]]]:
    columns: list[str] = []
    for q in codebook.questions:
        if q.text not in columns:
            columns.append(q.text)
    role_q = codebook.field_question("role")
    assert role_q is not None
    rows: list[dict[str, str]] = []
    for r_index, role in enumerate(codebook.roles):
        role_spec = spec[role.code]
        n = int(role_spec["n"])
        answers, comments = role_spec["answers"], role_spec.get("comments", {})
        role_rows = [{role_q.text: role_q.options[r_index].label} for _ in range(n)]
        for q in codebook.questions_for(role.code):
            if q.field == "role":
                continue
            rng = random.Random(f"{spec['seed']}:{role.code}:{q.id}")
            if q.type == "text":
                texts = list(comments.get(q.id, []))
                cells = texts + [""] * (n - len(texts))
                rng.shuffle(cells)
            elif q.id not in answers:
                raise SystemExit(f"spec has no answers for {role.code} {q.id}")
            elif q.type == "likert":
                cells = _deal_likert(q, answers[q.id], n, rng)
            elif q.type == "single":
                cells = _deal_single(q, answers[q.id], n, rng)
            else:
                cells = _deal_multi(q, answers[q.id], n, rng)
            for row, cell in zip(role_rows, cells, strict=True):
                row[q.text] = cell
        rows += role_rows
    random.Random(f"{spec['seed']}:order").shuffle(rows)
    start = datetime(2023, 9, 4, 9, 0, 0)
    out = []
    for i, row in enumerate(rows):
        began = start + timedelta(minutes=97 * i)
        done = began + timedelta(minutes=11 + i % 9)
        meta = [
            str(i + 1),
            began.strftime("%m/%d/%y %H:%M:%S"),
            done.strftime("%m/%d/%y %H:%M:%S"),
            "anonymous",
            "",
        ]
        out.append(meta + [row.get(c, "") for c in columns])
    return METADATA + columns, out


def write_csv(path: Path, headers: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(rows)


def build(out_dir: Path) -> Path:
    spec = tomllib.loads((HERE / "sample_spec.toml").read_text(encoding="utf-8"))
    codebook_path = HERE / "codebook.toml"
    headers, rows = generate(load_codebook(codebook_path), spec)
    out_dir.mkdir(parents=True, exist_ok=True)
    export = out_dir / EXPORT_NAME
    write_csv(export, headers, rows)
    db = out_dir / DB_NAME
    db.unlink(missing_ok=True)
    import_export(export, codebook_path, int(spec["wave"]), db, note=spec["note"])
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    args = parser.parse_args()
    db = build(args.out)
    print(f"wrote {args.out / EXPORT_NAME} and {db}")


if __name__ == "__main__":
    main()
