"""The claims demo: a settled ransomware claim with the 10% penalty on the service and a loss line and
the provider paid directly, a claim waiting for documents, a denied claim with its notice."""

from __future__ import annotations

from cyberins.accounts.demo import load_accounts
from cyberins.claims.demo import load_claims
from cyberins.products.demo import load_products
from cyberins.providers.demo import load_providers


def test_the_demo_claims(db) -> None:
    load_accounts()
    load_providers()
    load_products()
    settled, waiting, denied = load_claims()
    settled.refresh_from_db()
    assert settled.status == "closed"
    assert settled.penalty_applied
    penalties = {
        line["coverage"]: next(s["deducted"] for s in line["steps"] if s["code"] == "warranty_deductible")
        for line in settled.assessment["lines"]
    }
    # service 48,000 (no deductible) → 4,800; restoration 32,000 − 2,000 → 3,000
    assert penalties == {"response_service": "4800.00", "restoration": "3000.00"}
    assert sorted(settled.payments.values_list("payee", "amount")) == [
        ("insured", settled.payable - 43200),
        ("provider", 43200),
    ]
    waiting.refresh_from_db()
    assert waiting.status == "documents_requested"
    assert waiting.notices.get().codes == ["claim_form", "incident_report", "restoration_invoices"]
    denied.refresh_from_db()
    assert denied.status == "denied"
    assert denied.denial_notice_at is not None
    assert not denied.incident.covered
    assert len(load_claims()) == 3  # loading twice changes nothing
