"""Web security: Content-Security-Policy without inline script, Permissions-Policy, no caching of
logged-in pages, API docs from this server only, password spraying slowed, refusals as 403 pages."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from cyberins.accounts.demo import DEMO_PASSWORD
from cyberins.products.models import ProductVersion
from cyberins.products.services import do_create_next_version, do_transition_version

SOURCE = Path(__file__).resolve().parents[2] / "src" / "cyberins"


class Assets(HTMLParser):
    """Every URL a page makes the browser load, and every script without a source file."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if values.get(name) and (tag != "a"):
                self.urls.append(str(values[name]))
        if tag == "script" and not values.get("src") and values.get("type") != "application/json":
            self.inline_scripts += 1


def assets(html: str) -> Assets:
    parser = Assets()
    parser.feed(html)
    return parser


def test_every_page_carries_the_content_security_policy_and_permissions_policy(demo) -> None:
    client = Client()
    client.force_login(demo["applicant"])
    for path in ("/login/", "/dashboard/applicant/", "/healthchecks/", "/api/me", "/no-such-page/"):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_no_template_has_an_inline_script_or_handler() -> None:
    templates = list(SOURCE.rglob("templates/**/*.html"))
    assert len(templates) > 10
    for template in templates:
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or "application/json" in tag, (template, tag)
        assert not re.search(r"\son[a-z]+\s*=", text), template
        assert "javascript:" not in text, template


def test_logged_in_pages_are_not_cached_but_static_files_are(demo) -> None:
    client = Client()
    client.force_login(demo["underwriter"])
    for path in ("/dashboard/", "/dashboard/underwriter/", "/organisation/", "/tokens/"):
        assert client.get(path)["Cache-Control"] == "no-store", path
    assert "no-store" not in client.get("/static/web/cyberins.css").get("Cache-Control", "")


def test_api_docs_load_only_same_origin_assets_that_exist(db) -> None:
    client = Client()
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = assets(response.content.decode())
    assert page.inline_scripts == 0
    assert any(url.endswith("swagger-ui-bundle.js") for url in page.urls)
    for url in page.urls:
        assert url.startswith("/"), url
        assert not url.startswith("//"), url
        assert client.get(url).status_code == 200, url
    assert "cdn" not in response.content.decode().lower()


def test_password_spraying_from_one_address_is_locked_across_usernames(demo, settings) -> None:
    client = Client(REMOTE_ADDR="198.51.100.7")
    limit = settings.CYBERINS_LOGIN_ADDRESS_FAILURE_LIMIT
    usernames = [f"nobody{n}" for n in range(limit)]
    statuses = [
        client.post("/login/", {"username": u, "password": "Spring2026!"}).status_code for u in usernames
    ]
    # No single username reached its own limit, yet the address is locked out ...
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert statuses[-1] == 429
    # ... even for a real user with the right password.
    assert client.post("/login/", {"username": "applicant", "password": DEMO_PASSWORD}).status_code == 429
    # Another address is not affected.
    other = Client(REMOTE_ADDR="198.51.100.8")
    response = other.post("/login/", {"username": "applicant", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_a_refused_page_action_is_a_403_page_with_the_reason(demo, products) -> None:
    published = products["wanganbao"]
    draft = do_create_next_version(actor=demo["actuary"], version=published)
    do_transition_version(actor=demo["actuary"], version=draft, action="file")
    client = Client()
    client.force_login(demo["actuary"])

    response = client.post(f"/products/releases/{draft.pk}/", {"action": "publish"})

    assert response.status_code == 403
    assert "您无权执行此操作：仅限平台管理员。" in response.content.decode()
    assert ProductVersion.objects.get(pk=draft.pk).status == "filed"


@pytest.mark.parametrize("path", ["/api/healthchecks/assets/notanumber", "/api/nowhere"])
def test_api_errors_are_json_even_from_the_url_resolver(db, path) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
