"""The period of insurance (保险期间).

Cover runs from 00:00 of the first day to 24:00 of the last day, Asia/Shanghai time,
as on the seed's COSCO policy: "自 2019年6月10日零时起 至 2020年6月9日二十四时止".
24:00 of the last day is the same instant as 00:00 of the next day, so the period is
the half-open interval ``[start, end)`` and both days count in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .dates import SHANGHAI, add_months, format_date_en, format_date_zh, require_aware
from .errors import TermsError
from .text import Text


@dataclass(frozen=True, slots=True)
class PolicyPeriod:
    """Period of insurance from 00:00 on ``first_day`` to 24:00 on ``last_day`` (Asia/Shanghai).

    Raises
    ------
    TermsError
        ``terms.period_reversed`` when ``last_day`` is before ``first_day``.
    """

    first_day: date
    last_day: date

    def __post_init__(self) -> None:
        for field in ("first_day", "last_day"):
            value = getattr(self, field)
            # datetime is a date subclass; a datetime here would silently drop its time.
            if not isinstance(value, date) or isinstance(value, datetime):
                raise TermsError("terms.invalid_date", field, Text("需要日期值。", "A date is required."))
        if self.last_day < self.first_day:
            raise TermsError(
                "terms.period_reversed",
                "last_day",
                Text("保险期间的终止日早于起始日。", "The last day is before the first day."),
            )

    @classmethod
    def one_year_from(cls, first_day: date) -> PolicyPeriod:
        """A one-year period: the last day is the anniversary minus one day.

        ``2019-06-10 -> 2020-06-09`` (366 days, it contains 29 Feb 2020). The anniversary
        of 29 Feb in a common year is 1 March, so ``2024-02-29 -> 2025-02-28`` (366 days):
        cover never gets shorter than a calendar year because of the leap day.
        """
        if first_day.month == 2 and first_day.day == 29:
            anniversary = date(first_day.year + 1, 3, 1)
        else:
            anniversary = add_months(first_day, 12)
        return cls(first_day, anniversary - timedelta(days=1))

    @property
    def start(self) -> datetime:
        """00:00 on the first day, Asia/Shanghai (aware)."""
        return datetime.combine(self.first_day, time(0), tzinfo=SHANGHAI)

    @property
    def end(self) -> datetime:
        """24:00 on the last day = 00:00 on the following day, Asia/Shanghai (aware, exclusive)."""
        return datetime.combine(self.last_day + timedelta(days=1), time(0), tzinfo=SHANGHAI)

    @property
    def days(self) -> int:
        """Number of days covered, both the first and the last day included (365 or 366 for a year)."""
        return (self.last_day - self.first_day).days + 1

    def contains(self, moment: datetime) -> bool:
        """True when ``start <= moment < end``; ``moment`` must be aware (any time zone)."""
        require_aware(moment, "moment")
        return self.start <= moment < self.end

    def contains_day(self, day: date) -> bool:
        """True when ``first_day <= day <= last_day``."""
        return self.first_day <= day <= self.last_day

    def wording_zh(self) -> str:
        """``自2019年6月10日零时起至2020年6月9日二十四时止``."""
        return f"自{format_date_zh(self.first_day)}零时起至{format_date_zh(self.last_day)}二十四时止"

    def wording_en(self) -> str:
        """``From 00:00 on 10 June 2019 to 24:00 on 9 June 2020``."""
        return f"From 00:00 on {format_date_en(self.first_day)} to 24:00 on {format_date_en(self.last_day)}"

    def wording(self) -> Text:
        """Both wordings as a :class:`Text`."""
        return Text(self.wording_zh(), self.wording_en())
