"""Writing, sealing and verifying the audit trail.

Three steps, so that no transaction that holds row locks ever waits for the audit trail:

1. **Insert** — ``record_change`` is called by every service that changes state or money, inside the
   service's transaction. The record gets its id from the table's sequence and a keyed MAC
   (HMAC-SHA256 with the current key of :mod:`cyberins.accounts.audit_keys`, whose id it stores); no
   lock is taken, so concurrent services never queue on the trail. The record commits or rolls back
   with the change it describes: every committed change has its record.
2. **Seal** — :func:`seal_pending` links committed, unsealed records into the SHA-256 hash chain in id
   order: it assigns ``seq``, ``prev_hash`` and ``hash`` in its own short transaction under one advisory
   lock (PostgreSQL) or SQLite's write lock. It holds no row lock of any business table. It runs after
   each commit (``transaction.on_commit``: in a background thread of the server process on PostgreSQL,
   inline on SQLite), from ``cyberins audit seal``, and is meant to run periodically in the worker.
3. **Checkpoint** — :func:`checkpoint_head` appends the chain head to an append-only file outside the
   database (``settings.AUDIT_CHECKPOINT_FILE``), so a deleted tail is found without anyone noting it.

:func:`verify_chain` checks the chain, every record's MAC, and the checkpoints; unsealed records are
reported as pending, and their MAC is checked too. ``docs/audit.md`` says what each mechanism proves.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import Count
from django.utils import timezone

from cyberins.accounts.audit_keys import keyring
from cyberins.accounts.audit_model import AuditRecord

GENESIS_HASH = "0" * 64
_ADVISORY_LOCK_KEY = 0x637962657273  # "cybers": one chain, one sealer at a time
SEAL_BATCH = 2000
#: a server process appends a checkpoint at most this often (the worker's periodic job does it too)
CHECKPOINT_EVERY_SECONDS = 60.0

log = logging.getLogger(__name__)


def _plain(value: Mapping[str, Any] | None) -> Any:
    """JSON-safe copy (Decimal → str, datetime → ISO), so what is hashed is exactly what is stored."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _canonical(content: Mapping[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _content(record: Any) -> dict[str, Any]:
    """What the MAC covers: everything the record says, fixed when it is written."""
    return {
        "at": record.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": record.actor_id,
        "actor_name": record.actor_name,
        "organisation_id": record.organisation_id,
        "object_type": record.object_type,
        "object_id": record.object_id,
        "action": record.action,
        "before": record.before,
        "after": record.after,
        "nonce": record.nonce,
        "key_id": record.key_id,
    }


def compute_mac(record: Any, key: bytes) -> str:
    return hmac.new(key, _canonical(_content(record)), hashlib.sha256).hexdigest()


def compute_hash(record: Any) -> str:
    """SHA-256 of the record's content, its MAC, its place in the chain and its predecessor's hash."""
    content = _content(record) | {"seq": record.seq, "mac": record.mac, "prev_hash": record.prev_hash}
    return hashlib.sha256(_canonical(content)).hexdigest()


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of ``instance`` as a dict, for the before/after of a record."""
    return {name: getattr(instance, name) for name in fields}


P = ParamSpec("P")
R = TypeVar("R")
_pending = threading.local()


def audited(service: Callable[P, R]) -> Callable[P, R]:
    """Run ``service`` in a transaction whose audit records are inserted in one statement at its end.

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
                _insert(_pending.records)
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

    Within an :func:`audited` service the record is inserted when the service ends; elsewhere at once.
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
        _insert([record])
    else:
        pending.append(record)
    return record


def _insert(records: list[AuditRecord]) -> None:
    """Sign ``records`` and insert them unsealed; ask for a seal once the transaction commits."""
    if not records:
        return
    ring = keyring()
    for record in records:
        record.key_id, record.nonce = ring.current_id, secrets.token_hex(8)
        record.mac = compute_mac(record, ring.current)
    AuditRecord.objects.bulk_create(records)
    transaction.on_commit(_after_commit)


# ----------------------------------------------------------------------------- sealing


def _sealer_mode() -> str:
    mode = str(getattr(settings, "AUDIT_SEALER", "auto") or "auto")
    if mode == "auto":
        return "thread" if connection.vendor == "postgresql" else "inline"
    return mode


def _after_commit() -> None:
    mode = _sealer_mode()
    if mode == "thread":
        _sealer.wake()
    elif mode == "inline":
        try:
            seal_pending()
            _maybe_checkpoint()
        except Exception:  # the change is committed; an unsealed record is sealed by the next run
            log.exception("sealing the audit trail failed; the next seal will link these records")


def seal_pending(*, limit: int | None = None) -> int:
    """Link up to ``limit`` unsealed records into the chain, in id order; returns how many.

    Runs in its own short transaction (never inside a service's): takes only the sealer's lock.
    """
    if getattr(_pending, "records", None) is not None:
        raise RuntimeError("seal_pending runs in its own transaction, never inside a service's")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        seq, prev_hash = _sealed_head() or (0, GENESIS_HASH)
        records = list(AuditRecord.objects.filter(seq__isnull=True).order_by("id")[: limit or SEAL_BATCH])
        for record in records:
            seq += 1
            record.seq, record.prev_hash = seq, prev_hash
            record.hash = prev_hash = compute_hash(record)
        if records:
            _fill_chain_columns(records)
    return len(records)


def _fill_chain_columns(records: list[AuditRecord]) -> None:
    """Sealing fills only the three chain columns of unsealed rows, which is all the database trigger
    lets through (the model's own manager refuses updates). One prepared UPDATE run for every record:
    ``bulk_update`` built a CASE expression per record and column, which cost most of a 10,000-record
    seal (a mass-breach clock tick)."""
    meta = AuditRecord._meta
    table = connection.ops.quote_name(meta.db_table)
    columns = {f.name: connection.ops.quote_name(str(f.column)) for f in meta.concrete_fields}
    seq, prev_hash, hash_, pk = (columns[name] for name in ("seq", "prev_hash", "hash", "id"))
    # the names come from the model, the values are bound
    sql = f"UPDATE {table} SET {seq} = %s, {prev_hash} = %s, {hash_} = %s WHERE {pk} = %s AND {seq} IS NULL"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(r.seq, r.prev_hash, r.hash, r.pk) for r in records])


def _sealed_head() -> tuple[int, str] | None:
    head = AuditRecord.objects.filter(seq__isnull=False).order_by("-seq").values_list("seq", "hash").first()
    return (int(head[0] or 0), str(head[1])) if head else None


def seal_all() -> int:
    """Seal batch after batch until one is not full: the records pending when it was read are sealed.

    Records committed meanwhile wake the sealer again; stopping at a short batch spares every wake the
    second transaction that would only find nothing left.
    """
    total = 0
    while (count := seal_pending()) > 0:
        total += count
        if count < SEAL_BATCH:
            break
    return total


class _BackgroundSealer:
    """One thread per server process: woken after each commit, seals whatever is pending."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def wake(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive() or self._pid != os.getpid():
                self._pid = os.getpid()
                self._thread = threading.Thread(target=self._run, name="audit-sealer", daemon=True)
                self._thread.start()
        self._event.set()

    def _run(self) -> None:
        from django.db import connection as thread_connection

        while True:
            self._event.wait()
            time.sleep(0.1)  # gather the commits of a burst into one seal (off the requests' path)
            self._event.clear()
            try:
                seal_all()
                _maybe_checkpoint()
            except Exception:
                log.exception("sealing the audit trail failed; retrying at the next commit")
                thread_connection.close()


_sealer = _BackgroundSealer()


# ----------------------------------------------------------------------------- checkpoints


def checkpoint_file() -> Path:
    configured = getattr(settings, "AUDIT_CHECKPOINT_FILE", None)
    return Path(configured or Path(settings.VAR_DIR) / "audit_checkpoints.jsonl")


_last_checkpoint = {"at": 0.0}


def _maybe_checkpoint() -> None:
    if time.monotonic() - _last_checkpoint["at"] >= CHECKPOINT_EVERY_SECONDS:
        _last_checkpoint["at"] = time.monotonic()
        checkpoint_head(now=timezone.now())


def read_checkpoints(path: Path | None = None) -> list[dict[str, Any]]:
    path = path or checkpoint_file()
    if not path.exists():
        return []
    found = []
    for line in path.read_text().splitlines():
        with contextlib.suppress(ValueError, KeyError, TypeError):
            item = json.loads(line)
            found.append({"seq": int(item["seq"]), "hash": str(item["hash"]), "at": item.get("at", "")})
    return found


@contextlib.contextmanager
def _append_only(path: Path) -> Iterator[int]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)


def checkpoint_head(*, now: datetime) -> int:
    """Append the sealed chain's head to the checkpoint file unless it is already the last line.

    Returns 1 when a checkpoint was written, 0 otherwise (idempotent; a periodic job).
    """
    head = _sealed_head()
    if head is None:
        return 0
    path = checkpoint_file()
    with _append_only(path) as fd:
        known = read_checkpoints(path)
        if known and known[-1]["seq"] >= head[0]:
            return 0
        line = {"seq": head[0], "hash": head[1], "at": now.astimezone(UTC).isoformat(timespec="seconds")}
        os.write(fd, (json.dumps(line, separators=(",", ":")) + "\n").encode())
    return 1


def seal_and_checkpoint(*, now: datetime) -> int:
    """The periodic job: seal everything pending, then checkpoint the head. Returns records sealed."""
    sealed = seal_all()
    checkpoint_head(now=now)
    return sealed


# ----------------------------------------------------------------------------- verification


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None
    reason: str = ""
    head: str = GENESIS_HASH
    pending: int = 0
    checkpoints: int = 0
    broken_record_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.broken_at is None and self.broken_record_id is None


def _mac_problem(record: AuditRecord, keys: Mapping[str, bytes]) -> str:
    key = keys.get(record.key_id)
    if key is None:
        return f"signed with an unknown key id {record.key_id!r} (forged, or the key was lost)"
    if not hmac.compare_digest(compute_mac(record, key), record.mac or ""):
        return "MAC does not match: not written with the server's key (forged or altered)"
    return ""


def verify_chain(*, anchor: tuple[int, str] | None = None, use_checkpoints: bool = True) -> ChainReport:
    """Walk the sealed chain in order and report the first record that does not hold.

    Each sealed record must follow from its predecessor (SHA-256 link), carry a MAC made with a key of
    the ring, and agree with every checkpoint at its position; the chain must reach the newest
    checkpoint (and ``anchor``, a (sequence, hash) pair noted by hand), else its tail was deleted.
    Unsealed records are counted as pending and their MAC is checked.
    """
    keys = keyring().keys
    marks: dict[int, str] = {}
    if use_checkpoints:
        for item in read_checkpoints():
            marks[item["seq"]] = item["hash"]
    if anchor is not None:
        marks.setdefault(anchor[0], anchor[1])
    count = len(marks)

    def broken(at: int, reason: str) -> ChainReport:
        return ChainReport(checked, at, reason, checkpoints=count)

    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    sealed = AuditRecord.objects.filter(seq__isnull=False).order_by("seq")
    for record in sealed.iterator(chunk_size=2000):
        if record.seq != expected_seq:
            return broken(expected_seq, f"record #{expected_seq} is missing")
        if record.prev_hash != prev_hash:
            return broken(record.seq, "link to the previous record does not match")
        if compute_hash(record) != record.hash:
            return broken(record.seq, "content does not match its hash (altered)")
        if problem := _mac_problem(record, keys):
            return broken(record.seq, problem)
        if record.seq in marks and marks[record.seq] != record.hash:
            return broken(record.seq, "differs from the checkpoint (or anchor) noted earlier")
        prev_hash, expected_seq, checked = record.hash, expected_seq + 1, checked + 1
    newest = max(marks, default=0)
    if newest > checked:
        return broken(checked + 1, f"records after #{checked} up to the checkpoint #{newest} are missing")
    pending = 0
    for record in AuditRecord.objects.filter(seq__isnull=True).order_by("id").iterator(chunk_size=2000):
        if problem := _mac_problem(record, keys):
            return ChainReport(checked, None, problem, checkpoints=count, broken_record_id=record.pk)
        pending += 1
    by_mac = AuditRecord.objects.order_by().values("mac").annotate(n=Count("id")).filter(n__gt=1)
    replayed = list(by_mac.order_by("mac").values_list("mac", flat=True)[:1])
    if replayed:
        copy = AuditRecord.objects.filter(mac=replayed[0]).order_by("id").values_list("id", flat=True)[1]
        reason = "a copy of another record (replayed)"
        return ChainReport(checked, None, reason, checkpoints=count, broken_record_id=copy)
    return ChainReport(checked, head=prev_hash, pending=pending, checkpoints=count)
