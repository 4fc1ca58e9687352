"""Volunteers' service hours on the help orders they handled."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from requests.models import Request, ServiceRecord
from requests.permissions import HELP_KINDS, Party, parties_of


def service_hours_record(*, request: Request, volunteer, hours) -> ServiceRecord:
    """The volunteer who handled a help order records the hours it took, once."""
    if request.kind not in HELP_KINDS:
        raise ValidationError(_("Hours are recorded for help orders only."), code="kind")
    if request.handler_id != volunteer.pk:
        raise ValidationError(
            _("Only the volunteer who took the order records its hours."), code="handler"
        )
    if request.state not in (Request.State.RESOLVED, Request.State.CLOSED):
        raise ValidationError(_("Record the hours once the help is done."), code="state")
    if Party.HANDLER not in parties_of(volunteer, request):
        raise PermissionDenied  # they no longer serve the compound (permissions.serves)
    try:
        hours = Decimal(str(hours)).quantize(Decimal("0.1"))
    except InvalidOperation as exc:
        raise ValidationError(_("Hours must be a number."), code="hours") from exc
    if not Decimal("0") < hours <= Decimal("24"):
        raise ValidationError(_("Between 0.1 and 24 hours, please."), code="hours")
    try:
        with transaction.atomic():
            return ServiceRecord.objects.create(request=request, volunteer=volunteer, hours=hours)
    except IntegrityError as exc:
        raise ValidationError(
            _("The hours of this order are already recorded."), code="duplicate"
        ) from exc
