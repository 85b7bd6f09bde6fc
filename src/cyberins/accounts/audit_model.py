"""The append-only, keyed and hash-chained audit record.

A record is written by the service that makes the change, in the same transaction, with its id from
the table's sequence and an HMAC-SHA256 (``mac``) made with a server key kept outside the database
(``key_id`` names it). The sealer later fills ``seq``, ``prev_hash`` and ``hash``: the SHA-256 of the
record's content, its MAC and its predecessor's hash, so changing or deleting any sealed row breaks the
chain from that row on (``cyberins audit verify``). On PostgreSQL a trigger refuses DELETE and any UPDATE
except the one that seals an unsealed row (migration ``0003``). See ``docs/audit.md``.
"""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyQuerySet(models.QuerySet["AuditRecord"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("audit records are append-only")

    def delete(self) -> NoReturn:
        raise TypeError("audit records are append-only")


class AuditRecord(models.Model):
    #: position in the hash chain; empty until the sealer links the record
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True, null=True, blank=True)
    at = models.DateTimeField(_("time"))
    # Plain values, not foreign keys: deleting a user must never rewrite (and so break) the chain.
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    actor_name = models.CharField(_("actor"), max_length=150, blank=True)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    action = models.CharField(_("action"), max_length=64)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    nonce = models.CharField(_("nonce"), max_length=32, blank=True)
    key_id = models.CharField(_("key id"), max_length=32, blank=True)
    mac = models.CharField(_("MAC"), max_length=64, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True, null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    scope_lookups: ClassVar[tuple[str, ...]] = ("organisation_id",)

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering: ClassVar[list[str]] = ["id"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="audit_unsealed"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq or '-'} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("audit records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("audit records are append-only")
