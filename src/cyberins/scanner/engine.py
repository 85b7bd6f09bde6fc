"""The assessment engine: scope check, discovery, identification, checks, score — concurrently.

Entry point: :func:`run_assessment` (async) or :func:`assess` (sync wrapper).
"""

from __future__ import annotations

import asyncio
import enum
import socket
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cyberins.scanner import banners, email_dns, net, nmap
from cyberins.scanner.catalogue import make_finding
from cyberins.scanner.findings import Confidence, Finding, require_aware
from cyberins.scanner.http import check_http
from cyberins.scanner.os_infer import os_findings
from cyberins.scanner.scope import Refusal, Scope, Target, TargetError, TargetPolicy, parse_target
from cyberins.scanner.scoring import (
    PremiumModifier,
    ScoreResult,
    UnderwritingTrigger,
    premium_modifier,
    score_findings,
    underwriting_triggers,
)
from cyberins.scanner.services import check_exposure
from cyberins.scanner.software import Software
from cyberins.scanner.tls import check_tls
from cyberins.scanner.vulns import Knowledge, default_knowledge, software_findings
from cyberins.scanner.vulnstore import stale_sources
from cyberins.scanner.web_exposure import check_web_exposure

Resolver = Callable[[str], Awaitable[Sequence[str]]]

#: risky services plus web ports, swept on a host declared without ports
RISKY_PORTS: tuple[int, ...] = (
    21,
    22,
    23,
    80,
    389,
    443,
    445,
    1433,
    2375,
    2379,
    3306,
    3389,
    5432,
    5900,
    5984,
    6379,
    6443,
    8080,
    8443,
    9200,
    10250,
    11211,
    27017,
)


@dataclass(frozen=True)
class ScanOptions:
    #: seconds for one connection attempt or one probe reply
    timeout: float = 3.0
    #: seconds for everything on one service; past it the service is incomplete
    service_deadline: float = 50.0
    #: services probed at the same time
    concurrency: int = 32
    sweep_ports: tuple[int, ...] = RISKY_PORTS
    #: None: use nmap -sV when it is installed; False: built-in probes only
    use_nmap: bool | None = None
    #: extra trust anchors (PEM) for certificate validation, e.g. a private CA
    ca_file: str | None = None
    knowledge: Knowledge | None = None
    #: what may be scanned at all; None: the default policy (``CYBERINS_SCAN_ALLOW`` from the environment)
    policy: TargetPolicy | None = None
    #: host name → addresses (default: the system resolver); tests inject one
    resolver: Resolver | None = None
    #: resolver for the email/DNS security of declared names (``host:port`` or ``system``); None: skipped
    dns_server: str | None = None
    #: the read-only web exposure requests (.git, .env, backups, panels, edge devices) on web services
    web_exposure: bool = True


class TargetStatus(enum.Enum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"
    REFUSED = "refused"


@dataclass(frozen=True)
class ServiceResult:
    host: str
    port: int
    #: open / closed / filtered
    state: str
    service: str | None = None
    banner: str = ""
    software: tuple[str, ...] = ()
    complete: bool = True
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetResult:
    target: str
    status: TargetStatus
    reason: str = ""
    address: str | None = None
    services: tuple[ServiceResult, ...] = ()
    #: why the target policy refused it (status ``refused``), if it did
    refusal: Refusal | None = None


@dataclass(frozen=True)
class ProgressEvent:
    done: int
    total: int
    target: str
    status: str


ProgressCallback = Callable[[ProgressEvent], None]


@dataclass(frozen=True)
class AssessmentResult:
    started_at: datetime
    finished_at: datetime
    findings: tuple[Finding, ...]
    targets: tuple[TargetResult, ...]
    score: ScoreResult
    premium: PremiumModifier
    triggers: tuple[UnderwritingTrigger, ...]
    authorisation: str | None = None
    #: vulnerability data source → the date it is from, and the sources stale at the assessment time
    data_as_of: Mapping[str, str] = field(default_factory=dict)
    stale_data: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        # a declared name whose email/DNS check failed is incomplete too (its finding has no port)
        domains_done = not any(f.check == "scan.incomplete" and f.port is None for f in self.findings)
        return domains_done and all(t.status is TargetStatus.COMPLETE for t in self.targets)

    @property
    def grade(self) -> str:
        return self.score.grade

    def to_dict(self, language: str = "en") -> dict[str, Any]:
        return {
            "findings": [f.to_dict(language) for f in self.findings],
            "score": self.score.score,
            "grade": self.score.grade,
            "complete": self.complete,
            "caps": list(self.score.cap_reasons),
            "premium_modifier": str(self.premium.factor),
            "premium_modifier_uncalibrated": self.premium.uncalibrated,
            "triggers": [
                {
                    "code": t.code,
                    "action": t.action.value,
                    "reason": t.reason.for_language(language),
                    "targets": list(t.targets),
                }
                for t in self.triggers
            ],
            "targets": [
                {
                    "target": t.target,
                    "status": t.status.value,
                    "reason": t.reason,
                    "services": [
                        {
                            "port": s.port,
                            "state": s.state,
                            "service": s.service,
                            "software": list(s.software),
                            "complete": s.complete,
                            "notes": list(s.notes),
                        }
                        for s in t.services
                    ],
                }
                for t in self.targets
            ],
            "vulnerability_data": {"as_of": dict(self.data_as_of), "stale": list(self.stale_data)},
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat(),
        }


@dataclass
class _Run:
    scope: Scope
    policy: TargetPolicy
    now: datetime
    options: ScanOptions
    knowledge: Knowledge
    progress: ProgressCallback | None
    semaphore: asyncio.Semaphore
    total: int = 0
    done: int = 0
    findings: list[Finding] = field(default_factory=list)

    def report(self, target: str, status: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(ProgressEvent(self.done, max(self.total, self.done), target, status))


async def system_resolver(host: str) -> list[str]:
    """Every address the system resolver gives for ``host`` (in its order, without repeats)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def _port_state(ip: str, port: int, timeout: float) -> str:
    try:
        _, writer = await net.connect(ip, port, timeout)
    except net.Unreachable as exc:
        return "closed" if exc.refused else "filtered"
    except OSError:
        return "closed"
    await net.close(writer)
    return "open"


async def _check_service(
    run: _Run, ip: str, target: Target, port: int, nmap_info: nmap.NmapService | None
) -> tuple[ServiceResult, list[Finding]]:
    host, now, timeout = target.host, run.now, run.options.timeout
    hint = target.service if target.port == port else None
    if hint is None and nmap_info is not None and nmap_info.name:
        hint = {"ms-wbt-server": "rdp", "microsoft-ds": "smb", "ssl/http": "https"}.get(
            nmap_info.name, nmap_info.name
        )
    options = banners.ProbeOptions(
        timeout=timeout, hostname=host, path=target.path if target.port == port else "/"
    )
    info, note = await banners.identify(ip, port, hint, options)
    if info is None:
        return ServiceResult(host, port, "open", None, complete=False, notes=(note,)), []
    findings, incomplete = await check_exposure(info, ip=ip, host=host, port=port, now=now, timeout=timeout)
    software: list[Software] = list(info.software)  # the exposure probes may have added versions
    if nmap_info is not None:
        software += [s for s in nmap_info.software if s.cpe not in {x.cpe for x in software}]
    if info.tls:
        tls_findings, tls_incomplete = await check_tls(
            ip, port, host=host, now=now, timeout=timeout, ca_file=run.options.ca_file
        )
        findings += tls_findings
        incomplete += tls_incomplete
    if info.http is not None:
        findings += check_http(info.http, host=host, port=port, https=info.tls, now=now)
        if run.options.web_exposure:
            exposed, edge_software = await check_web_exposure(
                ip, port, host=host, tls=info.tls, root=info.http, now=now, timeout=timeout
            )
            findings += exposed
            software += edge_software
    for item in software:
        findings += software_findings(item, host=host, port=port, now=now, knowledge=run.knowledge)
    findings += os_findings(software, host=host, port=port, now=now, eol=run.knowledge.eol)
    result = ServiceResult(
        host,
        port,
        "open",
        info.name,
        info.banner,
        tuple(str(s) for s in software),
        complete=not incomplete,
        notes=(note, *incomplete),
    )
    return result, findings


async def _service_task(
    run: _Run, ip: str, target: Target, port: int, nmap_info: nmap.NmapService | None
) -> tuple[ServiceResult, list[Finding]]:
    async with run.semaphore:
        try:
            service, findings = await asyncio.wait_for(
                _check_service(run, ip, target, port, nmap_info), run.options.service_deadline
            )
        except TimeoutError:
            service, findings = (
                ServiceResult(target.host, port, "open", complete=False, notes=("deadline",)),
                [],
            )
        except Exception as exc:  # a probe bug must surface as incomplete, never as a pass
            note = f"error: {type(exc).__name__}: {exc}"
            service, findings = ServiceResult(target.host, port, "open", complete=False, notes=(note,)), []
    if not service.complete:
        findings.append(
            make_finding(
                "scan.incomplete",
                host=target.host,
                port=port,
                evidence="; ".join(service.notes),
                now=run.now,
                confidence=Confidence.CONFIRMED,
            )
        )
    run.report(target.label(port), "complete" if service.complete else "incomplete")
    return service, findings


async def _assess_target(run: _Run, target: Target) -> TargetResult:
    label = str(target)
    if not target.is_ip and (refusal := run.policy.check_name(target.host)):
        run.report(label, "refused")
        return TargetResult(label, TargetStatus.REFUSED, str(refusal), refusal=refusal)
    try:
        resolve = run.options.resolver or system_resolver
        addresses = [target.host] if target.is_ip else list(await resolve(target.host))
        if not addresses:
            raise OSError("no address")
    except OSError as exc:
        run.report(label, "incomplete")
        return TargetResult(label, TargetStatus.INCOMPLETE, f"could not resolve: {exc}")
    # The scan connects to addresses[0] and nothing else: the address checked here is the one
    # every probe uses (a second lookup could answer differently: DNS rebinding).
    ip = addresses[0]
    if target.port is not None:
        ports = [target.port]
    else:
        candidates = set(run.scope.declared_ports(target.host))
        if run.scope.host_fully_authorised(target.host):
            candidates |= set(run.options.sweep_ports)
        ports = sorted(p for p in candidates if run.scope.permits(target.host, p))
    if not ports:
        run.report(label, "complete")
        return TargetResult(label, TargetStatus.COMPLETE, "no authorised ports to probe", ip)
    # Every resolved address is checked, on every port: one refused address refuses the port.
    refusals = {
        p: next(filter(None, (run.policy.check_address(a, p) for a in addresses)), None) for p in ports
    }
    if all(refusals.values()):
        run.report(label, "refused")
        first = refusals[ports[0]]
        return TargetResult(label, TargetStatus.REFUSED, str(first), ip, refusal=first)
    refused_ports = [
        ServiceResult(target.host, p, "refused", notes=(str(r),)) for p, r in refusals.items() if r
    ]
    ports = [p for p in ports if refusals[p] is None]
    run.total += len(ports) - 1

    async def state(port: int) -> str:
        async with run.semaphore:
            return await _port_state(ip, port, run.options.timeout)

    states = dict(zip(ports, await asyncio.gather(*(state(p) for p in ports)), strict=True))
    open_ports = [p for p, s in states.items() if s == "open"]
    use_nmap = run.options.use_nmap if run.options.use_nmap is not None else nmap.available()
    nmap_services = await nmap.fingerprint(ip, open_ports, run.options.service_deadline) if use_nmap else {}
    services: list[ServiceResult] = list(refused_ports)
    for port, port_state in states.items():
        if port_state == "open":
            continue
        # an explicitly named port that does not answer is unknown, not safe
        complete = port_state == "closed" or target.port is None
        services.append(ServiceResult(target.host, port, port_state, complete=complete, notes=(port_state,)))
        if not complete:
            evidence = f"TCP {port} {port_state}"
            run.findings.append(
                make_finding("scan.incomplete", host=target.host, port=port, evidence=evidence, now=run.now)
            )
        run.report(target.label(port), "complete" if complete else "incomplete")
    results = await asyncio.gather(
        *(_service_task(run, ip, target, p, nmap_services.get(p)) for p in open_ports)
    )
    for service, findings in results:
        services.append(service)
        run.findings.extend(findings)
    services.sort(key=lambda s: s.port)
    complete = all(s.complete for s in services)
    status = TargetStatus.COMPLETE if complete else TargetStatus.INCOMPLETE
    reason = (
        "" if complete else "; ".join(f"{s.port}: {', '.join(s.notes)}" for s in services if not s.complete)
    )
    return TargetResult(label, status, reason, ip, tuple(services))


async def run_assessment(
    scope: Scope,
    targets: Sequence[Target | str],
    *,
    now: datetime | None = None,
    options: ScanOptions | None = None,
    progress: ProgressCallback | None = None,
) -> AssessmentResult:
    """Assess ``targets`` within ``scope``; out-of-scope targets are refused before any lookup or packet.

    A target the policy refuses (``options.policy``: loopback, private, metadata, ... unless
    admitted) is refused after its name is resolved and before any packet reaches it.

    ``now`` (timezone-aware) fixes certificate expiry, end-of-life status and remediation due
    dates; it defaults to the current UTC time. ``progress`` is called after each service.
    """
    started = datetime.now(UTC)
    now = require_aware(now, "now") if now is not None else started
    options = options or ScanOptions()
    policy = options.policy if options.policy is not None else TargetPolicy.from_environment()
    run = _Run(
        scope,
        policy,
        now,
        options,
        options.knowledge or default_knowledge(),
        progress,
        asyncio.Semaphore(options.concurrency),
    )
    allowed: list[Target] = []
    refused: list[TargetResult] = []
    seen: set[tuple[str, int | None]] = set()
    for item in targets:
        try:
            target = item if isinstance(item, Target) else parse_target(item)
        except TargetError as exc:
            refused.append(TargetResult(str(item), TargetStatus.REFUSED, f"invalid target: {exc}"))
            continue
        if not scope.permits(target.host, target.port):
            refused.append(TargetResult(str(target), TargetStatus.REFUSED, "not in the authorised scope"))
            continue
        if (target.host, target.port) not in seen:
            seen.add((target.host, target.port))
            allowed.append(target)
    run.total = len(allowed) + len(refused)
    for result in refused:
        run.report(result.target, "refused")
    names = sorted({t.host for t in allowed if not t.is_ip and policy.check_name(t.host) is None})
    assessed, domain_findings = await asyncio.gather(
        asyncio.gather(*(_assess_target(run, t) for t in allowed)),
        email_dns.check_domains(names, options.dns_server, now=now, timeout=options.timeout),
    )
    run.findings.extend(domain_findings)
    findings = sorted(run.findings, key=lambda f: (-f.severity.rank, f.target, f.check))
    return AssessmentResult(
        started_at=started,
        finished_at=datetime.now(UTC),
        findings=tuple(findings),
        targets=(*assessed, *refused),
        score=score_findings(findings),
        premium=premium_modifier(findings),
        triggers=underwriting_triggers(findings),
        authorisation=scope.authorisation,
        data_as_of=run.knowledge.as_of,
        stale_data=tuple(stale_sources(run.knowledge.as_of, now)) if run.knowledge.as_of else (),
    )


def assess(
    scope: Scope,
    targets: Iterable[Target | str],
    *,
    now: datetime | None = None,
    options: ScanOptions | None = None,
    progress: ProgressCallback | None = None,
) -> AssessmentResult:
    """Synchronous wrapper around :func:`run_assessment` (for CLIs and task workers)."""
    return asyncio.run(run_assessment(scope, list(targets), now=now, options=options, progress=progress))
