"""Closing a vote at street scale (issue 13, item 6): the close counts every topic in a
number of queries that does not grow with the units, stores the results and queues the
result notice, which is published once however often its task runs; the beat's sweep
publishes a notice a down broker lost."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from compounds.announcements.models import Announcement
from deliberation import queries, services
from deliberation.models import OwnersVote
from deliberation.results import publish_vote_result
from tests import factories as f
from tests.deliberation.test_votes import cast, open_vote

pytestmark = pytest.mark.django_db


def _homes(place, n, start):
    for i in range(start, start + n):
        unit = f.UnitFactory(
            building=place.building, entrance="8单元", door=str(i), area=Decimal("70.25")
        )
        f.ResidencyFactory(unit=unit)


def _voted(place, committee_chair, clock, n):
    vote = open_vote(place, committee_chair, clock)
    topic = vote.topics.get()
    for entry in vote.roll.filter(voter__isnull=False).select_related("voter")[:n]:
        services.ballot_cast(
            vote_id=vote.pk, unit_id=entry.unit_id, by=entry.voter, choices={topic.pk: "for"}
        )
    return vote


def _close_queries(vote) -> int:
    with CaptureQueriesContext(connection) as captured:
        services.vote_close(vote_id=vote.pk, now=vote.closes_at)
    return len(captured.captured_queries)


def test_closing_takes_the_same_queries_for_20_units_as_for_200(place, committee_chair, clock):
    _homes(place, 20, 1000)
    small = _voted(place, committee_chair, clock, 15)
    _homes(place, 180, 2000)
    large = _voted(place, committee_chair, clock, 150)
    clock.move_to(large.closes_at)
    assert _close_queries(small) == _close_queries(large)
    for vote in (small, large):
        topic = vote.topics.get()
        assert topic.result == queries.tally_of(vote, topic).as_dict()
    assert queries.recount_closed() == []


def test_the_result_notice_is_queued_and_published_once(
    place, committee_chair, resident, clock, django_capture_on_commit_callbacks, eager_tasks
):
    vote = open_vote(place, committee_chair, clock)
    cast(vote, resident, "for")
    clock.move_to(vote.closes_at)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        services.vote_close(vote_id=vote.pk)
    assert len(queued) == 1
    vote.refresh_from_db()
    notice = vote.result_notice
    assert notice is not None and vote.topics.get().title in notice.body
    publish_vote_result(vote.pk)  # the task again (a retry, or the sweep beside it)
    services.close_due()
    vote.refresh_from_db()
    assert vote.result_notice == notice
    assert Announcement.objects.filter(title=notice.title).count() == 1


def test_the_sweep_publishes_a_result_notice_a_down_broker_lost(
    place, committee_chair, resident, clock
):
    vote = open_vote(place, committee_chair, clock)
    cast(vote, resident, "against")
    clock.move_to(vote.closes_at)
    services.vote_close(vote_id=vote.pk)  # its on-commit task never runs here
    assert OwnersVote.objects.get(pk=vote.pk).result_notice is None
    services.close_due()
    assert OwnersVote.objects.get(pk=vote.pk).result_notice is not None


def test_the_sweep_never_publishes_the_result_of_a_vote_counted_long_ago(
    place, committee_chair, clock
):
    vote = open_vote(place, committee_chair, clock)
    clock.move_to(vote.closes_at)
    services.vote_close(vote_id=vote.pk)
    clock.move_to(vote.closes_at + timedelta(days=3))
    services.close_due()
    assert OwnersVote.objects.get(pk=vote.pk).result_notice is None


def test_the_close_bench_runs_end_to_end_and_leaves_nothing_behind(capsys):
    from bench.close_vote import main

    before = OwnersVote.objects.count()
    main([120])
    assert "units 120" in capsys.readouterr().out
    assert OwnersVote.objects.count() == before
