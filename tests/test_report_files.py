"""Writing the deck never damages a survey file or anything that is not a plain file,
and a deck is replaced whole or not at all."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.file_helpers import sha256
from tui.cli import main
from tui.paths import SAMPLE_DB


def test_refuses_to_write_over_a_survey_file(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    survey = tmp_path / "survey.pptx"  # a survey database, whatever its name
    shutil.copyfile(SAMPLE_DB, survey)
    before = sha256(survey)
    assert main(["report", "--db", str(survey), "--out", str(survey)]) == 2
    err = capsys.readouterr().err
    assert "survey" in err and str(survey) in err
    assert sha256(survey) == before
    assert [p.name for p in tmp_path.iterdir()] == ["survey.pptx"]


def test_refuses_a_folder_and_a_missing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    folder = tmp_path / "deck.pptx"
    folder.mkdir()
    assert main(["report", "--out", str(folder)]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert main(["report", "--out", str(tmp_path / "nowhere" / "deck.pptx")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["report", "--out", str(tmp_path / "deck.csv")]) == 2
    assert "name it .pptx" in capsys.readouterr().err


@pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "mkfifo"), reason="named pipes are POSIX"
)
def test_refuses_a_named_pipe(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pipe = tmp_path / "deck.pptx"
    os.mkfifo(pipe)
    assert main(["report", "--out", str(pipe)]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_an_older_deck_is_kept_unless_forced_then_replaced_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"last year's deck")
    assert main(["report", "--role", "HWC", "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == b"last year's deck"
    assert main(["report", "--role", "HWC", "--out", str(out), "--force"]) == 0
    assert out.read_bytes()[:2] == b"PK"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]  # no temp file left


def test_needs_out_or_draft_notes(capsys: pytest.CaptureFixture) -> None:
    assert main(["report"]) == 2
    assert "--out FILE.pptx" in capsys.readouterr().err
    assert main(["report", "--role", "Nurse", "--out", "x.pptx"]) == 2
    assert "unknown role 'Nurse'" in capsys.readouterr().err
