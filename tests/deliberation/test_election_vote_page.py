"""The vote page of an election (issue 12 item 7): the result starts with the elected and
one line per candidate; each candidate's bars and raw table wait behind a disclosure."""

from datetime import timedelta

import pytest
from django.urls import reverse

from deliberation import services
from tests.deliberation.test_elections import _publish, opened, owners

pytestmark = pytest.mark.django_db


def test_an_election_vote_page_starts_with_the_elected_and_hides_each_count(
    client, place, committee_chair, party_secretary, resident, clock
):
    voters = owners(place, 6)
    election = opened(place, committee_chair)
    for person in [resident, *voters[:5]]:
        services.candidate_nominate(election=election, user=person, by=person, profile="愿意服务")
    vote = _publish(
        services.election_start_vote(election=election, by=committee_chair, method="网上投票"),
        committee_chair,
    )
    topics = {c.user_id: c.topic_id for c in election.candidates.all()}
    clock.move_to(vote.opens_at + timedelta(hours=1))
    for owner in [committee_chair, party_secretary, resident, *voters]:
        services.ballot_cast(
            vote_id=vote.pk,
            unit_id=owner.residencies.get().unit_id,
            by=owner,
            choices={t: ("for" if u != voters[4].pk else "against") for u, t in topics.items()},
        )
    clock.move_to(vote.closes_at)
    services.close_due()
    election.refresh_from_db()
    assert election.result["elected"] and voters[4].pk not in election.result["elected"]
    client.force_login(resident)
    page = client.get(reverse("deliberation:vote", args=[vote.pk])).content.decode()
    result = page[page.index('data-testid="result"') :]
    elected = result.split('data-testid="elected"')[1].split("</ul>")[0]
    assert voters[0].display_name in elected and voters[4].display_name not in elected
    lines = result.split('data-testid="candidate-lines"')[1].split("</ul>")[0]
    assert lines.count("<li>") == 6  # one line per candidate
    hidden = result.index('<details data-testid="candidate-counts">')
    assert result.index('data-testid="elected"') < result.index('data-testid="candidate-lines"')
    assert result.index('data-testid="candidate-lines"') < hidden
    assert 'data-testid="topic-result"' not in result[:hidden]  # bars and tables behind it
    assert result[hidden:].count('data-testid="topic-result"') == 6
    assert result[hidden:].count('data-testid="raw-numbers"') == 6
