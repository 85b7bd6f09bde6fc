"""Catalogue entries for email and DNS security of a declared domain (see :mod:`.email_dns`).

Spoofed mail from an insured's own domain is the usual start of business-email-compromise and
payment-fraud claims, so a mail domain without SPF or an enforcing DMARC policy loses points;
DNSSEC and CAA are hygiene (low). None of these caps the score: they are not an open door into
the network, and the cap rules in ``docs/healthcheck.md`` are about open doors.
"""

from __future__ import annotations

from cyberins.scanner.check_types import Check, define
from cyberins.scanner.findings import Severity

_EMAIL = ("email_security",)
_DNS = ("dns_security",)

EMAIL_DNS_CHECKS: tuple[Check, ...] = (
    define(
        "email.spf.missing",
        "域名未发布 SPF 记录",
        "The domain publishes no SPF record",
        "发布一条 SPF 记录，列出代表本域名发信的服务器并以 -all 或 ~all 结尾；不发邮件的域名发布 "
        '"v=spf1 -all"。',
        "Publish one SPF record listing the servers that send mail for the domain, ending in -all or "
        '~all; a domain that sends no mail publishes "v=spf1 -all".',
        Severity.MEDIUM,
        "CWE-290",
        tags=_EMAIL,
    ),
    define(
        "email.spf.permissive",
        "SPF 记录允许任何服务器代发邮件",
        "The SPF record lets any server send mail for the domain",
        "将 SPF 记录结尾的 +all、?all（或缺失的 all）改为 -all 或 ~all。",
        "Replace the +all or ?all at the end of the SPF record (or the missing all) with -all or ~all.",
        Severity.HIGH,
        "CWE-290",
        tags=_EMAIL,
    ),
    define(
        "email.spf.invalid",
        "SPF 记录无效，收件方会忽略它",
        "The SPF record is invalid, so receivers ignore it",
        "只保留一条以 v=spf1 开头的 TXT 记录，DNS 查询类机制不超过 10 个（RFC 7208）。",
        "Keep exactly one TXT record starting with v=spf1, with at most 10 DNS-querying mechanisms "
        "(RFC 7208).",
        Severity.MEDIUM,
        "CWE-290",
        tags=_EMAIL,
    ),
    define(
        "email.dmarc.missing",
        "域名未发布有效的 DMARC 策略",
        "The domain publishes no valid DMARC policy",
        "在 _dmarc 子域发布一条 DMARC 记录（v=DMARC1; p=quarantine 或 p=reject; rua=报告邮箱）。",
        "Publish one DMARC record at the _dmarc name (v=DMARC1; p=quarantine or p=reject; rua=a "
        "report address).",
        Severity.MEDIUM,
        "CWE-290",
        tags=_EMAIL,
    ),
    define(
        "email.dmarc.not_enforced",
        "DMARC 策略仅监测（p=none），不拦截伪造邮件",
        "The DMARC policy only monitors (p=none) and stops no forged mail",
        "核对 DMARC 报告后，将策略提升为 p=quarantine，再提升为 p=reject，pct 设为 100。",
        "After reviewing the DMARC reports, raise the policy to p=quarantine and then p=reject, "
        "with pct=100.",
        Severity.MEDIUM,
        "CWE-290",
        tags=_EMAIL,
    ),
    define(
        "email.dkim.not_found",
        "在常用选择器下未发现 DKIM 公钥",
        "No DKIM key found under the common selectors",
        "为发信服务启用 DKIM 签名并发布公钥；若使用了非常用的选择器，可忽略此项。",
        "Enable DKIM signing for the sending services and publish their keys; if they use an "
        "uncommon selector, this item can be disregarded.",
        Severity.LOW,
        "CWE-290",
        tags=_EMAIL,
    ),
    define(
        "email.mx.unresolvable",
        "MX 记录指向无法解析的主机",
        "An MX record points to a host that does not resolve",
        "删除或更正失效的 MX 记录：指向已放弃的主机名可能被他人接管并接收本域邮件。",
        "Remove or correct the stale MX record: an abandoned host name can be taken over by someone "
        "who then receives the domain's mail.",
        Severity.MEDIUM,
        "CWE-1188",
        tags=_EMAIL,
    ),
    define(
        "dns.dnssec.missing",
        "域名未启用 DNSSEC",
        "DNSSEC is not enabled for the domain",
        "在 DNS 服务商处启用 DNSSEC 签名，并在注册商处提交 DS 记录。",
        "Enable DNSSEC signing at the DNS provider and submit the DS record at the registrar.",
        Severity.LOW,
        "CWE-345",
        tags=_DNS,
    ),
    define(
        "dns.dnssec.invalid",
        "DNSSEC 签名无法验证（已过期或损坏）",
        "The DNSSEC signatures do not validate (expired or broken)",
        "立即重新签名区域并检查自动续签；验证型解析器会把签名失效的域名当作不存在。",
        "Re-sign the zone now and check the automatic re-signing: validating resolvers treat a domain "
        "with failed signatures as unreachable.",
        Severity.MEDIUM,
        "CWE-347",
        tags=_DNS,
    ),
    define(
        "dns.caa.missing",
        "域名未发布 CAA 记录",
        "The domain publishes no CAA record",
        "发布 CAA 记录，只允许实际使用的证书颁发机构为本域名签发证书。",
        "Publish CAA records that allow only the certificate authorities actually used to issue "
        "certificates for the domain.",
        Severity.LOW,
        "CWE-295",
        tags=_DNS,
    ),
)
