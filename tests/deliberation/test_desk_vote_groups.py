"""The desk's votes by where they stand (issue 12 item 2): the group of votes open now
(投票中, the #votes anchor) counts what home counts as votes under way; votes noticed but
not open yet and votes closed and being counted are listed apart, with their own counts."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from deliberation import services
from deliberation.models import OwnersVote
from tests.deliberation.test_votes import draft, open_vote

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _publish(place, chair, title) -> OwnersVote:
    vote = draft(place, chair)
    OwnersVote.objects.filter(pk=vote.pk).update(title=title)
    opens = timezone.now() + timedelta(days=16)
    return services.vote_publish_notice(
        vote_id=vote.pk, by=chair, opens_at=opens, closes_at=opens + timedelta(days=7)
    )


def _group(html: str, testid: str) -> tuple[int, list[str]]:
    """(count in the group's heading, the titles of its rows)."""
    head = re.search(rf'data-testid="{testid}">[^<]*<span class="count"[^>]*>(\d+)<', html)
    rows = html[html.index(f'data-testid="{testid}-rows"') :].split("</ul>", 1)[0]
    return int(head.group(1)), re.findall(r'data-testid="row"><a [^>]*><strong>([^<]+)<', rows)


def test_the_votes_anchor_counts_what_home_counts_and_the_others_stand_apart(
    client, place, committee_chair, clock
):
    now_open = open_vote(place, committee_chair, clock)
    OwnersVote.objects.filter(pk=now_open.pk).update(title="投票中的表决")
    _publish(place, committee_chair, "已公告的表决")  # voting opens in 16 days
    counting = _publish(place, committee_chair, "已截止的表决")
    OwnersVote.objects.filter(pk=counting.pk).update(
        opens_at=timezone.now() - timedelta(days=8), closes_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(committee_chair)
    home = client.get("/", **ZH).content.decode()
    shown = re.search(r'data-counter="votes"><strong data-count>(\d+)<', home)
    assert shown and int(shown.group(1)) == 1
    html = client.get(reverse("deliberation:desk", args=[place.compound.pk]), **ZH)
    html = html.content.decode()
    assert re.search(r'<h3 id="votes" data-testid="votes-open">', html)  # the anchor
    assert _group(html, "votes-open") == (1, ["投票中的表决"])
    assert _group(html, "votes-upcoming") == (1, ["已公告的表决"])
    assert _group(html, "votes-counting") == (1, ["已截止的表决"])
