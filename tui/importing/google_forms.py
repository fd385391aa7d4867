"""Google Forms exports (Responses › Download responses (.csv)).

Recognised by the Timestamp column Google puts first (named in the form's language).
A checkbox answer is one cell with the ticked options joined by ", "; an option whose
own label holds a comma still matches, because validation tries the longest run of
pieces that is an option first.  Google exports carry no respondent id: responses are
numbered by their order in the file.  Grid questions come as one column per row,
headed "Question [Row]"; such a column also matches a codebook question whose text is
just the row's statement.
"""

from __future__ import annotations

import re
from pathlib import Path

from tui.codebook import normalize
from tui.importing.raw import GOOGLE_FORMS, RawExport, Records, from_records

SEPARATOR = ", "
TIMESTAMP = (
    "timestamp",
    "marca temporal",
    "horodateur",
    "zeitstempel",
    "carimbo de data/hora",
    "informazioni cronologiche",
    "tijdstempel",
)
_GRID = re.compile(r"^(.*\S)\s*\[(.+)\]$", re.DOTALL)


def detect(records: Records) -> bool:
    first = records[0][1]
    return bool(first) and normalize(first[0]) in TIMESTAMP


def read(path: Path, records: Records) -> RawExport:
    raw = from_records(path, GOOGLE_FORMS, records, multi_separator=SEPARATOR)
    for idx, header in enumerate(raw.headers):
        m = _GRID.match(header)
        if m:
            raw.alt_headers[idx] = (m.group(2).strip(),)
    return raw
