"""Deliberation pages run the same number of queries with little and with more data."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deliberation import services, workflow
from deliberation.models import Comment
from tests import factories as f
from tests.deliberation.test_votes import open_vote, pdf

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_deliberation_pages_do_not_grow_with_their_data(
    client, place, committee_chair, building_head, resident, clock
):
    proposal = services.proposal_raise(
        by=committee_chair, compound=place.compound, title="盖板整修", background="松动"
    )
    workflow.advance(proposal.pk, "consult", actor=committee_chair)
    made = []

    def grow(n):
        for _ in range(n):
            i = len(made)
            made.append(i)
            owner = f.ResidencyFactory(
                unit=f.UnitFactory(building=place.building, entrance="7单元", door=f"{i}07")
            ).user
            Comment.objects.create(proposal=proposal, author=owner, text=f"意见{i}")
            services.suggestion_submit(by=owner, compound=place.compound, text=f"建议{i}")
            services.meeting_create(
                by=committee_chair,
                compound=place.compound,
                kind="roundtable",
                title=f"圆桌会{i}",
                held_at=timezone.now() - timedelta(days=1),
                agenda="议程",
                proposals=[proposal],
            )

    grow(2)
    vote = open_vote(place, committee_chair, clock)
    pages = [
        (resident, reverse("deliberation:compound", args=[place.compound.pk])),
        (resident, reverse("deliberation:vote", args=[vote.pk])),
        (resident, reverse("deliberation:proposal", args=[proposal.pk])),
        (resident, reverse("deliberation:suggestions", args=[place.compound.pk])),
        (building_head, reverse("deliberation:paper", args=[vote.pk])),
        (building_head, reverse("deliberation:unreached", args=[vote.pk])),
    ]

    def measure():
        counts = []
        for user, url in pages:
            client.force_login(user)
            counts.append(_count(client, url))
        return counts

    def vote_some(n):
        topic = vote.topics.get()
        for entry in vote.roll.filter(voter__isnull=False).exclude(
            unit_id__in=vote.ballots.values("unit_id")
        )[:n]:
            services.ballot_cast(
                vote_id=vote.pk, unit_id=entry.unit_id, by=entry.voter, choices={topic.pk: "for"}
            )
        for entry in vote.roll.exclude(unit_id__in=vote.ballots.values("unit_id"))[:n]:
            services.outreach_log(vote=vote, unit=entry.unit, by=building_head, note="上门")
            services.ballot_cast(
                vote_id=vote.pk,
                unit_id=entry.unit_id,
                by=building_head,
                choices={topic.pk: "for"},
                channel="paper",
                scan=pdf(),
            )

    services.ballot_cast(  # the reader has voted in both measurements
        vote_id=vote.pk,
        unit_id=resident.residencies.get().unit_id,
        by=resident,
        choices={vote.topics.get().pk: "for"},
    )
    vote_some(1)
    small = measure()
    grow(10)
    vote_some(5)
    assert measure() == small


def test_the_unreached_list_is_paginated_and_its_queries_do_not_grow(
    client, place, committee_chair, building_head, clock
):
    """Collectors page through the homes not reached (50 a page, the filter kept in the
    links); the page costs the same number of queries for 110 homes as for 170."""
    other = f.BuildingFactory(compound=place.compound, name="19栋")

    def homes(n, start):
        for i in range(start, start + n):
            building = place.building if i % 2 else other
            f.ResidencyFactory(unit=f.UnitFactory(building=building, entrance="9单元", door=f"{i}"))

    homes(110, 1000)
    small_vote = open_vote(place, committee_chair, clock)
    homes(60, 2000)
    large_vote = open_vote(place, committee_chair, clock)
    client.force_login(building_head)
    counts = []
    for vote in (small_vote, large_vote):
        url = reverse("deliberation:unreached", args=[vote.pk]) + "?all=1&page=2"
        entry = vote.roll.order_by("building_name", "label", "pk")[60]
        services.outreach_log(vote=vote, unit=entry.unit, by=building_head, note="上门")
        counts.append(_count(client, url))
        page = client.get(url).content.decode()
        listed = page.split('data-testid="unreached"')[1].split("</ul>")[0]
        assert listed.count('class="card"') == 50 and "上门" in listed
        assert "?all=1&amp;page=1" in page and "?all=1&amp;page=3" in page
    assert counts[0] == counts[1]
