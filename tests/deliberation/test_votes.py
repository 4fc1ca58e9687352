"""Owners' votes end to end in services: the notice and frozen roll, online, proxy and paper
ballots, one counted ballot per unit, closing and counting, the recount and the bundle."""

import json
import subprocess
import sys
import threading
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.utils import timezone

from compounds.announcements.models import Receipt
from deliberation import queries, services
from deliberation.models import Ballot, BallotChoice, OwnersVote
from portal.models import AuditEvent
from tests import factories as f
from tests.compounds.test_services import photo
from tests.helpers import PDF

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def pdf(name="表决票.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def draft(place, organiser, item=5, buildings=()):
    return services.vote_create(
        by=organiser,
        compound=place.compound,
        title="使用维修资金更换18栋电梯",
        method="网上投票或向楼栋长交书面表决票",
        topics=[{"title": "同意使用维修资金更换电梯", "matter_item": item}],
        buildings=list(buildings),
    )


def open_vote(place, organiser, clock, **extra):
    vote = draft(place, organiser, **extra)
    opens = timezone.now() + timedelta(days=16)
    vote = services.vote_publish_notice(
        vote_id=vote.pk, by=organiser, opens_at=opens, closes_at=opens + timedelta(days=7)
    )
    clock.move_to(opens + timedelta(hours=1))
    return vote


def cast(vote, user, choice="for", **extra):
    unit = extra.pop("unit", None) or user.residencies.get().unit
    topic = vote.topics.get()
    return services.ballot_cast(
        vote_id=vote.pk, unit_id=unit.pk, by=user, choices={topic.pk: choice}, **extra
    )


def test_the_notice_keeps_the_legal_dates_and_freezes_the_roll(
    place, committee_chair, resident, clock
):
    vote = draft(place, committee_chair)
    now = timezone.now()
    for opens, closes in [
        (now + timedelta(days=14), now + timedelta(days=21)),  # less than 15 days' notice
        (now + timedelta(days=16), now + timedelta(days=20)),  # open only 4 days
        (now + timedelta(days=16), now + timedelta(days=77)),  # open 61 days
    ]:
        with pytest.raises(ValidationError):
            services.vote_publish_notice(
                vote_id=vote.pk, by=committee_chair, opens_at=opens, closes_at=closes
            )
    assert OwnersVote.objects.get(pk=vote.pk).state == "draft"
    opens = services.votes.earliest_opening(now)  # 00:00 of the sixteenth day
    services.vote_publish_notice(
        vote_id=vote.pk, by=committee_chair, opens_at=opens, closes_at=opens + timedelta(days=5)
    )
    vote.refresh_from_db()
    assert vote.state == "noticed" and vote.roll.count() == 2  # the chair's and resident's homes
    assert "法释〔2009〕7号" in vote.roll_source
    assert Receipt.objects.filter(announcement=vote.notice, user=resident).exists()
    # A home registered after the notice does not join the frozen roll.
    f.ResidencyFactory(unit=f.UnitFactory(building=place.building))
    assert vote.roll.count() == 2
    with pytest.raises(ValidationError):  # once only
        services.vote_publish_notice(
            vote_id=vote.pk, by=committee_chair, opens_at=opens, closes_at=opens + timedelta(days=5)
        )


def test_only_the_committee_organises(place, resident):
    with pytest.raises(PermissionDenied):
        draft(place, resident)


def test_an_owner_votes_online_and_changes_the_ballot_until_it_closes(
    place, committee_chair, resident, clock
):
    vote = draft(place, committee_chair)
    with pytest.raises(ValidationError):  # not open yet
        cast(vote, resident)
    vote = open_vote(place, committee_chair, clock)
    cast(vote, resident, "against")
    cast(vote, resident, "for")
    counted = Ballot.objects.get(vote=vote, counted=True)
    assert counted.choices.get().choice == "for"
    assert Ballot.objects.filter(vote=vote).count() == 2  # the first stays on record
    assert AuditEvent.objects.filter(code="deliberation.ballot.cast").count() == 2
    with pytest.raises(ValidationError):
        services.ballot_cast(
            vote_id=vote.pk,
            unit_id=resident.residencies.get().unit_id,
            by=resident,
            choices={vote.topics.get().pk: "maybe"},
        )


def test_a_tenant_votes_only_as_the_owners_written_proxy(
    place, committee_chair, resident, tenant, clock
):
    vote = open_vote(place, committee_chair, clock)
    home = resident.residencies.get().unit
    with pytest.raises(PermissionDenied):
        cast(vote, tenant, unit=home)
    with pytest.raises(PermissionDenied):  # no written proxy: not theirs to vote
        cast(vote, tenant, unit=home, channel="proxy")
    with pytest.raises(PermissionDenied):  # only the unit's voter names a proxy
        services.proxy_register(
            vote=vote,
            unit=home,
            owner=tenant,
            proxy_phone=tenant.phone,
            matters="本次表决",
            valid_until=vote.closes_at,
            scan=pdf("委托书.pdf"),
        )
    proxy = services.proxy_register(
        vote=vote,
        unit=home,
        owner=resident,
        proxy_phone=tenant.phone,
        matters="使用维修资金更换18栋电梯",
        valid_until=vote.closes_at,
        scan=photo("委托书.jpg"),
    )
    (ballot,) = cast(vote, tenant, unit=home, channel="proxy")
    assert ballot.counted and ballot.proxy == proxy and ballot.cast_by == tenant


def test_a_paper_ballot_counts_once_a_second_person_verifies_it_and_prevails(
    place, committee_chair, resident, building_head, volunteer, clock
):
    vote = open_vote(place, committee_chair, clock)
    home = resident.residencies.get().unit
    cast(vote, resident, "against")
    with pytest.raises(ValidationError):  # a paper ballot needs its scan
        cast(vote, building_head, "for", unit=home, channel="paper")
    with pytest.raises(PermissionDenied):  # only collectors enter paper ballots
        cast(vote, resident, "for", unit=home, channel="paper", scan=pdf())
    (paper,) = cast(vote, building_head, "for", unit=home, channel="paper", scan=pdf())
    assert not paper.counted
    with pytest.raises(ValidationError):
        services.ballot_verify(ballot_id=paper.pk, by=building_head)  # not the one who entered it
    services.ballot_verify(ballot_id=paper.pk, by=volunteer)
    counted = Ballot.objects.get(vote=vote, unit=home, counted=True)
    assert counted.pk == paper.pk and counted.verified_by == volunteer
    with pytest.raises(ValidationError, match="书面"):  # paper prevails over a later online one
        cast(vote, resident, "against")
    codes = list(AuditEvent.objects.values_list("code", flat=True))
    assert codes.count("deliberation.ballot.verified") == 1


def test_an_owner_of_two_homes_casts_one_choice_for_both(place, committee_chair, resident, clock):
    second = f.UnitFactory(building=place.building, entrance="3单元", door="808")
    f.ResidencyFactory(user=resident, unit=second)
    vote = open_vote(place, committee_chair, clock)
    ballots = cast(vote, resident, unit=second)
    assert {b.unit_id for b in ballots} == {second.pk, resident.residencies.first().unit_id}
    result = queries.tally_of(vote, vote.topics.get())
    assert result.participating_heads == 1 and result.participating_area == 2 * 8950


def test_closing_counts_stores_and_publishes_and_ballots_are_final(
    place, committee_chair, resident, building_head, clock
):
    vote = open_vote(place, committee_chair, clock)
    cast(vote, resident, "for")
    cast(vote, committee_chair, "for")
    with pytest.raises(ValidationError):
        services.vote_close(vote_id=vote.pk)  # not yet
    clock.move_to(vote.closes_at + timedelta(minutes=1))
    assert services.close_due() == 1
    vote.refresh_from_db()
    topic = vote.topics.get()
    assert vote.state == "closed" and topic.result["approved"] is True
    assert topic.result["participating_heads"] == 2
    assert vote.result_notice and "通过" in vote.result_notice.body
    with pytest.raises(ValidationError):
        cast(vote, resident, "against")
    assert services.close_due() == 0
    assert queries.recount_closed() == []
    # Someone edits a counted choice in the database: the recount finds it.
    BallotChoice.objects.filter(ballot__vote=vote, ballot__counted=True).update(choice="against")
    (difference,) = queries.recount_closed()
    assert difference[0] == vote.pk and difference[3]["approved"] is False


def test_participation_shows_who_took_part_never_what_they_chose(
    place, committee_chair, resident, other_owner, clock
):
    b2 = f.BuildingFactory(compound=place.compound, name="19栋")
    f.ResidencyFactory(unit=f.UnitFactory(building=b2, area=Decimal("120.00")))
    vote = open_vote(place, committee_chair, clock)
    cast(vote, resident, "against")
    shown = queries.participation(vote)
    overall = shown["overall"]
    assert (overall.participating_heads, overall.total_heads) == (1, 3)
    assert overall.participating_area == 8950 and overall.total_area == 2 * 8950 + 12000
    assert shown["gap"] == (-(-2 * overall.total_area // 3) - 8950, 1)
    assert shown["buildings"]["19栋"].participating_heads == 0
    assert shown["buildings"]["18栋"].participating_heads == 1


def test_a_vote_scoped_to_one_building_freezes_only_its_owners(
    place, committee_chair, resident, clock
):
    b2 = f.BuildingFactory(compound=place.compound, name="19栋")
    f.ResidencyFactory(unit=f.UnitFactory(building=b2))
    vote = open_vote(place, committee_chair, clock, buildings=[b2])
    assert [e.building_name for e in vote.roll.all()] == ["19栋"]
    with pytest.raises(ValidationError):
        cast(vote, resident)  # 18栋 is not on this vote's roll


def test_the_audit_bundle_recounts_to_the_published_result(
    place, committee_chair, resident, tmp_path, clock
):
    vote = open_vote(place, committee_chair, clock)
    cast(vote, resident, "for")
    clock.move_to(vote.closes_at)
    services.close_due()
    vote.refresh_from_db()
    topic = vote.topics.get()
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(queries.audit_bundle(vote, topic))
    done = subprocess.run(
        [sys.executable, "manage.py", "recount", str(archive)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == topic.result
    # Units appear under codes, not door numbers; the voters list names homes, not choices.
    import zipfile

    with zipfile.ZipFile(archive) as z:
        roll = z.read("bundle/roll.csv").decode()
        voters = z.read("bundle/voters.csv").decode()
    assert "301" not in roll and "18栋 2单元 301" in voters and "for" not in voters


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_ballots_for_one_unit_count_exactly_once(place, committee_chair, resident):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")
    opens = timezone.now() + timedelta(days=16)
    vote = draft(place, committee_chair)
    vote = services.vote_publish_notice(
        vote_id=vote.pk, by=committee_chair, opens_at=opens, closes_at=opens + timedelta(days=7)
    )
    OwnersVote.objects.filter(pk=vote.pk).update(
        opens_at=timezone.now() - timedelta(hours=1)
    )  # voting opened an hour ago
    unit_id, topic_id = resident.residencies.get().unit_id, vote.topics.get().pk
    barrier = threading.Barrier(50)
    errors = []

    def submit(i):
        try:
            barrier.wait()
            services.ballot_cast(
                vote_id=vote.pk,
                unit_id=unit_id,
                by=resident,
                choices={topic_id: ("for", "against", "abstain")[i % 3]},
            )
        except Exception as exc:  # noqa: BLE001 - any failure is a test failure below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Ballot.objects.filter(vote=vote, unit_id=unit_id, counted=True).count() == 1
    assert Ballot.objects.filter(vote=vote, unit_id=unit_id).count() == 50


def test_ballots_cannot_change_or_vanish_once_the_vote_is_closed(
    place, committee_chair, resident, clock
):
    vote = open_vote(place, committee_chair, clock)
    (ballot,) = cast(vote, resident, "for")
    clock.move_to(vote.closes_at)
    services.close_due()
    ballot.refresh_from_db()
    ballot.counted = False
    with pytest.raises(ValueError):
        ballot.save()
    choice = ballot.choices.get()
    choice.choice = "against"
    with pytest.raises(ValueError):
        choice.save()
    with pytest.raises(ValueError):
        ballot.delete()
    assert queries.recount_closed() == []


def test_a_vote_for_one_entrance_freezes_only_its_owners_and_the_notice_has_the_options(
    place, committee_chair, resident, clock
):
    other = f.UnitFactory(building=place.building, entrance="1单元", door="909")
    f.ResidencyFactory(unit=other)
    vote = services.vote_create(
        by=committee_chair,
        compound=place.compound,
        title="2单元外墙修缮",
        method="网上投票",
        topics=[{"title": "同意使用维修资金", "matter_item": 5}],
        entrances=[(place.building.pk, "2单元")],
    )
    opens = timezone.now() + timedelta(days=16)
    vote = services.vote_publish_notice(
        vote_id=vote.pk, by=committee_chair, opens_at=opens, closes_at=opens + timedelta(days=5)
    )
    assert {e.label for e in vote.roll.all()} == {"18栋 2单元 301", "18栋 2单元 201"}
    with pytest.raises(ValidationError):  # an entrance of another compound's building
        services.vote_create(
            by=committee_chair,
            compound=place.compound,
            title="x",
            method="x",
            topics=[{"title": "x", "matter_item": 0}],
            entrances=[(f.BuildingFactory().pk, "1单元")],
        )
