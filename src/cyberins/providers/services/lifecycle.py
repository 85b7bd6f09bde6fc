"""How engagements and offers change state (through ``accounts.transitions``), the listeners and completion
guards that the apps above register, and the locked read shared by the use cases."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from cyberins.accounts.errors import NotFound
from cyberins.accounts.models import User
from cyberins.accounts.scoping import sees_everything
from cyberins.accounts.transitions import transition
from cyberins.providers.models import Engagement, Offer


def _move(obj: Engagement | Offer, to: str, *, actor: Any, now: datetime, reason: str = "",
          fields: Iterable[str] = ()) -> bool:  # fmt: skip
    """``transition`` with the further fields already set on ``obj`` written in the same update."""
    changes = {}
    for name in fields:
        attname = str(getattr(obj._meta.get_field(name), "attname", name))
        changes[attname] = getattr(obj, attname)
    return transition(obj, to, actor=actor, now=now, reason=reason, changes=changes)


def move_engagement(engagement: Engagement, to: str, *, actor: Any, now: datetime, reason: str = "",
                    fields: Iterable[str] = ()) -> bool:  # fmt: skip
    changed = _move(engagement, to, actor=actor, now=now, reason=reason, fields=fields)
    if changed:
        _notify(engagement, to, now)
    return changed


def move_offer(offer: Offer, to: str, *, actor: Any, now: datetime, reason: str = "",
               fields: Iterable[str] = ()) -> bool:  # fmt: skip
    return _move(offer, to, actor=actor, now=now, reason=reason, fields=fields)


# Apps above this one (policies' service orders, incidents) follow their engagements through listeners
# registered from their AppConfig.ready(): ``listener(engagement, status, now)`` runs in the transaction.
Listener = Callable[[Engagement, str, datetime], None]
_listeners: dict[str, list[Listener]] = {}


def on_engagement(kind: str) -> Callable[[Listener], Listener]:
    def register(fn: Listener) -> Listener:
        if fn not in _listeners.setdefault(kind, []):
            _listeners[kind].append(fn)
        return fn

    return register


#: Checks an engagement must pass before it can be completed, per kind (registered by the apps above,
#: e.g. a policy's fixed inspection needs its finished health check: ``policies.dispatch``).
Guard = Callable[[Engagement], None]
_completion_guards: dict[str, list[Guard]] = {}


def before_completion(kind: str) -> Callable[[Guard], Guard]:
    def register(fn: Guard) -> Guard:
        if fn not in _completion_guards.setdefault(kind, []):
            _completion_guards[kind].append(fn)
        return fn

    return register


def run_completion_guards(engagement: Engagement) -> None:
    """Raise the first refusal of the checks registered for the engagement's kind."""
    for guard in _completion_guards.get(engagement.kind, []):
        guard(engagement)


def lock_own_engagement(actor: User, engagement: Engagement) -> Engagement:
    """The engagement locked for update (service and provider joined); another provider's → 404."""
    locked = (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("service", "provider")
        .get(pk=engagement.pk)
    )
    if not sees_everything(actor) and (
        locked.provider is None or locked.provider.organisation_id != actor.organisation_id
    ):
        raise NotFound()
    return locked


def _notify(engagement: Engagement, status: str, now: datetime) -> None:
    for listener in _listeners.get(engagement.kind, []):
        listener(engagement, status, now)
