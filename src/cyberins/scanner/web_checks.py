"""Catalogue entries for web exposure: development artefacts, status pages, admin panels and the
login pages of internet-facing edge devices (see :mod:`.web_exposure`)."""

from __future__ import annotations

from cyberins.scanner.check_types import CAP_REMOTE_ACCESS, Check, define
from cyberins.scanner.findings import Severity

_ARTEFACT = ("exposed_artefact",)

WEB_EXPOSURE_CHECKS: tuple[Check, ...] = (
    define(
        "web.git.exposed",
        "网站公开了 .git 代码仓库",
        "The website exposes its .git repository",
        "立即禁止访问 /.git/（或从网站目录删除），并轮换仓库历史中出现过的全部密码与密钥。",
        "Block /.git/ now (or remove it from the web root) and rotate every password and key that "
        "ever appeared in the repository's history.",
        Severity.HIGH,
        "CWE-527",
        CAP_REMOTE_ACCESS,
        _ARTEFACT,
    ),
    define(
        "web.env.exposed",
        "网站公开了 .env 配置文件（含密钥）",
        "The website exposes its .env file (secrets)",
        "立即禁止访问 /.env，并轮换其中的数据库密码、API 密钥等全部凭据。",
        "Block /.env now and rotate every credential in it (database passwords, API keys).",
        Severity.CRITICAL,
        "CWE-538",
        CAP_REMOTE_ACCESS,
        _ARTEFACT,
    ),
    define(
        "web.backup.exposed",
        "网站可下载备份或数据库导出文件",
        "Backup or database dump files can be downloaded from the website",
        "从网站目录移除备份与导出文件，存放到不对外提供服务的位置。",
        "Remove backups and dumps from the web root and keep them where nothing serves them.",
        Severity.HIGH,
        "CWE-530",
        CAP_REMOTE_ACCESS,
        _ARTEFACT,
    ),
    define(
        "web.directory_listing",
        "网站开启了目录列表",
        "The website lists directory contents",
        "关闭目录浏览（Apache: Options -Indexes；nginx: autoindex off）。",
        "Turn directory listing off (Apache: Options -Indexes; nginx: autoindex off).",
        Severity.MEDIUM,
        "CWE-548",
    ),
    define(
        "web.status_page",
        "公开了服务器状态页（{product}）",
        "A server status page is public ({product})",
        "仅允许管理网络访问状态页，或关闭该页面。",
        "Allow the status page from the management network only, or switch it off.",
        Severity.MEDIUM,
        "CWE-200",
    ),
    define(
        "web.phpinfo",
        "公开了 phpinfo() 页面",
        "A phpinfo() page is public",
        "删除 phpinfo 页面：它暴露版本、路径与环境变量。",
        "Delete the phpinfo page: it discloses versions, paths and environment variables.",
        Severity.MEDIUM,
        "CWE-200",
    ),
    define(
        "web.admin_panel",
        "公开了管理后台（{product}）",
        "An administration panel is public ({product})",
        "仅允许 VPN 或管理网络访问管理后台，并启用多因素认证。",
        "Allow the administration panel from a VPN or the management network only, with "
        "multi-factor authentication.",
        Severity.MEDIUM,
        "CWE-284",
        None,
        ("admin_panel",),
    ),
    define(
        "edge.login_exposed",
        "互联网可访问 {product} 登录页",
        "{product} login page reachable from the internet",
        "边界设备是勒索软件入侵的首要入口：启用多因素认证，按 CISA KEV 时限打补丁，并关闭对外的管理界面。",
        "Edge devices are the leading way into ransomware claims: require multi-factor authentication, "
        "patch within the CISA KEV deadlines and keep the management interface off the internet.",
        Severity.MEDIUM,
        "CWE-1188",
        None,
        ("edge_device",),
    ),
)

OS_CHECKS: tuple[Check, ...] = (
    define(
        "os.eol",
        "操作系统 {product} 已停止维护（由服务标识推断）",
        "Operating system {product} is end-of-life (inferred from a service banner)",
        "升级到受支持的发行版本；若已购买延长支持（Ubuntu Pro、Debian LTS、RHEL ELS），请提供证明。",
        "Upgrade to a supported release; if paid extended support (Ubuntu Pro, Debian LTS, RHEL ELS) "
        "covers it, provide the evidence.",
        Severity.HIGH,
        "CWE-1104",
    ),
)
