from __future__ import annotations

from datetime import datetime

from ninja import Schema


class NotificationOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None
    email_status: str


class MarkedOut(Schema):
    marked: int


class UnreadOut(Schema):
    unread: int
