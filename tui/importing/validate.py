"""Matching an export's columns to the codebook and checking every answer.

All problems are collected (up to a cap) with file, row, column, value and what was
expected; nothing is written unless there are none.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from tui.codebook import Codebook, Option, Question, normalize
from tui.errors import ImportProblems, UserError
from tui.importing.readers import RawExport

MAX_PROBLEMS = 25
_LEADING_NUMBER = re.compile(r"^\s*([0-9]+)(?:\.0+)?(?:\s*$|\s*[-–:.)]|\s+\S)")
_NUMBERED_LABEL = re.compile(r"^\s*[0-9]+\s*[-–:.)]\s*(\S.*)$", re.DOTALL)


@dataclass
class Parsed:
    """What an export holds, ready to be written: rows for respondents and answers."""

    roles: list[str]
    respondents: list[tuple[str, str, str | None, str | None, str | None, str | None]]
    answers: dict[str, list] = field(default_factory=lambda: {
        "role": [], "respondent_id": [], "question_id": [], "answered": [],
        "option_order": [], "score": [], "text_value": []})
    unmapped_columns: list[str] = field(default_factory=list)
    dropped_columns: list[str] = field(default_factory=list)
    missing_questions: list[str] = field(default_factory=list)
    blank_answers: int = 0
    not_asked_answers: int = 0
    asked_answers: int = 0              # questions put to respondents, answered or not
    source: str = ""                    # e.g. "Google Forms export, UTF-8"
    notes: list[str] = field(default_factory=list)

    def per_role_locality(self) -> Counter[tuple[str, str]]:
        return Counter((r[0], r[2] or "Not stated") for r in self.respondents)


class _Problems:
    def __init__(self, raw: RawExport) -> None:
        self.raw = raw
        self.shown: list[str] = []
        self.total = 0

    def add(self, row: int | None, column: str | None, value: str | None, expected: str) -> None:
        self.total += 1
        if len(self.shown) >= MAX_PROBLEMS:
            return
        where = self.raw.path.name
        if row is not None:
            where += f" row {row}"
        if column is not None:
            where += f', column "{_clip(column)}"'
        what = f'"{_clip(value)}" {expected}' if value is not None else expected
        self.shown.append(f"{where}: {what}")

    def raise_if_any(self) -> None:
        if self.total:
            raise ImportProblems(self.shown, self.total, str(self.raw.path))


def _clip(text: str, width: int = 60) -> str:
    text = text.replace("\n", " ").replace("\r", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def _options_hint(q: Question) -> str:
    labels = [o.label for o in q.options]
    shown = ", ".join(labels[:6]) + (", …" if len(labels) > 6 else "")
    return shown


def _unnumbered(q: Question) -> dict[str, Option]:
    """Likert labels without their leading number: "Very good" for "4 - Very good"."""
    out: dict[str, Option] = {}
    for o in q.options:
        m = _NUMBERED_LABEL.match(o.label)
        if m:
            out.setdefault(normalize(m.group(1)), o)
    return out if len(out) == len(q.options) else {}


class _CellParser:
    """Parses one cell for one question; results are cached per distinct value."""

    def __init__(self, codebook: Codebook, separator: str) -> None:
        self.separator = separator.strip() or separator
        self.localities = codebook.locality_lookup()
        self.cache: dict[tuple[int, str, str], tuple[list[Option] | str | None, str | None]] = {}

    def parse(self, q: Question, value: str) -> tuple[list[Option] | str | None, str | None]:
        """Return (options or text, None) or (None, what was expected)."""
        key = (id(q), q.id, value)
        hit = self.cache.get(key)
        if hit is None:
            hit = self._parse(q, value)
            self.cache[key] = hit
        return hit

    def _parse(self, q: Question, value: str) -> tuple[list[Option] | str | None, str | None]:
        if q.type == "text":
            return value.replace("\r\n", "\n").replace("\r", "\n"), None
        lookup = q.option_by_label()
        if q.type == "likert":
            option = lookup.get(normalize(value)) or _unnumbered(q).get(normalize(value))
            if option is None:
                m = _LEADING_NUMBER.match(value)
                if m and 1 <= int(m.group(1)) <= len(q.options):
                    option = q.options[int(m.group(1)) - 1]
            if option is None:
                return None, (f"is not a 1-{len(q.options)} score or a label of its scale "
                              f"({_options_hint(q)})")
            return [option], None
        if q.type == "single":
            norm = normalize(value)
            option = lookup.get(norm)
            if option is None and q.field == "locality" and norm in self.localities:
                option = lookup.get(normalize(self.localities[norm]))
            if option is None:
                what = "a known locality" if q.field == "locality" else "one of the options"
                return None, f"is not {what} ({_options_hint(q)})"
            return [option], None
        chosen = self._split_multi(value, lookup)
        if isinstance(chosen, str):
            return None, f'has "{_clip(chosen, 40)}", which is not one of the options ' \
                         f"({_options_hint(q)})"
        exclusive = [o for o in chosen if o.marker == "none"]
        if exclusive and len(chosen) > 1:
            return None, f'ticks "{exclusive[0].label}" together with other options'
        return chosen, None

    def _split_multi(self, value: str, lookup: dict[str, Option]) -> list[Option] | str:
        tokens = value.split(self.separator)
        out: list[Option] = []
        i = 0
        while i < len(tokens):
            if not tokens[i].strip():
                i += 1
                continue
            for j in range(len(tokens), i, -1):
                option = lookup.get(normalize(self.separator.join(tokens[i:j])))
                if option is not None:
                    if option not in out:
                        out.append(option)
                    i = j
                    break
            else:
                return tokens[i].strip()
        return out


def _column_map(raw: RawExport, codebook: Codebook, problems: _Problems):
    by_header: dict[str, list[Question]] = {}
    for q in codebook.questions:
        for header in (q.text, *q.headers):
            by_header.setdefault(normalize(header), []).append(q)
    identifying = {normalize(h) for h in codebook.identifying_headers}
    id_headers = {normalize(h) for h in codebook.respondent_id_headers}
    ignored = {normalize(h) for h in codebook.ignored_headers}

    mapped: dict[int, dict[str, Question]] = {}
    seen: dict[str, int] = {}
    id_col: int | None = None
    dropped, unmapped = [], []
    for idx, header in enumerate(raw.headers):
        norm = normalize(header)
        if not norm:
            continue
        if norm not in by_header and norm not in identifying:
            # A grid row, say, may be known to the codebook by its statement alone.
            alt = next((a for a in map(normalize, raw.alt_headers.get(idx, ()))
                        if a in by_header or a in identifying), None)
            norm = alt or norm
        if norm in identifying:
            dropped.append(header)
        elif norm in id_headers and id_col is None:
            id_col = idx
        elif norm in ignored:
            continue
        elif norm in by_header:
            if norm in seen:
                problems.add(raw.first_data_row - 1, header, None,
                             f"appears twice (columns {seen[norm] + 1} and {idx + 1}); "
                             "each question needs exactly one column")
                continue
            seen[norm] = idx
            per_role: dict[str, Question] = {}
            for q in by_header[norm]:
                for role in q.roles:
                    per_role.setdefault(role, q)
            mapped[idx] = per_role
        else:
            unmapped.append(header)
    return mapped, id_col, dropped, unmapped


def parse_export(raw: RawExport, codebook: Codebook, role: str | None = None,
                 progress: Callable[[int, int], None] | None = None) -> Parsed:
    problems = _Problems(raw)
    role_lookup = codebook.role_lookup()
    labels = ", ".join(r.label for r in codebook.roles)
    fixed_role: str | None = None
    if role is not None:
        fixed_role = role_lookup.get(normalize(role))
        if fixed_role is None:
            raise UserError(f'--role "{role}" is not a role in {codebook.path.name}: expected '
                            f"one of {labels}")

    mapped, id_col, dropped, unmapped = _column_map(raw, codebook, problems)
    field_cols = {q.field: idx for idx, per_role in mapped.items()
                  for q in per_role.values() if q.field}
    if fixed_role is None and "role" not in field_cols and len(codebook.roles) == 1:
        fixed_role = codebook.roles[0].code      # a one-role codebook needs no --role
    if fixed_role is None and "role" not in field_cols:
        role_q = codebook.field_question("role")
        header = f' ("{role_q.text}")' if role_q else ""
        raise UserError(f"{raw.path}: no role column{header} found; pass --role ROLE "
                        f"({labels}) for an export that holds one role")
    if not mapped:
        raise UserError(f"{raw.path}: no column matches a question in {codebook.path.name}; "
                        "is this the right codebook? `workforce-explorer codebook init` "
                        "drafts one from the export")
    problems.raise_if_any()

    parser = _CellParser(codebook, raw.multi_separator or codebook.multi_separator)
    parsed = Parsed(roles=[], respondents=[], unmapped_columns=unmapped, dropped_columns=dropped,
                    source=raw.describe(), notes=list(raw.notes))
    ans = parsed.answers
    ids_seen: dict[tuple[str, str], int] = {}
    roles_present: list[str] = []
    width = len(raw.headers)
    total = len(raw.rows)
    for i, row in enumerate(raw.rows):
        rownum = raw.row_number(i)
        if progress is not None and i % 500 == 0:
            progress(i, total)
        found, expected_width = raw.ragged.get(i, (len(row), width))
        if found != expected_width:
            problems.add(rownum, None, None, f"has {found} cells where the header has "
                                             f"{expected_width}; the row is ragged or cut "
                                             "short")
            continue
        if fixed_role is not None:
            row_role = fixed_role
        else:
            cell = row[field_cols["role"]].strip()
            row_role = role_lookup.get(normalize(cell)) if cell else None
            if row_role is None:
                problems.add(rownum, raw.headers[field_cols["role"]], cell,
                             f"is not a known role (expected one of {labels})")
                continue
        if id_col is not None:
            rid = row[id_col].strip()
            if not rid:
                problems.add(rownum, raw.headers[id_col], "", "is blank: every response needs "
                                                              "an id")
                continue
        else:
            rid = str(i + 1)
        first = ids_seen.setdefault((row_role, rid), rownum)
        if first != rownum:
            problems.add(rownum, raw.headers[id_col] if id_col is not None else None, rid,
                         f"repeats the respondent id of row {first}")
            continue
        if row_role not in roles_present:
            roles_present.append(row_role)
        fields: dict[str, str | None] = {}
        for idx, per_role in mapped.items():
            q = per_role.get(row_role)
            cell = row[idx].strip()
            if q is None:
                if cell:
                    parsed.not_asked_answers += 1
                continue
            if q.field == "role":
                continue
            parsed.asked_answers += 1
            if not cell:
                parsed.blank_answers += 1
                ans["role"].append(row_role)
                ans["respondent_id"].append(rid)
                ans["question_id"].append(q.id)
                ans["answered"].append(False)
                ans["option_order"].append(None)
                ans["score"].append(None)
                ans["text_value"].append(None)
                continue
            value, expected = parser.parse(q, cell)
            if expected is not None:
                problems.add(rownum, raw.headers[idx], cell, expected)
                continue
            if isinstance(value, str):
                ans["role"].append(row_role)
                ans["respondent_id"].append(rid)
                ans["question_id"].append(q.id)
                ans["answered"].append(True)
                ans["option_order"].append(None)
                ans["score"].append(None)
                ans["text_value"].append(value)
                continue
            assert value is not None
            for option in value:
                ans["role"].append(row_role)
                ans["respondent_id"].append(rid)
                ans["question_id"].append(q.id)
                ans["answered"].append(True)
                ans["option_order"].append(option.order)
                ans["score"].append(option.score)
                ans["text_value"].append(None)
            if q.field:
                fields[q.field] = value[0].label
        parsed.respondents.append((row_role, rid, fields.get("locality"), fields.get("tenure"),
                                   fields.get("employment"), fields.get("employer")))
    if progress is not None:
        progress(total, total)
    problems.raise_if_any()
    parsed.roles = roles_present
    present_ids = {q.id for per_role in mapped.values() for q in per_role.values()}
    parsed.missing_questions = sorted({q.id for r in roles_present
                                       for q in codebook.questions_for(r)
                                       if q.id not in present_ids})
    return parsed
