"""The questionnaire as data: load and check a codebook TOML file."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tui.errors import CodebookError

THEMES: dict[str, str] = {
    "demographics": "Workforce demographics",
    "role_support": "Role and wider support",
    "training": "Training and development",
    "mdt_outcomes": "MDTs and outcome measures",
    "engagement": "Engagement with clients",
    "supervision": "Supervision",
}
QUESTION_TYPES = ("likert", "single", "multi", "text")
FIELDS = ("role", "locality", "tenure", "employment", "employer")
MARKERS = ("none", "clinical_supervision", "regular_supervision", "no_supervision", "safe_caseload")

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                         "\u00a0": " "})
_TRAILING = re.compile(r"[\s.:?!*]+$")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Fold a header or label for tolerant matching: case, spaces, quotes, end punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _SPACES.sub(" ", text).strip()
    return _TRAILING.sub("", text).casefold()


@dataclass(frozen=True)
class Option:
    label: str
    order: int
    score: int | None = None
    marker: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    roles: tuple[str, ...]
    theme: str
    type: str
    text: str
    options: tuple[Option, ...] = ()
    field: str | None = None
    source: str = "report"
    note: str | None = None
    headers: tuple[str, ...] = ()
    order: int = 0

    def option_by_label(self) -> dict[str, Option]:
        return {normalize(o.label): o for o in self.options}


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass
class Codebook:
    path: Path
    title: str
    publisher: str
    ics: str
    multi_separator: str
    roles: list[Role]
    localities: list[tuple[str, tuple[str, ...]]]
    questions: list[Question]
    workforce: dict[str, int] = field(default_factory=dict)
    respondent_id_headers: tuple[str, ...] = ()
    ignored_headers: tuple[str, ...] = ()
    identifying_headers: tuple[str, ...] = ()

    def role_codes(self) -> list[str]:
        return [r.code for r in self.roles]

    def questions_for(self, role: str) -> list[Question]:
        return [q for q in self.questions if role in q.roles]

    def field_question(self, name: str, role: str | None = None) -> Question | None:
        for q in self.questions:
            if q.field == name and (role is None or role in q.roles):
                return q
        return None

    def locality_lookup(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, aliases in self.localities:
            for alias in (name, *aliases):
                out[normalize(alias)] = name
        return out

    def role_lookup(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for role in self.roles:
            for alias in (role.code, role.label, role.name, *role.aliases):
                out[normalize(alias)] = role.code
        return out


def _fail(path: Path, message: str) -> CodebookError:
    return CodebookError(f"{path}: {message}")


def _options(path: Path, q: dict, scales: dict, where: str) -> tuple[Option, ...]:
    qtype = q.get("type")
    if qtype == "likert":
        scale_name = q.get("scale")
        raw = scales.get(scale_name, {}).get("options") if scale_name else q.get("options")
        if not raw:
            raise _fail(path, f"{where}: a likert question needs a known `scale` or `options`")
        if len(raw) != 5:
            raise _fail(path, f"{where}: a likert scale needs 5 options, found {len(raw)}")
        return tuple(Option(str(label), i, score=i + 1) for i, label in enumerate(raw))
    if qtype == "text":
        return ()
    raw = q.get("options")
    if not isinstance(raw, list) or not raw:
        raise _fail(path, f"{where}: a {qtype} question needs a list of `options`")
    out = []
    for i, item in enumerate(raw):
        if isinstance(item, str):
            out.append(Option(item, i))
        elif isinstance(item, dict) and isinstance(item.get("label"), str):
            marker = item.get("marker")
            if marker is not None and marker not in MARKERS:
                raise _fail(path, f"{where}: unknown option marker {marker!r}; "
                                  f"expected one of {', '.join(MARKERS)}")
            out.append(Option(item["label"], i, marker=marker))
        else:
            raise _fail(path, f"{where}: option {i + 1} must be a string or {{ label = … }}")
    labels = [normalize(o.label) for o in out]
    if len(set(labels)) != len(labels):
        raise _fail(path, f"{where}: options repeat a label")
    return tuple(out)


def _strings(path: Path, table: dict, key: str, default: list[str]) -> tuple[str, ...]:
    """A list of header names; one name on its own is taken as a list of one."""
    value = table.get(key, default)
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, f"[metadata] {key}: expected a list of column headers")
    return tuple(value)


def load_codebook(path: str | Path) -> Codebook:
    """Read and check a codebook; any problem is a one-line CodebookError."""
    path = Path(path)
    if not path.is_file():
        raise CodebookError(f"{path}: codebook not found (expected a .toml file)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise CodebookError(f"{path}: codebook is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise CodebookError(f"{path}: codebook does not parse as TOML: {exc}") from None

    survey = data.get("survey", {})
    roles_raw = data.get("role")
    if not isinstance(roles_raw, list) or not roles_raw:
        raise _fail(path, "no [[role]] entries; expected at least one role with a `code`")
    roles = []
    for i, r in enumerate(roles_raw):
        if not isinstance(r, dict) or not isinstance(r.get("code"), str):
            raise _fail(path, f"[[role]] {i + 1}: needs a `code`")
        roles.append(Role(r["code"], str(r.get("label", r["code"])), str(r.get("name", r["code"])),
                          tuple(str(a) for a in r.get("aliases", []))))
    codes = [r.code for r in roles]

    localities = []
    for i, loc in enumerate(data.get("locality", [])):
        if not isinstance(loc, dict) or not isinstance(loc.get("name"), str):
            raise _fail(path, f"[[locality]] {i + 1}: needs a `name`")
        localities.append((loc["name"], tuple(str(a) for a in loc.get("aliases", []))))

    scales = data.get("scales", {})
    questions_raw = data.get("question")
    if not isinstance(questions_raw, list) or not questions_raw:
        raise _fail(path, "no [[question]] entries")
    if not all(isinstance(q, dict) for q in questions_raw):
        raise _fail(path, "every [[question]] must be a table of keys")
    questions: list[Question] = []
    seen: set[tuple[str, str]] = set()
    identifying: list[str] = []
    for i, q in enumerate(questions_raw):
        where = f"question {i + 1} ({q.get('id', 'no id')})"
        if q.get("identifying") is True:
            # Asked, but names the person (a name, a phone number): dropped on import.
            if not isinstance(q.get("text"), str) or not q["text"].strip():
                raise _fail(path, f"{where}: missing `text`")
            identifying += [q["text"], *(str(h) for h in q.get("headers", []))]
            continue
        for key in ("id", "theme", "type", "text"):
            if not isinstance(q.get(key), str) or not q[key].strip():
                raise _fail(path, f"{where}: missing `{key}`")
        if q["theme"] not in THEMES:
            raise _fail(path, f"{where}: unknown theme {q['theme']!r}; "
                              f"expected one of {', '.join(THEMES)}")
        if q["type"] not in QUESTION_TYPES:
            raise _fail(path, f"{where}: unknown type {q['type']!r}; "
                              f"expected one of {', '.join(QUESTION_TYPES)}")
        if q.get("field") is not None and q["field"] not in FIELDS:
            raise _fail(path, f"{where}: unknown field {q['field']!r}; "
                              f"expected one of {', '.join(FIELDS)}")
        q_roles = tuple(q.get("roles", codes))
        unknown = [r for r in q_roles if r not in codes]
        if unknown:
            raise _fail(path, f"{where}: unknown role {unknown[0]!r}; expected one of "
                              f"{', '.join(codes)}")
        for r in q_roles:
            if (r, q["id"]) in seen:
                raise _fail(path, f"{where}: role {r} already has a question {q['id']!r}")
            seen.add((r, q["id"]))
        headers = tuple(str(h) for h in q.get("headers", []))
        questions.append(Question(
            id=q["id"], roles=q_roles, theme=q["theme"], type=q["type"], text=q["text"],
            options=_options(path, q, scales, where), field=q.get("field"),
            source=str(q.get("source", "report")), note=q.get("note"), headers=headers, order=i,
        ))

    if not questions:
        raise _fail(path, "no [[question]] entries apart from identifying ones")
    meta = data.get("metadata", {})
    workforce = {str(k): int(v) for k, v in data.get("workforce", {}).items()
                 if isinstance(v, int)}
    return Codebook(
        path=path,
        title=str(survey.get("title", "Workforce survey")),
        publisher=str(survey.get("publisher", "")),
        ics=str(survey.get("ics", "")),
        multi_separator=str(survey.get("multi_separator", ";")),
        roles=roles,
        localities=localities,
        questions=questions,
        workforce=workforce,
        respondent_id_headers=_strings(path, meta, "respondent_id", ["ID"]),
        ignored_headers=_strings(path, meta, "ignored", []),
        identifying_headers=(*_strings(path, meta, "identifying", []), *identifying),
    )
