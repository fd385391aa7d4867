"""The data layer: every screen, the `summary` command and exports ask it for frames.

It opens the survey READ_ONLY (see database.py), runs the parameterised SELECTs in
queries/select/*.sql against the views, and hands back polars DataFrames.  It is safe to
call from worker threads: each call takes its own DuckDB cursor.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.codebook import THEMES, normalize
from tui.database import connect_readonly, describe_duckdb_error, is_damage
from tui.errors import UsageError
from tui.paths import QUERIES_DIR

if TYPE_CHECKING:
    import polars as pl

ALL_LOCALITIES: str | None = None
LOW_SCORE_THRESHOLD = 3.0
SPECIAL_VIEWS = {
    "low_scores": "Low-scoring statements (mean below 3 of 5)",
    "supervision_gaps": "Supervision gaps",
}
VIEW_TITLES: dict[str, str] = {**THEMES, **SPECIAL_VIEWS}


@cache
def select_sql(name: str) -> str:
    return (QUERIES_DIR / "select" / f"{name}.sql").read_text(encoding="utf-8")


def _polars_type(duck_type: str) -> Any:
    import polars as pl

    name = duck_type.upper()
    if name in ("BIGINT", "INTEGER", "HUGEINT", "SMALLINT", "TINYINT", "UBIGINT", "UINTEGER"):
        return pl.Int64
    if name in ("DOUBLE", "FLOAT", "REAL") or name.startswith("DECIMAL"):
        return pl.Float64
    if name == "BOOLEAN":
        return pl.Boolean
    if name.startswith("TIMESTAMP"):
        return pl.Datetime
    return pl.String


class SurveyData:
    """A survey file opened for reading."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._con = connect_readonly(self.path)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._con.close()

    # -- plumbing ---------------------------------------------------------------------
    def query(self, name: str, **params: Any) -> pl.DataFrame:
        """Run queries/select/NAME.sql with bound parameters; return a polars frame."""
        import duckdb
        import polars as pl

        with self._lock:
            cur = self._con.cursor()
        try:
            rows = cur.execute(select_sql(name), params).fetchall()
            schema = {d[0]: _polars_type(str(d[1])) for d in cur.description}
        except duckdb.Error as exc:
            # Damage DuckDB only notices when a view reads the data blocks.
            if is_damage(exc):
                raise describe_duckdb_error(self.path, exc) from None
            raise
        finally:
            cur.close()
        return pl.DataFrame(rows, schema=schema, orient="row")

    # -- what the file holds ----------------------------------------------------------
    def waves(self) -> pl.DataFrame:
        return self.query("waves")

    def latest_wave(self) -> int | None:
        waves = self.waves()
        return int(waves["wave"][-1]) if waves.height else None

    def resolve_wave(self, wave: int | str | None) -> int:
        waves = self.waves()
        known = [int(w) for w in waves["wave"]]
        if not known:
            raise UsageError(f"{self.path}: holds no survey waves yet")
        if wave is None:
            return known[-1]
        try:
            value = int(wave)
        except (TypeError, ValueError):
            value = None
        if value not in known:
            raise UsageError(f"unknown wave {wave!r}; {self.path.name} holds "
                             f"{', '.join(map(str, known))}")
        return value

    def all_roles(self) -> pl.DataFrame:
        return self.query("all_roles")

    def resolve_role(self, role: str) -> str:
        roles = self.all_roles()
        for code, label, name in roles.iter_rows():
            if normalize(role) in {normalize(code), normalize(label), normalize(name)}:
                return code
        labels = ", ".join(roles["label"])
        raise UsageError(f"unknown role {role!r}; expected one of {labels}")

    def role_label(self, role: str) -> str:
        for code, label, _name in self.all_roles().iter_rows():
            if code == role:
                return label
        return role

    def known_localities(self) -> list[str]:
        return list(self.query("known_localities")["locality"])

    def resolve_locality(self, locality: str | None) -> str | None:
        if locality is None or normalize(locality) in ("", "all", "all localities"):
            return ALL_LOCALITIES
        known = self.known_localities()
        for name in known:
            if normalize(name) == normalize(locality):
                return name
        raise UsageError(f"unknown locality {locality!r}; expected one of {', '.join(known)}")

    # -- figures ----------------------------------------------------------------------
    def roles(self, wave: int) -> pl.DataFrame:
        return self.query("roles", wave=wave)

    def localities(self, role: str, wave: int) -> pl.DataFrame:
        return self.query("localities", role=role, wave=wave)

    def theme(self, theme: str, role: str, wave: int,
              locality: str | None = ALL_LOCALITIES) -> pl.DataFrame:
        if theme not in THEMES:
            raise UsageError(f"unknown theme {theme!r}; expected one of {', '.join(THEMES)}")
        return self.query("theme", view=theme, role=role, wave=wave, locality=locality)

    def likert(self, theme: str, role: str, wave: int,
               locality: str | None = ALL_LOCALITIES) -> pl.DataFrame:
        return self.query("likert", theme=theme, role=role, wave=wave, locality=locality)

    def low_scores(self, role: str, wave: int, locality: str | None = ALL_LOCALITIES,
                   threshold: float = LOW_SCORE_THRESHOLD) -> pl.DataFrame:
        return self.query("low_scores", role=role, wave=wave, locality=locality,
                          threshold=threshold)

    def supervision_gaps(self, role: str, wave: int,
                         locality: str | None = ALL_LOCALITIES) -> pl.DataFrame:
        return self.query("supervision_gaps", role=role, wave=wave, locality=locality)

    def comments(self, role: str, wave: int, theme: str | None = None,
                 locality: str | None = ALL_LOCALITIES) -> pl.DataFrame:
        return self.query("comments", role=role, wave=wave, theme=theme, locality=locality)

    def view(self, name: str, role: str, wave: int,
             locality: str | None = ALL_LOCALITIES) -> pl.DataFrame:
        """Any named view as the `summary` command and exports know them."""
        if name == "low_scores":
            return self.low_scores(role, wave, locality)
        if name == "supervision_gaps":
            return self.supervision_gaps(role, wave, locality)
        if name in THEMES:
            return self.theme(name, role, wave, locality)
        raise UsageError(f"unknown theme {name!r}; expected one of {', '.join(VIEW_TITLES)}")
