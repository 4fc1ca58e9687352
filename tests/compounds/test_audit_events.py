"""Homes, roles and memberships leave audit events (issue 16, item 9): each change writes
one event with its actor, code, object, compound and old and new values — never a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from compounds import services
from compounds.models import Residency, RoleAssignment
from portal.models import AuditEvent
from tests import factories as f
from tests.compounds.test_services import photo

pytestmark = pytest.mark.django_db


def only_event(**match) -> AuditEvent:
    events = list(AuditEvent.objects.filter(**match))
    assert len(events) == 1, [e.code for e in AuditEvent.objects.all()]
    return events[0]


def test_asking_to_join_a_home_is_audited(place):
    user = f.UserFactory(phone="+8613900000111")
    unit = f.UnitFactory(building=place.building, door="909")
    residency = services.residency_request(
        user=user, unit=unit, relation="tenant", evidence=photo()
    )
    event = only_event(code="compounds.residency.requested")
    assert (event.actor, event.target_type, event.target_id) == (
        user,
        "compounds.residency",
        residency.pk,
    )
    assert event.compound_id == place.compound.pk
    assert event.new == {"relation": "tenant", "status": "pending"}


@pytest.mark.parametrize("verify", [True, False])
def test_verifying_or_refusing_a_home_is_audited(place, committee_chair, verify):
    unit = f.UnitFactory(building=place.building, door="910")
    pending = f.ResidencyFactory(unit=unit, status=Residency.Status.PENDING)
    if verify:
        services.residency_verify(reviewer=committee_chair, residency=pending)
    else:
        services.residency_reject(reviewer=committee_chair, residency=pending, reason="照片不清楚")
    status = "verified" if verify else "rejected"
    event = only_event(code=f"compounds.residency.{status}")
    assert event.actor == committee_chair
    assert (event.target_id, event.compound_id) == (pending.pk, place.compound.pk)
    assert event.old == {"status": "pending"}
    assert event.new == (
        {"status": "verified"} if verify else {"status": "rejected", "reason": "照片不清楚"}
    )


def test_a_refused_decision_writes_no_event(place, resident):
    pending = f.ResidencyFactory(
        unit=f.UnitFactory(building=place.building), status=Residency.Status.PENDING
    )
    with pytest.raises(Exception):  # noqa: B017 — PermissionDenied: not a reviewer
        services.residency_verify(reviewer=resident, residency=pending)
    assert not AuditEvent.objects.filter(code__startswith="compounds.residency.").exists()


def test_a_new_building_role_holder_ends_the_previous_term_in_the_log(place, committee_chair):
    kind = f.role_kind("building_head")
    first, second = f.UserFactory(), f.UserFactory()
    start = timezone.localdate() - timedelta(days=30)
    old_role = services.building_role_assign(
        building=place.building, kind=kind, holder=first, start=start, by=committee_chair
    )
    new_role = services.building_role_assign(
        building=place.building, kind=kind, holder=second, by=committee_chair
    )
    ended = only_event(code="compounds.building_role.ended")
    assert (ended.target_id, ended.actor, ended.compound_id) == (
        old_role.pk,
        committee_chair,
        place.compound.pk,
    )
    assert ended.old == {"end": None}
    assert ended.new == {"end": (timezone.localdate() - timedelta(days=1)).isoformat()}
    assigned = AuditEvent.objects.filter(code="compounds.building_role.assigned").last()
    assert assigned.target_id == new_role.pk
    assert assigned.new == {
        "kind": "building_head",
        "holder": second.pk,
        "start": timezone.localdate().isoformat(),
    }


def test_committee_seats_are_audited_when_added_and_ended(place, committee_chair):
    body = f.BodyFactory(compound=place.compound, kind="supervisory_committee", term_number=1)
    member = f.UserFactory()
    membership = services.membership_add(body=body, user=member, by=committee_chair)
    added = only_event(code="compounds.membership.added")
    assert (added.actor, added.target_id, added.compound_id) == (
        committee_chair,
        membership.pk,
        place.compound.pk,
    )
    assert added.new["body"] == "supervisory_committee"
    assert added.new["user"] == member.pk
    services.membership_end(membership=membership, on=body.start, by=committee_chair)
    ended = only_event(code="compounds.membership.ended")
    assert ended.new == {"end": body.start.isoformat()}


def test_a_deployed_member_reporting_and_being_confirmed_is_audited(place, community_staff):
    member = f.UserFactory()
    community = place.compound.community
    role = services.deployed_member_register(user=member, community=community, employer="区税务局")
    registered = only_event(code="compounds.staff_role.registered")
    assert (registered.actor, registered.target_id) == (member, role.pk)
    assert registered.new["role"] == RoleAssignment.Role.DEPLOYED_MEMBER
    services.deployed_member_confirm(role=role, by=community_staff)
    confirmed = only_event(code="compounds.staff_role.confirmed")
    assert confirmed.actor == community_staff
    assert (confirmed.old, confirmed.new) == ({"confirmed": False}, {"confirmed": True})
