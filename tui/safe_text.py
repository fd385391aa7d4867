"""Making data text inert: control characters and ANSI escapes never reach the terminal."""

from __future__ import annotations

import re

# ESC-based sequences (CSI, OSC, and two-character escapes), then other C0/C1 controls.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
# Bidirectional embeddings, overrides and isolates (U+202A-E, U+2066-9) count as controls
# too: on a terminal that reorders text they show what follows them backwards.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: object) -> str:
    """Text safe to show: escapes removed, other controls (bidirectional overrides too)
    shown as '�', newlines as spaces."""
    if text is None:
        return ""
    value = str(text)
    value = _ANSI.sub("", value)
    for newline in ("\r\n", "\n", "\r", "\t", "\u2028", "\u2029"):  # and Unicode's line breaks
        value = value.replace(newline, " ")
    return _CONTROL.sub("\ufffd", value)


def _invisible(ch: str) -> bool:
    import unicodedata

    category = unicodedata.category(ch)
    return category in ("Cf", "Zl", "Zp") or (category == "Zs" and ch != " ")


def visible(text: object) -> str:
    """Text for a message that quotes a value: `clean`, and every invisible or look-alike
    character (zero-width space, byte-order mark, no-break space, direction marks) shown
    as <U+200B>, so "Bolton<U+200B>" does not read as a plain "Bolton"."""
    value = clean(text)
    if value.isascii():
        return value
    return "".join(f"<U+{ord(ch):04X}>" if _invisible(ch) else ch for ch in value)
