"""Blank (空白票) and spoiled (作废票) paper ballots (issue 11, item 10): entered as such,
neither for, against nor abstain, the paper ballot's status says why, and whether they take
part is DELIBERATION_INVALID_BALLOTS_PARTICIPATE (default: they do), frozen on the vote."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from deliberation import queries, services
from deliberation.models import Ballot
from tests import factories as f
from tests.deliberation.test_votes import cast, open_vote, pdf

pytestmark = pytest.mark.django_db


def _paper(vote, collector, unit, mark, reason=""):
    (ballot,) = services.ballot_cast(
        vote_id=vote.pk,
        unit_id=unit.pk,
        by=collector,
        choices={vote.topics.get().pk: mark},
        channel="paper",
        scan=pdf(),
        spoiled_reason=reason,
    )
    return ballot


def _with_909(place, committee_chair, resident, clock, **extra):
    third = f.UserFactory()
    f.ResidencyFactory(user=third, unit=f.UnitFactory(building=place.building, door="909"))
    return open_vote(place, committee_chair, clock, **extra), third.residencies.get().unit


def test_a_spoiled_ballot_is_entered_with_its_reason_and_takes_part_by_default(
    place, committee_chair, resident, building_head, volunteer, clock
):
    # The roll: the chair, the resident, the building head, the volunteer and 909 — five
    # owners of 89.50 m². For: the chair, the resident, the building head; 909 spoiled
    # (not signed); the volunteer does not vote.
    vote, home909 = _with_909(place, committee_chair, resident, clock)
    assert vote.invalid_ballots_participate is True
    for owner in (committee_chair, resident, building_head):
        cast(vote, owner, "for")
    with pytest.raises(ValidationError):  # a spoiled ballot needs its reason
        _paper(vote, building_head, home909, "spoiled")
    ballot = _paper(vote, building_head, home909, "spoiled", "未签名")
    with translation.override("en"):
        assert "Spoiled ballot" in ballot.status() and "未签名" in ballot.status()
    services.ballot_verify(ballot_id=ballot.pk, by=volunteer)
    clock.move_to(vote.closes_at)
    services.close_due()
    result = vote.topics.get().result
    vote.refresh_from_db()
    # By hand: 4 of 5 owners and 358.00 of 447.50 m² take part (>= 2/3); for 3 of 4 and
    # 268.50 of 358.00 m² (> half): passes. Without the spoiled ballot 3 of 5 would not
    # reach two thirds. It is neither for, against nor abstain.
    assert (result["total_heads"], result["participating_heads"]) == (5, 4)
    assert result["participating_area"] == "358.00" and result["for_area"] == "268.50"
    assert (result["spoiled_heads"], result["spoiled_area"]) == (1, "89.50")
    assert (result["against_heads"], result["abstain_heads"]) == (0, 0)
    assert result["approved"] is True and result["invalid_participate"] is True
    assert "作废" in vote.result_notice.body or "spoiled" in vote.result_notice.body
    assert queries.recount_closed() == []


def test_where_the_setting_says_so_a_blank_ballot_does_not_take_part(
    place, committee_chair, resident, building_head, volunteer, clock, settings
):
    settings.DELIBERATION_INVALID_BALLOTS_PARTICIPATE = False
    vote, home909 = _with_909(place, committee_chair, resident, clock)
    settings.DELIBERATION_INVALID_BALLOTS_PARTICIPATE = True  # frozen on the vote: no effect
    for owner in (committee_chair, resident, building_head):
        cast(vote, owner, "for")
    ballot = _paper(vote, building_head, home909, "blank")
    with translation.override("en"):
        assert ballot.status().startswith("Blank ballot")
    services.ballot_verify(ballot_id=ballot.pk, by=volunteer)
    overall = queries.participation(vote)["overall"]
    assert overall.participating_heads == 3  # the blank one is not counted as taking part
    clock.move_to(vote.closes_at)
    services.close_due()
    result = vote.topics.get().result
    # By hand: 3 of 5 owners, 268.50 of 447.50 m² take part: below two thirds, not passed.
    assert result["participating_heads"] == 3 and result["blank_heads"] == 1
    assert result["quorum_met"] is False and result["invalid_participate"] is False
    assert queries.recount_closed() == []


def test_only_paper_ballots_may_be_blank_or_spoiled(place, committee_chair, resident, clock):
    vote = open_vote(place, committee_chair, clock)
    for mark in ("blank", "spoiled"):
        with pytest.raises(ValidationError):
            services.ballot_cast(
                vote_id=vote.pk,
                unit_id=resident.residencies.get().unit_id,
                by=resident,
                choices={vote.topics.get().pk: mark},
                spoiled_reason="x",
            )
    assert not Ballot.objects.exists()


def test_the_paper_page_enters_a_wholly_spoiled_ballot_and_shows_why(
    client, place, committee_chair, resident, building_head, clock
):
    vote = open_vote(place, committee_chair, clock)
    topic = vote.topics.get()
    home = resident.residencies.get().unit
    client.force_login(building_head)
    url = reverse("deliberation:paper", args=[vote.pk])
    data = {"unit": home.pk, "channel": "paper", "kind": "spoiled", "scan": pdf()}
    page = client.post(url, data).content.decode()  # no reason: the form comes back
    assert "spoiled_reason" in page and not Ballot.objects.exists()
    data = {**data, "scan": pdf(), "spoiled_reason": "同一事项勾选两项"}
    assert client.post(url, data).status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.choices.get(topic=topic).choice == "spoiled"
    assert ballot.spoiled_reason == "同一事项勾选两项" and not ballot.counted
    page = client.get(url).content.decode()
    assert "同一事项勾选两项" in page.split('data-testid="ballot-status"')[1].split("</span>")[0]
