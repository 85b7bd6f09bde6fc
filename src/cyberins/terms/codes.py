"""The error codes of the pure terms package, each with its bilingual meaning (listed in docs/errors.md)."""

from __future__ import annotations

from enum import StrEnum

from cyberins.terms.errors import Text


class TermsErrorCode(StrEnum):
    meaning: Text

    def __new__(cls, value: str, meaning: Text) -> TermsErrorCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        return member

    AMOUNT_NOT_CENTS = (
        "terms.amount_not_cents",
        Text("金额 … 不是整分；请先用 round_money 取整。", "Amount … has a fraction of a cent."),
    )
    AMOUNT_TOO_LARGE = (
        "terms.amount_too_large",
        Text("大写金额仅支持小于一亿亿元的金额。", "Uppercase is supported below 10^16 yuan."),
    )
    COVERAGE_NOT_INSURED = (
        "terms.coverage_not_insured",
        Text("本保单未承保该责任：…。", "The policy does not cover …."),
    )
    DEDUCTIBLE_EXCEEDS_LIMIT = (
        "terms.deductible_exceeds_limit",
        Text("免赔额不得大于或等于分项赔偿限额。", "The deductible must be below the sub-limit."),
    )
    DUE_BEFORE_NOTICE = (
        "terms.due_before_notice",
        Text("整改期限早于正式通知时间。", "The remediation deadline is before the notice."),
    )
    DUPLICATE_COVERAGE = (
        "terms.duplicate_coverage",
        Text("同一保险责任重复约定。", "The coverage is listed twice."),
    )
    EFFECTIVE_DAY_OUTSIDE_PERIOD = (
        "terms.effective_day_outside_period",
        Text("生效日不在保险期间内。", "The effective day is outside the period of insurance."),
    )
    CHANGE_AFTER_CANCELLATION = (
        "terms.change_after_cancellation",
        Text("批改生效日不得晚于注销生效日。", "A change cannot take effect after the cancellation."),
    )
    INCIDENT_OUTSIDE_PERIOD = (
        "terms.incident_outside_period",
        Text("出险时间不在保险期间内。", "The incident is outside the period of insurance."),
    )
    INCOME_LOSS_RATE_REQUIRED = (
        "terms.income_loss_rate_required",
        Text("须且只能给出每小时或每日收入损失之一。", "Give one of hourly or daily income loss."),
    )
    INVALID_AMOUNT = (
        "terms.invalid_amount",
        Text(
            "金额必须是 Decimal、整数或字符串（不接受浮点数）。",
            "Amount must be a Decimal, int or str (not a float).",
        ),
    )
    INVALID_DATE = "terms.invalid_date", Text("需要日期值。", "A date is required.")
    INVALID_DATETIME = "terms.invalid_datetime", Text("需要日期时间值。", "A datetime is required.")
    INVALID_HOURS = "terms.invalid_hours", Text("小时数须为有限数值。", "Hours must be a number.")
    INVALID_INSTALMENT_COUNT = (
        "terms.invalid_instalment_count",
        Text("分期数须为正整数。", "Count must be a positive integer."),
    )
    INVALID_INSTALMENT_INTERVAL = (
        "terms.invalid_instalment_interval",
        Text("分期间隔须为正整数个月。", "The interval must be a positive number of months."),
    )
    INVALID_LIMIT = "terms.invalid_limit", Text("分项赔偿限额须大于零。", "The sub-limit must be positive.")
    INVALID_MONTHS = "terms.invalid_months", Text("月数须为正整数。", "Months must be a positive integer.")
    INVALID_NUMBER = "terms.invalid_number", Text("须为 Decimal 数值。", "A Decimal is required.")
    INVALID_SUM_INSURED = (
        "terms.invalid_sum_insured",
        Text("原保险金额须大于零。", "The original sum insured must be positive."),
    )
    INVALID_REQUEST = (
        "terms.invalid_request",
        Text(
            "请求格式有误（须为 JSON 对象、数组或布尔值）。",
            "The request is malformed (JSON object, array or boolean expected).",
        ),
    )
    INVALID_RATIO = (
        "terms.invalid_ratio",
        Text("额外免赔比例须大于 0 且小于 1。", "The ratio must be a Decimal between 0 and 1."),
    )
    INVALID_SHARE = (
        "terms.invalid_share",
        Text("自留比例须不小于 0 且小于 1。", "The share must be at least 0 and below 1."),
    )
    INVALID_INTERVAL = (
        "terms.invalid_interval",
        Text("中断时段的结束时间早于开始时间。", "The outage interval ends before it starts."),
    )
    OCCURRENCE_LIMIT_EXCEEDS_LIMIT = (
        "terms.occurrence_limit_exceeds_limit",
        Text(
            "每次事故赔偿限额超过分项或累计赔偿限额。",
            "The per-occurrence limit exceeds the sub-limit or the aggregate limit.",
        ),
    )
    INVALID_SHORT_RATE_TABLE = (
        "terms.invalid_short_rate_table",
        Text("短期费率须在 0 到 1 之间且逐月不减。", "Ratios must be in [0, 1] and non-decreasing."),
    )
    MISSING_FIELD = "terms.missing_field", Text("缺少必填字段。", "A required field is missing.")
    NAIVE_DATETIME = (
        "terms.naive_datetime",
        Text("时间必须带时区（例如 UTC 或 Asia/Shanghai）。", "The datetime must be timezone-aware."),
    )
    NEGATIVE_AMOUNT = "terms.negative_amount", Text("金额不能为负数。", "Amount must not be negative.")
    NOT_POSITIVE = "terms.not_positive", Text("须大于零。", "Must be greater than zero.")
    OUTAGE_HOURS_NOT_APPLICABLE = (
        "terms.outage_hours_not_applicable",
        Text("停机小时数仅适用于营业中断。", "Outage hours apply to business interruption only."),
    )
    OUTAGE_HOURS_REQUIRED = (
        "terms.outage_hours_required",
        Text("营业中断须给出大于零的停机小时数。", "Business interruption needs outage hours > 0."),
    )
    PAID_EXCEEDS_AGGREGATE = (
        "terms.paid_exceeds_aggregate",
        Text("已付赔款超过累计赔偿限额。", "Amounts paid exceed the aggregate limit."),
    )
    PAID_EXCEEDS_SUB_LIMIT = (
        "terms.paid_exceeds_sub_limit",
        Text("已付赔款超过分项赔偿限额。", "Amount paid exceeds the sub-limit."),
    )
    PERIOD_REVERSED = (
        "terms.period_reversed",
        Text("保险期间的终止日早于起始日。", "The last day is before the first day."),
    )
    SERVICE_OUTSIDE_PERIOD = (
        "terms.service_outside_period",
        Text("约定的服务日期超出保险期间。", "A scheduled service falls outside the period of insurance."),
    )
    SUB_LIMIT_EXCEEDS_AGGREGATE = (
        "terms.sub_limit_exceeds_aggregate",
        Text("分项赔偿限额超过累计赔偿限额。", "The sub-limit exceeds the aggregate limit."),
    )
    UNKNOWN_FIELD = "terms.unknown_field", Text("未知字段（拼写错误？）。", "Unknown field (a typo?).")
    UNKNOWN_COVERAGE = "terms.unknown_coverage", Text("未知的保险责任代码：…。", "Unknown coverage code: ….")
    WAITING_PERIOD_NOT_APPLICABLE = (
        "terms.waiting_period_not_applicable",
        Text("等待期仅适用于营业中断。", "A waiting period applies to business interruption only."),
    )
