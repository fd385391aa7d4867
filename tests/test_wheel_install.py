"""The app a team installs from a wheel works away from the repository (issue #14).

Builds the wheel from a copy of the project's files, installs it into a fresh virtual
environment, and from another folder runs `summary`, an import into a new file and the
explorer headless, each reading only what the wheel carries (SQL, the bundled sample,
help.md, the stylesheet, every subpackage).

Marked `wheel` and left out of the everyday run (`addopts` deselects it): building a wheel
needs setuptools from the package index. CI runs it on its own, before the suite:
`python -m pytest -m wheel -n 0` (one process: the wheel is built once).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.wheel

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ("pyproject.toml", "setup.py", "README.md", "tui", "queries", "sample_data")

# What a wheel must hold, besides the Python modules: the explorer and `summary` fail
# without any one of them.
MUST_SHIP = [
    "tui/app.tcss",
    "tui/help.md",
    "tui/queries/schema.sql",
    "tui/queries/upgrade_schema.sql",
    "tui/sample_data/gm_workforce_2023.duckdb",
    "tui/sample_data/codebook.toml",
    "tui/sample_data/gm_workforce_2023_export.csv",
    "tui/widgets/__init__.py",
    "tui/screens/__init__.py",
    "tui/importing/__init__.py",
]

# Run by the installed interpreter from another folder: opens the explorer on the survey
# file it is given, shows each tab, a theme's table, the All roles tab and the help screen,
# and prints what it saw.
EXPLORER_SCRIPT = r"""
import asyncio, sys
from pathlib import Path

from textual.widgets import Markdown

from tui.app import WorkforceExplorer
from tui.data import SurveyData
from tui.screens.help_screen import HelpScreen
from tui.widgets.compare import ComparePane
from tui.widgets.overview import OverviewCard
from tui.widgets.role_pane import ReadingTable


async def drawn(app, pilot):
    for _ in range(100):
        await pilot.pause(0)
        busy = [w for w in app.workers if not w.is_finished]
        if not busy:
            return
        await app.workers.wait_for_complete(busy)
    raise SystemExit("the explorer did not finish loading")


async def main(db: str) -> None:
    data = SurveyData(Path(db))
    app = WorkforceExplorer(data, wave=data.latest_wave())
    async with app.run_test(size=(80, 24)) as pilot:
        await drawn(app, pilot)
        print("CRUMB", app.breadcrumb_text())
        card = app.active_pane().query_one(OverviewCard).plain_text(width=200)
        print("CARD", " | ".join(card.splitlines()))
        await pilot.press("j", "enter")
        await drawn(app, pilot)
        print("CRUMB", app.breadcrumb_text())
        rows = app.active_pane().query_one(ReadingTable).cell_texts()
        print("ROWS", len(rows))
        await pilot.press("4")
        await drawn(app, pilot)
        print("COMPARE", sorted(app.query_one(ComparePane).cell_texts())[:3])
        await pilot.press("question_mark")
        await drawn(app, pilot)
        assert isinstance(app.screen, HelpScreen), app.screen
        print("HELP", app.screen.query_one(Markdown).source.splitlines()[0])


asyncio.run(main(sys.argv[1]))
"""


def run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert proc.returncode == 0, (
        f"{args} exited {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    )
    return proc.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """The wheel, installed into a new virtual environment: (its bin folder, a folder
    outside the repository to run from, the environment to run with)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in PROJECT_FILES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(
                path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.wal", "*.tmp")
            )
        else:
            shutil.copy2(path, src / name)
    # Nothing from the repository or the developer's shell may stand in for the wheel.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
    }
    dist = tmp / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, src], tmp, env)
    wheels = list(dist.glob("workforce_explorer-*.whl"))
    assert len(wheels) == 1, wheels
    with zipfile.ZipFile(wheels[0]) as whl:
        names = set(whl.namelist())
    missing = [name for name in MUST_SHIP if name not in names]
    assert not missing, f"the wheel lacks {missing}"
    for sql in (ROOT / "queries").rglob("*.sql"):
        name = f"tui/queries/{sql.relative_to(ROOT / 'queries').as_posix()}"
        assert name in names, f"the wheel lacks {name}"
    # Every file of the package, not only modules: a template or stylesheet a later
    # change adds under tui/ must be listed in package-data too.
    for path in (ROOT / "tui").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            name = f"tui/{path.relative_to(ROOT / 'tui').as_posix()}"
            assert name in names, f"the wheel lacks {name} (pyproject.toml package-data)"

    venv = tmp / "venv"
    # The runtime dependencies come from this interpreter's site-packages (no download);
    # `--no-index` makes a dependency the wheel declares but nothing provides fail here.
    run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", venv], tmp, env)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--no-index", "-q", wheels[0]],
        tmp,
        env,
    )
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    where = run([python, "-c", "import tui; print(tui.__file__)"], elsewhere, env)
    assert Path(where.strip()).is_relative_to(venv), f"tui imported from {where}"
    return bin_dir, elsewhere, env


def test_summary_reads_the_bundled_sample_from_the_wheel(installed) -> None:
    bin_dir, elsewhere, env = installed
    out = run(
        [
            bin_dir / "workforce-explorer",
            "summary",
            "--role",
            "SPLW",
            "--theme",
            "low_scores",
            "--format",
            "csv",
        ],
        elsewhere,
        env,
    )
    for statement in (
        "My caseload is manageable",
        "I feel valued in my role",
        "I have clarity on the scope of my role",
        "I have sufficient time to spend with my clients",
    ):
        assert f",{statement},53," in out


def test_import_then_explore_the_new_file_from_the_wheel(installed) -> None:
    bin_dir, elsewhere, env = installed
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    paths = run(
        [
            python,
            "-c",
            "from tui.paths import SAMPLE_EXPORT, SAMPLE_CODEBOOK;"
            "print(SAMPLE_EXPORT); print(SAMPLE_CODEBOOK)",
        ],
        elsewhere,
        env,
    ).split("\n")
    export, codebook = Path(paths[0]), Path(paths[1])
    assert export.is_file() and codebook.is_file()
    db = elsewhere / "new.duckdb"
    run(
        [
            bin_dir / "workforce-explorer",
            "import",
            export,
            "--codebook",
            codebook,
            "--wave",
            "2024",
            "--db",
            db,
        ],
        elsewhere,
        env,
    )
    assert db.is_file()
    out = run(
        [
            bin_dir / "workforce-explorer",
            "summary",
            "--db",
            db,
            "--role",
            "CC",
            "--theme",
            "supervision_gaps",
            "--format",
            "csv",
        ],
        elsewhere,
        env,
    )
    assert "2024" in out

    script = elsewhere / "explore.py"
    script.write_text(EXPLORER_SCRIPT, encoding="utf-8")
    seen = run([python, script, db], elsewhere, env).splitlines()
    assert "CRUMB 2024 › SPLW › All localities › Overview" in seen
    card = next(line for line in seen if line.startswith("CARD"))
    assert "53 of 263 (20%)" in card and "26% (14 of 53)" in card
    assert "CRUMB 2024 › SPLW › All localities › Role and wider support" in seen
    rows = next(line for line in seen if line.startswith("ROWS"))
    assert int(rows.split()[1]) > 0
    assert any(line.startswith("COMPARE [") and line != "COMPARE []" for line in seen)
    help_line = next(line for line in seen if line.startswith("HELP"))
    assert help_line.startswith("HELP # "), help_line  # help.md, shipped and shown
