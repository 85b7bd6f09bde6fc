"""A settled ransomware claim on the COSCO plan-A policy, adjusted by the real engine, for the documents."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from cyberins.documents.claim_data import (
    ClaimAmounts,
    ClaimPayment,
    InsuredSystem,
    LossAdjustmentReport,
    ReviewLevel,
    SettlementLetter,
)
from cyberins.terms import (
    SHANGHAI,
    ClaimAdjustment,
    CoverageCode,
    CoverageTerms,
    FindingEvidence,
    LossLine,
    MitigationCost,
    PolicyPeriod,
    PolicyTerms,
    RemediationWarranty,
    Text,
    adjust_claim,
    explanation_table,
)

from .examples import COSCO_INSURER

D = Decimal
C = CoverageCode
INCIDENT_AT = datetime(2019, 9, 1, 10, 0, tzinfo=SHANGHAI)


def cosco_adjustment() -> ClaimAdjustment:
    """Response service 28,000 and restoration 15,000 under the seed's 10 % penalty, plus mitigation 3,000.

    Response: 28,000 x 90 % = 25,200 (paid to the provider directly); restoration
    (15,000 - 2,000) x 90 % = 11,700; BI 36 h x 1,000 less 12 h waiting = 24,000 x 90 % = 21,600;
    mitigation 3,000 in full. Total 61,500.
    """
    terms = PolicyTerms(
        period=PolicyPeriod(date(2019, 6, 10), date(2020, 6, 9)),
        aggregate_limit=D("190000"),
        coverages=(
            CoverageTerms(C.RESPONSE_SERVICE, D("100000")),
            CoverageTerms(C.RESTORATION, D("60000"), D("2000")),
            CoverageTerms(C.BUSINESS_INTERRUPTION, D("30000"), waiting_period_hours=D(12)),
        ),
        remediation_warranty=RemediationWarranty(),
    )
    finding = FindingEvidence(
        notified_at=datetime(2019, 7, 15, 10, tzinfo=SHANGHAI),
        due_at=datetime(2019, 8, 15, tzinfo=SHANGHAI),
        remediated_at=None,
        directly_related=True,
    )
    return adjust_claim(
        terms,
        [
            LossLine(C.RESPONSE_SERVICE, D("30000"), D("28000")),
            LossLine(C.RESTORATION, D("15000"), D("15000")),
            LossLine.business_interruption(
                claimed=D("40000"), outage_hours=D(36), hourly_income_loss=D(1000)
            ),
        ],
        incident_at=INCIDENT_AT,
        findings=[finding],
        mitigation=[MitigationCost(D("3000"), D("3000"), "断网隔离")],
    )


def cosco_settlement_letter() -> SettlementLetter:
    result = cosco_adjustment()
    service = result.lines[0].payable
    return SettlementLetter(
        insurer=COSCO_INSURER,
        letter_number="PK-2019-000017",
        letter_date=date(2019, 10, 8),
        claim_number="CLM-2019-000017",
        policy_number="201290000002019000001",
        insured_name="中远海运财产保险自保有限公司",
        insured_address="上海市浦东新区滨江大道5299号7楼",
        product_name=Text(
            "中远海运网络安全应急响应服务保险", "COSCO SHIPPING Cyber Emergency Response Service Insurance"
        ),
        incident_at=INCIDENT_AT,
        incident_summary=Text("勒索软件加密核心业务系统", "ransomware encrypted the core business system"),
        amounts=ClaimAmounts(result.total_claimed, result.total_assessed, result.total_payable),
        explanation=explanation_table(result),
        payments=(
            ClaimPayment(
                "安恒信息技术股份有限公司",
                service,
                Text(
                    "应急响应服务费（直赔服务单位）",
                    "Emergency response fees (paid directly to the provider)",
                ),
                "**** 6688",
            ),
            ClaimPayment(
                "中远海运财产保险自保有限公司",
                result.total_payable - service,
                Text("损失赔款及施救费用", "Loss payment and mitigation costs"),
                "**** 1234",
            ),
        ),
        warranty_penalty_applied=result.warranty_breached,
        contact="021-6596 6000",
    )


def cosco_adjustment_report(revision: int = 0) -> LossAdjustmentReport:
    result = cosco_adjustment()
    return LossAdjustmentReport(
        adjuster="上海泛华保险公估有限公司",
        report_number="GG-2019-0042",
        report_date=date(2019, 9, 28),
        insurer=COSCO_INSURER,
        claim_number="CLM-2019-000017",
        policy_number="201290000002019000001",
        insured_name="中远海运财产保险自保有限公司",
        insured_address="上海市浦东新区滨江大道5299号7楼",
        insured_business=Text("航运企业自保保险", "Captive insurance of a shipping group"),
        product_name=Text(
            "中远海运网络安全应急响应服务保险", "COSCO SHIPPING Cyber Emergency Response Service Insurance"
        ),
        policy_period=Text(
            "2019年6月10日零时起至2020年6月9日二十四时止", "00:00 10 June 2019 to 24:00 9 June 2020"
        ),
        sum_insured=D("190000.00"),
        incident_at=INCIDENT_AT,
        reported_at=datetime(2019, 9, 1, 10, 40, tzinfo=SHANGHAI),
        amounts=ClaimAmounts(result.total_claimed, result.total_assessed, result.total_payable),
        scope=Text(
            "受承保人委托，对被保险人2019年9月1日网络安全事故的原因、保险责任及损失金额进行查勘、核定和理算。",
            "Instructed by the insurer to survey the incident of 1 September 2019, determine its cause,"
            " the policy liability and the amount of the loss.",
        ),
        systems=(
            InsuredSystem(
                "自保公司核心业务系统",
                Text(
                    "保单、理赔和再保险业务处理，40 个运营网点，2 台核心设备",
                    "Policy, claims and reinsurance processing",
                ),
                "第二级",
            ),
        ),
        course_of_events=Text(
            "2019年9月1日10时，被保险人发现核心业务系统文件被加密并出现勒索信，10时40分报案；"
            "定点服务单位于11时30分到场开展检测、抑制、根除和恢复，系统中断36小时。",
            "At 10:00 on 1 September 2019 the insured found the core system's files encrypted with a ransom"
            " note and reported at 10:40; the designated provider arrived at 11:30, contained and eradicated"
            " the attack and restored service; the system was down for 36 hours.",
        ),
        cause=Text(
            "攻击者利用 2019年7月15日固定检测中发现并正式通知的 Apache Struts2 远程代码执行漏洞"
            "（CVE-2017-5638）进入系统。",
            "The attacker entered through the Apache Struts2 remote code execution vulnerability"
            " (CVE-2017-5638) found at the fixed inspection and formally notified on 15 July 2019.",
        ),
        liability=Text(
            "事故发生在保险期间内，属于应急响应服务、复原成本及营业中断责任；该隐患整改期限为2019年8月15日，"
            "事故发生时仍未整改，适用特别约定额外 10% 免赔。",
            "The incident falls within the period and under the response-service, restoration and"
            " business-interruption coverages; the vulnerability was due for remediation on 15 August 2019"
            " and still open: the special condition's additional 10% deductible applies.",
        ),
        explanation=explanation_table(result),
        conclusion=Text(
            "建议承保人按上述理算结果赔付，其中应急响应服务费直接支付给定点服务单位。",
            "We recommend payment as computed above, the response-service fees paid directly to the"
            " provider.",
        ),
        reviews=(
            ReviewLevel(Text("编制", "Prepared by"), "王明", date(2019, 9, 26)),
            ReviewLevel(Text("审核", "Reviewed by"), "李华", date(2019, 9, 27), Text("同意", "Agreed")),
            ReviewLevel(Text("签发", "Approved by"), "张强", date(2019, 9, 28)),
        ),
        documents_reviewed=(
            Text("索赔申请书", "Claim form"),
            Text("应急响应服务报告及费用清单", "Incident response report and fee statement"),
            Text("系统中断记录", "Outage records"),
            Text("复原费用发票", "Restoration invoices"),
        ),
        warranty_penalty_applied=result.warranty_breached,
        revision=revision,
        revision_note=Text("更正营业中断小时数（36 小时）", "Corrects the outage hours (36 h)")
        if revision
        else None,
    )
