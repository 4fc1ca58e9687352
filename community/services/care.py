"""Responsibilities (四包 / 党员联系户): assigned and ended by the compound's secretaries,
owners' committee or community staff."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Responsibility
from community.permissions.care import answerable_people, require_assign
from compounds.models import Building
from portal.audit import audit

Matter = Responsibility.Matter


def responsibility_assign(
    *, by, building: Building, person, matter: str, units=()
) -> Responsibility:
    """Make `person` answerable for `matter` in `building` (for households in contact, for
    the homes `units`)."""
    compound = building.compound
    require_assign(by, compound)
    if matter not in Matter.values:
        raise ValidationError(_("Choose what they are answerable for."), code="matter")
    if not answerable_people(compound).filter(pk=person.pk).exists():
        raise ValidationError(
            _("Only a party member or a role holder of this compound can be made answerable."),
            code="person",
        )
    units = list(units)
    if matter == Matter.HOUSEHOLDS and not units:
        raise ValidationError(_("Choose the households they keep in touch with."), code="units")
    if any(unit.building_id != building.pk for unit in units):
        raise ValidationError(_("Choose homes of this building."), code="units")
    try:
        with transaction.atomic():
            found = Responsibility.objects.create(
                compound=compound,
                building=building,
                person=person,
                matter=matter,
                assigned_by=by,
            )
            if matter == Matter.HOUSEHOLDS:
                found.units.set(units)
            audit(
                actor=by,
                code="community.responsibility.assigned",
                target=found,
                new={"person": str(person), "matter": matter, "units": len(units)},
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("They are already answerable for this in this building."), code="duplicate"
        ) from exc
    return found


def responsibility_end(*, by, responsibility: Responsibility) -> Responsibility:
    require_assign(by, responsibility.compound)
    with transaction.atomic():
        locked = Responsibility.objects.select_for_update().get(pk=responsibility.pk)
        if locked.ended_at:
            raise ValidationError(_("This responsibility has already ended."), code="ended")
        locked.ended_at = timezone.now()
        locked.save(update_fields=["ended_at"])
        audit(actor=by, code="community.responsibility.ended", target=locked)
    return locked
