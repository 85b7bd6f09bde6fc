"""``cyberins providers list [--region NAME] [--service CODE] [--json]``: the designated provider network,
one row per provider (name, credit code, regions, services, certifications with expiry, capacity,
performance)."""

from __future__ import annotations

import argparse
import json
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    listing = sub.add_parser("list", help="list the providers")
    listing.add_argument("--region", default="", help="province or city name, e.g. 上海, 广东, 深圳, Chengdu")
    listing.add_argument("--service", default="", help="service code, e.g. emergency_response")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")


def rows(region: str = "", service: str = "") -> list[dict[str, Any]]:
    from django.utils import timezone

    from cyberins.network import CITIES, PROVINCES, find_region
    from cyberins.providers.matching import network
    from cyberins.providers.performance import performance

    province_code, city_code = find_region(region, region) if region else ("", "")
    if region and not province_code:
        raise SystemExit(f"unknown region: {region}")
    now = timezone.now()
    from cyberins.providers.models import ServiceItem

    # A remote provider serves every region, for services that may be delivered remotely.
    remote_counts = not service or ServiceItem.objects.filter(code=service, remote_allowed=True).exists()
    out = []
    for p in network().select_related("organisation").prefetch_related("offers", "engagements"):
        services = [s.code for s in p.services.all()]
        regions = list(p.regions.all())
        if service and service not in services:
            continue
        if region and not (
            (p.remote and remote_counts)
            or any(
                r.province == province_code and (not r.city or not city_code or r.city == city_code)
                for r in regions
            )
        ):
            continue
        record = performance(p, now=now)
        out.append(
            {
                "name": p.legal_name,
                "credit_code": p.credit_code,
                "regions": [CITIES[r.city].name if r.city else PROVINCES[r.province].name for r in regions]
                + (["全国远程"] if p.remote else []),
                "services": services,
                "certifications": [
                    {
                        "name": f"{c.issuer} {c.name} {c.level}".strip(),
                        "valid_until": c.valid_until.isoformat() if c.valid_until else None,
                        "expired": bool(c.valid_until and c.valid_until < now.date()),
                    }
                    for c in p.certifications.all()
                ],
                "capacity": p.capacity,
                "load": getattr(p, "load", 0),
                "performance": {
                    "offers": record.offers,
                    "accepted": record.accepted,
                    "completed": record.completed,
                    "on_time": record.on_time,
                    "sla_breaches": record.sla_breaches,
                    "satisfaction": str(record.satisfaction) if record.satisfaction is not None else None,
                },
            }
        )
    return out


def run(args: argparse.Namespace) -> int:
    from cyberins.conf.commands._django import setup_django

    setup_django()
    found = rows(args.region, args.service)
    if args.json:
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    for r in found:
        certs = "; ".join(
            f"{c['name']} →{c['valid_until'] or '∞'}{' (expired)' if c['expired'] else ''}"
            for c in r["certifications"]
        )
        perf = r["performance"]
        print(
            f"{r['name']}\t{r['credit_code']}\t{'、'.join(r['regions'])}\t{','.join(r['services'])}\t"
            f"{certs}\tcapacity {r['load']}/{r['capacity']}\t"
            f"accepted {perf['accepted']}/{perf['offers']} on-time {perf['on_time']}/{perf['completed']} "
            f"satisfaction {perf['satisfaction'] or '—'}"
        )
    print(f"{len(found)} providers")
    return 0
