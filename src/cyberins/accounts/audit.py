"""Writing and verifying the audit trail.

``record_change`` is called by every service that changes state or money, inside the service's
transaction. The chain is serialised: on PostgreSQL by a transaction-scoped advisory lock, on SQLite
by the write lock that ``transaction_mode=IMMEDIATE`` takes at ``BEGIN``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from cyberins.accounts.audit_model import AuditRecord

GENESIS_HASH = "0" * 64
_ADVISORY_LOCK_KEY = 0x637962657273  # "cybers": one chain, one lock


def _plain(value: Mapping[str, Any] | None) -> Any:
    """JSON-safe copy (Decimal → str, datetime → ISO), so what is hashed is exactly what is stored."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _digest(record: AuditRecord) -> str:
    content = {
        "seq": record.seq,
        "at": record.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": record.actor_id,
        "actor_name": record.actor_name,
        "organisation_id": record.organisation_id,
        "object_type": record.object_type,
        "object_id": record.object_id,
        "action": record.action,
        "before": record.before,
        "after": record.after,
        "prev_hash": record.prev_hash,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``instance`` as a dict, for the before/after of a record."""
    return {name: getattr(instance, name) for name in fields}


def record_change(
    *,
    actor: Any,
    obj: models.Model,
    action: str,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditRecord:
    """Append one record to the chain. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_change must be called inside the service's transaction")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
    last = AuditRecord.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    record = AuditRecord(
        seq=seq,
        at=(now or timezone.now()).astimezone(UTC),
        actor_id=actor.pk if is_person else None,
        actor_name=actor.get_username() if is_person else "system",
        organisation_id=getattr(actor, "organisation_id", None) if is_person else None,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        action=action,
        before=_plain(before),
        after=_plain(after),
        prev_hash=prev_hash,
    )
    record.hash = _digest(record)
    record.save(force_insert=True)
    return record


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain() -> ChainReport:
    """Walk the chain in order and report the first record that does not follow from its predecessor."""
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for record in AuditRecord.objects.order_by("seq").iterator(chunk_size=2000):
        if record.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"record #{expected_seq} is missing")
        if record.prev_hash != prev_hash:
            return ChainReport(checked, record.seq, "link to the previous record does not match")
        if _digest(record) != record.hash:
            return ChainReport(checked, record.seq, "content does not match its hash (altered)")
        prev_hash, expected_seq, checked = record.hash, expected_seq + 1, checked + 1
    return ChainReport(checked)
