"""Residencies: a resident asks to join a home, a reviewer decides, co-owners name who votes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Residency, Unit
from compounds.permissions import require
from portal.images import reencode_image
from portal.notifications.services import notify

Status = Residency.Status


def residency_request(*, user, unit: Unit, relation: str, evidence=None) -> Residency:
    """A resident asks to be recorded in a unit; it waits for verification."""
    if relation not in Residency.Relation.values:
        raise ValidationError(_("Choose how you live in this home."), code="relation")
    if evidence is None:
        raise ValidationError(
            _("Please add a photo of your property certificate, purchase contract or lease."),
            code="evidence",
        )
    photo = reencode_image(evidence)
    open_residency = Residency.objects.filter(user=user, unit=unit, end__isnull=True).exclude(
        status=Status.REJECTED
    )
    if open_residency.exists():
        raise ValidationError(_("You have already asked to join this home."), code="duplicate")
    residency = Residency(user=user, unit=unit, relation=relation, status=Status.PENDING)
    residency.evidence.save(photo.name, photo, save=False)
    try:
        with transaction.atomic():
            residency.save()
    except IntegrityError as exc:  # a double submit raced the check above
        residency.evidence.delete(save=False)
        raise ValidationError(
            _("You have already asked to join this home."), code="duplicate"
        ) from exc
    return residency


def _tell_co_owners(residency: Residency) -> None:
    others = set(
        Residency.objects.current()
        .filter(
            unit_id=residency.unit_id,
            status=Status.VERIFIED,
            relation__in=Residency.OWNER_RELATIONS,
        )
        .exclude(user_id=residency.user_id)
        .values_list("user_id", flat=True)
    )
    if others:
        notify(
            recipients=others,
            event="residency.co_owner_added",
            params={
                "place": f"{residency.unit.building.compound.name} {residency.unit}",
                "who": str(residency.user),
            },
            url=reverse("compounds:my_homes"),
        )


def _decide(residency_id: int, reviewer, status: str, reason: str = "") -> Residency:
    """Record the decision on a pending residency. Locks the row so two reviewers cannot
    both decide; the resident's notification is written in the same transaction. Refuses
    (PermissionDenied) a reviewer who may not review homes there."""
    with transaction.atomic():
        residency = (
            Residency.objects.select_for_update(of=("self",))
            .select_related("unit__building__compound__community")
            .get(pk=residency_id)
        )
        require(reviewer, "residency.review", residency)
        if residency.status != Status.PENDING:
            raise ValidationError(_("This request has already been decided."), code="decided")
        if residency.user_id == reviewer.pk:
            raise ValidationError(_("Nobody may verify their own home."), code="self")
        residency.status = status
        residency.reject_reason = reason
        residency.reviewed_by = reviewer
        residency.reviewed_at = timezone.now()
        if status == Status.VERIFIED:
            residency.start = timezone.localdate()
        residency.save()
        notify(
            recipients=[residency.user_id],
            event="residency.verified" if status == Status.VERIFIED else "residency.rejected",
            params={
                "place": f"{residency.unit.building.compound.name} {residency.unit}",
                "reason": reason,
            },
            url=reverse("compounds:my_homes"),
        )
        if status == Status.VERIFIED and residency.is_owner:
            _tell_co_owners(residency)
    return residency


def residency_verify(*, reviewer, residency: Residency) -> Residency:
    return _decide(residency.pk, reviewer, Status.VERIFIED)


def residency_reject(*, reviewer, residency: Residency, reason: str) -> Residency:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Please say why the request is rejected."), code="reason")
    return _decide(residency.pk, reviewer, Status.REJECTED, reason)


def residency_name_voter(*, by, residency: Residency) -> Residency:
    """A co-owner of a unit names which co-owner votes for it (法释〔2009〕7号: a unit
    counts once). Locks the unit's residencies so the choice is never doubled."""
    with transaction.atomic():
        owners = list(
            Residency.objects.select_for_update().filter(
                unit_id=residency.unit_id,
                status=Status.VERIFIED,
                end__isnull=True,
                relation__in=Residency.OWNER_RELATIONS,
            )
        )
        if by.pk not in {r.user_id for r in owners}:
            raise ValidationError(
                _("Only an owner of this home can name who votes for it."), code="not_owner"
            )
        chosen = next((r for r in owners if r.pk == residency.pk), None)
        if chosen is None:
            raise ValidationError(
                _("Only a verified owner of this home can vote for it."), code="not_voter"
            )
        Residency.objects.filter(pk__in=[r.pk for r in owners if r.pk != chosen.pk]).update(
            is_voter=False
        )
        chosen.is_voter = True
        chosen.save(update_fields=["is_voter"])
    return chosen
