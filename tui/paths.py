"""Where the project's data files live: SQL views, the bundled sample, help text.

A clone and an editable install (`pip install -e .`) read the repository's top-level
queries/ and sample_data/. A wheel (`pip install .`, pipx, uv tool) carries the same files
inside the package, as tui/queries and tui/sample_data (setup.py maps them in at build
time). These are real paths, not importlib.resources handles, because DuckDB opens the
sample by path; pip always unpacks a wheel, so they exist on disk on every platform.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent


def _data_dir(name: str) -> Path:
    """The folder inside the installed package (a wheel), else the repository's."""
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else ROOT / name


QUERIES_DIR = _data_dir("queries")
SAMPLE_DIR = _data_dir("sample_data")
SAMPLE_DB = SAMPLE_DIR / "gm_workforce_2023.duckdb"
SAMPLE_CODEBOOK = SAMPLE_DIR / "codebook.toml"
SAMPLE_EXPORT = SAMPLE_DIR / "gm_workforce_2023_export.csv"
