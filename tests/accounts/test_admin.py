"""Back office: admin edits are audited; the audit trail cannot be edited there; createadmin works."""

from __future__ import annotations

from cyberins.accounts.audit import verify_chain
from cyberins.accounts.models import AuditRecord, Organisation, User
from cyberins.cli import main
from cyberins.policies.demo import load_policies


def test_admin_edit_of_an_organisation_is_audited(demo, org, page_as) -> None:
    target = org("精工智造")
    admin_page = page_as(demo["admin"])
    form = admin_page.get(f"/admin/accounts/organisation/{target.pk}/change/")
    assert form.status_code == 200
    data = {
        "kind": target.kind,
        "name": target.name,
        "short_name": target.short_name,
        "name_en": target.name_en,
        "unified_social_credit_code": "",
        "province": target.province,
        "city": target.city,
        "address": "杭州市滨江区新地址1号",
        "industry": target.industry,
        "phone": "",
        "is_active": "on",
    }

    response = admin_page.post(f"/admin/accounts/organisation/{target.pk}/change/", data)

    assert response.status_code == 302
    record = AuditRecord.objects.get(action="admin.change")
    assert record.after == {"address": "杭州市滨江区新地址1号"}
    assert record.actor_name == "admin"
    assert verify_chain().ok


def test_audit_records_are_read_only_in_the_admin(demo, page_as) -> None:
    admin_page = page_as(demo["admin"])
    assert admin_page.get("/admin/accounts/auditrecord/add/").status_code == 403


def test_createadmin_creates_a_platform_administrator(db, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CYBERINS_ADMIN_PASSWORD", "a-long-Passphrase-2026")

    assert main(["createadmin", "--username", "ops"]) == 0

    user = User.objects.get(username="ops")
    assert user.roles == ["platform_admin"]
    assert user.is_superuser
    assert user.check_password("a-long-Passphrase-2026")
    assert user.organisation.kind == Organisation.objects.get(kind="platform").kind


def test_createadmin_rejects_a_weak_password(db, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CYBERINS_ADMIN_PASSWORD", "123")
    assert main(["createadmin", "--username", "ops"]) == 2
    assert not User.objects.filter(username="ops").exists()
    assert "错误" in capsys.readouterr().err


def test_applications_quotes_and_policies_are_read_only_in_the_admin(demo, products, page_as) -> None:
    policy = load_policies(list(products.values()))[0]
    admin_page = page_as(demo["admin"])
    assert admin_page.get("/admin/policies/policy/").status_code == 200
    assert policy.number in admin_page.get("/admin/policies/policy/").content.decode()
    assert admin_page.get("/admin/underwriting/application/").status_code == 200
    assert admin_page.post(f"/admin/policies/policy/{policy.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_page.get("/admin/underwriting/quote/add/").status_code == 403


def test_roles_are_ticked_from_a_list_and_must_fit_the_organisation(demo, org, page_as) -> None:
    admin_page = page_as(demo["admin"])
    user = demo["underwriter"]
    page = admin_page.get(f"/admin/accounts/user/{user.pk}/change/").content.decode()
    assert 'type="checkbox" name="roles" value="claims_handler"' in page
    data = {
        "username": user.username,
        "display_name": user.display_name,
        "organisation": user.organisation_id,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "roles": ["underwriter", "claims_handler"],
    }
    assert admin_page.post(f"/admin/accounts/user/{user.pk}/change/", data).status_code == 302
    user.refresh_from_db()
    assert user.roles == ["underwriter", "claims_handler"]

    refused = admin_page.post(f"/admin/accounts/user/{user.pk}/change/", data | {"roles": ["applicant"]})
    assert refused.status_code == 200
    assert "投保人" in refused.content.decode()
    user.refresh_from_db()
    assert user.roles == ["underwriter", "claims_handler"]
