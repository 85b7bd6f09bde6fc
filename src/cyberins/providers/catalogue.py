"""The service catalogue and the standard price book (服务价格体系) the platform starts with.

Codes are the ones plans and service orders have used since the price book lived in ``products``.
"""

from __future__ import annotations

from datetime import date

# code, name, English name, unit, standard price, remote allowed, offer open minutes, working days
CATALOGUE: list[tuple[str, str, str, str, str, bool, int, int]] = [
    ("emergency_response", "7×24 小时应急响应服务", "24/7 emergency response", "engagement",
     "15000.00", False, 30, 0),
    ("fixed_inspection", "固定检测（安全体检）", "Fixed inspection (health check)", "engagement",
     "8000.00", False, 0, 2),
    ("vulnerability_scan", "基础漏洞扫描", "Basic vulnerability scan", "engagement", "3000.00", True, 0, 2),
    ("penetration_test", "渗透测试", "Penetration test", "engagement", "20000.00", True, 0, 2),
    ("hardening", "安全配置加固", "Security configuration hardening", "engagement", "10000.00", False, 0, 2),
    ("ddos_protection", "DDoS 应急防护", "DDoS emergency protection", "engagement", "12000.00", True, 60, 0),
    ("forensics", "电子取证", "Digital forensics", "day", "6000.00", False, 120, 0),
    ("data_recovery", "数据恢复", "Data recovery", "engagement", "10000.00", False, 120, 0),
    ("crisis_pr", "危机公关", "Crisis public relations", "day", "8000.00", True, 0, 1),
    ("legal_consulting", "法律咨询", "Legal consulting", "day", "5000.00", True, 0, 1),
]  # fmt: skip

#: The date the standard prices above are valid from.
PRICE_BOOK_FROM = date(2024, 1, 1)
