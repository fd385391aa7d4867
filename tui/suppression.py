"""Small-number suppression: no figure is shown for a group of fewer than K people.

A *group* is one role's respondents in one locality in one wave (respondents who gave no
locality form the group "Not stated").  The data layer (tui/data.py) plans suppression
for a role and wave from the respondent counts per locality, then passes every frame it
returns through `apply`, so the explorer, `summary` and every export see the same cells.

The rule, with K = SurveyData.min_group (default 5):

1. **No responses.**  A locality with 0 respondents has no figures to hide.  It is listed,
   marked "no responses", and is *not* suppressed.  Because its figures are known to be
   zero it protects nothing: it never counts as one of the hidden groups below.

2. **Primary suppression.**  A group with 1 to K-1 respondents is suppressed: every
   count, percentage, mean and distribution of it is nulled (the respondent count too),
   its comments are hidden, and its rows carry `suppressed = true` and the note
   "fewer than K".

3. **Complementary suppression.**  Role totals stay visible (see 5), so for any figure a
   reader can compute  total - sum(shown groups) = sum(hidden groups).  That difference
   must not describe a single group, nor a pool of fewer than K people.  So the set H of
   hidden groups (all of them with at least one respondent) must satisfy one of

       a. H is empty;
       b. H holds every group with respondents (the difference is the role total itself,
          which is shown anyway by rule 5);
       c. H holds at least two groups AND their respondents add up to at least K.

   While none holds, the shown group with the fewest respondents (ties: the first in
   locality order) is hidden too, with the note "hidden to protect a locality with fewer
   than K".  We chose this over merging into an "Other localities" row: it keeps one row
   per real locality everywhere, and no pooled figures need computing.  One extra group
   is always enough: it has at least K respondents, so afterwards |H| >= 2 and the pool
   has at least K people.  The same hidden set is used for every output of that role
   and wave (theme tables, Likert statements, low scores, supervision gaps, comments,
   locality lists, the locality comparison, statement-by-locality).

4. **K = 1** hides nothing (no group has between 1 and 0 respondents): everything is
   shown.  The command line says so loudly on stderr.

5. **Role totals are never suppressed** (the all-localities rows, `locality` NULL), as
   the issue asks ("Roles' totals stay visible"), even when a whole role has fewer than
   K respondents.  Such a total row is not hidden but carries the note
   "role total under K: shown (totals are not suppressed)" so the reader knows.  In that
   case every locality of the role is hidden (rule 2) and rule 3b applies: the total is
   the only figure published for those people.  The known cost: if all of them gave
   the same locality, the others read "no responses", so that locality's figures are
   the (visible) total's.  Hiding which localities are empty would contradict rule 1;
   we keep the totals-visible choice the issue makes and say so in the note.

6. **A locality's own count is a figure about it.**  A question whose options are the
   localities ("Which locality do you work in?") counts each locality's respondents in
   the role total's rows.  A row whose `option` names a hidden locality (compared after
   folding case, spaces and Unicode forms) is therefore that locality's figure: in the
   role total's rows it is hidden like the locality itself (same note), whatever the
   question.  Respondents who gave no locality ("Not stated") are that question's
   unanswered: when "Not stated" is hidden, the question's `n_answered`,
   `n_not_answered`, shares and every other figure but the shown localities' counts are
   nulled in the role total's rows, since total - n_answered would give it away.  The
   rule keys on the option's text, not on a question id, so it holds for any codebook.

What this does not cover: differences across waves, or between runs with different K
(the person choosing `--min-group 1` sees everything by design).  Locality filters are
the only breakdown the explorer offers below the role total, so they are the only
groups planned here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

DEFAULT_MIN_GROUP = 5
DEFAULT_MIN_COMMENTS = 10  # comments need a bigger group: writing can be recognised
NO_RESPONSES = "no responses"
NOT_STATED = "Not stated"  # the group of respondents who gave no locality

SHOWN = "shown"
EMPTY = "no_responses"
SMALL = "fewer_than_k"
COMPLEMENTARY = "complementary"
TOTAL = "total"
FEW_FOR_COMMENTS = "fewer_than_min_comments"

# Columns that say *what* a row is about rather than a figure about people.  They stay
# in a suppressed row; every other column is a figure and is nulled.  (A new column added
# to a query is therefore hidden by default.)
IDENTITY_COLUMNS = frozenset(
    {
        "wave",
        "role",
        "locality",
        "theme",
        "question_id",
        "question",
        "statement",
        "qtype",
        "source",
        "option",
        "marker",
        "question_note",
        "option_order",
        "question_order",
        "locality_order",
        "suppressed",
        "note",
    }
)


def small_note(k: int) -> str:
    return f"fewer than {k}"


def complementary_note(k: int) -> str:
    return f"hidden to protect a locality with fewer than {k}"


def small_total_note(k: int) -> str:
    return f"role total under {k}: shown (totals are not suppressed)"


def hidden_comments_note(k: int) -> str:
    return (
        f"comments from localities with fewer than {k} respondents (and any locality "
        "hidden to protect them) are not shown"
    )


def comments_floor_note(k: int) -> str:
    return f"comments are not shown for groups of fewer than {k} respondents (--min-comments)"


def pooled_comments_note(k: int, shown: bool) -> str:
    if shown:
        return (
            f"comments from localities with fewer than {k} respondents are shown "
            "without their locality"
        )
    return (
        f"comments from localities with fewer than {k} respondents are not shown (--min-comments)"
    )


def off_warning(k: int = 1) -> str:
    return (
        f"small-number suppression is OFF (--min-group {k}): every figure is shown, "
        "however few people it describes"
    )


@dataclass(frozen=True)
class GroupStatus:
    """How one locality (None: the role total) of a role and wave is shown."""

    locality: str | None
    respondents: int | None  # None when the count itself is hidden
    suppressed: bool
    reason: str  # shown, no_responses, fewer_than_k, complementary, total
    note: str | None

    @property
    def no_responses(self) -> bool:
        return self.reason == EMPTY


@dataclass(frozen=True)
class SuppressionPlan:
    """Which localities of one role and wave are hidden, and why."""

    min_group: int
    groups: tuple[tuple[str, int], ...]  # (locality, respondents), display order
    small: frozenset[str]
    complementary: frozenset[str]

    # A plan is asked about every row of every frame (a national file has hundreds of
    # localities and frames of hundreds of rows): its total, its respondents by locality
    # and each locality's status are worked out once per plan, not once per row.
    @cached_property
    def total(self) -> int:
        return sum(n for _loc, n in self.groups)

    @cached_property
    def hidden(self) -> frozenset[str]:
        return self.small | self.complementary

    @cached_property
    def _sizes(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for name, n in self.groups:
            sizes.setdefault(name, n)  # the first, as a scan in display order finds it
        return sizes

    @cached_property
    def _statuses(self) -> dict[str | None, GroupStatus]:
        return {}

    def respondents_of(self, locality: str) -> int:
        return self._sizes.get(locality, 0)

    def status(self, locality: str | None) -> GroupStatus:
        known = self._statuses.get(locality)
        if known is None:
            known = self._statuses[locality] = self._status(locality)
        return known

    def _status(self, locality: str | None) -> GroupStatus:
        k = self.min_group
        if locality is None:
            if self.total == 0:
                return GroupStatus(None, 0, False, EMPTY, NO_RESPONSES)
            note = small_total_note(k) if self.total < k else None
            return GroupStatus(None, self.total, False, TOTAL, note)
        if locality in self.small:
            return GroupStatus(locality, None, True, SMALL, small_note(k))
        if locality in self.complementary:
            return GroupStatus(locality, None, True, COMPLEMENTARY, complementary_note(k))
        n = self.respondents_of(locality)
        if n == 0:
            return GroupStatus(locality, 0, False, EMPTY, NO_RESPONSES)
        return GroupStatus(locality, n, False, SHOWN, None)


def residual_is_safe(sizes: Iterable[int], hidden_sizes: Iterable[int], k: int) -> bool:
    """Rule 3: may the reader see total - shown = sum(hidden)?"""
    nonempty = [n for n in sizes if n > 0]
    hidden = [n for n in hidden_sizes if n > 0]
    if not hidden or len(hidden) == len(nonempty):
        return True
    return len(hidden) >= 2 and sum(hidden) >= k


def plan(groups: Iterable[tuple[str, int]], min_group: int = DEFAULT_MIN_GROUP) -> SuppressionPlan:
    """Plan suppression for one role and wave from its respondents per locality."""
    k = int(min_group)
    if k < 1:
        raise ValueError(f"min_group must be at least 1, not {min_group!r}")
    ordered = tuple((str(loc), int(n)) for loc, n in groups)
    small = [loc for loc, n in ordered if 0 < n < k]
    hidden = set(small)
    complementary: list[str] = []
    sizes = [n for _loc, n in ordered]
    while not residual_is_safe(sizes, [n for loc, n in ordered if loc in hidden], k):
        candidates = [
            (n, i, loc) for i, (loc, n) in enumerate(ordered) if n > 0 and loc not in hidden
        ]
        _n, _i, pick = min(candidates)
        hidden.add(pick)
        complementary.append(pick)
    return SuppressionPlan(k, ordered, frozenset(small), frozenset(complementary))


# -- frames ---------------------------------------------------------------------------------
def figure_columns(frame: pl.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in IDENTITY_COLUMNS]


def apply(
    frame: pl.DataFrame, plan: SuppressionPlan, locality_column: str = "locality"
) -> pl.DataFrame:
    """Null every figure of a hidden group's rows; add `suppressed` and `note` columns.

    Each row is judged by its locality (NULL: the role total, always shown)."""
    import polars as pl

    statuses = [plan.status(loc) for loc in frame[locality_column].to_list()]
    out = frame.with_columns(
        pl.Series("suppressed", [s.suppressed for s in statuses], dtype=pl.Boolean),
        pl.Series("note", [s.note for s in statuses], dtype=pl.String),
    )
    hide = pl.col("suppressed")
    out = out.with_columns(
        pl.when(hide).then(None).otherwise(pl.col(c)).alias(c) for c in figure_columns(frame)
    )
    return _hide_locality_options(out, plan, locality_column)


def _fold(text: object) -> str:
    """A label folded for comparing an option with a locality's name."""
    value = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"\s+", " ", value).strip().casefold()


def _hide_locality_options(
    frame: pl.DataFrame, plan: SuppressionPlan, locality_column: str
) -> pl.DataFrame:
    """Rule 6: in the role total's rows, an option (or a comparison's `answer`, the most
    common option, ties joined with " / ") naming a hidden locality is that locality's
    count; with "Not stated" hidden, a locality question's answered and unanswered
    counts are its size."""
    import polars as pl

    labels = [c for c in ("option", "answer") if c in frame.columns]
    if not labels or not plan.hidden or frame.height == 0:
        return frame
    hidden = {_fold(loc): plan.status(loc) for loc in plan.hidden if loc != NOT_STATED}
    places = {_fold(loc) for loc, _n in plan.groups if loc != NOT_STATED}
    not_stated = NOT_STATED in plan.hidden

    def names(value: object, column: str) -> list[str]:
        if value is None:
            return []
        parts = str(value).split(" / ") if column == "answer" else [str(value)]
        return [_fold(part) for part in parts]

    rows = [[n for c in labels for n in names(frame[c][i], c)] for i in range(frame.height)]
    totals = frame[locality_column].is_null().to_list()
    done = frame["suppressed"].to_list()
    questions = (
        frame["question_id"].to_list()
        if "question_id" in frame.columns
        else list(range(frame.height))
    )  # no ids: each row is its own question
    asks_locality = {
        q for q, found in zip(questions, rows, strict=True) if any(n in places for n in found)
    }
    notes = frame["note"].to_list()
    option_rows: list[bool] = []
    share_rows: list[bool] = []
    for i, found in enumerate(rows):
        status = next((hidden[n] for n in found if n in hidden), None)
        mine = totals[i] and not done[i]
        if mine and status is not None:
            option_rows.append(True)
            share_rows.append(False)
            done[i] = True
            notes[i] = status.note
        else:
            option_rows.append(False)
            guard = mine and not_stated and questions[i] in asks_locality
            share_rows.append(guard)
            if guard:
                notes[i] = complementary_note(plan.min_group)
    if not any(option_rows) and not any(share_rows):
        return frame
    by_option = pl.Series(option_rows, dtype=pl.Boolean)
    by_share = pl.Series(share_rows, dtype=pl.Boolean)
    figures = figure_columns(frame.drop("suppressed", "note"))
    keep = {"count", "answer"}  # a shown locality's own count, and the name itself
    return frame.with_columns(
        *(
            pl.when(by_option | (by_share & pl.lit(c not in keep)))
            .then(None)
            .otherwise(pl.col(c))
            .alias(c)
            for c in figures
        ),
        pl.Series("suppressed", done, dtype=pl.Boolean),
        pl.Series("note", notes, dtype=pl.String),
    )


def placeholder(frame: pl.DataFrame, status: GroupStatus, **identity: object) -> pl.DataFrame:
    """One row standing for a hidden group whose very rows would be figures (low scores,
    comments): every column null except the identity values given, `suppressed`, `note`."""
    import polars as pl

    schema = dict(frame.schema)
    schema["suppressed"] = pl.Boolean
    schema["note"] = pl.String
    row = {name: None for name in schema}
    row.update({k: v for k, v in identity.items() if k in schema})
    row["locality"] = status.locality
    row["suppressed"] = status.suppressed
    row["note"] = status.note
    return pl.DataFrame([row], schema=schema, orient="row")


def with_status_columns(frame: pl.DataFrame, status: GroupStatus) -> pl.DataFrame:
    """Add `suppressed` / `note` for a frame about one group that is shown as it is."""
    import polars as pl

    return frame.with_columns(
        pl.lit(status.suppressed, dtype=pl.Boolean).alias("suppressed"),
        pl.lit(status.note, dtype=pl.String).alias("note"),
    )
