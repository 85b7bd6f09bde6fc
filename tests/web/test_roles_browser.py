"""In headless Chromium, every role in zh-Hans and in English, on the demo data set: the role logs in, its
dashboard's every link answers 200, it opens the page of its main task (and, where no other browser test
does it in both languages, does that task once per language), and each of these pages passes axe-core
with no serious or critical violation and does not overflow a 390 px phone. Full-page screenshots at
1366 px and 390 px are kept in test-results/screenshots/roles/ (CYBERINS_SCREENSHOTS overrides) to look at.

Main tasks done elsewhere in both languages and only visited here: the underwriter's decision
(tests/underwriting/test_workbench_browser.py), the actuary's draft edit (tests/products/
test_version_browser.py), the insured's payment (tests/policies/test_payments_browser.py).

axe-core is vendored from the npm registry's axe-core package (tests/vendor/axe.min.js, MPL-2.0, its
licence header kept): the tests run without a network."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation

from cyberins.accounts.demo import DEMO_PASSWORD
from cyberins.accounts.models import Organisation, Registration
from cyberins.accounts.registration_model import RegistrationStatus
from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.claims.models import Claim
from cyberins.conf.demo import load_demo
from cyberins.incidents.models import Incident
from cyberins.products.models import ProductVersion
from cyberins.providers.models import Engagement, ServiceItem
from cyberins.providers.services import do_open_engagement
from cyberins.underwriting.models import ApplicationStatus
from cyberins.web.dashboards import DASHBOARDS
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("CYBERINS_SCREENSHOTS", "test-results/screenshots")) / "roles"
AXE = (Path(__file__).parent.parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
LANGUAGES = ("zh-hans", "en")
WIDTHS = {"desktop": 1366, "phone": 390}
BLOCKING = {"serious", "critical"}


def _axe(page: Any, name: str) -> None:
    """axe-core's default rule set (WCAG 2.x A/AA and best practices) on the page as it stands."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
    ]
    assert not blocking, f"{name}: " + "; ".join(blocking)


def _shoot(page: Any, name: str) -> None:
    """Full-page screenshots at both widths; the page must not be wider than the phone's window."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than {width}px (see its screenshot)"
    page.set_viewport_size({"width": WIDTHS["desktop"], "height": 900})


def _check(page: Any, name: str) -> None:
    _axe(page, name)
    _shoot(page, name)


def _dashboard_links_answer(page: Any, role: str) -> None:
    """Every item on the dashboard is a link, and every link opens a working page."""
    board = page.locator(f'[data-dashboard="{role}"]')
    hrefs = board.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs, role
    assert board.locator("li:not(:has(a[href]))").count() == 0, f"{role}: a dashboard item is no link"
    for href in dict.fromkeys(hrefs):
        response = page.request.get(href)
        assert response.status == 200, f"{role}: {href} answered {response.status}"


# The role's main task, done once per language: (page, language) -> None, on the page it names.
def _approve_registration(page: Any, language: str) -> None:
    row = page.locator("[data-registration]:has(button[value='approve'])").first
    row.locator("button[value='approve']").click()
    assert page.locator(".messages .success").count() == 1


def _register_call(page: Any, language: str) -> None:
    form = page.locator('section[data-section="call"] form')
    form.locator('input[name="caller"]').fill("张三" if language == "zh-hans" else "Zhang San")
    form.locator('input[name="callback_number"]').fill("13900000000")
    form.locator('input[name="affected_system"]').fill("核心业务系统")
    summary = "文件被加密" if language == "zh-hans" else "Files encrypted"
    form.locator('textarea[name="summary"]').fill(summary)
    form.locator('button[type="submit"]').click()
    page.wait_for_url("**/incidents/*/")


def _reference(language: str) -> str:
    """The service order offered to the demo provider for this language's run."""
    return f"CYB2099000001/SO-{LANGUAGES.index(language) + 1}"


def _accept_offer_and_assign(page: Any, language: str) -> None:
    page.locator(f"[data-offer]:has-text('{_reference(language)}') button[value='accept']").click()
    row = page.locator(f"[data-engagement]:has-text('{_reference(language)}')")
    row.locator('select[name="engineer"]').select_option(label="应急工程师 郑凯")
    row.locator('button[type="submit"]').click()
    assert page.locator(".messages .success").count() == 1


def _log_hours(page: Any, language: str) -> None:
    page.get_by_role("link", name=_reference(language)).click()
    page.locator('input[name="hours"]').fill("2")
    page.locator('input[name="hours"]').press("Enter")
    assert page.locator(".messages .success").count() == 1


def _open_claim(page: Any, language: str) -> None:
    form = page.locator('section[data-section="open"] form')
    form.locator('input[name="description"]').fill("勒索软件" if language == "zh-hans" else "Ransomware")
    form.locator('button[type="submit"]').click()
    page.wait_for_url("**/claims/*/")


Task = Callable[[Any, str], None]
# role -> (demo user, main page, the task done on it or None where another test does it)
ROLES: dict[str, tuple[str, str, Task | None]] = {
    Role.PLATFORM_ADMIN: ("admin", "/registrations/", _approve_registration),
    Role.UNDERWRITER: ("underwriter", "/applications/workbench/", None),
    Role.CLAIMS_HANDLER: ("claims2", "/claims/", _open_claim),
    Role.ACTUARY: ("actuary", "/products/releases/", None),
    Role.HOTLINE_AGENT: ("hotline", "/incidents/", _register_call),
    Role.APPLICANT: ("applicant", "/policies/", None),
    Role.PROVIDER_MANAGER: ("provider", "/providers/", _accept_offer_and_assign),
    Role.PROVIDER_ENGINEER: ("engineer", "/providers/my-orders/", _log_hours),
}


def _waiting_registrations() -> None:
    """Enterprises that registered and verified their email, one for each language's approval."""
    for _ in LANGUAGES:
        organisation = factories.organisation(kind=OrganisationKind.INSURED)
        Registration.objects.create(
            organisation=organisation,
            user=factories.user(Role.APPLICANT, organisation=organisation, is_active=False),
            contact_name="王五",
            contact_phone="13800000000",
            status=RegistrationStatus.VERIFIED,
            submitted_at=timezone.now(),
            verified_at=timezone.now(),
        )


def _offers_to_the_demo_provider() -> None:
    """Fixed inspections in Beijing: the network offers them to 京盾安全, the demo provider's company."""
    for language in LANGUAGES:
        do_open_engagement(
            actor=None,
            kind="service_order",
            reference=_reference(language),
            service=ServiceItem.objects.get(code="fixed_inspection"),
            province="110000",
            city="110100",
            needed_by=timezone.now() + timedelta(days=25),
            client=Organisation.objects.get(short_name="远海航运"),
            now=timezone.now(),
        )


def _login(page: Any, username: str) -> None:
    page.goto("/login/")
    page.locator('[name="username"]').fill(username)
    page.locator('[name="password"]').fill(DEMO_PASSWORD)
    page.locator('button[type="submit"].primary').click()
    page.wait_for_url("**/dashboard/**")


def test_every_role_does_its_main_task_in_both_languages_on_accessible_pages(page, live_server) -> None:
    page.set_default_timeout(60_000)  # the shared machine is slow under load
    load_demo()
    _waiting_registrations()
    _offers_to_the_demo_provider()
    # The demo decides its referrals; a new enterprise's fills the underwriter's queue.
    referral = factories.application(
        version=ProductVersion.objects.get(product__code="wanganbao", status="published"),
        security_staff=0,
    )
    assert referral.status == ApplicationStatus.REFERRED
    claims_before = Claim.objects.count()
    assert set(ROLES) == set(Role.values)

    for role, (username, main_page, task) in ROLES.items():
        _login(page, username)
        for language in LANGUAGES:
            page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            page.goto(f"/dashboard/{role}/")
            assert page.locator("html").get_attribute("lang") == language
            with translation.override(language):
                assert page.locator("h1").first.inner_text() == str(DASHBOARDS[role].title)
            if language == LANGUAGES[0]:  # the same links in either language
                _dashboard_links_answer(page, role)
            _check(page, f"{role}-dashboard-{language}")

            page.goto(main_page)
            _check(page, f"{role}-main-{language}")
            if task is not None:
                task(page, language)
                _check(page, f"{role}-done-{language}")
        page.locator('form[action="/logout/"] button').click()
        page.wait_for_url("**/login/")

    # Each task, done once per language, left its record.
    assert Registration.objects.filter(status=RegistrationStatus.APPROVED).count() == len(LANGUAGES)
    assert Incident.objects.filter(calls__caller__in=["张三", "Zhang San"]).count() == len(LANGUAGES)
    assert Claim.objects.count() == claims_before + len(LANGUAGES)
    for language in LANGUAGES:
        engagement = Engagement.objects.get(reference=_reference(language))
        assert engagement.engineer is not None
        assert engagement.engineer.username == "engineer"
        assert engagement.logged_hours() == 2
