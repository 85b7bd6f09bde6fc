"""An enterprise registers itself, confirms its email through a real SMTP server on loopback, and the
platform operator approves it; only then can its first user log in."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from cyberins.accounts.models import Organisation, Registration, User
from cyberins.network.credit_code import credit_code_check_char
from cyberins.notifications.models import Notification
from tests.notifications.servers import smtp  # noqa: F401 (the loopback SMTP server fixture)

pytestmark = pytest.mark.django_db

FIRST17 = "91310000MA1FL8TQ3"
CODE = FIRST17 + credit_code_check_char(FIRST17)
FORM = {
    "name": "上海新注册科技有限公司",
    "credit_code": CODE,
    "province": "上海市",
    "city": "上海市",
    "contact_name": "王芳",
    "contact_phone": "021-55550000",
    "email": "wang@example.com",
    "username": "wangfang",
    "password": "a-Strong-passw0rd",
}


def _logs_in() -> bool:
    answer = Client().post("/login/", {"username": FORM["username"], "password": FORM["password"]})
    return answer.status_code == 302


def test_register_verify_approve_then_log_in(smtp: Any, demo: dict[str, Any], page_as: Any) -> None:  # noqa: F811
    client = Client()
    assert "data-register" in client.get("/login/").content.decode()
    wrong = client.post("/register/", FORM | {"credit_code": CODE[:-1] + ("0" if CODE[-1] != "0" else "1")})
    assert "请输入有效的统一社会信用代码" in wrong.content.decode()
    assert not Organisation.objects.filter(name=FORM["name"]).exists()

    with_capture = client.post("/register/", FORM)
    assert "data-registration-sent" in with_capture.content.decode()
    organisation = Organisation.objects.get(name=FORM["name"])
    assert organisation.is_active is False
    assert not _logs_in()
    # The email goes out after the commit: the test's transaction never commits, so send it as the hook would.
    from cyberins.accounts.registration import send_verification

    registration = Registration.objects.get(organisation=organisation)
    send_verification(registration.pk, "zh-hans")
    (message,) = smtp.messages
    assert message["To"] == "wang@example.com"
    link = re.search(r"http://127\.0\.0\.1:8000(/register/verify/\S+/)", message.get_content())
    assert link is not None
    assert "data-invalid-link" in client.get("/register/verify/forged:token/").content.decode()
    assert "data-email-verified" in client.get(link.group(1)).content.decode()
    registration.refresh_from_db()
    assert registration.status == "verified"
    admin = demo["admin"]
    assert Notification.objects.filter(recipient=admin, kind="registration_waiting").count() == 1

    operator = page_as(admin)
    assert f'data-registration="{registration.pk}"' in operator.get("/registrations/").content.decode()
    assert page_as(demo["applicant"]).get("/registrations/").status_code == 403
    operator.post(f"/registrations/{registration.pk}/decide/", {"decision": "approve"})
    registration.refresh_from_db()
    assert registration.status == "approved"
    user = User.objects.get(username="wangfang")
    assert user.is_active
    assert user.roles == ["applicant"]
    assert _logs_in()
