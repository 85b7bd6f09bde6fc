"""Policy numbers from a per-insurer format, unique under concurrency.

The counter row of (insurer, year) is locked with SELECT … FOR UPDATE inside the binding transaction,
so two binds never draw the same number; on SQLite the write lock taken at BEGIN serialises them.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from cyberins.accounts.models import Organisation
from cyberins.policies.models import PolicyNumbering


def default_format(insurer: Organisation) -> dict[str, str]:
    """The insurer's format of its latest year (prefix and pattern, so a configured format carries over
    into a new year); until it configures one: CY + the insurer's id, so insurers never collide."""
    earlier = PolicyNumbering.objects.filter(insurer=insurer).order_by("-year").first()
    if earlier is None:
        return {"prefix": f"CY{insurer.pk:04d}"}
    return {"prefix": earlier.prefix, "pattern": earlier.pattern}


def next_policy_number(insurer: Organisation, year: int) -> str:
    try:
        with transaction.atomic():
            PolicyNumbering.objects.get_or_create(
                insurer=insurer, year=year, defaults=default_format(insurer)
            )
    except IntegrityError:  # created by a concurrent bind a moment ago
        pass
    counter = PolicyNumbering.objects.select_for_update(no_key=True).get(insurer=insurer, year=year)
    number = counter.pattern.format(
        prefix=counter.prefix, year=year, seq=counter.next_seq, insurer=insurer.pk
    )
    counter.next_seq += 1
    counter.save(update_fields=["next_seq"])
    return number
