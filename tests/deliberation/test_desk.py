"""The committee desk (issue 12 item 3): who may read it (404 before 403), what it lists —
proposals by stage with the next move and whose it is, votes with participation against
the 2/3 line, suggestions due, minutes unpublished, holds — and a fixed query count."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from deliberation import desk, queries, services, workflow
from deliberation.models import Proposal, Suggestion
from tests import factories as f
from tests.deliberation.test_votes import cast, draft

pytestmark = pytest.mark.django_db


def url(place) -> str:
    return reverse("deliberation:desk", args=[place.compound.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("committee_chair", 200),
        ("party_secretary", 200),
        ("supervisor", 200),
        ("street_staff", 200),
        ("community_staff", 200),
        ("resident", 403),
        ("building_head", 403),
        ("worker", 403),
    ],
)
def test_the_desk_is_for_the_compounds_bodies_and_the_staff_over_it(
    client, place, request, persona, status
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(place)).status_code == status
    index = client.get(reverse("deliberation:compound", args=[place.compound.pk]))
    assert (url(place) in index.content.decode()) == (status == 200)  # offered iff allowed


def test_a_compound_out_of_sight_does_not_exist_and_a_stranger_signs_in_first(
    client, place, committee_chair
):
    assert client.get(url(place)).status_code == 302
    client.force_login(committee_chair)
    other = reverse("deliberation:desk", args=[place.other_compound.pk])
    assert client.get(other).status_code == 404
    assert client.get("/deliberation/compound/99999/desk/").status_code == 404


def _proposal(place, chair, title, *to):
    """A proposal moved on by the workflow (consult), or put at a later stage directly."""
    p = services.proposal_raise(by=chair, compound=place.compound, title=title, background="x")
    for action in to:
        if action == "consult":
            workflow.advance(p.pk, action, actor=chair)
        else:  # the joint meeting and the period are another test's business
            Proposal.objects.filter(pk=p.pk).update(stage=action)
    p.refresh_from_db()
    return p


@translation.override("en")
def test_each_proposal_says_what_it_waits_for_and_whose_move_it_is(
    place, committee_chair, supervisor, resident, clock
):
    _proposal(place, committee_chair, "路灯更换")
    consulting = _proposal(place, committee_chair, "停车收费", "consult")
    held = _proposal(place, committee_chair, "外墙翻新", "consult", "review")
    services.hold_place(proposal=held, by=supervisor, reason="预算不清")
    the_desk = desk.desk_of(place.compound)
    rows = {w.proposal.title: w for _s, _n, items in the_desk.stages for w in items}
    assert the_desk.proposal_count == 3 == len(rows)
    assert str(rows["路灯更换"].waits_for) == "opening the consultation"
    assert str(rows["停车收费"].whose) == "residents of the compound"  # the consultation is open
    assert str(rows["外墙翻新"].waits_for) == "an answer to the supervisory hold"
    assert [h.proposal for h in the_desk.holds] == [held]
    assert [s for s, _n, _i in the_desk.stages] == ["propose", "consult", "review"]
    clock.move_to(timezone.now() + timedelta(days=30))  # the consultation period is over
    rows = {
        w.proposal.title: w for _s, _n, items in desk.desk_of(place.compound).stages for w in items
    }
    assert str(rows["停车收费"].waits_for) == "sending it to the committee's review"
    assert consulting.pk == rows["停车收费"].proposal.pk


def test_suggestions_due_and_minutes_unpublished_are_listed(
    place, committee_chair, resident, clock
):
    due = services.suggestion_submit(by=resident, compound=place.compound, text="楼道灯坏了")
    answered = services.suggestion_submit(by=resident, compound=place.compound, text="谢谢")
    Suggestion.objects.filter(pk=answered.pk).update(answered_at=timezone.now(), answer="好")
    Suggestion.objects.filter(pk=due.pk).update(answer_due=timezone.now() + timedelta(days=1))
    later = services.suggestion_submit(by=resident, compound=place.compound, text="以后再说")
    Suggestion.objects.filter(pk=later.pk).update(answer_due=timezone.now() + timedelta(days=9))
    meeting = services.meeting_create(
        by=committee_chair,
        compound=place.compound,
        kind="committee",
        title="十一月例会",
        held_at=timezone.now() - timedelta(days=1),
        agenda="议程",
    )
    the_desk = desk.desk_of(place.compound)
    assert [s.pk for s in the_desk.suggestions] == [due.pk]
    assert the_desk.meetings == [meeting]


@translation.override("en")
def test_a_vote_shows_participation_counted_as_the_vote_page_counts_it(
    place, committee_chair, resident, clock
):
    vote = draft(place, committee_chair)
    opens = timezone.now() + timedelta(days=16)
    services.vote_publish_notice(
        vote_id=vote.pk, by=committee_chair, opens_at=opens, closes_at=opens + timedelta(days=7)
    )
    assert not desk.desk_of(place.compound).votes[0].is_open  # noticed, not open yet
    clock.move_to(opens + timedelta(hours=1))
    cast(vote, resident)
    (shown,) = desk.desk_of(place.compound).votes
    expected = queries.participation(vote)["overall"]
    assert shown.is_open and shown.days_left == 7
    assert shown.participation == expected
    area, heads = shown.bars
    assert area.met == expected.quorum_area_met and heads.met == expected.quorum_heads_met
    assert "two thirds" in area.sentence


def _count(client, address) -> int:
    client.get(address)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured.captured_queries)


def _grow(place, chair, supervisor, resident, proposals: int, votes: int) -> None:
    for i in range(proposals):
        p = _proposal(place, chair, f"议题{i}", *(("consult", "review")[: i % 3]))
        if i % 4 == 0 and p.stage != "propose":
            services.hold_place(proposal=p, by=supervisor, reason="请说明")
        s = services.suggestion_submit(by=resident, compound=place.compound, text=f"建议{i}")
        Suggestion.objects.filter(pk=s.pk).update(answer_due=timezone.now())
        services.meeting_create(
            by=chair,
            compound=place.compound,
            kind="committee",
            title=f"例会{i}",
            held_at=timezone.now() - timedelta(days=1),
            agenda="议程",
        )
    for _i in range(votes):
        vote = draft(place, chair)
        opens = timezone.now() + timedelta(days=16)
        services.vote_publish_notice(
            vote_id=vote.pk, by=chair, opens_at=opens, closes_at=opens + timedelta(days=7)
        )


def test_the_desk_runs_the_same_queries_with_2_or_20_proposals_and_1_or_5_votes(
    client, place, committee_chair, supervisor, resident, django_assert_num_queries, clock
):
    client.force_login(committee_chair)
    _grow(place, committee_chair, supervisor, resident, proposals=2, votes=1)
    small = _count(client, url(place))
    _grow(place, committee_chair, supervisor, resident, proposals=18, votes=4)
    for _i in range(3):
        f.ResidencyFactory(unit=f.UnitFactory(building=place.building))  # more on the rolls
    with django_assert_num_queries(small):
        response = client.get(url(place))
    the_desk = response.context["desk"]
    assert the_desk.proposal_count == 20 and len(the_desk.votes) == 5
    assert len(the_desk.suggestions) == 20 and len(the_desk.meetings) == 20
