"""定损 and 理赔: the claim and its documents (claim.py); loss lines, reserves, approvals and
authority (assessment.py); payments and recoveries (money.py)."""

from cyberins.claims.models.assessment import (
    Approval,
    HandlerAuthority,
    LossLine,
    ReserveMovement,
    ReserveReason,
)
from cyberins.claims.models.claim import Claim, ClaimDocument, ClaimStatus, DocumentNotice, DocumentStatus
from cyberins.claims.models.money import Payee, Payment, PaymentStatus, Recovery, RecoveryKind

__all__ = [
    "Approval",
    "Claim",
    "ClaimDocument",
    "ClaimStatus",
    "DocumentNotice",
    "DocumentStatus",
    "HandlerAuthority",
    "LossLine",
    "Payee",
    "Payment",
    "PaymentStatus",
    "Recovery",
    "RecoveryKind",
    "ReserveMovement",
    "ReserveReason",
]
