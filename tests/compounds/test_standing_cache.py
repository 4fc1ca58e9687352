"""The standing is loaded once per person and kept in the process across requests (issue 13:
"one load of the user's standing per request … per session with invalidation on change"):
a second page does not load it again, and any change to the person's ties — or to the
places that grant them — applies from the very next request."""

from datetime import timedelta

import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from compounds import standing as standing_module
from compounds.models import Compound, Department, RoleAssignment
from compounds.standing import bump_standing, standing_of
from tests import factories as f


def _version(user) -> int:
    return get_user_model().objects.values_list("standing_version", flat=True).get(pk=user.pk)


def test_a_second_request_does_not_load_the_standing_again(client, resident, monkeypatch):
    loads = []
    real = standing_module._load
    monkeypatch.setattr(standing_module, "_load", lambda user: loads.append(user.pk) or real(user))
    client.force_login(resident)
    assert client.get("/").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/notifications/").status_code == 200
    assert loads == [resident.pk]
    bump_standing([resident.pk])
    assert client.get("/").status_code == 200
    assert loads == [resident.pk, resident.pk]


def test_each_request_gets_its_own_copy(resident):
    first = standing_of(resident)
    again = standing_of(get_user_model().objects.get(pk=resident.pk))
    assert again is not first and again.compounds == first.compounds
    assert again.residencies[0] is not first.residencies[0]


def test_a_new_home_counts_from_the_next_request(client, place, resident):
    other = reverse("compounds:detail", args=[place.other_compound.pk])
    client.force_login(resident)
    assert client.get(other).status_code == 404
    building = f.BuildingFactory(compound=place.other_compound, name="3栋")
    f.ResidencyFactory(user=resident, unit=f.UnitFactory(building=building, door="101"))
    assert client.get(other).status_code == 200


def test_an_ended_role_grants_nothing_from_the_next_request(client, place, worker):
    detail = reverse("compounds:detail", args=[place.compound.pk])
    client.force_login(worker)
    assert client.get(detail).status_code == 200
    role = RoleAssignment.objects.get(user=worker)
    role.end = timezone.localdate() - timedelta(days=1)
    role.start = role.end - timedelta(days=30)
    role.save()
    assert client.get(detail).status_code == 404


def test_a_role_ending_today_lapses_at_midnight(client, place, worker):
    detail = reverse("compounds:detail", args=[place.compound.pk])
    RoleAssignment.objects.filter(user=worker).update(end=timezone.localdate())
    client.force_login(worker)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert client.get(detail).status_code == 200  # cached for today
        clock.shift(timedelta(days=1))
        assert client.get(detail).status_code == 404


def test_a_change_to_a_place_reloads_the_people_it_reaches(place, committee_chair):
    department = Department.objects.create(
        street_office=place.compound.community.street_office, name="城管执法中队", kind="government"
    )
    clerk = f.UserFactory(phone="+8613900000301")
    f.RoleAssignmentFactory(
        user=clerk, role=RoleAssignment.Role.DEPARTMENT_STAFF, department=department
    )
    before = {u.pk: _version(u) for u in (clerk, committee_chair)}
    department.active = False
    department.save()
    assert _version(clerk) == before[clerk.pk] + 1
    body = committee_chair.memberships.get().body
    body.end = timezone.localdate() - timedelta(days=1)
    body.save()
    assert _version(committee_chair) == before[committee_chair.pk] + 1


def test_a_contract_ended_by_a_bulk_update_ends_access_at_the_next_request(client, place, worker):
    """Contracts are read on every request, never kept: no signal is needed."""
    detail = reverse("compounds:detail", args=[place.compound.pk])
    client.force_login(worker)
    assert client.get(detail).status_code == 200
    Compound.objects.filter(pk=place.compound.pk).update(
        contract_end=timezone.localdate() - timedelta(days=1)
    )
    assert client.get(detail).status_code == 404
