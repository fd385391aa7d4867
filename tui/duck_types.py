"""DuckDB column types as polars dtypes: one mapping for frames read from queries and
for rows written into tables (the types themselves are written once, in
queries/schema.sql)."""

from __future__ import annotations

from typing import Any


def polars_type(duck_type: str) -> Any:
    """The polars dtype that holds a DuckDB column of `duck_type` without loss."""
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
