"""Edges a reviewer found: a vote always closes, holds stop every move, petitions keep
their threshold and their text, refused paper ballots stay on record, private suggestions
stay private, proxies living elsewhere vote and can be revoked, formal meetings and minutes
belong to the leads, drafts stay with the organisers, big numbers are refused politely."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from compounds.models import Body
from deliberation import bundle, queries, services, workflow
from deliberation.models import Ballot, Election, Proposal
from portal.models import AuditEvent
from tests import factories as f
from tests.compounds.test_services import photo
from tests.deliberation.test_proposals import raise_proposal
from tests.deliberation.test_votes import cast, draft, open_vote, pdf

pytestmark = pytest.mark.django_db


def _elect_the_resident(place, chair, resident, clock):
    """An open election vote with the resident as candidate; the chair and the resident
    have voted for them."""
    start = timezone.localdate() + timedelta(days=60)
    election = services.election_open(
        by=chair,
        compound=place.compound,
        seats=5,
        term_start=start,
        term_end=start + timedelta(days=1500),
    )
    services.candidate_nominate(election=election, user=resident, by=resident, profile="愿意服务")
    vote = services.election_start_vote(election=election, by=chair, method="网上")
    opens = timezone.now() + timedelta(days=16)
    services.vote_publish_notice(
        vote_id=vote.pk, by=chair, opens_at=opens, closes_at=opens + timedelta(days=5)
    )
    clock.move_to(opens + timedelta(hours=1))
    vote.refresh_from_db()
    cast(vote, resident, "for")
    cast(vote, chair, "for")
    return election, vote


def test_an_election_whose_term_cannot_be_installed_still_closes_and_counts(
    place, committee_chair, resident, clock
):
    election, vote = _elect_the_resident(place, committee_chair, resident, clock)
    start = election.term_start
    # Meanwhile the candidate joins the supervisory committee for an overlapping term.
    sup = f.BodyFactory(compound=place.compound, kind="supervisory_committee", start=start)
    f.MembershipFactory(body=sup, user=resident, start=start)
    clock.move_to(vote.closes_at)
    assert services.close_due() == 1
    election.refresh_from_db()
    assert election.state == "done" and election.body is None
    assert "install_problem" in election.result


def test_long_titles_still_fit_the_notices(place, committee_chair, clock):
    vote = services.vote_create(
        by=committee_chair,
        compound=place.compound,
        title="更" * 120,
        method="网上投票",
        topics=[{"title": "同意", "matter_item": 0}],
    )
    opens = timezone.now() + timedelta(days=16)
    vote = services.vote_publish_notice(
        vote_id=vote.pk, by=committee_chair, opens_at=opens, closes_at=opens + timedelta(days=5)
    )
    assert len(vote.notice.title) <= 100


def test_a_hold_stops_every_move_and_the_vote(place, committee_chair, supervisor):
    proposal = raise_proposal(place, committee_chair)
    hold = services.hold_place(proposal=proposal, by=supervisor, reason="先公开报价")
    with pytest.raises(ValidationError):
        workflow.advance(proposal.pk, "consult", actor=committee_chair)
    services.hold_answer(hold=hold, by=committee_chair, answer="已公开")
    workflow.advance(proposal.pk, "consult", actor=committee_chair)


def test_a_petition_keeps_its_threshold_when_stages_are_skipped_and_its_text(
    place, resident, committee_chair, settings
):
    settings.DELIBERATION_SKIP_STAGES = ("consult",)
    for n in range(10):
        f.ResidencyFactory(
            unit=f.UnitFactory(building=place.building, entrance="9单元", door=f"{n}9")
        )
    petition = raise_proposal(place, resident, petition=True)
    assert petition.petition_met_at is None  # 1 of 11 owners
    with pytest.raises(ValidationError):  # consultation skipped: still not to the review
        workflow.advance(petition.pk, "review", actor=committee_chair)
    with pytest.raises(ValidationError):
        services.proposal_revise(
            proposal=petition,
            by=committee_chair,
            title="改过的",
            background="x",
            options="",
            budget_estimate=None,
            note="改",
        )


def test_a_refused_paper_ballot_is_recorded_as_refused(
    place, committee_chair, resident, building_head, volunteer, clock
):
    vote = open_vote(place, committee_chair, clock)
    home = resident.residencies.get().unit
    (first,) = cast(vote, building_head, "for", unit=home, channel="paper", scan=pdf())
    (second,) = cast(vote, volunteer, "against", unit=home, channel="paper", scan=pdf())
    services.ballot_verify(ballot_id=first.pk, by=volunteer)
    with pytest.raises(ValidationError):
        services.ballot_verify(ballot_id=second.pk, by=building_head)
    second.refresh_from_db()
    assert second.superseded_at is not None and not second.counted
    assert AuditEvent.objects.filter(code="deliberation.ballot.refused").count() == 1
    assert Ballot.objects.filter(vote=vote, counted=True).count() == 1


def test_the_bundle_lists_who_voted_without_how(place, committee_chair, resident, clock):
    vote = open_vote(place, committee_chair, clock)
    cast(vote, resident, "for")
    clock.move_to(vote.closes_at)
    services.close_due()
    vote.refresh_from_db()
    data = queries.audit_bundle(vote, vote.topics.get())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.read("bundle/voters.csv").decode().splitlines() == ["unit", "18栋 2单元 301"]


def test_a_bundle_with_one_owner_voting_two_ways_names_the_line(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "roll.csv").write_text("unit,building,area_m2,head_key\na,1栋,10,K\nb,1栋,10,K\n")
    (folder / "ballots.csv").write_text("unit,choice,channel\na,for,paper\nb,against,paper\n")
    (folder / "matter.json").write_text('{"item": 4}')
    with pytest.raises(bundle.BundleError, match="ballots.csv:3"):
        bundle.read(folder)


def test_a_private_suggestion_does_not_become_a_public_proposal(place, resident, committee_chair):
    suggestion = services.suggestion_submit(
        by=resident, compound=place.compound, text="楼上邻居的私事", private=True
    )
    with pytest.raises(ValidationError):
        services.suggestion_to_proposal(suggestion=suggestion, by=committee_chair)
    assert not Proposal.objects.exists()


def test_big_numbers_and_far_dates_get_a_message_not_an_error(
    client, place, committee_chair, building_head, clock
):
    proposal = raise_proposal(place, committee_chair)
    client.force_login(committee_chair)
    response = client.post(
        reverse("deliberation:proposal_act", args=[proposal.pk]),
        {"op": "representatives", "meeting": "1" * 30, "present": "9" * 30, "in_favour": "1"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("deliberation:elections", args=[place.compound.pk]),
        {"seats": "5", "term_start": "9998-01-01", "term_end": "9999-12-31"},
    )
    assert response.status_code == 200 and not Election.objects.exists()
    vote = open_vote(place, committee_chair, clock)
    client.force_login(building_head)
    response = client.post(
        reverse("deliberation:unreached", args=[vote.pk]), {"unit": "7" * 40, "note": "x"}
    )
    assert response.status_code == 302


def test_a_draft_vote_stays_with_its_organisers(client, place, committee_chair, building_head):
    vote = draft(place, committee_chair)
    client.force_login(building_head)
    for name in ("deliberation:vote", "deliberation:paper", "deliberation:unreached"):
        assert client.get(reverse(name, args=[vote.pk])).status_code == 404


def test_a_proxy_living_elsewhere_votes_and_the_owner_can_revoke(
    client, place, committee_chair, resident, clock
):
    daughter = f.UserFactory(phone="+8613700000777", display_name="在外地的女儿")
    vote = open_vote(place, committee_chair, clock)
    home = resident.residencies.get().unit
    proxy = services.proxy_register(
        vote=vote,
        unit=home,
        owner=resident,
        proxy_phone=daughter.phone,
        matters="本次表决",
        valid_until=vote.closes_at,
        scan=photo("委托书.jpg"),
    )
    client.force_login(daughter)
    page = client.get(reverse("deliberation:vote", args=[vote.pk]))
    assert page.status_code == 200 and 'data-testid="ballot"' in page.content.decode()
    client.force_login(resident)
    client.post(reverse("deliberation:proxy", args=[vote.pk]), {"op": "revoke", "proxy": proxy.pk})
    proxy.refresh_from_db()
    assert proxy.revoked_at is not None
    client.force_login(daughter)
    assert client.get(reverse("deliberation:vote", args=[vote.pk])).status_code == 404
    with pytest.raises(PermissionDenied):  # the revoked proxy votes no more
        cast(vote, daughter, unit=home, channel="proxy")


def test_formal_meetings_and_minutes_belong_to_the_leads(place, committee_chair, building_head):
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            by=building_head,
            compound=place.compound,
            kind="joint",
            title="联席会议",
            held_at=timezone.now(),
            agenda="x",
        )
    meeting = services.meeting_create(
        by=committee_chair,
        compound=place.compound,
        kind="joint",
        title="联席会议",
        held_at=timezone.now() - timedelta(hours=1),
        agenda="x",
    )
    with pytest.raises(PermissionDenied):
        services.minutes_publish(meeting=meeting, by=building_head, minutes="抢先发布")
    roundtable = services.meeting_create(
        by=building_head,
        compound=place.compound,
        kind="roundtable",
        title="圆桌会",
        held_at=timezone.now() - timedelta(hours=1),
        agenda="x",
    )
    services.minutes_publish(meeting=roundtable, by=building_head, minutes="楼道清理")
    assert Body.objects.exists()


def test_a_hold_placed_during_the_vote_delays_the_decision_until_answered(
    place, committee_chair, supervisor, resident, clock
):
    proposal = raise_proposal(place, committee_chair, matter_item=0)
    Proposal.objects.filter(pk=proposal.pk).update(stage="resolve")
    vote = services.proposal_put_to_vote(proposal=proposal, by=committee_chair, method="网上")
    opens = timezone.now() + timedelta(days=16)
    services.vote_publish_notice(
        vote_id=vote.pk, by=committee_chair, opens_at=opens, closes_at=opens + timedelta(days=5)
    )
    clock.move_to(opens + timedelta(hours=1))
    vote.refresh_from_db()
    # An ordinary affair put to the owners is their 第278条 item (9): with its quorum, two
    # of the three owners (and two thirds of the area) take part.
    assert vote.topics.get().matter_item == 9
    cast(vote, resident, "for")
    cast(vote, committee_chair, "for")
    hold = services.hold_place(proposal=proposal, by=supervisor, reason="账目不清")
    clock.move_to(vote.closes_at)
    assert services.close_due() == 1  # the vote closes and counts regardless
    assert Proposal.objects.get(pk=proposal.pk).stage == "resolve"
    services.hold_answer(hold=hold, by=committee_chair, answer="账目已公开")
    proposal.refresh_from_db()
    assert (proposal.stage, proposal.decision) == ("evaluate", "approved")


def test_representatives_cannot_decide_over_an_open_hold(place, committee_chair, supervisor):
    proposal = raise_proposal(place, committee_chair)
    Proposal.objects.filter(pk=proposal.pk).update(stage="resolve")
    services.hold_place(proposal=proposal, by=supervisor, reason="先公开报价")
    meeting = services.meeting_create(
        by=committee_chair,
        compound=place.compound,
        kind="representatives",
        title="居民代表会议",
        held_at=timezone.now(),
        agenda="x",
    )
    with pytest.raises(ValidationError):
        services.representatives_decide(
            proposal=proposal,
            by=committee_chair,
            meeting=meeting,
            representatives=15,
            present=10,
            in_favour=9,
        )
    assert Proposal.objects.get(pk=proposal.pk).stage == "resolve"


def test_an_election_installs_after_terms_without_a_number(place, committee_chair, resident, clock):
    f.BodyFactory(
        compound=place.compound,
        kind="owners_committee",
        term_number=None,
        start=timezone.localdate() - timedelta(days=4000),
        end=timezone.localdate() - timedelta(days=3000),
    )
    election, vote = _elect_the_resident(place, committee_chair, resident, clock)
    clock.move_to(vote.closes_at)
    services.close_due()
    election.refresh_from_db()
    assert election.body is not None and election.body.term_number == 2


@pytest.mark.django_db(transaction=True)
def test_two_people_verifying_one_paper_ballot_at_once(
    place, committee_chair, resident, building_head, volunteer, party_secretary
):
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")
    from deliberation.models import OwnersVote

    vote = draft(place, committee_chair)
    opens = timezone.now() + timedelta(days=16)
    services.vote_publish_notice(
        vote_id=vote.pk, by=committee_chair, opens_at=opens, closes_at=opens + timedelta(days=7)
    )
    OwnersVote.objects.filter(pk=vote.pk).update(opens_at=timezone.now() - timedelta(days=1))
    vote = OwnersVote.objects.get(pk=vote.pk)
    (paper,) = cast(
        vote,
        building_head,
        "for",
        unit=resident.residencies.get().unit,
        channel="paper",
        scan=pdf(),
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def verify(person):
        try:
            barrier.wait()
            services.ballot_verify(ballot_id=paper.pk, by=person)
            outcomes.append("verified")
        except ValidationError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=verify, args=(p,)) for p in (volunteer, party_secretary)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    paper.refresh_from_db()
    assert sorted(outcomes) == ["state", "verified"]
    assert paper.counted and paper.superseded_at is None
    assert not AuditEvent.objects.filter(code="deliberation.ballot.refused").exists()
