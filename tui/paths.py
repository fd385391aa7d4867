"""Where the project's data files live: SQL views, the bundled sample, help text."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
QUERIES_DIR = ROOT / "queries"
SAMPLE_DIR = ROOT / "sample_data"
SAMPLE_DB = SAMPLE_DIR / "gm_workforce_2023.duckdb"
SAMPLE_CODEBOOK = SAMPLE_DIR / "codebook.toml"
SAMPLE_EXPORT = SAMPLE_DIR / "gm_workforce_2023_export.csv"
