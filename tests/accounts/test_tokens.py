"""Personal API tokens: 401 with a JSON body without one or with a revoked one; stored hashed."""

from __future__ import annotations

from cyberins.accounts.models import ApiToken
from tests.conftest import ApiClient


def test_no_token_is_401_with_json_error(db) -> None:
    response = ApiClient(None).get("/api/me")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "auth.invalid_token"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_unknown_token_is_401(db) -> None:
    assert ApiClient("cyb_deadbeef_not-a-real-token").get("/api/me").status_code == 401


def test_token_authenticates_its_user_and_is_stored_hashed(demo, api_as) -> None:
    api = api_as(demo["underwriter"])
    secret = api.headers["Authorization"].removeprefix("Bearer ")

    me = api.get("/api/me").json()

    assert me["username"] == "underwriter"
    assert me["roles"] == ["underwriter"]
    assert me["organisation"]["short_name"] == "华安财险"
    token = ApiToken.objects.get(user=demo["underwriter"])
    assert secret not in (token.digest, token.prefix)
    assert token.last_used_at is not None


def test_revoked_token_is_401(demo, api_as) -> None:
    api = api_as(demo["applicant"])
    created = api.post("/api/tokens", {"name": "ERP 集成"})
    assert created.status_code == 201
    second = ApiClient(created.json()["token"])
    assert second.get("/api/me").status_code == 200

    revoked = api.delete(f"/api/tokens/{created.json()['id']}")

    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    response = second.get("/api/me")
    assert response.status_code == 401
    assert response.json()["code"] == "auth.invalid_token"


def test_cannot_revoke_someone_elses_token(demo, api_as) -> None:
    victim = api_as(demo["applicant2"])
    victim_token = ApiToken.objects.get(user=demo["applicant2"])

    response = api_as(demo["applicant"]).delete(f"/api/tokens/{victim_token.pk}")

    assert response.status_code == 404
    victim_token.refresh_from_db()
    assert victim_token.revoked_at is None
    assert victim.get("/api/me").status_code == 200


def test_revoking_twice_is_a_coded_conflict(demo, api_as) -> None:
    api = api_as(demo["provider"])
    token_id = api.post("/api/tokens", {"name": "once"}).json()["id"]
    assert api.delete(f"/api/tokens/{token_id}").status_code == 200
    again = api.delete(f"/api/tokens/{token_id}")
    assert again.status_code == 409
    assert again.json()["code"] == "accounts.token_already_revoked"


def test_token_name_is_required(demo, api_as) -> None:
    response = api_as(demo["provider"]).post("/api/tokens", {"name": "  "})
    assert response.status_code == 400
    assert response.json() | {"message": ""} == {
        "code": "accounts.token_name_invalid",
        "field": "name",
        "message": "",
    }
    assert ApiToken.objects.filter(user=demo["provider"]).count() == 1  # only the fixture's own token


def test_malformed_json_field_names_the_field(demo, api_as) -> None:
    response = api_as(demo["provider"]).post("/api/tokens", {"nom": "x"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
    assert response.json()["field"] == "name"
