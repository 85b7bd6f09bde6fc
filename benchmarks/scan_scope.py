"""Reliability: every refused class of scan target, run through the real engine; then the demo lab.

Run with ``uv run python benchmarks/scan_scope.py``. For each class the samples (IP literals,
IPv6 forms embedding a refused IPv4 address, and host names whose lookup answers with a refused
address) are scanned with the default policy; the script counts the connection attempts the
engine makes (``cyberins.scanner.net.connect``: every probe goes through it) and the lookups of
names refused by name. Nothing here sends a packet anywhere: refused targets are never contacted,
and the only services contacted are the demo lab's, on 127.0.0.1, admitted for that run only.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from cyberins.healthchecks.lab import Lab
from cyberins.scanner import ScanOptions, Scope, TargetPolicy, TargetStatus, assess, net

#: class → samples; "name=address" is a host name the (injected) resolver answers with address
SAMPLES: dict[str, Sequence[str]] = {
    "loopback": ["127.0.0.1", "127.8.9.10:80", "[::1]:443", "[::ffff:127.0.0.1]:80", "localhost",
                 "www.attacker.cn=127.0.0.1"],
    "private": ["10.0.0.1", "172.16.0.1:443", "192.168.1.1", "[fd00::1]:80", "[fc00::1]:22",
                "[2002:a00:1::1]:80", "intranet.attacker.cn=192.168.0.10"],
    "shared": ["100.64.0.1", "100.127.255.254:443", "[64:ff9b::6440:1]:80"],
    "link_local": ["169.254.1.1", "[fe80::1]:22"],
    "metadata": ["169.254.169.254", "[::ffff:169.254.169.254]:80", "[64:ff9b::a9fe:a9fe]:80",
                 "100.100.100.200", "[fd00:ec2::254]:80", "metadata.google.internal", "metadata",
                 "instance-data", "metadata.tencentyun.com", "rebind.attacker.cn=169.254.169.254"],
    "multicast": ["224.0.0.1", "239.255.255.250:1900", "[ff02::1]:80"],
    "reserved": ["0.0.0.0", "240.0.0.1", "255.255.255.255", "192.0.0.8", "[::]:80", "[100::1]:80"],
    "documentation": ["192.0.2.1", "198.51.100.20", "203.0.113.10", "[2001:db8::1]:443",
                      "portal.shipping.example"],
    "benchmarking": ["198.18.0.1", "198.19.255.254:443", "[2001:2::1]:80"],
    "internal_name": ["db.corp.internal", "printer.local", "nas.home.arpa", "intranet"],
    "platform": ["cyberins.example.cn", "admin.cyberins.example.cn"],
}  # fmt: skip
POLICY = TargetPolicy.from_settings("", ["cyberins.example.cn", ".cyberins.example.cn"])


def _refused_class(sample: str) -> tuple[bool, str, int, int]:
    """(refused?, class, connection attempts, lookups) of one sample under the default policy."""
    target, _, answer = sample.partition("=")
    attempts = lookups = 0
    real_connect = net.connect

    async def counting_connect(*args: Any, **kwargs: Any) -> Any:
        nonlocal attempts
        attempts += 1
        return await real_connect(*args, **kwargs)

    async def resolver(host: str) -> list[str]:
        nonlocal lookups
        lookups += 1
        return [answer] if answer else ["8.8.8.8"]

    net.connect = counting_connect  # type: ignore[assignment]
    try:
        options = ScanOptions(timeout=0.5, use_nmap=False, policy=POLICY, resolver=resolver)
        result = assess(Scope.from_declared([target]), [target], options=options)
    finally:
        net.connect = real_connect  # type: ignore[assignment]
    (outcome,) = result.targets
    category = outcome.refusal.category if outcome.refusal else ""
    return outcome.status is TargetStatus.REFUSED, category, attempts, lookups


def refused_classes() -> None:
    print("| refused class | samples | refused | connection attempts | lookups of names refused by name |")
    print("|---|---|---|---|---|")
    for category, samples in SAMPLES.items():
        outcomes = [_refused_class(s) for s in samples]
        wrong = [s for s, o in zip(samples, outcomes, strict=True) if not o[0] or o[1] != category]
        pairs = zip(samples, outcomes, strict=True)
        by_name = [o[3] for s, o in pairs if "=" not in s and not s[0].isdigit()]
        print(
            f"| {category} | {', '.join(f'`{s}`' for s in samples)} | "
            f"{sum(o[0] for o in outcomes)}/{len(samples)}{' WRONG: ' + ', '.join(wrong) if wrong else ''} | "
            f"{sum(o[2] for o in outcomes)} | {sum(by_name)} |"
        )


def demo_lab() -> None:
    with Lab(dict.fromkeys(("outdated_web", "redis", "expired_tls", "hardened_site"), 0)) as lab:
        policy = TargetPolicy.from_settings(lab.allow_list())
        options = ScanOptions(use_nmap=False, policy=policy, ca_file=str(lab.ca_file))
        print("\n| lab service | grade | findings | seconds |")
        print("|---|---|---|---|")
        for name, scheme in (("outdated_web", "http"), ("redis", ""), ("expired_tls", "https"),
                             ("hardened_site", "https")):  # fmt: skip
            target = f"{scheme}://{lab.address(name)}/" if scheme else lab.address(name)
            started = time.perf_counter()
            result = assess(Scope.from_declared([target]), [target], options=options)
            elapsed = time.perf_counter() - started
            checks = ", ".join(sorted({f.check for f in result.findings})) or "none"
            print(f"| {name} | {result.grade} | {checks} | {elapsed:.1f} |")
        other = f"127.0.0.1:{max(lab.ports.values()) + 1}"
        refused = assess(Scope.from_declared([other]), [other], options=options).targets[0]
        print(f"\nanother loopback port under the demo's allow list: {other} → {refused.status.value}")


if __name__ == "__main__":
    refused_classes()
    demo_lab()
