"""Microsoft Forms exports (.xlsx as downloaded, or saved from Excel as .csv).

Recognised by the metadata columns Forms puts first: ID, Start time, Completion time,
then Email and Name (and Last modified time in newer exports).  A multi-select answer
is one cell with each ticked option followed by `;` ("Peer support;Line management;").
"""

from __future__ import annotations

from pathlib import Path

from tui.codebook import normalize
from tui.importing.raw import MS_FORMS, RawExport, Records, from_records

SEPARATOR = ";"
METADATA = ("ID", "Start time", "Completion time", "Email", "Name", "Last modified time")


def detect(records: Records) -> bool:
    headers = {normalize(h) for h in records[0][1]}
    return "id" in headers and ("start time" in headers or "completion time" in headers)


def read(path: Path, records: Records) -> RawExport:
    return from_records(path, MS_FORMS, records, multi_separator=SEPARATOR)
