"""Password reset by email: the link arrives through a real SMTP server on loopback and works once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from cyberins.accounts.roles import Role
from tests import factories
from tests.notifications.servers import smtp  # noqa: F401 (the loopback SMTP server fixture)

pytestmark = pytest.mark.django_db


def test_a_user_resets_the_password_from_the_emailed_link(smtp: Any) -> None:  # noqa: F811
    user = factories.user(Role.APPLICANT, email="reset@example.com")
    user.set_password("old-password-123")
    user.save()
    client = Client()
    assert "data-forgot-password" in client.get("/login/").content.decode()
    sent = client.post("/password-reset/", {"email": "reset@example.com"})
    assert sent["Location"] == "/password-reset/sent/"
    assert client.post("/password-reset/", {"email": "nobody@example.com"}).status_code == 302
    (message,) = smtp.messages  # nothing is sent for an unknown address, and the page does not tell
    assert message["Subject"].strip() == "重置 Cyberins 密码"
    link = re.search(r"http://testserver(/password-reset/\S+/\S+/)", message.get_content())
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert "设置新密码" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-New-passw0rd!", "new_password2": "a-New-passw0rd!"},
    )
    assert done["Location"] == "/password-reset/done/"
    user.refresh_from_db()
    assert user.check_password("a-New-passw0rd!")
    # The link works once.
    again = Client().get(link.group(1), follow=True).content.decode()
    assert "data-invalid-link" in again
