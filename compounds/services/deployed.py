"""Deployed party members (双报到): they report to a community, its staff confirm them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Community, RoleAssignment
from compounds.permissions import require
from portal.audit import audit


def deployed_member_confirm(*, role: RoleAssignment, by) -> RoleAssignment:
    """Community staff confirm a deployed party member; only then may they serve there."""
    require(by, "community.announce", role.community)
    if role.role != role.Role.DEPLOYED_MEMBER or role.confirmed:
        raise ValidationError(_("Nothing to confirm."), code="confirmed")
    with transaction.atomic():
        role.confirmed = True
        role.save(update_fields=["confirmed"])
        audit(
            actor=by,
            code="compounds.staff_role.confirmed",
            target=role,
            old={"confirmed": False},
            new={"confirmed": True},
        )
    return role


def deployed_member_register(*, user, community: Community, employer: str) -> RoleAssignment:
    """A party member from a government unit reports to a community (双报到)."""
    employer = (employer or "").strip()
    if not employer:
        raise ValidationError(_("Write the unit you come from."), code="employer")
    with transaction.atomic():
        role, created = RoleAssignment.objects.get_or_create(
            user=user,
            role=RoleAssignment.Role.DEPLOYED_MEMBER,
            community=community,
            end__isnull=True,
            defaults={
                "home_unit_name": employer[:100],
                "is_party_member": True,
                "start": timezone.localdate(),
                "confirmed": False,  # grants nothing until community staff confirm it
            },
        )
        if not created:
            raise ValidationError(
                _("You have already reported to this community."), code="duplicate"
            )
        audit(
            actor=user,
            code="compounds.staff_role.registered",
            target=role,
            new={"role": role.role, "employer": role.home_unit_name, "start": str(role.start)},
        )
    return role
