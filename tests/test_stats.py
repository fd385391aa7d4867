"""The statistics module against independent references: scipy (a test-only dependency)
for the t distribution, Welch's test and Fisher's exact test, and formulas written out
here for the Wilson interval and the finite population correction."""

from __future__ import annotations

import math

import pytest

scipy_stats = pytest.importorskip("scipy.stats")

from tui import stats  # noqa: E402


def expand(counts: list[int]) -> list[int]:
    return [score for score, c in zip(range(1, 6), counts, strict=True) for _ in range(c)]


@pytest.mark.parametrize("df", [1, 2, 3, 4, 5, 9, 29, 52, 120, 1000, 2.5, 7.3])
@pytest.mark.parametrize("p", [0.5, 0.9, 0.975, 0.995, 0.025])
def test_t_quantile_matches_scipy(df: float, p: float) -> None:
    assert stats.t_ppf(p, df) == pytest.approx(scipy_stats.t.ppf(p, df), rel=1e-8, abs=1e-10)


@pytest.mark.parametrize("t", [-4.0, -1.0, 0.0, 0.3, 2.0, 12.0])
@pytest.mark.parametrize("df", [1, 3.7, 30, 400])
def test_t_distribution_matches_scipy(t: float, df: float) -> None:
    assert stats.t_cdf(t, df) == pytest.approx(scipy_stats.t.cdf(t, df), abs=1e-12)


@pytest.mark.parametrize(
    "counts", [[8, 14, 15, 10, 6], [0, 0, 1, 3, 2], [1, 0, 0, 0, 1], [10, 15, 13, 10, 5]]
)
def test_mean_interval_is_the_t_interval(counts: list[int]) -> None:
    values = expand(counts)
    n = len(values)
    mean = sum(values) / n
    sem = scipy_stats.sem(values)
    low, high = scipy_stats.t.interval(0.95, n - 1, loc=mean, scale=sem)
    got = stats.mean_interval(counts)
    assert got is not None
    assert got[0] == pytest.approx(max(1.0, low), abs=1e-9)
    assert got[1] == pytest.approx(min(5.0, high), abs=1e-9)


def test_population_correction_narrows_the_role_total() -> None:
    # SPLW: 53 answers of a workforce of 263.
    counts = [8, 14, 15, 10, 6]
    plain = stats.mean_interval(counts)
    corrected = stats.mean_interval(counts, population=263)
    assert plain and corrected
    factor = math.sqrt((263 - 53) / (263 - 1))
    mean = sum(expand(counts)) / 53
    assert (corrected[1] - mean) == pytest.approx((plain[1] - mean) * factor)
    # everyone answered: the mean is known exactly
    everyone = stats.mean_interval(counts, population=53)
    assert everyone is not None and everyone[0] == pytest.approx(everyone[1])


def test_no_interval_for_fewer_than_two_answers() -> None:
    assert stats.mean_interval([0, 0, 1, 0, 0]) is None
    assert stats.mean_interval([0, 0, 0, 0, 0]) is None


def wilson_reference(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    # Wilson (1927), written from Newcombe (1998) method 3, independently of the module.
    p = k / n
    a = 2 * n * p + z * z
    b = z * math.sqrt(z * z + 4 * n * p * (1 - p))
    c = 2 * (n + z * z)
    return 100 * (a - b) / c, 100 * (a + b) / c


@pytest.mark.parametrize(("k", "n"), [(14, 53), (2, 6), (0, 6), (6, 6), (81, 263), (1, 1)])
def test_wilson_interval_matches_the_formula(k: int, n: int) -> None:
    got = stats.wilson_interval(k, n)
    assert got == pytest.approx(wilson_reference(k, n), abs=1e-9)


def test_wilson_published_example() -> None:
    # Newcombe (1998), Statistics in Medicine 17:857-872, table I: 81 of 263 gives
    # 0.2553 to 0.3662 by the score method; 15 of 148 gives 0.0624 to 0.1605.
    low, high = stats.wilson_interval(81, 263)
    assert (round(low / 100, 4), round(high / 100, 4)) == (0.2553, 0.3662)
    low, high = stats.wilson_interval(15, 148)
    assert (round(low / 100, 4), round(high / 100, 4)) == (0.0624, 0.1605)


def test_wilson_with_population_uses_the_corrected_z() -> None:
    factor = math.sqrt((263 - 53) / 262)
    assert stats.wilson_interval(14, 53, population=263) == pytest.approx(
        wilson_reference(14, 53, 1.959963984540054 * factor)
    )
    assert stats.wilson_interval(14, 53, population=None) == pytest.approx(wilson_reference(14, 53))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ([8, 14, 15, 10, 6], [0, 0, 0, 53, 0]),
        ([9, 14, 13, 11, 6], [5, 10, 15, 15, 8]),
        ([0, 1, 2, 2, 1], [0, 0, 2, 3, 1]),
        ([1, 1, 0, 0, 0], [0, 0, 0, 2, 3]),
    ],
)
def test_welch_matches_scipy(a: list[int], b: list[int]) -> None:
    xa, xb = expand(a), expand(b)
    ref = scipy_stats.ttest_ind_from_stats(
        sum(xa) / len(xa),
        math.sqrt(_var(xa)),
        len(xa),
        sum(xb) / len(xb),
        math.sqrt(_var(xb)),
        len(xb),
        equal_var=False,
    )
    got = stats.welch_test(a, b)
    assert got is not None
    assert got[0] == pytest.approx(ref.statistic, rel=1e-9)
    assert got[2] == pytest.approx(ref.pvalue, rel=1e-7, abs=1e-12)


def _var(values: list[int]) -> float:
    m = sum(values) / len(values)
    return sum((v - m) ** 2 for v in values) / (len(values) - 1)


def test_welch_when_nobody_varies() -> None:
    assert stats.welch_test([0, 0, 0, 6, 0], [0, 0, 0, 6, 0])[2] == 1.0
    assert stats.welch_test([0, 0, 6, 0, 0], [0, 0, 0, 6, 0])[2] == 0.0
    assert stats.welch_test([0, 0, 1, 0, 0], [0, 0, 0, 6, 0]) is None


@pytest.mark.parametrize(
    "table",
    [
        (2, 4, 5, 1),
        (0, 6, 6, 0),
        (3, 3, 3, 3),
        (1, 9, 11, 3),
        (14, 39, 2, 4),
        (0, 5, 1, 4),
        (20, 33, 12, 41),
    ],
)
def test_fisher_matches_scipy(table: tuple[int, int, int, int]) -> None:
    a, b, c, d = table
    assert stats.fisher_exact(a, b, c, d) == pytest.approx(
        scipy_stats.fisher_exact([[a, b], [c, d]]).pvalue, rel=1e-9
    )


def test_two_proportions_use_fisher_for_small_counts() -> None:
    method, p = stats.two_proportion_test(2, 6, 3, 6)
    assert method == "fisher"
    assert p == pytest.approx(scipy_stats.fisher_exact([[2, 4], [3, 3]]).pvalue)
    method, p = stats.two_proportion_test(14, 53, 30, 53)
    assert method == "z"
    # the pooled z-test is the chi-square test without continuity correction
    chi2 = scipy_stats.chi2_contingency([[14, 39], [30, 23]], correction=False)
    assert p == pytest.approx(chi2.pvalue, rel=1e-9)


def test_shares_and_low_base() -> None:
    assert stats.likert_shares([1, 1, 2, 1, 1]) == pytest.approx((100 / 3, 100 / 3, 100 / 3))
    assert stats.likert_shares([0, 0, 0, 0, 0]) is None
    assert stats.low_base(9) is True and stats.low_base(10) is False
    assert stats.low_base(6, 5) is False and stats.low_base(None) is None
