"""Every API schema has its own name: the OpenAPI document keys its components by class name, so two
classes of one name (say each app's ``PaymentIn``) would show one app's fields for the other's endpoint."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

import cyberins.api.root  # noqa: F401  (imports every router and its schemas)


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_no_two_api_schemas_share_a_name() -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("cyberins."):
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: sorted(places) for name, places in by_name.items() if len(places) > 1}
    assert shared == {}
