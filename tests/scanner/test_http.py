from __future__ import annotations

from datetime import UTC, datetime

from cyberins.scanner.http import PROBE_ORIGIN, check_http, observatory_score, parse_response

NOW = datetime(2025, 9, 1, tzinfo=UTC)


def checks_for(raw: str, https: bool = True) -> set[str]:
    response = parse_response(raw.replace("\n", "\r\n").encode())
    assert response is not None
    return {f.check for f in check_http(response, host="127.0.0.1", port=443, https=https, now=NOW)}


GOOD = """HTTP/1.1 200 OK
Content-Security-Policy: default-src 'self'; frame-ancestors 'none'
Strict-Transport-Security: max-age=63072000
X-Content-Type-Options: nosniff
Referrer-Policy: strict-origin-when-cross-origin

"""


def test_good_headers_pass() -> None:
    assert checks_for(GOOD) == set()


def test_csp_unsafe_inline_and_short_hsts_and_unsafe_referrer() -> None:
    raw = (
        GOOD.replace("default-src 'self';", "script-src 'self' 'unsafe-inline';")
        .replace("max-age=63072000", "max-age=300")
        .replace("strict-origin-when-cross-origin", "unsafe-url")
    )
    assert checks_for(raw) == {"http.csp.unsafe", "http.hsts.short", "http.referrer.unsafe"}


def test_csp_with_nonce_is_not_unsafe() -> None:
    raw = GOOD.replace("default-src 'self';", "script-src 'nonce-abc' 'unsafe-inline';")
    assert checks_for(raw) == set()


def test_missing_everything_on_plain_http() -> None:
    raw = "HTTP/1.0 200 OK\nServer: test\nSet-Cookie: PHPSESSID=1; path=/\nSet-Cookie: theme=dark\n\n"
    response = parse_response(raw.replace("\n", "\r\n").encode())
    assert response is not None
    findings = check_http(response, host="127.0.0.1", port=80, https=False, now=NOW)
    assert {f.check for f in findings} == {
        "http.redirect.missing",
        "http.csp.missing",
        "http.xfo.missing",
        "http.xcto.missing",
        "http.cookie.insecure",
        "http.cookie.no_httponly",
    }
    # only the session cookie is reported; the Observatory total is 100 −20 −25 −20 −5 −40 −30 → 0
    assert "theme" not in " ".join(f.evidence for f in findings)
    assert observatory_score(findings) == 0


def test_redirect_to_https_is_the_whole_answer_of_plain_http() -> None:
    assert checks_for("HTTP/1.1 301 Moved\nLocation: https://example.com/\n\n", https=False) == set()
    assert "http.redirect.missing" in checks_for(
        "HTTP/1.1 302 Found\nLocation: http://example.com/\n\n", https=False
    )


def test_cors_star_without_credentials_is_fine_but_reflection_with_credentials_is_not() -> None:
    assert checks_for(GOOD.replace("\n\n", "\nAccess-Control-Allow-Origin: *\n\n")) == set()
    reflected = f"\nAccess-Control-Allow-Origin: {PROBE_ORIGIN}\nAccess-Control-Allow-Credentials: true\n\n"
    assert checks_for(GOOD.replace("\n\n", reflected)) == {"http.cors.credentials"}


def test_not_http() -> None:
    assert parse_response(b"SSH-2.0-OpenSSH_7.4\r\n") is None
