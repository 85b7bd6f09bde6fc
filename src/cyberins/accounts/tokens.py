"""Personal API tokens: ``cyb_<prefix>_<secret>``; only the SHA-256 of the whole token is stored.

A plain hash (not argon2) is right here: the secret is 256 random bits, so there is nothing to
brute-force, and every API request must check it cheaply.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "cyb"  # noqa: S105 - a public marker, not a secret


def new_token() -> tuple[str, str]:
    """(prefix, full token). The prefix identifies the token in lists without revealing it."""
    prefix = secrets.token_hex(4)
    return prefix, f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
