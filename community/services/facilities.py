"""Writes of the facilities register: the compound's plan, adding a facility, recording
its condition (every change is a FacilityCheck row), linking a request to it. Changing,
retiring and restoring one are in facility_changes.py."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.models import (
    CompoundPlan,
    Condition,
    Facility,
    FacilityCheck,
    FacilityRequest,
    Zone,
)
from community.models.facilities import condition_applies
from community.permissions.facilities import require_keeper, require_planner
from compounds.models import Building, Compound
from portal.audit import audit
from portal.images import reencode_image
from portal.text import written
from portal.uploads import clean_attachment

CODE_TAKEN = gettext_lazy("The code %(code)s is already used by another facility of this compound.")
RETIRED = gettext_lazy("%(facility)s is retired: restore it first.")


def plan_upload(*, by, compound: Compound, image) -> CompoundPlan:
    """Put up (or replace) the compound's plan. The image goes through the portal's one
    upload path (size cap, sniffing, re-encoding without EXIF); a PDF is refused: points
    are marked on a picture."""
    require_planner(by, compound)
    cleaned, content_type = clean_attachment(image)
    if not content_type.startswith("image/"):
        raise ValidationError(_("The plan must be a picture (JPEG, PNG or WebP)."), code="pdf")
    with transaction.atomic():
        plan = (
            CompoundPlan.objects.select_for_update(of=("self",)).filter(compound=compound).first()
        )
        old = {"image": plan.image.name} if plan else {}
        plan = plan or CompoundPlan(compound=compound)
        plan.image.save(f"plan-{compound.pk}{cleaned.name[-4:]}", cleaned, save=False)
        plan.uploaded_by, plan.uploaded_at = by, timezone.now()
        plan.save()
        audit(actor=by, code="community.plan.uploaded", target=plan, old=old, new={})
    return plan


def check_point(compound: Compound, plan_x, plan_y) -> None:
    """A point is both coordinates or neither, within the plan (0–100 %), on a compound
    that has a plan."""
    if (plan_x is None) != (plan_y is None):
        raise ValidationError(_("Give both coordinates on the plan, or neither."), code="point")
    if plan_x is None:
        return
    if not all(Decimal(0) <= v <= Decimal(100) for v in (plan_x, plan_y)):
        raise ValidationError(
            _("That point is off the plan: both numbers go from 0 to 100."), code="point"
        )
    if not CompoundPlan.objects.filter(compound=compound).exists():
        raise ValidationError(_("This compound has no plan yet: upload one first."), code="plan")


def described(
    compound: Compound,
    *,
    kind: str,
    code: str,
    building: Building | None = None,
    place: str = "",
    plan_x: Decimal | None = None,
    plan_y: Decimal | None = None,
    zone: Zone | None = None,
) -> dict:
    """What a keeper says a facility is and where, checked and cleaned: the code upper
    case, the building and zone of this compound, somewhere to find it, a point on the
    plan (facility_add and facility_edit)."""
    code = written(code, limit=20, code="code", blank=_("Give the facility a code.")).upper()
    place = written(place, limit=100)
    if kind not in Facility.Kind.values:
        raise ValidationError(_("Choose a kind of facility."), code="kind")
    if building is not None and building.compound_id != compound.pk:
        raise ValidationError(_("That building is not in this compound."), code="building")
    if zone is not None and zone.compound_id != compound.pk:
        raise ValidationError(_("That zone is not in this compound."), code="zone")
    if building is None and not place and plan_x is None:
        raise ValidationError(
            _("Say where it is: a building, a place or a point on the plan."), code="where"
        )
    check_point(compound, plan_x, plan_y)
    return dict(
        kind=kind,
        code=code,
        building=building,
        place=place,
        plan_x=plan_x,
        plan_y=plan_y,
        zone=zone,
    )


def facility_add(
    *,
    by,
    compound: Compound,
    kind: str,
    code: str,
    building: Building | None = None,
    place: str = "",
    plan_x: Decimal | None = None,
    plan_y: Decimal | None = None,
    zone: Zone | None = None,
) -> Facility:
    """Register a facility. Its code is unique in the compound (refused with a message,
    also when two keepers add the same code at once: the constraint decides)."""
    require_keeper(by, compound)
    fields = described(
        compound,
        kind=kind,
        code=code,
        building=building,
        place=place,
        plan_x=plan_x,
        plan_y=plan_y,
        zone=zone,
    )
    code = fields["code"]
    if Facility.objects.filter(compound=compound, code=code).exists():
        raise ValidationError(CODE_TAKEN % {"code": code}, code="code")
    try:
        with transaction.atomic():
            facility = Facility.objects.create(compound=compound, **fields)
            audit(actor=by, code="community.facility.added", target=facility, new={"code": code})
    except IntegrityError as exc:
        raise ValidationError(CODE_TAKEN % {"code": code}, code="code") from exc
    return facility


def facility_check(
    *, facility: Facility, by, condition: str, note: str = "", photo=None, survey=None, at=None
) -> FacilityCheck:
    """Record what `by` saw. The caller holds the facility's row lock (inside its
    transaction); the facility's condition follows the newest check. A retired facility
    is checked no more, and a condition must apply to its kind (a lamp is never blocked)."""
    if condition not in Condition.values or condition == Condition.UNKNOWN:
        raise ValidationError(_("Choose the condition you saw."), code="condition")
    if not condition_applies(facility.kind, condition):
        raise ValidationError(
            _("“%(condition)s” does not apply to a %(kind)s.")
            % {"condition": Condition(condition).label, "kind": facility.get_kind_display()},
            code="condition",
        )
    if facility.is_retired:
        raise ValidationError(RETIRED % {"facility": facility}, code="retired")
    note = written(note, limit=300)
    check = FacilityCheck(facility=facility, survey=survey, condition=condition, note=note, by=by)
    check.at = at or timezone.now()
    if photo:
        check.photo.save("check.jpg", reencode_image(photo), save=False)
    check.save()
    old = facility.condition
    Facility.objects.filter(pk=facility.pk).update(condition=condition, checked_at=check.at)
    facility.condition, facility.checked_at = condition, check.at
    if old != condition:
        audit(
            actor=by,
            code="community.facility.condition",
            target=facility,
            old={"condition": old},
            new={"condition": condition},
        )
    return check


def facility_record(*, by, facility_id: int, condition: str, note: str = "", photo=None):
    """A keeper records a facility's condition outside a survey (after a repair, say).
    Locks the facility so two records are ordered."""
    with transaction.atomic():
        facility = (
            Facility.objects.select_for_update(of=("self",))
            .select_related("compound")
            .get(pk=facility_id)
        )
        require_keeper(by, facility.compound)
        return facility_check(facility=facility, by=by, condition=condition, note=note, photo=photo)


def facility_link(facility: Facility, request) -> FacilityRequest:
    """Point a request at a facility (in the filing transaction)."""
    return FacilityRequest.objects.create(facility=facility, request=request)


def facility_attach(facility_id: int, request) -> FacilityRequest:
    """Point a request filed from a facility's sticker at it, in the filing transaction:
    under the facility's lock, so one retired since the form was read (or while it was
    filed) refuses the request and the filing writes nothing."""
    facility = Facility.objects.select_for_update(of=("self",)).get(pk=facility_id)
    if facility.is_retired:
        raise ValidationError(retired_refusal(facility), code="retired")
    return facility_link(facility, request)


def retired_refusal(facility: Facility) -> str:
    """What the filing form says of a retired facility's sticker."""
    return _(
        "%(facility)s was taken out of use on %(day)s (%(reason)s): a request can no "
        "longer be about it. If something is still wrong there, report it below."
    ) % {
        "facility": facility,
        "day": timezone.localdate(facility.retired_at).isoformat(),
        "reason": facility.retired_reason,
    }
