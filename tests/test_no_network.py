"""Nothing tries to connect: the explorer (headless) and an import run with sockets that
refuse every connection and name resolution, and record any attempt."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from explorer_helpers import make_app, pane, settle
from file_helpers import sha256

from tui.cli import main
from tui.paths import SAMPLE_CODEBOOK, SAMPLE_DB, SAMPLE_EXPORT
from tui.widgets.overview import OverviewCard


@pytest.fixture
def no_network(monkeypatch) -> list[str]:
    attempts: list[str] = []

    def refuse(name: str):
        def blocked(*args, **kwargs):
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError(f"network disabled in this test ({name})")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


@pytest.mark.reads_the_file  # the sample is opened and read with the sockets refusing
async def test_the_explorer_never_connects(no_network: list[str]) -> None:
    app = make_app(fresh=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "53 of 263" in pane(app).query_one(OverviewCard).plain_text()
        for key in ("j", "enter", "escape", "2", "3", "4", "question_mark", "escape"):
            await pilot.press(key)
            await settle(pilot)
    assert no_network == []


def test_summary_and_import_never_connect(no_network: list[str], tmp_path: Path, capsys) -> None:
    db = tmp_path / "survey.duckdb"
    shutil.copyfile(SAMPLE_DB, db)
    assert (
        main(
            [
                "summary",
                "--db",
                str(db),
                "--role",
                "SPLW",
                "--theme",
                "training",
                "--format",
                "json",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "import",
                str(SAMPLE_EXPORT),
                "--codebook",
                str(SAMPLE_CODEBOOK),
                "--wave",
                "2024",
                "--db",
                str(db),
            ]
        )
        == 0
    ), capsys.readouterr().err
    before = sha256(db)
    assert (
        main(
            ["summary", "--db", str(db), "--role", "CC", "--theme", "supervision", "--by-locality"]
        )
        == 0
    )
    assert sha256(db) == before
    assert no_network == []


def test_the_guard_works(no_network: list[str]) -> None:
    with pytest.raises(OSError, match="network disabled"):
        socket.create_connection(("example.org", 80), timeout=1)
    assert no_network
