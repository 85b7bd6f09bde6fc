"""Tenant isolation: for every role, another organisation's records answer 404 and stay unchanged."""

from __future__ import annotations

import pytest

from cyberins.accounts.models import AuditRecord, Organisation
from cyberins.accounts.roles import OrganisationKind, Role
from tests import factories

# username → the short name of an organisation that user must not see
OUTSIDERS = {
    "underwriter": "远海航运",
    "claims": "精工智造",
    "actuary": "京盾安全",
    "hotline": "远海自保",
    "underwriter2": "华安财险",
    "applicant": "精工智造",
    "applicant2": "远海航运",
    "applicant3": "华安财险",
    "engineer": "沪安信息",
    "provider": "蜀康医疗",
    "provider2": "京盾安全",
}


def _state(org: Organisation) -> tuple[str, str, str]:
    org.refresh_from_db()
    return org.name, org.address, org.phone


@pytest.mark.parametrize(("username", "other"), sorted(OUTSIDERS.items()))
def test_api_hides_and_protects_other_organisations(demo, org, api_as, username, other) -> None:
    target = org(other)
    api = api_as(demo[username])
    before, records = _state(target), AuditRecord.objects.count()

    assert api.get(f"/api/organisations/{target.pk}").status_code == 404
    assert target.pk not in [o["id"] for o in api.get("/api/organisations").json()]
    response = api.patch(f"/api/organisations/{target.pk}", {"address": "改掉的地址"})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert _state(target) == before
    assert AuditRecord.objects.count() == records


@pytest.mark.parametrize(("username", "other"), sorted(OUTSIDERS.items()))
def test_pages_hide_and_protect_other_organisations(demo, org, page_as, username, other) -> None:
    target = org(other)
    before = _state(target)
    page = page_as(demo[username])

    assert page.get(f"/organisations/{target.pk}/").status_code == 404
    assert page.get(f"/organisations/{target.pk}/edit/").status_code == 404
    response = page.post(f"/organisations/{target.pk}/edit/", {"name": target.name, "address": "改掉的地址"})

    assert response.status_code == 404
    assert _state(target) == before


@pytest.mark.parametrize("username", ["claims", "actuary", "hotline", "engineer"])
def test_roles_without_edit_right_get_403_on_their_own_organisation(demo, api_as, page_as, username) -> None:
    user = demo[username]
    own = user.organisation
    before = _state(own)

    assert api_as(user).get(f"/api/organisations/{own.pk}").status_code == 200
    response = api_as(user).patch(f"/api/organisations/{own.pk}", {"phone": "110"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert (
        page_as(user).post(f"/organisations/{own.pk}/edit/", {"name": own.name, "phone": "110"}).status_code
        == 403
    )
    assert _state(own) == before


def test_platform_admin_sees_every_organisation(db, api_as) -> None:
    admin = factories.user(Role.PLATFORM_ADMIN)
    made = {factories.organisation(kind=kind).pk for kind in OrganisationKind}

    listed = {o["id"] for o in api_as(admin).get("/api/organisations").json()}

    assert made < listed
    assert listed == set(Organisation.objects.values_list("pk", flat=True))


def test_a_user_sees_only_their_own_organisation(db, api_as) -> None:
    applicant = factories.user(Role.APPLICANT)
    factories.organisation(kind=OrganisationKind.INSURED)
    factories.user(Role.UNDERWRITER)

    listed = [o["id"] for o in api_as(applicant).get("/api/organisations").json()]

    assert listed == [applicant.organisation_id]


def test_profile_editor_changes_own_organisation_with_one_audit_record(demo, api_as) -> None:
    user = demo["applicant"]
    response = api_as(user).patch(f"/api/organisations/{user.organisation_id}", {"phone": "021-55550000"})

    assert response.status_code == 200
    assert response.json()["phone"] == "021-55550000"
    record = AuditRecord.objects.get(action="organisation.update")
    assert record.actor_name == "applicant"
    assert record.after == {"phone": "021-55550000"}
    assert record.before == {"phone": ""}


def test_invalid_profile_change_is_rejected_with_field_and_changes_nothing(demo, org, api_as) -> None:
    user = demo["applicant"]
    taken = org("精工智造").name
    before = _state(user.organisation)

    response = api_as(user).patch(f"/api/organisations/{user.organisation_id}", {"name": taken})

    assert response.status_code == 400
    assert response.json()["code"] == "accounts.name_taken"
    assert response.json()["field"] == "name"
    assert _state(user.organisation) == before


def test_audit_trail_is_for_the_platform_admin_only(demo, api_as) -> None:
    assert api_as(demo["admin"]).get("/api/audit").status_code == 200
    for username in ("underwriter", "applicant", "provider"):
        assert api_as(demo[username]).get("/api/audit").status_code == 403
    assert Role.PLATFORM_ADMIN in demo["admin"].roles
