"""The team's commentary: read from a notes file, or drafted as a skeleton.

The notes file is Markdown-shaped plain text.  Each `## ` heading names the slides its
text belongs to:

    ## Introduction             -> an Introduction slide after the contents
    ## SPLW                     -> after the role's "who completed the survey" slide
    ## SPLW / Supervision       -> after the role's Supervision slides

A role is named by its code, label or name (`HWC`, `H&WC`, `Health and Wellbeing
Coaches`), a theme by its title or key (`Role and wider support`, `role_support`), in any
case.  Text before the first `## ` heading (a `# ` title, say) is ignored, and so is
anything inside `<!-- ... -->` (the prompts the draft writes).  Everything else is used
as plain text: no Markdown is interpreted (`**bold**` stays as typed); blank lines
separate paragraphs.  A heading that names no role or theme stops the report with one
line naming the file, the line and the heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tui.codebook import THEMES, normalize
from tui.report import ReportError
from tui.safe_text import clean

INTRODUCTION = "introduction"
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Short names for themes, as a writer might type them.
THEME_ALIASES = {
    "role_support": (
        "role and support",
        "role support",
        "role & support",
        "role and wider support",
    ),
    "training": ("training",),
    "mdt_outcomes": (
        "mdts and outcome measures",
        "mdt",
        "mdts",
        "outcome measures",
        "mdts & outcomes",
        "mdts and outcomes",
    ),
    "engagement": ("engagement", "engagement with clients", "engagement with patients"),
    "supervision": ("supervision",),
    "demographics": ("demographics", "who completed the survey", "workforce demographics"),
}


@dataclass
class Notes:
    """Commentary by slide: (role, theme) -> paragraphs; theme None is the role's own
    heading, role None with theme INTRODUCTION the introduction."""

    path: Path | None = None
    sections: dict[tuple[str | None, str | None], list[str]] = field(default_factory=dict)

    def get(self, role: str | None, theme: str | None) -> list[str]:
        return self.sections.get((role, theme), [])


def _theme_key(text: str) -> str | None:
    wanted = normalize(text)
    for key, title in THEMES.items():
        if wanted in (normalize(key), normalize(title)):
            return key
    for key, aliases in THEME_ALIASES.items():
        if wanted in aliases:
            return key
    return None


def _role_key(text: str, roles: dict[str, tuple[str, ...]]) -> str | None:
    wanted = normalize(text)
    for role, names in roles.items():
        if wanted in {normalize(n) for n in names}:
            return role
    return None


def parse_notes(path: Path, roles: dict[str, tuple[str, ...]]) -> Notes:
    """Read a notes file.  `roles` maps each role code to the names it may go by."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReportError(f"{path}: no such notes file") from None
    except IsADirectoryError:
        raise ReportError(f"{path}: is a folder, not a notes file") from None
    except UnicodeDecodeError:
        raise ReportError(f"{path}: is not UTF-8 text (save the notes file as UTF-8)") from None
    except OSError as exc:
        raise ReportError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    # Prompts go, but their line breaks stay so line numbers keep pointing at the file.
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), raw)
    notes = Notes(path)
    current: tuple[str | None, str | None] | None = None
    lines: list[str] = []

    def close() -> None:
        if current is not None:
            paragraphs = _paragraphs(lines)
            if paragraphs:
                notes.sections.setdefault(current, []).extend(paragraphs)

    valid_roles = ", ".join(names[0] for names in roles.values())
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("## "):
            close()
            lines = []
            heading = line[3:].strip()
            current = _heading_key(heading, roles)
            if current is None:
                raise ReportError(
                    f"{path} line {number}: heading {clean(heading)!r} names no slide; "
                    f"expected 'Introduction', a role ({valid_roles}) or 'ROLE / THEME' "
                    f"(themes: {', '.join(THEMES.values())})"
                )
        elif current is not None:
            lines.append(line)
    close()
    return notes


def _heading_key(
    heading: str, roles: dict[str, tuple[str, ...]]
) -> tuple[str | None, str | None] | None:
    if normalize(heading) == INTRODUCTION:
        return (None, INTRODUCTION)
    if "/" in heading:
        role_text, theme_text = heading.split("/", 1)
        role, theme = _role_key(role_text, roles), _theme_key(theme_text)
        if role is None or theme is None:
            # "H&WC / Supervision" splits fine; a role name with a slash would not.
            return None
        return (role, theme)
    role = _role_key(heading, roles)
    return None if role is None else (role, None)


def _paragraphs(lines: list[str]) -> list[str]:
    """Plain-text paragraphs: blank lines separate them; lines within one are kept as
    typed (a list written with "- " stays a list), controls removed."""
    out: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(clean(line.rstrip()))
        elif block:
            out.append("\n".join(block))
            block = []
    return out


# -- the skeleton ------------------------------------------------------------------------
def write_new(path: Path, text: str) -> Path:
    """Write a file that must not exist yet: the draft never overwrites a file."""
    shown = clean(str(path))
    if path.is_dir():
        raise ReportError(
            f"{shown}: is a folder; pass a file name such as {clean(str(path / 'notes.md'))}"
        )
    if path.exists() or path.is_symlink():
        raise ReportError(
            f"{shown}: already exists; --draft-notes never overwrites a file. "
            "Pass a new name, or move it away first"
        )
    if not path.parent.is_dir():
        raise ReportError(f"{shown}: the folder {clean(str(path.parent))} does not exist")
    try:
        with path.open("x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        raise ReportError(
            f"{shown}: already exists; --draft-notes never overwrites a file"
        ) from None
    except OSError as exc:
        raise ReportError(f"{shown}: cannot be written ({exc.strerror or exc})") from None
    return path


def prompt(lines: list[str]) -> str:
    """Key figures as a comment the deck leaves out.  `--` cannot end a comment early."""
    body = "\n".join("   " + clean(line).replace("--", "- -") for line in lines)
    return f"<!-- Key figures, for reference (left out of the deck):\n{body}\n-->"
