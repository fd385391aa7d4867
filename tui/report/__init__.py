"""The annual report: a PowerPoint deck written from the data layer.

    workforce-explorer report [--db PATH] [--wave YEAR] [--role ROLE] [--locality NAME]
                              [--notes NOTES.md] --out FILE.pptx
    workforce-explorer report --draft-notes NOTES.md

- `tui/report/gather.py` asks the data layer (tui/data.py) for the frames a deck shows;
  every figure in them is already suppressed.  Nothing here computes a figure: the deck
  formats, orders and labels what the frames hold.
- `tui/report/charts.py` turns frames into native PowerPoint charts (their data embedded,
  so the team can restyle and edit them in PowerPoint).
- `tui/report/deck.py` lays the slides out.
- `tui/report/notes.py` reads the team's commentary (`## SPLW / Supervision`, `## SPLW`,
  `## Introduction`) and drafts the skeleton.
- `tui/report/build.py` puts it together and writes the file atomically.

Imported lazily (python-pptx is a heavy import): never on the path to the explorer's
first screen.  This module itself imports nothing heavy.
"""

from __future__ import annotations

from tui.errors import UserError


class TooFewResponded(UserError):
    """The group asked for is under the suppression threshold: no deck is written.

    Exit code 3 (not 2: the command was right, the group is too small to report), so a
    script can tell "withheld" from "wrong"."""

    exit_code = 3


class ReportError(UserError):
    """The deck or the notes file cannot be written or read: one line, exit code 2."""
