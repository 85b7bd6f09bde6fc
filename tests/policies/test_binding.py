"""保单 from a quote: one policy per quote (also under concurrent requests), expired quotes refused,
instalments to the cent, the period of insurance, and policy numbers per insurer."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from cyberins.accounts.errors import InvalidState
from cyberins.accounts.models import AuditRecord
from cyberins.policies.demo import load_policies
from cyberins.policies.models import Policy, PolicyNumbering
from cyberins.policies.services import do_bind_quote
from cyberins.products.demo import load_products
from cyberins.terms import SHANGHAI, local_date
from cyberins.underwriting.models import Application, Quote
from cyberins.underwriting.services import do_create_application
from tests.journey import answers
from tests.underwriting.helpers import FIRST_DAY, accepted_quote, bind_on, db_state


def _today() -> date:
    return local_date(timezone.now())


def test_an_expired_quote_cannot_be_bound(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant2"])
    quote = accepted_quote(applicant, products["wanganbao"])
    Quote.objects.filter(pk=quote["id"]).update(valid_until=_today() - timedelta(days=1))
    before = db_state()

    response = applicant.post(
        f"/api/quotes/{quote['id']}/bind",
        {"plan": "A", "first_day": (_today() + timedelta(days=1)).isoformat()},
    )

    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == ("policies.quote_expired", "quote")
    assert (_today() - timedelta(days=1)).isoformat() in response.json()["message"]
    assert db_state() == before


def test_a_quote_valid_until_today_can_still_be_bound(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant2"])
    quote = accepted_quote(applicant, products["wanganbao"])
    Quote.objects.filter(pk=quote["id"]).update(valid_until=_today())

    response = applicant.post(
        f"/api/quotes/{quote['id']}/bind", {"plan": "A", "first_day": _today().isoformat()}
    )

    assert response.status_code == 201, response.json()


def test_binding_again_changes_nothing(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant2"])
    quote = accepted_quote(applicant, products["wanganbao"])
    payload = {"plan": "B", "first_day": (_today() + timedelta(days=2)).isoformat()}
    first = applicant.post(f"/api/quotes/{quote['id']}/bind", payload)
    assert first.status_code == 201
    before = db_state()

    again = applicant.post(f"/api/quotes/{quote['id']}/bind", payload)

    assert again.status_code == 409
    assert again.json()["code"] == "policies.quote_not_active"
    assert Policy.objects.filter(quote_id=quote["id"]).count() == 1
    assert db_state() == before  # the number counter did not move, no audit record


@pytest.mark.django_db(transaction=True)
def test_binding_the_same_quote_concurrently_gives_one_policy(demo, products) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: PostgreSQL only (SQLite serialises every write)")
    applicant = demo["applicant2"]
    application = do_create_application(
        actor=applicant,
        version=products["wanganbao"],
        answers=answers(security_staff=3),
        submit=True,
    )
    quote = application.quotes.get()
    now = datetime.combine(_today(), time(10), tzinfo=SHANGHAI)
    barrier, outcomes, lock = threading.Barrier(2), [], threading.Lock()

    def bind(plan: str) -> None:
        try:
            barrier.wait(timeout=10)
            policy = do_bind_quote(
                actor=applicant,
                quote=Quote.objects.get(pk=quote.pk),
                plan_code=plan,
                first_day=_today() + timedelta(days=1),
                now=now,
            )
            result = f"bound {policy.number}"
        except InvalidState as exc:
            result = exc.code
        except Exception as exc:
            result = repr(exc)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=bind, args=(plan,)) for plan in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(o.split()[0] for o in outcomes) == ["bound", "policies.quote_not_active"], outcomes
    assert Policy.objects.filter(quote=quote).count() == 1
    assert Policy.objects.count() == 1
    assert AuditRecord.objects.filter(action="policy.issue").count() == 1
    assert PolicyNumbering.objects.get().next_seq == 2


def test_instalments_add_up_to_the_premium_and_fall_due_monthly(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant2"])
    quote = accepted_quote(applicant, products["wanganbao"])
    first_day = _today() + timedelta(days=10)

    response = applicant.post(
        f"/api/quotes/{quote['id']}/bind", {"plan": "C", "first_day": first_day.isoformat(), "instalments": 4}
    )

    assert response.status_code == 201, response.json()
    policy = response.json()
    amounts = [Decimal(i["amount"]) for i in policy["instalments"]]
    assert len(amounts) == 4
    assert sum(amounts) == Decimal(policy["premium"]) == Decimal(quote["options"][2]["premium"])
    assert max(amounts) - min(amounts) < Decimal("0.04")  # whole cents, the odd ones on the first
    dues = [date.fromisoformat(i["due_on"]) for i in policy["instalments"]]
    assert dues[0] == first_day - timedelta(days=1)
    assert [(d.year * 12 + d.month) - (dues[0].year * 12 + dues[0].month) for d in dues] == [0, 1, 2, 3]
    assert policy["paid"] is False


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"instalments": 0}, "policies.invalid_instalments", "instalments"),
        ({"instalments": 13}, "policies.invalid_instalments", "instalments"),
        ({"plan": "Z"}, "policies.unknown_plan", "plan"),
        ({"first_day": "yesterday"}, "policies.invalid_start", "first_day"),
        ({"first_day": "in 91 days"}, "policies.invalid_start", "first_day"),
    ],
)
def test_bad_binding_requests_are_refused(demo, products, api_as, change, code, field) -> None:
    applicant = api_as(demo["applicant2"])
    quote = accepted_quote(applicant, products["wanganbao"])
    days = {"yesterday": -1, "in 91 days": 91}
    payload = {"plan": "A", "first_day": _today().isoformat(), "instalments": 1} | change
    if payload["first_day"] in days:
        payload["first_day"] = (_today() + timedelta(days=days[payload["first_day"]])).isoformat()
    before = db_state()

    response = applicant.post(f"/api/quotes/{quote['id']}/bind", payload)

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert db_state() == before


def test_only_the_applicant_binds(demo, products, api_as) -> None:
    quote = accepted_quote(api_as(demo["applicant2"]), products["wanganbao"])
    underwriter = api_as(demo["underwriter"])
    before = db_state()

    response = underwriter.post(
        f"/api/quotes/{quote['id']}/bind", {"plan": "A", "first_day": _today().isoformat()}
    )

    assert response.status_code == 403
    assert db_state() == before


def test_the_period_is_one_year_less_a_day_from_midnight_to_midnight(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant2"])
    quote = accepted_quote(applicant, products["wanganbao"])
    first_day = _today() + timedelta(days=1)

    policy = applicant.post(
        f"/api/quotes/{quote['id']}/bind", {"plan": "A", "first_day": first_day.isoformat()}
    ).json()

    last_day = date.fromisoformat(policy["last_day"])
    assert policy["first_day"] == first_day.isoformat()
    assert last_day == first_day.replace(year=first_day.year + 1) - timedelta(days=1)  # not a 29 Feb start
    assert policy["period_zh"] == (
        f"自{first_day.year}年{first_day.month}月{first_day.day}日零时起"
        f"至{last_day.year}年{last_day.month}月{last_day.day}日二十四时止"
    )


def test_the_period_of_the_cosco_like_policy(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant"])
    policy = bind_on(demo["applicant"], accepted_quote(applicant, products["cyber-emergency-response"])["id"])

    body = applicant.get(f"/api/policies/{policy.pk}").json()

    assert (body["first_day"], body["last_day"]) == ("2026-06-10", "2027-06-09")
    assert body["period_zh"] == "自2026年6月10日零时起至2027年6月9日二十四时止"
    assert body["period_en"] == "From 00:00 on 10 June 2026 to 24:00 on 9 June 2027"


def test_two_insurers_never_draw_the_same_policy_number(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant"])
    captive = bind_on(
        demo["applicant"], accepted_quote(applicant, products["cyber-emergency-response"])["id"]
    )
    huaan = bind_on(demo["applicant"], accepted_quote(applicant, products["wanganbao"])["id"])
    huaan2 = bind_on(demo["applicant"], accepted_quote(applicant, products["data-security"])["id"])

    numbers = [captive.number, huaan.number, huaan2.number]
    assert len(set(numbers)) == 3
    assert captive.number.endswith("2026000001")
    assert huaan.number.endswith("2026000001")
    assert huaan2.number == huaan.number[: -len("2026000001")] + "2026000002"


def test_the_captive_numbers_its_policies_like_the_cosco_sample(demo) -> None:
    policies = load_policies(load_products())

    cosco = next(p for p in policies if p.product_version.product.code == "cyber-emergency-response")
    assert cosco.number == f"20129000000{cosco.first_day.year}000001"
    assert cosco.sum_insured == Decimal("190000.00")
    assert load_policies(load_products()) == policies  # loading the demo twice changes nothing


def test_a_configured_number_format_carries_over_into_the_next_year(demo, products, api_as, org) -> None:
    PolicyNumbering.objects.create(
        insurer=org("华安财险"), year=2026, prefix="HA", pattern="{prefix}-{year}-CYB-{seq:05d}"
    )
    applicant = api_as(demo["applicant"])
    this_year = bind_on(
        demo["applicant"],
        accepted_quote(applicant, products["wanganbao"])["id"],
        first_day=date(2026, 12, 30),
    )
    next_year = bind_on(
        demo["applicant"], accepted_quote(applicant, products["wanganbao"])["id"], first_day=date(2027, 1, 5)
    )

    assert this_year.number == "HA-2026-CYB-00001"
    assert next_year.number == "HA-2027-CYB-00001"


def test_binding_marks_the_quote_and_the_application(demo, products, api_as) -> None:
    applicant = api_as(demo["applicant"])
    quote = accepted_quote(applicant, products["wanganbao"])
    policy = bind_on(demo["applicant"], quote["id"], plan="B")

    assert Quote.objects.get(pk=quote["id"]).accepted_plan == "B"
    assert Application.objects.get(pk=quote["application_id"]).status == "bound"
    assert policy.premium == Decimal(quote["options"][1]["premium"])
    assert policy.first_day == FIRST_DAY
    assert AuditRecord.objects.filter(action="policy.issue", object_id=str(policy.pk)).count() == 1


def test_another_insureds_policy_is_not_found(demo, products, api_as) -> None:
    owner, stranger = api_as(demo["applicant"]), api_as(demo["applicant2"])
    foreign_underwriter = api_as(demo["underwriter"])
    policy = bind_on(demo["applicant"], accepted_quote(owner, products["cyber-emergency-response"])["id"])
    before = db_state()

    responses = [
        stranger.get(f"/api/policies/{policy.pk}"),
        stranger.post(f"/api/policies/{policy.pk}/instalments/1/pay", {"reference": "X"}),
        stranger.post(f"/api/policies/{policy.pk}/renew", {}),
        stranger.get(f"/api/policies/{policy.pk}/schedule.pdf"),
        foreign_underwriter.get(f"/api/policies/{policy.pk}"),
        foreign_underwriter.post(f"/api/policies/{policy.pk}/instalments/1/pay", {"reference": "X"}),
    ]

    assert [r.status_code for r in responses] == [404] * len(responses)
    assert policy.pk not in [p["id"] for p in stranger.get("/api/policies").json()]
    assert policy.pk not in [p["id"] for p in foreign_underwriter.get("/api/policies").json()]
    assert db_state() == before
