"""Keeps the cached standing (compounds/standing.py) true: whatever changes a person's
ties to places bumps their `standing_version` in the same transaction, so their next
request, on any worker, loads it afresh (a property company's contracts are read on every
request and need nothing here). Bulk writes that skip signals (`update()`,
`bulk_create`) call `bump_standing` themselves."""

from django.db.models.signals import post_delete, post_save

from compounds.models import (
    Body,
    BuildingRole,
    Department,
    Membership,
    Residency,
    RoleAssignment,
)
from compounds.standing import bump_standing

# The person each tie belongs to.
TIES = {
    Residency: "user_id",
    BuildingRole: "holder_id",
    Membership: "user_id",
    RoleAssignment: "user_id",
}


def _tie_changed(sender, instance, **kwargs) -> None:
    bump_standing([getattr(instance, TIES[sender])])


def _body_changed(sender, instance, **kwargs) -> None:
    # A body's term decides whether its members' seats count.
    bump_standing(Membership.objects.filter(body_id=instance.pk).values("user_id"))


def _department_changed(sender, instance, **kwargs) -> None:
    # A retired department grants its staff nothing.
    bump_standing(RoleAssignment.objects.filter(department_id=instance.pk).values("user_id"))


def connect() -> None:
    for model in TIES:
        post_save.connect(_tie_changed, sender=model, dispatch_uid=f"standing-{model.__name__}")
        post_delete.connect(_tie_changed, sender=model, dispatch_uid=f"standing-d-{model.__name__}")
    for model, handler in (
        (Body, _body_changed),
        (Department, _department_changed),
    ):
        post_save.connect(handler, sender=model, dispatch_uid=f"standing-{model.__name__}")
