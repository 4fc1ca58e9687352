"""The owner roll: area per unit, headcount by 法释〔2009〕7号 第九条."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compounds.models import Residency
from compounds.queries import DEVELOPER_KEY, owner_roll
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


def test_a_co_owner_registering_does_not_change_the_headcount():
    compound = f.CompoundFactory()
    building = f.BuildingFactory(compound=compound)
    a, b = f.UserFactory(), f.UserFactory()
    f.ResidencyFactory(user=a, unit=_unit(building, "101"))
    shared = _unit(building, "102")
    f.ResidencyFactory(user=a, unit=shared, relation="co_owner", is_voter=True)
    assert owner_roll(compound).headcount == 1
    f.ResidencyFactory(user=b, unit=shared, relation="co_owner")
    assert owner_roll(compound).headcount == 1  # a still votes for both units


def test_two_people_who_also_share_a_unit_count_as_two():
    compound = f.CompoundFactory()
    building = f.BuildingFactory(compound=compound)
    a, b = f.UserFactory(), f.UserFactory()
    f.ResidencyFactory(user=a, unit=_unit(building, "101"))
    f.ResidencyFactory(user=b, unit=_unit(building, "103"))
    shared = _unit(building, "102")
    f.ResidencyFactory(user=a, unit=shared, relation="co_owner")
    f.ResidencyFactory(user=b, unit=shared, relation="co_owner", is_voter=True)
    roll = owner_roll(compound)
    assert (len(roll.entries), roll.headcount) == (3, 2)


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
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pairs=ownerships,
    developer=st.sets(st.integers(min_value=0, max_value=5)),
    areas=st.lists(
        st.decimals(min_value=Decimal("20.00"), max_value=Decimal("300.00"), places=2),
        min_size=6,
        max_size=6,
    ),
)
def test_roll_matches_a_simple_reference(pairs, developer, areas):
    compound = f.CompoundFactory()
    building = f.BuildingFactory(compound=compound)
    units = [
        _unit(building, f"{i + 1}01", str(areas[i]), developer_held=i in developer)
        for i in range(6)
    ]
    people = [f.UserFactory() for _ in range(4)]
    owners: dict[int, set[int]] = {}
    for unit_index, person_index in set(pairs):
        if unit_index in developer:
            continue
        relation = "co_owner"
        Residency.objects.create(
            user=people[person_index],
            unit=units[unit_index],
            relation=relation,
            status="verified",
            start=date(2024, 1, 1),
        )
        owners.setdefault(unit_index, set()).add(person_index)
    # Reference: each unit speaks through one person (here, with no voter named, the
    # co-owner with the lowest id); distinct voters, the developer once, ownerless units each.
    keys = set()
    for i in range(6):
        if i in developer:
            keys.add("developer")
        elif i in owners:
            keys.add(("person", min(people[p].pk for p in owners[i])))
        else:
            keys.add(("unit", i))
    roll = owner_roll(compound)
    assert roll.headcount == len(keys)
    assert roll.total_area == sum(areas, Decimal("0"))
