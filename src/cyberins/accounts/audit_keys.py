"""The audit trail's MAC keys: kept outside the database, identified by a key id so they can rotate.

Where the keys come from, first match wins:

* ``CYBERINS_AUDIT_KEY`` — ``"<id>:<secret>[,<id>:<secret>…]"``; the first is the current key, the others
  verify records written before a rotation. A bare ``<secret>`` is key id ``env``.
* the key file ``settings.AUDIT_KEY_FILE`` (default ``$CYBERINS_VAR_DIR/audit_keys``, mode 0600): one
  ``<id> <hex secret>`` per line, the last line is the current key. It is created with one random key on
  first use, like ``var/secret_key``; ``cyberins audit rotate-key`` appends a new one.

A record keeps the id of the key that signed it, so old records keep verifying after a rotation as long
as their key stays in the ring.
"""

from __future__ import annotations

import functools
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

ENV = "CYBERINS_AUDIT_KEY"


@dataclass(frozen=True)
class KeyRing:
    current_id: str
    keys: dict[str, bytes]

    @property
    def current(self) -> bytes:
        return self.keys[self.current_id]


def key_file() -> Path:
    return Path(getattr(settings, "AUDIT_KEY_FILE", None) or Path(settings.VAR_DIR) / "audit_keys")


def keyring() -> KeyRing:
    """The keys in force now (read once per change of the environment or the key file)."""
    env = os.environ.get(ENV, "").strip()
    if env:
        return _from_env(env)
    path = key_file()
    if not path.exists():
        _append_key(path, "k1")
    return _from_file(str(path), path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _from_env(value: str) -> KeyRing:
    keys: dict[str, bytes] = {}
    for index, part in enumerate(p.strip() for p in value.split(",") if p.strip()):
        key_id, sep, secret = part.partition(":")
        if not sep:
            key_id, secret = ("env" if index == 0 else f"env{index}"), part
        keys[key_id.strip()] = secret.strip().encode()
    first = next(iter(keys))
    return KeyRing(current_id=first, keys=keys)


@functools.lru_cache(maxsize=8)
def _from_file(path: str, _mtime_ns: int) -> KeyRing:
    keys: dict[str, bytes] = {}
    current = ""
    for line in Path(path).read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key_id, _sep, secret = line.strip().partition(" ")
        keys[key_id] = bytes.fromhex(secret.strip())
        current = key_id
    if not current:
        raise RuntimeError(f"the audit key file {path} holds no key")
    return KeyRing(current_id=current, keys=keys)


def _append_key(path: Path, key_id: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{key_id} {secrets.token_hex(32)}\n".encode())
    finally:
        os.close(fd)


def rotate_key() -> str:
    """Append a new key to the key file and make it current; returns its id. Old keys stay for verifying."""
    if os.environ.get(ENV, "").strip():
        raise RuntimeError(f"the audit keys come from {ENV}; rotate them there (new key first)")
    ring = keyring()
    number = 1 + max((int(k[1:]) for k in ring.keys if k.startswith("k") and k[1:].isdigit()), default=0)
    key_id = f"k{number}"
    _append_key(key_file(), key_id)
    return key_id
