"""Schemathesis over the whole API schema, through WSGI, as an applicant, an underwriter and a platform
administrator: positive and negative examples for every operation, all of schemathesis' checks.

Bounded and seeded (``MAX_EXAMPLES`` per operation and mode, derandomised), so it takes a few minutes
per database and fails the same way twice."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from cyberins.accounts.models import User
from cyberins.accounts.services import do_create_api_token
from cyberins.conf.demo import load_demo

MAX_EXAMPLES = int(os.environ.get("CYBERINS_FUZZ_EXAMPLES", "8"))
ROLES = ["applicant", "underwriter", "admin"]
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20261127,
        # NUL is outside the documented text (refused with `invalid_text`; tests/api/test_bad_input.py).
        "generation": {"allow-x00": False, "codec": "utf-8"},
        "checks": {
            # A schema-valid value the domain refuses (an unknown plan, a duplicate name) is a coded 400.
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409"]},
        },
    }
)


def fuzz(schema: Any, token: str) -> tuple[int, Counter[str], list[str]]:
    """Every operation, both modes; returns (requests made, failures by check, examples of failures)."""
    headers = {"Authorization": f"Bearer {token}"}
    calls = 0
    failures: Counter[str] = Counter()
    examples: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

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
                nonlocal calls
                calls += 1
                response = case.call(headers=headers)
                try:
                    case.validate_response(response, headers=headers)
                except (AssertionError, BaseExceptionGroup) as exc:  # schemathesis' failure group
                    text = str(exc).strip().splitlines()
                    key = f"{operation.label} [{mode.value}] {text[0] if text else type(exc).__name__}"
                    failures[key] += 1
                    if len(examples) < 20:
                        examples.append(f"{key}: {response.status_code} {response.text[:300]}")

            run()
    return calls, failures, examples


@pytest.fixture
def api_schema(db: None) -> Any:
    load_demo()
    return schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application(), config=CONFIG)


@pytest.mark.parametrize("role", ROLES)
def test_fuzz_whole_schema_without_failures(api_schema: Any, role: str) -> None:
    user = User.objects.get(username=role)
    _token, secret = do_create_api_token(actor=user, name="fuzz")
    calls, failures, examples = fuzz(api_schema, secret)
    print(f"schemathesis as {role}: {calls} requests, {sum(failures.values())} failures")
    assert calls > 100
    assert not failures, "\n".join(examples)
