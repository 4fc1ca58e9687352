"""The vote page of an election at phone size (issue 12 item 7): the result starts with the
elected and one line per candidate; each candidate's bars and raw table open on demand, so
thirteen candidates no longer make a page of some 17,000 px."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from deliberation import services
from deliberation.models import OwnersVote
from tests.browser.test_compounds_journeys import _sign_in
from tests.browser.test_desk_and_vote import _fits_the_phone, _large_text
from tests.deliberation.test_elections import opened, owners

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _closed_election(place, chair, voters_extra):
    people = owners(place, 13)
    election = opened(place, chair)
    for person in people:
        services.candidate_nominate(election=election, user=person, by=person, profile="愿意服务")
    vote = services.election_start_vote(election=election, by=chair, method="网上投票")
    opens = timezone.now() + timedelta(days=17)
    services.vote_publish_notice(
        vote_id=vote.pk, by=chair, opens_at=opens, closes_at=opens + timedelta(days=7)
    )
    now = timezone.now()
    OwnersVote.objects.filter(pk=vote.pk).update(
        opens_at=now - timedelta(hours=1), closes_at=now + timedelta(hours=1)
    )
    topics = {c.user_id: c.topic_id for c in election.candidates.all()}
    chosen = {p.pk for p in people[: election.seats]}
    for owner in [*people, *voters_extra]:
        services.ballot_cast(
            vote_id=vote.pk,
            unit_id=owner.residencies.get().unit_id,
            by=owner,
            choices={t: ("for" if u in chosen else "abstain") for u, t in topics.items()},
        )
    OwnersVote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    services.vote_close(vote_id=vote.pk)
    return vote, people[: election.seats]


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
def test_an_election_vote_page_reads_elected_first_and_keeps_the_counts_folded(
    page, place, committee_chair, party_secretary, resident, assert_accessible, large
):
    vote, elected = _closed_election(place, committee_chair, [committee_chair, resident])
    _sign_in(page, resident)
    _large_text(page, large)
    page.goto(f"/deliberation/votes/{vote.pk}/")
    result = page.get_by_test_id("result")
    names = result.get_by_test_id("elected").get_by_role("listitem")
    expect(names).to_have_count(len(elected))
    for person in elected:
        expect(result.get_by_test_id("elected")).to_contain_text(person.display_name)
    expect(result.get_by_test_id("candidate-lines").get_by_role("listitem")).to_have_count(13)
    folded = result.get_by_test_id("candidate-counts")
    expect(folded).not_to_have_attribute("open", "")
    expect(folded.get_by_test_id("raw-numbers").first).to_be_hidden()
    expect(folded.get_by_role("meter").first).to_be_hidden()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < (7000 if large else 5000), f"the page is {height}px tall"  # ~17,000 before
    _fits_the_phone(page)
    assert_accessible(page)
    page.screenshot(path=f"test-results/election-vote-{'large' if large else 'normal'}.png")
    folded.locator("summary").click()
    expect(folded.get_by_test_id("raw-numbers")).to_have_count(13)
    expect(folded.get_by_test_id("raw-numbers").first).to_be_visible()
