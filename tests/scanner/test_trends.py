"""Score history and patch cadence across checks (pure: records in, spans and medians out)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cyberins.scanner.trends import CheckRecord, cadence, score_history, service_of

T0 = datetime(2026, 1, 1, tzinfo=UTC)
WEB = "203.0.113.5|443|software.vulnerable"
SSH = "203.0.113.5|22|software.vulnerable"
MAIL = "example.cn||email.dmarc_missing"
BOTH = frozenset({("203.0.113.5", 443), ("203.0.113.5", 22)})


def check(day: float, keys: set[str], assessed=BOTH, **fields) -> CheckRecord:
    return CheckRecord(
        at=T0 + timedelta(days=day), keys=frozenset(keys), assessed=frozenset(assessed), **fields
    )


def test_the_key_names_its_service_with_or_without_a_port() -> None:
    assert service_of(WEB) == ("203.0.113.5", 443)
    assert service_of(MAIL) == ("example.cn", None)
    assert service_of("[::1]|8080|a|b") == ("[::1]", 8080)


def test_score_history_is_in_time_order_and_leaves_out_unscored_checks() -> None:
    checks = [
        check(30, set(), score=90, grade="A", reference="HC-3"),
        check(0, set(), score=60, grade="C", reference="HC-1"),
        check(10, set(), score=99, grade="A", scored=False, reference="verification"),
        check(20, set(), score=None, reference="failed-to-score"),
    ]
    assert [(p.score, p.reference) for p in score_history(checks)] == [(60, "HC-1"), (90, "HC-3")]


def test_a_finding_is_fixed_by_the_first_check_that_assessed_its_service_and_no_longer_finds_it() -> None:
    found = cadence(
        [
            check(0, {WEB, SSH}, reference="HC-1"),
            # the web service could not be assessed: its absence proves nothing
            check(7, {SSH}, assessed={("203.0.113.5", 22)}, reference="HC-2"),
            check(21, {SSH}, reference="HC-3"),
        ]
    )
    web = next(s for s in found.spans if s.key == WEB)
    ssh = next(s for s in found.spans if s.key == SSH)
    assert (web.first_seen, web.fixed_at, web.fixed_by, web.days_to_fix) == (
        T0,
        T0 + timedelta(21),
        "HC-3",
        21.0,
    )
    assert ssh.fixed_at is None
    assert ssh.days_to_fix is None
    assert found.median_days == 21.0
    assert [s.key for s in found.still_open] == [SSH]


def test_a_verification_closes_a_span_and_a_regression_opens_a_new_one() -> None:
    found = cadence(
        [
            check(0, {WEB, SSH}),
            check(2.5, set(), assessed={("203.0.113.5", 443)}, scored=False, reference="verify"),
            check(10, {WEB}),  # the old version came back
            check(40, set()),
        ]
    )
    spans = [(s.key, s.days_to_fix, s.fixed_by) for s in found.spans]
    assert spans == [(SSH, 10.0, ""), (WEB, 2.5, "verify"), (WEB, 30.0, "")]
    assert [s.key for s in found.fixed] == [WEB, SSH, WEB]  # by date of the fix
    assert found.median_days == 10.0
    assert found.still_open == []


def test_a_port_less_finding_is_fixed_when_its_host_was_assessed_completely() -> None:
    found = cadence(
        [
            check(0, {MAIL}, assessed={("example.cn", None)}),
            check(5, set(), assessed=BOTH),  # another host: proves nothing for example.cn
            check(9, set(), assessed={("example.cn", None)}),
        ]
    )
    assert [(s.key, s.days_to_fix) for s in found.spans] == [(MAIL, 9.0)]


def test_no_fixed_finding_has_no_median() -> None:
    assert cadence([check(0, {WEB})]).median_days is None
    assert cadence([]).spans == []
