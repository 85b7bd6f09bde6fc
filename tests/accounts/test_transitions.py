"""The state-transition mechanism: the declared table, who may move, history and audit in one go.

The mechanism is exercised on a product version with a table declared here (monkeypatched onto the
model), so these tests pin the mechanism and not any one entity's rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import transaction
from django.utils import translation

from cyberins.accounts.errors import Forbidden, InvalidState
from cyberins.accounts.models import AuditRecord, Organisation, StatusChange, User
from cyberins.accounts.roles import OrganisationKind, Role
from cyberins.accounts.transitions import Move, StateMachine, create_in_state, history, transition
from cyberins.products.models import Product, ProductVersion

NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)


# --- the table alone (no database) -------------------------------------------------------------


def test_a_table_answers_which_moves_exist_and_who_may_make_them() -> None:
    machine = StateMachine(
        field="status",
        states=["draft", "filed", "published", "withdrawn"],
        moves=[
            Move("draft", "filed", roles={"actuary"}),
            Move(["filed", "published"], "withdrawn", roles={"platform_admin"}, system=True),
            Move("filed", "published"),
        ],
    )
    actuary = User(roles=[Role.ACTUARY])
    admin = User(roles=[Role.PLATFORM_ADMIN])
    applicant = User(roles=[Role.APPLICANT])

    assert machine.move("draft", "published") is None
    assert machine.targets("filed") == ["withdrawn", "published"]
    draft_to_filed = machine.move("draft", "filed")
    assert draft_to_filed is not None
    assert draft_to_filed.allows(actuary)
    assert draft_to_filed.allows(admin)  # the platform administrator holds every role
    assert not draft_to_filed.allows(applicant)
    assert not draft_to_filed.allows(None)  # roles given, no system=True: the system may not
    withdraw = machine.move("published", "withdrawn")
    assert withdraw is not None
    assert withdraw.allows(None)
    assert withdraw.allows(admin)
    assert not withdraw.allows(actuary)
    assert not withdraw.allows(applicant)
    publish = machine.move("filed", "published")
    assert publish is not None
    assert publish.allows(None)
    assert publish.allows(actuary)  # roles=None: anyone
    assert ("filed", "withdrawn", "platform_admin, system", "") in machine.rows()


@pytest.mark.parametrize(
    ("moves", "message"),
    [
        ([Move("a", "b"), Move(["a", "c"], "b")], "declared twice"),
        ([Move("a", "typo")], "not among"),
    ],
)
def test_a_wrong_table_fails_when_it_is_declared(moves: list[Move], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        StateMachine(field="status", states=["a", "b", "c"], moves=moves)


def test_a_move_must_change_the_state_and_someone_must_be_able_to_make_it() -> None:
    with pytest.raises(ValueError, match="itself"):
        Move("a", "a")
    with pytest.raises(ValueError, match="nobody"):
        Move("a", "b", roles=set())
    assert Move("a", "b", roles=set(), system=True).allows(None)


# --- on a real row -------------------------------------------------------------------------------


def _guard_has_questionnaire(version: ProductVersion, ctx: object) -> bool:
    """the version has a questionnaire"""
    return bool(version.questionnaire)


TABLE = StateMachine(
    field="status",
    states=["draft", "filed", "published", "withdrawn"],
    stamps={"filed": "filed_at", "withdrawn": "withdrawn_at"},
    moves=[
        Move("draft", "filed", roles={Role.ACTUARY}, guard=_guard_has_questionnaire, action="file"),
        Move("filed", "published", roles={Role.PLATFORM_ADMIN}),
        Move("published", "withdrawn", roles={Role.PLATFORM_ADMIN}, system=True),
    ],
)


@pytest.fixture
def version(db: None, monkeypatch: pytest.MonkeyPatch) -> ProductVersion:
    monkeypatch.setattr(ProductVersion, "WORKFLOW", TABLE, raising=False)
    insurer = Organisation.objects.create(kind=OrganisationKind.INSURER, name="测试保险", short_name="测保")
    product = Product.objects.create(insurer=insurer, code="t", name="测试", name_en="Test")
    return ProductVersion.objects.create(product=product, number=1, questionnaire=[{"id": "q1"}])


@pytest.fixture
def people(db: None) -> dict[str, User]:
    platform = Organisation.objects.create(kind=OrganisationKind.PLATFORM, name="平台", short_name="平台")
    insurer = Organisation.objects.create(kind=OrganisationKind.INSURER, name="保司", short_name="保司")
    return {
        "actuary": User.objects.create(username="act", organisation=insurer, roles=[Role.ACTUARY]),
        "admin": User.objects.create(username="adm", organisation=platform, roles=[Role.PLATFORM_ADMIN]),
        "underwriter": User.objects.create(username="uw", organisation=insurer, roles=[Role.UNDERWRITER]),
    }


def _move(version: ProductVersion, to: str, **kwargs: object) -> bool:
    with transaction.atomic():
        return transition(version, to, **kwargs)  # type: ignore[arg-type]


def test_a_move_saves_the_state_stamps_the_time_and_writes_history_and_audit(version, people) -> None:
    actuary = people["actuary"]

    assert _move(version, "filed", actor=actuary, now=NOW, reason="ready for filing") is True

    stored = ProductVersion.objects.get(pk=version.pk)
    assert (stored.status, stored.filed_at) == ("filed", NOW)
    (change,) = history(version)
    assert (change.field, change.from_state, change.to_state) == ("status", "draft", "filed")
    assert (change.at, change.actor, change.actor_organisation) == (NOW, actuary, actuary.organisation)
    assert change.reason == "ready for filing"
    assert change.subject == stored
    record = AuditRecord.objects.get(object_type="products.productversion", object_id=str(version.pk))
    assert record.action == "product_version.file"
    assert (record.actor_id, record.organisation_id, record.at) == (actuary.pk, actuary.organisation_id, NOW)
    assert record.before == {"status": "draft", "filed_at": None}
    assert record.after == {
        "status": "filed",
        "filed_at": "2026-03-02T01:30:00Z",
        "reason": "ready for filing",
    }


def test_moving_to_the_current_state_changes_nothing(version, people) -> None:
    assert _move(version, "draft", actor=people["admin"], now=NOW) is False
    assert not StatusChange.objects.exists()
    assert not AuditRecord.objects.exists()


def test_an_undeclared_move_is_refused_with_a_coded_error_and_changes_nothing(version, people) -> None:
    with pytest.raises(InvalidState) as refused:
        _move(version, "published", actor=people["admin"], now=NOW)

    assert (refused.value.code, refused.value.field) == ("invalid_transition", "status")
    with translation.override("en"):
        message = refused.value.render_message()
    assert message == "This product version cannot go from “Draft” to “Published”."
    assert ProductVersion.objects.get(pk=version.pk).status == "draft"
    assert not StatusChange.objects.exists()
    assert not AuditRecord.objects.exists()


def test_the_message_of_a_refused_move_is_translated(version, people) -> None:
    with pytest.raises(InvalidState) as refused:
        _move(version, "withdrawn", actor=people["admin"], now=NOW)
    with translation.override("zh-hans"):
        assert refused.value.render_message() == "此产品版本不能从“草稿”变为“已停售”。"


def test_a_role_not_in_the_table_is_forbidden_and_changes_nothing(version, people) -> None:
    with pytest.raises(Forbidden) as refused:
        _move(version, "filed", actor=people["underwriter"], now=NOW)

    assert (refused.value.code, refused.value.status) == ("transition_forbidden", 403)
    assert ProductVersion.objects.get(pk=version.pk).status == "draft"
    assert not StatusChange.objects.exists()


def test_the_system_moves_only_where_the_table_lets_it(version, people) -> None:
    _move(version, "filed", actor=people["actuary"], now=NOW)
    with pytest.raises(Forbidden):
        _move(version, "published", actor=None, now=NOW)  # roles given, no system=True
    _move(version, "published", actor=people["admin"], now=NOW)

    assert _move(version, "withdrawn", actor=None, now=NOW, reason="superseded") is True

    change = history(version).last()
    assert change is not None
    assert (change.actor, change.actor_organisation, change.to_state) == (None, None, "withdrawn")
    record = AuditRecord.objects.filter(object_id=str(version.pk)).order_by("pk").last()
    assert record is not None
    assert (record.actor_name, record.action) == ("system", "product_version.withdrawn")


def test_a_failing_guard_refuses_the_move(version, people) -> None:
    version.questionnaire = []
    version.save()

    with pytest.raises(InvalidState) as refused:
        _move(version, "filed", actor=people["actuary"], now=NOW)

    assert refused.value.code == "transition_refused"
    assert ProductVersion.objects.get(pk=version.pk).status == "draft"


def test_a_stale_object_cannot_move_a_row_someone_else_already_moved(version, people) -> None:
    stale = ProductVersion.objects.get(pk=version.pk)
    _move(version, "filed", actor=people["actuary"], now=NOW)
    _move(version, "published", actor=people["admin"], now=NOW)

    # ``stale`` still reads "draft": the conditional update finds no draft row and refuses.
    with pytest.raises(InvalidState) as refused:
        _move(stale, "filed", actor=people["actuary"], now=NOW)
    assert refused.value.code == "stale_state"
    assert ProductVersion.objects.get(pk=version.pk).status == "published"
    assert history(version).count() == 2


def test_changes_and_details_are_written_with_the_move(version, people) -> None:
    _move(version, "filed", actor=people["actuary"], now=NOW)
    _move(version, "published", actor=people["admin"], now=NOW)

    _move(
        version,
        "withdrawn",
        actor=people["admin"],
        now=NOW,
        changes={"quote_validity_days": 7},
        details={"superseded_by": 2},
        action="product_version.withdraw",
    )

    stored = ProductVersion.objects.get(pk=version.pk)
    assert (stored.status, stored.withdrawn_at, stored.quote_validity_days) == ("withdrawn", NOW, 7)
    record = AuditRecord.objects.filter(object_id=str(version.pk)).order_by("pk").last()
    assert record is not None
    assert record.action == "product_version.withdraw"
    assert record.before == {"status": "published", "quote_validity_days": 30, "withdrawn_at": None}
    assert record.after["superseded_by"] == 2


def test_check_workflow_reports_states_and_stamps_the_model_does_not_have(monkeypatch) -> None:
    from cyberins.accounts.transitions import check_workflow

    wrong = StateMachine(field="status", stamps={"filed": "filed_on"}, moves=[Move("draft", "archived")])
    monkeypatch.setattr(ProductVersion, "WORKFLOW", wrong, raising=False)

    assert check_workflow(ProductVersion) == [
        "ProductVersion: state 'archived' is not a choice of status",
        "ProductVersion: stamp field 'filed_on' for 'filed' does not exist",
    ]


def test_the_back_office_lists_status_changes_read_only(version, people, page_as) -> None:
    _move(version, "filed", actor=people["actuary"], now=NOW, reason="ready for filing")
    staff = User.objects.create(username="ops", is_staff=True, is_superuser=True, roles=[Role.PLATFORM_ADMIN])
    page = page_as(staff)

    listing = page.get("/admin/accounts/statuschange/")

    assert listing.status_code == 200
    assert [(c.from_state, c.to_state, c.actor) for c in listing.context["cl"].result_list] == [
        ("draft", "filed", people["actuary"])
    ]
    assert page.get("/admin/accounts/statuschange/add/").status_code == 403


def test_a_related_object_among_the_changes_is_audited_by_its_key(version, people) -> None:
    other = Product.objects.create(insurer=version.product.insurer, code="t2", name="另一", name_en="Other")
    original = version.product_id

    _move(version, "filed", actor=people["actuary"], now=NOW, changes={"product": other})

    assert ProductVersion.objects.get(pk=version.pk).product == other
    record = AuditRecord.objects.get(object_id=str(version.pk))
    assert (record.before["product"], record.after["product"]) == (original, other.pk)


def test_a_naive_time_is_refused(version, people) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        _move(version, "filed", actor=people["actuary"], now=datetime(2026, 3, 2, 9, 30))  # noqa: DTZ001
    assert ProductVersion.objects.get(pk=version.pk).status == "draft"


# --- a new row created in its final state --------------------------------------------------------


def _new_version(product: Product) -> ProductVersion:
    return ProductVersion(product=product, number=2, questionnaire=[{"id": "q1"}])


def test_a_new_row_is_inserted_in_its_final_state_with_creation_history_and_audit(version, people) -> None:
    actuary = people["actuary"]
    new = _new_version(version.product)
    with transaction.atomic():
        create_in_state(new, "filed", actor=actuary, now=NOW, details={"by": "test"})

    stored = ProductVersion.objects.get(pk=new.pk)
    assert (stored.status, stored.filed_at) == ("filed", NOW)
    (change,) = history(new)
    assert (change.from_state, change.to_state, change.actor) == ("draft", "filed", actuary)
    created, filed = AuditRecord.objects.filter(object_id=str(new.pk)).order_by("pk")
    assert (created.action, created.after) == ("product_version.create", {"status": "draft"})
    assert filed.action == "product_version.file"
    assert filed.after == {"status": "filed", "filed_at": "2026-03-02T01:30:00Z", "by": "test"}


def test_a_new_row_in_a_state_its_creator_may_not_reach_is_not_inserted(version, people) -> None:
    new = _new_version(version.product)
    with pytest.raises(Forbidden), transaction.atomic():
        create_in_state(new, "filed", actor=people["underwriter"], now=NOW)
    with pytest.raises(InvalidState), transaction.atomic():
        create_in_state(_new_version(version.product), "published", actor=people["admin"], now=NOW)

    assert ProductVersion.objects.filter(number=2).count() == 0
    assert not StatusChange.objects.exists()
    assert not AuditRecord.objects.exists()


def test_only_an_unsaved_row_is_created_in_a_state(version, people) -> None:
    with pytest.raises(RuntimeError, match="not saved yet"), transaction.atomic():
        create_in_state(version, "filed", actor=people["actuary"], now=NOW)
