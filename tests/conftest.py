"""Shared fixtures: the demo organisations and users, and API clients with personal tokens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from cyberins.accounts.demo import load_accounts
from cyberins.accounts.models import Organisation, User
from cyberins.accounts.services import do_create_api_token


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any, tmp_path_factory: Any) -> None:
    # The audit trail's key and checkpoints belong to one database: each test has its own.
    settings.AUDIT_KEY_FILE = tmp_path / "audit_keys"
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit_checkpoints.jsonl"
    settings.AUDIT_SEALER = "inline"  # no background thread racing the test's own database work
    # Uploaded reports go to a temporary folder, not ./var.
    settings.MEDIA_ROOT = str(tmp_path_factory.getbasetemp() / "media")
    # Argon2 is the production hasher (asserted in tests/conf); tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Production serves hashed names from collectstatic's manifest; tests serve the app folders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def demo(db: None) -> dict[str, User]:
    """The demo users by username (one per role, three insured enterprises, two providers)."""
    load_accounts()
    return {user.username: user for user in User.objects.select_related("organisation")}


@pytest.fixture
def org(db: None) -> Callable[[str], Organisation]:
    return lambda short_name: Organisation.objects.get(short_name=short_name)


class ApiClient:
    """A Django test client that sends ``Authorization: Bearer <token>`` and JSON bodies."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str) -> Any:
        return self.client.get(path, headers=self.headers)

    def delete(self, path: str) -> Any:
        return self.client.delete(path, headers=self.headers)

    def post(self, path: str, data: Any) -> Any:
        return self.client.post(path, data, content_type="application/json", headers=self.headers)

    def patch(self, path: str, data: Any) -> Any:
        return self.client.patch(path, data, content_type="application/json", headers=self.headers)


@pytest.fixture
def api_as(db: None) -> Callable[[User], ApiClient]:
    def make(user: User) -> ApiClient:
        _token, secret = do_create_api_token(actor=user, name="tests")
        return ApiClient(secret)

    return make


@pytest.fixture
def page_as(db: None) -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


pytest_plugins = ["tests.browser"]
pytest_plugins.append("tests.journey")
