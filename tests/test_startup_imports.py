"""Start-up stays cheap: heavy modules are imported where first needed, not before the
explorer's first frame (the brief: keep `import tui` cheap)."""

from __future__ import annotations

import subprocess
import sys

from tui.paths import ROOT

BEFORE_FIRST_FRAME = """
import sys
from tui.cli import _app_parser
from tui.data import SurveyData
from tui.paths import SAMPLE_DB
data = SurveyData(SAMPLE_DB)
wave = data.resolve_wave(None)
from tui.app import WorkforceExplorer
WorkforceExplorer(data, wave=wave)
print(sorted(m for m in ("polars", "pyarrow", "xlsxwriter", "fastexcel", "markdown_it")
             if m in sys.modules))
"""


def test_opening_the_explorer_imports_no_heavy_module_before_its_first_frame() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BEFORE_FIRST_FRAME],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_import_tui_is_cheap() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, tui; print('textual' in sys.modules, 'duckdb' in sys.modules)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == ["False", "False"]
