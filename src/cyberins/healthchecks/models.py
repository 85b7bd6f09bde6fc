"""The app's models (split in two modules to keep each readable)."""

from cyberins.healthchecks.check_models import (
    FINISHED,
    SEVERITY_RANK,
    STARTABLE_KINDS,
    Asset,
    AssetKind,
    Confidence,
    Finding,
    HealthCheck,
    HealthCheckKind,
    HealthCheckStatus,
    ScanAuthorisation,
    Severity,
    VerificationOutcome,
)
from cyberins.healthchecks.remediation_models import (
    OPEN_STATUSES,
    ItemStatus,
    RemediationEvent,
    RemediationItem,
)

__all__ = [
    "FINISHED",
    "OPEN_STATUSES",
    "SEVERITY_RANK",
    "STARTABLE_KINDS",
    "Asset",
    "AssetKind",
    "Confidence",
    "Finding",
    "HealthCheck",
    "HealthCheckKind",
    "HealthCheckStatus",
    "ItemStatus",
    "RemediationEvent",
    "RemediationItem",
    "ScanAuthorisation",
    "Severity",
    "VerificationOutcome",
]
