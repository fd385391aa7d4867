"""SurveyMonkey and SmartSurvey exports: two header rows.

Row 1 holds each question once, over the first of its columns; row 2 holds a sub-header
per column:

- "Response" or "Open-Ended Response" under a question that has one column;
- one column per option of a multi-select question, the cell holding the option's text
  when it was ticked (and "Other (please specify)", holding the text typed);
- one column per statement of a matrix (grid) question, the cell holding the answer.

The reader flattens this into one column per question, as the other formats have: a
multi-select becomes one cell of ticked options joined by `;`, each matrix statement
becomes a column headed by the statement.  Text typed into "Other (please specify)"
becomes a column of its own, "Question - Other (please specify)", stored only if the
codebook asks for it.
"""

from __future__ import annotations

from pathlib import Path

from tui.codebook import normalize
from tui.importing.raw import SMARTSURVEY, SURVEYMONKEY, TWO_HEADER_ROWS, RawExport, Records

SEPARATOR = ";"
SUBHEADER_MARKERS = ("response", "open-ended response", "open ended response")
TICK_VALUES = ("1", "x", "✓", "✔", "true", "selected", "checked", "ticked")
SURVEYMONKEY_METADATA = ("respondent id", "collector id")
SMARTSURVEY_METADATA = ("userid", "userno")


def detect(records: Records) -> bool:
    if len(records) < 2 or records[1][0] != records[0][0] + 1:
        return False
    first, second = records[0][1], records[1][1]
    subs = {normalize(c) for c in second}
    # Row 2 names sub-headers, and has blanks under the metadata or beneath a question
    # with several columns; a first response that happens to say "Response" does not.
    spread = any(not h.strip() for h in first[1 : len(second)])
    if subs & set(SUBHEADER_MARKERS) and (spread or not second[0].strip()):
        return True
    # Metadata columns are blank in row 2; a response never leaves its own id blank.
    heads = [normalize(h) for h in first]
    for name in (*SURVEYMONKEY_METADATA, *SMARTSURVEY_METADATA):
        if name in heads:
            i = heads.index(name)
            return i < len(second) and not second[i].strip() and any(c.strip() for c in second)
    return False


def _flavour(headers: list[str]) -> str:
    heads = {normalize(h) for h in headers}
    if heads & set(SURVEYMONKEY_METADATA):
        return SURVEYMONKEY
    if heads & set(SMARTSURVEY_METADATA):
        return SMARTSURVEY
    return TWO_HEADER_ROWS


def _is_other(sub: str) -> bool:
    return normalize(sub).startswith("other")


def _is_tick_column(sub: str, cells: list[str]) -> bool:
    target = normalize(sub)
    return all(not c.strip() or normalize(c) in (target, *TICK_VALUES) for c in cells)


def read(path: Path, records: Records) -> RawExport:
    (_, top), (sub_row, subs) = records[0], records[1]
    body = records[2:]
    width = max(len(top), len(subs))
    top = [h.strip() for h in top] + [""] * (width - len(top))
    subs = [s.strip() for s in subs] + [""] * (width - len(subs))
    rows = [r for _, r in body]

    def cells(col: int) -> list[str]:
        return [r[col] if col < len(r) else "" for r in rows]

    # Group each question with the blank-titled columns that follow it.
    groups: list[tuple[str, list[int]]] = []
    for col in range(width):
        if top[col] or not groups:
            groups.append((top[col], [col]))
        else:
            groups[-1][1].append(col)

    # Each output column: (header, alternative headers, source columns, kind).
    out: list[tuple[str, tuple[str, ...], list[int], str]] = []
    options: dict[int, list[str]] = {}
    notes: list[str] = []
    for title, cols in groups:
        if len(cols) == 1:
            col = cols[0]
            sub = subs[col]
            marker = not sub or normalize(sub) in SUBHEADER_MARKERS
            header = title or sub
            alts = () if marker or not title else (sub, f"{title} - {sub}")
            out.append((header, alts, cols, "cell"))
            continue
        main = [c for c in cols if not _is_other(subs[c])]
        others = [c for c in cols if _is_other(subs[c])]
        response = [c for c in cols if normalize(subs[c]) in SUBHEADER_MARKERS]
        if response:
            # A single answer with extra columns (its "Other" text, say).
            out.append((title, (), response[:1], "cell"))
            for c in cols:
                if c not in response[:1]:
                    out.append((f"{title} - {subs[c]}", (subs[c],), [c], "cell"))
        elif main and all(_is_tick_column(subs[c], cells(c)) for c in main):
            options[len(out)] = [subs[c] for c in cols]
            out.append((title, (), cols, "multi"))
            for c in others:
                out.append((f"{title} - {subs[c]}", (), [c], "cell"))
            if others:
                notes.append(
                    f'"{title}": a response with "{subs[others[0]]}" text counts '
                    "as ticking that option; the text itself is a column of its own"
                )
        else:
            for c in cols:
                out.append((subs[c] or title, (f"{title} - {subs[c]}",), [c], "cell"))

    def flatten(row: list[str]) -> list[str]:
        flat = []
        for _header, _alts, cols, kind in out:
            if kind == "multi":
                ticked = [subs[c] for c in cols if c < len(row) and row[c].strip()]
                flat.append(SEPARATOR.join(ticked))
            else:
                flat.append(row[cols[0]] if cols[0] < len(row) else "")
        return flat

    flat_rows, numbers = [], []
    ragged: dict[int, tuple[int, int]] = {}
    for i, (number, row) in enumerate(body):
        if len(row) != width:
            ragged[i] = (len(row), width)
        flat_rows.append(flatten(row))
        numbers.append(number)
    first = sub_row + 1
    raw = RawExport(
        path,
        _flavour(top),
        [h for h, *_ in out],
        flat_rows,
        first_data_row=first,
        multi_separator=SEPARATOR,
        row_numbers=None if numbers == list(range(first, first + len(numbers))) else numbers,
        alt_headers={i: alts for i, (_h, alts, _c, _k) in enumerate(out) if alts},
        multi_options=options,
        notes=notes,
        ragged=ragged,
    )
    return raw
