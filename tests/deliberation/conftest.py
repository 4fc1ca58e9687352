import pytest
import time_machine
from django.utils import timezone

from compounds.models import Body
from tests import factories as f


@pytest.fixture
def clock():
    """A stopped clock the test moves (voting opens on the 16th day after the notice)."""
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


@pytest.fixture
def committee(place, committee_chair):
    """A five-member owners' committee: the chair and four members, each an owner."""
    body = Body.objects.get(compound=place.compound, kind="owners_committee")
    members = [committee_chair]
    for i in range(4):
        unit = f.UnitFactory(building=place.building, entrance="5单元", door=f"{i + 1}01")
        member = f.ResidencyFactory(unit=unit, user=f.UserFactory(display_name=f"委员{i}")).user
        f.MembershipFactory(body=body, user=member)
        members.append(member)
    return members
