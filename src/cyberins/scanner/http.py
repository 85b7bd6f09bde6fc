"""HTTP security headers, cookies, CORS and redirection, scored like the Mozilla HTTP Observatory.

One ``GET`` per service (with an ``Origin`` header to test CORS) feeds every check here; the
modifiers each check carries are the ones the Observatory publishes
(https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from cyberins.scanner.catalogue import CHECKS, make_finding
from cyberins.scanner.findings import Finding

PROBE_ORIGIN = "https://cyberins-cors-probe.invalid"
USER_AGENT = "cyberins-healthcheck/1.0 (+read-only security assessment)"
SIX_MONTHS = 15768000
_SESSION_COOKIE = re.compile(r"sess|sid|login|auth|token", re.IGNORECASE)


@dataclass(frozen=True)
class HttpResponse:
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""

    def header(self, name: str) -> str | None:
        values = self.header_all(name)
        return values[0] if values else None

    def header_all(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]


def build_request(host: str, port: int, path: str = "/", *, default_port: int = 80) -> bytes:
    host_header = host if port == default_port else f"{host}:{port}"
    if ":" in host and not host.startswith("["):
        host_header = f"[{host}]" if port == default_port else f"[{host}]:{port}"
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host_header}",
        f"User-Agent: {USER_AGENT}",
        f"Origin: {PROBE_ORIGIN}",
        "Accept: */*",
        "Connection: close",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii", "replace")


def parse_response(data: bytes) -> HttpResponse | None:
    """Parse a raw HTTP/1.x response (headers and whatever body arrived); ``None`` if not HTTP."""
    if not data.startswith(b"HTTP/"):
        return None
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("iso-8859-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return None
    headers = []
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers.append((name.strip(), value.strip()))
    return HttpResponse(int(parts[1]), parts[2] if len(parts) > 2 else "", tuple(headers), body)


@dataclass(frozen=True)
class Cookie:
    name: str
    attributes: frozenset[str]

    @property
    def secure(self) -> bool:
        return "secure" in self.attributes

    @property
    def httponly(self) -> bool:
        return "httponly" in self.attributes

    @property
    def session(self) -> bool:
        return bool(_SESSION_COOKIE.search(self.name))


def parse_cookie(header: str) -> Cookie:
    first, *attrs = header.split(";")
    names = frozenset(a.split("=", 1)[0].strip().lower() for a in attrs if a.strip())
    return Cookie(first.split("=", 1)[0].strip(), names)


def _csp_directives(value: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in value.split(";"):
        tokens = part.strip().split()
        if tokens:
            directives.setdefault(tokens[0].lower(), [t.lower() for t in tokens[1:]])
    return directives


def _csp_problems(csp: dict[str, list[str]]) -> list[str]:
    sources = csp.get("script-src", csp.get("default-src"))
    if sources is None:
        return ["no script-src/default-src"]
    problems = []
    nonce_or_hash = any(s.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")) for s in sources)
    if "'unsafe-inline'" in sources and not nonce_or_hash and "'strict-dynamic'" not in sources:
        problems.append("'unsafe-inline'")
    if "'unsafe-eval'" in sources:
        problems.append("'unsafe-eval'")
    return problems


def check_http(
    response: HttpResponse,
    *,
    host: str,
    port: int,
    https: bool,
    now: datetime,
) -> list[Finding]:
    """Findings for one HTTP(S) response."""
    findings: list[Finding] = []

    def add(check: str, evidence: str) -> None:
        modifier = CHECKS[check].observatory
        note = f" [Observatory {modifier:+d}]" if modifier is not None else ""
        findings.append(make_finding(check, host=host, port=port, evidence=evidence + note, now=now))

    location = response.header("location") or ""
    if not https:
        if response.status in (301, 302, 303, 307, 308) and location.lower().startswith("https://"):
            return findings  # a redirect response carries no page; the HTTPS side is its own target
        add(
            "http.redirect.missing",
            f"HTTP {response.status}" + (f", Location: {location}" if location else ""),
        )

    csp_value = response.header("content-security-policy")
    csp = _csp_directives(csp_value) if csp_value else {}
    if not csp_value:
        add("http.csp.missing", "no Content-Security-Policy header")
    elif problems := _csp_problems(csp):
        add("http.csp.unsafe", f"Content-Security-Policy: {csp_value} ({', '.join(problems)})")

    if https:
        hsts = response.header("strict-transport-security")
        if hsts is None:
            add("http.hsts.missing", "no Strict-Transport-Security header")
        else:
            match = re.search(r"max-age\s*=\s*\"?(\d+)", hsts, re.IGNORECASE)
            if match is None or int(match.group(1)) < SIX_MONTHS:
                add("http.hsts.short", f"Strict-Transport-Security: {hsts}")

    xfo = (response.header("x-frame-options") or "").strip().upper()
    if xfo not in ("DENY", "SAMEORIGIN") and "frame-ancestors" not in csp:
        add("http.xfo.missing", f"X-Frame-Options: {xfo or '(absent)'}, no CSP frame-ancestors")

    if (response.header("x-content-type-options") or "").strip().lower() != "nosniff":
        add("http.xcto.missing", "X-Content-Type-Options is not nosniff")

    referrer = response.header("referrer-policy")
    if referrer:
        policy = [p.strip().lower() for p in referrer.split(",") if p.strip()]
        if policy and policy[-1] in ("unsafe-url", "no-referrer-when-downgrade"):
            add("http.referrer.unsafe", f"Referrer-Policy: {referrer}")

    cookies = [parse_cookie(v) for v in response.header_all("set-cookie")]
    session = [c for c in cookies if c.session]
    if insecure := [c.name for c in session if not c.secure]:
        add("http.cookie.insecure", "session cookie(s) without Secure: " + ", ".join(insecure))
    if script_readable := [c.name for c in session if not c.httponly]:
        add("http.cookie.no_httponly", "session cookie(s) without HttpOnly: " + ", ".join(script_readable))

    acao = (response.header("access-control-allow-origin") or "").strip()
    acac = (response.header("access-control-allow-credentials") or "").strip().lower()
    if acao == PROBE_ORIGIN and acac == "true":
        add(
            "http.cors.credentials",
            f"Origin {PROBE_ORIGIN} reflected in Access-Control-Allow-Origin with "
            "Access-Control-Allow-Credentials: true",
        )
    return findings


def observatory_score(findings: list[Finding]) -> int:
    """The Observatory-style score (100 plus modifiers, floor 0) of one service's HTTP findings."""
    total = 100 + sum(CHECKS[f.check].observatory or 0 for f in findings if f.check.startswith("http."))
    return max(0, total)
