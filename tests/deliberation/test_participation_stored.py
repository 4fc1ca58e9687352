"""Participation kept per building as ballots are counted (issue 13, item 4): the stored
rows equal the full recount after any sequence of ballots — online, changed, by proxy, on
paper (valid, blank, spoiled) verified or refused, a paper ballot prevailing over online —
across buildings, co-owned homes and an owner of several homes; two ballots at once lose
nothing; `recount` names a row that differs; the migration's backfill is the recount."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deliberation import participation, queries, services, tally
from deliberation.models import Ballot, MatterItem, OwnersVote, VoteParticipation
from tests import factories as f
from tests.deliberation.test_votes import draft, open_vote, pdf

pytestmark = pytest.mark.django_db


def _reference(vote) -> dict:
    """`queries.participation` as it was before the rows: the whole roll and every ballot
    counted on each view."""
    entries = list(vote.roll.values_list("unit_id", "building_name", "area", "head_key"))
    counted = Ballot.objects.filter(vote=vote, counted=True)
    if not vote.invalid_ballots_participate:
        counted = counted.filter(choices__choice__in=tally.CHOICES)
    voted = set(counted.values_list("unit_id", flat=True))
    rows = [tally.RollRow(str(u), b, a, k) for u, b, a, k in entries]
    ballots = [tally.BallotRow(str(u), "abstain") for u, _b, _a, _k in entries if u in voted]
    overall = tally.count(rows, ballots, MatterItem.OTHER_MAJOR)
    buildings = {}
    for name in dict.fromkeys(b for _u, b, _a, _k in entries):
        mine = [r for r in rows if r.building == name]
        units = {r.unit for r in mine}
        buildings[name] = tally.count(
            mine, [b for b in ballots if b.unit in units], MatterItem.OTHER_MAJOR
        )
    return {"overall": overall, "gap": overall.gap_to_quorum(), "buildings": buildings}


def _unit(building, door, *owners, voter=None):
    unit = f.UnitFactory(building=building, entrance="1单元", door=door, area=Decimal("97.35"))
    for owner in owners:
        f.ResidencyFactory(
            user=owner,
            unit=unit,
            relation="owner" if len(owners) == 1 else "co_owner",
            is_voter=owner == (voter or owner),
        )
    return unit


@pytest.fixture
def homes(place, committee_chair, building_head, volunteer):
    """Two buildings: P owns a home in each, Q and R share one (Q votes), T owns two in
    18栋, S one in 19栋 (and names a proxy in each vote)."""
    other = f.BuildingFactory(compound=place.compound, name="19栋")
    p, q, r, s, t, proxy = (f.UserFactory() for _ in range(6))
    units = [
        _unit(place.building, "601", p),
        _unit(other, "601", p),
        _unit(place.building, "602", q, r, voter=q),
        _unit(other, "602", s),
        _unit(place.building, "603", t),
        _unit(place.building, "604", t),
    ]
    voters = [p, p, q, s, t, t]
    return {"units": units, "voters": voters, "s": s, "proxy": proxy}


operations = st.lists(
    st.one_of(
        st.tuples(st.just("online"), st.integers(0, 5), st.sampled_from(tally.CHOICES)),
        st.tuples(st.just("proxy"), st.just(3), st.sampled_from(tally.CHOICES)),
        st.tuples(st.just("paper"), st.integers(0, 5), st.sampled_from(tally.MARKS)),
        st.tuples(st.just("verify"), st.integers(0, 3), st.just("")),
    ),
    max_size=14,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations, invalid_participate=st.booleans(), paper_prevails=st.booleans())
def test_stored_participation_equals_the_full_recount_after_any_ballots(
    place, committee_chair, building_head, volunteer, homes, clock, ops, invalid_participate,
    paper_prevails,
):  # fmt: skip
    with transaction.atomic():
        vote = open_vote(place, committee_chair, clock)
        OwnersVote.objects.filter(pk=vote.pk).update(
            invalid_ballots_participate=invalid_participate, paper_prevails=paper_prevails
        )
        vote.refresh_from_db()
        topic = vote.topics.get().pk
        s, units = homes["s"], homes["units"]
        services.proxy_register(
            vote=vote, unit=units[3], owner=s, proxy_phone=homes["proxy"].phone, matters="全部",
            valid_until=timezone.now() + timedelta(days=30), scan=pdf("委托书.pdf"),
        )  # fmt: skip
        for op, n, mark in ops:
            # Each ballot at its own moment: a collector's batch is the ballots they entered
            # at one moment (ballot_verify), which a stopped clock would merge.
            clock.shift(timedelta(seconds=1))
            try:
                if op == "online":
                    services.ballot_cast(
                        vote_id=vote.pk, unit_id=units[n].pk, by=homes["voters"][n],
                        choices={topic: mark},
                    )  # fmt: skip
                elif op == "proxy":
                    services.ballot_cast(
                        vote_id=vote.pk, unit_id=units[n].pk, by=homes["proxy"],
                        choices={topic: mark}, channel="proxy",
                    )  # fmt: skip
                elif op == "paper":
                    services.ballot_cast(
                        vote_id=vote.pk, unit_id=units[n].pk, by=building_head,
                        choices={topic: mark}, channel="paper", scan=pdf(),
                        spoiled_reason="未签名",
                    )  # fmt: skip
                else:
                    waiting = list(queries.awaiting_verification(vote))
                    if waiting:
                        ballot = waiting[n % len(waiting)]
                        services.ballot_verify(ballot_id=ballot.pk, by=volunteer)
            except (ValidationError, PermissionDenied):
                pass  # refused as the rules say: nothing counted changed
            assert participation.stored(vote) == participation.recount(vote)
        assert queries.participation(vote) == _reference(vote)
        assert participation.every_difference() == []
        transaction.set_rollback(True)


def test_an_owner_of_homes_in_two_buildings_counts_once_in_each_and_once_in_all(
    place, committee_chair, homes, clock
):
    vote = open_vote(place, committee_chair, clock)
    p, unit = homes["voters"][0], homes["units"][0]
    services.ballot_cast(
        vote_id=vote.pk, unit_id=unit.pk, by=p, choices={vote.topics.get().pk: "for"}
    )
    shown = queries.participation(vote)
    assert shown == _reference(vote)
    # P's two homes: one owner in 18栋, one in 19栋, one in the whole vote.
    assert shown["buildings"]["18栋"].participating_heads == 1
    assert shown["buildings"]["19栋"].participating_heads == 1
    assert shown["overall"].participating_heads == 1
    assert shown["overall"].participating_area == 2 * 9735


def test_the_vote_page_reads_participation_in_one_query(
    place, committee_chair, homes, clock, django_assert_num_queries
):
    vote = open_vote(place, committee_chair, clock)
    with django_assert_num_queries(1):
        queries.participation(vote)


def test_recount_names_a_stored_participation_row_that_differs(
    place, committee_chair, homes, clock, capsys
):
    vote = open_vote(place, committee_chair, clock)
    VoteParticipation.objects.filter(vote=vote, building_name="19栋").update(voted_heads=1)
    with pytest.raises(CommandError) as failure:
        call_command("recount")
    assert failure.value.returncode == 1
    assert f"vote {vote.pk} participation of 19栋" in capsys.readouterr().err
    services.participation_rebuild(vote=vote)
    call_command("recount")
    assert "participation recounts" in capsys.readouterr().out


def test_the_migration_backfills_rows_equal_to_the_recount(place, committee_chair, homes, clock):
    import importlib

    vote = open_vote(place, committee_chair, clock)
    services.ballot_cast(
        vote_id=vote.pk,
        unit_id=homes["units"][2].pk,
        by=homes["voters"][2],
        choices={vote.topics.get().pk: "against"},
    )
    expected = participation.stored(vote)
    VoteParticipation.objects.all().delete()
    migration = importlib.import_module("deliberation.migrations.0013_vote_participation")
    migration.backfill(django_apps, None)
    assert participation.stored(vote) == expected == participation.recount(vote)


@pytest.mark.django_db(transaction=True)
def test_two_ballots_in_one_building_at_once_both_count(place, committee_chair):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SQLite serialises writers itself)")
    owners = [f.UserFactory() for _ in range(2)]
    units = [_unit(place.building, f"70{i}", owner) for i, owner in enumerate(owners)]
    opens = timezone.now() + timedelta(days=16)
    vote = services.vote_publish_notice(
        vote_id=draft(place, committee_chair).pk,
        by=committee_chair,
        opens_at=opens,
        closes_at=opens + timedelta(days=7),
    )
    OwnersVote.objects.filter(pk=vote.pk).update(opens_at=timezone.now() - timedelta(hours=1))
    topic = vote.topics.get().pk
    barrier, errors = threading.Barrier(2), []

    def submit(i):
        try:
            barrier.wait()
            services.ballot_cast(
                vote_id=vote.pk, unit_id=units[i].pk, by=owners[i], choices={topic: "for"}
            )
        except Exception as exc:  # noqa: BLE001 - any failure is a test failure below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stored = participation.stored(vote)
    assert stored == participation.recount(vote)
    assert stored["18栋"].voted_units == stored[None].voted_units == 2
