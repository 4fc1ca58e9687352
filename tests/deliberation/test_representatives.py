"""A residents' representatives' meeting deciding an ordinary affair (居民委员会组织法 第九条
practice): the quorum, the majority, impossible numbers, the page, and decisions that keep
the rule they were recorded under."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from deliberation import representatives as rule
from deliberation import services, workflow
from deliberation.models import Meeting, Proposal, RepresentativesDecision
from tests.deliberation.test_elections import said
from tests.deliberation.test_proposals import raise_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_the_representatives(place, committee, settings):
    """An ordinary affair at the decision stage (this compound's practice skips consultation
    and review), and a representatives' meeting."""
    settings.DELIBERATION_SKIP_STAGES = ("consult", "review")
    chair = committee[0]
    proposal = raise_proposal(place, chair)
    workflow.advance(proposal.pk, "resolve", actor=chair)
    meeting = services.meeting_create(
        by=chair,
        compound=place.compound,
        kind=Meeting.Kind.REPRESENTATIVES,
        title="居民代表会议",
        held_at=timezone.now(),
        agenda="表决盖板整修",
    )
    return proposal, meeting


# 21 representatives: more than half present is 11 (10.5 is half); then more than half of
# those present in favour — of 11, 6 (5.5 is half). "过半数" is strict.
@pytest.mark.parametrize(
    ("present", "in_favour", "decision"),
    [(11, 6, "approved"), (11, 5, "rejected"), (21, 11, "approved"), (21, 10, "rejected")],
)
def test_an_ordinary_affair_by_representatives_needs_a_quorum_and_a_majority_present(
    at_the_representatives, committee, present, in_favour, decision
):
    proposal, meeting = at_the_representatives
    services.representatives_decide(
        proposal=proposal,
        by=committee[0],
        meeting=meeting,
        representatives=21,
        present=present,
        in_favour=in_favour,
    )
    proposal.refresh_from_db()
    assert proposal.decision == decision
    assert proposal.stage == ("evaluate" if decision == "approved" else "done")
    assert proposal.representatives.representatives == 21


@pytest.mark.parametrize(
    ("representatives", "present", "in_favour", "code"),
    [
        # No quorum (居民委员会组织法 第九条: the meeting cannot be held): 10 of 21 (10 is not
        # more than 10.5), exactly half of 20, 1 of 3 — even with everyone present for.
        (21, 10, 10, "quorum"),
        (20, 10, 10, "quorum"),
        (3, 1, 1, "quorum"),
        # Impossible numbers.
        (21, 22, 12, "numbers"),
        (21, 11, 12, "numbers"),
        (0, 0, 0, "numbers"),
    ],
)
def test_a_meeting_without_a_quorum_or_with_impossible_numbers_decides_nothing(
    at_the_representatives, committee, representatives, present, in_favour, code
):
    """Nothing is recorded; the proposal waits at the decision stage."""
    proposal, meeting = at_the_representatives
    with pytest.raises(ValidationError) as error:
        services.representatives_decide(
            proposal=proposal,
            by=committee[0],
            meeting=meeting,
            representatives=representatives,
            present=present,
            in_favour=in_favour,
        )
    assert error.value.code == code
    proposal.refresh_from_db()
    assert proposal.stage == "resolve" and not proposal.decision
    assert not RepresentativesDecision.objects.exists()


@pytest.mark.parametrize(
    ("representatives", "present", "in_favour", "passes"),
    [
        (21, 10, 10, False),  # 10 of 21 present: no quorum
        (21, 11, 6, True),  # 11 > 10.5 present; 6 > 5.5 for
        (21, 11, 5, False),  # 5 of 11 is not more than half
        (20, 10, 10, False),  # exactly half present is not more than half
        (20, 11, 6, True),
        (2, 2, 2, True),
        (1, 1, 1, True),
        (None, 10, 6, True),  # recorded before the number was asked: the majority present
        (None, 10, 5, False),
    ],
)
def test_the_representatives_rule_by_hand(representatives, present, in_favour, passes):
    assert rule.passes(representatives, present, in_favour) is passes
    if representatives:
        fewest = rule.fewest_for_quorum(representatives)
        assert rule.quorum_met(representatives, fewest)
        assert not rule.quorum_met(representatives, fewest - 1)


def test_the_shares_are_settings_and_the_page_says_them(settings):
    settings.DELIBERATION_REPRESENTATIVES_QUORUM = (2, 3)
    # 21 × 2/3 = 14: 14 present is not more than two thirds, 15 is.
    assert not rule.passes(21, 14, 14) and rule.passes(21, 15, 8)
    assert rule.fewest_for_quorum(21) == 15
    assert "2/3" in rule.rule_text()
    settings.DELIBERATION_REPRESENTATIVES_QUORUM = (1, 2)
    assert rule.fewest_for_quorum(21) == 11


def test_the_proposal_page_records_and_shows_the_representatives(
    client, at_the_representatives, committee
):
    proposal, meeting = at_the_representatives
    client.force_login(committee[0])
    url = reverse("deliberation:proposal", args=[proposal.pk])
    page = client.get(url).content.decode()
    assert 'name="representatives"' in page
    assert said(page, "过半数", "more than half")
    act = reverse("deliberation:proposal_act", args=[proposal.pk])
    data = {"op": "representatives", "meeting": meeting.pk, "representatives": "21"}
    response = client.post(act, {**data, "present": "10", "in_favour": "10"}, follow=True)
    assert said(response.content.decode(), "法定人数", "no quorum")
    assert not RepresentativesDecision.objects.exists()
    client.post(act, {**data, "present": "11", "in_favour": "6"})
    page = client.get(url).content.decode()
    assert 'data-testid="representatives-decision"' in page
    assert said(page, "21 名代表中 11 名到会", "11 of 21 representatives present")


def test_a_recorded_representatives_decision_keeps_the_rule_it_was_decided_by(
    place, committee_chair, settings
):
    """The shares in force are stored with the decision: changing the settings later never
    turns a recorded 'passed' into 'not passed' on the page."""
    from deliberation.models import RepresentativesDecision

    proposal = raise_proposal(place, committee_chair)
    Proposal.objects.filter(pk=proposal.pk).update(stage="resolve")
    meeting = services.meeting_create(
        by=committee_chair,
        compound=place.compound,
        kind="representatives",
        title="居民代表会议",
        held_at=timezone.now(),
        agenda="x",
    )
    services.representatives_decide(
        proposal=proposal,
        by=committee_chair,
        meeting=meeting,
        representatives=21,
        present=11,
        in_favour=6,
    )
    settings.DELIBERATION_REPRESENTATIVES_MAJORITY = (2, 3)
    decision = RepresentativesDecision.objects.get(proposal=proposal)
    assert (decision.quorum, decision.majority, decision.passed) == ("1/2", "1/2", True)
