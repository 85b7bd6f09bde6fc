"""Who may do what in the health-check app (the platform administrator may do everything)."""

from __future__ import annotations

from cyberins.accounts.roles import Role
from cyberins.healthchecks.models import HealthCheckKind

#: who declares assets, authorises and starts checks for an insured (besides the platform administrator)
INSURED_ROLES = (Role.APPLICANT,)
#: who formally notifies findings (besides the platform administrator)
NOTIFIER_ROLES = (Role.UNDERWRITER, Role.PROVIDER_MANAGER)
#: the scheduled checks under a policy, whose findings fall under the remediation warranty
NOTIFIABLE_KINDS = (HealthCheckKind.FIXED_INSPECTION, HealthCheckKind.VULNERABILITY_SCAN)
