"""Schemathesis over the whole API schema, through WSGI, as an applicant, an underwriter and a platform
administrator: positive and negative examples for every operation, all of schemathesis' checks.

Bounded and seeded (``MAX_EXAMPLES`` per operation and mode, derandomised), so it takes a few minutes
per database and fails the same way twice."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from cyberins.accounts.models import User
from cyberins.accounts.services import do_create_api_token
from cyberins.conf.demo import load_demo

MAX_EXAMPLES = int(os.environ.get("CYBERINS_FUZZ_EXAMPLES", "6"))
ROLES = ["applicant", "underwriter", "admin"]
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20261127,
        # NUL is outside the documented text (refused with `invalid_text`; tests/api/test_bad_input.py).
        # Unknown query parameters and headers are ignored (as HTTP clients and proxies expect), not refused.
        "generation": {"allow-x00": False, "codec": "utf-8", "allow-extra-parameters": False},
        "checks": {
            # A schema-valid value the domain refuses (an unknown plan, a duplicate name) is a coded 400.
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409"]},
        },
    }
)


class Run:
    """What one role's run saw: requests made, failures by operation and check, a few examples."""

    def __init__(self, token: str) -> None:
        self.headers = {"Authorization": f"Bearer {token}"}
        self.calls = 0
        self.statuses: Counter[int] = Counter()
        self.failures: Counter[str] = Counter()
        self.examples: list[str] = []

    def operation(self, operation: Any, mode: GenerationMode) -> None:
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            self.calls += 1
            response = case.call(headers=self.headers)
            self.statuses[response.status_code] += 1
            try:
                case.validate_response(response, headers=self.headers)
            except (AssertionError, BaseExceptionGroup) as exc:  # schemathesis' failure group
                lines = str(exc).strip().splitlines()
                key = f"{operation.label} [{mode.value}] {lines[0] if lines else type(exc).__name__}"
                self.failures[key] += 1
                if len(self.examples) < 20:
                    request = case.as_curl_command().replace(self.headers["Authorization"], "…")
                    self.examples.append(f"{key}: {request} → {response.status_code} {response.text[:200]}")

        run()


def fuzz(schema: Any, token: str) -> Run:
    """Every operation of the schema, positive and negative examples, all checks."""
    seen = Run(token)
    only = os.environ.get("CYBERINS_FUZZ_ONLY", "")
    for result in schema.get_all_operations():
        if only and only not in result.ok().label:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            seen.operation(result.ok(), mode)
    return seen


@pytest.fixture
def api_schema(db: None) -> Iterator[Any]:
    load_demo()
    # As Django's test client does: the requests run inside the test's transaction, so the end of a
    # request must not close the connection (it would on PostgreSQL, where connections persist).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application(), config=CONFIG)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ROLES)
def test_fuzz_whole_schema_without_failures(api_schema: Any, role: str) -> None:
    user = User.objects.get(username=role)
    _token, secret = do_create_api_token(actor=user, name="fuzz")
    seen = fuzz(api_schema, secret)
    server_errors = sum(n for status, n in seen.statuses.items() if status >= 500)
    print(f"schemathesis as {role}: {seen.calls} requests, {server_errors} server errors")
    print(f"  statuses: {dict(sorted(seen.statuses.items()))}")
    assert seen.calls > (10 if os.environ.get("CYBERINS_FUZZ_ONLY") else 100)
    assert seen.statuses[200] + seen.statuses[201] > 10  # not only refusals: real work was fuzzed too
    assert server_errors == 0
    assert not seen.failures, "\n".join(seen.examples)
