"""The stochastic portfolio model against independent results, and its risk measures."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cyberins.actuarial import Lognormal, Poisson, PolicyTerms, fft_aggregate
from cyberins.actuarial.portfolio import (
    ENGINE_MAX_YEARS,
    Book,
    Segment,
    ep_curve,
    load_scenarios,
    simulate,
    synthetic_book,
)
from cyberins.actuarial.portfolio.simulate import var

BUCKET = 1_000.0
#: (frequency, median, sigma, deductible, limit) of a small book; limits are whole buckets
SMALL = [
    (0.3, 50_000.0, 1.2, 10_000.0, 400_000.0),
    (0.5, 20_000.0, 1.5, 5_000.0, 250_000.0),
    (0.2, 80_000.0, 1.0, 20_000.0, 600_000.0),
]


def small_book(sum_insured: float = math.inf) -> Book:
    n = len(SMALL)
    col = list(zip(*SMALL, strict=True))
    one = Segment(np.zeros(n, dtype=np.int64), ("x",))
    return Book(
        freq=np.array(col[0]),
        mu=np.log(np.array(col[1])),
        sigma=np.array(col[2]),
        deductible=np.array(col[3]),
        limit=np.array(col[4]),
        sum_insured=np.full(n, sum_insured),
        bi_per_hour=np.full(n, 1_000.0),
        waiting_hours=np.full(n, 8.0),
        segments={
            "cloud": Segment(np.array([0, 1, 1]), ("aliyun", "tencent_cloud")),
            "region": Segment(np.array([0, 0, 1]), ("11", "31")),
            "industry": one,
            "software": Segment(np.array([0, 1, 0]), ("linux", "windows_server")),
        },
    )


def convolved_fft() -> tuple[np.ndarray, float, float]:
    """The annual total of the independent policies: the convolution of their FFT pmfs.

    Also the sum of their means and the product of their exact ``P(S = 0)``.
    """
    total = np.array([1.0])
    mean = 0.0
    p_zero = 1.0
    for freq, median, sigma, d, limit in SMALL:
        res = fft_aggregate(
            Poisson(freq),
            Lognormal.from_median(median, sigma),
            PolicyTerms(d, limit, "excess"),
            buckets_per_layer=int(limit / BUCKET),
        )
        assert res.bucket == pytest.approx(BUCKET)
        total = np.convolve(total, res.pmf)
        mean += res.mean
        p_zero *= res.p_zero
    return total, mean, p_zero


def test_without_systemic_events_the_book_matches_the_convolution_of_its_fft_distributions() -> None:
    n_years = 200_000
    result = simulate(small_book(), n_years=n_years, seed=7, systemic=False)
    pmf, fft_mean, p_zero = convolved_fft()
    cdf = np.cumsum(pmf)
    losses = np.sort(result.total)
    x = BUCKET * np.arange(cdf.size)
    # empirical cdf at the lattice points and one bucket either side (the mean-preserving
    # lattice moves mass by at most one bucket); DKW band at 1e-6
    eps = math.sqrt(math.log(2 / 1e-6) / (2 * n_years))
    below = np.searchsorted(losses, x - BUCKET, side="right") / n_years
    above = np.searchsorted(losses, x + BUCKET, side="right") / n_years
    assert (cdf >= below - eps).all()
    assert (cdf <= above + eps).all()
    # P(no loss) is known exactly (the lattice rounds small payments down to 0, so not cdf[0])
    assert np.mean(result.total == 0) == pytest.approx(p_zero, abs=eps)
    # mean: the sum of the policies' means, within Monte-Carlo error
    se = result.total.std() / math.sqrt(n_years)
    assert abs(result.mean - fft_mean) < 4 * se
    assert small_book().expected_attritional().sum() == pytest.approx(fft_mean, rel=1e-6)
    # quantiles agree within a few buckets plus sampling noise
    for p in (0.9, 0.99):
        q_fft = BUCKET * int(np.searchsorted(cdf, p))
        assert var(result.total, p) == pytest.approx(q_fft, rel=0.03, abs=3 * BUCKET)


def test_the_check_against_the_convolution_can_fail() -> None:
    """A book with one frequency wrong is outside the band: the comparison has teeth."""
    book = small_book()
    wrong = Book(**{**book.__dict__, "freq": book.freq * np.array([1.0, 1.3, 1.0])})
    result = simulate(wrong, n_years=100_000, seed=7, systemic=False)
    cdf = np.cumsum(convolved_fft()[0])
    losses = np.sort(result.total)
    x = BUCKET * np.arange(cdf.size)
    eps = math.sqrt(math.log(2 / 1e-6) / (2 * 100_000))
    above = np.searchsorted(losses, x + BUCKET, side="right") / 100_000
    below = np.searchsorted(losses, x - BUCKET, side="right") / 100_000
    assert not ((cdf <= above + eps).all() and (cdf >= below - eps).all())


def test_mean_of_a_larger_book_equals_the_sum_of_the_policies_means() -> None:
    book = synthetic_book(2_000, seed=3)
    big = Book(**{**book.__dict__, "sum_insured": np.full(book.size, np.inf)})
    result = simulate(big, n_years=2_000, seed=11, systemic=False)
    se = result.total.std() / math.sqrt(2_000)
    assert abs(result.mean - big.expected_attritional().sum()) < 4 * se


def test_the_annual_cap_holds_each_policy_to_its_sum_insured() -> None:
    book = small_book(sum_insured=300_000.0)
    result = simulate(book, n_years=50_000, seed=5, systemic=False)
    uncapped = simulate(small_book(), n_years=50_000, seed=5, systemic=False)
    assert result.total.max() <= 3 * 300_000.0 + 1e-6
    assert (result.total <= uncapped.total + 1e-6).all()
    assert result.mean < uncapped.mean


def test_same_seed_same_years_whatever_the_block_size_of_the_run_order() -> None:
    book = synthetic_book(500, seed=1)
    a = simulate(book, n_years=300, seed=42, block_years=50)
    b = simulate(book, n_years=300, seed=42, block_years=50)
    c = simulate(book, n_years=300, seed=43, block_years=50)
    assert np.array_equal(a.total, b.total)
    assert not np.array_equal(a.total, c.total)
    assert np.array_equal(a.elt()["Loss"], b.elt()["Loss"])


def test_systemic_events_add_correlated_losses_and_fill_the_event_loss_table() -> None:
    book = synthetic_book(3_000, seed=2)
    # events every year so that the table has rows
    lib = load_scenarios()
    frequent = [type(s)(**{**s.__dict__, "annual_rate": 1.0}) for s in lib.values()]
    result = simulate(book, n_years=400, seed=9, scenarios=frequent)
    quiet = simulate(book, n_years=400, seed=9, systemic=False)
    elt = result.elt()
    assert elt["EventId"].size > 1000
    assert set(elt["Scenario"]) == set(lib)
    assert (elt["Affected"] > 0).any()
    # cloud outages never strike on-premise policies
    cloud = elt["Scenario"] == "cloud_outage"
    assert "on_premise" not in set(elt["Dependency"][cloud])
    # the systemic column is the event losses of the year
    per_year = np.bincount(elt["Period"] - 1, weights=elt["Loss"], minlength=400)
    assert np.allclose(per_year, result.systemic, rtol=1e-9, atol=1e-3)
    assert result.systemic.mean() > 0
    assert result.mean > quiet.mean
    # the largest occurrence of a year is at least its largest event
    for period, loss in zip(elt["Period"], elt["Loss"], strict=True):
        assert result.max_occurrence[period - 1] >= loss - 1e-6


def test_risk_measures_ep_curves_and_euler_allocation() -> None:
    book = synthetic_book(1_000, seed=4)
    result = simulate(book, n_years=4_000, seed=1)
    s = result.summary()
    losses = np.sort(result.total)
    # VaR 99.5% of 4,000 years is the 3,980th smallest; TVaR the mean of the 20 largest
    assert s["var"]["0.995"] == losses[3979]
    assert s["tvar"]["0.995"] == pytest.approx(losses[-20:].mean())
    assert s["pml"]["aep_200"] == losses[3979]
    assert s["pml"]["aep_100"] == losses[3959]
    assert s["capital"]["value"] == pytest.approx(losses[3979] - result.total.mean())
    assert s["pml"]["oep_200"] <= s["pml"]["aep_200"]
    aep = {row["return_period"]: row["loss"] for row in s["aep"]}
    assert aep[200.0] == s["pml"]["aep_200"]
    assert list(aep.values()) == sorted(aep.values())
    for key in ("cloud", "region", "industry", "software"):
        contributions = s["euler_tvar_995"][key]
        assert sum(contributions.values()) == pytest.approx(s["tvar"]["0.995"], rel=1e-9)
        # segment losses by year add up to the year
        assert np.allclose(result.by_segment[key].sum(axis=1), result.total)


def test_ep_curve_skips_return_periods_longer_than_the_simulation() -> None:
    rows = ep_curve(np.arange(100, dtype=float))
    assert max(r["return_period"] for r in rows) == 100
    assert rows[0]["loss"] == 49.0  # 1-in-2: the median year


@pytest.mark.parametrize(
    ("years", "message"), [(0, "years"), (-5, "years"), (ENGINE_MAX_YEARS + 1, "at most")]
)
def test_bad_years_are_refused_naming_the_field(years: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        simulate(small_book(), n_years=years)


def test_bad_seed_is_refused() -> None:
    with pytest.raises(ValueError, match="seed"):
        simulate(small_book(), n_years=10, seed=-1)


def test_book_rejects_inconsistent_arrays() -> None:
    book = small_book()
    with pytest.raises(ValueError, match=r"book\.limit"):
        Book(**{**book.__dict__, "limit": np.array([1.0, 2.0])})
    with pytest.raises(ValueError, match=r"book\.freq"):
        Book(**{**book.__dict__, "freq": np.array([0.1, np.nan, 0.2])})


def test_synthetic_book_is_reproducible_and_marked() -> None:
    a, b = synthetic_book(100, seed=5), synthetic_book(100, seed=5)
    assert a.synthetic
    assert np.array_equal(a.freq, b.freq)
    assert np.array_equal(a.segments["cloud"].codes, b.segments["cloud"].codes)
    with pytest.raises(ValueError, match="n_policies"):
        synthetic_book(0)
