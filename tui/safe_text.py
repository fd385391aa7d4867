"""Making data text inert: control characters and ANSI escapes never reach the terminal."""

from __future__ import annotations

import re

# ESC-based sequences (CSI, OSC, and two-character escapes), then other C0/C1 controls.
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: object) -> str:
    """Text safe to show: escapes removed, other controls shown as '�', newlines as spaces."""
    if text is None:
        return ""
    value = str(text)
    value = _ANSI.sub("", value)
    value = value.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    return _CONTROL.sub("\ufffd", value)
