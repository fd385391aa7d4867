"""The team's commentary goes into the deck as they wrote it; the draft prompts them.

A notes file's `## Introduction`, `## SPLW` and `## SPLW / Supervision` text lands on
slides right after the matching slides, as plain text (no Markdown read), without the
`<!-- -->` prompts.  `report --draft-notes` writes every heading with the key figures as
prompts and never overwrites a file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deck_reading import read_deck
from tui.cli import main

NOTES = """# Our notes for 2023
Text before the first heading is ignored.

## Introduction
Welcome to **the** [report](http://example.org) <b>as typed</b>.

A second paragraph.

## SPLW / Supervision
SPLWs value a supportive team manager.
<!-- a prompt with 99 in it -->
- a list item stays a list item

## splw
Words about the role.
"""


def _titles(deck) -> list[str]:
    return [s.title for s in deck]


def test_commentary_lands_after_the_matching_slides_as_plain_text(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, encoding="utf-8")
    out = tmp_path / "deck.pptx"
    assert main(["report", "--notes", str(notes), "--out", str(out)]) == 0
    deck = read_deck(out)
    titles = _titles(deck)
    intro = deck[titles.index("Introduction")]
    assert titles.index("Introduction") == titles.index("Contents") + 1
    assert "Welcome to **the** [report](http://example.org) <b>as typed</b>." in intro.texts[-1]
    assert "A second paragraph." in intro.texts[-1]
    assert "ignored" not in "\n".join(s.all_text() for s in deck)
    # ## SPLW / Supervision: after SPLW's supervision slides, before CC begins.
    sup = [
        i for i, s in enumerate(deck) if s.title == "Supervision" and s.kicker.startswith("SPLW")
    ]
    assert len(sup) == 1
    comment = deck[sup[0]]
    assert deck[sup[0] - 1].title == "Supervision: types and frequency"
    assert (
        "SPLWs value a supportive team manager.\n- a list item stays a list item"
        in comment.texts[-1]
    )
    assert "99" not in comment.texts[-1]
    assert deck[sup[0] + 1].kicker.startswith("CC ·")
    # ## splw (any case): after the role's first slide.
    first = titles.index("Social Prescribing Link Workers (SPLW)")
    assert titles[first + 1] == "Social Prescribing Link Workers (SPLW)"
    assert "Words about the role." in deck[first + 1].texts[-1]


def test_a_heading_that_names_no_slide_stops_with_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "deck.pptx"
    assert main(["report", "--out", str(out)]) == 0
    before = out.read_bytes()
    notes = tmp_path / "notes.md"
    notes.write_text("## Introduction\nHello\n\n## SPLW / Finances\nMoney.\n", encoding="utf-8")
    assert main(["report", "--notes", str(notes), "--out", str(out), "--force"]) == 2
    err = capsys.readouterr().err
    assert f"{notes} line 4" in err and "'SPLW / Finances'" in err
    assert out.read_bytes() == before  # the old deck is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.pptx", "notes.md"]


def test_draft_notes_has_every_heading_and_key_figures_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    draft = tmp_path / "notes.md"
    assert main(["report", "--draft-notes", str(draft)]) == 0
    text = draft.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    themes = [
        "Role and wider support",
        "Training and development",
        "MDTs and outcome measures",
        "Engagement with clients",
        "Supervision",
    ]
    expected = ["## Introduction"]
    for role in ("SPLW", "CC", "H&WC"):
        expected += [f"## {role}"] + [f"## {role} / {t}" for t in themes]
    assert headings == expected
    assert "No clinical supervision: 26% (14 of 53;" in text
    assert "No clinical supervision: 33% (2 of 6;" in text
    assert "Below 3: My caseload is manageable" in text
    assert "1. Trauma Informed Practice" in text
    # Never overwrites.
    draft.write_text("our work", encoding="utf-8")
    assert main(["report", "--draft-notes", str(draft)]) == 2
    assert "never overwrites" in capsys.readouterr().err
    assert draft.read_text(encoding="utf-8") == "our work"


def test_an_untouched_draft_adds_no_slide(tmp_path: Path) -> None:
    draft = tmp_path / "notes.md"
    assert main(["report", "--draft-notes", str(draft), "--role", "H&WC"]) == 0
    plain, noted = tmp_path / "a.pptx", tmp_path / "b.pptx"
    assert main(["report", "--role", "HWC", "--out", str(plain)]) == 0
    assert main(["report", "--role", "HWC", "--notes", str(draft), "--out", str(noted)]) == 0
    assert _titles(read_deck(plain)) == _titles(read_deck(noted))
