"""Loss triangles from claim transactions: the cells an actuary expects, read by the chainladder package."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from cyberins.actuarial.triangles import (
    ClaimTransaction,
    build_triangles,
    to_chainladder_csv,
    to_grid_csv,
)

D = Decimal


def tx(accident: str, on: str, paid: int = 0, incurred: int = 0) -> ClaimTransaction:
    return ClaimTransaction(date.fromisoformat(accident), date.fromisoformat(on), D(paid), D(incurred))


# Five claims in accident years 2021-2024, valued at 31 December 2024. A payment that releases
# reserve leaves incurred unchanged (incurred = paid + case reserve); a recovery is negative.
TRANSACTIONS = [
    # 2021, claim A: reserve 300, paid 100 / 150 / 100, reserve +50.
    tx("2021-03-10", "2021-03-15", incurred=300),
    tx("2021-03-10", "2021-05-01", paid=100),
    tx("2021-03-10", "2022-02-01", paid=150),
    tx("2021-03-10", "2022-06-01", incurred=50),
    tx("2021-03-10", "2023-07-01", paid=100),
    # 2021, claim B: reported late (2022), paid 200.
    tx("2021-11-20", "2022-01-10", incurred=200),
    tx("2021-11-20", "2022-03-01", paid=200),
    # 2022, claim C: reserve 400, paid 200 then 300 with reserve +100, recovery 50 in 2024.
    tx("2022-06-01", "2022-06-05", incurred=400),
    tx("2022-06-01", "2022-09-01", paid=200),
    tx("2022-06-01", "2023-04-01", paid=300, incurred=100),
    tx("2022-06-01", "2024-02-01", paid=-50, incurred=-50),
    # 2023, claim D.
    tx("2023-02-01", "2023-02-02", incurred=1000),
    tx("2023-02-01", "2023-08-01", paid=600),
    tx("2023-02-01", "2024-05-01", paid=300),
    # 2024, claim E; the January 2025 payment is after the valuation date.
    tx("2024-10-01", "2024-10-02", incurred=500),
    tx("2024-10-01", "2024-12-15", paid=100),
    tx("2024-10-01", "2025-01-05", paid=400),
]
VALUATION = date(2024, 12, 31)

# Worked by hand from the transactions above (cumulative, ages 12/24/36/48 months).
PAID = [
    [100, 450, 550, 550],
    [200, 500, 450, None],
    [600, 900, None, None],
    [100, None, None, None],
]
INCURRED = [
    [300, 550, 550, 550],
    [400, 500, 450, None],
    [1000, 1000, None, None],
    [500, None, None, None],
]


def as_ints(cells):
    return [[None if value is None else int(value) for value in row] for row in cells]


def test_the_triangles_match_the_hand_worked_ones():
    triangles = build_triangles(TRANSACTIONS, valuation_date=VALUATION)
    assert triangles.origins == tuple(date(year, 1, 1) for year in range(2021, 2025))
    assert triangles.ages_in_months == (12, 24, 36, 48)
    assert as_ints(triangles.paid) == PAID
    assert as_ints(triangles.incurred) == INCURRED


def test_a_valuation_in_mid_year_leaves_the_running_year_unknown():
    # At 30 June 2024 the 2024 development period has not ended: the diagonal is that of 2023.
    triangles = build_triangles(TRANSACTIONS, valuation_date=date(2024, 6, 30))
    assert as_ints(triangles.paid)[:3] == [
        [100, 450, 550, None],
        [200, 500, None, None],
        [600, None, None, None],
    ]
    assert triangles.paid[3] == (None, None, None, None)


def test_quarterly_triangles():
    triangles = build_triangles(TRANSACTIONS[:5], valuation_date=date(2021, 12, 31), grain="quarter")
    # Claim A: accident Q1 2021; paid 100 in Q2 (age 6 months); nothing else in 2021.
    assert triangles.ages_in_months[:4] == (3, 6, 9, 12)
    assert as_ints(triangles.paid)[0] == [0, 100, 100, 100]
    assert as_ints(triangles.incurred)[0] == [300, 300, 300, 300]


def test_the_grid_csv_reads_like_the_triangle():
    grid = to_grid_csv(build_triangles(TRANSACTIONS, valuation_date=VALUATION), "paid")
    assert grid.splitlines() == [
        "origin,12,24,36,48",
        "2021-01-01,100,450,550,550",
        "2022-01-01,200,500,450,",
        "2023-01-01,600,900,,",
        "2024-01-01,100,,,",
    ]


def hand_chain_ladder(cells):
    """Volume-weighted chain ladder written out: IBNR per accident year (ultimate - latest)."""
    size = len(cells)
    factors = []
    for age in range(size - 1):
        rows = [row for row in cells if row[age + 1] is not None]
        factors.append(sum(row[age + 1] for row in rows) / sum(row[age] for row in rows))
    ibnr = []
    for row in cells:
        known = [value for value in row if value is not None]
        latest = known[-1]
        ultimate = latest
        for age in range(len(known) - 1, size - 1):
            ultimate *= factors[age]
        ibnr.append(ultimate - latest)
    return factors, ibnr


def test_chainladder_reads_the_csv_and_computes_the_ibnr():
    pd = pytest.importorskip("pandas")
    cl = pytest.importorskip("chainladder")
    csv_text = to_chainladder_csv(build_triangles(TRANSACTIONS, valuation_date=VALUATION))
    frame = pd.read_csv(io.StringIO(csv_text))
    triangle = cl.Triangle(
        frame, origin="origin", development="development", columns=["paid", "incurred"], cumulative=True
    )
    assert triangle["paid"].to_frame().fillna(-1).astype(int).values.tolist() == [
        [-1 if value is None else value for value in row] for row in PAID
    ]
    factors, ibnr = hand_chain_ladder(PAID)
    # Factors 1,850/900, 1,000/950, 1. IBNR 0, 0 (shown as NaN by chainladder),
    # 900 x (1000/950 - 1) = 47.37 and 100 x (1850/900 x 1000/950 - 1) = 116.37.
    assert factors == pytest.approx([1850 / 900, 1000 / 950, 1.0])
    model = cl.Chainladder().fit(triangle["paid"])
    assert model.ibnr_.to_frame().fillna(0).values.ravel().tolist() == pytest.approx(ibnr, abs=1e-9)
    assert float(model.ibnr_.sum()) == pytest.approx(163.742690, abs=1e-6)
    incurred_model = cl.Chainladder().fit(triangle["incurred"])
    assert float(incurred_model.ibnr_.sum()) == pytest.approx(sum(hand_chain_ladder(INCURRED)[1]), abs=1e-9)


@pytest.mark.parametrize(
    ("transactions", "message"),
    [
        ([tx("2021-03-10", "2021-03-01", paid=1)], r"transactions\[0\].on"),
        ([tx("2025-03-10", "2025-04-01", paid=1)], "no transaction"),  # only after the valuation
        ([ClaimTransaction(date(2021, 1, 1), date(2021, 2, 1), paid=1.5)], r"transactions\[0\].paid"),  # type: ignore[arg-type]
        ([], "no transaction"),
    ],
)
def test_bad_transactions_are_refused_naming_the_field(transactions, message):
    with pytest.raises(ValueError, match=message):
        build_triangles(transactions, valuation_date=VALUATION)
