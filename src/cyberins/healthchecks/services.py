"""Use cases of the insured and the notifiers: declare assets, authorise, start a check, notify, mark fixed.

Each runs in one transaction and writes the audit record. The worker side (running the scan,
storing results, confirming fixes) is in :mod:`cyberins.healthchecks.results`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cyberins.accounts.audit import audited, record_change, snapshot
from cyberins.accounts.errors import DomainError, InvalidState
from cyberins.accounts.models import Organisation, User
from cyberins.accounts.roles import OrganisationKind
from cyberins.accounts.scoping import require_role
from cyberins.healthchecks.models import (
    STARTABLE_KINDS,
    Asset,
    AssetKind,
    HealthCheck,
    ScanAuthorisation,
)
from cyberins.healthchecks.permissions import INSURED_ROLES
from cyberins.healthchecks.queries import authorised_assets
from cyberins.healthchecks.targets import check_target_allowed
from cyberins.healthchecks.tasks import enqueue_health_check
from cyberins.scanner import TargetError, TargetPolicy, parse_target


def _check_insured(organisation: Organisation) -> None:
    if organisation.kind != OrganisationKind.INSURED:
        raise DomainError(
            "healthchecks.not_insured",
            _("Health checks are for insured enterprises only."),
            field="organisation",
        )


def parse_asset_address(
    address: str, ports: Iterable[int] = (), *, policy: TargetPolicy | None = None
) -> tuple[str, str, list[int]]:
    """(kind, normalised host, ports) of a declared address, or a coded error on the ``address`` field.

    ``policy``: what may be scanned (default: the configured one, :func:`targets.scan_policy`).
    """
    try:
        target = parse_target(address)
    except TargetError as exc:
        raise DomainError(
            "healthchecks.invalid_address",
            _("Enter a host name, an IP address, host:port or an http(s) URL."),
            field="address",
        ) from exc
    port_set = set(ports)
    if any(not 0 < port < 65536 for port in port_set):
        raise DomainError("healthchecks.invalid_port", _("A port is between 1 and 65535."), field="ports")
    if "://" in address:
        if port_set:
            raise DomainError("healthchecks.ports_with_url", _("A URL names its port itself."), field="ports")
        check_target_allowed(target.host, [target.port or 0], policy=policy)
        return AssetKind.URL, target.host, [target.port or 0]
    if target.port is not None:
        port_set.add(target.port)
    # Refused before it is stored: loopback, private, metadata, this platform... (checked again,
    # after name resolution, when a scan runs)
    check_target_allowed(target.host, port_set, policy=policy)
    kind = AssetKind.IP_ADDRESS if target.is_ip else AssetKind.HOSTNAME
    return kind, target.host, sorted(port_set)


@audited
def do_declare_asset(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    address: str,
    ports: Sequence[int] = (),
    policy: TargetPolicy | None = None,
) -> Asset:
    """Declare an asset; a target the platform refuses to scan is refused here (``target_not_allowed``).

    ``policy`` overrides the configured target policy (the demo loader declares its lab services).
    """
    require_role(actor, *INSURED_ROLES)
    _check_insured(organisation)
    name, address = name.strip(), address.strip()
    if not name:
        raise DomainError("healthchecks.name_required", _("Give the asset a name."), field="name")
    kind, host, port_list = parse_asset_address(address, ports, policy=policy)
    if Asset.objects.filter(organisation=organisation, address=address, retired_at__isnull=True).exists():
        raise DomainError(
            "healthchecks.asset_exists", _("This address is already declared."), field="address"
        )
    asset = Asset.objects.create(
        organisation=organisation,
        name=name,
        kind=kind,
        address=address,
        host=host,
        ports=port_list,
        declared_by=actor,
    )
    record_change(
        actor=actor, obj=asset, action="asset.declare", after=snapshot(asset, ("name", "address", "ports"))
    )
    return asset


@audited
def do_rename_asset(*, actor: User, asset: Asset, name: str) -> Asset:
    """Only the name can change: a changed address or port is a new asset needing a new authorisation."""
    require_role(actor, *INSURED_ROLES)
    name = name.strip()
    if not name:
        raise DomainError("healthchecks.name_required", _("Give the asset a name."), field="name")
    before = {"name": asset.name}
    asset.name = name
    asset.save(update_fields=["name"])
    record_change(actor=actor, obj=asset, action="asset.rename", before=before, after={"name": name})
    return asset


@audited
def do_retire_asset(*, actor: User, asset: Asset) -> Asset:
    """Take an asset out of every future scan; its past findings stay."""
    require_role(actor, *INSURED_ROLES)
    if asset.retired_at is not None:
        raise InvalidState("healthchecks.asset_retired", _("This asset is already retired."))
    asset.retired_at = timezone.now()
    asset.save(update_fields=["retired_at"])
    record_change(actor=actor, obj=asset, action="asset.retire", after={"retired_at": asset.retired_at})
    return asset


@audited
def do_record_authorisation(
    *,
    actor: User,
    organisation: Organisation,
    assets: Sequence[Asset],
    authorised_by: str,
    authorised_at: datetime,
    valid_until: datetime | None = None,
    statement: str = "",
) -> ScanAuthorisation:
    """Record that ``authorised_by`` authorised scanning ``assets`` from ``authorised_at``."""
    require_role(actor, *INSURED_ROLES)
    _check_insured(organisation)
    now = timezone.now()
    if not assets:
        raise DomainError("healthchecks.no_assets", _("Choose at least one asset."), field="assets")
    if any(a.organisation_id != organisation.pk or a.retired_at is not None for a in assets):
        raise DomainError(
            "healthchecks.asset_not_declared",
            _("Only the organisation's own active assets can be authorised."),
            field="assets",
        )
    if not authorised_by.strip():
        raise DomainError(
            "healthchecks.authoriser_required", _("Name who gave the authorisation."), field="authorised_by"
        )
    if timezone.is_naive(authorised_at) or authorised_at > now:
        raise DomainError(
            "healthchecks.authorised_in_future",
            _("The authorisation cannot be dated in the future."),
            field="authorised_at",
        )
    if valid_until is not None and (timezone.is_naive(valid_until) or valid_until <= authorised_at):
        raise DomainError(
            "healthchecks.invalid_validity",
            _("The authorisation must end after it starts."),
            field="valid_until",
        )
    authorisation = ScanAuthorisation.objects.create(
        organisation=organisation,
        reference=f"pending-{uuid.uuid4().hex}",
        authorised_by=authorised_by.strip(),
        authorised_at=authorised_at,
        valid_until=valid_until,
        statement=statement.strip(),
        recorded_by=actor,
    )
    authorisation.reference = f"SA-{authorised_at:%Y}-{authorisation.pk:06d}"
    authorisation.save(update_fields=["reference"])
    authorisation.assets.set(assets)
    after = {
        **snapshot(authorisation, ("reference", "authorised_by", "authorised_at", "valid_until")),
        "assets": [a.address for a in assets],
    }
    record_change(actor=actor, obj=authorisation, action="scan_authorisation.record", after=after)
    return authorisation


@audited
def do_revoke_authorisation(*, actor: User, authorisation: ScanAuthorisation) -> ScanAuthorisation:
    require_role(actor, *INSURED_ROLES)
    if authorisation.revoked_at is not None:
        raise InvalidState("healthchecks.already_revoked", _("This authorisation is already revoked."))
    authorisation.revoked_at = timezone.now()
    authorisation.save(update_fields=["revoked_at"])
    record_change(
        actor=actor,
        obj=authorisation,
        action="scan_authorisation.revoke",
        after={"revoked_at": authorisation.revoked_at},
    )
    return authorisation


@audited
def do_start_health_check(
    *,
    actor: User | None,
    organisation: Organisation,
    kind: str,
    assets: Sequence[Asset] | None = None,
    service_order_ref: str = "",
) -> HealthCheck:
    """Queue a check of ``assets`` (default: every authorised asset); the worker runs it after commit.

    An asset that is not declared and authorised now is refused here, before anything is queued.
    ``actor`` None: the platform's scheduler starting a policy's scheduled inspection.
    """
    if actor is not None:
        require_role(actor, *INSURED_ROLES)
    _check_insured(organisation)
    if kind not in STARTABLE_KINDS:  # a fix verification starts from its finding (verification.py)
        raise DomainError("healthchecks.invalid_kind", _("Unknown kind of health check."), field="kind")
    authorised = {a.pk: a for a in authorised_assets(organisation, timezone.now())}
    chosen = list(authorised.values()) if assets is None else list(assets)
    if not chosen:
        raise DomainError(
            "healthchecks.nothing_authorised",
            _("Declare assets and record an authorisation to scan them first."),
            field="assets",
        )
    for asset in chosen:
        if asset.pk not in authorised:
            raise DomainError(
                "healthchecks.asset_not_authorised",
                _("%(asset)s is not declared and authorised for scanning."),
                field="assets",
                asset=str(asset),
            )
    check = HealthCheck.objects.create(
        organisation=organisation,
        kind=kind,
        requested_by=actor,
        service_order_ref=service_order_ref.strip(),
        progress_total=sum(len(a.scope_entries()) for a in chosen),
    )
    check.assets.set(chosen)
    after = {"kind": kind, "assets": [a.address for a in chosen], "service_order_ref": service_order_ref}
    record_change(actor=actor, obj=check, action="health_check.start", after=after)
    transaction.on_commit(partial(enqueue_health_check, check.pk))
    return check
