"""体检 — health checks: declared assets, scan authorisations, assessments, findings, remediation.

Wraps the pure :mod:`cyberins.scanner`. Other apps read through :mod:`cyberins.healthchecks.queries`
(``latest_grade`` for underwriting, ``open_items_at`` and ``remediation_evidence`` for claims).
"""
