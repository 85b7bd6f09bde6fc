"""The webhook signature, for the sender and for receivers (pure: no database).

``X-Cyberins-Signature: sha256=<hex>`` is HMAC-SHA256, keyed with the endpoint's secret, of
``<timestamp>.<body>``, where ``X-Cyberins-Timestamp`` is the Unix time of the attempt. Signing the
timestamp with the body lets a receiver refuse a replayed request: a valid signature over an old
timestamp is rejected once it is older than the tolerance, and ``X-Cyberins-Event`` (the event id,
the same on every retry) lets it drop a duplicate within the tolerance.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

SIGNATURE_HEADER = "X-Cyberins-Signature"
TIMESTAMP_HEADER = "X-Cyberins-Timestamp"
EVENT_HEADER = "X-Cyberins-Event"
DEFAULT_TOLERANCE_SECONDS = 300


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def headers(secret: str, timestamp: int, body: bytes, event_id: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, timestamp, body),
        EVENT_HEADER: event_id,
    }


def verify(
    secret: str,
    received: Mapping[str, str],
    body: bytes,
    *,
    now: float,
    tolerance: float = DEFAULT_TOLERANCE_SECONDS,
) -> bool:
    """True when the signature matches and the timestamp is within ``tolerance`` of ``now``."""
    lowered = {key.lower(): value for key, value in received.items()}
    try:
        timestamp = int(lowered.get(TIMESTAMP_HEADER.lower(), ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(secret, timestamp, body)
    return hmac.compare_digest(expected, lowered.get(SIGNATURE_HEADER.lower(), ""))
