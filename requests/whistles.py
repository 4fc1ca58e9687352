"""街道吹哨、部门报到: the street office summons a registered department to a request; its
people report in and respond by deadlines stored when the whistle blows. These are the
field changes of the workflow's whistle, report_in and respond moves (workflow.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from compounds.models import Department
from compounds.standing import standing_of
from requests.deadlines import due_after
from requests.models import Request, Whistle


def mine(request: Request, actor):
    """The whistles on the request to the departments the actor works for."""
    if actor is None:
        return Whistle.objects.none()
    departments = standing_of(actor).departments
    return Whistle.objects.filter(request=request, department_id__in=departments)


def summon(request: Request, actor, data: dict, now) -> None:
    """吹哨: summon a registered, active department of the request's street office, once,
    with deadlines to report in and to respond stored now."""
    department = data.get("department")
    if not isinstance(department, Department) or not department.active:
        raise ValidationError(_("Choose a department."), code="department")
    if department.street_office_id != request.compound.community.street_office_id:
        raise ValidationError(_("That department is not registered here."), code="department")
    if Whistle.objects.filter(request=request, department=department).exists():
        raise ValidationError(_("That department is already summoned."), code="department")
    ack_minutes, respond_minutes = settings.REQUESTS_WHISTLE_MINUTES
    Whistle.objects.create(
        request=request,
        department=department,
        blown_by=actor,
        note=data["note"][:1000],
        created_at=now,
        acknowledge_due=due_after(now, ack_minutes, urgency=request.urgency),
        respond_due=due_after(now, respond_minutes, urgency=request.urgency),
    )


def report_in(request: Request, actor, data: dict, now) -> None:
    """报到: the actor's department acknowledges the summons."""
    mine(request, actor).filter(acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=actor
    )


def respond(request: Request, actor, data: dict, now) -> None:
    """The actor's department answers (reporting in at the same time if it had not)."""
    open_ = mine(request, actor).filter(responded_at__isnull=True)
    open_.filter(acknowledged_at__isnull=True).update(acknowledged_at=now, acknowledged_by=actor)
    open_.update(responded_at=now, responded_by=actor, response=data["note"])
