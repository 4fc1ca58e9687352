"""The vote's pages at street scale (issue 13, items 4–5): the open vote, the closed vote,
the unreached list and the proposal page read stored participation, stored results and
stored shares, so they make the same queries with 20 homes as with 120; lists come 50 to
a page; a hostile ?page= gives a page, never a server error."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deliberation import services, workflow
from deliberation.models import Comment
from tests import factories as f
from tests.deliberation.test_votes import open_vote, pdf

pytestmark = pytest.mark.django_db
HOSTILE = ["abc", "-1", "0", "2", "99999999999999999999", "１", "1e3", "<script>", "%00", ""]


def _homes(place, n, start):
    other = f.BuildingFactory(compound=place.compound, name=f"{start}栋")
    for i in range(start, start + n):
        building = place.building if i % 2 else other
        unit = f.UnitFactory(building=building, door=str(i), area=Decimal("88.40"))
        f.ResidencyFactory(unit=unit)


def _some_vote(vote, n):
    topic = vote.topics.get()
    for entry in vote.roll.filter(voter__isnull=False).select_related("voter")[:n]:
        services.ballot_cast(
            vote_id=vote.pk, unit_id=entry.unit_id, by=entry.voter, choices={topic.pk: "for"}
        )


def _queries(client, user, url) -> int:
    client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_vote_pages_make_the_same_queries_with_20_homes_as_with_120(
    client, place, committee_chair, resident, building_head, clock
):
    def measure(n):
        _homes(place, n, 1000 + n)
        vote = open_vote(place, committee_chair, clock)
        _some_vote(vote, n // 2)
        pages = [
            (committee_chair, reverse("deliberation:vote", args=[vote.pk])),
            (resident, reverse("deliberation:vote", args=[vote.pk])),
            (building_head, reverse("deliberation:unreached", args=[vote.pk]) + "?all=1"),
        ]
        counts = [_queries(client, user, url) for user, url in pages]
        clock.move_to(vote.closes_at)
        services.close_due()
        closed = reverse("deliberation:vote", args=[vote.pk])
        counts.append(_queries(client, resident, closed))
        return counts

    small = measure(20)
    large = measure(100)
    assert small == large
    assert max(large) <= 12, large


def test_hostile_page_numbers_give_a_page(
    client, place, committee_chair, resident, building_head, clock
):
    _homes(place, 60, 3000)
    vote = open_vote(place, committee_chair, clock)
    proposal = services.proposal_raise(
        by=committee_chair, compound=place.compound, title="盖板整修", background="松动"
    )
    workflow.advance(proposal.pk, "consult", actor=committee_chair)
    Comment.objects.bulk_create(
        Comment(proposal=proposal, author=resident, text=f"意见{i}") for i in range(60)
    )
    pages = [
        (building_head, reverse("deliberation:unreached", args=[vote.pk]) + "?all=1&page="),
        (resident, reverse("deliberation:proposal", args=[proposal.pk]) + "?page="),
    ]
    for user, url in pages:
        client.force_login(user)
        for value in HOSTILE:
            assert client.get(url + value).status_code == 200, (url, value)
    page = client.get(reverse("deliberation:proposal", args=[proposal.pk]) + "?page=2")
    listed = page.content.decode().split('data-testid="comments"')[1].split("</ul>")[0]
    assert listed.count('class="card"') == 10 and "意见59" in listed
    assert "?page=1" in page.content.decode()


def test_the_unreached_list_comes_fifty_to_a_page(
    client, place, committee_chair, building_head, clock
):
    _homes(place, 70, 4000)
    vote = open_vote(place, committee_chair, clock)
    client.force_login(building_head)
    page = client.get(reverse("deliberation:unreached", args=[vote.pk]) + "?all=1").content
    listed = page.decode().split('data-testid="unreached"')[1].split("</ul>")[0]
    assert listed.count('class="card"') == 50


@pytest.mark.parametrize("invalid_participate", [True, False])
def test_the_unreached_count_from_kept_rows_is_the_count_of_the_list(
    client, place, committee_chair, building_head, clock, invalid_participate
):
    from deliberation import participation, queries
    from deliberation.models import OwnersVote

    _homes(place, 30, 5000)
    vote = open_vote(place, committee_chair, clock)
    OwnersVote.objects.filter(pk=vote.pk).update(invalid_ballots_participate=invalid_participate)
    vote.refresh_from_db()
    _some_vote(vote, 7)
    # A spoiled paper ballot, entered by one collector and verified by another: the home
    # is reached; whether it takes part is the vote's setting.
    voted = vote.ballots.values("unit_id")
    spoiled = vote.roll.filter(unit__building=place.building).exclude(unit_id__in=voted).first()
    (ballot, *_rest) = services.ballot_cast(
        vote_id=vote.pk, unit_id=spoiled.unit_id, by=building_head,
        choices={vote.topics.get().pk: "for"}, channel="paper", scan=pdf(),
        spoiled_reason="未签名",
    )  # fmt: skip
    services.ballot_verify(ballot_id=ballot.pk, by=committee_chair)
    mine = {place.building.pk}
    for buildings in (None, mine):
        listed = queries.unreached(vote, buildings).count()
        kept = participation.unreached_count(vote, buildings)
        assert kept == (listed if invalid_participate else None)
    client.force_login(building_head)
    page = client.get(reverse("deliberation:unreached", args=[vote.pk]))
    assert page.context["page"].paginator.count == queries.unreached(vote, mine).count()
