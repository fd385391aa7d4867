"""A two-wave survey for the change-against-previous-wave tests.

Wave 2023 is the bundled sample; wave 2024 is the sample's own export, imported through
the real importer after a few answers are changed (as a year's movement would):
- every SPLW now rates "I feel valued in my role" 4 ("Very good");
- no SPLW uses the outcome measure "SWEMWBS" any more.
The tests compute expected changes through the data layer on both waves, never from
these edits.
"""

from __future__ import annotations

import shutil
from pathlib import Path

VALUED = "I feel valued in my role"
OUTCOMES = "Which of the following outcome measures do you use with your clients?"
ROLE = "Which role are you in?"
SPLW = "Social Prescribing Link Worker"


def build_two_waves(folder: Path) -> Path:
    import polars as pl

    from tui.importing import import_export
    from tui.paths import SAMPLE_CODEBOOK, SAMPLE_DB, SAMPLE_EXPORT

    export = pl.read_csv(SAMPLE_EXPORT, infer_schema=False)
    splw = pl.col(ROLE) == SPLW
    changed = export.with_columns(
        pl.when(splw).then(pl.lit("4 - Very good")).otherwise(pl.col(VALUED)).alias(VALUED),
        pl.when(splw)
        .then(pl.col(OUTCOMES).str.replace("SWEMWBS;", "", literal=True))
        .otherwise(pl.col(OUTCOMES))
        .alias(OUTCOMES),
    )
    csv = folder / "gm_workforce_2024_export.csv"
    changed.write_csv(csv)
    db = folder / "two_waves.duckdb"
    shutil.copyfile(SAMPLE_DB, db)
    import_export(csv, SAMPLE_CODEBOOK, 2024, db, note="SYNTHETIC test wave")
    return db


PEER = "I have opportunities for peer support and networking"
HWC = "Health and Wellbeing Coach"
SCALE = (
    "1 - Not at all good",
    "2 - Not so good",
    "3 - Somewhat good",
    "4 - Very good",
    "5 - Extremely good",
)


def build_stats_waves(folder: Path) -> Path:
    """Wave 2023 the sample; wave 2024 its export imported through the real importer
    after two edits for the significance tests:
    - every SPLW rates "I have opportunities for peer support and networking" one point
      lower (no SPLW gave it 1, so each moves a whole point);
    - one H&WC's "I feel valued in my role" moves one point up, from 3 to 4.
    Expected figures are computed through the views, not from these edits."""
    import polars as pl

    from tui.importing import import_export
    from tui.paths import SAMPLE_CODEBOOK, SAMPLE_DB, SAMPLE_EXPORT

    export = pl.read_csv(SAMPLE_EXPORT, infer_schema=False)
    down = {label: SCALE[i - 1] for i, label in enumerate(SCALE) if i}
    splw = pl.col(ROLE) == SPLW
    changed = export.with_columns(
        pl.when(splw).then(pl.col(PEER).replace(down)).otherwise(pl.col(PEER)).alias(PEER)
    )
    first = changed.with_row_index("_row").filter(
        (pl.col(ROLE) == HWC) & (pl.col(VALUED) == SCALE[2])
    )["_row"][0]
    valued = changed[VALUED].to_list()
    valued[first] = SCALE[3]
    changed = changed.with_columns(pl.Series(VALUED, valued))
    csv = folder / "gm_workforce_2024_export.csv"
    changed.write_csv(csv)
    db = folder / "stats_waves.duckdb"
    shutil.copyfile(SAMPLE_DB, db)
    import_export(csv, SAMPLE_CODEBOOK, 2024, db, note="SYNTHETIC test wave")
    return db
