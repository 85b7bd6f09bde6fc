"""The one state-transition mechanism.

Every stateful entity declares its table once, beside its fields::

    class Policy(models.Model):
        WORKFLOW = StateMachine(field="status", moves=[
            Move("issued", "cancelled", roles={"underwriter", "platform_admin"}),
            Move("issued", "expired", system=True),   # only the system (a periodic job) expires
        ])

and every change of that field goes through :func:`transition`, which

1. validates the move against the table (an undeclared move raises
   ``InvalidState(code="invalid_transition", field=<field>)``),
2. checks the actor: a person must hold one of the move's roles (``Forbidden`` otherwise; a
   platform administrator holds every role, as for ``require_role``); the
   system (``actor=None``) may make a move that is open to everyone (``roles=None``) or that says
   ``system=True``,
3. runs the move's guard,
4. writes the new state with a conditional ``UPDATE … WHERE <field> = <from>``, so of two requests
   racing on the same row exactly one moves it and the other gets ``InvalidState("stale_state")``,
5. writes a :class:`~cyberins.accounts.models.StatusChange` history row and the audit record
   (:func:`~cyberins.accounts.audit.record_change`) in the caller's transaction.

Moving to the state the object is already in changes nothing, writes nothing and returns ``False``.
Modelled on Sentry's ``update_incident_status`` (the status change and its activity row are written
together, inside the caller's transaction).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import record_change
from cyberins.accounts.errors import Forbidden, InvalidState
from cyberins.accounts.scoping import sees_everything
from cyberins.terms import require_aware

__all__ = [
    "Context",
    "Move",
    "StateMachine",
    "check_workflow",
    "create_in_state",
    "history",
    "transition",
    "workflow_of",
]


@dataclass(frozen=True)
class Context:
    """What a guard sees besides the object: who moves it, when, why, and the move itself."""

    actor: Any
    now: datetime
    reason: str
    source: str
    target: str


#: ``guard(obj, ctx)``: return ``True`` to allow; return ``False`` to refuse with the generic
#: ``transition_refused`` error, or raise a :class:`DomainError` with a more specific code.
Guard = Callable[[Any, Context], bool]


def _states(value: str | Iterable[str]) -> frozenset[str]:
    return frozenset({str(value)} if isinstance(value, str) else {str(v) for v in value})


@dataclass(frozen=True, init=False)
class Move:
    """One allowed move: from one state (or any of several) to ``target``.

    ``roles=None`` lets anyone make the move, the system included; a set of roles limits it to
    people holding one of them (a platform administrator holds every role), and ``system=True``
    additionally lets the system (``actor=None``) make it. ``action`` names the move in the audit
    trail (default: the target state).
    """

    sources: frozenset[str]
    target: str
    roles: frozenset[str] | None
    system: bool
    guard: Guard | None = field(compare=False)
    action: str

    def __init__(
        self,
        source: str | Iterable[str],
        target: str,
        *,
        roles: Collection[str] | None = None,
        system: bool = False,
        guard: Guard | None = None,
        action: str = "",
    ) -> None:
        object.__setattr__(self, "sources", _states(source))
        object.__setattr__(self, "target", str(target))
        object.__setattr__(self, "roles", None if roles is None else frozenset(str(r) for r in roles))
        object.__setattr__(self, "system", system)
        object.__setattr__(self, "guard", guard)
        object.__setattr__(self, "action", action or str(target))
        if not self.sources:
            raise ValueError("a move needs at least one source state")
        if self.target in self.sources:
            raise ValueError(f"a move from {self.target!r} to itself is not a move")
        if self.roles is not None and not self.roles and not system:
            raise ValueError(f"nobody may make the move to {self.target!r}: give roles or system=True")

    def allows(self, actor: Any) -> bool:
        """Whether ``actor`` (a user, or ``None`` for the system) may make this move."""
        if self.roles is None:
            return True
        if actor is None:
            return self.system
        # As everywhere (``require_role``): a platform administrator holds every role.
        return sees_everything(actor) or any(role in self.roles for role in getattr(actor, "roles", ()))

    def describe_roles(self) -> str:
        if self.roles is None:
            return "anyone (system included)"
        names = ", ".join(sorted(self.roles))
        return f"{names}, system" if self.system and names else (names or "system")


class StateMachine:
    """The declared table of one state field: which moves exist, who may make them, with what guard.

    ``states`` (optional) is the full list of states, normally the field's choices; the table is
    checked against it at declaration so a typo in a state fails on import, not in production.
    ``stamps`` maps a state to a datetime field set to ``now`` when the object enters that state.
    """

    def __init__(
        self,
        *,
        field: str,
        moves: Iterable[Move],
        states: Iterable[str] | None = None,
        stamps: Mapping[str, str] | None = None,
    ) -> None:
        self.field = field
        self.moves: tuple[Move, ...] = tuple(moves)
        self.stamps: dict[str, str] = dict(stamps or {})
        self._by_pair: dict[tuple[str, str], Move] = {}
        for move in self.moves:
            for source in move.sources:
                if (source, move.target) in self._by_pair:
                    raise ValueError(f"the move {source!r} → {move.target!r} is declared twice")
                self._by_pair[(source, move.target)] = move
        self.states: tuple[str, ...] | None = None
        if states is not None:
            self.states = tuple(str(s) for s in states)
            unknown = {s for pair in self._by_pair for s in pair} | set(self.stamps)
            unknown -= set(self.states)
            if unknown:
                raise ValueError(f"moves name states not among {self.states}: {sorted(unknown)}")

    def __iter__(self) -> Iterator[Move]:
        return iter(self.moves)

    def move(self, source: str, target: str) -> Move | None:
        """The declared move from ``source`` to ``target``, or ``None``."""
        return self._by_pair.get((str(source), str(target)))

    def targets(self, source: str) -> list[str]:
        """The states reachable in one move from ``source``, in declaration order."""
        return [move.target for move in self.moves if str(source) in move.sources]

    def can(self, obj: Any, target: str, *, actor: Any) -> bool:
        """Whether ``actor`` could move ``obj`` to ``target`` now (table and roles, not the guard)."""
        move = self.move(getattr(obj, self.field), target)
        return move is not None and move.allows(actor)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(from, to, who, guard) per declared pair, in declaration order, for the documentation."""
        return [row for move in self.moves for row in self.rows_of(move)]

    def rows_of(self, move: Move) -> list[tuple[str, str, str, str]]:
        guard = ""
        if move.guard is not None:
            guard = " ".join((move.guard.__doc__ or move.guard.__name__).split())
        return [
            (source, move.target, move.describe_roles(), guard)
            for source in sorted(move.sources, key=self._order)
        ]

    def _order(self, state: str) -> tuple[int, str]:
        return (self.states.index(state), state) if self.states and state in self.states else (999, state)


def audit_name(model: type[models.Model]) -> str:
    """``ServiceOrder`` → ``service_order``: the prefix of the model's audit actions."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()


def workflow_of(obj: Any) -> StateMachine:
    machine = getattr(type(obj), "WORKFLOW", None)
    if not isinstance(machine, StateMachine):
        raise TypeError(f"{type(obj).__name__} declares no WORKFLOW state machine")
    return machine


def _label(obj: models.Model, state: str, field_name: str) -> Any:
    """The (lazily translated) label of ``state`` when the field has choices, else the code itself."""
    choices = dict(getattr(obj._meta.get_field(field_name), "flatchoices", ()))
    return choices.get(state, state)


def transition(
    obj: models.Model,
    to: str,
    *,
    actor: Any,
    now: datetime | None = None,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    action: str | None = None,
) -> bool:
    """Move ``obj`` to state ``to`` by its model's ``WORKFLOW``; ``True`` if it moved.

    ``changes`` are further fields written in the same update (e.g. a cancellation reason), and
    appear in the audit record's before/after; ``details`` are added to the audit record's ``after``
    only. ``action`` overrides the audit action (default ``<model_name>.<move action>``, e.g.
    ``service_order.cancel``).
    Must run inside the caller's transaction; the caller locks the row if it reads other fields
    to decide (the conditional update already makes the state change itself race-free).
    """
    planned = _plan(obj, to, actor=actor, now=now, reason=reason, changes=changes)
    if planned is None:
        return False
    field_name = planned.machine.field
    updated = (
        type(obj)._base_manager.filter(pk=obj.pk, **{field_name: planned.source}).update(**planned.values)
    )
    if updated != 1:
        raise InvalidState(
            "stale_state",
            _("This %(model)s was changed by someone else meanwhile; reload and try again."),
            field=field_name,
            model=obj._meta.verbose_name,
        )
    for name, value in planned.values.items():
        setattr(obj, name, value)
    planned.record(obj, actor=actor, reason=reason, details=details, action=action)
    return True


def create_in_state(
    obj: models.Model,
    to: str,
    *,
    actor: Any,
    now: datetime | None = None,
    reason: str = "",
    details: Mapping[str, Any] | None = None,
    action: str | None = None,
) -> None:
    """Insert the new, unsaved ``obj`` already moved from its initial state to ``to``.

    Records the creation (``<model>.create``, in its initial state), then the move with the same
    table, roles, guard, stamps, history row and audit record as :func:`transition`; only the write
    differs: the row is inserted in its final state, because nobody else can see it yet (saves
    re-reading, locking and updating a row created a moment ago, e.g. an application created and
    submitted in one request).
    """
    if not obj._state.adding:
        raise RuntimeError("create_in_state takes an object that is not saved yet")
    initial = str(getattr(obj, workflow_of(obj).field))
    planned = _plan(obj, to, actor=actor, now=now, reason=reason, changes=None)
    if planned is not None:
        for name, value in planned.values.items():
            setattr(obj, name, value)
    obj.save(force_insert=True)
    name = audit_name(type(obj))
    record_change(actor=actor, obj=obj, action=f"{name}.create", after={workflow_of(obj).field: initial})
    if planned is not None:
        planned.record(obj, actor=actor, reason=reason, details=details, action=action)


@dataclass(frozen=True)
class _Planned:
    """A validated move, ready to be written: the fields to set and what to record afterwards."""

    machine: StateMachine
    move: Move
    source: str
    target: str
    moment: datetime
    values: dict[str, Any]
    before: dict[str, Any]

    def record(
        self,
        obj: models.Model,
        *,
        actor: Any,
        reason: str,
        details: Mapping[str, Any] | None,
        action: str | None,
    ) -> None:
        """The history row and the audit record, in the caller's transaction."""
        from cyberins.accounts.models import StatusChange  # here, so accounts' own models may declare tables

        is_person = actor is not None and getattr(actor, "is_authenticated", False)
        StatusChange.objects.create(
            content_type=StatusChange.content_type_of(obj),
            object_id=str(obj.pk),
            field=self.machine.field,
            from_state=self.source,
            to_state=self.target,
            at=self.moment,
            actor=actor if is_person else None,
            actor_organisation_id=getattr(actor, "organisation_id", None) if is_person else None,
            reason=reason,
        )
        after = {**{k: _key(v) for k, v in self.values.items()}, **(details or {})}
        if reason:
            after.setdefault("reason", reason)
        record_change(
            actor=actor,
            obj=obj,
            action=action or f"{audit_name(type(obj))}.{self.move.action}",
            before=self.before,
            after=after,
            now=self.moment,
        )


def _plan(
    obj: models.Model,
    to: str,
    *,
    actor: Any,
    now: datetime | None,
    reason: str,
    changes: Mapping[str, Any] | None,
) -> _Planned | None:
    """Check the move against the table, the actor's roles and the guard; ``None`` if already there."""
    machine = workflow_of(obj)
    field_name = machine.field
    source, target = str(getattr(obj, field_name)), str(to)
    if source == target:
        return None
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition must be called inside the service's transaction")

    move = machine.move(source, target)
    if move is None:
        raise InvalidState(
            "invalid_transition",
            _("This %(model)s cannot go from “%(source)s” to “%(target)s”."),
            field=field_name,
            model=obj._meta.verbose_name,
            source=_label(obj, source, field_name),
            target=_label(obj, target, field_name),
        )
    if not move.allows(actor):
        raise Forbidden(
            "transition_forbidden",
            _("Your role may not move this %(model)s to “%(target)s”."),
            field=field_name,
            model=obj._meta.verbose_name,
            target=_label(obj, target, field_name),
        )
    moment = timezone.now() if now is None else require_aware(now, "now")
    if move.guard is not None:
        ctx = Context(actor=actor, now=moment, reason=reason, source=source, target=target)
        if not move.guard(obj, ctx):
            raise InvalidState(
                "transition_refused",
                _("This %(model)s cannot go to “%(target)s” now."),
                field=field_name,
                model=obj._meta.verbose_name,
                target=_label(obj, target, field_name),
            )

    values: dict[str, Any] = dict(changes or {})
    values[field_name] = target
    if target in machine.stamps:
        values.setdefault(machine.stamps[target], moment)
    before = {field_name: source, **{k: _key(getattr(obj, k)) for k in values if k != field_name}}
    return _Planned(machine, move, source, target, moment, values, before)


def _key(value: Any) -> Any:
    """A related object by its key in the audit record (the record stores plain JSON)."""
    return value.pk if isinstance(value, models.Model) else value


def history(obj: models.Model) -> models.QuerySet[Any]:
    """The status changes of ``obj``, oldest first."""
    from cyberins.accounts.models import StatusChange

    return StatusChange.objects.filter(
        content_type=StatusChange.content_type_of(obj), object_id=str(obj.pk)
    ).order_by("at", "pk")


def check_workflow(model: type[models.Model]) -> list[str]:
    """Problems of ``model.WORKFLOW`` against the model's field (unknown states, missing stamps)."""
    machine = model.__dict__.get("WORKFLOW")
    if not isinstance(machine, StateMachine):
        return [f"{model.__name__} declares no WORKFLOW"]
    problems = []
    try:
        field_obj = model._meta.get_field(machine.field)
    except FieldDoesNotExist:
        return [f"{model.__name__}.WORKFLOW names the unknown field {machine.field!r}"]
    choices = {str(value) for value, _label in getattr(field_obj, "flatchoices", ())}
    if choices:
        for move in machine.moves:
            for state in {*move.sources, move.target} - choices:
                problems.append(f"{model.__name__}: state {state!r} is not a choice of {machine.field}")
    for state, stamp in machine.stamps.items():
        try:
            model._meta.get_field(stamp)
        except FieldDoesNotExist:
            problems.append(f"{model.__name__}: stamp field {stamp!r} for {state!r} does not exist")
    return problems
