"""Date and time helpers shared by the terms modules.

Times are timezone-aware (DESIGN.md: stored in UTC, shown in Asia/Shanghai). Policy
dates - first and last day of cover, due dates - are calendar dates in Asia/Shanghai.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .errors import TermsError
from .text import Text

SHANGHAI = ZoneInfo("Asia/Shanghai")

_ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def require_aware(moment: datetime, field: str) -> datetime:
    """Return ``moment`` unchanged if it is timezone-aware, else raise ``terms.naive_datetime``."""
    if not isinstance(moment, datetime):
        raise TermsError("terms.invalid_datetime", field, Text("需要日期时间值。", "A datetime is required."))
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise TermsError(
            "terms.naive_datetime",
            field,
            Text("时间必须带时区（例如 UTC 或 Asia/Shanghai）。", "The datetime must be timezone-aware."),
        )
    return moment


def local_date(moment: datetime, field: str = "moment") -> date:
    """The Asia/Shanghai calendar date of an aware moment (23:30 UTC is the next day in Shanghai)."""
    return require_aware(moment, field).astimezone(SHANGHAI).date()


def add_months(day: date, months: int) -> date:
    """Move ``day`` by whole calendar months, clamping to the last day of the target month.

    Follows 《民法典》 art. 202: "按照年、月计算期间的，到期月的对应日为期间的最后一日；
    没有对应日的，月末日为期间的最后一日" - 31 Jan + 1 month = 28/29 Feb, 31 Aug + 6 months
    = 28/29 Feb. Always compute from the original anchor date (``add_months(d, k)``), not
    step by step, so that a 31st does not drift to the 28th.
    """
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def format_date_zh(day: date) -> str:
    """``2019年6月10日`` (no zero padding, as printed on policies)."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_date_en(day: date) -> str:
    """``10 June 2019`` (British order, as in the bilingual COSCO policy)."""
    return f"{day.day} {_ENGLISH_MONTHS[day.month - 1]} {day.year}"
