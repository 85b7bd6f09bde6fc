"""Matching as a table of cases: region, service, certification, capacity — and the ranking."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from cyberins.network import (
    Candidate,
    Certificate,
    Need,
    Proximity,
    RegionServed,
    add_working_days,
    find_gaps,
    find_region,
    match,
)

DAY = date(2026, 11, 27)
CCRC = Certificate(
    "CCRC 应急处理 一级", date(2024, 1, 1), date(2027, 1, 1), frozenset({"emergency_response"})
)
ANY = Certificate("CCRC 风险评估 二级", date(2024, 1, 1), date(2027, 1, 1))
EXPIRED = Certificate("CCRC 应急处理 三级", date(2022, 1, 1), date(2026, 11, 1))
SH, SH_CITY = "310000", "310100"
GD, GZ, SZ = "440000", "440100", "440300"


def provider(pid: int, **kw: object) -> Candidate:
    base: dict[str, object] = {
        "id": pid,
        "name": f"P{pid}",
        "services": frozenset({"emergency_response", "fixed_inspection"}),
        "regions": (RegionServed(SH, SH_CITY),),
        "certificates": (CCRC, ANY),
        "capacity": 3,
    }
    base.update(kw)
    return Candidate(**base)  # type: ignore[arg-type]


EMERGENCY_SH = Need("emergency_response", SH, SH_CITY, DAY)


@pytest.mark.parametrize(
    ("case", "candidate", "need", "eligible", "reason"),
    [
        ("offers, serves, certified, free", provider(1), EMERGENCY_SH, True, "serves_city"),
        (
            "service not offered",
            provider(1, services=frozenset({"hardening"})),
            EMERGENCY_SH,
            False,
            "service_not_offered",
        ),
        (
            "other province",
            provider(1, regions=(RegionServed(GD, GZ),)),
            EMERGENCY_SH,
            False,
            "region_not_served",
        ),
        ("whole province", provider(1, regions=(RegionServed(SH),)), EMERGENCY_SH, True, "serves_province"),
        (
            "remote, service allows remote",
            provider(1, regions=(), remote=True),
            Need("emergency_response", GD, SZ, DAY, remote_allowed=True),
            True,
            "remote_service",
        ),
        (
            "remote, on-site service",
            provider(1, regions=(), remote=True),
            EMERGENCY_SH,
            False,
            "remote_not_allowed",
        ),
        (
            "certificate expired",
            provider(1, certificates=(EXPIRED,)),
            EMERGENCY_SH,
            False,
            "certificate_expired",
        ),
        (
            "certificate not for this service",
            provider(1, certificates=(CCRC,)),
            Need("fixed_inspection", SH, SH_CITY, DAY),
            False,
            "not_certified",
        ),
        (
            "valid today, expired by the day needed",
            provider(1, certificates=(CCRC,)),
            Need("emergency_response", SH, SH_CITY, date(2027, 2, 1)),
            False,
            "certificate_expired",
        ),
        ("no certificate", provider(1, certificates=()), EMERGENCY_SH, False, "not_certified"),
        ("at capacity", provider(1, load=3), EMERGENCY_SH, False, "at_capacity"),
        ("one slot left", provider(1, load=2), EMERGENCY_SH, True, "capacity_free"),
    ],
)
def test_eligibility_table(case: str, candidate: Candidate, need: Need, eligible: bool, reason: str) -> None:
    (result,) = match([candidate], need)
    assert result.eligible is eligible, case
    assert reason in {r.code for r in result.reasons}, (case, result.reasons)
    assert (result.rank == 1) is eligible


def test_expired_certificate_reason_names_the_certificate() -> None:
    (result,) = match([provider(1, certificates=(EXPIRED,))], EMERGENCY_SH)
    (failed,) = result.failed
    assert failed.code == "certificate_expired"
    assert "2026-11-01" in failed.detail


def test_ranking_sla_tier_then_proximity_then_load_then_price() -> None:
    good_record = {"on_time": 19, "completed": 20}
    candidates = [
        provider(1, name="far-good", regions=(RegionServed(SH),), **good_record),
        provider(2, name="near-new"),  # no record: 0.5, tier 2
        provider(3, name="near-good-busy", load=2, **good_record),
        provider(4, name="near-good-idle", **good_record),
        provider(
            5, name="near-good-idle-cheap", prices={"emergency_response": Decimal("9000")}, **good_record
        ),
        provider(
            6, name="near-good-idle-dear", prices={"emergency_response": Decimal("20000")}, **good_record
        ),
        provider(7, name="full", load=3, **good_record),
    ]
    need = Need("emergency_response", SH, SH_CITY, DAY, standard_price=Decimal("15000"))
    ranked = [a.candidate.name for a in match(candidates, need) if a.eligible]
    assert ranked == [
        "near-good-idle-cheap",  # same city, idle, 9 000
        "near-good-idle",  # standard 15 000
        "near-good-idle-dear",
        "near-good-busy",
        "far-good",  # same tier, province-wide only
        "near-new",  # worse SLA tier beats proximity
    ]
    assert [a.proximity for a in match(candidates, need)][-1] is not None


def test_exclude_leaves_out_providers_already_offered() -> None:
    ranked = match([provider(1), provider(2)], EMERGENCY_SH, exclude=[1])
    assert [a.candidate.id for a in ranked] == [2]


def test_same_city_before_same_province() -> None:
    need = Need("emergency_response", GD, SZ, DAY)
    a = provider(1, name="a-guangzhou", regions=(RegionServed(GD, GZ),))
    b = provider(2, name="b-shenzhen", regions=(RegionServed(GD, SZ),))
    results = match([a, b], need)
    assert [r.candidate.name for r in results] == ["b-shenzhen", "a-guangzhou"]
    assert [r.proximity for r in results] == [Proximity.SAME_CITY, Proximity.SAME_PROVINCE]


def test_gaps_flag_region_and_service_without_certified_provider() -> None:
    candidates = [provider(1), provider(2, regions=(RegionServed(GD, GZ),), certificates=(EXPIRED,))]
    gaps = find_gaps(
        candidates,
        regions=[(SH, SH_CITY), (GD, GZ)],
        services={"emergency_response": False},
        on=DAY,
    )
    assert [(g.province, g.city, g.service) for g in gaps] == [(GD, GZ, "emergency_response")]
    assert gaps[0].reasons == {"region_not_served": 1, "certificate_expired": 1}


def test_gaps_ignore_a_momentarily_full_provider() -> None:
    gaps = find_gaps(
        [provider(1, load=3)], regions=[(SH, SH_CITY)], services={"emergency_response": False}, on=DAY
    )
    assert gaps == []


def test_find_region_from_address_names() -> None:
    assert find_region("上海市") == ("310000", "310100")
    assert find_region("广东省", "深圳市") == ("440000", "440300")
    assert find_region("Zhejiang", "Hangzhou") == ("330000", "330100")
    assert find_region("西藏") == ("", "")


def test_working_days_skip_the_weekend() -> None:
    tz = timezone(timedelta(hours=8))
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=tz)
    assert add_working_days(friday, 2) == datetime(2026, 12, 1, 10, 0, tzinfo=tz)  # Tuesday
    saturday = datetime(2026, 11, 28, 9, 0, tzinfo=tz)
    assert add_working_days(saturday, 1) == datetime(2026, 12, 1, 9, 0, tzinfo=tz)
    with pytest.raises(ValueError, match="aware"):
        add_working_days(datetime(2026, 11, 27), 1)  # noqa: DTZ001
