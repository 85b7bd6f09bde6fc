"""Every declared table is consistent with its model, and docs/transitions.md shows exactly them."""

from __future__ import annotations

from cyberins.accounts.transitions import check_workflow
from cyberins.accounts.transitions_doc import BEGIN, DOCUMENT, END, render, splice, stateful_models


def test_the_stateful_entities_all_declare_their_table() -> None:
    assert {m._meta.label for m in stateful_models()} == {
        "underwriting.Application",
        "underwriting.Quote",
        "policies.Policy",
        "policies.Instalment",
        "policies.Payment",
        "policies.ServiceOrder",
        "policies.VendorProposal",
        "healthchecks.HealthCheck",
        "healthchecks.RemediationItem",
        "products.ProductVersion",
        "providers.Engagement",
        "providers.Offer",
        "incidents.Incident",
        "incidents.Task",
        "accounts.Registration",
        "notifications.Notification",
        "notifications.WebhookDelivery",
        "claims.Claim",
        "claims.ClaimDocument",
        "claims.Payment",
    }


def test_every_table_names_only_its_field_s_choices_and_existing_stamp_fields() -> None:
    assert {m._meta.label: check_workflow(m) for m in stateful_models()} == {
        m._meta.label: [] for m in stateful_models()
    }


def test_the_document_shows_the_declared_tables() -> None:
    document = DOCUMENT.read_text(encoding="utf-8")
    assert BEGIN in document
    assert END in document
    assert splice(document, render()) == document, (
        "docs/transitions.md is out of date: uv run python -m cyberins.accounts.transitions_doc"
    )
    assert "| `issued` | `cancelled` | underwriter | `policy.cancel` | — |" in document
