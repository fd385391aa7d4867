"""How sure each figure is: intervals, low bases and tests of change, in one place.

Every path (the explorer, `summary`, exports and the report pack) reads these figures
from the data layer's frames (tui/data.py adds them as columns), so they are computed
here once.  Plain Python and `math` only: scipy is a test-time reference, never a
runtime dependency.  All tests are two-sided at the 5% level; all intervals are 95%.

Methods
-------
**Likert mean interval** (`mean_interval`): a t-interval from the 1-5 counts.  With n
answers, mean m and sample standard deviation s (divisor n-1), the interval is
m ± t(0.975, n-1) · s/√n · f, where f is the finite population correction below (1 when
the population is unknown).  No interval for fewer than 2 answers.  The t quantile is
computed here (`t_ppf`): the Student t distribution function written through the
regularized incomplete beta function (continued fraction, Lentz's method, as in
Numerical Recipes §6.4), inverted by bisection.

**Percentage interval** (`wilson_interval`): the Wilson score interval for k of n,
(p̂ + z²/2n ± z·√(p̂(1-p̂)/n + z²/4n²)) / (1 + z²/n) with z = 1.96 (the 0.975 normal
quantile).  With a known population the correction enters as z·f (it solves
|p̂ - p| = z·f·√(p(1-p)/n), Wilson's own derivation with the corrected standard error).
Unlike p̂ ± 1.96·√(p̂(1-p̂)/n) it never leaves 0-100% and is not zero-width at 0 of 6.

**Finite population correction** (`fpc`): f = √((N-n)/(N-1)) where the population N is
known: for a role total, the role's workforce headcount in that wave (`role_workforce`,
e.g. SPLW 53 of 263).  Not for a locality, whose headcount the file does not hold, and
not where N is missing or smaller than n.  The tests of change below do not apply it
(each wave's population is different and the tests are approximate anyway; leaving it
out makes them slightly conservative).

**Low base** (`low_base`): a figure resting on fewer than `--low-base` answers
(default 10) is flagged "low base" wherever it appears.

**Favourable / neutral / unfavourable** (`likert_shares`): the share of a statement's
answers scoring 4-5, 3 and 1-2, in percent.

**Change in a mean** (`welch_test`): Welch's unequal-variances t-test from each wave's
1-5 counts: t = (m₁ - m₂)/√(s₁²/n₁ + s₂²/n₂) with the Welch-Satterthwaite degrees of
freedom.  Needs at least 2 answers in each wave.  When both waves' answers are all the
same score the test is exact: a change is a change (p = 0), none is none (p = 1).

**Change in a share** (`two_proportion_test`): the pooled two-proportion z-test; where a
cell of the 2x2 table (picked / not picked by wave) would be expected to hold fewer than
5 people, Fisher's exact test instead (`fisher_exact`: two-sided, summing the
hypergeometric probabilities of every table with the same margins that is no more
likely than the one observed, as scipy.stats.fisher_exact does).

Respondents may answer in both waves, so the two waves are not independent samples: the
tests treat them as independent and are approximate (the README says so).

**A locality against the rest of its role** (`welch_test` / `two_proportion_test`): the
same tests, the locality's counts against the role total's counts minus the locality's.
A share (`share_against_rest`) is tested on the same option in both: for a locality's
most chosen option (its top training need, top outcome measure, modal engagement band)
that is the rest of the role's share choosing *that* option, not the rest's own top.
Where the locality's top is a tie, each tied option is tested and the locality is
called significantly different only when every one of them is (`all_significant`): the
figure is "the share choosing its top option", which must differ whichever tie is read.
The locality's interval is Wilson's without the finite population correction (its
headcount is unknown); the role total's row uses the correction (`share_intervals`).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

LEVEL = 0.95
ALPHA = 1 - LEVEL
Z_975 = 1.959963984540054  # the 0.975 quantile of the standard normal
DEFAULT_LOW_BASE = 10
FISHER_BELOW = 5  # smallest expected cell for the z-test
SCORES = (1, 2, 3, 4, 5)


# -- distributions -------------------------------------------------------------------
def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with df (> 0, not necessarily whole) degrees of freedom."""
    if math.isinf(t):
        return 1.0 if t > 0 else 0.0
    tail = 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


@lru_cache(maxsize=512)
def t_ppf(p: float, df: float) -> float:
    """The p quantile of Student's t with df degrees of freedom (bisection on t_cdf)."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must be between 0 and 1, not {p!r}")
    if p < 0.5:
        return -t_ppf(1.0 - p, df)
    if p == 0.5:
        return 0.0
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        low, high = high, high * 2.0
    for _ in range(200):
        mid = (low + high) / 2.0
        if t_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
        if high - low < 1e-12 * max(1.0, high):
            break
    return (low + high) / 2.0


def normal_sf(z: float) -> float:
    """P(Z > z) for the standard normal."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


# -- the figures ---------------------------------------------------------------------
def fpc(n: int, population: int | None) -> float:
    """The finite population correction √((N-n)/(N-1)); 1 when N is unknown (None, 0),
    1 or smaller than n."""
    if not population or population <= 1 or n > population:
        return 1.0
    return math.sqrt((population - n) / (population - 1))


def low_base(n: int | None, threshold: int = DEFAULT_LOW_BASE) -> bool | None:
    """Whether a figure on n answers is on a low base (None when there is no figure)."""
    if n is None:
        return None
    return n < threshold


def likert_moments(counts: list[int] | tuple[int, ...]) -> tuple[int, float | None, float | None]:
    """n, mean and sample variance (divisor n-1) from the counts of scores 1-5.
    The mean is None for no answers, the variance None for fewer than two."""
    n = sum(counts)
    if n == 0:
        return 0, None, None
    mean = sum(s * c for s, c in zip(SCORES, counts, strict=True)) / n
    if n < 2:
        return n, mean, None
    ss = sum(c * (s - mean) ** 2 for s, c in zip(SCORES, counts, strict=True))
    return n, mean, ss / (n - 1)


def mean_interval(
    counts: list[int] | tuple[int, ...], population: int | None = None
) -> tuple[float, float] | None:
    """The 95% t-interval of a Likert mean from its 1-5 counts (scores); None for fewer
    than 2 answers.  `population`: the headcount the answers are drawn from, if known."""
    n, mean, var = likert_moments(counts)
    if mean is None or var is None:
        return None
    half = t_ppf(1 - ALPHA / 2, n - 1) * math.sqrt(var / n) * fpc(n, population)
    return max(1.0, mean - half), min(5.0, mean + half)


def wilson_interval(k: int, n: int, population: int | None = None) -> tuple[float, float] | None:
    """The 95% Wilson score interval of k of n, in percent; None when n is 0."""
    if not n:
        return None
    z = Z_975 * fpc(n, population)
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def likert_shares(counts: list[int] | tuple[int, ...]) -> tuple[float, float, float] | None:
    """Percent favourable (4-5), neutral (3) and unfavourable (1-2); None for no answers."""
    n = sum(counts)
    if not n:
        return None
    return (
        100 * (counts[3] + counts[4]) / n,
        100 * counts[2] / n,
        100 * (counts[0] + counts[1]) / n,
    )


def welch_test(
    counts_a: list[int] | tuple[int, ...], counts_b: list[int] | tuple[int, ...]
) -> tuple[float, float, float] | None:
    """Welch's t-test of two Likert means from their 1-5 counts: (t, df, two-sided p).
    None when either side has fewer than 2 answers."""
    n1, m1, v1 = likert_moments(counts_a)
    n2, m2, v2 = likert_moments(counts_b)
    if m1 is None or m2 is None or v1 is None or v2 is None:
        return None
    se1, se2 = v1 / n1, v2 / n2
    se = se1 + se2
    if se == 0:
        same = math.isclose(m1, m2)
        return (
            0.0 if same else math.copysign(math.inf, m1 - m2),
            float(n1 + n2 - 2),
            1.0 if same else 0.0,
        )
    t = (m1 - m2) / math.sqrt(se)
    df = se * se / (se1 * se1 / (n1 - 1) + se2 * se2 / (n2 - 1))
    p = 2 * (1 - t_cdf(abs(t), df))
    return t, df, min(1.0, max(0.0, p))


def _log_hypergeom(a: int, row1: int, row2: int, col1: int) -> float:
    """log P(top-left cell = a) for a 2x2 table with the given margins."""

    def log_comb(n: int, k: int) -> float:
        return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)

    return log_comb(row1, a) + log_comb(row2, col1 - a) - log_comb(row1 + row2, col1)


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p of Fisher's exact test for the table [[a, b], [c, d]]."""
    row1, row2, col1 = a + b, c + d, a + c
    if row1 == 0 or row2 == 0 or col1 == 0 or col1 == row1 + row2:
        return 1.0
    observed = _log_hypergeom(a, row1, row2, col1)
    low, high = max(0, col1 - row2), min(row1, col1)
    total = 0.0
    for x in range(low, high + 1):
        log_p = _log_hypergeom(x, row1, row2, col1)
        if log_p <= observed + 1e-7:
            total += math.exp(log_p)
    return min(1.0, total)


def two_proportion_test(k1: int, n1: int, k2: int, n2: int) -> tuple[str, float] | None:
    """Test k1 of n1 against k2 of n2: (method, two-sided p), method "z" (pooled
    two-proportion z-test) or "fisher" (Fisher's exact, where an expected cell is under
    5).  None when either n is 0."""
    if not n1 or not n2:
        return None
    picked, total = k1 + k2, n1 + n2
    expected = [n * share for n in (n1, n2) for share in (picked / total, 1 - picked / total)]
    if min(expected) < FISHER_BELOW:
        return "fisher", fisher_exact(k1, n1 - k1, k2, n2 - k2)
    pooled = picked / total
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return "z", 1.0
    z = (k1 / n1 - k2 / n2) / se
    return "z", min(1.0, 2 * normal_sf(abs(z)))


def significant(p: float | None) -> bool | None:
    """Whether a test's p is below 5% (None when there was no test)."""
    return None if p is None else p < ALPHA


# -- frames: the columns the data layer adds --------------------------------------------
# Column names are an interface: `summary` CSV/JSON, exports and the report pack read them.
LIKERT_COLUMNS = (
    "mean_ci_low",
    "mean_ci_high",
    "pct_favourable",
    "pct_neutral",
    "pct_unfavourable",
)
OPTION_COLUMNS = ("pct_ci_low", "pct_ci_high")
CHANGE_COLUMNS = ("previous_wave", "mean_change", "pct_change", "change_significant", "change_note")
GAP_COLUMNS = ("pct_no_clinical_ci_low", "pct_no_clinical_ci_high")
REST_COLUMNS = ("rest_mean", "vs_rest_significant")
# change_note: why a row has no change although the file holds an earlier wave.
NEW, HIDDEN_THEN, NO_DATA_THEN = "new", "hidden", "no data"

Counts = tuple[int, int, int, int, int]


def _counts(row: dict) -> Counts | None:
    values = [row.get(f"n_{s}") for s in SCORES]
    if any(v is None for v in values):
        return None
    return tuple(int(v) for v in values)  # type: ignore[return-value]


def likert_counts(likert: pl.DataFrame) -> dict[str, Counts]:
    """question_id -> the 1-5 counts, for the rows of a likert frame that have them
    (a suppressed row has none)."""
    out: dict[str, Counts] = {}
    for row in likert.iter_rows(named=True):
        counts = _counts(row)
        if counts is not None:
            out[row["question_id"]] = counts
    return out


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _likert_values(counts: Counts | None, population: int | None) -> tuple[float | None, ...]:
    if counts is None or not sum(counts):
        return (None,) * len(LIKERT_COLUMNS)
    interval = mean_interval(counts, population)
    shares = likert_shares(counts) or (None, None, None)
    return (
        _round(interval[0], 2) if interval else None,
        _round(interval[1], 2) if interval else None,
        *shares,
    )  # unrounded: screens round them once, to whole percent


def _population(row: dict, population: int | None) -> int | None:
    """The correction applies to role totals only (locality null)."""
    return population if row.get("locality") is None else None


def _with(frame: pl.DataFrame, columns: dict[str, list], types: dict[str, object]) -> pl.DataFrame:
    import polars as pl

    return frame.with_columns(
        pl.Series(name, values, dtype=types[name]) for name, values in columns.items()
    )


def _float_types(names: tuple[str, ...]) -> dict[str, object]:
    import polars as pl

    return {name: pl.Float64 for name in names}


def likert_figures(
    frame: pl.DataFrame, *, low_base_at: int, population: int | None = None
) -> pl.DataFrame:
    """A frame of Likert statements (n, n_1 … n_5 per row) with mean_ci_low/high,
    pct_favourable/neutral/unfavourable and low_base added."""
    import polars as pl

    columns: dict[str, list] = {name: [] for name in (*LIKERT_COLUMNS, "low_base")}
    for row in frame.iter_rows(named=True):
        values = _likert_values(_counts(row), _population(row, population))
        for name, value in zip(LIKERT_COLUMNS, values, strict=True):
            columns[name].append(value)
        columns["low_base"].append(low_base(row.get("n"), low_base_at))
    return _with(frame, columns, {**_float_types(LIKERT_COLUMNS), "low_base": pl.Boolean})


def theme_figures(
    frame: pl.DataFrame,
    counts: dict[str, Counts],
    *,
    low_base_at: int,
    population: int | None = None,
) -> pl.DataFrame:
    """A theme frame (a row per question and option) with the Likert columns on the rows
    of Likert statements (from `counts`, the statements' 1-5 counts), pct_ci_low/high on
    every row with a share, and low_base on every row (n_answered below the threshold)."""
    import polars as pl

    names = (*LIKERT_COLUMNS, *OPTION_COLUMNS)
    columns: dict[str, list] = {name: [] for name in (*names, "low_base")}
    for row in frame.iter_rows(named=True):
        pop = _population(row, population)
        likert = _likert_values(
            counts.get(row["question_id"]) if row["qtype"] == "likert" else None, pop
        )
        interval = None
        if row.get("option") is not None and row.get("count") is not None:
            interval = wilson_interval(row["count"], row["n_answered"] or 0, pop)
        values = (
            *likert,
            _round(interval[0], 1) if interval else None,
            _round(interval[1], 1) if interval else None,
        )
        for name, value in zip(names, values, strict=True):
            columns[name].append(value)
        columns["low_base"].append(low_base(row.get("n_answered"), low_base_at))
    return _with(frame, columns, {**_float_types(names), "low_base": pl.Boolean})


def gap_figures(
    frame: pl.DataFrame, *, low_base_at: int, population: int | None = None
) -> pl.DataFrame:
    """supervision_gaps with pct_no_clinical_ci_low/high and low_base (on n_answered)."""
    import polars as pl

    columns: dict[str, list] = {name: [] for name in (*GAP_COLUMNS, "low_base")}
    for row in frame.iter_rows(named=True):
        interval = None
        if row.get("n_no_clinical") is not None:
            interval = wilson_interval(
                row["n_no_clinical"], row["n_answered"] or 0, _population(row, population)
            )
        columns[GAP_COLUMNS[0]].append(_round(interval[0], 1) if interval else None)
        columns[GAP_COLUMNS[1]].append(_round(interval[1], 1) if interval else None)
        columns["low_base"].append(low_base(row.get("n_answered"), low_base_at))
    return _with(frame, columns, {**_float_types(GAP_COLUMNS), "low_base": pl.Boolean})


def mean_against_rest(here: Counts, total: Counts) -> tuple[float | None, bool | None]:
    """A locality's 1-5 counts on a statement against the rest of its role (the
    total's counts minus the locality's): the rest's mean (2 places) and whether the
    locality differs from the rest significantly (Welch's test; None when untestable)."""
    rest = tuple(t - h for t, h in zip(total, here, strict=True))
    _n, rest_mean, _var = likert_moments(rest)
    test = welch_test(here, rest)
    return _round(rest_mean, 2), (significant(test[2]) if test else None)


def against_rest(frame: pl.DataFrame) -> pl.DataFrame:
    """A statement-by-locality frame (the role total's row has locality null) with
    rest_mean (the rest of the role: total minus the locality) and vs_rest_significant
    (Welch's test of the locality against that rest) on every locality row."""
    total = next((_counts(r) for r in frame.iter_rows(named=True) if r["locality"] is None), None)
    pairs: list[tuple[Counts, Counts] | None] = []
    for row in frame.iter_rows(named=True):
        here = _counts(row)
        testable = row["locality"] is not None and total and here and sum(here)
        pairs.append((here, total) if testable else None)
    return _with_rest(frame, pairs)


def _with_rest(frame: pl.DataFrame, pairs: list[tuple[Counts, Counts] | None]) -> pl.DataFrame:
    """`frame` with rest_mean and vs_rest_significant from `mean_against_rest` of each
    row's (locality counts, role total counts); null on a row whose pair is None."""
    import polars as pl

    tested = [mean_against_rest(*pair) if pair else (None, None) for pair in pairs]
    return _with(
        frame,
        {"rest_mean": [t[0] for t in tested], "vs_rest_significant": [t[1] for t in tested]},
        {"rest_mean": pl.Float64, "vs_rest_significant": pl.Boolean},
    )


def vs_rest(k: int, n: int, total_k: int, total_n: int) -> bool | None:
    """Whether k of n (a locality) differs significantly from the rest of its role,
    (total_k - k) of (total_n - n), by `two_proportion_test`; None when untestable
    (nobody answered in the locality or in the rest)."""
    test = two_proportion_test(k, n, total_k - k, total_n - n)
    return significant(test[1]) if test else None


def all_significant(flags: list[bool | None]) -> bool | None:
    """One flag for a tie tested option by option: True when every tested option
    differs significantly, False when any does not, None when none could be tested."""
    tested = [f for f in flags if f is not None]
    if not tested:
        return None
    return all(tested)


def statements_against_rest(
    frame: pl.DataFrame, here: dict[str, Counts], total: dict[str, Counts]
) -> pl.DataFrame:
    """One locality's Likert statements (a likert or theme frame) with rest_mean (the
    rest of the role on the statement: the total's 1-5 counts minus the locality's) and
    vs_rest_significant (Welch's test of the locality against that rest), on the rows
    of each statement the locality answered; null elsewhere (options of a choice
    question, statements nobody in the locality or the rest answered)."""
    is_theme = "qtype" in frame.columns
    pairs: list[tuple[Counts, Counts] | None] = []
    for row in frame.iter_rows(named=True):
        qid = row["question_id"]
        mine, role = here.get(qid), total.get(qid)
        testable = not (is_theme and row["qtype"] != "likert") and mine and role and sum(mine)
        pairs.append((mine, role) if testable else None)
    return _with_rest(frame, pairs)


def share_against_rest(frame: pl.DataFrame, count: str, base: str, name: str) -> pl.DataFrame:
    """A by-locality frame with `name` (Boolean): whether the locality's share
    count/base differs significantly from the rest of its role (total minus the
    locality), by the two-proportion test; null for the total and where untestable."""
    import polars as pl

    rows = list(frame.iter_rows(named=True))
    total = next((r for r in rows if r["locality"] is None), None)
    flags: list[bool | None] = []
    for row in rows:
        if (
            row["locality"] is None
            or total is None
            or row.get(count) is None
            or not row.get(base)
            or total.get(count) is None
        ):
            flags.append(None)
            continue
        flags.append(vs_rest(row[count], row[base], total[count], total[base]))
    return frame.with_columns(pl.Series(name, flags, dtype=pl.Boolean))


def share_intervals(
    frame: pl.DataFrame, count: str, base: str, figure: str, population: int | None = None
) -> pl.DataFrame:
    """A by-locality frame with `<figure>_ci_low` / `<figure>_ci_high`: the 95% Wilson
    interval of count/base in percent (one decimal), corrected by `population` on the
    role total's row only (locality null); null where nobody answered."""
    import polars as pl

    lows: list[float | None] = []
    highs: list[float | None] = []
    for row in frame.iter_rows(named=True):
        k, n = row.get(count), row.get(base)
        interval = (
            wilson_interval(k, n, _population(row, population)) if k is not None and n else None
        )
        lows.append(_round(interval[0], 1) if interval else None)
        highs.append(_round(interval[1], 1) if interval else None)
    return frame.with_columns(
        pl.Series(f"{figure}_ci_low", lows, dtype=pl.Float64),
        pl.Series(f"{figure}_ci_high", highs, dtype=pl.Float64),
    )


def change(
    frame: pl.DataFrame,
    counts_now: dict[str, Counts],
    before: pl.DataFrame,
    counts_before: dict[str, Counts],
    previous_wave: int,
) -> pl.DataFrame:
    """The one change-against-the-previous-wave function (screen, `summary`, files).

    `frame`: this wave's theme or likert frame; `before`: the previous wave's frame of
    the same kind, role and locality, already small-number suppressed; counts_*: the
    Likert statements' 1-5 counts in each wave.  Adds previous_wave, mean_change (on a
    statement's rows: the change in its mean, Welch's test), pct_change (on a choice
    option's row: percentage points, two-proportion or Fisher's test),
    change_significant (null where not comparable) and change_note ("new": not asked
    then; "hidden": the group was suppressed then; "no data": nobody in it answered
    then; null otherwise)."""
    import polars as pl

    hidden = bool(before.height and "suppressed" in before.columns and before["suppressed"].all())
    answered_col = "n_answered" if "n_answered" in before.columns else "n"
    answered = bool(before.height and (before[answered_col].fill_null(0) > 0).any())
    asked = set(before["question_id"]) if before.height else set()
    shares_before: dict[tuple[str, str], tuple[int | None, int | None]] = {}
    if "option" in before.columns:
        for r in before.iter_rows(named=True):
            if r["option"] is not None:
                shares_before[(r["question_id"], r["option"])] = (r["count"], r["n_answered"])
    is_theme = "qtype" in frame.columns
    out: dict[str, list] = {name: [] for name in CHANGE_COLUMNS}
    for row in frame.iter_rows(named=True):
        qid = row["question_id"]
        likert = row["qtype"] == "likert" if is_theme else True
        option = row.get("option") if is_theme else None
        mean_delta = pct_delta = flag = note = None
        if not likert and option is None:
            pass  # a heading or a text question
        elif hidden:
            note = HIDDEN_THEN
        elif not answered:
            note = NO_DATA_THEN
        elif qid not in asked or (not likert and (qid, option) not in shares_before):
            note = NEW
        elif likert:
            now, then = counts_now.get(qid), counts_before.get(qid)
            if now and then and sum(now) and sum(then):
                _n, m_now, _v = likert_moments(now)
                _n, m_then, _v = likert_moments(then)
                mean_delta = round(m_now - m_then, 2)  # type: ignore[operator]
                test = welch_test(now, then)
                flag = significant(test[2]) if test else None
        else:
            k_then, n_then = shares_before[(qid, option)]
            k_now, n_now = row.get("count"), row.get("n_answered")
            if k_then is not None and n_then and k_now is not None and n_now:
                pct_delta = round(100 * k_now / n_now - 100 * k_then / n_then, 1)
                test = two_proportion_test(k_now, n_now, k_then, n_then)
                flag = significant(test[1]) if test else None
        out["previous_wave"].append(previous_wave)
        out["mean_change"].append(mean_delta)
        out["pct_change"].append(pct_delta)
        out["change_significant"].append(flag)
        out["change_note"].append(note)
    types = {
        "previous_wave": pl.Int64,
        "mean_change": pl.Float64,
        "pct_change": pl.Float64,
        "change_significant": pl.Boolean,
        "change_note": pl.String,
    }
    result = _with(frame, out, types)
    if not is_theme:
        result = result.drop("pct_change")
    return result
