"""Refusals tests can see: a post the user may not make answers 403 (or 404 outside the
compound) with the portal's page and changes nothing; a permitted user's bad input gets a
redirect with the message; a hostile id is bad input, never a 500."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from deliberation import services
from deliberation.models import Ballot, Meeting, Proxy, Suggestion
from tests.deliberation.test_proposals import raise_proposal
from tests.deliberation.test_votes import open_vote, pdf

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_a_ballot_without_a_vote_is_refused_and_an_incomplete_one_is_told(
    client, place, committee_chair, resident, tenant, worker, other_owner, clock
):
    vote = open_vote(place, committee_chair, clock)
    topic = vote.topics.get()
    url = reverse("deliberation:ballot", args=[vote.pk])
    home = resident.residencies.get().unit
    answer = {"unit": home.pk, f"topic_{topic.pk}": "for"}
    for person, status in [(tenant, 403), (worker, 403), (other_owner, 404)]:
        client.force_login(person)
        response = client.post(url, answer)
        assert response.status_code == status, person
        assert not Ballot.objects.exists()
    client.force_login(tenant)
    page = client.post(url, answer).content.decode()
    with translation.override("zh-hans"):  # the refusal page says who votes
        assert 'data-testid="refusal"' in page
        assert gettext("Only the owners on the roll and their written proxies vote.") in page
    client.force_login(resident)  # a voter's incomplete ballot: told, nothing written
    for data in [{}, {"unit": home.pk}, {"unit": "²"}]:
        response = client.post(url, data)
        assert response.status_code == 302 and _messages(response), data
    assert not Ballot.objects.exists()


def test_hostile_ids_get_a_message_not_a_server_error(
    client, place, committee_chair, resident, building_head, tenant, clock
):
    vote = open_vote(place, committee_chair, clock)
    proxy = services.proxy_register(
        vote=vote,
        unit=resident.residencies.get().unit,
        owner=resident,
        proxy_phone=building_head.phone,
        matters="本次表决",
        valid_until=vote.closes_at,
        scan=pdf("委托书.pdf"),
    )
    client.force_login(resident)
    proxy_url = reverse("deliberation:proxy", args=[vote.pk])
    for value in ["²", "9" * 30, "-1", ""]:
        response = client.post(proxy_url, {"op": "revoke", "proxy": value})
        assert response.status_code == 302 and _messages(response), value
    client.force_login(building_head)  # an owner, but not of this proxy's home
    client.post(proxy_url, {"op": "revoke", "proxy": proxy.pk})
    client.force_login(tenant)  # not an owner on the roll: the page is not theirs
    assert client.post(proxy_url, {"op": "revoke", "proxy": proxy.pk}).status_code == 403
    assert Proxy.objects.get(pk=proxy.pk).revoked_at is None
    client.force_login(building_head)
    unreached = reverse("deliberation:unreached", args=[vote.pk])
    for value in ["²", "7" * 40, "abc"]:
        response = client.post(unreached, {"unit": value, "note": "上门"})
        assert response.status_code == 302 and _messages(response), value
    proposal = raise_proposal(place, committee_chair)
    client.force_login(committee_chair)
    act = reverse("deliberation:proposal_act", args=[proposal.pk])
    response = client.post(act, {"op": "answer_hold", "hold": "²", "text": "答复"})
    assert response.status_code == 302
    new_meeting = reverse("deliberation:meeting_new", args=[place.compound.pk])
    assert client.get(new_meeting + "?proposal=²").status_code == 200


@pytest.mark.parametrize(
    ("persona", "op", "data"),
    [
        ("worker", "comment", {"text": ""}),
        ("tenant", "sign", {}),
        ("resident", "hold", {"text": ""}),
        ("resident", "revise", {}),
        ("supervisor", "consult", {}),
        ("party_secretary", "review_vote", {"choice": "for"}),
        ("resident", "progress", {}),
        ("party_secretary", "put_to_vote", {"text": "网上投票"}),
    ],
)
def test_an_action_on_a_proposal_that_is_not_theirs_is_a_403_before_the_input_is_read(
    client, request, place, committee_chair, persona, op, data
):
    proposal = raise_proposal(place, committee_chair)
    events = proposal.events.count()
    client.force_login(request.getfixturevalue(persona))
    url = reverse("deliberation:proposal_act", args=[proposal.pk])
    assert client.post(url, {"op": op, **data}).status_code == 403
    assert proposal.events.count() == events and proposal.comments.count() == 0


def test_meetings_suggestions_and_elections_refuse_with_a_status(
    client, place, committee_chair, resident, tenant
):
    meeting = services.meeting_create(
        by=committee_chair,
        compound=place.compound,
        kind="joint",
        title="联席会议",
        held_at=timezone.now(),
        agenda="盖板",
    )
    client.force_login(resident)
    act = reverse("deliberation:meeting_act", args=[meeting.pk])
    assert client.post(act, {"op": "attach"}).status_code == 403  # no file read first
    assert client.post(act, {"op": "minutes", "minutes": "抢先"}).status_code == 403
    assert not Meeting.objects.get(pk=meeting.pk).minutes_published_at
    suggestion = services.suggestion_submit(by=resident, compound=place.compound, text="加装路灯")
    act = reverse("deliberation:suggestion_act", args=[suggestion.pk])
    assert client.post(act, {"op": "to_proposal"}).status_code == 403
    assert client.post(act, {"op": "answer", "answer": "自己答"}).status_code == 403
    assert not Suggestion.objects.get(pk=suggestion.pk).answered_at
    start = timezone.localdate()
    election = services.election_open(
        by=committee_chair,
        compound=place.compound,
        seats=5,
        term_start=start.replace(year=start.year + 1),
        term_end=start.replace(year=start.year + 4),
    )
    client.force_login(tenant)
    act = reverse("deliberation:election_act", args=[election.pk])
    response = client.post(act, {"op": "nominate", "profile": "租户也想参选"})
    assert response.status_code == 403 and "只有本小区业主" in response.content.decode()
    assert client.post(act, {"op": "start_vote", "method": "网上"}).status_code == 403
    assert not election.candidates.exists()
