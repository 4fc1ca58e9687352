"""The one permission model: answers from residencies, roles, scopes and terms only."""

from datetime import date

import pytest
from django.urls import reverse

from compounds.models import Compound
from compounds.permissions import can, visible_compounds
from compounds.standing import forget_standing, standing_of
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_pending_or_rejected_residents_do_not_see_the_compound(place):
    pending = f.ResidencyFactory(unit=f.UnitFactory(building=place.building), status="pending")
    rejected = f.ResidencyFactory(unit=f.UnitFactory(building=place.building), status="rejected")
    assert not can(pending.user, "compound.view", place.compound)
    assert not can(rejected.user, "compound.view", place.compound)


def test_an_ended_term_gives_nothing(place):
    holder = f.UserFactory()
    f.BuildingRoleFactory(
        building=place.building,
        holder=holder,
        kind=f.role_kind("housing_officer"),
        start=date(2020, 1, 1),
        end=date(2021, 1, 1),
    )
    assert not can(holder, "residency.review", place.building)
    assert not can(holder, "compound.view", place.compound)


def test_housing_officer_reviews_only_their_building(place, housing_officer):
    other_building = f.BuildingFactory(compound=place.compound)
    assert can(housing_officer, "residency.review", place.building)
    assert not can(housing_officer, "residency.review", other_building)


def test_owners_committee_reviews_the_whole_compound_but_not_another(place, committee_chair):
    assert can(committee_chair, "residency.review", f.BuildingFactory(compound=place.compound))
    assert not can(committee_chair, "residency.review", place.other_compound)


def test_supervisors_and_party_branch_do_not_review_residencies(place, supervisor, party_secretary):
    assert not can(supervisor, "residency.review", place.building)
    assert not can(party_secretary, "residency.review", place.building)


def test_property_staff_see_only_the_compounds_their_company_serves(place, worker):
    assert can(worker, "compound.view", place.compound)
    assert not can(worker, "compound.view", place.other_compound)
    place.compound.management, place.compound.property_company = "none", None
    place.compound.save()
    forget_standing(worker)
    assert not can(worker, "compound.view", Compound.objects.get(pk=place.compound.pk))


def test_street_and_community_staff_see_their_area_only(place, street_staff, community_staff):
    elsewhere = place.other_compound
    for staff in (street_staff, community_staff):
        assert can(staff, "compound.view", place.compound)
        assert can(staff, "registry.import", place.compound)
        assert not can(staff, "compound.view", elsewhere)
    assert set(visible_compounds(street_staff)) == {place.compound}


def test_party_members_commit_and_residents_mark(
    place, party_secretary, volunteer, resident, tenant, worker
):
    assert can(party_secretary, "commitment.add", place.compound)
    assert can(volunteer, "commitment.add", place.compound)  # a volunteer flagged as member
    assert not can(resident, "commitment.add", place.compound)
    assert can(resident, "commitment.mark", place.compound)
    assert can(tenant, "commitment.mark", place.compound)
    assert not can(worker, "commitment.mark", place.compound)


def test_anonymous_may_do_nothing(place):
    from django.contrib.auth.models import AnonymousUser

    assert not can(AnonymousUser(), "compound.view", place.compound)


def test_grants_are_loaded_in_a_fixed_number_of_queries(place, django_assert_num_queries):
    user = f.UserFactory()
    for term in range(1, 4):
        f.ResidencyFactory(user=user, unit=f.UnitFactory(building=place.building))
        f.MembershipFactory(
            user=user, body=f.BodyFactory(compound=place.compound, term_number=term)
        )
    with django_assert_num_queries(4):
        can(user, "compound.view", place.compound)
    with django_assert_num_queries(0):  # cached on the user for the request
        can(user, "residency.review", place.building)


def test_audiences_name_the_right_people(place, resident, tenant, community_staff, other_owner):
    from compounds.audiences import CommunityStaff, Residents

    second_building = f.BuildingFactory(compound=place.compound)
    neighbour = f.ResidencyFactory(unit=f.UnitFactory(building=second_building)).user
    community = place.compound.community_id
    assert Residents(compound_id=place.compound.pk).user_ids() == {
        resident.pk,
        tenant.pk,
        neighbour.pk,
    }
    assert Residents(building_ids=(place.building.pk,)).user_ids() == {resident.pk, tenant.pk}
    assert Residents(compound_id=place.compound.pk, owners_only=True).user_ids() == {
        resident.pk,
        neighbour.pk,
    }
    assert other_owner.pk not in Residents(community_id=community).user_ids()
    assert CommunityStaff(community).user_ids() == {community_staff.pk}


def test_property_staff_lose_access_when_the_contract_ends(client, place, worker):
    detail = reverse("compounds:detail", args=[place.compound.pk])
    client.force_login(worker)
    html = client.get("/").content.decode()
    assert detail in html and 'data-testid="current-compound"' in html  # while it runs
    place.compound.contract_start = date(2020, 1, 1)
    place.compound.contract_end = date(2021, 12, 31)
    place.compound.save()
    forget_standing(worker)
    assert not can(worker, "compound.view", Compound.objects.get(pk=place.compound.pk))
    assert standing_of(worker).compounds == [] and not standing_of(worker).property_compounds
    # Neither the header's compound list nor the home panel's compounds list it any more.
    html = client.get("/").content.decode()
    assert detail not in html and place.compound.name not in html
    assert 'data-testid="current-compound"' not in html
    assert client.get(detail).status_code == 404


def test_a_plain_party_branch_member_sees_no_phones(place, resident):
    body = f.BodyFactory(compound=place.compound, kind="party_branch", term_number=None)
    f.MembershipFactory(body=body, user=resident, position="member", is_party_member=True)
    forget_standing(resident)
    assert not can(resident, "phone.view", place.compound)
    assert not can(resident, "announcement.publish", place.compound)
    assert can(resident, "commitment.add", place.compound)  # still a party member
