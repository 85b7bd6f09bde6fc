"""Hand the rows ``notify`` wrote to the background sender once per commit, whatever number of events.

A transaction that notifies several events (a periodic job, a use case telling two parties) used to
queue one task per event, an INSERT into the task table each; now the first ``notify`` of a
transaction registers one ``on_commit`` batch and the later ones add their ids to it. The batch is
looked up in the connection's pending ``on_commit`` list, so a batch dropped by a rolled-back savepoint
is not reused (a new one is registered), and one that has run is not reused either. Ids added inside
a savepoint rolled back later name rows that no longer exist (the sender skips them) or, on SQLite,
which reuses such ids, a row the sender would deliver anyway (its claim makes each delivery once).
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


class DeliveryBatch:
    """The ids to deliver after one commit; called by Django's ``on_commit`` machinery."""

    def __init__(self) -> None:
        self.notification_ids: list[int] = []
        self.delivery_ids: list[int] = []
        self.done = False

    def __call__(self) -> None:
        self.done = True
        enqueue(self.notification_ids, self.delivery_ids)


def queue_delivery(notification_ids: list[int], delivery_ids: list[int]) -> None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # autocommit: the rows are committed already
        enqueue(notification_ids, delivery_ids)
        return
    batch = next(
        (
            func
            for _savepoints, func, _robust in reversed(connection.run_on_commit)
            if isinstance(func, DeliveryBatch) and not func.done
        ),
        None,
    )
    if batch is None:
        batch = DeliveryBatch()
        transaction.on_commit(batch)
    # SQLite hands a rolled-back row's id out again: each id once.
    batch.notification_ids.extend(pk for pk in notification_ids if pk not in batch.notification_ids)
    batch.delivery_ids.extend(pk for pk in delivery_ids if pk not in batch.delivery_ids)


def enqueue(notification_ids: list[int], delivery_ids: list[int]) -> None:
    if not notification_ids and not delivery_ids:
        return
    from cyberins.notifications.tasks import deliver_task

    try:
        deliver_task.enqueue(notification_ids, delivery_ids)
    except Exception:  # the queue is down: the periodic job delivers them instead
        logger.exception("could not queue notification delivery")
