"""Realistic documents for the tests: the seed's COSCO policy, a quote and a health-check report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cyberins.documents import (
    CoverageLine,
    Finding,
    HealthCheckReport,
    IncludedService,
    Instalment,
    Insurer,
    PlanOption,
    PolicySchedule,
    PremiumBreakdown,
    QuoteDocument,
    ScheduleItem,
    ScopeAsset,
    ServiceAppointment,
    Warranty,
)

COSCO_INSURER = Insurer(
    name_zh="中远海运财产保险自保有限公司",
    name_en="COSCO SHIPPING CAPTIVE INSURANCE CO., LTD",
    address_zh="上海市浦东新区滨江大道5299号",
    address_en="No. 5299 Binjiang Avenue, Pudong New Area, Shanghai",
)

PREAMBLE_ZH = (
    "中远海运财产保险自保有限公司（以下称承保人）根据被保险人/投保人的要求，在被保险人/投保人缴付约定的"
    "保险费后，按照本保险单规定的条件，以及本保险单附贴条款和/或批单中列明的条件，承保下述财产，特立本保险单为凭。"
)
PREAMBLE_EN = (
    "This Insurance Policy witnesses that COSCO SHIPPING Captive Insurance Co., Ltd. "
    '(hereinafter called "the Underwriter"), at the request of the Insured / Applicant named '
    "hereunder and in consideration of the agreed premium paid to the Underwriter by the "
    "Insured / Applicant, undertakes to insure the undermentioned property subject to the "
    "conditions specified hereunder and conditions contained in the clause(s) and/or "
    "endorsement(s) attached hereto."
)

REMEDIATION_WARRANTY_ZH = (
    "固定检测时发现的系统隐患，正式通知被保险人后，被保险人应自负成本及时整改，未及时整改导致后续网络安全事故的"
    "发生，并被证明事故发生与之前发现隐患直接相关的，被保险人需对该起事故的安全服务赔付和损失费用赔付承担额外10%的免赔。"
)
REMEDIATION_WARRANTY_EN = (
    "Vulnerabilities found at a fixed inspection shall be remediated promptly at the Insured's own cost once "
    "notified; where a later incident is proved to arise directly from a vulnerability not "
    "remediated in time, an additional deductible of 10% applies to the service and loss "
    "payments for that incident."
)


def cosco_policy_schedule() -> PolicySchedule:
    return PolicySchedule(
        insurer=COSCO_INSURER,
        policy_number="201290000002019000001",
        preamble_zh=PREAMBLE_ZH,
        preamble_en=PREAMBLE_EN,
        insured_name="中远海运财产保险自保有限公司",
        insured_address="上海市浦东新区滨江大道5299号7楼",
        nature_of_business="国有企业",
        system_name="自保公司核心业务系统",
        system_type=None,
        operation_number=40,
        equipment_number=2,
        items=(
            ScheduleItem(
                item="信息系统",
                plan="A",
                sum_insured=Decimal("190000.00"),
                premium=Decimal("26000.00"),
            ),
        ),
        total_sum_insured=Decimal("190000.00"),
        total_sum_insured_uppercase="人民币壹拾玖万元整",
        total_premium=Decimal("26000.00"),
        period_start=date(2019, 6, 10),
        period_end=date(2020, 6, 9),
        period_wording_zh="自 2019年6月10日零时起 至 2020年6月9日二十四时止",
        period_wording_en="From 00:00 on 10 June 2019 to 24:00 on 9 June 2020",
        payment_terms_zh="兹经双方约定，投保人应于2019年06月25日前一次性支付保险费。",
        payment_terms_en="It is agreed that the Applicant pays the premium in one sum before 25 June 2019.",
        instalments=(Instalment(number=1, due_date=date(2019, 6, 25), amount=Decimal("26000.00")),),
        product_name_zh="中远海运网络安全应急响应服务保险",
        product_name_en="COSCO SHIPPING Cyber Emergency Response Service Insurance",
        coverages=(
            CoverageLine(
                code="response_service",
                name_zh="应急响应服务",
                name_en="Emergency response service",
                sub_limit=Decimal("100000.00"),
                deductible=Decimal("0.00"),
            ),
            CoverageLine(
                code="restoration",
                name_zh="复原成本",
                name_en="Restoration cost",
                sub_limit=Decimal("60000.00"),
                deductible=Decimal("2000.00"),
            ),
            CoverageLine(
                code="business_interruption",
                name_zh="营业中断",
                name_en="Business interruption",
                sub_limit=Decimal("30000.00"),
                deductible=Decimal("5000.00"),
                waiting_period_hours=Decimal("12"),
            ),
        ),
        warranties=(
            Warranty(1, REMEDIATION_WARRANTY_ZH, REMEDIATION_WARRANTY_EN),
            Warranty(
                2,
                "本保单自起保1个月内，由安全服务商完成保险方案约定的首次固定检测服务，另一次基础漏洞扫描在半年后进行。",
                "Within one month of inception the service provider performs the first fixed "
                "inspection; a basic vulnerability scan follows six months later.",
            ),
        ),
        included_services=(
            IncludedService(
                "固定检测", "Fixed inspection", "保单生效后1个月内", "within one month of inception"
            ),
            IncludedService(
                "基础漏洞扫描", "Basic vulnerability scan", "半年后一次", "once, six months later"
            ),
        ),
        service_schedule=(
            ServiceAppointment("固定检测", "Fixed inspection", date(2019, 7, 10), "已完成", "Done"),
            ServiceAppointment(
                "基础漏洞扫描", "Basic vulnerability scan", date(2019, 12, 10), "待执行", "Planned"
            ),
        ),
        issue_date=date(2019, 6, 10),
        issue_place="上海 Shanghai",
    )


def cosco_quote() -> QuoteDocument:
    return QuoteDocument(
        insurer=COSCO_INSURER,
        quote_number="Q-2019-0000123",
        applicant_name="中远海运财产保险自保有限公司",
        applicant_address="上海市浦东新区滨江大道5299号7楼",
        product_name_zh="网络安全应急响应服务保险",
        product_name_en="Cyber Emergency Response Service Insurance",
        product_version="2019.1",
        plans=(
            PlanOption(
                "A", "基础型", "Basic", Decimal("190000.00"), Decimal("26000.00"), Decimal("0.136842")
            ),
            PlanOption(
                "B", "标准型", "Standard", Decimal("500000.00"), Decimal("52000.00"), Decimal("0.104")
            ),
            PlanOption(
                "C", "增强型", "Enhanced", Decimal("1000000.00"), Decimal("88000.00"), Decimal("0.088")
            ),
        ),
        chosen_plan="A",
        breakdown=PremiumBreakdown(
            pure_premium=Decimal("9800.00"),
            risk_load=Decimal("1960.00"),
            expenses=Decimal("3920.00"),
            profit=Decimal("1168.30"),
            service_price=Decimal("7680.00"),
            vat=Decimal("1471.70"),
            total=Decimal("26000.00"),
        ),
        quote_date=date(2019, 5, 28),
        valid_until=date(2019, 6, 27),
        assumption_set_name="网络安全保险定价假设 Cyber pricing assumptions",
        assumption_set_version="2019-05",
        notes_zh="报价基于投保人填写的风险信息问卷及体检结果。",
        notes_en="The quotation relies on the applicant's risk questionnaire and health-check result.",
    )


def cosco_health_check() -> HealthCheckReport:
    return HealthCheckReport(
        report_number="HC-2019-0042",
        organisation_name="中远海运财产保险自保有限公司",
        assessed_on=date(2019, 5, 20),
        grade="B",
        score=Decimal("78"),
        scope=(
            ScopeAsset("官网", "https://www.coscoshipping-captive.example", "网站 Website"),
            ScopeAsset("核心业务系统", "10.0.0.12", "服务器 Server"),
        ),
        findings=(
            Finding(
                severity="critical",
                title_zh="远程代码执行漏洞（Apache Struts2）",
                title_en="Remote code execution (Apache Struts2)",
                asset="https://www.coscoshipping-captive.example",
                evidence="Server: Apache Struts 2.3.31; OGNL payload answered with HTTP 200",
                advice_zh="立即升级 Struts2 至 2.5.33 或更高版本，并在升级前启用 WAF 规则。",
                advice_en="Upgrade Struts2 to 2.5.33 or later now; enable the WAF rule until then.",
                cve_ids=("CVE-2017-5638",),
                known_exploited=True,
                due_date=date(2019, 5, 27),
            ),
            Finding(
                severity="medium",
                title_zh="TLS 支持过时协议版本",
                title_en="TLS accepts outdated protocol versions",
                asset="https://www.coscoshipping-captive.example",
                evidence="TLS 1.0 and TLS 1.1 accepted",
                advice_zh="禁用 TLS 1.0/1.1，仅启用 TLS 1.2 及以上版本。",
                advice_en="Disable TLS 1.0/1.1; allow TLS 1.2 and later only.",
                due_date=date(2019, 6, 20),
            ),
            Finding(
                severity="low",
                title_zh="缺少安全响应头",
                title_en="Missing security headers",
                asset="https://www.coscoshipping-captive.example",
                evidence="No Content-Security-Policy, no X-Frame-Options",
                advice_zh="配置 CSP 与 X-Frame-Options 响应头。",
                advice_en="Set the Content-Security-Policy and X-Frame-Options headers.",
            ),
        ),
        assessor="安恒信息 DBAPPSecurity",
    )
