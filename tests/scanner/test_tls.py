from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from cyberins.scanner.tls import TlsReport, analyse, matches_hostname

from .conftest import NOW, Pki, issue


def checks(report: TlsReport, host: str = "127.0.0.1", ca_file: Path | None = None) -> set[str]:
    found = analyse(report, host=host, port=443, now=NOW, ca_file=str(ca_file) if ca_file else None)
    return {f.check for f in found}


def test_weak_rsa_key_self_signed_wrong_name_expiring_soon() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "other.example")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(NOW - timedelta(days=300))
        .not_valid_after(NOW + timedelta(days=10))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("other.example")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    report = TlsReport(accepted={"TLS 1.2": ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]}, chain=[cert])
    assert checks(report, host="shop.example.com") == {
        "tls.cert.self_signed",
        "tls.cert.hostname_mismatch",
        "tls.cert.weak_key",
        "tls.cert.expiring",
    }


def test_chain_from_a_private_ca_is_untrusted_unless_the_ca_is_given(pki: Pki) -> None:
    ca = x509.load_pem_x509_certificate(pki.ca.read_bytes())
    leaf = x509.load_pem_x509_certificate(pki.leaf[0].read_bytes())
    report = TlsReport(accepted={"TLS 1.3": ["TLS_AES_128_GCM_SHA256"]}, chain=[leaf, ca])
    assert checks(report) == {"tls.cert.untrusted"}
    assert checks(report, ca_file=pki.ca) == set()


def test_protocols_and_cipher_classes() -> None:
    report = TlsReport(
        accepted={
            "SSL 3.0": ["TLS_RSA_WITH_RC4_128_SHA"],
            "TLS 1.1": ["TLS_RSA_WITH_3DES_EDE_CBC_SHA"],
            "TLS 1.2": ["TLS_DH_anon_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"],
        }
    )
    assert checks(report) == {
        "tls.protocol.ssl",
        "tls.protocol.legacy",
        "tls.cipher.anonymous",
        "tls.cipher.weak",
    }


def test_wildcard_and_ip_names() -> None:
    cert, _ = issue(
        "x",
        not_before=NOW - timedelta(days=1),
        not_after=NOW + timedelta(days=90),
        sans=(x509.DNSName("*.example.com"),),
    )
    assert matches_hostname(cert, "www.example.com")
    assert not matches_hostname(cert, "a.b.example.com")
    assert not matches_hostname(cert, "example.com")
    assert not matches_hostname(cert, "127.0.0.1")
