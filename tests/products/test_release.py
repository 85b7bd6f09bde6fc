"""产品发布 through the API: the release workflow draft → filed → published → withdrawn, immutability of a
filed version, and new versions that leave what was sold under the old one exactly as it was."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cyberins.accounts.models import AuditRecord
from cyberins.policies.models import Policy
from cyberins.products.models import Plan, ProductVersion
from cyberins.underwriting.models import Quote
from tests.underwriting.helpers import accepted_quote, bind_on, db_state


def next_version(client, version: ProductVersion) -> dict:
    response = client.post(f"/api/products/versions/{version.pk}/next", {})
    assert response.status_code == 201, response.json()
    return dict(response.json())


def test_the_release_workflow_through_the_api(demo, products, api_as) -> None:
    actuary, admin = api_as(demo["actuary"]), api_as(demo["admin"])
    draft = next_version(actuary, products["wanganbao"])
    assert (draft["number"], draft["status"]) == (2, "draft")
    assert [p["code"] for p in draft["plans"]] == ["A", "B", "C"]
    assert draft["id"] not in [v["id"] for v in actuary.get("/api/products").json()]

    def move(client, action):
        return client.post(f"/api/products/versions/{draft['id']}/transition", {"action": action})

    filed = move(actuary, "file")
    assert filed.status_code == 200
    assert filed.json()["status"] == "filed"
    assert move(actuary, "publish").status_code == 403  # only the platform publishes
    assert move(admin, "publish").json()["status"] == "published"
    assert draft["id"] in [v["id"] for v in actuary.get("/api/products").json()]
    assert move(admin, "withdraw").json()["status"] == "withdrawn"
    actions = AuditRecord.objects.filter(object_type="products.productversion", object_id=str(draft["id"]))
    assert list(actions.values_list("action", flat=True)) == [
        "product_version.create",
        "product_version.file",
        "product_version.publish",
        "product_version.withdraw",
    ]


def test_a_draft_cannot_be_published_directly(demo, products, api_as) -> None:
    admin = api_as(demo["admin"])
    draft = next_version(admin, products["cyber-emergency-response"])
    before = db_state()

    response = admin.post(f"/api/products/versions/{draft['id']}/transition", {"action": "publish"})

    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == ("products.invalid_transition", "action")
    assert ProductVersion.objects.get(pk=draft["id"]).status == "draft"
    assert db_state() == before


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("filed", "file"),
        ("filed", "withdraw"),
        ("published", "file"),
        ("published", "reject"),
        ("published", "publish"),
        ("withdrawn", "publish"),
        ("withdrawn", "file"),
        ("draft", "withdraw"),
        ("draft", "edit"),
    ],
)
def test_moves_outside_the_transition_table_are_refused(demo, products, api_as, status, action) -> None:
    admin = api_as(demo["admin"])
    version = products["data-security"]
    ProductVersion.objects.filter(pk=version.pk).update(status=status)
    before = db_state()

    response = admin.post(f"/api/products/versions/{version.pk}/transition", {"action": action})

    assert response.status_code == 409
    assert response.json()["code"] == "products.invalid_transition"
    assert db_state() == before


def test_an_incomplete_draft_cannot_be_filed(demo, products, api_as) -> None:
    actuary = api_as(demo["actuary"])
    draft = next_version(actuary, products["data-security"])
    Plan.objects.filter(version_id=draft["id"]).delete()
    before = db_state()

    response = actuary.post(f"/api/products/versions/{draft['id']}/transition", {"action": "file"})

    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("products.no_plans", "plans")
    assert db_state() == before


def test_only_the_insurers_actuary_or_the_platform_manage_versions(demo, products, api_as) -> None:
    underwriter, actuary = api_as(demo["underwriter"]), api_as(demo["actuary"])
    before = db_state()

    # 华安's underwriter may see its versions but not release them; its actuary does not see the captive's.
    denied = underwriter.post(f"/api/products/versions/{products['wanganbao'].pk}/next", {})
    hidden = actuary.post(f"/api/products/versions/{products['cyber-emergency-response'].pk}/next", {})
    hidden_move = actuary.post(
        f"/api/products/versions/{products['cyber-emergency-response'].pk}/transition", {"action": "withdraw"}
    )

    assert denied.status_code == 403
    assert (hidden.status_code, hidden_move.status_code) == (404, 404)
    assert db_state() == before


def test_a_new_version_leaves_the_quotes_and_policies_of_the_old_one_alone(demo, products, api_as) -> None:
    v1 = products["cyber-emergency-response"]
    applicant, admin = api_as(demo["applicant"]), api_as(demo["admin"])
    bound_quote = accepted_quote(applicant, v1)
    open_quote = accepted_quote(applicant, v1)
    policy = bind_on(demo["applicant"], bound_quote["id"])
    policy_before = applicant.get(f"/api/policies/{policy.pk}").json()
    open_before = applicant.get(f"/api/quotes/{open_quote['id']}").json()

    v2 = next_version(admin, v1)
    for action in ("file", "publish"):
        admin.post(f"/api/products/versions/{v2['id']}/transition", {"action": action})
    Plan.objects.filter(version_id=v2["id"], code="A").update(minimum_premium=Decimal("52000.00"))

    assert ProductVersion.objects.get(pk=v2["id"]).status == "published"
    assert applicant.get(f"/api/policies/{policy.pk}").json() == policy_before
    assert applicant.get(f"/api/quotes/{open_quote['id']}").json() == open_before
    assert Policy.objects.get(pk=policy.pk).product_version_id == v1.pk
    assert Policy.objects.get(pk=policy.pk).plan.version_id == v1.pk
    assert Quote.objects.get(pk=open_quote["id"]).application.product_version_id == v1.pk
    assert Plan.objects.get(version=v1, code="A").minimum_premium == Decimal("26000.00")
    # A new quote on the new version is priced at the new minimum.
    new_quote = accepted_quote(applicant, ProductVersion.objects.get(pk=v2["id"]))
    assert Decimal(new_quote["options"][0]["premium"]) == Decimal("52000.00")


def test_publishing_a_new_version_withdraws_the_one_on_sale(demo, products, api_as) -> None:
    admin = api_as(demo["admin"])
    v1 = products["data-security"]
    v2 = admin.post(f"/api/products/versions/{v1.pk}/next", {}).json()
    for action in ("file", "publish"):
        assert (
            admin.post(f"/api/products/versions/{v2['id']}/transition", {"action": action}).status_code == 200
        )

    on_sale = [v for v in admin.get("/api/products").json() if v["product_code"] == "data-security"]

    assert [v["number"] for v in on_sale] == [2]
    v1.refresh_from_db()
    assert v1.status == "withdrawn"
