"""Day periods in deliberation, counted by 民法典 第二百零一条、第二百零三条 on the portal's
holiday calendar: a suggestion's 7 days to an answer, the minutes' 3 days, the 7 days of
consultation. The day of the event is not counted; a period ends at 24:00 of its last day;
a last day off gives way to the first working day after it. (The result of an owners' vote
has no period: it is published at the close, in the same transaction — closing.py.)"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from deliberation import services, workflow
from deliberation.models import Proposal
from deliberation.services.meetings import minutes_due
from portal.calendar import Calendar, end_of_day, holiday_warning, period_end
from portal.notifications.models import Notification

SHANGHAI = ZoneInfo("Asia/Shanghai")
SHIPPED_ONLY = Calendar(database=False)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_a_suggestion_filed_the_day_before_the_holidays_is_due_after_them(place, resident):
    """Filed Thursday 2026-09-24 15:00: the 7 days are 09-25 … 10-01; 10-01 is 国庆节, off
    until 10-07, so the last day is Thursday 10-08 and the answer is due at its 24:00 —
    00:00 of 10-09 in Beijing, 16:00 UTC of 10-08."""
    with time_machine.travel(at("2026-09-24 15:00"), tick=False):
        suggestion = services.suggestion_submit(
            by=resident, compound=place.compound, text="国庆期间请加强巡逻"
        )
    suggestion.refresh_from_db()
    assert suggestion.answer_due == at("2026-10-09 00:00")
    assert suggestion.answer_due == datetime(2026, 10, 8, 16, 0, tzinfo=UTC)
    assert suggestion.answer_due.utcoffset() == timedelta(0)  # stored aware, in UTC


@pytest.mark.parametrize("hour", ["00:00:00", "15:00:00", "23:59:59"])
def test_the_hour_of_filing_does_not_count(hour):
    assert period_end(at(f"2026-09-24 {hour}"), 7, SHIPPED_ONLY) == at("2026-10-09 00:00")


def test_one_second_earlier_is_another_day():
    """Filed 2026-09-23 23:59:59: the 7 days are 09-24 … 09-30, a Wednesday worked."""
    assert period_end(at("2026-09-23 23:59:59"), 7, SHIPPED_ONLY) == at("2026-10-01 00:00")


def test_a_last_day_on_a_weekend_or_on_a_saturday_worked():
    # 2026-11-07 is an ordinary Saturday: the period runs to Monday 11-09, 24:00.
    assert period_end(at("2026-10-31 10:00"), 7, SHIPPED_ONLY) == at("2026-11-10 00:00")
    # 2026-10-10 is a Saturday worked (调休上班): the period ends that day.
    assert period_end(at("2026-10-03 10:00"), 7, SHIPPED_ONLY) == at("2026-10-11 00:00")
    # 2026-02-22 is in 春节 (02-15 … 02-23): Tuesday 02-24.
    assert period_end(at("2026-02-15 10:00"), 7, SHIPPED_ONLY) == at("2026-02-25 00:00")


@given(
    day=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 20)),
    hour=st.times(),
    days=st.integers(min_value=1, max_value=30),
)
def test_a_period_ends_at_the_first_working_day_on_or_after_its_nth_day(day, hour, days):
    """Against the rule read plainly: the Nth day after the day of the event, then day by
    day past every day off."""
    start = datetime.combine(day, hour, tzinfo=SHANGHAI)
    end = period_end(start, days, SHIPPED_ONLY)
    last = start.date() + timedelta(days=days)
    skipped = []
    while not SHIPPED_ONLY.is_working_day(last):
        skipped.append(last)
        last += timedelta(days=1)
    assert end == end_of_day(last)
    assert end.astimezone(SHANGHAI).time().isoformat() == "00:00:00"
    assert all(not SHIPPED_ONLY.is_working_day(day) for day in skipped)
    assert end - start > timedelta(days=days)


@pytest.mark.django_db
def test_minutes_due_in_the_national_day_holidays_are_due_after_them(
    place, committee_chair, community_staff
):
    """A joint meeting on Tuesday 2026-09-29: the 3 days are 09-30 … 10-02; 10-02 is 国庆节,
    so the minutes are due at 24:00 of 10-08. The organiser is reminded on that last day,
    and community staff told only once it has ended — not on 10-02 as before."""
    with time_machine.travel(at("2026-09-29 10:00"), tick=False) as clock:
        meeting = services.meeting_create(
            by=committee_chair,
            compound=place.compound,
            kind="joint",
            title="联席会议",
            held_at=at("2026-09-29 10:00"),
            agenda="盖板",
        )
        assert minutes_due(meeting.held_at) == at("2026-10-09 00:00")
        clock.move_to(at("2026-10-02 10:01"))
        assert services.minutes_remind() == 0
        clock.move_to(at("2026-10-07 23:59"))
        assert services.minutes_remind() == 0
        clock.move_to(at("2026-10-08 00:00"))
        assert services.minutes_remind() == 1  # the organiser, on the last day
        clock.move_to(at("2026-10-09 00:00"))
        assert services.minutes_remind() == 0  # 24:00 of the last day: still in time
        clock.shift(timedelta(seconds=1))
        assert services.minutes_remind() == 1  # community staff
        assert services.minutes_remind() == 0
    assert Notification.objects.filter(recipient=committee_chair, event="meeting.minutes_due")
    assert Notification.objects.filter(recipient=community_staff, event="meeting.minutes_late")


@pytest.mark.django_db
def test_the_consultation_runs_seven_days_past_the_holidays(place, party_secretary, resident):
    """Consultation opened Monday 2026-09-28: the 7 days are 09-29 … 10-05, 10-05 is off,
    so residents comment until 24:00 of 10-08, as the refusal says."""
    proposal = services.proposal_raise(
        by=party_secretary,
        compound=place.compound,
        title="下水道盖板整修",
        background="18栋门口的下水道盖板松动。",
        options="更换盖板",
        budget_estimate="3600.00",
        funding_source="common_income",
        matter_item=0,
    )
    with time_machine.travel(at("2026-09-28 09:00"), tick=False) as clock:
        workflow.advance(proposal.pk, "consult", actor=party_secretary)
        proposal.refresh_from_db()
        assert proposal.consult_until == at("2026-10-09 00:00")
        clock.move_to(at("2026-10-08 23:59"))
        services.comment_add(proposal=proposal, by=resident, text="盖板要防滑")
        with pytest.raises(ValidationError, match="2026-10-08 24:00"):
            workflow.advance(proposal.pk, "review", actor=party_secretary)
        clock.move_to(at("2026-10-09 00:01"))
        with pytest.raises(ValidationError):  # the comment period is over
            services.comment_add(proposal=proposal, by=resident, text="晚了")
    assert Proposal.objects.get(pk=proposal.pk).stage == "consult"


def test_a_vote_closing_in_the_national_day_holidays_is_warned_about_not_refused():
    """Voting from Sunday 2026-09-20 to 2026-10-03 20:00 closes on 国庆节: the notice form
    shows a warning; nothing refuses it."""
    warning = holiday_warning(
        opens_at=at("2026-09-20 08:00"), closes_at=at("2026-10-03 20:00"), calendar=SHIPPED_ONLY
    )
    assert "2026-10-03" in warning and "国庆节" in warning and "2026-09-20" not in warning


def test_the_calendar_is_read_in_beijing_time():
    # 2026-09-30 17:00 UTC is 10-01 01:00 in Beijing: the day of the event is 10-01.
    start = datetime(2026, 9, 30, 17, 0, tzinfo=UTC)
    assert period_end(start, 3, SHIPPED_ONLY) == at("2026-10-09 00:00")
    assert SHIPPED_ONLY.holiday(date(2026, 10, 1)) == "国庆节"
