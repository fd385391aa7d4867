"""Next year's deck says what changed since the previous wave, and marks as changes only
what the data layer finds significant."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deck_reading import find, read_deck
from tests.two_waves import VALUED, build_two_waves
from tui.cli import main
from tui.data import SurveyData


@pytest.fixture(scope="module")
def two_waves(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_two_waves(tmp_path_factory.mktemp("waves"))


def test_change_since_2023_lists_the_moved_statement(two_waves: Path, tmp_path: Path) -> None:
    out = tmp_path / "2024.pptx"
    assert main(["report", "--db", str(two_waves), "--role", "SPLW", "--out", str(out)]) == 0
    deck = read_deck(out)
    slide = find(deck, "SPLW", "Change since 2023")
    rows = {row[0]: row[1:] for row in slide.tables[0][1:]}
    data = SurveyData(two_waves)
    try:
        now = {
            r["statement"]: r
            for theme in ("role_support", "supervision")
            for r in data.likert(theme, "SPLW", 2024).iter_rows(named=True)
        }
        then = {
            r["statement"]: r
            for theme in ("role_support", "supervision")
            for r in data.likert(theme, "SPLW", 2023).iter_rows(named=True)
        }
        tested = "change_significant" in data.likert("role_support", "SPLW", 2024).columns
        significant = {s for s, r in now.items() if r.get("change_significant")}
    finally:
        data.close()
    then_mean, now_mean, change = rows[VALUED]
    assert then_mean == f"{then[VALUED]['mean']:.2f}"
    assert now_mean == f"{now[VALUED]['mean']:.2f}"
    assert change.startswith("▲ +")
    text = slide.all_text()
    if tested:
        # Only the changes the data layer marks significant are listed as changes.
        listed = {s for s in rows if s in now}
        assert listed == significant
    else:
        assert "no significance test" in text
    assert deck[-1].title == "How these figures were made"
