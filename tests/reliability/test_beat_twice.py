"""Two beat processes by mistake (issue 16, item 10): each periodic job run twice at the
same moment — two threads released together on PostgreSQL, as two beats would hand the
same job to two workers — does its work exactly once: the disclosure drafts, the
escalations, the reminders and the closing of a vote. Nobody is told twice and neither run
fails."""

import threading
from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connections
from django.db.models import Count
from django.utils import timezone

from compounds.models import Body
from deliberation import services as deliberation
from deliberation.models import ElectionReminder, Meeting, OwnersVote, Suggestion
from finance import services as finance
from finance.models import ClosedPeriod, Disclosure
from finance.tasks import close_and_draft
from portal.notifications.models import Notification
from requests.models import Request, RequestEvent
from requests.tasks import escalate_overdue
from tests.requests.test_workflow import cat

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shared_database"),
]


def twice(job) -> list:
    """Run `job` in two threads released together; the results of both. An exception in
    either fails the test: a second beat must never make a job fail."""
    barrier, results, errors = threading.Barrier(2), [], []

    def run():
        try:
            barrier.wait()
            results.append(job())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == [], errors
    return results


def told_twice() -> list:
    """Anyone told the same thing (event and link) more than once."""
    return list(
        Notification.objects.values("recipient_id", "event", "url", "params")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )


def test_two_beats_close_each_month_and_draft_each_disclosure_once(
    place, committee_chair, party_secretary, supervisor
):
    account = finance.open_account(
        compound=place.compound,
        actor=committee_chair,
        kind="common_income",
        name="公共收益",
        opening_balance=0,
        opened_on=date(2025, 1, 1),
    )
    finance.appoint_keeper(account=account, actor=committee_chair, holder=party_secretary)
    results = twice(close_and_draft)
    closed = sum(r[0] for r in results)
    drafted = sum(r[1] for r in results)
    months = ClosedPeriod.objects.filter(compound=place.compound)
    assert closed == months.count() > 10
    assert months.values("month").distinct().count() == months.count()
    periods = Disclosure.objects.filter(account=account)
    assert drafted == periods.count() > 3
    assert periods.values("period_start").distinct().count() == periods.count()
    assert told_twice() == []
    assert close_and_draft()[:2] == (0, 0)


def test_two_beats_escalate_each_request_one_rung(place, resident):
    late = timezone.now() - timedelta(days=3)
    Request.objects.bulk_create(
        Request(
            compound=place.compound,
            building=place.building,
            category=cat(),
            description="灯坏了",
            reporter=resident,
            handler_kind="property",
            accept_due=late,
            resolve_due=late + timedelta(days=2),
        )
        for _ in range(40)
    )
    assert sum(twice(escalate_overdue)) == 40
    events = Counter(
        RequestEvent.objects.filter(action="escalate").values_list("request_id", flat=True)
    )
    assert len(events) == 40 and set(events.values()) == {1}
    assert set(Request.objects.values_list("escalation_level", flat=True)) == {1}
    assert told_twice() == []


def test_two_beats_remind_once(place, committee_chair, resident, community_staff):
    """Suggestions unanswered, minutes not published, a committee's term ending: each
    reminder once, to each person once."""
    suggestion = deliberation.suggestion_submit(
        by=resident, compound=place.compound, text="小区大门晚上太暗"
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(
        answer_due=timezone.now() - timedelta(hours=1)
    )
    deliberation.meeting_create(
        by=committee_chair,
        compound=place.compound,
        kind="joint",
        title="联席会议",
        held_at=timezone.now() - timedelta(days=20),
        agenda="充电桩",
    )
    Body.objects.filter(compound=place.compound, kind="owners_committee").update(
        end=timezone.localdate() + timedelta(days=60)
    )

    def reminders():
        return (
            deliberation.suggestions_chase(),
            deliberation.minutes_remind(),
            deliberation.election_reminders(),
        )

    results = twice(reminders)
    assert [sum(r[0][0] for r in results), sum(r[0][1] for r in results)] == [1, 1]
    assert sum(r[1] for r in results) == 2  # the organiser reminded, staff told: once each
    assert sum(r[2] for r in results) == 1
    assert ElectionReminder.objects.count() == 1
    assert Meeting.objects.filter(minutes_escalated_at__isnull=False).count() == 1
    events = Counter(Notification.objects.values_list("event", flat=True))
    assert events["election.due"] >= 2  # the chair and community staff
    assert events["suggestion.overdue"] == 1 and events["meeting.minutes_late"] == 1
    assert events["meeting.minutes_due"] == 1
    assert told_twice() == []


def test_two_beats_close_a_vote_once(place, committee_chair, resident):
    vote = deliberation.vote_create(
        by=committee_chair,
        compound=place.compound,
        title="更换门禁",
        method="网上投票",
        topics=[{"title": "同意", "matter_item": 7}],
    )
    now = timezone.now()
    opens = now - timedelta(days=8)
    deliberation.vote_publish_notice(
        vote_id=vote.pk,
        by=committee_chair,
        opens_at=opens,
        closes_at=now - timedelta(minutes=1),
        now=opens - timedelta(days=17),
    )
    deliberation.ballot_cast(
        vote_id=vote.pk,
        unit_id=resident.residencies.get().unit_id,
        by=resident,
        choices={vote.topics.get().pk: "for"},
        now=opens + timedelta(hours=1),
    )
    before = Notification.objects.count()
    assert sum(twice(deliberation.close_due)) == 1
    vote.refresh_from_db()
    assert vote.state == OwnersVote.State.CLOSED
    assert vote.topics.get().result["participating_heads"] == 1
    assert Notification.objects.count() > before  # the result was told …
    assert told_twice() == []  # … once to each
