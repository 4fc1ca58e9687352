"""The vote page an owner understands (issue 12 item 7): the question and the proposal's
text first, 投票中 while voting is open, the result as bars against the lines of the law
with the verdict and why — the bars and verdict read from the tally's own booleans."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from deliberation import bars, services, tally
from tests.deliberation.test_votes import cast, open_vote

pytestmark = pytest.mark.django_db


def _result(participating, total=(300, 3), votes_for=(0, 0), item=5) -> dict:
    """A stored result from a count of three units of 100 m², one owner each."""
    rows = [tally.RollRow(str(i), "1栋", Decimal(100), f"k{i}") for i in range(total[1])]
    marks = ["for"] * votes_for[1] + ["against"] * (participating - votes_for[1])
    ballots = [tally.BallotRow(str(i), m) for i, m in enumerate(marks)]
    return tally.count(rows, ballots, item).as_dict()


@translation.override("en")
def test_the_verdict_says_why_a_topic_did_not_pass():
    short = _result(participating=1, votes_for=(100, 1))  # a third took part
    assert bars.verdict(short) == (
        False,
        [
            "the area taking part is less than two thirds",
            "the owners taking part are fewer than two thirds",
        ],
    )
    against = _result(participating=3, votes_for=(100, 1))
    assert bars.verdict(against) == (
        False,
        ["the area for is not more than half", "the owners for are not more than half"],
    )
    special = _result(participating=3, votes_for=(200, 2), item=7)  # 2/3 < 3/4
    assert bars.verdict(special)[1] == [
        "the area for is less than three quarters",
        "the owners for are fewer than three quarters",
    ]
    assert bars.verdict(_result(participating=2, votes_for=(200, 2))) == (True, [])


@translation.override("en")
def test_the_bars_take_met_from_the_count_not_from_rounded_percentages():
    exactly = _result(participating=2, votes_for=(200, 2))  # 2/3 exactly: 以上 includes it
    area, heads, area_for, heads_for = bars.result_bars(exactly)
    assert area.met and heads.met and area.shown == "66.7" and area.line_shown == "66.7"
    assert area.sentence.endswith("is met.") and "200.00 of 300.00 m²" in area.sentence
    assert area_for.line == bars.HALF and area_for.shown == "100.0"
    special = bars.result_bars(_result(participating=3, votes_for=(200, 2), item=7))
    assert special[2].line == bars.THREE_QUARTERS and not special[2].met
    assert special[2].sentence.endswith("the line of three quarters is not met.")


def test_the_page_reads_voting_open_and_puts_the_question_above_the_ballot(
    client, place, committee_chair, resident, clock
):
    proposal = services.proposal_raise(
        by=committee_chair,
        compound=place.compound,
        title="更换电梯",
        background="18栋电梯运行二十年，多次困人。",
    )
    vote = open_vote(place, committee_chair, clock)
    vote.topics.update(proposal=proposal)
    client.force_login(resident)
    address = reverse("deliberation:vote", args=[vote.pk])
    page = client.get(address, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    state = page.split('data-testid="vote-state">')[1].split("<")[0]
    assert state == "voting open"  # not "notice published" (the stored state)
    index = reverse("deliberation:compound", args=[place.compound.pk])
    assert "voting open" in client.get(index, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get(address).content.decode()
    with translation.override("zh-hans"):
        assert f'data-testid="vote-state">{translation.gettext("voting open")}<' in chinese
    question, ballot, about = (
        page.index('data-testid="question"'),
        page.index('data-testid="ballot"'),
        page.index('data-testid="vote-metadata"'),
    )
    assert question < page.index("18栋电梯运行二十年") < page.index("7 days left") < ballot < about
    assert reverse("deliberation:proposal", args=[proposal.pk]) in page[question:ballot]
    assert page.index('data-testid="roll-source"') > about


def test_a_closed_vote_shows_bars_and_the_verdict_with_its_reason(
    client, place, committee_chair, resident, clock
):
    vote = open_vote(place, committee_chair, clock)
    cast(vote, resident)  # one home of two: half the area
    clock.move_to(vote.closes_at + timedelta(minutes=1))
    services.vote_close(vote_id=vote.pk, now=timezone.now())
    client.force_login(resident)
    address = reverse("deliberation:vote", args=[vote.pk])
    page = client.get(address, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    result = page.split('data-testid="result"')[1]
    assert "not passed" in result.split('data-testid="verdict"')[1].split("</p>")[0]
    assert "the area taking part is less than two thirds" in result
    assert result.count('role="meter"') == 4
    assert 'aria-valuetext="Area taking part: 50.0%' in result
    assert result.index('role="meter"') < result.index('data-testid="raw-numbers"')


def test_an_election_result_starts_with_the_elected_and_hides_the_full_count(
    client, place, committee_chair, resident
):
    from deliberation.models import Election
    from tests.deliberation.test_elections import opened

    election = opened(place, committee_chair)
    rows = [
        {"candidate": 1, "user": committee_chair.pk, "name": "周明华", "approved": True,
         "for_heads": 20, "for_area": "1900.00"},
        {"candidate": 2, "user": resident.pk, "name": "刘桂英", "approved": False,
         "for_heads": 3, "for_area": "250.00"},
    ]  # fmt: skip
    result = {"ranking": rows, "elected": [committee_chair.pk], "vacancies": 0, "tie": None}
    Election.objects.filter(pk=election.pk).update(result=result)
    client.force_login(resident)
    page = client.get(reverse("deliberation:election", args=[election.pk])).content.decode()
    elected = page.split('data-testid="elected"')[1].split("</ul>")[0]
    assert "周明华" in elected and "刘桂英" not in elected
    lines, table = page.index('data-testid="candidate-lines"'), page.index("<details")
    assert page.index('data-testid="elected"') < lines < table
    assert page.index('data-testid="elected"') < page.index('data-testid="candidates"')
    assert "1900.00" in page[table:] and "1900.00" not in page[:table]
