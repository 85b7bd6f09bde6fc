"""Exports of a case for sharing: a VERIS 1.3.x JSON record and a STIX 2.1 bundle.

The STIX bundle holds the ``incident`` SDO with the Incident Core Extension (OASIS cti-stix-common-objects,
``extension-definition--ef765651-680c-498d-9894-99799f2fa126``), one ``impact`` SDO per known impact
(availability from the outage records, monetary from the direct loss, confidentiality from the people whose
personal information was affected; ``extension-definition--7cc33dd6-f6a1-489b-98ea-522d351d71b9``), the
insured as an ``identity`` and each affected system as an ``infrastructure``. Identifiers are UUID v5 of the
incident number, so exporting the same case twice gives the same ids.

VERIS follows the VERIS Community Schema 1.3 (vz-risk/veris, ``verisc.json`` and the 1.3.7 sample record);
``veris_required.schema.json`` beside this module holds the fields that schema requires.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import stix2

from cyberins.incidents.models import Incident, Outage

INCIDENT_CORE = "extension-definition--ef765651-680c-498d-9894-99799f2fa126"
IMPACT_CORE = "extension-definition--7cc33dd6-f6a1-489b-98ea-522d351d71b9"
VERIS_VERSION = "1.3.7"
VERIS_SCHEMA_FILE = Path(__file__).with_name("veris_required.schema.json")
_NAMESPACE = uuid.UUID("6f0c6a55-1d0e-4a8e-9f43-0c8b7f0b2c11")

#: GB/T 20986 sub-class → STIX incident-type vocabulary (open vocabulary; "other" when nothing fits).
STIX_INCIDENT_TYPES = {
    "ransomware": "ransomware",
    "ddos": "denial-of-service",
    "phishing": "phishing",
    "data_leak": "data-breach",
    "intrusion": "unauthorized-access",
}
#: The grade as the extension's criticality (0-100) and as the VERIS overall rating.
CRITICALITY = {"general": 25, "significant": 50, "major": 75, "especially_major": 100}
VERIS_RATING = {
    "general": "Distracting",
    "significant": "Painful",
    "major": "Damaging",
    "especially_major": "Catastrophic",
}
#: GB/T 4754 section → NAICS 2-digit sector (VERIS victim.industry); "00" is VERIS's unknown.
NAICS = {"A": "11", "B": "21", "C": "31", "D": "22", "E": "23", "F": "44", "G": "48", "H": "72"}
NAICS |= {"I": "51", "J": "52", "K": "53", "M": "54", "P": "61", "Q": "62", "S": "92"}


def _uuid(incident: Incident, kind: str, key: str = "") -> str:
    return f"{kind}--{uuid.uuid5(_NAMESPACE, f'{incident.number}/{kind}/{key}')}"


def _hours(outage: Outage, now: datetime) -> Decimal:
    end = outage.ended_at or now
    return Decimal((end - outage.started_at).total_seconds()) / 3600


def _determination(incident: Incident) -> str:
    if incident.not_security_incident:
        return "false-positive"
    if incident.suspicious_only or incident.stage in ("reported", "responding", "detection"):
        return "suspected"
    return "successful-attempt"


def _investigation_status(incident: Incident) -> str:
    if incident.stage == "closed":
        return "closed"
    return "new" if incident.stage == "reported" else "open"


def _impacts(incident: Incident, now: datetime) -> list[dict[str, Any]]:
    created = incident.reported_at
    impacts: list[dict[str, Any]] = []

    def impact(category: str, key: str, details: dict[str, Any], **common: Any) -> None:
        impacts.append(
            {
                "type": "impact",
                "spec_version": "2.1",
                "id": _uuid(incident, "impact", f"{category}/{key}"),
                "created": created,
                "modified": now,
                "impact_category": category,
                **common,
                "extensions": {IMPACT_CORE: {"extension_type": "new-sdo"}, category: details},
            }
        )

    for outage in incident.outages.all():
        # a full outage of the named system while it lasts
        ended = {"end_time": outage.ended_at} if outage.ended_at else {}
        impact(
            "availability",
            str(outage.pk),
            {"availability_impact": 100},
            description=f"{outage.system}: {_hours(outage, now):.1f} h",
            start_time=outage.started_at,
            **ended,
        )
    if incident.direct_loss:
        amount = float(incident.direct_loss)
        impact(
            "monetary",
            "direct",
            {"variety": "loss", "currency": "cny", "min_amount": amount, "max_amount": amount},
            description="Direct economic loss",
        )
    if incident.personal_information_people:
        impact(
            "confidentiality",
            "personal",
            {
                "information_type": "pii",
                "loss_type": "suspected-loss",
                "record_count": incident.personal_information_people,
            },
            description="People whose personal information was affected",
        )
    return impacts


def stix_bundle(incident: Incident, *, now: datetime) -> stix2.Bundle:
    """The case as a STIX 2.1 bundle (parsed by the ``stix2`` library, so malformed objects raise)."""
    insured = incident.reporting_org
    identity = stix2.Identity(
        id=_uuid(incident, "identity", "insured"),
        name=insured.name,
        identity_class="organization",
        sectors=[],
        contact_information=insured.address or None,
        created=incident.reported_at,
        modified=incident.reported_at,
    )
    systems = [incident.affected_system, *(o.system for o in incident.outages.all())]
    infrastructure = [
        stix2.Infrastructure(
            id=_uuid(incident, "infrastructure", name),
            name=name,
            infrastructure_types=["unknown"],
            created=incident.reported_at,
            modified=incident.reported_at,
        )
        for name in dict.fromkeys(s for s in systems if s)
    ]
    impacts = _impacts(incident, now)
    kind = STIX_INCIDENT_TYPES.get(incident.sub_class, "other")
    extension: dict[str, Any] = {
        "extension_type": "property-extension",
        "determination": _determination(incident),
        "investigation_status": _investigation_status(incident),
        "criticality": CRITICALITY.get(incident.grade, 25),
        "incident_types": [kind],
    }
    if impacts:
        extension["impact_refs"] = [i["id"] for i in impacts]
    stix_incident = stix2.Incident(
        id=_uuid(incident, "incident"),
        name=incident.number,
        description=incident.summary,
        created=incident.reported_at,
        modified=now,
        external_references=[{"source_name": "cyberins", "external_id": incident.number}],
        labels=[f"gbt20986:{incident.incident_class}", f"grade:{incident.grade}"],
        extensions={INCIDENT_CORE: extension},
        allow_custom=True,
    )
    relationships = [
        stix2.Relationship(
            id=_uuid(incident, "relationship", target.id),
            source_ref=stix_incident.id,
            relationship_type="impacts" if target.type == "infrastructure" else "targets",
            target_ref=target.id,
            created=incident.reported_at,
            modified=incident.reported_at,
            allow_custom=True,
        )
        for target in [identity, *infrastructure]
    ]
    objects = [stix_incident, identity, *infrastructure, *relationships]
    objects += [stix2.parse(i, allow_custom=True) for i in impacts]
    return stix2.Bundle(objects=objects, id=_uuid(incident, "bundle"), allow_custom=True)


def stix_json(incident: Incident, *, now: datetime) -> str:
    return str(stix_bundle(incident, now=now).serialize(pretty=True, ensure_ascii=False))


# ---------------------------------------------------------------------------------------------------
# VERIS


def _veris_action(incident: Incident) -> dict[str, Any]:
    unknown = ["Unknown"]
    sub = incident.sub_class
    if incident.incident_class == "MP":
        malware = {"ransomware": "Ransomware", "trojan": "Trojan", "worm": "Worm", "virus": "Virus"}
        return {"malware": {"variety": [malware.get(sub, "Unknown")], "vector": unknown}}
    if incident.incident_class == "NA":
        if sub == "phishing":
            return {"social": {"variety": ["Phishing"], "vector": ["Email"], "target": unknown}}
        return {"hacking": {"variety": ["DoS" if sub == "ddos" else "Unknown"], "vector": unknown}}
    if incident.incident_class in ("RO", "DE"):
        variety = "Malfunction" if incident.incident_class == "DE" else "Unknown"
        return {"error": {"variety": [variety], "vector": unknown}}
    if incident.incident_class == "FOC":
        return {"environmental": {"variety": unknown}}
    return {"unknown": {"notes": incident.get_incident_class_display()}}


def _veris_attribute(incident: Incident, now: datetime) -> dict[str, Any]:
    attribute: dict[str, Any] = {}
    outages = list(incident.outages.all())
    if outages or incident.sub_class in ("ransomware", "ddos"):
        variety = ["Obscuration"] if incident.sub_class == "ransomware" else ["Interruption"]
        availability: dict[str, Any] = {"variety": variety}
        if outages:
            hours = sum((_hours(o, now) for o in outages), Decimal(0))
            availability["duration"] = {"unit": "Hours", "value": round(float(hours), 2)}
        attribute["availability"] = availability
    if incident.personal_information_people:
        people = incident.personal_information_people
        attribute["confidentiality"] = {
            "data_disclosure": "Potentially",
            "data": [{"variety": "Personal", "amount": people}],
            "data_total": people,
        }
    if incident.sub_class in ("data_tampering",):
        attribute["integrity"] = {"variety": ["Modify data"]}
    return attribute or {"availability": {"variety": ["Unknown"]}}


def veris_record(incident: Incident, *, now: datetime) -> dict[str, Any]:
    """The case as a VERIS 1.3.x record (the fields the community schema requires, and what is known)."""
    occurred = incident.occurred_at
    discovery_hours = (incident.discovered_at - occurred).total_seconds() / 3600
    if incident.not_security_incident:
        security = "False positive"
    elif incident.suspicious_only:
        security = "Suspected"
    else:
        security = "Confirmed" if incident.stage not in ("reported", "responding") else "Suspected"
    systems = [incident.affected_system, *(o.system for o in incident.outages.all())]
    insured = incident.reporting_org
    record: dict[str, Any] = {
        "schema_version": VERIS_VERSION,
        "incident_id": _uuid(incident, "veris").split("--")[1],
        "source_id": "cyberins",
        "reference": incident.number,
        "security_incident": security,
        "confidence": "Medium",
        "summary": incident.summary,
        "discovery_method": {"unknown": True},
        "action": _veris_action(incident),
        "actor": {"unknown": {}},
        "asset": {
            "assets": [{"variety": "Unknown", "amount": len(dict.fromkeys(s for s in systems if s))}],
            "notes": "; ".join(dict.fromkeys(s for s in systems if s)),
        },
        "attribute": _veris_attribute(incident, now),
        "timeline": {
            "incident": {
                "year": occurred.year,
                "month": occurred.month,
                "day": occurred.day,
                "time": occurred.strftime("%H:%M:%S"),
            },
            "discovery": {"unit": "Hours", "value": round(discovery_hours, 2)},
        },
        "victim": {
            "victim_id": insured.name,
            "country": ["CN"],
            "region": ["142030"],  # VERIS region code: Asia / Eastern Asia
            "state": insured.province or "",
            "employee_count": "Unknown",
            "industry": NAICS.get(insured.industry, "00"),
        },
        "impact": {
            "overall_rating": VERIS_RATING.get(incident.grade, "Unknown"),
            "iso_currency_code": "CNY",
            "overall_amount": float(incident.direct_loss),
        },
        "plus": {
            "master_id": _uuid(incident, "veris").split("--")[1],
            "created": incident.reported_at.isoformat(),
            "modified": now.isoformat(),
            "gbt20986_class": incident.incident_class,
            "gbt20986_sub_class": incident.sub_class,
            "grade": incident.grade,
            "stage": incident.stage,
            "covered": incident.covered,
        },
    }
    return record


def veris_json(incident: Incident, *, now: datetime) -> str:
    return json.dumps(veris_record(incident, now=now), ensure_ascii=False, indent=2)


def veris_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(VERIS_SCHEMA_FILE.read_text(encoding="utf-8"))
    return loaded
