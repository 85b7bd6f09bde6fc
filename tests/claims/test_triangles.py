"""The loss-triangle export of real claims: the cells from payments, reserve movements and recoveries,
read by the ``chainladder`` package, with the IBNR checked against the chain ladder by hand."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest

from cyberins.claims.services import (
    do_add_line,
    do_approve,
    do_assess,
    do_assess_line,
    do_complete_documents,
    do_open_claim,
    do_pay,
    do_record_recovery,
)
from cyberins.terms import SHANGHAI
from tests.claims.conftest import incident_at

URL = "/api/claims/triangles.csv?period=quarter&date=2026-12-31"


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 10, 0, tzinfo=SHANGHAI)


def claim_on(case, occurred, claimed, *, lines_at, assessed_at):
    """A restoration claim: reserve = claimed when the line is added, = payable (−¥10,000) when assessed."""
    claim = do_open_claim(
        actor=case["applicant"], incident=incident_at(case, occurred, accept=False), now=lines_at
    )
    line = do_add_line(
        actor=case["applicant"], claim=claim, coverage="restoration", claimed=claimed, now=lines_at
    )
    do_complete_documents(actor=case["adjuster"], claim=claim, now=assessed_at)
    do_assess_line(actor=case["adjuster"], line=line, assessed=claimed, reductions=[], now=assessed_at)
    do_assess(actor=case["adjuster"], claim=claim, now=assessed_at)
    do_approve(actor=case["approver"], claim=claim, now=assessed_at + timedelta(hours=1))
    return claim


@pytest.fixture
def book(case):
    """Q2: reserve 110,000, assessed 100,000 in Q3, paid 40,000 in Q3 and 60,000 in Q4.
    Q3: reserve 60,000, assessed and paid 50,000 in Q3, 5,000 recovered in Q4. Q4: reserve 30,000."""
    pay = case["adjuster"]
    a = claim_on(case, at(6, 20), "110000", lines_at=at(6, 22), assessed_at=at(8, 1))
    do_pay(actor=pay, claim=a, amount_paid="40000", idempotency_key="a1", now=at(8, 5))
    do_pay(actor=pay, claim=a, amount_paid="60000", idempotency_key="a2", now=at(10, 5))
    b = claim_on(case, at(7, 10), "60000", lines_at=at(7, 12), assessed_at=at(7, 20))
    do_pay(actor=pay, claim=b, amount_paid="50000", idempotency_key="b1", now=at(7, 25))
    do_record_recovery(actor=pay, claim=b, kind="subrogation", amount_recovered="5000", now=at(11, 1))
    c = do_open_claim(
        actor=case["applicant"], incident=incident_at(case, at(11, 10), accept=False), now=at(11, 12)
    )
    do_add_line(actor=case["applicant"], claim=c, coverage="restoration", claimed="30000", now=at(11, 12))
    return case


PAID = [[0, 40000, 100000], [50000, 45000, None], [0, None, None]]
INCURRED = [[110000, 100000, 100000], [50000, 45000, None], [30000, None, None]]


def grid(csv_text: str, column: str) -> list[list[float | None]]:
    import csv

    rows = list(csv.DictReader(io.StringIO(csv_text)))
    origins = sorted({r["origin"] for r in rows})
    out: list[list[float | None]] = [[None] * len(origins) for _ in origins]
    for r in rows:
        i = origins.index(r["origin"])
        age = len([x for x in rows if x["origin"] == r["origin"] and x["development"] < r["development"]])
        out[i][age] = float(r[column])
    return out


def chain_ladder_ibnr(triangle: list[list[float | None]]) -> list[float]:
    """Volume-weighted development factors; IBNR = latest x product of the remaining factors - latest."""
    size = len(triangle)
    factors = []
    for k in range(size - 1):
        rows = [r for r in triangle if r[k + 1] is not None]
        factors.append(sum(r[k + 1] for r in rows) / sum(r[k] for r in rows))  # type: ignore[misc]
    out = []
    for i, row in enumerate(triangle):
        known = size - 1 - i
        latest = row[known]
        ultimate = latest
        for f in factors[known:]:
            ultimate *= f  # type: ignore[operator]
        out.append(ultimate - latest)  # type: ignore[operator]
    return out


def test_the_csv_holds_paid_and_incurred_by_accident_and_development_quarter(book, api_as) -> None:
    actuary = api_as(book["adjuster"])
    paid = actuary.get(URL + "&basis=paid")
    assert paid.status_code == 200
    assert paid["Content-Type"].startswith("text/csv")
    assert paid.content.decode().splitlines()[:2] == ["origin,development,paid", "2026-04-01,2026-06-30,0.00"]
    assert grid(paid.content.decode(), "paid") == PAID
    incurred = actuary.get(URL + "&basis=incurred").content.decode()
    assert grid(incurred, "incurred") == INCURRED


def test_chainladder_computes_the_ibnr_from_the_export(book, api_as) -> None:
    pd = pytest.importorskip("pandas")
    cl = pytest.importorskip("chainladder")
    actuary = api_as(book["adjuster"])
    for basis, cells in (("paid", PAID), ("incurred", INCURRED)):
        frame = pd.read_csv(io.StringIO(actuary.get(f"{URL}&basis={basis}").content.decode()))
        triangle = cl.Triangle(
            frame, origin="origin", development="development", columns=[basis], cumulative=True
        )
        model = cl.Chainladder().fit(triangle)
        ibnr = model.ibnr_.to_frame().fillna(0).values.ravel().tolist()
        assert ibnr == pytest.approx(chain_ladder_ibnr(cells), abs=1e-6)
    # paid: factors 85,000/50,000 = 1.7 and 100,000/40,000 = 2.5; Q3 45,000 x 2.5 - 45,000 = 67,500
    assert chain_ladder_ibnr(PAID) == pytest.approx([0, 67500, 0])
    # incurred: 145,000/160,000 then 1; Q4 30,000 x 0.90625 - 30,000 = -2,812.50 (over-reserved)
    assert chain_ladder_ibnr(INCURRED) == pytest.approx([0, 0, -2812.5])


def test_only_the_insurers_people_see_their_own_book(book, api_as) -> None:
    other = api_as(book["other_handler"]).get(URL + "&basis=paid").content.decode()
    assert other == "origin,development,paid\n"  # another insurer's handler: an empty book
    for who in ("applicant", "manager"):
        assert api_as(book[who]).get(URL).status_code == 403


@pytest.mark.parametrize(
    ("query", "field"),
    [("basis=premium", "basis"), ("period=month", "period"), ("date=31.12.2026", "date")],
)
def test_bad_parameters_are_coded_errors_naming_the_field(case, api_as, query, field) -> None:
    got = api_as(case["adjuster"]).get(f"/api/claims/triangles.csv?{query}")
    assert got.status_code == 400
    assert (got.json()["code"], got.json()["field"]) == ("invalid_input", field)
