"""Writing and verifying the audit trail.

``record_change`` is called by every service that changes state or money, inside the service's
transaction. The chain is serialised: on PostgreSQL by a transaction-scoped advisory lock, on SQLite
by the write lock that ``transaction_mode=IMMEDIATE`` takes at ``BEGIN``.

Services run under :func:`audited`: their records are collected while they work and linked into the
chain as the last step of the same transaction, so the chain's lock is held for the few milliseconds
before COMMIT instead of through validation, pricing and every other query of the request.
"""

from __future__ import annotations

import functools
import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

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


P = ParamSpec("P")
R = TypeVar("R")
_pending = threading.local()


def audited(service: Callable[P, R]) -> Callable[P, R]:
    """Run ``service`` in a transaction whose audit records are chained just before it commits.

    Nested services share the outermost one's transaction and records.
    """

    @functools.wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if getattr(_pending, "records", None) is not None:
            return service(*args, **kwargs)
        with transaction.atomic():
            _pending.records = []
            try:
                result = service(*args, **kwargs)
                _append(_pending.records)
            finally:
                _pending.records = None
        return result

    return run


def record_change(
    *,
    actor: Any,
    obj: models.Model,
    action: str,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditRecord:
    """Record one change; must run inside the caller's transaction.

    Within an :func:`audited` service the record is linked when the service ends; elsewhere at once.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_change must be called inside the service's transaction")
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    record = AuditRecord(
        at=(now or timezone.now()).astimezone(UTC),
        actor_id=actor.pk if is_person else None,
        actor_name=actor.get_username() if is_person else "system",
        organisation_id=getattr(actor, "organisation_id", None) if is_person else None,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        action=action,
        before=_plain(before),
        after=_plain(after),
    )
    pending = getattr(_pending, "records", None)
    if pending is None:
        _append([record])
    else:
        pending.append(record)
    return record


def _append(records: list[AuditRecord]) -> None:
    """Link ``records`` onto the end of the chain under the chain's lock."""
    if not records:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
    last = AuditRecord.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = (last[0], last[1]) if last else (0, GENESIS_HASH)
    for record in records:
        seq += 1
        record.seq, record.prev_hash = seq, prev_hash
        record.hash = prev_hash = _digest(record)
    AuditRecord.objects.bulk_create(records)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""
    head: str = GENESIS_HASH

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(*, anchor: tuple[int, str] | None = None) -> ChainReport:
    """Walk the chain in order and report the first record that does not follow from its predecessor.

    The chain alone cannot show that its newest records were deleted; ``anchor`` — a (sequence, hash)
    pair an operator noted earlier from a report's ``head`` — must still be in the chain, which catches
    that truncation too.
    """
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    for record in AuditRecord.objects.order_by("seq").iterator(chunk_size=2000):
        if record.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"record #{expected_seq} is missing")
        if record.prev_hash != prev_hash:
            return ChainReport(checked, record.seq, "link to the previous record does not match")
        if _digest(record) != record.hash:
            return ChainReport(checked, record.seq, "content does not match its hash (altered)")
        if anchor is not None and record.seq == anchor[0] and record.hash != anchor[1]:
            return ChainReport(checked, record.seq, "differs from the anchor noted earlier")
        prev_hash, expected_seq, checked = record.hash, expected_seq + 1, checked + 1
    if anchor is not None and checked < anchor[0]:
        return ChainReport(
            checked, checked + 1, f"records after #{checked} up to the anchor #{anchor[0]} are missing"
        )
    return ChainReport(checked, head=prev_hash)
