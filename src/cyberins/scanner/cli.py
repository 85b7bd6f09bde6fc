"""``cyberins scan TARGET [TARGET...]``: operator command; the targets given are the scope.

Exit status: 0 when every target was assessed completely, 1 when a target was refused or
incomplete, 2 when a target cannot be parsed.

The platform's target policy applies (loopback, private, link-local, metadata, ... are refused;
``CYBERINS_SCAN_ALLOW`` admits networks) unless ``--allow-private`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from datetime import datetime
from typing import TextIO

from cyberins.scanner.email_dns import DnsServer
from cyberins.scanner.engine import AssessmentResult, ProgressEvent, ScanOptions, TargetStatus, assess
from cyberins.scanner.scope import Scope, TargetError, TargetPolicy, parse_target
from cyberins.scanner.vulnstore import default_store_dir, load_knowledge


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "targets", nargs="+", metavar="TARGET", help="host, host:port or URL (also the scope)"
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--timeout", type=float, default=3.0, help="seconds per connection or probe (default 3)"
    )
    parser.add_argument(
        "--no-nmap", action="store_true", help="use the built-in probes even if nmap is installed"
    )
    parser.add_argument("--ca-file", help="extra trusted CA certificates (PEM)")
    parser.add_argument(
        "--allow-private",
        action="store_true",
        help="also scan loopback, private, link-local and other non-public addresses "
        "(default: refused unless CYBERINS_SCAN_ALLOW admits them)",
    )
    parser.add_argument(
        "--dns-server",
        default=os.environ.get("CYBERINS_SCAN_DNS_SERVER", ""),
        metavar="ADDRESS[:PORT]|system",
        help="resolver for the email and DNS security checks of host names "
        "(default: CYBERINS_SCAN_DNS_SERVER; empty: those checks are skipped)",
    )
    parser.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en"], help="language of titles")
    parser.add_argument("--now", help="assessment time, ISO 8601 with offset (default: now)")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(text: str, width: int) -> str:
    out = ""
    for ch in text:
        if _width(out + ch) > width:
            return out[: max(0, len(out) - 1)] + "…" + " " * (width - _width(out[: max(0, len(out) - 1)]) - 1)
        out += ch
    return out + " " * (width - _width(out))


class _ProgressBar:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __call__(self, event: ProgressEvent) -> None:
        filled = int(30 * event.done / max(event.total, 1))
        bar = "#" * filled + "." * (30 - filled)
        line = f"\r[{bar}] {event.done}/{event.total} {event.target} {event.status}"
        self.stream.write(line[:100].ljust(100))
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\r" + " " * 100 + "\r")
        self.stream.flush()


def render_table(result: AssessmentResult, language: str) -> str:
    columns = (
        ("severity", 9),
        ("target", 22),
        ("check", 26),
        ("title", 40),
        ("CVE", 16),
        ("KEV", 4),
        ("conf.", 12),
    )
    lines = ["  ".join(_cell(name, w) for name, w in columns)]
    lines.append("  ".join("-" * w for _, w in columns))
    for f in result.findings:
        cves = f.cves[0] + (f" +{len(f.cves) - 1}" if len(f.cves) > 1 else "") if f.cves else ""
        title = f.title.for_language(language)
        values = (f.severity.value, f.target, f.check, title, cves, "yes" if f.kev else "",
                  f.confidence.value)  # fmt: skip
        lines.append("  ".join(_cell(v, w) for v, (_, w) in zip(values, columns, strict=True)).rstrip())
    if not result.findings:
        lines.append("(no findings)")
    lines.append("")
    for t in result.targets:
        lines.append(f"{t.target}: {t.status.value}" + (f" ({t.reason})" if t.reason else ""))
        for s in t.services:
            if s.state == "open" or t.status is not TargetStatus.COMPLETE:
                soft = f" [{', '.join(s.software)}]" if s.software else ""
                lines.append(
                    f"  {s.port}/tcp {s.state} {s.service or '?'}{soft}{'' if s.complete else ' INCOMPLETE'}"
                )
    score = result.score
    cap = f", capped at {score.cap}" if score.cap is not None else ""
    lines.append("")
    lines.append(f"Score {score.score}/100  Grade {score.grade}{cap}")
    lines.append(f"Premium modifier ×{result.premium.factor} (uncalibrated default)")
    for trigger in result.triggers:
        lines.append(
            f"Underwriting: {trigger.action.value.upper()} — {trigger.reason.for_language(language)}"
        )
    lines.append(data_as_of_line(result))
    if result.stale_data:
        lines.append(
            f"WARNING: stale vulnerability data ({', '.join(result.stale_data)}): "
            "run `cyberins vulndb update` with current files"
        )
    return "\n".join(lines)


def data_as_of_line(result: AssessmentResult) -> str:
    names = {"nvd": "NVD", "kev": "CISA KEV", "epss": "EPSS", "endoflife": "endoflife.date"}
    parts = [f"{names.get(k, k)} {result.data_as_of.get(k, 'date unknown')}" for k in names if k != "epss"]
    if "epss" in result.data_as_of:
        parts.append(f"EPSS {result.data_as_of['epss']}")
    return "Vulnerability data as of: " + ", ".join(parts)


def run(args: argparse.Namespace) -> int:
    try:
        targets = [parse_target(t) for t in args.targets]
    except TargetError as exc:
        print(f"cyberins scan: {exc}", file=sys.stderr)
        return 2
    now = None
    if args.now:
        now = datetime.fromisoformat(args.now)
        if now.tzinfo is None:
            print("cyberins scan: --now needs a UTC offset", file=sys.stderr)
            return 2
    try:
        policy = TargetPolicy.permissive() if args.allow_private else TargetPolicy.from_environment()
    except TargetError as exc:
        print(f"cyberins scan: {exc}", file=sys.stderr)
        return 2
    try:
        if args.dns_server:
            DnsServer.parse(args.dns_server)
    except ValueError as exc:
        print(f"cyberins scan: --dns-server: {exc}", file=sys.stderr)
        return 2
    options = ScanOptions(
        timeout=args.timeout,
        use_nmap=False if args.no_nmap else None,
        ca_file=args.ca_file,
        policy=policy,
        dns_server=args.dns_server or None,
        knowledge=load_knowledge(default_store_dir()),  # the store the platform reads too
    )
    scope = Scope.from_declared(args.targets, authorisation="cli: targets given on the command line")
    bar = None if args.json else _ProgressBar(sys.stderr)
    result = assess(scope, targets, now=now, options=options, progress=bar)
    if bar is not None:
        bar.finish()
    if args.json:
        json.dump(result.to_dict(args.lang), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(render_table(result, args.lang))
    return 0 if result.complete else 1
