"""One holiday calendar for the whole portal, and the day periods counted on it.

The calendar: the statutory holidays and the weekend days worked instead (调休) that the
国务院办公厅 announces each year. A year comes from the database when an operator loaded it
(`manage.py holidays load FILE`, or the admin page "Holiday calendar"), which replaces the
year whole; else from SHIPPED below; a year known to neither has no holidays and Monday to
Friday as its working days. docs/calendar.md says where each shipped year comes from and
how to add the next one.

Day periods (民法典 第二百零一条、第二百零三条): a period of N days does not count the day of
the event; it counts whole days from the next day and ends at 24:00 of the last day; a last
day that is a 法定休假日 moves to the end of the first working day after it. 法定休假日 is
read in its common sense, every day off: the holidays of the notice and the weekend rest
days (公休日), but not a weekend day the notice makes a working day (调休上班). (Reading it
as the notice's holidays only would end some periods sooner: `period_end` is the one
place that applies it.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import CalendarDay, CalendarYear

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Year:
    """One year of the calendar: its holidays and its 调休 working days, each with the name
    of the holiday it belongs to, and the notice they come from."""

    year: int
    source: str
    holidays: Mapping[date, str] = field(default_factory=dict)
    workdays: Mapping[date, str] = field(default_factory=dict)
    provisional: bool = False
    origin: str = "shipped"  # "shipped", "database", or "none" (a year known to neither)

    def check(self) -> None:
        """A year the calendar can use: every day in its year, none both off and worked."""
        days = [*self.holidays, *self.workdays]
        if not self.source.strip():
            raise ValidationError(_("Say which notice the dates come from."), code="source")
        if any(day.year != self.year for day in days):
            raise ValidationError(
                _("Every day must fall in %(year)s.") % {"year": self.year}, code="year"
            )
        if set(self.holidays) & set(self.workdays):
            raise ValidationError(
                _("A day cannot be both a holiday and a working day."), code="both"
            )


def _year(year: int, source: str, holidays, workdays=(), provisional: bool = False) -> Year:
    """A shipped year from (name, first "MM-DD", last "MM-DD") ranges and (name, "MM-DD")."""

    def day(text: str) -> date:
        return date.fromisoformat(f"{year}-{text}")

    off = {}
    for name, first, last in holidays:
        current = day(first)
        while current <= day(last):
            off[current] = name
            current += ONE_DAY
    return Year(year, source, off, {day(d): name for name, d in workdays}, provisional)


# The years shipped with the portal. Each is checked against its source when added; a year
# an operator loads into the database replaces the shipped one.
SHIPPED: dict[int, Year] = {
    y.year: y
    for y in [
        # 《国务院办公厅关于2026年部分节假日安排的通知》, dated 2025-11-04 and published by
        # 新华社 the same day (the document number was not verifiable here). Every date below
        # was checked against the notice's text and against the chinese-calendar 1.11.0 and
        # holidays 0.108 packages, which carry the same notice.
        _year(
            2026,
            "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
            holidays=[
                ("元旦", "01-01", "01-03"),
                ("春节", "02-15", "02-23"),
                ("清明节", "04-04", "04-06"),
                ("劳动节", "05-01", "05-05"),
                ("端午节", "06-19", "06-21"),
                ("中秋节", "09-25", "09-27"),
                ("国庆节", "10-01", "10-07"),
            ],
            workdays=[
                ("元旦", "01-04"),
                ("春节", "02-14"),
                ("春节", "02-28"),
                ("劳动节", "05-09"),
                ("国庆节", "09-20"),
                ("国庆节", "10-10"),
            ],
        ),
        # PROVISIONAL: the notice for 2027 could not be read here (it is usually published in
        # November of the year before). These are only the days the law itself fixes — the
        # holidays of 《全国年节及纪念日放假办法》(2024年修订) 第二条 (除夕 and 劳动节's
        # second day included), on the lunar dates of 2027, and the weekday made up for a
        # holiday that falls on a Saturday or Sunday (补假, the same 办法) — with no 调休.
        # Replace it with the notice (`manage.py holidays load`) as soon as it is out.
        _year(
            2027,
            "暂定：《全国年节及纪念日放假办法》规定的2027年假日及补假（待国务院办公厅通知）",
            holidays=[
                ("元旦", "01-01", "01-01"),
                ("春节", "02-05", "02-10"),  # 除夕 02-05, 初一至初三 02-06..08, 补假 02-09..10
                ("清明节", "04-05", "04-05"),
                ("劳动节", "05-01", "05-04"),  # 05-01..02 a weekend: 补假 05-03..04
                ("端午节", "06-09", "06-09"),
                ("中秋节", "09-15", "09-15"),
                ("国庆节", "10-01", "10-05"),  # 10-02..03 a weekend: 补假 10-04..05
            ],
            provisional=True,
        ),
    ]
}


class Calendar:
    """The calendar as one computation reads it: each year is read once, on first use —
    from the database if an operator loaded it, else the shipped year. `database=False`
    reads the shipped years only (pure computations and tests)."""

    def __init__(self, *, database: bool = True) -> None:
        self._database = database
        self._years: dict[int, Year] = {}

    def year(self, number: int) -> Year:
        if number not in self._years:
            self._years[number] = self._load(number)
        return self._years[number]

    def _load(self, number: int) -> Year:
        if self._database:
            stored = CalendarYear.objects.filter(year=number).first()
            if stored is not None:
                return _from_database(stored)
        return SHIPPED.get(number) or Year(number, "", origin="none")

    def holiday(self, day: date) -> str:
        """The name of the statutory holiday `day` falls on (国庆节), or ""."""
        return self.year(day.year).holidays.get(day, "")

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday less the holidays, plus the weekend days worked instead."""
        year = self.year(day.year)
        if day in year.workdays:
            return True
        return day.weekday() < 5 and day not in year.holidays


def local_date(moment: datetime) -> date:
    """The day a moment falls on in the portal's time zone (Asia/Shanghai)."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def end_of_day(day: date) -> datetime:
    """24:00 of `day` in the portal's time zone — the same instant as 00:00 of the next
    day — as an aware datetime (stored in UTC)."""
    return datetime.combine(day + ONE_DAY, time(0), tzinfo=timezone.get_default_timezone())


def period_end(start: datetime, days: int, calendar: Calendar | None = None) -> datetime:
    """The end of a period of `days` days from the moment `start` (民法典 第二百零一条: the
    day of `start` is not counted, whatever its hour; 第二百零三条: the period ends at 24:00
    of its last day, and a last day that is a 法定休假日 gives way to the first working day
    after it)."""
    calendar = calendar or Calendar()
    last = local_date(start) + timedelta(days=days)
    while not calendar.is_working_day(last):
        last += ONE_DAY
    return end_of_day(last)


def last_day(deadline: datetime) -> date:
    """The last day of a period that ends at `deadline` (24:00 of that day)."""
    return local_date(deadline - timedelta(microseconds=1))


def as_24h(deadline: datetime) -> str:
    """A deadline as people read it: "2026-10-08 24:00" for midnight, else its local time."""
    local = timezone.localtime(deadline, timezone.get_default_timezone())
    if local.time() == time(0):
        return f"{last_day(deadline):%Y-%m-%d} 24:00"
    return f"{local:%Y-%m-%d %H:%M}"


def holidays_among(
    moments: Iterable[datetime | None], calendar: Calendar | None = None
) -> list[tuple[datetime, date, str]]:
    """The moments (empty ones skipped) that fall on a statutory holiday, each with its day
    and the holiday's name, in the order given. Weekends are not holidays here."""
    calendar = calendar or Calendar()
    found = []
    for moment in moments:
        if moment is None:
            continue
        day = local_date(moment)
        name = calendar.holiday(day)
        if name:
            found.append((moment, day, name))
    return found


def holiday_spans(
    first: date, last: date, calendar: Calendar | None = None
) -> list[tuple[date, date, str]]:
    """The statutory holidays between two days (both included), as runs of consecutive days
    of one name: [(2026-10-01, 2026-10-07, "国庆节"), …] — for a form to warn in advance."""
    calendar = calendar or Calendar()
    spans: list[tuple[date, date, str]] = []
    day = first
    while day <= last:
        name = calendar.holiday(day)
        if name and spans and spans[-1][2] == name and spans[-1][1] == day - ONE_DAY:
            spans[-1] = (spans[-1][0], day, name)
        elif name:
            spans.append((day, day, name))
        day += ONE_DAY
    return spans


def holiday_warning(
    *, opens_at: datetime | None, closes_at: datetime | None, calendar: Calendar | None = None
) -> str:
    """A warning (never a refusal) for an owners' vote whose voting opens or closes on a
    statutory holiday, when owners are often away; "" when neither does. A vote closing at
    00:00 closes at the end of the day before, so that day is the one checked."""
    calendar = calendar or Calendar()
    last = closes_at - timedelta(microseconds=1) if closes_at is not None else None
    sentences = []
    for moment, sentence in (
        (opens_at, _("Voting opens on %(day)s, a public holiday (%(name)s).")),
        (last, _("Voting closes on %(day)s, a public holiday (%(name)s).")),
    ):
        for _moment, day, name in holidays_among([moment], calendar):
            sentences.append(sentence % {"day": f"{day:%Y-%m-%d}", "name": name})
    if not sentences:
        return ""
    sentences.append(
        _("Many owners may be away then: remind them early (door-to-door, the notice board).")
    )
    return " ".join(sentences)


def parse_year(data: Mapping) -> Year:
    """A year from a file an operator wrote (TOML, see docs/calendar.md): `year`, `source`,
    optional `provisional`, and lists `holidays` (name, from, to) and `workdays` (name,
    day). Raises ValidationError naming what is wrong."""
    try:
        number = int(data["year"])
        holidays: dict[date, str] = {}
        for entry in data.get("holidays", []):
            day, last = _as_date(entry["from"]), _as_date(entry.get("to", entry["from"]))
            if last < day:
                raise ValidationError(_("A holiday ends before it starts."), code="range")
            while day <= last:
                holidays[day] = str(entry["name"])
                day += ONE_DAY
        workdays = {_as_date(e["day"]): str(e["name"]) for e in data.get("workdays", [])}
        year = Year(
            number,
            str(data["source"]),
            holidays,
            workdays,
            bool(data.get("provisional", False)),
            origin="database",
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(
            _("The file does not describe a year: %(error)s") % {"error": exc}, code="format"
        ) from exc
    year.check()
    return year


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _from_database(stored: CalendarYear) -> Year:
    days = {CalendarDay.Kind.HOLIDAY: {}, CalendarDay.Kind.WORKDAY: {}}
    for day in stored.days.all():
        days[day.kind][day.day] = day.name
    return Year(
        stored.year,
        stored.source,
        days[CalendarDay.Kind.HOLIDAY],
        days[CalendarDay.Kind.WORKDAY],
        stored.provisional,
        origin="database",
    )


def year_store(year: Year) -> None:
    """Add a year to the database, or replace the one there (its days whole)."""
    year.check()
    with transaction.atomic():
        CalendarYear.objects.filter(year=year.year).delete()
        stored = CalendarYear.objects.create(
            year=year.year, source=year.source, provisional=year.provisional
        )
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(year=stored, day=day, kind=kind, name=name)
                for kind, days in (
                    (CalendarDay.Kind.HOLIDAY, year.holidays),
                    (CalendarDay.Kind.WORKDAY, year.workdays),
                )
                for day, name in sorted(days.items())
            ]
        )
