"""The scenario library: data with sources, and per-policy losses through the terms."""

from __future__ import annotations

import pytest

from cyberins.actuarial.portfolio import UnknownScenario, get_scenario, load_scenarios, run_scenario
from tests.actuarial.test_portfolio import small_book


def test_library_has_the_four_scenarios_each_with_a_source() -> None:
    lib = load_scenarios()
    assert set(lib) == {"cloud_outage", "mass_ransomware", "critical_vulnerability", "non_malicious_outage"}
    for s in lib.values():
        assert s.source
        assert s.annual_rate > 0
    assert "Cloud Down" in lib["cloud_outage"].source
    assert lib["cloud_outage"].median_hours == 96  # 4 days, between the study's 3 and 6


def test_unknown_scenario_is_a_named_error() -> None:
    with pytest.raises(UnknownScenario, match="scenario: unknown scenario 'meteor'"):
        get_scenario("meteor")


def test_cloud_outage_by_hand() -> None:
    """Policies 2 and 3 use tencent_cloud; 96 hours, waiting period 8 h, BI 1,000 an hour.

    Policy 2: BI 88 * 1,000 = 88,000 + restoration 0.3 * 20,000 = 6,000 → 94,000 ground up;
    less 5,000 deductible → 89,000 (limit 250,000).
    Policy 3: 88,000 + 0.3 * 80,000 = 112,000; less 20,000 → 92,000 (limit 600,000).
    """
    result = run_scenario(small_book(), get_scenario("cloud_outage"), value="tencent_cloud")
    assert result.affected == 2
    assert result.ground_up == pytest.approx(94_000 + 112_000)
    assert result.insured == pytest.approx(89_000 + 92_000)
    assert result.expected_insured == pytest.approx(0.75 * 181_000)
    assert result.by_segment["region"] == pytest.approx({"11": 89_000, "31": 92_000})
    # the default value is the provider with the largest sum insured of dependents
    assert run_scenario(small_book(), get_scenario("cloud_outage")).value in {"aliyun", "tencent_cloud"}


def test_waiting_period_limit_and_sum_insured_apply() -> None:
    scenario = get_scenario("non_malicious_outage")
    # 6 hours is inside the 8-hour waiting period: restoration cost only, 0.05 * median
    short = run_scenario(small_book(), scenario, value="windows_server", hours=6)
    assert short.ground_up == pytest.approx(0.05 * 20_000)
    assert short.insured == 0.0  # below the 5,000 deductible
    # a very long outage is capped by the limit (250,000) and then by the sum insured
    long = run_scenario(small_book(), scenario, value="windows_server", hours=10_000)
    assert long.insured == pytest.approx(250_000)
    capped = run_scenario(small_book(sum_insured=100_000), scenario, value="windows_server", hours=10_000)
    assert capped.insured == pytest.approx(100_000)


def test_a_value_nobody_depends_on_is_refused() -> None:
    with pytest.raises(ValueError, match="value"):
        run_scenario(small_book(), get_scenario("cloud_outage"), value="no_such_cloud")


def test_strike_on_the_dependents_is_the_scenario_and_an_empty_index_costs_nothing() -> None:
    import numpy as np

    from cyberins.actuarial.portfolio import strike

    book = small_book()
    sc = get_scenario("critical_vulnerability")
    value = book.segments["software"].labels[int(book.segments["software"].codes[0])]
    whole = run_scenario(book, sc, value=value)
    again = strike(book, sc, whole.policy_index, value=value)
    assert (again.insured, again.ground_up) == (whole.insured, whole.ground_up)
    assert again.affected == whole.affected
    one = strike(book, sc, whole.policy_index[:1], value="CVE-2021-41773")
    assert one.affected == 1
    assert one.insured == pytest.approx(float(whole.policy_insured[0]))
    none = strike(book, sc, np.array([], dtype=np.int64), value="CVE-2021-41773")
    assert (none.affected, none.insured, none.expected_insured) == (0, 0.0, 0.0)
