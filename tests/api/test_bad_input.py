"""Hostile input to the API: every refusal is the coded JSON error, before the database is asked, the
same on SQLite and PostgreSQL, and nothing changes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from cyberins.accounts.models import ApiToken, AuditRecord, Organisation
from cyberins.healthchecks.models import Asset, ScanAuthorisation
from cyberins.underwriting.models import Application

BIG = 2**63


def state() -> dict[str, list[dict[str, Any]]]:
    tracked = (Organisation, AuditRecord, Asset, ScanAuthorisation, Application)
    rows = {m._meta.label: list(m._default_manager.order_by("pk").values()) for m in tracked}
    # A token's last use is stamped on every request; its other columns must not change.
    rows["tokens"] = list(ApiToken.objects.order_by("pk").values("pk", "name", "revoked_at"))
    return rows


@pytest.fixture
def applicant(demo: Any, api_as: Any) -> Any:
    return api_as(demo["applicant"])


def raw(client: Any, method: str, path: str, body: str | bytes) -> Any:
    send = getattr(client.client, method)
    return send(path, body, content_type="application/json", headers=client.headers)


def assert_coded(response: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert (body["code"], body["field"]) == (code, field), body
    assert isinstance(body["message"], str)
    assert body["message"]
    return dict(body)


# (method, path template, body, status, code, field); {org} is the applicant's organisation.
CASES = [
    ("patch", "/api/organisations/{org}", {"name": None}, 422, "null_not_allowed", "name"),
    ("patch", "/api/organisations/{org}", {"city": None}, 422, "null_not_allowed", "city"),
    ("patch", "/api/organisations/{org}", {"name": "名" * 201}, 422, "invalid_input", "name"),
    ("patch", "/api/organisations/{org}", {"name": "x" * 100_000}, 422, "invalid_input", "name"),
    ("patch", "/api/organisations/{org}", {"phone": "1" * 41}, 422, "invalid_input", "phone"),
    ("patch", "/api/organisations/{org}", {"name": "远海\ud800航运"}, 400, "invalid_text", "name"),
    ("patch", "/api/organisations/{org}", {"address": "上海\x00"}, 400, "invalid_text", "address"),
    ("patch", "/api/organisations/{org}", {"name": 12}, 422, "invalid_input", "name"),
    ("post", "/api/tokens", {"name": "\udfff"}, 400, "invalid_text", "name"),
    ("post", "/api/tokens", {"name": "n" * 101}, 422, "invalid_input", "name"),
    ("post", "/api/applications", {"product_version": True}, 422, "number_required", "product_version"),
    ("post", "/api/applications", {"product_version": "1"}, 422, "number_required", "product_version"),
    ("post", "/api/applications", {"product_version": BIG}, 422, "invalid_input", "product_version"),
    ("post", "/api/applications", {"product_version": 1, "submit": "yes"}, 422, "invalid_input", "submit"),
    (
        "post",
        "/api/applications",
        {"product_version": 1, "answers": {"k\x00": 1}},
        400,
        "invalid_text",
        "answers",
    ),
    (
        "post",
        "/api/applications",
        {"product_version": 1, "answers": {"a": ["\ud800"]}},
        400,
        "invalid_text",
        "answers.a.0",
    ),
    (
        "post",
        "/api/healthchecks/authorisations",
        {"asset_ids": [1], "authorised_by": "CISO", "authorised_at": 20260101},
        422,
        "iso_date_required",
        "authorised_at",
    ),
    (
        "post",
        "/api/healthchecks/authorisations",
        {"asset_ids": [BIG], "authorised_by": "CISO"},
        422,
        "invalid_input",
        "asset_ids.0",
    ),
    (
        "post",
        "/api/healthchecks/authorisations",
        {"asset_ids": [True], "authorised_by": "CISO"},
        422,
        "number_required",
        "asset_ids.0",
    ),
    (
        "post",
        "/api/healthchecks/assets",
        {"name": "web", "address": "example.test", "ports": [70000]},
        422,
        "invalid_input",
        "ports.0",
    ),
    (
        "post",
        "/api/healthchecks/assets",
        {"name": "web", "address": "a" * 301},
        422,
        "invalid_input",
        "address",
    ),
    (
        "post",
        "/api/healthchecks",
        {"kind": "baseline", "organisation_id": -1},
        422,
        "invalid_input",
        "organisation_id",
    ),
]


@pytest.mark.parametrize(("method", "path", "body", "status", "code", "field"), CASES)
def test_a_bad_value_is_a_coded_field_error_and_changes_nothing(
    demo: Any, applicant: Any, method: str, path: str, body: Any, status: int, code: str, field: str
) -> None:
    path = path.format(org=demo["applicant"].organisation_id)
    before = state()

    response = getattr(applicant, method)(path, body)

    assert_coded(response, status, code, field)
    assert state() == before


def test_null_never_becomes_the_text_none(demo: Any, applicant: Any) -> None:
    org = demo["applicant"].organisation
    applicant.patch(f"/api/organisations/{org.pk}", {"name": None, "city": None})
    org.refresh_from_db()
    assert "None" not in (org.name, org.city)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("1", "invalid_body"),
        ("[]", "invalid_body"),
        ('"name"', "invalid_body"),
        ("null", "invalid_body"),
        ("{bad json", "invalid_json"),
        ('{"product_version": 1', "invalid_json"),
        (b"\xff\xfe", "invalid_json"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused(demo: Any, applicant: Any, body: str, code: str) -> None:
    before = state()
    assert_coded(raw(applicant, "post", "/api/applications", body), 400, code)
    assert state() == before


def test_a_ten_megabyte_body_is_413_json(demo: Any, applicant: Any) -> None:
    body = json.dumps({"name": "x" * (10 * 1024 * 1024)})
    assert_coded(raw(applicant, "post", "/api/tokens", body), 413, "body_too_large")


@pytest.mark.parametrize(
    "path",
    [
        f"/api/organisations/{BIG}",
        f"/api/organisations/{2**64}",
        "/api/organisations/-1",
        "/api/organisations/abc",
        "/api/organisations/1.5",
        f"/api/healthchecks/assets/{BIG}",
        "/api/healthchecks/assets/abc",
        "/api/healthchecks/assets/-3",
        f"/api/policies/{BIG}/instalments/1/pay",
        f"/api/quotes/{BIG}",
        "/api/no-such-route",
    ],
)
def test_an_id_out_of_range_or_not_a_number_and_an_unknown_route_are_json_404(
    applicant: Any, path: str
) -> None:
    assert_coded(applicant.get(path), 404, "not_found")


def test_a_query_string_with_nul_is_refused(applicant: Any) -> None:
    assert_coded(applicant.get("/api/applications?status=%00"), 400, "invalid_text", "status")


def test_a_wrong_method_is_405_json_with_allow(applicant: Any) -> None:
    response = applicant.client.put("/api/me", headers=applicant.headers)
    assert_coded(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer cyb_not-a-token"}, {"Authorization": "Basic x"}]
)
def test_a_missing_or_wrong_token_is_401_json(db: None, headers: dict[str, str]) -> None:
    response = Client().get("/api/me", headers=headers)
    assert_coded(response, 401, "auth.invalid_token")


def test_a_forbidden_action_is_403_json(demo: Any, applicant: Any) -> None:
    assert_coded(applicant.get("/api/audit"), 403, "forbidden")


def test_api_responses_are_never_cached(demo: Any, applicant: Any) -> None:
    for response in (applicant.get("/api/me"), applicant.get("/api/nothing-here")):
        assert response["Cache-Control"] == "no-store"


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _value in pairs]
    assert len(keys) == len(set(keys)), keys
    return dict(pairs)


def test_the_schema_declares_every_error_status(db: None) -> None:
    schema = json.loads(Client().get("/api/openapi.json").content, object_pairs_hook=_unique_keys)
    operations = [(path, method, op) for path, ops in schema["paths"].items() for method, op in ops.items()]
    assert len(operations) > 30
    for path, method, operation in operations:
        declared = set(operation["responses"])
        assert {"400", "401", "403", "404"} <= declared, (path, method)
        if operation.get("requestBody"):
            assert {"409", "413", "422"} <= declared, (path, method)
        for status in declared - {"200", "201", "202"}:
            ref = operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]
            assert ref == "#/components/schemas/ErrorOut"
    codes = schema["components"]["schemas"]["ErrorOut"]["properties"]["code"]["enum"]
    assert {"not_found", "invalid_text", "policies.already_paid", "terms.invalid_date"} <= set(codes)


def test_an_unexpected_failure_is_a_500_in_the_same_json_format(
    demo: Any, applicant: Any, monkeypatch: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("cyberins.accounts.api.queries.organisations", broken)
    applicant.client.raise_request_exception = False

    response = applicant.get("/api/organisations")

    body = assert_coded(response, 500, "server_error")
    assert "database" not in body["message"]
