"""The owner roll: area per unit (第八条), headcount by the set of owners (法释〔2009〕7号
第九条): every case of issue 11 by hand, and a reference keyed by frozensets of owner ids."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compounds.models import Residency
from compounds.queries import (
    DEVELOPER_KEY,
    HEAD_KEY_MAX_LENGTH,
    owner_roll,
    owner_set_key,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


def _unit(building, door, area="100.00", entrance="1单元", **extra):
    return f.UnitFactory(
        building=building, door=door, area=Decimal(area), entrance=entrance, **extra
    )


def test_hand_made_compound():
    compound = f.CompoundFactory()
    b1, b2 = f.BuildingFactory(compound=compound), f.BuildingFactory(compound=compound)
    alice, bob, carol, dan = (f.UserFactory() for _ in range(4))
    # Alice owns three units: one person, three areas.
    for door, area in [("101", "80.50"), ("102", "90.25"), ("201", "100.00")]:
        f.ResidencyFactory(user=alice, unit=_unit(b1, door, area))
    # Bob and Carol co-own one unit, Carol votes: one person, one area.
    shared = _unit(b1, "202", "120.00")
    f.ResidencyFactory(user=bob, unit=shared, relation="co_owner")
    f.ResidencyFactory(user=carol, unit=shared, relation="co_owner", is_voter=True)
    # Two unsold units of the developer count once together.
    _unit(b2, "101", "70.00", developer_held=True)
    _unit(b2, "102", "75.00", developer_held=True)
    # Dan owns one unit and has a tenant, who does not vote.
    dans = _unit(b2, "201", "88.88")
    f.ResidencyFactory(user=dan, unit=dans)
    f.ResidencyFactory(unit=dans, relation="tenant")

    roll = owner_roll(compound)
    assert len(roll.entries) == 7  # area is never collapsed
    assert roll.total_area == Decimal("624.63")  # 80.50+90.25+100+120+70+75+88.88
    assert roll.headcount == 4  # Alice, Bob+Carol, the developer, Dan
    voters = {e.unit_id: e.voter_id for e in roll.entries}
    assert voters[shared.pk] == carol.pk
    assert voters[dans.pk] == dan.pk
    assert [e.headcount_key for e in roll.entries].count(DEVELOPER_KEY) == 2


def test_subset_of_buildings_and_entrances():
    compound = f.CompoundFactory()
    b1, b2 = f.BuildingFactory(compound=compound), f.BuildingFactory(compound=compound)
    owner = f.UserFactory()
    f.ResidencyFactory(user=owner, unit=_unit(b1, "101", "50.00", entrance="1单元"))
    f.ResidencyFactory(user=owner, unit=_unit(b1, "102", "60.00", entrance="2单元"))
    f.ResidencyFactory(unit=_unit(b2, "101", "70.00"))
    assert owner_roll(compound, buildings=[b1]).total_area == Decimal("110.00")
    assert owner_roll(compound, buildings=[b1]).headcount == 1
    only = owner_roll(compound, entrances=[(b1.pk, "2单元")])
    assert (only.total_area, only.headcount) == (Decimal("60.00"), 1)


def test_unverified_ended_and_rejected_owners_do_not_count_as_owners():
    compound = f.CompoundFactory()
    building = f.BuildingFactory(compound=compound)
    person = f.UserFactory()
    # The same person with a pending claim on one unit and an ended ownership of another:
    # neither ties the two units together, so each counts as its own (unregistered) owner.
    f.ResidencyFactory(user=person, unit=_unit(building, "101"), status="pending")
    f.ResidencyFactory(
        user=person, unit=_unit(building, "102"), start=date(2020, 1, 1), end=date(2021, 1, 1)
    )
    f.ResidencyFactory(user=person, unit=_unit(building, "103"), status="rejected")
    roll = owner_roll(compound)
    assert roll.headcount == 3
    assert all(e.voter_id is None for e in roll.entries)


def _verify(user, unit, relation="co_owner", **extra):
    return f.ResidencyFactory(user=user, unit=unit, relation=relation, **extra)


def _keys(roll) -> dict[int, str]:
    return {e.unit_id: e.headcount_key for e in roll.entries}


# The cases of 法释〔2009〕7号 第九条 named in issue 11, each computed by hand. -------------


def test_one_owner_of_three_units_is_one_head():
    compound = f.CompoundFactory()
    building = f.BuildingFactory(compound=compound)
    p = f.UserFactory()
    for door in ("101", "102", "103"):
        _verify(p, _unit(building, door), relation="owner")
    roll = owner_roll(compound)
    assert (len(roll.entries), roll.headcount) == (3, 1)  # 3 areas, 1 owner
    assert roll.total_area == Decimal("300.00")


def test_two_co_owners_of_two_units_are_one_head_whoever_is_named_to_vote():
    compound = f.CompoundFactory()
    building = f.BuildingFactory(compound=compound)
    p, q = f.UserFactory(), f.UserFactory()
    u1, u2 = _unit(building, "101"), _unit(building, "102")
    _verify(p, u1, is_voter=True)  # P is named voter for U1
    _verify(q, u1)
    _verify(p, u2)
    _verify(q, u2, is_voter=True)  # and Q for U2
    roll = owner_roll(compound)
    assert roll.headcount == 1  # one set of owners {P, Q} (before: 2, one per voter)
    voters = {e.unit_id: e.voter_id for e in roll.entries}
    assert voters == {u1.pk: p.pk, u2.pk: q.pk}  # the voter casts, never counts
    assert _keys(roll)[u1.pk] == _keys(roll)[u2.pk] == owner_set_key({p.pk, q.pk})


def test_a_sole_owner_who_also_co_owns_and_votes_for_a_second_unit_is_two_heads():
    compound = f.CompoundFactory()
    building = f.BuildingFactory(compound=compound)
    p, q = f.UserFactory(), f.UserFactory()
    a, b = _unit(building, "101"), _unit(building, "102")
    _verify(p, a, relation="owner")  # {P}
    _verify(p, b, is_voter=True)  # {P, Q}, P votes for it
    _verify(q, b)
    roll = owner_roll(compound)
    assert roll.headcount == 2  # {P} and {P, Q} are different owners (before: 1)
    assert {e.voter_id for e in roll.entries} == {p.pk}


def test_two_sole_owners_and_their_shared_unit_are_three_heads():
    compound = f.CompoundFactory()
    building = f.BuildingFactory(compound=compound)
    p, q = f.UserFactory(), f.UserFactory()
    a, b, c = _unit(building, "101"), _unit(building, "102"), _unit(building, "103")
    _verify(p, a, relation="owner")  # {P}
    _verify(q, c, relation="owner")  # {Q}
    _verify(p, b)  # {P, Q}
    _verify(q, b, is_voter=True)
    roll = owner_roll(compound)
    assert (len(roll.entries), roll.headcount) == (3, 3)  # (before: 2)


def test_a_co_owner_with_a_lower_id_verified_later_never_moves_any_key():
    compound = f.CompoundFactory()
    building = f.BuildingFactory(compound=compound)
    q = f.UserFactory()  # created first: the lower user id
    p = f.UserFactory()
    assert q.pk < p.pk
    a, b, d = _unit(building, "101"), _unit(building, "102"), _unit(building, "104")
    _verify(p, a, relation="owner")
    _verify(p, b)
    _verify(q, d)  # D: Q first, then P — the other order of verification
    _verify(p, d)
    before = _keys(owner_roll(compound))
    assert before[a.pk] == before[b.pk] == owner_set_key({p.pk})
    assert owner_roll(compound).headcount == 2  # {P} (A and B), {P, Q} (D)

    _verify(q, b)  # Q, with the lower id, is verified on B later
    after = _keys(owner_roll(compound))
    # A's key and D's key are exactly what they were: no other unit moves.
    assert after[a.pk] == before[a.pk] and after[d.pk] == before[d.pk]
    # B's owners are now {P, Q}: its key is that set's — the same key as D, whose owners
    # were verified in the other order — not a key of "the lowest id" or of the voter.
    assert after[b.pk] == after[d.pk] == owner_set_key({q.pk, p.pk})
    assert owner_roll(compound).headcount == 2  # {P} (A), {P, Q} (B and D)
    # Naming a voter moves no key either.
    Residency.objects.filter(unit=b, user=q).update(is_voter=True)
    assert _keys(owner_roll(compound)) == after


def test_the_developers_units_count_once_and_units_without_a_registered_owner_once_each():
    compound = f.CompoundFactory()
    building = f.BuildingFactory(compound=compound)
    for door in ("101", "102", "103"):
        _unit(building, door, developer_held=True)
    _unit(building, "201")
    _unit(building, "202")
    roll = owner_roll(compound)
    assert (len(roll.entries), roll.headcount) == (5, 3)  # the developer, 201, 202


def test_a_set_of_owners_too_long_for_the_key_is_keyed_by_a_hash_of_the_same_ids():
    ids = set(range(10**17, 10**17 + 20))  # 20 eighteen-digit ids: 379 characters
    key = owner_set_key(ids)
    assert len(key) <= HEAD_KEY_MAX_LENGTH and key.startswith("owners:sha256:")
    assert key == owner_set_key(sorted(ids, reverse=True)) != owner_set_key(ids - {10**17})
    assert owner_set_key({12, 3}) == "owners:3,12"


def test_owner_of_units_in_two_compounds_counts_in_each():
    owner = f.UserFactory()
    a, b = f.CompoundFactory(), f.CompoundFactory()
    f.ResidencyFactory(user=owner, unit=_unit(f.BuildingFactory(compound=a), "101"))
    f.ResidencyFactory(user=owner, unit=_unit(f.BuildingFactory(compound=b), "101"))
    assert owner_roll(a).headcount == owner_roll(b).headcount == 1


# Against a simple reference: random assignments of owners to units.
ownerships = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=5),  # which of 6 units
        st.integers(min_value=0, max_value=3),  # which of 4 people
    ),
    max_size=12,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pairs=ownerships,
    developer=st.sets(st.integers(min_value=0, max_value=5), max_size=2),
    areas=st.lists(
        st.decimals(min_value=Decimal("20.00"), max_value=Decimal("300.00"), places=2),
        min_size=6,
        max_size=6,
    ),
    named=st.lists(st.integers(min_value=0, max_value=3), min_size=6, max_size=6),
    tenants=st.sets(st.integers(min_value=0, max_value=5)),
)
def test_roll_matches_a_simple_reference(pairs, developer, areas, named, tenants):
    compound = f.CompoundFactory()
    building = f.BuildingFactory(compound=compound)
    units = [
        _unit(building, f"{i + 1}01", str(areas[i]), developer_held=i in developer)
        for i in range(6)
    ]
    people = [f.UserFactory() for _ in range(4)]
    owners: dict[int, set[int]] = {}
    for unit_index, person_index in sorted(set(pairs)):
        if unit_index in developer:
            continue
        Residency.objects.create(
            user=people[person_index],
            unit=units[unit_index],
            relation="co_owner",
            status="verified",
            start=date(2024, 1, 1),
            # some co-owner is named to vote: it must change nothing in the count
            is_voter=named[unit_index] == person_index,
        )
        owners.setdefault(unit_index, set()).add(person_index)
    for unit_index in tenants:  # a verified tenant is never an owner
        Residency.objects.create(
            user=f.UserFactory(), unit=units[unit_index], relation="tenant", status="verified"
        )
    # Reference: a unit's owner is the frozenset of its owners' ids; the developer once;
    # each unit without a registered owner on its own.
    reference = {}
    for i in range(6):
        if i in developer:
            reference[i] = "developer"
        elif i in owners:
            reference[i] = frozenset(people[p].pk for p in owners[i])
        else:
            reference[i] = ("unit", i)
    roll = owner_roll(compound)
    assert roll.headcount == len(set(reference.values()))
    assert roll.total_area == sum(areas, Decimal("0"))
    key = {e.unit_id: e.headcount_key for e in roll.entries}
    for i, j in itertools.combinations(range(6), 2):  # the same partition of the units
        assert (key[units[i].pk] == key[units[j].pk]) == (reference[i] == reference[j])
    for e, i in zip(roll.entries, range(6), strict=True):  # the voter is one of the owners
        assert e.voter_id in {people[p].pk for p in owners.get(i, ())} | {None}
