"""Background work of the compounds app. Tasks take ids and are safe to run twice."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from compounds.models import Residency
from portal.celery import app
from portal.sms import send_sms


@app.task(name="compounds.tell_residency_decision", ignore_result=True)
def tell_residency_decision(residency_id: int) -> bool:
    """Tell the resident by SMS whether their home was verified; sends at most once."""
    with transaction.atomic():
        residency = (
            Residency.objects.select_for_update(of=("self",))
            .select_related("user", "unit__building__compound")
            .filter(pk=residency_id, decision_told_at__isnull=True)
            .exclude(status=Residency.Status.PENDING)
            .first()
        )
        if residency is None:
            return False
        place = f"{residency.unit.building.compound.name} {residency.unit}"
        with override("zh-hans"):
            if residency.status == Residency.Status.VERIFIED:
                text = _("Your home %(place)s has been verified.") % {"place": place}
            else:
                text = _("Your request for %(place)s was not accepted: %(reason)s") % {
                    "place": place,
                    "reason": residency.reject_reason,
                }
        send_sms(residency.user.phone, text)
        residency.decision_told_at = timezone.now()
        residency.save(update_fields=["decision_told_at"])
    return True


@app.task(name="compounds.run_registry_import", ignore_result=True)
def run_registry_import(import_id: int) -> None:
    from compounds.registry import import_run

    import_run(import_id)
