"""Drafting a codebook from an export: `workforce-explorer codebook init`.

The draft is a starting point for a person to edit, not a finished codebook.  From the
headers and the answers it guesses, for each column, whether it is metadata (the
respondent id, timestamps), identifying (a name or email: dropped on import), or a
question, and for a question its type:

- likert when every answer is a 1-5 score, a numbered label ("5 - Extremely good") or a
  word from a common five-point scale ("Strongly agree");
- multi when answers hold several options joined by the export's separator;
- text when answers read like sentences or hardly repeat;
- single otherwise, with the distinct answers as its options.

Every guess a person should check is marked TODO.  The draft loads with load_codebook
as it is, and imports the export it was drafted from.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tui.codebook import THEMES, normalize
from tui.importing import google_forms
from tui.importing.raw import GENERIC_CSV, RawExport

RESPONDENT_ID = ("ID", "Respondent ID", "Response ID", "UserID", "Unique ID")
IGNORED = (
    "Start time",
    "Completion time",
    "Last modified time",
    "Timestamp",
    "Start Date",
    "End Date",
    "Collector ID",
    "Started",
    "Ended",
    "UserNo",
    "Tracking Link",
    "Custom Value",
    "Total points",
    "Quiz feedback",
    "Score",
    "Language",
)
IGNORED_PATTERN = re.compile(r"^(custom data \d+|points - .+|feedback - .+)$")
IDENTIFYING = (
    "Email",
    "Name",
    "Email Address",
    "First Name",
    "Last Name",
    "Full name",
    "IP Address",
)
IDENTIFYING_WORDS = re.compile(
    r"\b(e-?mail|name|phone|telephone|mobile|post ?code|address|date of birth|nhs number)\b",
    re.IGNORECASE,
)

FIELD_PATTERNS = (
    ("role", re.compile(r"\brole\b|job title|\bprofession\b", re.IGNORECASE)),
    ("locality", re.compile(r"localit|borough|district|\barea\b|\bregion\b", re.IGNORECASE)),
    ("tenure", re.compile(r"how long|length of service", re.IGNORECASE)),
    ("employment", re.compile(r"full[- ]?time|part[- ]?time", re.IGNORECASE)),
    ("employer", re.compile(r"employer|employed by", re.IGNORECASE)),
)
THEME_PATTERNS = (
    ("supervision", re.compile(r"supervis", re.IGNORECASE)),
    ("mdt_outcomes", re.compile(r"\bmdt|multi-?disciplinary|outcome", re.IGNORECASE)),
    ("engagement", re.compile(r"client|patient|appointment|caseload|session", re.IGNORECASE)),
    ("training", re.compile(r"training|\bcourses\b|learning|\bcpd\b", re.IGNORECASE)),
    (
        "demographics",
        re.compile(
            r"\bmanage\b|lead a team|sector|background|\bage\b|gender|"
            r"ethnic|qualification",
            re.IGNORECASE,
        ),
    ),
)
STOPWORDS = {
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "did",
    "do",
    "does",
    "for",
    "from",
    "have",
    "how",
    "i",
    "in",
    "is",
    "it",
    "me",
    "my",
    "of",
    "on",
    "or",
    "please",
    "the",
    "there",
    "this",
    "to",
    "what",
    "which",
    "who",
    "with",
    "would",
    "you",
    "your",
    "all",
    "that",
    "apply",
    "tick",
}
ROLE_STOPWORDS = {"and", "of", "the", "for", "in", "&"}

_NUMBER = re.compile(r"^([1-5])(?:\.0+)?$")
_NUMBERED = re.compile(r"^([1-5])\s*[-–—:.)]\s*(\D.*)$", re.DOTALL)
_NUMERIC = re.compile(r"^-?\d+(?:\.\d+)?$")
WORD_SCALES: tuple[tuple[tuple[str, ...], ...], ...] = (
    (
        ("Strongly disagree",),
        ("Disagree",),
        ("Neither agree nor disagree", "Neither agree or disagree", "Neutral"),
        ("Agree",),
        ("Strongly agree",),
    ),
    (
        ("Not at all good",),
        ("Not so good",),
        ("Somewhat good",),
        ("Very good",),
        ("Extremely good",),
    ),
    (
        ("Very dissatisfied",),
        ("Dissatisfied",),
        ("Neither satisfied nor dissatisfied", "Neutral"),
        ("Satisfied",),
        ("Very satisfied",),
    ),
    (
        ("Very unlikely",),
        ("Unlikely",),
        ("Neither likely nor unlikely", "Neutral"),
        ("Likely",),
        ("Very likely",),
    ),
    (("Never",), ("Rarely",), ("Sometimes",), ("Often",), ("Always",)),
    (("Very poor",), ("Poor",), ("Fair",), ("Good",), ("Excellent",)),
)
MAX_ROLES = 12
NONE_OPTION = re.compile(r"^(none|none of (these|the above)|not applicable|n/a)$")


@dataclass
class DraftQuestion:
    id: str
    text: str
    type: str
    theme: str
    why: str
    options: list[str] = field(default_factory=list)
    scale: str | None = None
    field: str | None = None
    todo_options: str | None = None


@dataclass
class Draft:
    """What `codebook init` found; render() turns it into TOML."""

    source: RawExport
    separator: str
    respondent_id: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    identifying: list[str] = field(default_factory=list)
    guessed_identifying: list[str] = field(default_factory=list)
    scales: dict[str, list[str]] = field(default_factory=dict)
    questions: list[DraftQuestion] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)  # (code, answer)
    localities: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        return Counter(q.type for q in self.questions)


# -- guessing ---------------------------------------------------------------------------
def _slug(text: str, stop: set[str] = STOPWORDS, words: int = 4) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    tokens = re.findall(r"[a-z0-9]+", ascii_text.lower())
    kept = [t for t in tokens if t not in stop] or tokens
    return "_".join(kept[:words])


def _unique(base: str, taken: set[str], fallback: str) -> str:
    base = base or fallback
    if base[0].isdigit():
        base = f"{fallback}_{base}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def _role_code(answer: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", unicodedata.normalize("NFKD", answer))
    words = [w for w in words if w.lower() not in ROLE_STOPWORDS]
    if len(words) == 1:
        return words[0].upper()[:8]
    return "".join(w[0].upper() for w in words)[:8]


def _likert(values: list[str]) -> tuple[list[str], int] | None:
    """The five labels (placeholders for unseen ones) and how many were seen, or None."""
    labels: dict[int, str] = {}
    numbers: set[int] = set()
    words: list[str] = []
    for value in dict.fromkeys(values):
        m = _NUMBER.match(value)
        if m:
            numbers.add(int(m.group(1)))
            continue
        m = _NUMBERED.match(value)
        if m:
            n = int(m.group(1))
            if normalize(labels.setdefault(n, value)) != normalize(value):
                return None
            numbers.add(n)
            continue
        words.append(value)
    if words:
        if labels:
            return None
        for scale in WORD_SCALES:
            position = {normalize(alt): i for i, alts in enumerate(scale) for alt in alts}
            if all(normalize(w) in position for w in words):
                seen = {position[normalize(w)]: w for w in words}
                if len(seen) + len(numbers) < 2:
                    return None
                return [seen.get(i, alts[0]) for i, alts in enumerate(scale)], 5
        return None
    if not labels and len(numbers) < 3:
        return None
    return [labels.get(n, str(n)) for n in range(1, 6)], len(labels)


def _pieces(value: str, separator: str) -> list[str]:
    return [p.strip() for p in value.split(separator.strip() or separator) if p.strip()]


def _sentence_like(values: list[str], separator: str) -> bool:
    for value in values:
        if "\n" in value:
            return True
        for piece in _pieces(value, separator) or [value]:
            words = len(piece.split())
            if len(piece) > 150 or words >= 12 or (words >= 4 and piece[-1:] in ".!?"):
                return True
    return False


def _multi_options(values: list[str], separator: str) -> list[str] | None:
    """The options of a multi-select column, or None when the answers are single."""
    split = [_pieces(v, separator) for v in values]
    if separator.strip() == ",":
        split = _merge_comma_pieces([_join_continuations(p) for p in split])
    if not any(len(p) > 1 for p in split):
        return None
    distinct = {tuple(p) for p in split}
    wholes = {p[0] for p in distinct if len(p) == 1}
    in_values = Counter(piece for p in distinct for piece in set(p))
    if not any(
        n >= 2 or piece in wholes
        for piece, n in in_values.items()
        if any(piece in p and len(p) > 1 for p in distinct)
    ):
        return None
    return _distinct([piece for p in split for piece in p])


def _join_continuations(pieces: list[str]) -> list[str]:
    """ "Yes, but rarely": a piece starting in lower case continues the one before."""
    out: list[str] = []
    for piece in pieces:
        if out and piece[:1].islower():
            out[-1] = f"{out[-1]}, {piece}"
        else:
            out.append(piece)
    return out


def _merge_comma_pieces(split: list[list[str]]) -> list[list[str]]:
    """Join pieces that always come together, in order: an option with a comma in it."""
    while True:
        after: dict[str, Counter[str | None]] = {}
        before: dict[str, Counter[str | None]] = {}
        for pieces in split:
            for i, piece in enumerate(pieces):
                after.setdefault(piece, Counter())[
                    pieces[i + 1] if i + 1 < len(pieces) else None
                ] += 1
                before.setdefault(piece, Counter())[pieces[i - 1] if i else None] += 1
        pair = None
        for a, nexts in after.items():
            b = next(iter(nexts)) if len(nexts) == 1 else None
            if b is None or b == a or len(before[b]) != 1 or next(iter(before[b])) != a:
                continue
            if nexts[b] >= 2:
                pair = (a, b)
                break
        if pair is None:
            return split
        a, b = pair
        merged = []
        for pieces in split:
            out, i = [], 0
            while i < len(pieces):
                if pieces[i] == a and i + 1 < len(pieces) and pieces[i + 1] == b:
                    out.append(f"{a}, {b}")
                    i += 2
                else:
                    out.append(pieces[i])
                    i += 1
            merged.append(out)
        split = merged


def _distinct(values: list[str]) -> list[str]:
    """The distinct answers, where answers differing only in case, spacing or end
    punctuation ("Bolton", "bolton ") count as one (the import matches them so), each
    spelled as most respondents spelled it, in the order first seen."""
    spellings: dict[str, Counter[str]] = {}
    for value in values:
        spellings.setdefault(normalize(value), Counter())[value] += 1
    return [c.most_common(1)[0][0] for c in spellings.values()]


def _single_options(values: list[str]) -> list[str]:
    options = _distinct(values)
    if all(_NUMERIC.match(v) for v in options):
        options.sort(key=float)
    return options


def _theme(text: str, field_name: str | None) -> str:
    if field_name:
        return "demographics"
    for theme, pattern in THEME_PATTERNS:
        if pattern.search(text):
            return theme
    return "role_support"


def _scale_name(labels: list[str], taken: set[str]) -> str:
    last = _NUMBERED.match(labels[-1])
    words = last.group(2) if last else labels[-1]
    base = _slug(words, set(), 3) if not _NUMBER.match(labels[-1]) else "numbers"
    return _unique(base, taken, "scale")


def _compatible(a: list[str], b: list[str]) -> bool:
    placeholder = [str(n) for n in range(1, 6)]
    shared = False
    for i in range(5):
        if a[i] == placeholder[i] or b[i] == placeholder[i]:
            continue
        if normalize(a[i]) != normalize(b[i]):
            return False
        shared = True
    return shared or (a == placeholder and b == placeholder)


def draft_codebook(raw: RawExport) -> Draft:
    separator = raw.multi_separator or ";"
    draft = Draft(source=raw, separator=separator)
    ids: set[str] = set()
    scale_names: set[str] = set()
    fields_taken: set[str] = set()
    seen_headers: set[str] = set()
    known_ids = {normalize(h) for h in RESPONDENT_ID}
    ignored = {normalize(h) for h in (*IGNORED, *google_forms.TIMESTAMP)}
    identifying = {normalize(h) for h in IDENTIFYING}
    for idx, header in enumerate(raw.headers):
        norm = normalize(header)
        if not norm:
            continue
        if norm in seen_headers:
            draft.skipped.append(header)
            continue
        seen_headers.add(norm)
        if norm in identifying:
            draft.identifying.append(header)
            continue
        if norm in known_ids and not draft.respondent_id:
            draft.respondent_id.append(header)
            continue
        if norm in ignored or IGNORED_PATTERN.match(norm):
            draft.ignored.append(header)
            continue
        if IDENTIFYING_WORDS.search(header):
            draft.guessed_identifying.append(header)
            continue
        values = [r[idx].strip() for r in raw.rows if idx < len(r) and r[idx].strip()]
        draft.questions.append(
            _question(raw, idx, header, values, separator, draft, ids, scale_names, fields_taken)
        )
    return draft


def _question(
    raw: RawExport,
    idx: int,
    header: str,
    values: list[str],
    separator: str,
    draft: Draft,
    ids: set[str],
    scale_names: set[str],
    fields_taken: set[str],
) -> DraftQuestion:
    distinct = list(dict.fromkeys(values))
    likert = _likert(values) if values else None
    multi = None
    if idx in raw.multi_options:
        qtype, why = "multi", "one column per option in the export"
        options = _distinct(list(raw.multi_options[idx]))
    elif not values:
        qtype, why, options = "text", "TODO: nobody answered it in this export", []
    elif likert is not None:
        qtype, why, options = "likert", "every answer is on a 1-5 scale", likert[0]
    elif separator.strip() == ";" and all(v.endswith(";") for v in values):
        qtype, why = "multi", 'answers are options each followed by ";"'
        options = _distinct([p for v in values for p in _pieces(v, separator)])
    elif _sentence_like(values, separator):
        qtype, why, options = "text", "answers read like sentences", []
    elif (multi := _multi_options(values, separator)) is not None:
        qtype, why, options = "multi", f'answers join several options with "{separator}"', multi
    elif len(distinct) > 20 and len(distinct) > len(values) / 2:
        qtype, why, options = "text", f"{len(distinct)} different answers", []
    else:
        qtype, why = "single", f"{len(distinct)} different answers"
        options = _single_options(values)

    field_name = None
    if qtype == "single":
        for name, pattern in FIELD_PATTERNS:
            if name not in fields_taken and pattern.search(header):
                if name == "role" and len(options) > MAX_ROLES:
                    continue
                field_name = name
                fields_taken.add(name)
                break
    q = DraftQuestion(
        id=_unique(field_name or _slug(header), ids, "q"),
        text=header,
        type=qtype,
        theme=_theme(header, field_name),
        why=why,
        options=options,
        field=field_name,
    )
    if qtype == "likert":
        q.scale = _likert_scale(draft, options, scale_names)
        assert likert is not None
        if likert[1] < 5:
            q.todo_options = (
                "TODO: name the scale's labels; some were not in the answers"
                if likert[1]
                else "TODO: the answers were numbers; name the scale's labels"
            )
    elif qtype in ("single", "multi") and idx not in raw.multi_options:
        q.todo_options = (
            "TODO: check the options and their order (an option nobody chose is missing)"
        )
    if field_name == "role":
        codes: set[str] = set()
        draft.roles = [(_unique(_role_code(o), codes, "ROLE"), o) for o in options]
    elif field_name == "locality":
        draft.localities = list(options)
    return q


def _likert_scale(draft: Draft, labels: list[str], taken: set[str]) -> str:
    for name, existing in draft.scales.items():
        if _compatible(existing, labels):
            placeholder = [str(n) for n in range(1, 6)]
            draft.scales[name] = [
                b if a == placeholder[i] else a
                for i, (a, b) in enumerate(zip(existing, labels, strict=True))
            ]
            return name
    name = _scale_name(labels, taken)
    draft.scales[name] = list(labels)
    return name


# -- writing ----------------------------------------------------------------------------
def _s(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's, bar DEL)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _c(text: str) -> str:
    """Data text inside a TOML comment, which may hold no control character."""
    from tui.safe_text import clean

    return clean(text)


def _array(items: list[str], indent: str = "    ") -> str:
    one_line = "[" + ", ".join(_s(i) for i in items) + "]"
    if len(one_line) <= 80:
        return one_line
    return "[\n" + "".join(f"{indent}{_s(i)},\n" for i in items) + "]"


def render(draft: Draft) -> str:
    raw = draft.source
    themes = " | ".join(THEMES)
    n = len(raw.rows)
    out = [
        f"# Codebook DRAFTED by `workforce-explorer codebook init` from {_c(raw.path.name)}",
        f"# ({raw.describe()}, {n} response{'s' if n != 1 else ''}).",
        "#",
        "# A starting point: check every line marked TODO, then import with",
        f"#   workforce-explorer import {_c(raw.path.name)} --codebook THIS.toml --wave YEAR "
        "--db SURVEY.duckdb",
        "#",
        f"#   theme:  {themes}",
        "#   type:   likert (scored 1-5) | single (one option, ordered) | multi (several "
        "options) | text",
        "#   field:  on demographics, the respondent attribute the answer fills in",
        "#           (role, locality, tenure, employment, employer)",
        "#   markers on options (the supervision and caseload views use them):",
        '#           { label = "None of these", marker = "none" } and clinical_supervision,',
        "#           regular_supervision, no_supervision, safe_caseload",
        "#   identifying = true on a question: the column is dropped on import, never stored",
        "",
        "[survey]",
        'title = "Workforce survey"  # TODO: the survey\'s title, shown with each wave',
        'publisher = ""  # TODO: who ran the survey',
        'ics = ""  # TODO: the integrated care system, e.g. "Greater Manchester"',
        f"multi_separator = {_s(draft.separator if raw.flavour == GENERIC_CSV else ';')}"
        "  # joins ticked options in a plain CSV export",
        "",
        "# [workforce]  # TODO: each role's headcount, for response rates",
    ]
    roles = draft.roles or [("ALL", "")]
    out += [f"# {code} = 0" for code, _ in roles]
    out.append("")
    if draft.roles:
        out.append("# TODO: check each role's code (short, used on the command line) and label")
    else:
        out += [
            "# TODO: no role column was found: this one role stands for everyone, and the",
            "# import needs no --role while it is the only one.  With more roles, import",
            "# each role's export with --role CODE.",
        ]
    for code, answer in roles:
        out += [
            "[[role]]",
            f"code = {_s(code)}",
            f"label = {_s(code)}",
            f"name = {_s(answer or 'Respondents')}  # TODO: the role's full name",
        ]
        if answer:
            out.append(f"aliases = {_array([answer])}")
        out.append("")
    if draft.localities:
        out.append("# Localities from the answers.  aliases = [...] adds other spellings.")
        for name in draft.localities:
            out += ["[[locality]]", f"name = {_s(name)}"]
        out.append("")
    out.append("[metadata]")
    if draft.respondent_id:
        out.append(f"respondent_id = {_array(draft.respondent_id)}")
    else:
        out.append(
            "respondent_id = []  # none in this export: responses are numbered in file order"
        )
    out.append(f"ignored = {_array(draft.ignored)}")
    out.append("# Dropped on import and never stored.")
    if draft.guessed_identifying:
        out.append(
            "# TODO: check these, guessed from their headers: "
            + "; ".join(map(_c, draft.guessed_identifying))
        )
    out.append(f"identifying = {_array(draft.identifying + draft.guessed_identifying)}")
    out.append("")
    for name, labels in draft.scales.items():
        out += [f"[scales.{name}]", f"options = {_array(labels)}", ""]
    if draft.skipped:
        out.append(
            "# TODO: these headers appear twice in the export; only the first is "
            "drafted, and the import will refuse the export until each is unique: "
            + "; ".join(map(_c, draft.skipped))
        )
        out.append("")
    for q in draft.questions:
        out += [
            "[[question]]",
            f"id = {_s(q.id)}",
            f"theme = {_s(q.theme)}  # TODO: check the theme (guessed from the wording)",
            f"type = {_s(q.type)}  # guessed: {_c(q.why)}",
        ]
        if q.field:
            out.append(f"field = {_s(q.field)}  # guessed from the wording")
        out.append(f"text = {_s(q.text)}")
        if q.scale:
            if q.todo_options:
                out.append(f"# {q.todo_options} (in [scales.{q.scale}])")
            out.append(f"scale = {_s(q.scale)}")
        elif q.options:
            if q.todo_options:
                out.append(f"# {q.todo_options}")
            exclusive = [o for o in q.options if NONE_OPTION.match(normalize(o))]
            if q.type == "multi" and exclusive:
                out.append(f'# guessed: "{_c(exclusive[0])}" is ticked alone (marker = "none")')
                out.append(
                    "options = [\n"
                    + "".join(
                        f'    {{ label = {_s(o)}, marker = "none" }},\n'
                        if o in exclusive[:1]
                        else f"    {_s(o)},\n"
                        for o in q.options
                    )
                    + "]"
                )
            else:
                out.append(f"options = {_array(q.options)}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def draft_text(export: str | Path) -> tuple[Draft, str]:
    from tui.importing.readers import read_export

    draft = draft_codebook(read_export(export))
    return draft, render(draft)


def refuse_existing(path: Path) -> None:
    """codebook init never overwrites: say so before any work is done."""
    from tui.errors import UserError

    if path.is_dir():
        raise UserError(f"{path}: is a folder; pass --out {path / 'codebook.toml'}")
    if path.exists():
        raise UserError(
            f"{path}: already exists; codebook init never overwrites a file. "
            "Pass --out NEW.toml, or move it away first"
        )
    if not path.parent.is_dir():
        raise UserError(f"{path}: the folder {path.parent} does not exist")


def write_new(path: Path, text: str) -> None:
    """Write a file that must not exist yet; refuse rather than overwrite."""
    from tui.errors import UserError

    refuse_existing(path)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:  # appeared since the check
        refuse_existing(path)
        raise
    except OSError as exc:
        raise UserError(f"{path}: cannot be written ({exc.strerror or exc})") from None
