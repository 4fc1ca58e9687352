"""Building roles (两长四员): who holds each role of a building, one term after another."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.migrations_data import DEFAULT_KIND_ROWS
from compounds.models import Building, BuildingRole, BuildingRoleKind
from portal.audit import audit


def building_role_assign(
    *,
    building: Building,
    kind: BuildingRoleKind,
    holder,
    start: date | None = None,
    phone_public: bool = False,
    by=None,
) -> BuildingRole:
    """Give a building role to `holder` from `start`; the previous holder's term ends the
    day before and stays in the record. Both are audited as done by `by`."""
    start = start or timezone.localdate()
    with transaction.atomic():
        previous = (
            BuildingRole.objects.select_for_update()
            .filter(building=building, kind=kind, end__isnull=True)
            .first()
        )
        if previous is not None:
            if previous.start >= start:
                raise ValidationError(
                    _("The new term must start after the current one."), code="start"
                )
            previous.end = start - timedelta(days=1)
            previous.save(update_fields=["end"])
            audit(
                actor=by,
                code="compounds.building_role.ended",
                target=previous,
                old={"end": None},
                new={"end": previous.end.isoformat()},
                compound=building.compound_id,
            )
        role = BuildingRole.objects.create(
            building=building, kind=kind, holder=holder, start=start, phone_public=phone_public
        )
        audit(
            actor=by,
            code="compounds.building_role.assigned",
            target=role,
            new={"kind": kind.code, "holder": holder.pk, "start": start.isoformat()},
            compound=building.compound_id,
        )
        return role


def ensure_default_kinds() -> None:
    """Create the default role set if it is missing (migration 0002 does it once; a test
    database flushed between transactional tests needs it again)."""
    for order, (code, name) in enumerate(DEFAULT_KIND_ROWS):
        BuildingRoleKind.objects.get_or_create(
            community=None, code=code, defaults={"name": name, "order": order}
        )
