"""换届选举: seats, owners-only nominations, at most `seats` candidates for per ballot, the
thresholds of matter (3), the next term installed, the reminder three months before a term
ends. The ranking, small compounds and ties at the last seat: test_election_count.py."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from compounds.models import Body
from deliberation import services
from deliberation.models import Election, ElectionReminder, OwnersVote
from portal.notifications.models import Notification
from tests import factories as f

pytestmark = pytest.mark.django_db


def said(page: str, *words: str) -> bool:
    """One of the words is on the page: the Chinese, or the English of a sentence whose
    Chinese is not in the catalogue yet (the lead merges the translations)."""
    return any(word in page for word in words)


def owners(place, n):
    people = []
    for i in range(n):
        unit = f.UnitFactory(building=place.building, entrance="6单元", door=f"{i + 1}06")
        people.append(
            f.ResidencyFactory(unit=unit, user=f.UserFactory(display_name=f"业主{i}")).user
        )
    return people


def opened(place, organiser):
    start = timezone.localdate() + timedelta(days=60)
    return services.election_open(
        by=organiser,
        compound=place.compound,
        seats=3 if place.compound.is_small else 5,
        term_start=start,
        term_end=start + timedelta(days=5 * 365 - 10),
    )


def test_seats_and_term_follow_the_rules(place, committee_chair, resident):
    start = date(2027, 3, 1)
    for seats in (4, 13, 1):
        with pytest.raises(ValidationError):
            services.election_open(
                by=committee_chair,
                compound=place.compound,
                seats=seats,
                term_start=start,
                term_end=date(2031, 1, 1),
            )
    with pytest.raises(ValidationError):  # more than five years
        services.election_open(
            by=committee_chair,
            compound=place.compound,
            seats=5,
            term_start=start,
            term_end=date(2032, 3, 1),
        )
    with pytest.raises(PermissionDenied):
        services.election_open(
            by=resident,
            compound=place.compound,
            seats=5,
            term_start=start,
            term_end=date(2031, 1, 1),
        )
    place.compound.households = 80  # a small compound (at most 100 households)
    place.compound.save()
    assert (
        services.election_open(
            by=committee_chair,
            compound=place.compound,
            seats=3,
            term_start=start,
            term_end=date(2031, 1, 1),
        ).seats
        == 3
    )


def test_only_owners_stand_and_the_branch_recommends(
    place, committee_chair, party_secretary, resident, tenant, supervisor
):
    election = opened(place, committee_chair)
    services.candidate_nominate(election=election, user=resident, by=resident, profile="退休教师")
    with pytest.raises(PermissionDenied):  # a tenant may not stand
        services.candidate_nominate(election=election, user=tenant, by=tenant, profile="租户")
    with pytest.raises(ValidationError):  # a sitting supervisory member for that term
        services.candidate_nominate(election=election, user=supervisor, by=supervisor, profile="x")
    with pytest.raises(PermissionDenied):  # only leads nominate others
        services.candidate_nominate(
            election=election, user=committee_chair, by=resident, profile="x"
        )
    with pytest.raises(PermissionDenied):  # only the branch recommends
        services.candidate_nominate(
            election=election,
            user=committee_chair,
            by=committee_chair,
            profile="连任",
            recommended_by_branch=True,
        )
    candidate = services.candidate_nominate(
        election=election,
        user=committee_chair,
        by=party_secretary,
        profile="连任",
        recommended_by_branch=True,
    )
    assert candidate.recommended_by_branch
    with pytest.raises(ValidationError):
        services.candidate_nominate(election=election, user=resident, by=resident, profile="again")


def test_the_owners_elect_the_next_term(place, committee_chair, party_secretary, resident, clock):
    voters = owners(place, 6)
    election = opened(place, committee_chair)
    standing = [resident, *voters[:5]]
    for person in standing:
        services.candidate_nominate(election=election, user=person, by=person, profile="愿意服务")
    vote = services.election_start_vote(election=election, by=committee_chair, method="网上投票")
    topics = {c.user_id: c.topic_id for c in election.candidates.all()}
    vote = _publish(vote, committee_chair)
    clock.move_to(vote.opens_at + timedelta(hours=1))
    everyone = [committee_chair, party_secretary, resident, *voters]  # 9 owners
    favourite = {resident.pk, voters[0].pk, voters[1].pk, voters[2].pk, voters[3].pk}
    with pytest.raises(ValidationError, match="最多|at most"):
        services.ballot_cast(
            vote_id=vote.pk,
            unit_id=resident.residencies.get().unit_id,
            by=resident,
            choices=dict.fromkeys(topics.values(), "for"),  # six "for" for five seats
        )
    for i, owner in enumerate(everyone[:8]):  # 8 of 9 vote
        chosen = favourite if i < 6 else {voters[4].pk, resident.pk}
        services.ballot_cast(
            vote_id=vote.pk,
            unit_id=owner.residencies.get().unit_id,
            by=owner,
            choices={t: ("for" if u in chosen else "abstain") for u, t in topics.items()},
        )
    clock.move_to(vote.closes_at)
    services.close_due()
    election.refresh_from_db()
    result = election.result
    assert election.state == "done" and result["vacancies"] == 0
    assert result["ranking"][0]["user"] == resident.pk  # 8 owners for
    assert set(result["elected"]) == favourite  # 6 of 8 for each: more than half
    # voters[4] had 2 of 8 for: not more than half, not elected.
    assert voters[4].pk not in result["elected"]
    body = election.body
    assert body.kind == "owners_committee" and body.term_number == 2
    assert set(body.memberships.values_list("user_id", flat=True)) == set(result["elected"])


def test_a_reminder_three_months_before_the_term_ends_once(place, committee_chair, community_staff):
    body = Body.objects.get(compound=place.compound, kind="owners_committee")
    body.end = timezone.localdate() + timedelta(days=120)
    body.save()
    assert services.election_reminders() == 0
    assert services.election_reminders(timezone.localdate() + timedelta(days=30)) == 1
    assert services.election_reminders(timezone.localdate() + timedelta(days=31)) == 0
    assert ElectionReminder.objects.count() == 1
    assert Notification.objects.filter(recipient=community_staff, event="election.due").exists()


def test_election_pages(client, place, committee_chair, resident, tenant):
    client.force_login(committee_chair)
    start = timezone.localdate() + timedelta(days=60)
    client.post(
        reverse("deliberation:elections", args=[place.compound.pk]),
        {
            "seats": "5",
            "term_start": start.isoformat(),
            "term_end": (start + timedelta(days=1500)).isoformat(),
        },
    )
    election = Election.objects.get()
    client.force_login(resident)
    client.post(
        reverse("deliberation:election_act", args=[election.pk]),
        {"op": "nominate", "profile": "在小区住了二十年"},
    )
    client.force_login(tenant)
    response = client.post(
        reverse("deliberation:election_act", args=[election.pk]),
        {"op": "nominate", "profile": "租户也想参选"},
        follow=True,
    )
    assert "只有本小区业主" in response.content.decode()
    page = client.get(reverse("deliberation:election", args=[election.pk])).content.decode()
    assert "在小区住了二十年" in page


def _publish(vote, by):
    """Notice now, voting from 17 days on for 7 days, and the clock inside the voting."""
    opens = timezone.now() + timedelta(days=17)
    services.vote_publish_notice(
        vote_id=vote.pk, by=by, opens_at=opens, closes_at=opens + timedelta(days=7)
    )
    vote.refresh_from_db()
    return vote


def test_the_vote_of_an_election_allows_as_many_for_as_seats_and_old_ones_are_filled(
    place, committee_chair, resident
):
    """The ballot check reads the limit from the vote (no import of elections); migration
    0008 filled it for the election votes made before it."""
    from importlib import import_module

    from django.apps import apps

    election = opened(place, committee_chair)
    services.candidate_nominate(election=election, user=resident, by=resident, profile="愿意服务")
    vote = services.election_start_vote(election=election, by=committee_chair, method="网上")
    assert vote.max_for == election.seats
    OwnersVote.objects.filter(pk=vote.pk).update(max_for=None)  # as before the migration
    import_module("deliberation.migrations.0008_vote_max_for").fill_max_for(apps, None)
    assert OwnersVote.objects.get(pk=vote.pk).max_for == election.seats


def test_a_lead_nominates_an_owner_by_mobile_number(
    client, place, committee_chair, resident, tenant
):
    election = opened(place, committee_chair)
    client.force_login(committee_chair)
    url = reverse("deliberation:election_act", args=[election.pk])
    for phone in ["13800000009", "13912345678", "²"]:  # a tenant, nobody, no number
        response = client.post(url, {"op": "nominate", "phone": phone, "profile": "热心"})
        assert response.status_code == 302
    assert not election.candidates.exists()
    client.post(url, {"op": "nominate", "phone": "138 0000 0001", "profile": "热心肠"})
    assert election.candidates.get().user == resident
