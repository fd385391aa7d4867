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
"""

from __future__ import annotations

import math
from functools import lru_cache

LEVEL = 0.95
ALPHA = 1 - LEVEL
Z_975 = 1.959963984540054          # the 0.975 quantile of the standard normal
DEFAULT_LOW_BASE = 10
FISHER_BELOW = 5                   # smallest expected cell for the z-test
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
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
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


def likert_moments(counts: list[int] | tuple[int, ...]) -> tuple[int, float | None,
                                                                  float | None]:
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


def mean_interval(counts: list[int] | tuple[int, ...], population: int | None = None
                  ) -> tuple[float, float] | None:
    """The 95% t-interval of a Likert mean from its 1-5 counts (scores); None for fewer
    than 2 answers.  `population`: the headcount the answers are drawn from, if known."""
    n, mean, var = likert_moments(counts)
    if mean is None or var is None:
        return None
    half = t_ppf(1 - ALPHA / 2, n - 1) * math.sqrt(var / n) * fpc(n, population)
    return max(1.0, mean - half), min(5.0, mean + half)


def wilson_interval(k: int, n: int, population: int | None = None
                    ) -> tuple[float, float] | None:
    """The 95% Wilson score interval of k of n, in percent; None when n is 0."""
    if not n:
        return None
    z = Z_975 * fpc(n, population)
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def likert_shares(counts: list[int] | tuple[int, ...]
                  ) -> tuple[float, float, float] | None:
    """Percent favourable (4-5), neutral (3) and unfavourable (1-2); None for no answers."""
    n = sum(counts)
    if not n:
        return None
    return (100 * (counts[3] + counts[4]) / n, 100 * counts[2] / n,
            100 * (counts[0] + counts[1]) / n)


def welch_test(counts_a: list[int] | tuple[int, ...], counts_b: list[int] | tuple[int, ...]
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
        return (0.0 if same else math.copysign(math.inf, m1 - m2), float(n1 + n2 - 2),
                1.0 if same else 0.0)
    t = (m1 - m2) / math.sqrt(se)
    df = se * se / (se1 * se1 / (n1 - 1) + se2 * se2 / (n2 - 1))
    p = 2 * (1 - t_cdf(abs(t), df))
    return t, df, min(1.0, max(0.0, p))


def _log_hypergeom(a: int, row1: int, row2: int, col1: int) -> float:
    """log P(top-left cell = a) for a 2x2 table with the given margins."""
    def log_comb(n: int, k: int) -> float:
        return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
    return (log_comb(row1, a) + log_comb(row2, col1 - a)
            - log_comb(row1 + row2, col1))


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
    expected = [n * share for n in (n1, n2) for share in (picked / total,
                                                          1 - picked / total)]
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
