"""The role scope constraint is generated from RoleAssignment.SCOPES, and the database
holds each role to exactly its own kind of place."""

import pytest
from django.db import IntegrityError, transaction

from compounds.models import RoleAssignment, scope_matches_role
from tests import factories as f

pytestmark = pytest.mark.django_db
Role = RoleAssignment.Role


def test_every_role_has_one_scope_and_the_constraint_is_made_from_them():
    assert set(RoleAssignment.SCOPES) == set(Role)
    (constraint,) = [
        c for c in RoleAssignment._meta.constraints if c.name == "roleassignment_scope_matches_role"
    ]
    assert constraint.condition == scope_matches_role(RoleAssignment.SCOPES)


@pytest.mark.parametrize("role", list(Role))
def test_a_role_scoped_to_another_kind_of_place_is_refused(place, role):
    wrong = (
        {"community": place.compound.community}
        if RoleAssignment.SCOPES[role] == "compound"
        else {"compound": place.compound}
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=f.UserFactory(), role=role, **wrong)
