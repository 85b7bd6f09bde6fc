"""VERIS and STIX exports of a closed ransomware case: the STIX bundle parses with the ``stix2`` library and
its Incident Core Extension and impacts validate against the extension definitions; the VERIS record
validates against the VERIS 1.3 required fields; only the insurer and the platform operator download them."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import jsonschema_rs
import stix2
from django.utils import timezone

from cyberins.incidents.exports import IMPACT_CORE, INCIDENT_CORE, stix_json, veris_record, veris_schema
from tests.incidents.flows import ransomware_case

EXTENSION_SCHEMA = json.loads(Path(__file__).with_name("incident_core_extension.schema.json").read_text())


def _validator(name: str) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(EXTENSION_SCHEMA | {"$ref": f"#/$defs/{name}"})


def test_the_stix_bundle_parses_and_carries_the_impacts(case) -> None:
    now = timezone.now()
    incident = ransomware_case(case, start=now - timedelta(days=2))
    text = stix_json(incident, now=now)
    bundle = stix2.parse(text, allow_custom=True)
    by_type: dict[str, list] = {}
    for obj in bundle.objects:
        by_type.setdefault(obj["type"], []).append(obj)
    (stix_incident,) = by_type["incident"]
    extension = dict(stix_incident["extensions"][INCIDENT_CORE])
    _validator("incident_extension").validate(json.loads(json.dumps(extension)))
    assert (extension["determination"], extension["investigation_status"], extension["incident_types"]) == (
        "successful-attempt",
        "closed",
        ["ransomware"],
    )
    assert extension["criticality"] == 50  # 较大: 1.2 million people's personal information
    # the impact SDO is an extension type stix2 does not know: it parses as a plain dict, so the extension
    # definition's schema is what checks it
    impacts = {i["impact_category"]: dict(i) for i in by_type["impact"]}
    for impact in impacts.values():
        _validator("impact").validate(impact)
        assert impact["extensions"][IMPACT_CORE] == {"extension_type": "new-sdo"}
    assert sorted(extension["impact_refs"]) == sorted(i["id"] for i in impacts.values())
    assert impacts["monetary"]["extensions"]["monetary"]["max_amount"] == 380000
    assert impacts["confidentiality"]["extensions"]["confidentiality"]["record_count"] == 1_200_000
    outage = impacts["availability"]
    assert outage["description"].endswith("12.0 h")  # from 3 h before the report to 9 h after
    assert by_type["identity"][0]["name"] == incident.reporting_org.name
    assert [i["name"] for i in by_type["infrastructure"]] == [case["system"]]
    # the same case exports to the same ids
    assert json.loads(stix_json(incident, now=now))["id"] == bundle.id


def test_the_veris_record_has_the_required_fields(case) -> None:
    now = timezone.now()
    incident = ransomware_case(case, start=now - timedelta(days=2))
    record = veris_record(incident, now=now)
    validator = jsonschema_rs.validator_for(veris_schema())
    validator.validate(record)
    assert record["security_incident"] == "Confirmed"
    assert record["action"] == {"malware": {"variety": ["Ransomware"], "vector": ["Unknown"]}}
    assert record["attribute"]["availability"] == {
        "variety": ["Obscuration"],
        "duration": {"unit": "Hours", "value": 12.0},
    }
    assert record["attribute"]["confidentiality"]["data_total"] == 1_200_000
    assert record["timeline"]["discovery"] == {"unit": "Hours", "value": 2.0}
    assert record["impact"] == {
        "overall_rating": "Painful",
        "iso_currency_code": "CNY",
        "overall_amount": 380000.0,
    }
    # a record without the required actor fails the same schema (the check is not vacuous)
    assert not validator.is_valid({k: v for k, v in record.items() if k != "actor"})


def test_only_the_insurer_and_the_operator_download_the_exports(case, api_as) -> None:
    now = timezone.now()
    pk = ransomware_case(case, start=now - timedelta(days=2), until="containment").pk
    claims = api_as(case["claims"]).get(f"/api/incidents/{pk}/stix.json")
    assert claims.status_code == 200
    assert claims["Content-Type"].startswith("application/stix+json")
    assert stix2.parse(claims.content.decode(), allow_custom=True).type == "bundle"
    veris = api_as(case["admin"]).get(f"/api/incidents/{pk}/veris.json")
    assert (veris.status_code, veris.json()["security_incident"]) == (200, "Confirmed")
    refused = api_as(case["applicant"]).get(f"/api/incidents/{pk}/veris.json")
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert api_as(case["stranger"]).get(f"/api/incidents/{pk}/stix.json").status_code == 404
    assert api_as(case["other_manager"]).get(f"/api/incidents/{pk}/veris.json").status_code == 404
