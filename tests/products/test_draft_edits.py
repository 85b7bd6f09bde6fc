"""The actuary edits a draft's services, warranties, questionnaire and rating tables: each edit is saved,
shown in the diff against the version on sale and priced by the preview; each bad edit is refused with a
coded error naming the field, and nothing changes."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from cyberins.accounts.errors import DomainError, Forbidden, InvalidState
from cyberins.accounts.roles import Role
from cyberins.products import content
from cyberins.products.draft_edits import (
    do_update_draft_questionnaire,
    do_update_draft_rating,
    do_update_draft_services,
    do_update_draft_warranties,
)
from cyberins.products.edit_forms import service_rows
from cyberins.products.models import ProductVersion
from cyberins.products.services import do_create_next_version, do_transition_version
from cyberins.underwriting.answers import validate_answers
from cyberins.underwriting.review import sample_pricing
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup() -> tuple[Any, ProductVersion]:
    published = factories.product()
    actuary = factories.user(Role.ACTUARY, organisation=published.product.insurer)
    return actuary, do_create_next_version(actor=actuary, version=published)


def _premiums(version: ProductVersion) -> list[Decimal]:
    return [Decimal(o["premium"]) for _label, options in sample_pricing(version) for o in options]


def _refused(code: str, field: str, call: Any, **kwargs: Any) -> None:
    with pytest.raises(DomainError) as caught:
        call(**kwargs)
    assert (caught.value.code, caught.value.field) == (code, field)


def _diff_terms(draft: ProductVersion) -> set[str]:
    return {term for term, _before, _after in content.diff(content.published_counterpart(draft), draft)}


def test_services_are_replaced_shown_in_the_diff_and_priced(setup) -> None:
    actuary, draft = setup
    before = _premiums(draft)
    rows = service_rows(draft)
    scan = next(r for r in rows if r["service"] == "vulnerability_scan")
    scan["quantity"] = 3
    rows.append(
        {"plan": "A", "service": "penetration_test", "rule": "on_request", "months": 0, "quantity": 1}
    )

    do_update_draft_services(actor=actuary, version=draft, rows=rows)

    assert draft.plans.get(code="A").services.get(service__code="vulnerability_scan").quantity == 3
    assert {"plan A · service vulnerability_scan", "plan A · service penetration_test"} <= _diff_terms(draft)
    assert all(after > was for after, was in zip(_premiums(draft), before, strict=True))


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"service": "nonexistent"}, "products.unknown_service", "services.0.service"),
        ({"plan": "Z"}, "products.unknown_choice", "services.0.plan"),
        ({"rule": "within_months", "months": 12}, "products.invalid_number", "services.0.months"),
        ({"rule": "on_incident", "months": 3}, "products.invalid_number", "services.0.months"),
        ({"quantity": "0"}, "products.invalid_number", "services.0.quantity"),
        ({"quantity": "two"}, "products.invalid_number", "services.0.quantity"),
    ],
)
def test_a_bad_service_row_is_named_and_nothing_changes(setup, change, code, field) -> None:
    actuary, draft = setup
    rows = service_rows(draft)
    rows[0] |= change
    kept = service_rows(draft)

    _refused(code, field, do_update_draft_services, actor=actuary, version=draft, rows=rows)
    assert service_rows(draft) == kept


def test_the_same_service_twice_in_a_plan_is_refused(setup) -> None:
    actuary, draft = setup
    rows = service_rows(draft)
    _refused(
        "products.duplicate_service",
        "services.3.service",
        do_update_draft_services,
        actor=actuary,
        version=draft,
        rows=[*rows, rows[0]],
    )


def test_warranties_follow_their_parameters_and_custom_ones_need_both_languages(setup) -> None:
    actuary, draft = setup
    rows = [
        {"kind": "remediation", "params": {"extra_deductible_ratio": "0.15"}},
        {"kind": "custom", "text_zh": "被保险人应每年演练。", "text_en": "The insured drills once a year."},
    ]

    do_update_draft_warranties(actor=actuary, version=draft, rows=rows)

    first, second = draft.warranties.order_by("position")
    assert first.params == {"extra_deductible_ratio": "0.15"}
    assert "15%" in first.text_zh
    assert "15%" in first.text_en
    assert (second.position, second.text_en) == (2, "The insured drills once a year.")
    assert "warranty 1 (remediation)" in _diff_terms(draft)
    assert "warranty 2 (custom)" in _diff_terms(draft)
    _refused(
        "products.invalid_number",
        "warranties.0.extra_deductible_ratio",
        do_update_draft_warranties,
        actor=actuary,
        version=draft,
        rows=[{"kind": "remediation", "params": {"extra_deductible_ratio": "1.5"}}],
    )
    _refused(
        "products.invalid_text",
        "warranties.0.text_en",
        do_update_draft_warranties,
        actor=actuary,
        version=draft,
        rows=[{"kind": "custom", "text_zh": "中文"}],
    )
    _refused(
        "products.duplicate_warranty",
        "warranties.1.kind",
        do_update_draft_warranties,
        actor=actuary,
        version=draft,
        rows=[rows[0], rows[0]],
    )
    _refused(
        "products.invalid_number",
        "warranties.0.vulnerability_scan_after_months",
        do_update_draft_warranties,
        actor=actuary,
        version=draft,
        rows=[
            {
                "kind": "service_schedule",
                "params": {"first_inspection_within_months": 1, "vulnerability_scan_after_months": 14},
            }
        ],
    )
    assert draft.warranties.count() == 2


def test_the_questionnaire_is_edited_and_its_changes_shown(setup) -> None:
    actuary, draft = setup
    questions = copy.deepcopy(draft.questionnaire)
    employees = next(q for q in questions if q["key"] == "employees")
    employees["max"] = "50000"
    questions.append(
        {
            "key": "backup",
            "type": "choice",
            "required": False,
            "section": "unit",
            "label": {"zh": "是否离线备份", "en": "Offline backups"},
            "choices": [{"value": "yes", "zh": "是", "en": "Yes"}, {"value": "no", "zh": "否", "en": "No"}],
        }
    )

    do_update_draft_questionnaire(actor=actuary, version=draft, questions=questions)

    draft.refresh_from_db()
    assert draft.questionnaire[-1]["key"] == "backup"
    assert {"question employees", "question backup"} <= _diff_terms(draft)
    with pytest.raises(DomainError) as caught:  # an applicant's answer is held to the edited bound
        validate_answers(draft.questionnaire, {"employees": "60000"}, partial=True)
    assert caught.value.details[0].code == "questionnaire.too_large"


@pytest.mark.parametrize(
    ("edit", "code", "field"),
    [
        (lambda qs: qs.append(copy.deepcopy(qs[0])), "products.duplicate_key", "questionnaire.13.key"),
        (lambda qs: qs[0].update(key="Bad key"), "products.invalid_key", "questionnaire.0.key"),
        (lambda qs: qs[0].update(type="date"), "products.unknown_choice", "questionnaire.0.type"),
        (lambda qs: qs[0]["label"].update(en=""), "products.invalid_text", "questionnaire.0.label.en"),
        (lambda qs: qs[2].update(choices=[]), "products.no_choices", "questionnaire.2.choices"),
        (lambda qs: qs[8].update(min=10, max=5), "products.invalid_bounds", "questionnaire.8.max"),
        (lambda qs: qs[0].update(max_length=0), "products.invalid_number", "questionnaire.0.max_length"),
        (lambda qs: qs.pop(3), "products.pinned_question", "questionnaire.industry"),
        (lambda qs: qs[7].update(type="text"), "products.pinned_question", "questionnaire.security_staff"),
        # the rating's cloud table keys on this option: removing it would leave a dead modifier
        (
            lambda qs: qs[10]["choices"].pop(1),
            "products.unknown_rating_key",
            "rating.modifiers.cloud_provider",
        ),
    ],
)
def test_a_bad_questionnaire_is_named_and_nothing_changes(setup, edit, code, field) -> None:
    actuary, draft = setup
    questions = copy.deepcopy(draft.questionnaire)
    edit(questions)

    _refused(code, field, do_update_draft_questionnaire, actor=actuary, version=draft, questions=questions)
    draft.refresh_from_db()
    assert len(draft.questionnaire) == 13
    assert draft.questionnaire[0]["key"] == "unit_name"


def test_the_rating_tables_are_edited_diffed_and_priced(setup) -> None:
    actuary, draft = setup
    before = _premiums(draft)
    rating = copy.deepcopy(draft.rating)
    rating["frequency_scale"] = "0.70"
    rating["modifiers"]["grade"]["C"] = "1.20"

    do_update_draft_rating(actor=actuary, version=draft, rating=rating)

    draft.refresh_from_db()
    assert draft.rating["modifiers"]["grade"]["C"] == "1.20"
    assert {"rating frequency_scale", "rating modifiers"} <= _diff_terms(draft)
    assert sum(_premiums(draft)) > sum(before)


@pytest.mark.parametrize(
    ("edit", "code", "field"),
    [
        (lambda r: r.update(frequency_scale="2"), "products.invalid_number", "rating.frequency_scale"),
        (
            lambda r: r.update(modifier_bounds=["1.5", "2"]),
            "products.invalid_number",
            "rating.modifier_bounds.0",
        ),
        (
            lambda r: r["modifiers"]["grade"].update(Z="1.1"),
            "products.unknown_rating_key",
            "rating.modifiers.grade",
        ),
        (
            lambda r: r["modifiers"]["cloud_provider"].update(private="0"),
            "products.invalid_number",
            "rating.modifiers.cloud_provider.private",
        ),
        (
            lambda r: r["modifiers"].update(security_staff=[[3, "1"], [1, "1"]]),
            "products.invalid_number",
            "rating.modifiers.security_staff.1.0",
        ),
        (
            lambda r: r.update(loadings={"risk_load_method": "guess", "risk_load_factor": 0.1}),
            "products.unknown_choice",
            "rating.loadings.risk_load_method",
        ),
        (lambda r: r.update(segment="huge"), "products.unknown_choice", "rating.segment"),
        (lambda r: r.update(vat_rate="NaN"), "products.invalid_number", "rating.vat_rate"),
    ],
)
def test_bad_rating_tables_are_named_and_nothing_changes(setup, edit, code, field) -> None:
    actuary, draft = setup
    rating = copy.deepcopy(draft.rating)
    edit(rating)

    _refused(code, field, do_update_draft_rating, actor=actuary, version=draft, rating=rating)
    assert ProductVersion.objects.get(pk=draft.pk).rating == draft.rating


def test_only_an_actuary_edits_and_only_a_draft(setup) -> None:
    actuary, draft = setup
    underwriter = factories.user(Role.UNDERWRITER, organisation=draft.product.insurer)
    with pytest.raises(Forbidden):
        do_update_draft_rating(actor=underwriter, version=draft, rating=draft.rating)
    do_transition_version(actor=actuary, version=draft, action="file")
    with pytest.raises(InvalidState):
        do_update_draft_services(actor=actuary, version=draft, rows=[])


def test_the_edit_pages_save_refuse_and_keep_the_typed_values(setup) -> None:
    actuary, draft = setup
    client = Client()
    client.force_login(actuary)
    url = f"/products/versions/{draft.pk}/edit/services/"
    version_page = client.get(f"/products/versions/{draft.pk}/").content.decode()
    form = client.get(url).content.decode()
    rows = {
        f"s-{i}-{k}": str(v)
        for i, row in enumerate(service_rows(draft))
        for k, v in row.items()
        if v is not False
    }
    bad = client.post(url, rows | {"s-rows": "5", "s-1-months": "40"})
    good = client.post(url, rows | {"s-rows": "5", "s-1-delete": "on"})

    assert 'data-edit-link="services"' in version_page
    assert 'data-edit-link="rating"' in version_page
    assert 'name="s-4-service"' in form  # three rows and two blank ones
    assert 'name="s-5-service"' not in form
    assert 'data-error="services.1.months"' in bad.content.decode()
    assert 'value="40"' in bad.content.decode()
    assert good.status_code == 302
    assert draft.plans.get(code="A").services.count() == 2
    for section in ("warranties", "questionnaire", "rating"):
        assert client.get(f"/products/versions/{draft.pk}/edit/{section}/").status_code == 200
    rating = client.post(
        f"/products/versions/{draft.pk}/edit/rating/", {"segment": "sme", "frequency_scale": "x"}
    )
    assert 'data-error="rating.modifier_bounds' in rating.content.decode()
    do_transition_version(actor=actuary, version=draft, action="file")
    assert client.get(url).status_code == 403
