"""Responsibilities (issue 17, item 3, 四包 / 党员联系户): who assigns, who may be made
answerable, what residents and the answerable person see."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from community.models import Responsibility
from community.services import care as services
from compounds.announcements.models import Receipt
from compounds.announcements.services import announcement_publish
from requests.models import Category
from requests.services import request_file
from tests import factories as f

pytestmark = pytest.mark.django_db


def _homes(place, *doors):
    return [place.building.units.get(door=door) for door in doors]


def test_the_party_secretary_makes_a_party_volunteer_answerable_for_households(
    place, party_secretary, volunteer, resident, tenant
):
    found = services.responsibility_assign(
        by=party_secretary,
        building=place.building,
        person=volunteer,
        matter="households",
        units=_homes(place, "301", "302"),
    )
    assert set(found.units.values_list("door", flat=True)) == {"301", "302"}


@pytest.mark.parametrize("persona", ["resident", "building_head", "supervisor", "volunteer"])
def test_only_secretaries_the_owners_committee_and_staff_assign(request, place, persona, volunteer):
    with pytest.raises(PermissionDenied):
        services.responsibility_assign(
            by=request.getfixturevalue(persona),
            building=place.building,
            person=volunteer,
            matter="mediation",
        )


def test_community_staff_and_the_owners_committee_assign(
    place, community_staff, committee_chair, building_head
):
    for by, matter in ((community_staff, "mediation"), (committee_chair, "sanitation")):
        services.responsibility_assign(
            by=by, building=place.building, person=building_head, matter=matter
        )
    assert Responsibility.objects.count() == 2


def test_only_a_party_member_or_role_holder_is_made_answerable(
    place, party_secretary, resident, other_owner
):
    for person in (resident, other_owner):
        with pytest.raises(ValidationError, match="party member or a role holder"):
            services.responsibility_assign(
                by=party_secretary, building=place.building, person=person, matter="education"
            )


def test_households_are_needed_and_must_be_of_the_building(
    place, party_secretary, volunteer, other_owner
):
    with pytest.raises(ValidationError, match="households"):
        services.responsibility_assign(
            by=party_secretary, building=place.building, person=volunteer, matter="households"
        )
    elsewhere = f.UnitFactory(building=f.BuildingFactory(compound=place.compound))
    with pytest.raises(ValidationError, match="homes of this building"):
        services.responsibility_assign(
            by=party_secretary,
            building=place.building,
            person=volunteer,
            matter="households",
            units=[elsewhere],
        )


def test_the_same_matter_twice_is_refused_until_it_ends(place, party_secretary, building_head):
    found = services.responsibility_assign(
        by=party_secretary, building=place.building, person=building_head, matter="mutual_aid"
    )
    with pytest.raises(ValidationError, match="already answerable"):
        services.responsibility_assign(
            by=party_secretary, building=place.building, person=building_head, matter="mutual_aid"
        )
    services.responsibility_end(by=party_secretary, responsibility=found)
    services.responsibility_assign(
        by=party_secretary, building=place.building, person=building_head, matter="mutual_aid"
    )


@pytest.mark.parametrize(
    ("doors", "message"),
    [
        ("", "请填写联系的住户"),
        ("909", "没有 909 这户"),
        ("301，\n302、 2单元 502", None),
    ],
)
def test_assign_form_reads_door_numbers(
    client, place, party_secretary, volunteer, resident, tenant, building_head, doors, message
):
    client.force_login(party_secretary)
    response = client.post(
        reverse("community:care_assign", args=[place.compound.pk]),
        {
            "building": place.building.pk,
            "person": volunteer.pk,
            "matter": "households",
            "doors": doors,
        },
    )
    if message:
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].non_field_errors())
        assert not Responsibility.objects.exists()
    else:
        assert response.status_code == 302
        assert Responsibility.objects.get().units.count() == 3


def test_assign_form_asks_which_entrance_when_a_door_repeats(
    client, place, party_secretary, volunteer, resident
):
    f.UnitFactory(building=place.building, entrance="1单元", door="301")
    client.force_login(party_secretary)
    response = client.post(
        reverse("community:care_assign", args=[place.compound.pk]),
        {
            "building": place.building.pk,
            "person": volunteer.pk,
            "matter": "households",
            "doors": "301",
        },
    )
    assert "有多个单元" in " ".join(response.context["form"].non_field_errors())


def test_assign_form_refuses_a_resident_as_the_answerable(client, place, party_secretary, resident):
    client.force_login(party_secretary)
    response = client.post(
        reverse("community:care_assign", args=[place.compound.pk]),
        {"building": place.building.pk, "person": resident.pk, "matter": "mediation"},
    )
    assert response.status_code == 200 and response.context["form"].errors["person"]


def test_residents_see_who_is_answerable_on_the_community_page_and_home(
    client, place, party_secretary, volunteer, building_head, resident, tenant
):
    services.responsibility_assign(
        by=party_secretary,
        building=place.building,
        person=volunteer,
        matter="households",
        units=_homes(place, "301"),
    )
    services.responsibility_assign(
        by=party_secretary, building=place.building, person=building_head, matter="sanitation"
    )
    client.force_login(resident)
    hub = client.get(reverse("community:hub", args=[place.compound.pk])).content.decode()
    home = client.get("/").content.decode()
    for page in (hub, home):
        assert str(volunteer) in page and str(building_head) in page
    client.force_login(tenant)  # 302: in the building, not one of the volunteer's households
    hub = client.get(reverse("community:hub", args=[place.compound.pk])).content.decode()
    assert str(building_head) in hub and str(volunteer) not in hub


def test_the_answerable_person_sees_open_requests_and_unread_notices(
    client, place, party_secretary, volunteer, resident, tenant
):
    services.responsibility_assign(
        by=party_secretary,
        building=place.building,
        person=volunteer,
        matter="households",
        units=_homes(place, "301"),
    )
    request_file(
        reporter=resident,
        compound=place.compound,
        unit=_homes(place, "301")[0],
        category=Category.objects.get(compound=None, code="other"),
        kind="help",
        description="想请人帮忙买药",
    )
    request_file(
        reporter=tenant,
        compound=place.compound,
        unit=_homes(place, "302")[0],
        category=Category.objects.get(compound=None, code="other"),
        kind="help",
        description="不是联系户的",
    )
    notice = announcement_publish(
        publisher=party_secretary, title="停水通知", body="明天停水", compound=place.compound
    )
    read = announcement_publish(
        publisher=party_secretary, title="已读通知", body="x", compound=place.compound
    )
    Receipt.objects.filter(announcement=read, user=resident).update(read_at=notice.published_at)
    client.force_login(volunteer)
    page = client.get(reverse("community:my_care"))
    assert [r.description for r in page.context["requests"]] == ["想请人帮忙买药"]
    assert [n.title for n in page.context["notices"]] == ["停水通知"]
    assert page.context["notices"][0].unread == 1
    client.force_login(resident)  # not answerable for anyone: nothing of others'
    assert client.get(reverse("community:my_care")).context["mine"] == []


def test_ending_a_responsibility(
    client, place, party_secretary, building_head, resident, other_owner
):
    found = services.responsibility_assign(
        by=party_secretary, building=place.building, person=building_head, matter="sanitation"
    )
    url = reverse("community:care_end", args=[found.pk])
    client.force_login(other_owner)
    assert client.post(url).status_code == 404
    client.force_login(resident)
    assert client.post(url).status_code == 403
    client.force_login(party_secretary)
    assert client.post(url).status_code == 302
    found.refresh_from_db()
    assert found.ended_at
    assert client.post(url).status_code == 404  # ended: no longer there to end


def test_care_list_queries_do_not_grow(
    client, place, party_secretary, resident, django_assert_num_queries
):
    def grow(n):
        for _ in range(n):
            head = f.UserFactory()
            f.RoleAssignmentFactory(
                user=head, role="volunteer", compound=place.compound, is_party_member=True
            )
            unit = f.UnitFactory(building=place.building)
            services.responsibility_assign(
                by=party_secretary,
                building=place.building,
                person=head,
                matter="households",
                units=[unit],
            )

    grow(2)
    client.force_login(resident)
    url = reverse("community:care", args=[place.compound.pk])
    client.get(url)
    with django_assert_num_queries(6) as small:
        client.get(url)
    grow(10)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_hub_queries_do_not_grow(
    client, place, party_secretary, resident, volunteer, django_assert_num_queries
):
    from community.services import teams, zones

    def grow(n):
        for _ in range(n):
            k = Responsibility.objects.count()
            team = teams.team_create(
                by=party_secretary,
                compound=place.compound,
                name=f"队{k}",
                kind="care",
                leader=volunteer,
            )
            zone = zones.zone_create(
                by=party_secretary, compound=place.compound, name=f"区{k}", kind="green"
            )
            zones.zone_claim(zone=zone, by=volunteer, team=team)
            head = f.UserFactory()
            f.RoleAssignmentFactory(
                user=head, role="volunteer", compound=place.compound, is_party_member=True
            )
            services.responsibility_assign(
                by=party_secretary, building=place.building, person=head, matter="sanitation"
            )

    grow(1)
    client.force_login(resident)
    url = reverse("community:hub", args=[place.compound.pk])
    # 7 for the teams, zones and 四包 sections and the page (the teams' hours in their
    # rows, "am I answerable here" in the 四包 read); 1 for activities (my sign-ups and
    # hours in their rows), 2 for facilities, 2 for the duty roster (no station here)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405
    with django_assert_num_queries(12) as small:
        client.get(url)
    grow(10)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)
