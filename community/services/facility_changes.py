"""Changing a facility of the register after it was added: correcting what it is and where
(its kind, code, place, point on the plan, note), retiring it (拆除/报废) with the reason, and
putting a retired one back in use. Each locks the facility's row and writes an audit event
in the same transaction; a retired facility keeps its checks, its requests and its code."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Condition, Facility, Zone
from community.models.facilities import condition_applies
from community.permissions.facilities import require_keeper
from community.services.facilities import CODE_TAKEN, described
from compounds.models import Building
from portal.audit import audit
from portal.text import written


def _locked(facility_id: int) -> Facility:
    return (
        Facility.objects.select_for_update(of=("self",))
        .select_related("compound", "building", "zone")
        .get(pk=facility_id)
    )


def _shown(name: str, value) -> str | None:
    """A field's value as the audit log shows it: names of places, the point as x, y."""
    if isinstance(value, (Building, Zone)):
        return value.name
    if isinstance(value, tuple):
        return None if value[0] is None else f"{value[0]:.2f}, {value[1]:.2f}"
    return value


def facility_edit(
    *,
    by,
    facility_id: int,
    kind: str,
    code: str,
    building: Building | None = None,
    place: str = "",
    plan_x: Decimal | None = None,
    plan_y: Decimal | None = None,
    zone: Zone | None = None,
    note: str = "",
) -> Facility:
    """Correct a facility: the same checks as adding one, and its code unique in the
    compound among every facility, retired ones too (two keepers taking one code at once:
    the constraint decides, and the loser is told as the first check tells). A new kind its
    condition does not apply to (a blocked manhole that was a lamp all along) leaves it not
    checked yet; its checks stay as they were recorded."""
    try:
        with transaction.atomic():
            facility = _locked(facility_id)
            require_keeper(by, facility.compound)
            fields = described(
                facility.compound,
                kind=kind,
                code=code,
                building=building,
                place=place,
                plan_x=plan_x,
                plan_y=plan_y,
                zone=zone,
            )
            fields["note"] = written(note, limit=300, code="note")
            taken = Facility.objects.filter(compound_id=facility.compound_id, code=fields["code"])
            if taken.exclude(pk=facility.pk).exists():
                raise ValidationError(CODE_TAKEN % {"code": fields["code"]}, code="code")
            return _changed(facility, by, fields)
    except IntegrityError as exc:
        raise ValidationError(CODE_TAKEN % {"code": code.strip().upper()}, code="code") from exc


def _changed(facility: Facility, by, fields: dict) -> Facility:
    if not condition_applies(fields["kind"], facility.condition):
        fields |= {"condition": Condition.UNKNOWN, "checked_at": None}
    old, new = {}, {}
    for name, value in fields.items():
        if getattr(facility, name) != value:
            old[name], new[name] = getattr(facility, name), value
            setattr(facility, name, value)
    if not new:
        return facility
    facility.save(update_fields=list(new))
    if {"plan_x", "plan_y"} & set(new):  # one entry for the point, as it was and is
        old["plan"] = (old.pop("plan_x", facility.plan_x), old.pop("plan_y", facility.plan_y))
        new["plan"] = (new.pop("plan_x", facility.plan_x), new.pop("plan_y", facility.plan_y))
    new.pop("checked_at", None)
    old.pop("checked_at", None)
    audit(
        actor=by,
        code="community.facility.changed",
        target=facility,
        old={k: _shown(k, v) for k, v in old.items()},
        new={k: _shown(k, v) for k, v in new.items()},
    )
    return facility


def facility_retire(*, by, facility_id: int, reason: str) -> Facility:
    """Retire a facility (拆除/报废), saying why. It leaves the register's list, the surveys
    and the plan; its page, history and requests stay, its sticker says it is retired, and
    its code stays taken."""
    with transaction.atomic():
        facility = _locked(facility_id)
        require_keeper(by, facility.compound)
        reason = written(
            reason, limit=200, code="reason", blank=_("Say why it is taken out of use.")
        )
        if facility.is_retired:
            raise ValidationError(_("It is already retired."), code="retired")
        facility.retired_at, facility.retired_by = timezone.now(), by
        facility.retired_reason = reason
        facility.save(update_fields=["retired_at", "retired_by", "retired_reason"])
        audit(actor=by, code="community.facility.retired", target=facility, new={"reason": reason})
    return facility


def facility_restore(*, by, facility_id: int) -> Facility:
    """Put a retired facility back in use (retired by mistake, or repaired after all): it
    comes back to the register with the condition it had."""
    with transaction.atomic():
        facility = _locked(facility_id)
        require_keeper(by, facility.compound)
        if not facility.is_retired:
            raise ValidationError(_("It is in use: there is nothing to restore."), code="in_use")
        old = {"reason": facility.retired_reason}
        facility.retired_at, facility.retired_by, facility.retired_reason = None, None, ""
        facility.save(update_fields=["retired_at", "retired_by", "retired_reason"])
        audit(actor=by, code="community.facility.restored", target=facility, old=old)
    return facility
