"""The catalogue of checks: stable ids, bilingual titles and advice, default severity, CWE, caps.

Score caps (see ``docs/healthcheck.md``): a KEV finding, a known backdoor or an unauthenticated
datastore or control plane caps the score at 39; exposed RDP/SMB/Telnet or end-of-life software
(upstream build) at 59; legacy TLS or an expired/untrusted certificate at 79.
``observatory`` is the Mozilla HTTP Observatory score modifier of the matching test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from cyberins.scanner.findings import Confidence, Finding, Severity, Text, remediation_due

CAP_CRITICAL_EXPOSURE = 39
CAP_REMOTE_ACCESS = 59
CAP_TLS = 79


@dataclass(frozen=True)
class Check:
    id: str
    title: Text
    advice: Text
    severity: Severity
    cwe: str | None = None
    score_cap: int | None = None
    tags: frozenset[str] = field(default_factory=frozenset)
    observatory: int | None = None


def _c(
    id: str,
    zh: str,
    en: str,
    advice_zh: str,
    advice_en: str,
    severity: Severity,
    cwe: str | None = None,
    cap: int | None = None,
    tags: tuple[str, ...] = (),
    observatory: int | None = None,
) -> Check:
    return Check(
        id, Text(zh, en), Text(advice_zh, advice_en), severity, cwe, cap, frozenset(tags), observatory
    )


S = Severity
CHECKS: dict[str, Check] = {
    c.id: c
    for c in (
        _c(
            "scan.incomplete",
            "检测未完成：服务超时或出错",
            "Check incomplete: the service timed out or failed",
            "确认该服务可达后重新检测；未完成的检测不视为通过。",
            "Make sure the service is reachable and run the check again; "
            "an incomplete check never counts as a pass.",
            S.INFO,
            None,
            CAP_TLS,
            ("incomplete",),
        ),
        _c(
            "tls.protocol.ssl",
            "启用了 SSL 2.0/3.0 协议",
            "SSL 2.0/3.0 enabled",
            "禁用 SSL 2.0 和 SSL 3.0，仅保留 TLS 1.2 与 TLS 1.3。",
            "Disable SSL 2.0 and SSL 3.0; offer only TLS 1.2 and TLS 1.3.",
            S.HIGH,
            "CWE-327",
            CAP_TLS,
        ),
        _c(
            "tls.protocol.legacy",
            "启用了已弃用的 TLS 1.0/1.1 协议",
            "Deprecated TLS 1.0/1.1 enabled",
            "禁用 TLS 1.0 和 TLS 1.1（RFC 8996），仅保留 TLS 1.2 与 TLS 1.3。",
            "Disable TLS 1.0 and TLS 1.1 (RFC 8996); offer only TLS 1.2 and TLS 1.3.",
            S.MEDIUM,
            "CWE-327",
            CAP_TLS,
        ),
        _c(
            "tls.cipher.weak",
            "接受弱加密套件",
            "Weak cipher suites accepted",
            "移除 RC4、DES、3DES、EXPORT 和 MD5 套件，采用 Mozilla 中级配置。",
            "Remove RC4, DES, 3DES, EXPORT and MD5 suites; apply the Mozilla intermediate configuration.",
            S.MEDIUM,
            "CWE-327",
        ),
        _c(
            "tls.cipher.anonymous",
            "接受匿名或空加密套件",
            "Anonymous or NULL cipher suites accepted",
            "立即禁用匿名（anon）和 NULL 套件，它们不提供身份验证或加密。",
            "Disable anonymous (anon) and NULL suites now: they give no authentication or no encryption.",
            S.HIGH,
            "CWE-327",
        ),
        _c(
            "tls.cert.expired",
            "证书已过期",
            "Certificate expired",
            "立即更换为有效证书，并配置自动续期（如 ACME）。",
            "Replace the certificate now and automate renewal (e.g. ACME).",
            S.HIGH,
            "CWE-298",
            CAP_TLS,
        ),
        _c(
            "tls.cert.expiring",
            "证书将在 30 天内过期",
            "Certificate expires within 30 days",
            "在到期前续期证书，并配置自动续期。",
            "Renew the certificate before it expires and automate renewal.",
            S.LOW,
            "CWE-298",
        ),
        _c(
            "tls.cert.self_signed",
            "使用自签名证书",
            "Self-signed certificate",
            "使用受信任证书颁发机构签发的证书。",
            "Use a certificate issued by a trusted certificate authority.",
            S.MEDIUM,
            "CWE-295",
            CAP_TLS,
        ),
        _c(
            "tls.cert.untrusted",
            "证书链不受信任",
            "Untrusted certificate chain",
            "安装完整的中间证书链，并使用受信任机构签发的证书。",
            "Serve the complete intermediate chain and a certificate from a trusted authority.",
            S.MEDIUM,
            "CWE-295",
            CAP_TLS,
        ),
        _c(
            "tls.cert.hostname_mismatch",
            "证书与主机名不匹配",
            "Certificate does not match the host name",
            "签发包含该主机名（subjectAltName）的证书。",
            "Issue a certificate whose subjectAltName covers this host name.",
            S.MEDIUM,
            "CWE-297",
        ),
        _c(
            "tls.cert.weak_key",
            "证书密钥强度不足",
            "Weak certificate key",
            "使用至少 2048 位的 RSA 密钥或 P-256 及以上的 ECDSA 密钥重新签发证书。",
            "Reissue the certificate with an RSA key of at least 2048 bits or an ECDSA P-256+ key.",
            S.MEDIUM,
            "CWE-326",
        ),
        _c(
            "http.csp.missing",
            "未设置内容安全策略 (CSP)",
            "No Content Security Policy",
            "设置 Content-Security-Policy 头，至少 default-src 'self'。",
            "Send a Content-Security-Policy header, at least default-src 'self'.",
            S.LOW,
            "CWE-693",
            observatory=-25,
        ),
        _c(
            "http.csp.unsafe",
            "内容安全策略允许 unsafe-inline/unsafe-eval",
            "CSP allows unsafe-inline or unsafe-eval",
            "从 script-src 中移除 'unsafe-inline' 和 'unsafe-eval'，改用 nonce 或哈希。",
            "Remove 'unsafe-inline' and 'unsafe-eval' from script-src; use nonces or hashes.",
            S.LOW,
            "CWE-693",
            observatory=-20,
        ),
        _c(
            "http.hsts.missing",
            "HTTPS 站点未启用 HSTS",
            "HTTPS site without HSTS",
            "设置 Strict-Transport-Security: max-age=63072000; includeSubDomains。",
            "Send Strict-Transport-Security: max-age=63072000; includeSubDomains.",
            S.LOW,
            "CWE-319",
            observatory=-20,
        ),
        _c(
            "http.hsts.short",
            "HSTS 有效期少于六个月",
            "HSTS max-age shorter than six months",
            "将 HSTS max-age 设为至少 15768000 秒（六个月）。",
            "Set the HSTS max-age to at least 15768000 seconds (six months).",
            S.INFO,
            "CWE-319",
            observatory=-10,
        ),
        _c(
            "http.xfo.missing",
            "未防护点击劫持 (X-Frame-Options)",
            "No clickjacking protection (X-Frame-Options)",
            "设置 X-Frame-Options: DENY 或 CSP frame-ancestors 'none'。",
            "Send X-Frame-Options: DENY or CSP frame-ancestors 'none'.",
            S.LOW,
            "CWE-1021",
            observatory=-20,
        ),
        _c(
            "http.xcto.missing",
            "未设置 X-Content-Type-Options",
            "No X-Content-Type-Options",
            "设置 X-Content-Type-Options: nosniff。",
            "Send X-Content-Type-Options: nosniff.",
            S.INFO,
            "CWE-693",
            observatory=-5,
        ),
        _c(
            "http.referrer.unsafe",
            "Referrer-Policy 不安全",
            "Unsafe Referrer-Policy",
            "将 Referrer-Policy 设为 strict-origin-when-cross-origin 或 no-referrer。",
            "Set Referrer-Policy to strict-origin-when-cross-origin or no-referrer.",
            S.INFO,
            "CWE-200",
            observatory=-5,
        ),
        _c(
            "http.cookie.insecure",
            "会话 Cookie 缺少 Secure 标志",
            "Session cookie without the Secure flag",
            "为会话 Cookie 设置 Secure、HttpOnly 和 SameSite 标志。",
            "Set the Secure, HttpOnly and SameSite flags on session cookies.",
            S.MEDIUM,
            "CWE-614",
            observatory=-40,
        ),
        _c(
            "http.cookie.no_httponly",
            "会话 Cookie 缺少 HttpOnly 标志",
            "Session cookie without the HttpOnly flag",
            "为会话 Cookie 设置 HttpOnly 标志，防止脚本读取。",
            "Set the HttpOnly flag on session cookies so scripts cannot read them.",
            S.LOW,
            "CWE-1004",
            observatory=-30,
        ),
        _c(
            "http.redirect.missing",
            "HTTP 未重定向到 HTTPS",
            "HTTP does not redirect to HTTPS",
            "将所有 HTTP 请求 301 重定向到同一主机的 HTTPS。",
            "Redirect every HTTP request (301) to HTTPS on the same host.",
            S.MEDIUM,
            "CWE-319",
            observatory=-20,
        ),
        _c(
            "http.cors.credentials",
            "CORS 对任意来源开放且允许携带凭据",
            "CORS reflects any origin with credentials",
            "只允许明确列出的可信来源；不要在反射 Origin 时返回 Access-Control-Allow-Credentials: true。",
            "Allow only an explicit list of trusted origins; never reflect Origin together with "
            "Access-Control-Allow-Credentials: true.",
            S.HIGH,
            "CWE-942",
            observatory=-50,
        ),
        _c(
            "datastore.unauthenticated",
            "数据存储或管理接口无需认证即可访问",
            "Datastore or control plane answers without authentication",
            "立即启用认证（如 Redis requirepass/ACL、MongoDB/Elasticsearch 安全功能、"
            "PostgreSQL scram-sha-256、Docker API 客户端证书），并限制仅内网访问。",
            "Enable authentication now (e.g. Redis requirepass/ACL, MongoDB or Elasticsearch security, "
            "PostgreSQL scram-sha-256, client certificates on the Docker API) "
            "and restrict access to internal networks.",
            S.CRITICAL,
            "CWE-306",
            CAP_CRITICAL_EXPOSURE,
            ("unauth_datastore",),
        ),
        _c(
            "datastore.exposed",
            "数据库端口暴露在网络上",
            "Database port exposed to the network",
            "数据库不应直接对外开放；通过防火墙限制来源地址或使用 VPN。",
            "Do not expose databases directly; restrict source addresses with a firewall or use a VPN.",
            S.MEDIUM,
            "CWE-284",
        ),
        _c(
            "controlplane.exposed",
            "容器或集群管理接口暴露在网络上",
            "Container or cluster control plane exposed",
            "不要对外暴露 Docker、Kubernetes、kubelet 或 etcd 接口；仅允许管理网络访问并启用双向 TLS。",
            "Do not expose Docker, Kubernetes, kubelet or etcd endpoints; allow only the management "
            "network and require mutual TLS.",
            S.MEDIUM,
            "CWE-284",
        ),
        _c(
            "ftp.anonymous",
            "FTP 允许匿名登录",
            "FTP allows anonymous login",
            "关闭匿名 FTP（如 vsftpd anonymous_enable=NO）；确需公开的文件改用只读 HTTPS 发布。",
            "Turn anonymous FTP off (e.g. vsftpd anonymous_enable=NO); publish files meant to be public "
            "read-only over HTTPS.",
            S.HIGH,
            "CWE-284",
            None,
            ("anonymous_access",),
        ),
        _c(
            "cleartext.telnet",
            "开放了明文 Telnet 服务",
            "Cleartext Telnet exposed",
            "关闭 Telnet，改用 SSH 并启用密钥认证。",
            "Turn Telnet off; use SSH with key authentication.",
            S.HIGH,
            "CWE-319",
            CAP_REMOTE_ACCESS,
            ("remote_access",),
        ),
        _c(
            "cleartext.ftp",
            "开放了明文 FTP 服务",
            "Cleartext FTP exposed",
            "改用 SFTP 或 FTPS，并关闭明文 FTP。",
            "Use SFTP or FTPS and turn cleartext FTP off.",
            S.MEDIUM,
            "CWE-319",
        ),
        _c(
            "remote.rdp",
            "远程桌面 (RDP) 暴露在网络上",
            "Remote Desktop (RDP) exposed",
            "不要直接暴露 RDP；通过 VPN 或带多因素认证的网关访问。",
            "Do not expose RDP directly; "
            "reach it through a VPN or a gateway with multi-factor authentication.",
            S.HIGH,
            "CWE-284",
            CAP_REMOTE_ACCESS,
            ("remote_access",),
        ),
        _c(
            "remote.smb",
            "SMB 文件共享暴露在网络上",
            "SMB file sharing exposed",
            "在边界防火墙阻断 TCP 445，仅在内网提供 SMB。",
            "Block TCP 445 at the perimeter firewall; offer SMB only internally.",
            S.HIGH,
            "CWE-284",
            CAP_REMOTE_ACCESS,
            ("remote_access",),
        ),
        _c(
            "remote.smb.v1",
            "启用了 SMBv1 协议",
            "SMBv1 enabled",
            "禁用 SMBv1（它是 WannaCry/EternalBlue MS17-010 的利用途径），并在边界阻断 TCP 445。",
            "Disable SMBv1 (the WannaCry/EternalBlue MS17-010 vector) and block TCP 445 at the perimeter.",
            S.HIGH,
            "CWE-327",
            CAP_REMOTE_ACCESS,
            ("remote_access",),
        ),
        _c(
            "ldap.anonymous",
            "LDAP 目录允许匿名绑定",
            "LDAP directory accepts anonymous binds",
            "不要对外暴露 LDAP；禁用匿名绑定（如 OpenLDAP disallow bind_anon），使用 LDAPS 并限制来源。",
            "Do not expose LDAP; disable anonymous binds (e.g. OpenLDAP disallow bind_anon), use LDAPS "
            "and restrict source addresses.",
            S.MEDIUM,
            "CWE-284",
        ),
        _c(
            "ldap.exposed",
            "LDAP 目录服务暴露在网络上",
            "LDAP directory exposed to the network",
            "目录服务不应直接对外开放；通过防火墙限制来源地址或使用 VPN。",
            "Do not expose directory services directly; restrict source addresses or use a VPN.",
            S.LOW,
            "CWE-284",
        ),
        _c(
            "remote.vnc",
            "VNC 远程控制暴露在网络上",
            "VNC remote control exposed",
            "不要直接暴露 VNC；通过 VPN 访问并设置强密码。",
            "Do not expose VNC directly; reach it through a VPN and set a strong password.",
            S.HIGH,
            "CWE-284",
            CAP_REMOTE_ACCESS,
            ("remote_access",),
        ),
        _c(
            "remote.vnc.unauthenticated",
            "VNC 无需密码即可访问",
            "VNC accepts connections without a password",
            "立即为 VNC 启用认证，并停止对外暴露。",
            "Enable VNC authentication now and stop exposing it.",
            S.CRITICAL,
            "CWE-306",
            CAP_CRITICAL_EXPOSURE,
            ("remote_access", "unauth_datastore"),
        ),
        _c(
            "software.vulnerable",
            "{product} 存在已知漏洞",
            "{product} has known vulnerabilities",
            "升级 {product} 到已修复版本；若为发行版的回移植补丁版本，请以发行版安全公告核实。",
            "Upgrade {product} to a fixed release; for a distribution build, verify against the "
            "distribution's security advisories (fixes may be backported).",
            S.HIGH,
            None,
        ),
        _c(
            "software.eol",
            "{product} 已停止维护 (EOL)",
            "{product} is end-of-life",
            "迁移到仍受支持的版本；停止维护的软件不再获得安全更新。",
            "Move to a supported release; end-of-life software no longer receives security fixes.",
            S.HIGH,
            "CWE-1104",
            CAP_REMOTE_ACCESS,
            ("eol_software",),
        ),
        _c(
            "software.outdated",
            "{product} 所在分支已被新分支取代",
            "{product} is on a superseded branch",
            "升级到当前受支持的分支（该产品仍在维护，升级无需更换产品线）。",
            "Upgrade to the current supported branch (the product is maintained; "
            "the upgrade stays on the same product line).",
            S.LOW,
            "CWE-1104",
        ),
    )
}


def make_finding(
    check_id: str,
    *,
    host: str,
    port: int | None,
    evidence: str,
    now: datetime,
    confidence: Confidence = Confidence.CONFIRMED,
    severity: Severity | None = None,
    params: dict[str, object] | None = None,
    cwe: str | None = None,
    cves: tuple[str, ...] = (),
    cvss: float | None = None,
    kev: bool = False,
    ransomware: bool = False,
    extra_tags: tuple[str, ...] = (),
    score_cap: int | None = None,
) -> Finding:
    """Build a :class:`Finding` for a catalogued check (the one place findings are made)."""
    check = CHECKS[check_id]
    sev = severity or check.severity
    params = params or {}
    caps = [c for c in (check.score_cap, score_cap) if c is not None]
    target = host if port is None else (f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
    return Finding(
        target=target,
        host=host,
        port=port,
        check=check_id,
        title=check.title.format(**params),
        advice=check.advice.format(**params),
        severity=sev,
        confidence=confidence,
        evidence=evidence,
        cwe=cwe or check.cwe,
        cves=cves,
        cvss=cvss,
        kev=kev,
        ransomware=ransomware,
        due=remediation_due(sev, kev=kev, now=now),
        score_cap=min(caps) if caps else None,
        tags=check.tags | frozenset(extra_tags),
    )
