"""Matching an export's columns to the codebook and checking every answer.

All problems are collected (up to a cap) with file, row, column, value and what was
expected; nothing is written unless there are none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tui.codebook import Codebook, Option, Question, normalize
from tui.errors import ImportProblems, UserError
from tui.importing.readers import RawExport
from tui.safe_text import visible

MAX_PROBLEMS = 25
# A whole score, alone ("4", "4.0") or before its label ("4 - Very good", "4. Very good");
# never a fraction: "3.5" is not the 3 of the scale.
# The label after the number, if any, must be that point's own: "4 - Strongly agree" on
# a scale whose 4 is "Agree" is not a score, and neither is "4 or 5".
_LEADING_NUMBER = re.compile(r"^\s*([0-9]+)(?:\.0+)?(?!\.?[0-9])\s*(?:[-–:.)]\s*)?(.*)$", re.DOTALL)
# Excel's own limit for one cell; no survey tool exports a longer answer.
MAX_CELL_CHARS = 32_767
_NUMBERED_LABEL = re.compile(r"^\s*[0-9]+\s*[-–:.)]\s*(\S.*)$", re.DOTALL)


@dataclass
class Parsed:
    """What an export holds, ready to be written: rows for respondents and answers."""

    roles: list[str]
    respondents: list[tuple[str, str, str | None, str | None, str | None, str | None]]
    answers: dict[str, list] = field(
        default_factory=lambda: {
            "role": [],
            "respondent_id": [],
            "question_id": [],
            "answered": [],
            "option_order": [],
            "score": [],
            "text_value": [],
        }
    )
    unmapped_columns: list[str] = field(default_factory=list)
    dropped_columns: list[str] = field(default_factory=list)
    missing_questions: list[str] = field(default_factory=list)
    blank_answers: int = 0
    not_asked_answers: int = 0
    asked_answers: int = 0  # questions put to respondents, answered or not
    source: str = ""  # e.g. "Google Forms export, UTF-8"
    notes: list[str] = field(default_factory=list)


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
    """A value as a message quotes it: cut short, and invisible characters shown."""
    text = text[: width * 4]
    text = visible(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _options_hint(q: Question) -> str:
    labels = [visible(o.label) for o in q.options[:7]]
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


def _numbered_option(q: Question, value: str) -> Option | None:
    """The point a "4", "4.0" or "4 - Very good" names: a whole number on the scale,
    followed by nothing or by that point's own label."""
    m = _LEADING_NUMBER.match(value)
    if not m or not 1 <= int(m.group(1)) <= len(q.options):
        return None
    option = q.options[int(m.group(1)) - 1]
    rest = normalize(m.group(2))
    if not rest:
        return option
    label = _NUMBERED_LABEL.match(option.label)
    names = {normalize(option.label), normalize(label.group(1)) if label else ""}
    return option if rest in names else None


class _CellParser:
    """Parses one cell for one question; results are cached per distinct value."""

    def __init__(self, codebook: Codebook, separator: str) -> None:
        self.separator = separator.strip() or separator
        self.localities = codebook.locality_lookup()
        self.cache: dict[tuple[int, str, str], tuple[list[Option] | str | None, str | None]] = {}
        # per question: its options by label (and by label without its number); built once,
        # not per answer: a question with 10,000 options would cost 10,000 folds a value
        self.lookups: dict[int, tuple[dict[str, Option], dict[str, Option]]] = {}

    def _lookups(self, q: Question) -> tuple[dict[str, Option], dict[str, Option]]:
        hit = self.lookups.get(id(q))
        if hit is None:
            hit = (q.option_by_label(), _unnumbered(q) if q.type == "likert" else {})
            self.lookups[id(q)] = hit
        return hit

    def parse(self, q: Question, value: str) -> tuple[list[Option] | str | None, str | None]:
        """Return (options or text, None) or (None, what was expected)."""
        key = (id(q), q.id, value)
        hit = self.cache.get(key)
        if hit is None:
            hit = self._parse(q, value)
            self.cache[key] = hit
        return hit

    def _parse(self, q: Question, value: str) -> tuple[list[Option] | str | None, str | None]:
        if len(value) > MAX_CELL_CHARS:
            return None, (
                f"is {len(value):,} characters long; an answer holds at most "
                f"{MAX_CELL_CHARS:,} (the most a spreadsheet cell holds)"
            )
        if q.type == "text":
            return value.replace("\r\n", "\n").replace("\r", "\n"), None
        lookup, unnumbered = self._lookups(q)
        if q.type == "likert":
            option = lookup.get(normalize(value)) or unnumbered.get(normalize(value))
            if option is None:
                option = _numbered_option(q, value)
            if option is None:
                return None, (
                    f"is not a 1-{len(q.options)} score or a label of its scale "
                    f"({_options_hint(q)})"
                )
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
            return (
                None,
                f'has "{_clip(chosen, 40)}", which is not one of the options ({_options_hint(q)})',
            )
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
            alt = next(
                (
                    a
                    for a in map(normalize, raw.alt_headers.get(idx, ()))
                    if a in by_header or a in identifying
                ),
                None,
            )
            norm = alt or norm
        if norm in identifying:
            dropped.append(header)
        elif norm in id_headers and id_col is None:
            id_col = idx
        elif norm in ignored:
            continue
        elif norm in by_header:
            if norm in seen:
                problems.add(
                    raw.first_data_row - 1,
                    header,
                    None,
                    f"appears twice (columns {seen[norm] + 1} and {idx + 1}); "
                    "each question needs exactly one column",
                )
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


class _Answers:
    """The long-form answer rows being built, column by column (what writer stores)."""

    def __init__(self, columns: dict[str, list]) -> None:
        self.columns = columns

    def add(
        self,
        role: str,
        rid: str,
        question: str,
        *,
        answered: bool,
        option: Option | None = None,
        text: str | None = None,
    ) -> None:
        c = self.columns
        c["role"].append(role)
        c["respondent_id"].append(rid)
        c["question_id"].append(question)
        c["answered"].append(answered)
        c["option_order"].append(option.order if option is not None else None)
        c["score"].append(option.score if option is not None else None)
        c["text_value"].append(text)


def _resolve_fixed_role(codebook: Codebook, role: str | None) -> str | None:
    """The role --role names (None when not given); an unknown one is a clear error."""
    if role is None:
        return None
    fixed = codebook.role_lookup().get(normalize(role))
    if fixed is None:
        labels = ", ".join(r.label for r in codebook.roles)
        raise UserError(
            f'--role "{visible(role)}" is not a role in {codebook.path.name}: '
            f"expected one of {labels}"
        )
    return fixed


def _role_source(
    raw: RawExport,
    codebook: Codebook,
    mapped: dict[int, dict[str, Question]],
    fixed_role: str | None,
) -> tuple[str | None, int | None]:
    """Where each row's role comes from: a fixed role, or the role column's index.
    An export matching no question, or with no role column and no --role, is refused."""
    field_cols = {
        q.field: idx for idx, per_role in mapped.items() for q in per_role.values() if q.field
    }
    if fixed_role is None and "role" not in field_cols and len(codebook.roles) == 1:
        fixed_role = codebook.roles[0].code  # a one-role codebook needs no --role
    if fixed_role is None and "role" not in field_cols:
        labels = ", ".join(r.label for r in codebook.roles)
        role_q = codebook.field_question("role")
        header = f' ("{role_q.text}")' if role_q else ""
        raise UserError(
            f"{raw.path}: no role column{header} found; pass --role ROLE "
            f"({labels}) for an export that holds one role"
        )
    if not mapped:
        raise UserError(
            f"{raw.path}: no column matches a question in {codebook.path.name}; "
            "is this the right codebook? `workforce-explorer codebook init` "
            "drafts one from the export"
        )
    return fixed_role, None if fixed_role is not None else field_cols["role"]


class _RowReader:
    """Checks one row at a time: its shape, role and id, then every answer in it."""

    def __init__(
        self,
        raw: RawExport,
        codebook: Codebook,
        problems: _Problems,
        mapped: dict[int, dict[str, Question]],
        id_col: int | None,
        fixed_role: str | None,
        role_col: int | None,
        parsed: Parsed,
    ) -> None:
        self.raw, self.problems, self.mapped = raw, problems, mapped
        self.id_col, self.fixed_role, self.role_col = id_col, fixed_role, role_col
        self.role_lookup = codebook.role_lookup()
        self.role_labels = ", ".join(r.label for r in codebook.roles)
        self.cells = _CellParser(codebook, raw.multi_separator or codebook.multi_separator)
        self.parsed = parsed
        self.answers = _Answers(parsed.answers)
        self.ids_seen: dict[tuple[str, str], int] = {}
        self.roles_present: list[str] = []

    def read(self, i: int, row: list[str]) -> None:
        rownum = self.raw.row_number(i)
        found, expected = self.raw.ragged.get(i, (len(row), len(self.raw.headers)))
        if found != expected:
            self.problems.add(
                rownum,
                None,
                None,
                f"has {found} cells where the header has "
                f"{expected}; the row is ragged or cut short",
            )
            return
        role = self._role(rownum, row)
        rid = self._respondent_id(rownum, i, row, role) if role is not None else None
        if role is None or rid is None:
            return
        if role not in self.roles_present:
            self.roles_present.append(role)
        fields = self._answers(rownum, row, role, rid)
        self.parsed.respondents.append(
            (
                role,
                rid,
                fields.get("locality"),
                fields.get("tenure"),
                fields.get("employment"),
                fields.get("employer"),
            )
        )

    def _role(self, rownum: int, row: list[str]) -> str | None:
        if self.fixed_role is not None:
            return self.fixed_role
        assert self.role_col is not None
        cell = row[self.role_col].strip()
        role = self.role_lookup.get(normalize(cell)) if cell else None
        if role is None:
            self.problems.add(
                rownum,
                self.raw.headers[self.role_col],
                cell,
                f"is not a known role (expected one of {self.role_labels})",
            )
        return role

    def _respondent_id(self, rownum: int, i: int, row: list[str], role: str) -> str | None:
        if self.id_col is None:
            rid = str(i + 1)
        else:
            rid = row[self.id_col].strip()
            if not rid:
                self.problems.add(
                    rownum,
                    self.raw.headers[self.id_col],
                    "",
                    "is blank: every response needs an id",
                )
                return None
        first = self.ids_seen.setdefault((role, rid), rownum)
        if first != rownum:
            column = self.raw.headers[self.id_col] if self.id_col is not None else None
            self.problems.add(rownum, column, rid, f"repeats the respondent id of row {first}")
            return None
        return rid

    def _answers(self, rownum: int, row: list[str], role: str, rid: str) -> dict[str, str]:
        """Add the row's answers; return the respondent fields they fill in."""
        fields: dict[str, str] = {}
        for idx, per_role in self.mapped.items():
            q = per_role.get(role)
            cell = row[idx].strip()
            if q is None:
                if cell:
                    self.parsed.not_asked_answers += 1
                continue
            if q.field == "role":
                continue
            self.parsed.asked_answers += 1
            if not cell:
                self.parsed.blank_answers += 1
                self.answers.add(role, rid, q.id, answered=False)
                continue
            value, expected = self.cells.parse(q, cell)
            if expected is not None:
                self.problems.add(rownum, self.raw.headers[idx], cell, expected)
            elif isinstance(value, str):
                self.answers.add(role, rid, q.id, answered=True, text=value)
            else:
                assert value is not None
                for option in value:
                    self.answers.add(role, rid, q.id, answered=True, option=option)
                if q.field:
                    fields[q.field] = value[0].label
        return fields


def parse_export(
    raw: RawExport,
    codebook: Codebook,
    role: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Parsed:
    """Check every row of an export against the codebook; raise ImportProblems listing
    every problem, or return what is to be written."""
    problems = _Problems(raw)
    fixed_role = _resolve_fixed_role(codebook, role)
    mapped, id_col, dropped, unmapped = _column_map(raw, codebook, problems)
    fixed_role, role_col = _role_source(raw, codebook, mapped, fixed_role)
    problems.raise_if_any()

    parsed = Parsed(
        roles=[],
        respondents=[],
        unmapped_columns=unmapped,
        dropped_columns=dropped,
        source=raw.describe(),
        notes=list(raw.notes),
    )
    reader = _RowReader(raw, codebook, problems, mapped, id_col, fixed_role, role_col, parsed)
    total = len(raw.rows)
    for i, row in enumerate(raw.rows):
        if progress is not None and i % 500 == 0:
            progress(i, total)
        reader.read(i, row)
    if progress is not None:
        progress(total, total)
    problems.raise_if_any()
    parsed.roles = reader.roles_present
    present_ids = {q.id for per_role in mapped.values() for q in per_role.values()}
    parsed.missing_questions = sorted(
        {
            q.id
            for r in reader.roles_present
            for q in codebook.questions_for(r)
            if q.id not in present_ids
        }
    )
    return parsed
