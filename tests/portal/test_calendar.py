"""The portal's holiday calendar: the shipped years as the notices give them, a year loaded
by an operator replacing the shipped one, the command and the admin page, and the holiday
warning for owners' votes."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from portal import calendar
from portal.calendar import SHIPPED, Calendar, Year, holiday_warning, holidays_among
from portal.models import CalendarDay, CalendarYear
from tests.helpers import admin_signed_in

SHANGHAI = ZoneInfo("Asia/Shanghai")
SHIPPED_ONLY = Calendar(database=False)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def spans(days) -> list[tuple[str, str, str]]:
    from portal.management.commands.holidays import ranges

    return [(name, f"{a:%m-%d}", f"{b:%m-%d}") for name, a, b in ranges(days)]


def test_2026_is_the_state_councils_notice():
    """国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04), item by item."""
    year = SHIPPED[2026]
    assert not year.provisional and "2026年部分节假日安排" in year.source
    assert spans(year.holidays) == [
        ("元旦", "01-01", "01-03"),  # 1月1日（周四）至3日（周六）
        ("春节", "02-15", "02-23"),  # 2月15日（腊月二十八）至23日（正月初七），共9天
        ("清明节", "04-04", "04-06"),
        ("劳动节", "05-01", "05-05"),
        ("端午节", "06-19", "06-21"),
        ("中秋节", "09-25", "09-27"),
        ("国庆节", "10-01", "10-07"),
    ]
    assert len(year.holidays) == 3 + 9 + 3 + 5 + 3 + 3 + 7
    # 上班: 1月4日（周日）, 2月14日（周六）、2月28日（周六）, 5月9日（周六）,
    # 9月20日（周日）、10月10日（周六）.
    worked = sorted(year.workdays)
    assert [f"{d:%m-%d}" for d in worked] == ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"]
    assert all(d.weekday() >= 5 for d in worked)


def test_2027_is_provisional_until_the_notice():
    year = SHIPPED[2027]
    assert year.provisional and "暂定" in year.source and not year.workdays
    # The days 《全国年节及纪念日放假办法》 fixes, on 2027's lunar dates: 除夕 02-05, 正月初一
    # 02-06; 清明 04-05; 端午 06-09; 中秋 09-15; holidays on a weekend made up (补假).
    assert spans(year.holidays) == [
        ("元旦", "01-01", "01-01"),
        ("春节", "02-05", "02-10"),
        ("清明节", "04-05", "04-05"),
        ("劳动节", "05-01", "05-04"),
        ("端午节", "06-09", "06-09"),
        ("中秋节", "09-15", "09-15"),
        ("国庆节", "10-01", "10-05"),
    ]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        ("2026-10-01", False),  # 国庆节, a Thursday
        ("2026-10-08", True),  # the Thursday after
        ("2026-10-10", True),  # a Saturday worked (调休)
        ("2026-10-17", False),  # an ordinary Saturday
        ("2026-02-14", True),  # a Saturday worked before 春节
        ("2026-02-23", False),  # 正月初七, a Monday off
        ("2030-06-03", True),  # a year known to no list: Monday to Friday
        ("2030-06-01", False),
    ],
)
def test_working_days(day, working):
    assert SHIPPED_ONLY.is_working_day(date.fromisoformat(day)) is working


def test_a_year_unknown_to_the_calendar_says_so():
    assert SHIPPED_ONLY.year(2030).origin == "none"


@pytest.mark.django_db
def test_a_loaded_year_replaces_the_shipped_one_whole_and_dropping_it_restores_it():
    corrected = Year(
        2026,
        "国务院办公厅关于2026年部分节假日安排的通知（更正）",
        {date(2026, 10, 1): "国庆节", date(2026, 10, 12): "国庆节"},
        {},
    )
    calendar.year_store(corrected)
    fresh = Calendar()
    assert fresh.year(2026).origin == "database"
    assert not fresh.is_working_day(date(2026, 10, 12))
    assert fresh.is_working_day(date(2026, 10, 2))  # the shipped days are not merged in
    assert not fresh.is_working_day(date(2026, 10, 10))  # nor its 调休
    calendar.year_store(corrected)  # storing again replaces, never duplicates
    assert CalendarDay.objects.count() == 2
    call_command("holidays", "drop", "2026", stdout=StringIO())
    assert Calendar().year(2026) == SHIPPED[2026]


@pytest.mark.django_db
def test_a_calendar_reads_each_year_once(django_assert_num_queries):
    fresh = Calendar()
    with django_assert_num_queries(1):  # nothing loaded for 2026: the shipped year
        for day in range(1, 31):
            fresh.is_working_day(date(2026, 9, day))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (
            {"year": 2028, "source": "通知", "holidays": [{"name": "元旦", "from": "2029-01-01"}]},
            "year",
        ),
        (
            {
                "year": 2028,
                "source": "通知",
                "holidays": [{"name": "春节", "from": "2028-01-29", "to": "2028-01-30"}],
                "workdays": [{"name": "春节", "day": "2028-01-30"}],
            },
            "both",
        ),
        ({"year": 2028, "source": " "}, "source"),
        (
            {"year": 2028, "source": "通知", "holidays": [{"name": "元旦", "from": "01-01"}]},
            "format",
        ),
        ({"source": "通知"}, "format"),
        (
            {
                "year": 2028,
                "source": "通知",
                "holidays": [{"name": "元旦", "from": "2028-01-03", "to": "2028-01-01"}],
            },
            "range",
        ),
    ],
)
def test_a_file_that_does_not_describe_a_year_is_refused(data, code):
    with pytest.raises(ValidationError) as refused:
        calendar.parse_year(data)
    assert refused.value.code == code


@pytest.mark.django_db
def test_the_command_exports_loads_shows_and_drops_a_year(tmp_path):
    out = StringIO()
    call_command("holidays", "export", "2027", stdout=out)
    path = tmp_path / "2027.toml"
    path.write_text(
        out.getvalue().replace("provisional = true", "provisional = false").replace("暂定：", "")
        + '\n[[workdays]]\nname = "春节"\nday = 2027-02-13\n',
        encoding="utf-8",
    )
    call_command("holidays", "load", str(path), "--dry-run", stdout=StringIO())
    assert not CalendarYear.objects.exists()
    call_command("holidays", "load", str(path), stdout=StringIO())
    stored = Calendar().year(2027)
    assert (stored.origin, stored.provisional) == ("database", False)
    assert stored.holidays == SHIPPED[2027].holidays
    assert stored.workdays == {date(2027, 2, 13): "春节"}
    shown = StringIO()
    call_command("holidays", "show", "2026", "2027", stdout=shown)
    assert "2026, shipped" in shown.getvalue() and "2027, database" in shown.getvalue()
    assert "worked  2027-02-13 (Sat)  春节" in shown.getvalue()
    bad = tmp_path / "bad.toml"
    bad.write_text('year = 2028\nsource = "x"\n[[holidays]]\nname = "元旦"\nfrom = 2029-01-01\n')
    with pytest.raises(CommandError) as refused:
        call_command("holidays", "load", str(bad), stdout=StringIO())
    assert refused.value.returncode == 2 and "2028" in str(refused.value)


@pytest.mark.django_db
def test_the_admin_page_lists_and_edits_loaded_years(client, django_user_model):
    admin_signed_in(client, django_user_model.objects.create_superuser("+8613800009999", "pw"))
    admin_client = client
    calendar.year_store(Year(2028, "通知", {date(2028, 1, 1): "元旦"}, {}))
    assert admin_client.get("/admin/portal/calendaryear/").status_code == 200
    page = admin_client.get("/admin/portal/calendaryear/2028/change/")
    assert page.status_code == 200 and "2028-01-01" in page.content.decode()


def test_the_holidays_among_moments_are_those_of_the_notice_not_weekends():
    moments = [at("2026-09-30 20:00"), at("2026-10-01 09:00"), at("2026-10-17 09:00"), None]
    assert holidays_among(moments, SHIPPED_ONLY) == [
        (at("2026-10-01 09:00"), date(2026, 10, 1), "国庆节")
    ]


def test_a_vote_opening_or_closing_on_a_holiday_is_warned_about():
    assert (
        holiday_warning(
            opens_at=at("2026-09-10 08:00"), closes_at=at("2026-09-24 20:00"), calendar=SHIPPED_ONLY
        )
        == ""
    )
    both = holiday_warning(
        opens_at=at("2026-09-26 08:00"), closes_at=at("2026-10-03 18:00"), calendar=SHIPPED_ONLY
    )
    assert "2026-09-26" in both and "中秋节" in both
    assert "2026-10-03" in both and "国庆节" in both
    # Closing at 00:00 of 10-08 is closing at the end of 10-07, the last day of 国庆.
    at_midnight = holiday_warning(
        opens_at=None, closes_at=at("2026-10-08 00:00"), calendar=SHIPPED_ONLY
    )
    assert "2026-10-07" in at_midnight
    assert (
        holiday_warning(opens_at=None, closes_at=at("2026-10-09 00:00"), calendar=SHIPPED_ONLY)
        == ""
    )


def test_a_deadline_at_midnight_reads_as_24_00_of_the_last_day():
    assert calendar.as_24h(at("2026-10-09 00:00")) == "2026-10-08 24:00"
    assert calendar.as_24h(at("2026-10-09 00:01")) == "2026-10-09 00:01"
    assert calendar.last_day(at("2026-10-09 00:00")) == date(2026, 10, 8)
