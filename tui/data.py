"""The data layer: every screen, the `summary` command and exports ask it for frames.

It opens the survey READ_ONLY (see database.py), runs the parameterised SELECTs in
queries/select/*.sql against the views, and hands back polars DataFrames.  It is safe to
call from worker threads: each call takes its own DuckDB cursor.

Every figure-returning method passes its frame through small-number suppression
(tui/suppression.py, whose docstring states the rule): a locality of a role with fewer
than `min_group` respondents shows no figure.  Each such frame ends with two columns:
`suppressed` (Boolean) and `note` (String: "fewer than 5", "no responses", ...); in a
suppressed row every figure column is null.  Role totals (locality NULL) are never
suppressed.  `query()` itself is raw and unsuppressed: it is plumbing, not an output.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import stats, suppression
from tui.codebook import THEMES, normalize
from tui.database import connect_readonly, describe_duckdb_error, is_damage
from tui.duck_types import polars_type
from tui.errors import UsageError
from tui.paths import QUERIES_DIR
from tui.suppression import (
    DEFAULT_MIN_COMMENTS,
    DEFAULT_MIN_GROUP,
    GroupStatus,
    SuppressionPlan,
)

if TYPE_CHECKING:
    import polars as pl

ALL_LOCALITIES: str | None = None
LOW_SCORE_THRESHOLD = 3.0
SPECIAL_VIEWS = {
    "overview": "Overview",
    "low_scores": "Low-scoring statements (mean below 3 of 5)",
    "supervision_gaps": "Supervision gaps",
    "comments": "Free-text comments",
}
VIEW_TITLES: dict[str, str] = {**THEMES, **SPECIAL_VIEWS}

# Codebook question ids (and option labels) the locality comparison reads.  Ids are the
# codebook's stable names for a question across waves, unlike its wording.
TRAINING_NEEDS = "training_needs"
MDT_MEMBER, MDT_YES = "mdt_member", "Yes"
OUTCOME_MEASURES = "outcome_measures"
EMPLOYMENT, FULL_TIME = "employment", "Full-time"
LIKERT_THEMES = ("role_support", "supervision")
# Answers kept per open file: the file is attached READ_ONLY, so the rows of a query with
# given parameters never change while it is open.  Enough for every section of every
# role at a few dozen localities; frames are small (one role, wave and locality).
CACHE_SIZE = 256


@cache
def select_sql(name: str) -> str:
    return (QUERIES_DIR / "select" / f"{name}.sql").read_text(encoding="utf-8")


def whole_at_least_one(option: str, value: int) -> int:
    """A command-line threshold (K, the low base, the comments floor), checked."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UsageError(f"{option} must be a whole number of at least 1, not {value!r}")
    return value


class SurveyData:
    """A survey file opened for reading."""

    def __init__(
        self,
        path: str | Path,
        min_group: int = DEFAULT_MIN_GROUP,
        low_base: int = stats.DEFAULT_LOW_BASE,
        min_comments: int = DEFAULT_MIN_COMMENTS,
    ) -> None:
        self.path = Path(path)
        self.min_group = min_group  # checked by the setter before the file opens
        self.low_base = low_base
        self.min_comments = min_comments
        self._con = connect_readonly(self.path)
        self._lock = threading.Lock()
        self._sizes: dict[tuple[str, int], tuple[tuple[str, int], ...]] = {}
        self._plans: dict[tuple[str, int, int], SuppressionPlan] = {}
        self._records: dict[tuple[str, tuple[tuple[str, Any], ...]], list[dict[str, Any]]] = {}
        self._reading: dict[tuple[str, tuple[tuple[str, Any], ...]], threading.Event] = {}
        self._cache: OrderedDict[tuple[str, tuple[tuple[str, Any], ...]], pl.DataFrame] = (
            OrderedDict()
        )
        self._screens: OrderedDict[tuple[Hashable, int, int, int], Any] = OrderedDict()

    # -- small-number suppression -------------------------------------------------------
    @property
    def min_group(self) -> int:
        """K: a locality of a role with fewer respondents than this shows no figures."""
        return self._min_group

    @min_group.setter
    def min_group(self, value: int) -> None:
        self._min_group = whole_at_least_one("--min-group", value)

    @property
    def low_base(self) -> int:
        """A figure on fewer answers than this is flagged `low_base` (see tui/stats.py)."""
        return self._low_base

    @low_base.setter
    def low_base(self, value: int) -> None:
        self._low_base = whole_at_least_one("--low-base", value)

    @property
    def min_comments(self) -> int:
        """Comments are shown only for groups of at least this many respondents."""
        return self._min_comments

    @min_comments.setter
    def min_comments(self, value: int) -> None:
        self._min_comments = whole_at_least_one("--min-comments", value)

    @property
    def comments_floor(self) -> int:
        """The group size comments need: min_comments, and never less than min_group."""
        return max(self._min_comments, self._min_group)

    @property
    def suppression_off(self) -> bool:
        """True when min_group is 1: every figure is shown, however few people it covers."""
        return self._min_group <= 1

    def group_sizes(self, role: str, wave: int) -> tuple[tuple[str, int], ...]:
        """Raw respondents per locality (every locality, 0 when none), unsuppressed.

        Plumbing for the suppression plan, like query(): never show it to a reader."""
        key = (role, int(wave))
        sizes = self._sizes.get(key)
        if sizes is None:
            frame = self.query("group_sizes", role=role, wave=wave)
            sizes = tuple((loc, int(n)) for loc, n in frame.iter_rows())
            self._sizes[key] = sizes  # the file is READ_ONLY: counts never change
        return sizes

    def suppression_plan(self, role: str, wave: int) -> SuppressionPlan:
        return self._plan(role, wave, self._min_group)

    def _plan(self, role: str, wave: int, k: int) -> SuppressionPlan:
        """The plan for a role and wave at threshold k, made once per (role, wave, k):
        every frame of a screen asks for it.  K is part of the key, so changing
        min_group (or min_comments) plans afresh."""
        key = (role, int(wave), int(k))
        made = self._plans.get(key)
        if made is None:
            made = self._plans[key] = suppression.plan(self.group_sizes(role, wave), k)
        return made

    def group_status(
        self, role: str, wave: int, locality: str | None = ALL_LOCALITIES
    ) -> GroupStatus:
        """How a locality (None: the role total) is shown: its respondents (None when
        hidden), whether it is suppressed, why, and the note to show."""
        return self.suppression_plan(role, wave).status(locality)

    def respondents(
        self, role: str, wave: int, locality: str | None = ALL_LOCALITIES
    ) -> int | None:
        """Respondents of a role in a locality (None: all localities); 0 means no
        responses; None means the count is suppressed (fewer than min_group)."""
        return self.group_status(role, wave, locality).respondents

    def _suppressed(self, frame: pl.DataFrame, role: str, wave: int) -> pl.DataFrame:
        return suppression.apply(frame, self.suppression_plan(role, wave))

    def close(self) -> None:
        self._con.close()

    # -- plumbing ---------------------------------------------------------------------
    def query(self, name: str, **params: Any) -> pl.DataFrame:
        """Run queries/select/NAME.sql with bound parameters; return a polars frame.

        Answers are remembered per (NAME, parameters), most recently used first, up to
        CACHE_SIZE: the file is READ_ONLY, so they cannot go out of date."""
        key = (name, tuple(sorted(params.items())))
        try:
            hash(key)
        except TypeError:  # a list or other unhashable value: not remembered
            return self._run(name, params)
        with self._lock:
            frame = self._cache.get(key)
            if frame is not None:
                self._cache.move_to_end(key)
                return frame.clone()
            # A read of the same answer already under way (the start-up read, a
            # read-ahead, the pane asking for what was read ahead): wait for it rather
            # than read the file twice at once.
            reading = self._reading.get(key)
            if reading is None:
                reading = self._reading[key] = threading.Event()
                mine = True
            else:
                mine = False
        if not mine:
            reading.wait()
            with self._lock:
                frame = self._cache.get(key)
            # None: that read failed (or was forgotten at once): read it here, so
            # its error, if any, reaches this caller.
            return frame.clone() if frame is not None else self._run(name, params)
        try:
            frame = self._run(name, params)
            with self._lock:
                self._cache[key] = frame
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        finally:
            with self._lock:
                self._reading.pop(key, None)
            reading.set()
        return frame.clone()

    def read_themes(
        self, themes: tuple[str, ...], role: str, wave: int, locality: str | None
    ) -> None:
        """Read the rows of several themes (as query("theme", view=...) gives them) in one
        statement, and remember each theme's as that query's answer: a screen that needs
        several themes (the Overview card: demographics and training) then asks for them
        as usual, and finds them read.  Themes already remembered or being read are left
        out; with fewer than two left, each is read on its own when asked for."""
        keys = {
            theme: (
                "theme",
                tuple(
                    sorted(
                        {"view": theme, "role": role, "wave": wave, "locality": locality}.items()
                    )
                ),
            )
            for theme in themes
        }
        with self._lock:
            missing = [
                t for t, k in keys.items() if k not in self._cache and k not in self._reading
            ]
        if len(missing) < 2:
            return
        import polars as pl

        frame = self._run(
            "themes", {"themes": missing, "role": role, "wave": wave, "locality": locality}
        )
        with self._lock:
            for theme in missing:
                if keys[theme] not in self._cache:
                    self._cache[keys[theme]] = frame.filter(pl.col("theme") == theme)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    # -- whole screens' frames ------------------------------------------------------------
    def recall(self, key: Hashable) -> Any | None:
        """What remember(key, ...) kept, or None.  For the frames of a whole screen
        (tui/sections.py): a place shown or read ahead once is shown again without
        computing its figures afresh.  The thresholds are part of the key, so figures
        kept under one K are never shown under another."""
        with self._lock:
            full = self._screen_key(key)
            found = self._screens.get(full)
            if found is not None:
                self._screens.move_to_end(full)
            return found

    def remember(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._screens[self._screen_key(key)] = value
            while len(self._screens) > CACHE_SIZE:
                self._screens.popitem(last=False)

    def _screen_key(self, key: Hashable) -> tuple[Hashable, int, int, int]:
        return (key, self._min_group, self._low_base, self._min_comments)

    def clear_cache(self) -> None:
        """Forget remembered answers (benchmarks use it to time reads from the file)."""
        with self._lock:
            self._cache.clear()
            self._screens.clear()
            self._sizes.clear()
            self._plans.clear()
            self._records.clear()

    def records(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run queries/select/NAME.sql; rows as dicts, without polars.

        For the few small reads made before the first frame (waves, roles, localities):
        polars is imported where a frame is first needed, after the explorer is drawn."""
        key = (name, tuple(sorted(params.items())))
        with self._lock:
            known = self._records.get(key)
        if known is None:
            columns, rows = self._fetch(name, params)
            names = [column for column, _type in columns]
            known = [dict(zip(names, row, strict=True)) for row in rows]
            with self._lock:  # READ_ONLY: the waves, roles and localities never change
                self._records[key] = known
        return [dict(row) for row in known]

    def _fetch(self, name: str, params: dict[str, Any]) -> tuple[list[tuple[str, str]], list]:
        """Column (name, DuckDB type) pairs and rows of queries/select/NAME.sql."""
        import duckdb

        with self._lock:
            cur = self._con.cursor()
        try:
            rows = cur.execute(select_sql(name), params).fetchall()
            columns = [(d[0], str(d[1])) for d in cur.description]
        except duckdb.Error as exc:
            # Damage DuckDB only notices when a view reads the data blocks.
            if is_damage(exc):
                raise describe_duckdb_error(self.path, exc) from None
            raise
        finally:
            cur.close()
        return columns, rows

    def _run(self, name: str, params: dict[str, Any]) -> pl.DataFrame:
        import polars as pl

        columns, rows = self._fetch(name, params)
        schema = {column: polars_type(duck_type) for column, duck_type in columns}
        return pl.DataFrame(rows, schema=schema, orient="row")

    # -- what the file holds ----------------------------------------------------------
    def waves(self) -> pl.DataFrame:
        return self.query("waves")

    def wave_records(self) -> list[dict[str, Any]]:
        """The waves as rows (wave, title, publisher, ics, source_file, imported_at,
        note), oldest first, without importing polars."""
        return self.records("waves")

    def previous_wave(self, wave: int) -> int | None:
        """The latest wave in the file before `wave` (None: `wave` is the earliest)."""
        known = self.__dict__.get("_wave_numbers")
        if known is None:  # the file is READ_ONLY: its waves never change
            known = self._wave_numbers = [int(w["wave"]) for w in self.wave_records()]
        earlier = [w for w in known if w < int(wave)]
        return max(earlier) if earlier else None

    def workforce(self, role: str, wave: int) -> int | None:
        """The role's headcount in the wave (role_workforce), None when not recorded: the
        population of the role total, for the finite population correction."""
        roles = self.roles(wave)
        for row in roles.iter_rows(named=True):
            if row["role"] == role:
                return row["workforce"] or None
        return None

    def latest_wave(self) -> int | None:
        waves = self.wave_records()
        return int(waves[-1]["wave"]) if waves else None

    def resolve_wave(self, wave: int | str | None) -> int:
        known = [int(w["wave"]) for w in self.wave_records()]
        if not known:
            raise UsageError(f"{self.path}: holds no survey waves yet")
        if wave is None:
            return known[-1]
        try:
            value = int(wave)
        except (TypeError, ValueError):
            value = None
        if value not in known:
            raise UsageError(
                f"unknown wave {wave!r}; {self.path.name} holds {', '.join(map(str, known))}"
            )
        return value

    def all_roles(self) -> pl.DataFrame:
        return self.query("all_roles")

    def role_records(self) -> list[dict[str, Any]]:
        """Every role as rows (role, label, name), without importing polars."""
        return self.records("all_roles")

    def resolve_role(self, role: str) -> str:
        roles = self.role_records()
        for r in roles:
            if normalize(role) in {
                normalize(r["role"]),
                normalize(r["label"]),
                normalize(r["name"]),
            }:
                return r["role"]
        labels = ", ".join(r["label"] for r in roles)
        raise UsageError(f"unknown role {role!r}; expected one of {labels}")

    def role_label(self, role: str) -> str:
        for r in self.role_records():
            if r["role"] == role:
                return r["label"]
        return role

    def known_localities(self) -> list[str]:
        return [r["locality"] for r in self.records("known_localities")]

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
        """locality, respondents (null when suppressed; 0: no responses), suppressed, note."""
        return self._suppressed(self.query("localities", role=role, wave=wave), role, wave)

    def theme(
        self,
        theme: str,
        role: str,
        wave: int,
        locality: str | None = ALL_LOCALITIES,
        *,
        change: bool = True,
    ) -> pl.DataFrame:
        """A row per question and option.  Besides the counts: on a Likert statement's
        rows mean_ci_low/high, pct_favourable/neutral/unfavourable; on every row with a
        share pct_ci_low/high; on every row low_base; for one locality (not all), on a
        statement's rows rest_mean and vs_rest_significant (the locality against the
        rest of its role, Welch's test: tui/stats.py); and when the file holds an earlier
        wave (and `change`), previous_wave, mean_change (statements), pct_change
        (options), change_significant and change_note (see tui/stats.py)."""
        if theme not in THEMES:
            raise UsageError(f"unknown theme {theme!r}; expected one of {', '.join(THEMES)}")
        frame = self.query("theme", view=theme, role=role, wave=wave, locality=locality)
        # The 1-5 counts serve the theme's Likert statements only: a theme without any
        # (training, demographics, ...) skips reading them, in this wave and the last.
        statements = bool(frame.height) and bool((frame["qtype"] == "likert").any())
        counts = (
            stats.likert_counts(
                self.query("likert", theme=theme, role=role, wave=wave, locality=locality)
            )
            if statements
            else {}
        )
        frame = stats.theme_figures(
            frame, counts, low_base_at=self.low_base, population=self.workforce(role, wave)
        )
        if locality is not ALL_LOCALITIES:
            # Without statements nothing is tested: the role's counts are not read.
            frame = stats.statements_against_rest(
                frame, counts, self._role_likert_counts(theme, role, wave) if statements else {}
            )
        previous = self.previous_wave(wave) if change else None
        if previous is not None:
            before = self.theme(theme, role, previous, locality, change=False)
            counts_before = (
                stats.likert_counts(self.likert(theme, role, previous, locality, change=False))
                if statements
                else {}
            )
            frame = stats.change(frame, counts, before, counts_before, previous)
        return self._suppressed(frame, role, wave)

    def likert(
        self,
        theme: str,
        role: str,
        wave: int,
        locality: str | None = ALL_LOCALITIES,
        *,
        change: bool = True,
    ) -> pl.DataFrame:
        """A row per Likert statement: n, mean, the 1-5 counts, mean_ci_low/high,
        pct_favourable/neutral/unfavourable, low_base, for one locality (not all)
        rest_mean and vs_rest_significant (against the rest of its role, Welch's test)
        and, when the file holds an earlier wave (and `change`), previous_wave,
        mean_change, change_significant and change_note."""
        frame = self.query("likert", theme=theme, role=role, wave=wave, locality=locality)
        counts = stats.likert_counts(frame)
        frame = stats.likert_figures(
            frame, low_base_at=self.low_base, population=self.workforce(role, wave)
        )
        if locality is not ALL_LOCALITIES:
            frame = stats.statements_against_rest(
                frame, counts, self._role_likert_counts(theme, role, wave)
            )
        previous = self.previous_wave(wave) if change else None
        if previous is not None:
            before = self.likert(theme, role, previous, locality, change=False)
            frame = stats.change(frame, counts, before, stats.likert_counts(before), previous)
        return self._suppressed(frame, role, wave)

    def _role_likert_counts(self, theme: str, role: str, wave: int) -> dict[str, stats.Counts]:
        """The role total's 1-5 counts per statement of a theme (for a locality against
        the rest of its role)."""
        return stats.likert_counts(
            self.query("likert", theme=theme, role=role, wave=wave, locality=ALL_LOCALITIES)
        )

    def low_scores(
        self,
        role: str,
        wave: int,
        locality: str | None = ALL_LOCALITIES,
        threshold: float = LOW_SCORE_THRESHOLD,
    ) -> pl.DataFrame:
        """Statements below the threshold.  Which statements are listed is itself a figure,
        so a suppressed locality gets one placeholder row (statement null, suppressed
        true, the note) instead of its list."""
        frame = self.query(
            "low_scores", role=role, wave=wave, locality=locality, threshold=threshold
        )
        frame = stats.likert_figures(
            frame, low_base_at=self.low_base, population=self.workforce(role, wave)
        )
        status = self.group_status(role, wave, locality)
        if status.suppressed:
            return suppression.placeholder(frame, status, wave=wave, role=role)
        return self._suppressed(frame, role, wave)

    def supervision_gaps(
        self, role: str, wave: int, locality: str | None = ALL_LOCALITIES
    ) -> pl.DataFrame:
        """Who answered, who has no clinical supervision (n_no_clinical,
        pct_no_clinical with pct_no_clinical_ci_low/high), who meets monthly, low_base."""
        frame = self.query("supervision_gaps", role=role, wave=wave, locality=locality)
        frame = stats.gap_figures(
            frame, low_base_at=self.low_base, population=self.workforce(role, wave)
        )
        return self._suppressed(frame, role, wave)

    def comments(
        self, role: str, wave: int, theme: str | None = None, locality: str | None = ALL_LOCALITIES
    ) -> pl.DataFrame:
        """Free-text comments, shown only for groups of at least `min_comments`
        respondents (and never below `min_group`): writing can be recognised where
        figures cannot.  Columns: theme, question, comment, locality, suppressed, note.

        * One locality: a locality hidden by the figures' rule, or with fewer than
          min_comments respondents, gives one placeholder row (comment null, suppressed
          true, the note) instead of its comments.
        * All localities: nothing but a placeholder when the role itself has fewer than
          min_comments respondents.  Otherwise a locality with at least min_comments
          respondents (not hidden by the figures' rule) keeps its name on its comments;
          the comments of localities planned hidden at min_comments (tui/suppression.py
          rule 3 with K = min_comments) but shown by the figures' rule are pooled with
          the locality left null, when that pool holds at least two localities and
          min_comments people (else they are left out); comments of localities hidden by
          the figures' rule are always left out.  Closing placeholder rows (comment
          null, suppressed true) say what was withheld."""
        import polars as pl

        frame = self.query("comments", role=role, wave=wave, theme=theme, locality=locality)
        plan = self.suppression_plan(role, wave)
        floor = self.comments_floor
        wide = self._plan(role, wave, floor)
        status = plan.status(locality)
        if status.suppressed:
            return suppression.placeholder(frame, status, theme=theme)
        few = GroupStatus(
            locality,
            None,
            True,
            suppression.FEW_FOR_COMMENTS,
            suppression.comments_floor_note(floor),
        )
        if locality is not ALL_LOCALITIES:
            if wide.status(locality).suppressed:
                return suppression.placeholder(frame, few, theme=theme)
            return suppression.apply(frame, plan)
        if 0 < plan.total < floor:
            return suppression.placeholder(frame, few, theme=theme)
        sizes = dict(plan.groups)
        pooled = sorted(wide.hidden - plan.hidden)
        people = [sizes.get(loc, 0) for loc in pooled if sizes.get(loc, 0) > 0]
        everyone = [n for n in sizes.values() if n > 0]
        pool_ok = bool(people) and (
            len(people) == len(everyone) or (len(people) >= 2 and sum(people) >= floor)
        )
        dropped = sorted(plan.hidden) + ([] if pool_ok else pooled)
        notes: list[pl.DataFrame] = []
        if plan.hidden:
            notes.append(
                suppression.placeholder(
                    frame,
                    GroupStatus(
                        None,
                        None,
                        True,
                        suppression.SMALL,
                        suppression.hidden_comments_note(plan.min_group),
                    ),
                    theme=theme,
                )
            )
        if pooled:
            notes.append(
                suppression.placeholder(
                    frame,
                    GroupStatus(
                        None,
                        None,
                        True,
                        suppression.FEW_FOR_COMMENTS,
                        suppression.pooled_comments_note(floor, shown=pool_ok),
                    ),
                    theme=theme,
                )
            )
        frame = frame.filter(~pl.col("locality").is_in(dropped))
        shown = suppression.apply(frame, plan)
        if pool_ok:
            shown = shown.with_columns(
                pl.when(pl.col("locality").is_in(pooled))
                .then(None)
                .otherwise(pl.col("locality"))
                .alias("locality")
            )
        return pl.concat([shown, *notes]) if notes else shown

    def overview(self, role: str, wave: int, locality: str | None = ALL_LOCALITIES) -> pl.DataFrame:
        """The Overview card as data: one row per figure, in the card's order.

        Columns: wave, role, locality, figure (responses, tenure, employment, employer,
        lowest_statement, no_clinical_supervision, supervision_monthly,
        top_training_need), question_id, item (the option or statement), theme, count,
        n_answered (the base: the workforce for responses), pct, pct_ci_low/high, mean,
        mean_ci_low/high, low_base, suppressed, note.  Ties for the top training need
        give a row each.  A suppressed locality gives one placeholder row."""
        import polars as pl

        schema = {
            "wave": pl.Int64,
            "role": pl.String,
            "locality": pl.String,
            "figure": pl.String,
            "question_id": pl.String,
            "item": pl.String,
            "theme": pl.String,
            "count": pl.Int64,
            "n_answered": pl.Int64,
            "pct": pl.Float64,
            "pct_ci_low": pl.Float64,
            "pct_ci_high": pl.Float64,
            "mean": pl.Float64,
            "mean_ci_low": pl.Float64,
            "mean_ci_high": pl.Float64,
            "low_base": pl.Boolean,
        }
        status = self.group_status(role, wave, locality)
        empty = pl.DataFrame([], schema=schema)
        if status.suppressed:
            return suppression.placeholder(empty, status, wave=wave, role=role)
        base = {"wave": wave, "role": role, "locality": locality}
        rows: list[dict[str, Any]] = []
        workforce = self.workforce(role, wave) if locality is None else None
        n = status.respondents or 0
        # The response rate is a count of the workforce, not an estimate: no interval.
        rows.append(
            {
                **base,
                "figure": "responses",
                "item": "respondents",
                "count": n,
                "n_answered": workforce,
                "pct": round(100 * n / workforce, 1) if workforce else None,
                "low_base": stats.low_base(n, self.low_base),
            }
        )
        demographics = self.theme("demographics", role, wave, locality, change=False)
        for qid in ("tenure", EMPLOYMENT, "employer"):
            for r in demographics.filter(pl.col("question_id") == qid).iter_rows(named=True):
                if r["option"] is None or not r["count"]:
                    continue
                rows.append(
                    {
                        **base,
                        "figure": qid,
                        "question_id": qid,
                        "item": r["option"],
                        **{
                            k: r[k]
                            for k in (
                                "count",
                                "n_answered",
                                "pct",
                                "pct_ci_low",
                                "pct_ci_high",
                                "low_base",
                            )
                        },
                    }
                )
        low = self.low_scores(role, wave, locality)
        for r in low.iter_rows(named=True):
            rows.append(
                {
                    **base,
                    "figure": "lowest_statement",
                    "question_id": r["question_id"],
                    "item": r["statement"],
                    "theme": r["theme"],
                    "n_answered": r["n"],
                    **{k: r[k] for k in ("mean", "mean_ci_low", "mean_ci_high", "low_base")},
                }
            )
        gaps = self.supervision_gaps(role, wave, locality)
        for g in gaps.iter_rows(named=True):
            if not g["n_answered"]:
                continue
            rows.append(
                {
                    **base,
                    "figure": "no_clinical_supervision",
                    "item": "no clinical supervision",
                    "count": g["n_no_clinical"],
                    "n_answered": g["n_answered"],
                    "pct": g["pct_no_clinical"],
                    "pct_ci_low": g["pct_no_clinical_ci_low"],
                    "pct_ci_high": g["pct_no_clinical_ci_high"],
                    "low_base": g["low_base"],
                }
            )
            if g["n_answered_frequency"]:
                interval = stats.wilson_interval(
                    g["n_regular"],
                    g["n_answered_frequency"],
                    workforce if locality is None else None,
                )
                rows.append(
                    {
                        **base,
                        "figure": "supervision_monthly",
                        "item": "supervision at least monthly",
                        "count": g["n_regular"],
                        "n_answered": g["n_answered_frequency"],
                        "pct": g["pct_regular"],
                        "pct_ci_low": round(interval[0], 1) if interval else None,
                        "pct_ci_high": round(interval[1], 1) if interval else None,
                        "low_base": stats.low_base(g["n_answered_frequency"], self.low_base),
                    }
                )
        training = self.theme("training", role, wave, locality, change=False)
        needs = training.filter(
            (pl.col("question_id") == TRAINING_NEEDS)
            & pl.col("option").is_not_null()
            & (pl.col("count") > 0)
        )
        if needs.height:
            top = needs["count"].max()
            for r in needs.filter(pl.col("count") == top).iter_rows(named=True):
                rows.append(
                    {
                        **base,
                        "figure": "top_training_need",
                        "question_id": qid,
                        "item": r["option"],
                        **{
                            k: r[k]
                            for k in (
                                "count",
                                "n_answered",
                                "pct",
                                "pct_ci_low",
                                "pct_ci_high",
                                "low_base",
                            )
                        },
                    }
                )
        for r in rows:
            if r["figure"] == "top_training_need":
                r["question_id"] = TRAINING_NEEDS
        frame = pl.DataFrame(rows, schema=schema, orient="row") if rows else empty
        return suppression.with_status_columns(frame, status)

    def view(
        self, name: str, role: str, wave: int, locality: str | None = ALL_LOCALITIES
    ) -> pl.DataFrame:
        """Any named view as the `summary` command and exports know them."""
        if name == "overview":
            return self.overview(role, wave, locality)
        if name == "low_scores":
            return self.low_scores(role, wave, locality)
        if name == "supervision_gaps":
            return self.supervision_gaps(role, wave, locality)
        if name in THEMES:
            return self.theme(name, role, wave, locality)
        if name == "comments":
            return self.comments(role, wave, None, locality)
        raise UsageError(f"unknown theme {name!r}; expected one of {', '.join(VIEW_TITLES)}")

    # -- comparing roles --------------------------------------------------------------
    def role_comparison(
        self,
        wave: int,
        locality: str | None = ALL_LOCALITIES,
        *,
        threshold: float = LOW_SCORE_THRESHOLD,
    ) -> pl.DataFrame:
        """Every role's key figures side by side (the All roles tab and its export): one
        row per role and figure, roles in their order, figures in the tab's order.

        Columns: wave, role, role_label, locality, figure (a stable id), label, unit
        ('percent', 'mean' of 1-5, 'statements'), value, count, base, answer (the
        statement or option the figure names), suppressed, note.  A share is `count`
        of `base` (value: its percentage); a mean's `count` is who answered; the
        statements figure counts those averaging below `threshold` (count) of those
        answered (base).  Statistics (tui/stats.py): pct_ci_low/high on a share,
        low_base on a share or mean.  Responses: count = respondents, and for all localities base =
        the workforce and value = the response rate.  Band questions (engagement,
        single choice) add a `mode_<question_id>` figure for the roles asked them.
        A hidden group's figures are null with its note (tui/suppression.py); a role
        with nobody in the locality has null figures and the note "no responses"."""
        import polars as pl

        frame = self.query(
            "role_comparison",
            wave=wave,
            locality=locality,
            threshold=threshold,
            training_question=TRAINING_NEEDS,
            mdt_question=MDT_MEMBER,
            mdt_option=MDT_YES,
            outcome_question=OUTCOME_MEASURES,
        )
        frame = self._suppressed_by_role(frame, wave)
        frame = self._comparison_certainty(frame, wave, locality)
        frame = self._below_by_theme(frame, wave, locality, threshold)
        # figures in the tab's order, roles in theirs within each figure
        order = {
            figure: i
            for i, figure in enumerate(frame["figure"].unique(maintain_order=True).to_list())
        }
        return frame.sort(
            pl.col("figure").replace_strict(order, return_dtype=pl.Int64), maintain_order=True
        )

    def _below_by_theme(
        self, frame: pl.DataFrame, wave: int, locality: str | None, threshold: float
    ) -> pl.DataFrame:
        """The statements-below-threshold figure's `answer`: which themes they come
        from ("3 role & support, 2 supervision"), so "5 below 3" says what it counts."""
        import polars as pl

        answers = []
        for r in frame.iter_rows(named=True):
            answer = r["answer"]
            if r["figure"] == "statements_below_threshold" and r["value"]:
                low = self.low_scores(r["role"], wave, locality, threshold)
                low = low.filter(~pl.col("suppressed").fill_null(False))
                parts = [
                    f"{(low['theme'] == t).sum()} {THEMES[t].lower()}"
                    for t in THEMES
                    if (low["theme"] == t).any()
                ]
                answer = ", ".join(parts) or None
            answers.append(answer)
        return frame.with_columns(pl.Series("answer", answers, dtype=pl.String))

    def _comparison_certainty(
        self, frame: pl.DataFrame, wave: int, locality: str | None
    ) -> pl.DataFrame:
        """role_comparison's statistics (tui/stats.py), computed from the figures left
        after suppression (so a hidden group's are null too): pct_ci_low/high for a
        share (Wilson; the role's workforce as population for all localities) and
        low_base (a share's base, a mean's or the responses' count under --low-base)."""
        import polars as pl

        lows, highs, flags = [], [], []
        for r in frame.iter_rows(named=True):
            interval, flag = None, None
            if r["unit"] == "percent" and r["count"] is not None and r["base"]:
                if r["figure"] != "responses":  # a response rate is a count, not a guess
                    population = self.workforce(r["role"], wave) if locality is None else None
                    interval = stats.wilson_interval(r["count"], r["base"], population)
                flag = stats.low_base(
                    r["base"] if r["figure"] != "responses" else r["count"], self.low_base
                )
            elif r["unit"] == "mean" and r["count"] is not None:
                flag = stats.low_base(r["count"], self.low_base)
            lows.append(round(interval[0], 1) if interval else None)
            highs.append(round(interval[1], 1) if interval else None)
            flags.append(flag)
        tail = ["suppressed", "note"]
        out = frame.with_columns(
            pl.Series("pct_ci_low", lows, dtype=pl.Float64),
            pl.Series("pct_ci_high", highs, dtype=pl.Float64),
            pl.Series("low_base", flags, dtype=pl.Boolean),
        )
        return out.select([c for c in out.columns if c not in tail] + tail)

    def role_theme_comparison(
        self, theme: str, wave: int, locality: str | None = ALL_LOCALITIES
    ) -> pl.DataFrame:
        """One theme for every role side by side (the All roles tab and its export): one
        row per role and question the role was asked (not free text), roles in their
        order, questions in the questionnaire's.

        Columns: wave, role, role_label, locality, question_id, question, qtype,
        question_order, unit, value, count, base, answer, suppressed, note.  A statement
        (unit 'mean'): value its mean of 1-5, count who answered.  A choice question
        (unit 'percent'): answer its most common option (ties joined with " / "; a
        "none of these" option never counts, see the question_modes view), count its
        picks, base who answered, value the share.  Hidden groups as role_comparison."""
        if theme not in THEMES:
            raise UsageError(f"unknown theme {theme!r}; expected one of {', '.join(THEMES)}")
        frame = self.query("role_theme_comparison", theme=theme, wave=wave, locality=locality)
        return self._suppressed_by_role(frame, wave)

    def _suppressed_by_role(self, frame: pl.DataFrame, wave: int) -> pl.DataFrame:
        """A frame of several roles' figures (columns value, count, base, answer) through
        the suppression rule, each role by its own plan; roles stay in their order."""
        import polars as pl

        figures = ["value", "count", "base", "answer"]
        parts = []
        for role in frame["role"].unique(maintain_order=True).to_list():
            mine = frame.filter(pl.col("role") == role)
            # Only the figures go through apply: the row's labels are not about people.
            shown = self._suppressed(mine.select("locality", *figures), role, wave)
            parts.append(mine.drop(figures).hstack(shown.drop("locality")))
        if not parts:
            return frame.with_columns(
                pl.lit(None, dtype=pl.Boolean).alias("suppressed"),
                pl.lit(None, dtype=pl.String).alias("note"),
            )
        return pl.concat(parts, how="vertical_relaxed")

    # -- comparing localities ---------------------------------------------------------
    def locality_comparison(
        self,
        theme: str,
        role: str,
        wave: int,
        *,
        include_total: bool = True,
        threshold: float = LOW_SCORE_THRESHOLD,
    ) -> pl.DataFrame:
        """One row per locality (every known locality, in order) with the theme's key
        figures, after the role total (locality null) unless include_total=False.

        Columns: wave, role, locality, respondents, then per theme
          role_support, supervision: lowest_question_id, lowest_statement, lowest_mean,
              lowest_n, n_low (statements averaging below `threshold`),
              lowest_vs_rest_significant (that statement in the locality against the
              rest of its role, Welch's t-test), lowest_mean_ci_low/high (its mean's
              95% t-interval);
              supervision also types_answered, n_no_clinical, pct_no_clinical, pct_regular
              and no_clinical_vs_rest_significant (the locality against the rest of
              its role: total minus the locality, two-proportion or Fisher's test)
              and pct_no_clinical_ci_low/high;
          training: training_answered, top_need, top_need_count, top_need_pct,
              top_need_pct_ci_low/high, top_need_vs_rest_significant;
          mdt_outcomes: mdt_answered, mdt_count, pct_mdt, outcomes_answered,
              top_outcome_measure, top_outcome_pct, pct_mdt_ci_low/high,
              mdt_vs_rest_significant, top_outcome_pct_ci_low/high,
              top_outcome_vs_rest_significant;
          engagement: per single-choice question of the theme, in questionnaire order,
              mode_<question_id> (the modal band; ties joined with " / ") and
              mode_<question_id>_pct; then per question mode_<question_id>_pct_ci_low/high
              and mode_<question_id>_vs_rest_significant;
          demographics: employment_answered, full_time_count, pct_full_time,
              pct_full_time_ci_low/high, full_time_vs_rest_significant;
        Every share's interval (`<share>_ci_low/_ci_high`, percent) is Wilson's, with
        the finite population correction on the role total's row only; every
        `<figure>_vs_rest_significant` tests the locality against the rest of its role
        (total minus the locality) on the same option (a top option: the locality's,
        not the rest's own top), two-proportion or Fisher's test (tui/stats.py); null
        on the total's row.  Then low_base (respondents under the --low-base
        threshold), suppressed and note.  A locality with no respondents has
        respondents 0, null figures and the note "no responses"."""
        import polars as pl

        if theme not in THEMES:
            raise UsageError(f"unknown theme {theme!r}; expected one of {', '.join(THEMES)}")
        params = {"role": role, "wave": wave}
        frame = self.query("compare_groups", **params)
        parts: list[pl.DataFrame] = []
        if theme in LIKERT_THEMES:
            parts.append(
                self.query("compare_lowest_statement", theme=theme, threshold=threshold, **params)
            )
        if theme == "supervision":
            parts.append(self.query("compare_supervision_gaps", **params))
        if theme == "training":
            parts.append(self._top_option(TRAINING_NEEDS, "training_answered", "top_need", params))
        if theme == "mdt_outcomes":
            parts.append(
                self.query(
                    "compare_option_share", question_id=MDT_MEMBER, option=MDT_YES, **params
                ).select(
                    "locality_order",
                    pl.col("n_answered").alias("mdt_answered"),
                    pl.col("count").alias("mdt_count"),
                    pl.col("pct").alias("pct_mdt"),
                )
            )
            top = self._top_option(
                OUTCOME_MEASURES,
                "outcomes_answered",
                "top_outcome_measure",
                params,
                figures="top_outcome",
            )
            parts.append(top.drop("top_outcome_count"))
        if theme == "engagement":
            modes = self.query("compare_modes", theme=theme, **params)
            for qid in modes["question_id"].unique(maintain_order=True).to_list():
                parts.append(
                    modes.filter(pl.col("question_id") == qid).select(
                        "locality_order",
                        pl.col("top_option").alias(f"mode_{qid}"),
                        pl.col("top_pct").alias(f"mode_{qid}_pct"),
                    )
                )
        if theme == "demographics":
            parts.append(
                self.query(
                    "compare_option_share", question_id=EMPLOYMENT, option=FULL_TIME, **params
                ).select(
                    "locality_order",
                    pl.col("n_answered").alias("employment_answered"),
                    pl.col("count").alias("full_time_count"),
                    pl.col("pct").alias("pct_full_time"),
                )
            )
        for part in parts:
            frame = frame.join(part, on="locality_order", how="left", maintain_order="left")
        if theme in LIKERT_THEMES:
            frame = self._lowest_against_rest(frame, theme, role, wave)
        if theme == "supervision":
            # the locality's share with no clinical supervision against the rest of
            # its role (total minus the locality): two-proportion or Fisher's test
            frame = stats.share_against_rest(
                frame, "n_no_clinical", "types_answered", "no_clinical_vs_rest_significant"
            )
        frame = self._shares_against_rest(frame, theme, role, wave)
        frame = frame.with_columns((pl.col("respondents") < self.low_base).alias("low_base"))
        if not include_total:
            frame = frame.filter(pl.col("locality").is_not_null())
        frame = self._suppressed(frame.drop("locality_order"), role, wave)
        return self._mark_empty(frame, role, wave)

    def _shares_against_rest(
        self, frame: pl.DataFrame, theme: str, role: str, wave: int
    ) -> pl.DataFrame:
        """Each share of the by-locality view with its 95% interval
        (`<share>_ci_low/_ci_high`, Wilson; the role's workforce corrects the total's
        only) and, on a locality's row, `<figure>_vs_rest_significant`: the locality
        against the rest of its role (total minus the locality) on the same option,
        two-proportion or Fisher's test (tui/stats.py)."""
        population = self.workforce(role, wave)
        shares: list[tuple[str, str, str, str]] = []  # count, base, share, figure
        tops: dict[str, tuple[str, str]] = {}  # question_id -> share, figure
        if theme == "supervision":
            shares.append(("n_no_clinical", "types_answered", "pct_no_clinical", "no_clinical"))
        if theme == "training":
            tops[TRAINING_NEEDS] = ("top_need_pct", "top_need")
        if theme == "mdt_outcomes":
            shares.append(("mdt_count", "mdt_answered", "pct_mdt", "mdt"))
            tops[OUTCOME_MEASURES] = ("top_outcome_pct", "top_outcome")
        if theme == "engagement":
            for column in frame.columns:
                if column.startswith("mode_") and column.endswith("_pct"):
                    qid = column.removeprefix("mode_").removesuffix("_pct")
                    tops[qid] = (column, f"mode_{qid}")
        if theme == "demographics":
            shares.append(("full_time_count", "employment_answered", "pct_full_time", "full_time"))
        for count, base, share, figure in shares:
            frame = stats.share_intervals(frame, count, base, share, population)
            flag = f"{figure}_vs_rest_significant"
            if flag not in frame.columns:
                frame = stats.share_against_rest(frame, count, base, flag)
        if tops:
            frame = self._tops_against_rest(frame, theme, role, wave, tops, population)
        return frame

    def _tops_against_rest(
        self,
        frame: pl.DataFrame,
        theme: str,
        role: str,
        wave: int,
        tops: dict[str, tuple[str, str]],
        population: int | None,
    ) -> pl.DataFrame:
        """For each choice question (id -> (share column, figure)): the interval of the
        locality's top share and whether it differs from the rest of the role's share
        choosing the same option (a tie: every tied option must differ, see
        stats.all_significant)."""
        import polars as pl

        rows = self.query("compare_top_option_rest", theme=theme, role=role, wave=wave)
        tied: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
        for r in rows.iter_rows(named=True):
            tied.setdefault((r["question_id"], r["locality"]), []).append(r)
        places = frame["locality"].to_list()
        for qid, (share, figure) in tops.items():
            counts, bases, flags = [], [], []
            for place in places:
                options = tied.get((qid, place), [])
                counts.append(options[0]["count"] if options else None)
                bases.append(options[0]["n_answered"] if options else None)
                flags.append(
                    stats.all_significant(
                        [
                            stats.vs_rest(
                                o["count"], o["n_answered"], o["total_count"], o["total_answered"]
                            )
                            for o in options
                        ]
                    )
                    if place is not None
                    else None
                )
            frame = stats.share_intervals(
                frame.with_columns(
                    pl.Series("_top_count", counts, dtype=pl.Int64),
                    pl.Series("_top_base", bases, dtype=pl.Int64),
                ),
                "_top_count",
                "_top_base",
                share,
                population,
            ).drop("_top_count", "_top_base")
            frame = frame.with_columns(
                pl.Series(f"{figure}_vs_rest_significant", flags, dtype=pl.Boolean)
            )
        return frame

    def _lowest_against_rest(
        self, frame: pl.DataFrame, theme: str, role: str, wave: int
    ) -> pl.DataFrame:
        """lowest_vs_rest_significant: the locality's lowest statement against the rest
        of its role on that statement (total minus the locality; Welch's t-test), and
        lowest_mean_ci_low/high: that mean's 95% t-interval (the role total's with the
        finite population correction, a locality's without)."""
        import polars as pl

        total = stats.likert_counts(
            self.query("likert", theme=theme, role=role, wave=wave, locality=None)
        )
        # Every locality's statements in one read (was one read per locality: ~420
        # on a national file, seconds before the table showed).
        every = self.query("likert_localities", theme=theme, role=role, wave=wave)
        counts_in = {
            place: stats.likert_counts(part)
            for (place,), part in every.partition_by("locality", as_dict=True).items()
        }
        population = self.workforce(role, wave)
        flags: list[bool | None] = []
        lows: list[float | None] = []
        highs: list[float | None] = []
        for row in frame.iter_rows(named=True):
            qid, place = row.get("lowest_question_id"), row["locality"]
            here = (
                counts_in.get(place, {}).get(qid)
                if place is not None and qid
                else total.get(qid)
                if qid
                else None
            )
            interval = (
                stats.mean_interval(here, population if place is None else None) if here else None
            )
            lows.append(round(interval[0], 2) if interval else None)
            highs.append(round(interval[1], 2) if interval else None)
            if place is None or here is None or qid not in total:
                flags.append(None)
                continue
            flags.append(stats.mean_against_rest(here, total[qid])[1])
        return frame.with_columns(
            pl.Series("lowest_vs_rest_significant", flags, dtype=pl.Boolean),
            pl.Series("lowest_mean_ci_low", lows, dtype=pl.Float64),
            pl.Series("lowest_mean_ci_high", highs, dtype=pl.Float64),
        )

    def _top_option(
        self,
        question_id: str,
        answered: str,
        name: str,
        params: dict[str, Any],
        figures: str | None = None,
    ) -> pl.DataFrame:
        import polars as pl

        figures = figures or name
        return self.query("compare_top_option", question_id=question_id, **params).select(
            "locality_order",
            pl.col("n_answered").alias(answered),
            pl.col("top_option").alias(name),
            pl.col("top_count").alias(f"{figures}_count"),
            pl.col("top_pct").alias(f"{figures}_pct"),
        )

    def _mark_empty(self, frame: pl.DataFrame, role: str, wave: int) -> pl.DataFrame:
        """Rows of a locality with no respondents: figures null, respondents 0."""
        import polars as pl

        plan = self.suppression_plan(role, wave)
        empty = [loc for loc, n in plan.groups if n == 0]
        if not empty:
            return frame
        keep = suppression.IDENTITY_COLUMNS | {"respondents"}
        is_empty = pl.col("locality").is_in(empty).fill_null(False)
        return frame.with_columns(
            pl.when(is_empty).then(None).otherwise(pl.col(c)).alias(c)
            for c in frame.columns
            if c not in keep
        )

    def likert_questions(self, role: str, wave: int) -> pl.DataFrame:
        """question_id, theme, statement: the role's Likert statements in order."""
        return self.query("likert_questions", role=role, wave=wave)

    def statement_by_locality(
        self, question_id: str, role: str, wave: int, *, include_total: bool = True
    ) -> pl.DataFrame:
        """One Likert statement per locality, after the role total (locality null) unless
        include_total=False.  Columns: wave, role, locality, question_id, statement,
        respondents, n, n_not_answered, mean, n_1 … n_5, mean_ci_low/high,
        pct_favourable/neutral/unfavourable, low_base, rest_mean (the rest of the role:
        the total minus the locality) and vs_rest_significant (Welch's test of the
        locality against that rest, at 5%), suppressed, note.  A locality
        with no respondents has respondents 0, n 0, mean null, the note "no responses"."""
        import polars as pl

        known = self.likert_questions(role, wave)
        # A role nobody answered as in this wave has no questions stored: its frame is
        # the explicit empty state (every locality "no responses"), not an error.
        if known.height and question_id not in set(known["question_id"]):
            ids = ", ".join(known["question_id"]) or "none"
            raise UsageError(
                f"unknown Likert statement {question_id!r} for {role} in "
                f"{wave}; expected one of {ids}"
            )
        frame = self.query(
            "statement_by_locality", question_id=question_id, **{"role": role, "wave": wave}
        ).drop("locality_order")
        frame = stats.likert_figures(
            frame, low_base_at=self.low_base, population=self.workforce(role, wave)
        )
        frame = stats.against_rest(frame)
        if not include_total:
            frame = frame.filter(pl.col("locality").is_not_null())
        return self._suppressed(frame, role, wave)
