"""The audit trail: one record per state change; tampering is found by ``cyberins audit verify``."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from cyberins.accounts.audit import GENESIS_HASH, audited, record_change, verify_chain
from cyberins.accounts.models import AuditRecord
from cyberins.accounts.services import do_revoke_api_token
from cyberins.cli import main
from tests.journey import answers


@pytest.fixture
def trail(demo, api_as):
    """Five audited changes by different users."""
    for username in ("applicant", "underwriter", "provider"):
        api_as(demo[username])
    api = api_as(demo["applicant2"])
    api.patch(f"/api/organisations/{demo['applicant2'].organisation_id}", {"phone": "0571-8888"})
    assert AuditRecord.objects.count() == 5
    return AuditRecord.objects.order_by("seq")


def test_a_state_change_writes_exactly_one_linked_record(demo, api_as) -> None:
    api = api_as(demo["applicant"])
    token_id = api.post("/api/tokens", {"name": "second"}).json()["id"]
    count = AuditRecord.objects.count()

    api.delete(f"/api/tokens/{token_id}")

    assert AuditRecord.objects.count() == count + 1
    record = AuditRecord.objects.order_by("-seq").first()
    previous = AuditRecord.objects.get(seq=record.seq - 1)
    assert record.action == "api_token.revoke"
    assert record.actor_name == "applicant"
    assert record.object_id == str(token_id)
    assert record.before == {"revoked_at": None}
    assert record.after["revoked_at"]
    assert record.prev_hash == previous.hash
    assert AuditRecord.objects.get(seq=1).prev_hash == GENESIS_HASH


def test_a_rejected_change_writes_no_record(demo, api_as) -> None:
    api = api_as(demo["applicant"])
    count = AuditRecord.objects.count()
    api.patch(f"/api/organisations/{demo['applicant'].organisation_id}", {"name": ""})
    assert AuditRecord.objects.count() == count


def test_record_is_written_in_the_same_transaction(demo) -> None:
    token = demo["applicant"].api_tokens.create(name="x", prefix="abcd1234", digest="0" * 64)

    def revoke_then_fail() -> None:
        with transaction.atomic():
            do_revoke_api_token(actor=demo["applicant"], token=token)
            raise RuntimeError("the caller fails after the service")

    with pytest.raises(RuntimeError):
        revoke_then_fail()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert not AuditRecord.objects.filter(action="api_token.revoke").exists()


def test_intact_chain_verifies(trail, capsys) -> None:
    assert main(["audit", "verify"]) == 0
    assert "共 5 条审计记录，哈希链完整" in capsys.readouterr().out


def _raw(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_altered_row_is_reported(trail, capsys) -> None:
    table = AuditRecord._meta.db_table
    _raw(f"UPDATE {table} SET actor_name = %s WHERE seq = %s", ["mallory", 3])

    assert main(["audit", "verify"]) == 1
    assert "在第 3 条记录处断裂" in capsys.readouterr().out
    assert verify_chain().reason.endswith("(altered)")


def test_rehashed_row_is_still_caught_by_the_next_link(trail) -> None:
    table = AuditRecord._meta.db_table
    _raw(f"UPDATE {table} SET hash = %s WHERE seq = %s", ["f" * 64, 2])
    assert verify_chain().broken_at == 2


def test_deleted_row_is_reported(trail, capsys) -> None:
    _raw(f"DELETE FROM {AuditRecord._meta.db_table} WHERE seq = %s", [2])

    assert main(["audit", "verify"]) == 1
    assert "在第 2 条记录处断裂" in capsys.readouterr().out
    assert "missing" in verify_chain().reason


def test_records_cannot_be_changed_through_the_orm(trail) -> None:
    record = trail.first()
    record.actor_name = "mallory"
    with pytest.raises(TypeError):
        record.save()
    with pytest.raises(TypeError):
        AuditRecord.objects.filter(seq=1).update(actor_name="mallory")
    with pytest.raises(TypeError):
        AuditRecord.objects.all().delete()
    assert verify_chain().ok


def test_nested_services_chain_their_records_in_order_when_the_outer_one_ends(demo, products, api_as) -> None:
    api = api_as(demo["applicant2"])
    first = AuditRecord.objects.count()
    body = {"product_version": products["wanganbao"].pk, "answers": answers(security_staff=3), "submit": True}

    assert api.post("/api/applications", body).status_code == 201

    actions = list(AuditRecord.objects.filter(seq__gt=first).order_by("seq").values_list("action", flat=True))
    assert actions == ["application.create", "application.submit", "quote.issue"]
    assert verify_chain().ok


def test_a_failing_service_leaves_no_record_and_the_next_one_chains_on(demo) -> None:
    @audited
    def change_then_fail() -> None:
        record_change(actor=demo["admin"], obj=demo["admin"], action="test.partial")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        change_then_fail()

    assert not AuditRecord.objects.filter(action="test.partial").exists()
    do_revoke_api_token(
        actor=demo["applicant"],
        token=demo["applicant"].api_tokens.create(name="x", prefix="feedbeef", digest="1" * 64),
    )
    assert verify_chain().ok


def test_a_deleted_tail_is_caught_with_the_anchor_noted_earlier(trail, capsys) -> None:
    head = verify_chain()
    anchor = f"{head.checked}:{head.head}"
    assert main(["audit", "verify", "--anchor", anchor]) == 0
    assert anchor in capsys.readouterr().out

    _raw(f"DELETE FROM {AuditRecord._meta.db_table} WHERE seq = %s", [5])

    assert verify_chain().ok  # the chain alone cannot tell
    assert main(["audit", "verify", "--anchor", anchor]) == 1
    assert verify_chain(anchor=(head.checked, head.head)).broken_at == 5
    assert main(["audit", "verify", "--anchor", "nonsense"]) == 2
