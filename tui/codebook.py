"""The questionnaire as data: load and check a codebook TOML file."""

from __future__ import annotations

import re
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

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
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


def _check_locality_options(
    path: Path, questions: list[Question], localities: list[tuple[str, tuple[str, ...]]]
) -> None:
    """Every answer to the locality question must be a [[locality]]: the import stores the
    option's label as the respondent's locality, and the explorer reads localities from
    the [[locality]] names, so an option that is not one of them (a locality renamed in
    one place only) would put its respondents in no locality at all."""
    names = [name for name, _aliases in localities]
    folded = {normalize(name): name for name in names}
    for q in questions:
        if q.field != "locality":
            continue
        for option in q.options:
            if option.label in names:
                continue
            where = f"question {q.order + 1} ({q.id}): option {option.label!r}"
            same = folded.get(normalize(option.label))
            if same is not None:
                raise _fail(path, f"{where} must be written as the [[locality]] name {same!r}")
            listed = ", ".join(names[:12]) + (
                f", … ({len(names)} in all)" if len(names) > 12 else ""
            )
            raise _fail(
                path,
                f"{where} is not a [[locality]] name; expected one of {listed or '(none)'} "
                "(a renamed locality's old spelling goes in its `aliases`)",
            )


def _fail(path: Path, message: str) -> CodebookError:
    return CodebookError(f"{path}: {message}")


def _kind(value: object) -> str:
    """What a TOML value is, in words: for "expected a list, found a number"."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the string "{value}"' if len(value) <= 30 else "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


class _Keys:
    """Typed access to one TOML table: each wrong type is one line naming the key (with
    where it is: `[survey] multi_separator`, `[[role]] 2 aliases`) and what was expected."""

    def __init__(self, path: Path, table: object, where: str) -> None:
        if not isinstance(table, dict):
            raise _fail(path, f"{where}: expected a table of keys, found {_kind(table)}")
        self.path, self.table, self.where = path, table, where

    def _name(self, key: str) -> str:
        return f"{self.where} {key}" if self.where else key

    def wrong(self, key: str, expected: str) -> CodebookError:
        return _fail(
            self.path, f"{self._name(key)}: expected {expected}, found {_kind(self.table[key])}"
        )

    def get(self, key: str, default: object = None) -> object:
        return self.table.get(key, default)

    def table_of(self, key: str) -> _Keys:
        value = self.table.get(key, {})
        if not isinstance(value, dict):
            raise _fail(
                self.path,
                f"{self._name(key)}: expected a table ([{key}] with keys "
                f"under it), found {_kind(value)}",
            )
        return _Keys(self.path, value, f"[{key}]" if not self.where else self._name(key))

    def text(self, key: str, default: str | None = None, *, blank: bool = True) -> str | None:
        if key not in self.table:
            return default
        value = self.table[key]
        if not isinstance(value, str):
            raise self.wrong(key, "a string")
        if not blank and not value.strip():
            raise _fail(self.path, f'{self._name(key)}: expected a non-empty string, found ""')
        return value

    def texts(
        self, key: str, default: tuple[str, ...] = (), what: str = "strings"
    ) -> tuple[str, ...]:
        """A list of strings; one string on its own is taken as a list of one."""
        if key not in self.table:
            return default
        value = self.table[key]
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.wrong(key, f"a list of {what}")
        return tuple(value)

    def tables(self, key: str) -> list[object]:
        value = self.table.get(key, [])
        if not isinstance(value, list):
            raise _fail(
                self.path,
                f"{key}: expected a list of tables ([[{key}]] entries), found {_kind(value)}",
            )
        return value


def _options(path: Path, q: _Keys, scales: _Keys, where: str) -> tuple[Option, ...]:
    qtype = q.get("type")
    if qtype == "likert":
        scale_name = q.text("scale")
        if scale_name is not None:
            raw = scales.table_of(scale_name).get("options") if scale_name in scales.table else None
        else:
            raw = q.get("options")
        if not raw:
            raise _fail(path, f"{where}: a likert question needs a known `scale` or `options`")
        if not isinstance(raw, list) or not all(isinstance(v, str | int) for v in raw):
            raise _fail(
                path,
                f"{where}: a likert scale's `options` must be a list of 5 "
                f"labels, found {_kind(raw)}",
            )
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
                raise _fail(
                    path,
                    f"{where}: unknown option marker {marker!r}; "
                    f"expected one of {', '.join(MARKERS)}",
                )
            out.append(Option(item["label"], i, marker=marker))
        else:
            raise _fail(path, f"{where}: option {i + 1} must be a string or {{ label = … }}")
    labels = [normalize(o.label) for o in out]
    if len(set(labels)) != len(labels):
        seen: set[str] = set()
        repeated = next(
            o.label for o, n in zip(out, labels, strict=True) if n in seen or seen.add(n)
        )
        raise _fail(
            path,
            f'{where}: options repeat a label ("{repeated}"; labels are '
            "matched ignoring case, spaces and end punctuation)",
        )
    return tuple(out)


def load_codebook(path: str | Path) -> Codebook:
    """Read and check a codebook; any problem is a one-line CodebookError."""
    path = Path(path)
    if not path.is_file():
        raise CodebookError(f"{path}: codebook not found (expected a .toml file)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodebookError(
            f"{path}: codebook is not UTF-8 text (byte {exc.start} is not UTF-8); save it as UTF-8"
        ) from None
    except OSError as exc:
        raise CodebookError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return parse_codebook(text, path)


def parse_codebook(text: str, path: Path) -> Codebook:
    """Check a codebook's text; messages name `path` (which need not exist yet)."""
    import tomllib  # here, not at the top: the explorer imports THEMES from this module,
    # and tomllib's start-up (compiling its patterns) is ~5-15 ms before the first frame

    try:
        data = _Keys(path, tomllib.loads(text), "")
    except tomllib.TOMLDecodeError as exc:
        raise CodebookError(f"{path}: codebook does not parse as TOML: {exc}") from None

    survey = data.table_of("survey")
    roles_raw = data.tables("role")
    if not roles_raw:
        raise _fail(path, "no [[role]] entries; expected at least one role with a `code`")
    roles = []
    for i, r in enumerate(roles_raw):
        keys = _Keys(path, r, f"[[role]] {i + 1}")
        code = keys.text("code", blank=False)
        if code is None:
            raise _fail(path, f"[[role]] {i + 1}: needs a `code`")
        roles.append(
            Role(
                code,
                keys.text("label", code) or code,
                keys.text("name", code) or code,
                keys.texts("aliases", what="other names"),
            )
        )
    codes = [r.code for r in roles]

    localities = []
    for i, loc in enumerate(data.tables("locality")):
        keys = _Keys(path, loc, f"[[locality]] {i + 1}")
        name = keys.text("name", blank=False)
        if name is None:
            raise _fail(path, f"[[locality]] {i + 1}: needs a `name`")
        localities.append((name, keys.texts("aliases", what="other names")))

    scales = data.table_of("scales")
    questions_raw = data.tables("question")
    if not questions_raw:
        raise _fail(path, "no [[question]] entries")
    if not all(isinstance(q, dict) for q in questions_raw):
        raise _fail(path, "every [[question]] must be a table of keys")
    questions: list[Question] = []
    seen: set[tuple[str, str]] = set()
    identifying: list[str] = []
    for i, q_raw in enumerate(questions_raw):
        where = f"question {i + 1} ({q_raw.get('id', 'no id')})"
        q = _Keys(path, q_raw, where)
        if q.get("identifying") is True:
            # Asked, but names the person (a name, a phone number): dropped on import.
            if not isinstance(q.get("text"), str) or not q_raw["text"].strip():
                raise _fail(path, f"{where}: missing `text`")
            identifying += [q_raw["text"], *q.texts("headers", what="column headers")]
            continue
        for key in ("id", "theme", "type", "text"):
            if not isinstance(q.get(key), str) or not q_raw[key].strip():
                raise _fail(path, f"{where}: missing `{key}`")
        if q_raw["theme"] not in THEMES:
            raise _fail(
                path,
                f"{where}: unknown theme {q_raw['theme']!r}; expected one of {', '.join(THEMES)}",
            )
        if q_raw["type"] not in QUESTION_TYPES:
            raise _fail(
                path,
                f"{where}: unknown type {q_raw['type']!r}; "
                f"expected one of {', '.join(QUESTION_TYPES)}",
            )
        field_name = q.text("field")
        if field_name is not None and field_name not in FIELDS:
            raise _fail(
                path, f"{where}: unknown field {field_name!r}; expected one of {', '.join(FIELDS)}"
            )
        q_roles = q.texts("roles", tuple(codes), what="role codes")
        unknown = [r for r in q_roles if r not in codes]
        if unknown:
            raise _fail(
                path, f"{where}: unknown role {unknown[0]!r}; expected one of {', '.join(codes)}"
            )
        for r in q_roles:
            if (r, q_raw["id"]) in seen:
                raise _fail(path, f"{where}: role {r} already has a question {q_raw['id']!r}")
            seen.add((r, q_raw["id"]))
        questions.append(
            Question(
                id=q_raw["id"],
                roles=q_roles,
                theme=q_raw["theme"],
                type=q_raw["type"],
                text=q_raw["text"],
                options=_options(path, q, scales, where),
                field=field_name,
                source=q.text("source", "report") or "report",
                note=q.text("note"),
                headers=q.texts("headers", what="column headers"),
                order=i,
            )
        )

    if not questions:
        raise _fail(path, "no [[question]] entries apart from identifying ones")
    _check_locality_options(path, questions, localities)
    meta = data.table_of("metadata")
    workforce_keys = data.table_of("workforce")
    workforce = {}
    for code, value in workforce_keys.table.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise workforce_keys.wrong(code, "a headcount (a whole number, 0 or more)")
        workforce[str(code)] = value
    return Codebook(
        path=path,
        title=survey.text("title", "Workforce survey") or "Workforce survey",
        publisher=survey.text("publisher", "") or "",
        ics=survey.text("ics", "") or "",
        multi_separator=survey.text("multi_separator", ";", blank=False) or ";",
        roles=roles,
        localities=localities,
        questions=questions,
        workforce=workforce,
        respondent_id_headers=meta.texts("respondent_id", ("ID",), what="column headers"),
        ignored_headers=meta.texts("ignored", what="column headers"),
        identifying_headers=(*meta.texts("identifying", what="column headers"), *identifying),
    )
