"""Pins that lapse wherever notices are listed (issue 12 item 5): the notice of an owners'
vote is pinned only while the vote is pending or open; the notice of its result for
DELIBERATION_RESULT_PIN_DAYS days. Decided when listing, so old notices follow the rule."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from compounds.announcements.queries import notices_for
from deliberation import services
from deliberation.models import OwnersVote
from tests.deliberation.test_votes import open_vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def _listed(client) -> list[tuple[str, bool]]:
    """(title, shows the pinned tag) of each notice on /notices/, in order."""
    html = client.get(reverse("announcements:list")).content.decode()
    items = re.findall(r'data-testid="notice">\s*<a [^>]*><strong>(.*?)</strong>', html, re.S)
    return [(re.sub(r"<[^>]+>[^<]*</span> ", "", i).strip(), 'class="tag"' in i) for i in items]


def _pins(client, *notices) -> list[bool]:
    listed = dict(_listed(client))
    return [listed[n.title] for n in notices]


def test_a_vote_notice_unpins_once_closed_and_its_result_after_the_set_days(
    client, place, committee_chair, resident, clock, settings
):
    settings.DELIBERATION_RESULT_PIN_DAYS = 14
    vote = open_vote(place, committee_chair, clock)
    client.force_login(resident)
    assert _pins(client, vote.notice) == [True]  # open: pinned
    clock.move_to(vote.closes_at + timedelta(minutes=1))
    assert _pins(client, vote.notice) == [False]  # past closing, not counted yet
    services.close_due()
    vote = OwnersVote.objects.select_related("notice", "result_notice").get(pk=vote.pk)
    assert vote.notice.pinned and vote.result_notice.pinned  # as stored: old rows alike
    assert _pins(client, vote.notice, vote.result_notice) == [False, True]
    assert _listed(client)[0][0] == vote.result_notice.title  # the pinned one first
    clock.move_to(vote.result_notice.published_at + timedelta(days=14, minutes=1))
    client.force_login(resident)  # the session of two weeks ago has lapsed too
    assert _pins(client, vote.result_notice) == [False]
    shown = {n.pk: n.pinned for n in notices_for(resident)}  # every reader of notices_for
    assert shown[vote.result_notice.pk] is False


def test_the_result_pin_days_are_a_setting(
    client, place, committee_chair, resident, clock, settings
):
    vote = open_vote(place, committee_chair, clock)
    clock.move_to(vote.closes_at)
    services.close_due()
    vote.refresh_from_db()
    client.force_login(resident)
    clock.move_to(vote.result_notice.published_at + timedelta(days=3))
    settings.DELIBERATION_RESULT_PIN_DAYS = 2
    assert _pins(client, vote.result_notice) == [False]
    settings.DELIBERATION_RESULT_PIN_DAYS = 5
    assert _pins(client, vote.result_notice) == [True]
