"""The audit trail: one keyed record per state change, sealed into a hash chain, checkpointed outside the
database; tampering, forgery and a deleted tail are found by ``cyberins audit verify``."""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cyberins.accounts import audit
from cyberins.accounts.audit import (
    GENESIS_HASH,
    audited,
    checkpoint_head,
    compute_hash,
    compute_mac,
    read_checkpoints,
    record_change,
    seal_all,
    verify_chain,
)
from cyberins.accounts.audit_keys import keyring
from cyberins.accounts.models import AuditRecord
from cyberins.accounts.services import do_revoke_api_token
from cyberins.cli import main
from tests.journey import answers

TABLE = AuditRecord._meta.db_table


@pytest.fixture
def trail(demo, api_as):
    """Five audited changes by different users, sealed into the chain."""
    for username in ("applicant", "underwriter", "provider"):
        api_as(demo[username])
    api = api_as(demo["applicant2"])
    api.patch(f"/api/organisations/{demo['applicant2'].organisation_id}", {"phone": "0571-8888"})
    assert AuditRecord.objects.count() == 5
    assert seal_all() == 5
    return AuditRecord.objects.order_by("seq")


def _raw(sql: str, params: list[object]) -> None:
    """Change the table behind the application's back, as someone with database access would.

    On PostgreSQL that someone must also be able to disable the append-only trigger (the table owner).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER accounts_auditrecord_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER accounts_auditrecord_append_only")


def test_a_state_change_writes_exactly_one_keyed_record_linked_when_sealed(demo, api_as) -> None:
    api = api_as(demo["applicant"])
    token_id = api.post("/api/tokens", {"name": "second"}).json()["id"]
    count = AuditRecord.objects.count()

    api.delete(f"/api/tokens/{token_id}")

    assert AuditRecord.objects.count() == count + 1
    record = AuditRecord.objects.order_by("-id").first()
    assert record.action == "api_token.revoke"
    assert record.actor_name == "applicant"
    assert record.object_id == str(token_id)
    assert record.before == {"revoked_at": None}
    assert record.after["revoked_at"]
    assert record.seq is None
    assert record.hash is None
    assert record.key_id == keyring().current_id
    assert len(record.mac) == 64
    assert verify_chain().pending == count + 1

    seal_all()

    record.refresh_from_db()
    previous = AuditRecord.objects.get(seq=record.seq - 1)
    assert record.prev_hash == previous.hash
    assert AuditRecord.objects.get(seq=1).prev_hash == GENESIS_HASH
    assert list(AuditRecord.objects.order_by("seq").values_list("id", flat=True)) == list(
        AuditRecord.objects.order_by("id").values_list("id", flat=True)
    )
    report = verify_chain()
    assert report.ok
    assert report.pending == 0
    assert report.checked == count + 1


def test_a_committed_change_is_sealed_right_after_its_commit(
    demo, django_capture_on_commit_callbacks
) -> None:
    token = demo["applicant"].api_tokens.create(name="x", prefix="abcd1234", digest="0" * 64)
    with django_capture_on_commit_callbacks(execute=True):
        do_revoke_api_token(actor=demo["applicant"], token=token)
    record = AuditRecord.objects.get(action="api_token.revoke")
    assert record.seq is not None
    assert verify_chain().pending == 0


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


def test_altered_row_is_reported(trail, capsys) -> None:
    _raw(f"UPDATE {TABLE} SET actor_name = %s WHERE seq = %s", ["mallory", 3])

    assert main(["audit", "verify"]) == 1
    assert "在第 3 条记录处断裂" in capsys.readouterr().out
    assert verify_chain().reason.endswith("(altered)")


def test_rehashed_row_is_still_caught_by_the_next_link(trail) -> None:
    _raw(f"UPDATE {TABLE} SET hash = %s WHERE seq = %s", ["f" * 64, 2])
    assert verify_chain().broken_at == 2


def test_deleted_row_is_reported(trail, capsys) -> None:
    _raw(f"DELETE FROM {TABLE} WHERE seq = %s", [2])

    assert main(["audit", "verify"]) == 1
    assert "在第 2 条记录处断裂" in capsys.readouterr().out
    assert "missing" in verify_chain().reason


def _forge_next(trail, key: bytes, key_id: str) -> AuditRecord:
    """A record appended at the chain's end with a correctly computed SHA-256 link, MAC'd with ``key``."""
    head = trail.last()
    forged = AuditRecord(
        at=timezone.now(),
        actor_name="admin",
        object_type="policies.policy",
        object_id="1",
        action="policy.payment",
        after={"amount": "100000.00"},
        nonce="00ff00ff00ff00ff",
        key_id=key_id,
        seq=head.seq + 1,
        prev_hash=head.hash,
    )
    forged.mac = compute_mac(forged, key)
    forged.hash = compute_hash(forged)
    forged.save()
    return forged


def test_a_record_forged_with_a_correct_hash_but_without_the_key_is_detected(trail, capsys) -> None:
    _forge_next(trail, b"a guess at the server key", keyring().current_id)

    assert main(["audit", "verify"]) == 1
    assert "在第 6 条记录处断裂" in capsys.readouterr().out
    assert "MAC does not match" in verify_chain().reason


def test_a_forged_record_under_an_unknown_key_id_is_detected(trail) -> None:
    _forge_next(trail, b"attacker", "k99")
    report = verify_chain()
    assert report.broken_at == 6
    assert "unknown key id" in report.reason


def test_a_forged_unsealed_record_is_detected_before_and_after_the_sealer_links_it(trail) -> None:
    forged = AuditRecord(
        at=timezone.now(), actor_name="system", object_type="x.y", object_id="1", action="policy.payment"
    )
    forged.key_id, forged.nonce = keyring().current_id, "1234"
    forged.mac = compute_mac(forged, b"not the key")
    forged.save()

    report = verify_chain()
    assert not report.ok
    assert report.broken_record_id == forged.pk

    seal_all()  # the sealer cannot tell, and links it
    assert verify_chain().broken_at == 6


def test_a_replayed_copy_of_a_genuine_record_is_detected(trail) -> None:
    original = trail.first()
    copy = AuditRecord(
        **{
            f.name: getattr(original, f.name)
            for f in AuditRecord._meta.fields
            if f.name not in ("id", "seq", "hash")
        }
    )
    copy.prev_hash = ""
    copy.save()
    report = verify_chain()
    assert report.broken_record_id == copy.pk
    assert "replayed" in report.reason


def test_records_verify_after_a_key_rotation_with_the_key_that_signed_them(trail, demo, capsys) -> None:
    first_key = keyring().current_id
    assert main(["audit", "rotate-key"]) == 0
    assert keyring().current_id != first_key
    do_revoke_api_token(
        actor=demo["applicant"],
        token=demo["applicant"].api_tokens.create(name="x", prefix="feed", digest="2" * 64),
    )
    seal_all()
    assert set(AuditRecord.objects.values_list("key_id", flat=True)) == {first_key, keyring().current_id}
    assert verify_chain().ok

    from django.conf import settings

    lines = settings.AUDIT_KEY_FILE.read_text().splitlines()
    settings.AUDIT_KEY_FILE.write_text("\n".join(lines[1:]) + "\n")  # the old key is lost
    assert "unknown key id" in verify_chain().reason


def test_keys_can_come_from_the_environment(monkeypatch, demo) -> None:
    monkeypatch.setenv("CYBERINS_AUDIT_KEY", "prod2:new-secret,prod1:old-secret")
    assert keyring().current_id == "prod2"
    assert keyring().keys["prod1"] == b"old-secret"
    assert main(["audit", "rotate-key"]) == 2


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


@pytest.fixture
def postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's")


def _refused(sql: str) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)


@pytest.mark.parametrize(
    "sql",
    [
        f"UPDATE {TABLE} SET actor_name = 'mallory' WHERE seq = 3",
        f"UPDATE {TABLE} SET hash = repeat('f', 64) WHERE seq = 3",
        f"UPDATE {TABLE} SET seq = NULL WHERE seq = 5",
        f"DELETE FROM {TABLE} WHERE seq = 5",
        f"DELETE FROM {TABLE}",
    ],
)
def test_postgresql_refuses_update_and_delete_of_sealed_records(trail, postgres, sql) -> None:
    _refused(sql)
    assert verify_chain().ok


def test_postgresql_refuses_to_change_an_unsealed_record_other_than_by_sealing_it(demo, postgres) -> None:
    token = demo["applicant"].api_tokens.create(name="x", prefix="abcd1234", digest="0" * 64)
    do_revoke_api_token(actor=demo["applicant"], token=token)
    _refused(f"UPDATE {TABLE} SET after = '{{}}'::jsonb, seq = 1, hash = 'x' WHERE seq IS NULL")
    _refused(f"DELETE FROM {TABLE} WHERE seq IS NULL")
    assert seal_all() == 1


def test_the_sealer_is_the_one_update_postgresql_allows(demo) -> None:
    token = demo["applicant"].api_tokens.create(name="x", prefix="abcd1234", digest="0" * 64)
    do_revoke_api_token(actor=demo["applicant"], token=token)
    assert seal_all() == 1
    assert verify_chain().ok


def test_nested_services_write_their_records_in_order(demo, products, api_as) -> None:
    api = api_as(demo["applicant2"])
    first = AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
    body = {"product_version": products["wanganbao"].pk, "answers": answers(security_staff=3), "submit": True}

    assert api.post("/api/applications", body).status_code == 201

    seal_all()
    actions = list(AuditRecord.objects.filter(id__gt=first).order_by("seq").values_list("action", flat=True))
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
    seal_all()
    assert verify_chain().ok


def test_a_service_cannot_seal_inside_its_own_transaction(demo) -> None:
    @audited
    def seal_inside() -> None:
        seal_all()

    with pytest.raises(RuntimeError, match="own transaction"):
        seal_inside()


def test_a_deleted_tail_is_caught_by_the_checkpoint_file(trail, capsys) -> None:
    assert main(["audit", "seal"]) == 0
    [mark] = read_checkpoints()
    assert mark["seq"] == 5
    assert mark["hash"] == trail.last().hash
    assert checkpoint_head(now=timezone.now()) == 0  # the head is already there

    _raw(f"DELETE FROM {TABLE} WHERE seq >= %s", [4])

    report = verify_chain()
    assert report.broken_at == 4
    assert "checkpoint #5 are missing" in report.reason
    assert main(["audit", "verify"]) == 1
    assert verify_chain(use_checkpoints=False).ok  # the chain alone cannot tell


def test_a_rewritten_history_disagrees_with_the_checkpoint(trail) -> None:
    checkpoint_head(now=timezone.now())
    from django.conf import settings

    mark = json.loads(settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines()[-1])
    _raw(f"DELETE FROM {TABLE} WHERE seq = %s", [5])
    # someone with the key re-appends a different record #5 with a valid MAC and link
    _forge_next(AuditRecord.objects.order_by("seq"), keyring().current, keyring().current_id)
    report = verify_chain()
    assert report.broken_at == mark["seq"]
    assert "checkpoint" in report.reason


def test_a_deleted_tail_is_caught_with_the_anchor_noted_earlier(trail, capsys) -> None:
    head = verify_chain()
    anchor = f"{head.checked}:{head.head}"
    assert main(["audit", "verify", "--anchor", anchor]) == 0
    assert anchor in capsys.readouterr().out

    _raw(f"DELETE FROM {TABLE} WHERE seq = %s", [5])

    assert verify_chain().ok  # the chain alone cannot tell, and no checkpoint was written
    assert main(["audit", "verify", "--anchor", anchor]) == 1
    assert verify_chain(anchor=(head.checked, head.head)).broken_at == 5
    assert main(["audit", "verify", "--anchor", "nonsense"]) == 2


def test_the_worker_seals_and_checkpoints_every_minute(demo) -> None:
    from datetime import timedelta

    from cyberins.accounts.periodic import get_job

    job = get_job("accounts.audit_seal")
    assert job.every == timedelta(minutes=1)
    token = demo["applicant"].api_tokens.create(name="x", prefix="abcd1234", digest="0" * 64)
    do_revoke_api_token(actor=demo["applicant"], token=token)

    assert job.function(now=timezone.now()) == 1
    assert verify_chain().pending == 0
    assert read_checkpoints()[-1]["seq"] == AuditRecord.objects.count()
    assert job.function(now=timezone.now()) == 0


def test_sealing_goes_on_while_batches_are_full_and_stops_at_a_short_one(trail, monkeypatch) -> None:
    """Seven records in batches of three: three seals link them all; the short last batch ends the run
    instead of a fourth transaction that would find nothing (every commit wakes the sealer again)."""
    monkeypatch.setattr(audit, "SEAL_BATCH", 3)
    for name in ("一", "二", "三", "四", "五", "六", "七"):
        with transaction.atomic():
            record_change(actor=None, obj=trail[0], action="test.note", after={"name": name})

    with CaptureQueriesContext(connection) as queries:
        assert seal_all() == 7

    reads = [q for q in queries.captured_queries if "IS NULL" in q["sql"] and q["sql"].startswith("SELECT")]
    assert len(reads) == 3
    assert verify_chain().ok
    assert verify_chain().pending == 0
