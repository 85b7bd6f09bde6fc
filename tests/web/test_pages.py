"""Login, role dashboards, navigation by role, language switch, login throttling."""

from __future__ import annotations

import pytest
from django.test import Client

from cyberins.accounts.demo import DEMO_PASSWORD, USERS


def test_login_page_is_in_chinese_by_default(db) -> None:
    response = Client().get("/login/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "登录" in html
    assert "用户名" in html


def test_anonymous_visitor_is_sent_to_login(db) -> None:
    response = Client().get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(("username", "role"), [(u, r) for u, _n, _o, r in USERS])
def test_each_role_logs_in_and_lands_on_its_dashboard(demo, username, role, settings) -> None:
    client = Client()
    response = client.post("/login/", {"username": username, "password": DEMO_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == f"/dashboard/{role}/"
    assert f'data-dashboard="{role}"' in response.content.decode()


def test_a_role_cannot_open_another_roles_dashboard(demo, page_as) -> None:
    assert page_as(demo["applicant"]).get("/dashboard/underwriter/").status_code == 404


def test_navigation_shows_only_what_the_role_may_use(demo, page_as) -> None:
    admin_html = page_as(demo["admin"]).get("/dashboard/platform_admin/").content.decode()
    applicant_html = page_as(demo["applicant"]).get("/dashboard/applicant/").content.decode()
    assert 'data-nav="audit"' in admin_html
    assert 'data-nav="audit"' not in applicant_html
    assert page_as(demo["applicant"]).get("/audit/").status_code == 403


def test_language_switch_to_english(demo, page_as) -> None:
    client = page_as(demo["applicant"])
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/dashboard/applicant/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "My cyber insurance" in html
    assert "Log out" in html


def test_tokens_page_creates_shows_once_and_revokes(demo, page_as) -> None:
    client = page_as(demo["provider"])
    html = client.post("/tokens/", {"name": "工单系统"}).content.decode()
    assert "data-new-token" in html
    token = demo["provider"].api_tokens.get()
    assert client.get("/tokens/").content.decode().count("data-new-token") == 0

    client.post(f"/tokens/{token.pk}/revoke/")

    token.refresh_from_db()
    assert token.revoked_at is not None


def test_repeated_failed_logins_lock_the_account(demo, settings) -> None:
    client = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/login/", {"username": "applicant", "password": "wrong"}).status_code == 200
    assert client.post("/login/", {"username": "applicant", "password": "wrong"}).status_code == 429
    locked = client.post("/login/", {"username": "applicant", "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_english_browser_still_gets_chinese_pages_until_it_switches(db) -> None:
    client = Client(headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="zh-hans">' in client.get("/login/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert '<html lang="en">' in client.get("/login/").content.decode()


def test_api_errors_follow_the_accept_language_header(db) -> None:
    english = Client(headers={"Accept-Language": "en"}).get("/api/me").json()["message"]
    chinese = Client().get("/api/me").json()["message"]
    assert english == "A valid API token is required."
    assert chinese == "需要有效的 API 令牌。"


def test_the_other_roles_of_a_user_are_named_and_linked(demo, page_as) -> None:
    user = demo["underwriter"]
    user.roles = ["underwriter", "claims_handler"]
    user.save(update_fields=["roles"])
    html = page_as(user).get("/dashboard/underwriter/").content.decode()
    assert '<a href="/dashboard/claims_handler/">理赔员</a>' in html
    assert ">claims_handler<" not in html
