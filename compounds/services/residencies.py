"""Residencies: a resident asks to join a home, a reviewer decides, co-owners name who votes
(each other owner agrees, or a reviewer verifies)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Residency, Unit, VoterAgreement, VoterNomination
from compounds.permissions import require
from compounds.queries import unit_voter
from compounds.standing import bump_standing
from portal.audit import audit
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
            audit(
                actor=user,
                code="compounds.residency.requested",
                target=residency,
                new={"relation": relation, "status": Status.PENDING},
                compound=unit.building.compound_id,
            )
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
        old = {"status": residency.status}
        residency.status = status
        residency.reject_reason = reason
        residency.reviewed_by = reviewer
        residency.reviewed_at = timezone.now()
        if status == Status.VERIFIED:
            residency.start = timezone.localdate()
        residency.save()
        new = {"status": status, "reason": reason} if reason else {"status": status}
        audit(
            actor=reviewer,
            code=f"compounds.residency.{status}",
            target=residency,
            old=old,
            new=new,
            compound=residency.unit.building.compound_id,
        )
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


def _owners_locked(unit_id: int) -> list[Residency]:
    """The unit's verified current owner residencies, locked in a fixed order."""
    return list(
        Residency.objects.current()
        .select_for_update()
        .filter(unit_id=unit_id, status=Status.VERIFIED, relation__in=Residency.OWNER_RELATIONS)
        .order_by("pk")
    )


def _pending_locked(unit_id: int) -> VoterNomination | None:
    return (
        VoterNomination.objects.select_for_update()
        .filter(unit_id=unit_id, state=VoterNomination.State.PENDING)
        .first()
    )


def residency_name_voter(*, by, residency: Residency) -> VoterNomination | None:
    """`by`, a verified owner of the unit, agrees that the co-owner of `residency` votes for
    it: naming them, or agreeing to another owner's naming. The naming is in force once
    every verified current owner of the unit has agreed (or once someone who verifies
    residencies there verifies it, `voter_nomination_verify`); until then the earlier voter
    stands. Naming the present voter keeps them and withdraws a pending naming: any owner
    may decline. Returns the naming (pending or in force), or None when the voter stays.

    Locks the unit's owner residencies, then its pending naming, so agreements given at the
    same moment are all counted and the unit never has two voters. Audited."""
    with transaction.atomic():
        owners = _owners_locked(residency.unit_id)
        if by.pk not in {r.user_id for r in owners}:
            raise ValidationError(
                _("Only an owner of this home can name who votes for it."), code="not_owner"
            )
        chosen = next((r for r in owners if r.pk == residency.pk), None)
        if chosen is None:
            raise ValidationError(
                _("Only a verified owner of this home can vote for it."), code="not_voter"
            )
        pending = _pending_locked(residency.unit_id)
        if pending is not None and pending.nominee_id != chosen.pk:
            _close(pending, VoterNomination.State.REPLACED, by, "compounds.voter.replaced")
            pending = None
        if chosen.user_id == unit_voter(owners):
            return None  # the present voter stays: nothing to agree on
        if pending is None:
            pending = VoterNomination.objects.create(
                unit_id=chosen.unit_id, nominee=chosen, named_by=by
            )
            audit(
                actor=by,
                code="compounds.voter.named",
                target=pending,
                old={"voter": unit_voter(owners)},
                new={"voter": chosen.user_id},
            )
            asked = {r.user_id for r in owners} - {by.pk}
            _tell(asked, "residency.voter_named", chosen, by)
        created = VoterAgreement.objects.get_or_create(nomination=pending, user=by)[1]
        if created:
            audit(actor=by, code="compounds.voter.agreed", target=pending)
        agreed = set(pending.agreements.values_list("user_id", flat=True))
        if {r.user_id for r in owners} <= agreed:
            _put_in_force(pending, owners, by)
    return pending


def voter_nomination_verify(*, by, residency: Residency) -> VoterNomination:
    """Someone who verifies residencies in the unit's building or compound (its housing
    officer, the owners' committee, community staff) puts in force the pending naming of
    `residency`'s co-owner — for owners who agreed on paper or cannot confirm by phone.
    Never for a home of their own. Refuses (PermissionDenied) anyone else. Audited."""
    with transaction.atomic():
        owners = _owners_locked(residency.unit_id)
        require(by, "residency.review", residency)
        if by.pk in {r.user_id for r in owners}:
            raise PermissionDenied(_("Nobody may verify the voter of their own home."))
        pending = _pending_locked(residency.unit_id)
        if pending is None or pending.nominee_id != residency.pk:
            raise ValidationError(_("Nobody is waiting to be confirmed as voter."), code="none")
        if residency.pk not in {r.pk for r in owners}:
            raise ValidationError(
                _("Only a verified owner of this home can vote for it."), code="not_voter"
            )
        pending.verified_by = by
        _put_in_force(pending, owners, by)
        _tell({r.user_id for r in owners}, "residency.voter_changed", residency, pending.named_by)
    return pending


def _put_in_force(nomination: VoterNomination, owners: list[Residency], by) -> None:
    """The named co-owner votes for the unit from now on (the unit's owners are locked)."""
    previous = unit_voter(owners)
    Residency.objects.filter(pk__in=[r.pk for r in owners if r.pk != nomination.nominee_id]).update(
        is_voter=False
    )
    Residency.objects.filter(pk=nomination.nominee_id).update(is_voter=True)
    bump_standing({r.user_id for r in owners})  # update() skips the signals
    _close(nomination, VoterNomination.State.IN_FORCE, by, "compounds.voter.changed", previous)


def _close(nomination: VoterNomination, state: str, by, code: str, previous=None) -> None:
    nomination.state, nomination.decided_at = state, timezone.now()
    nomination.save(update_fields=["state", "decided_at", "verified_by"])
    new = {"state": state, "voter": nomination.nominee.user_id}
    if nomination.verified_by_id:
        new["verified_by"] = nomination.verified_by_id
    audit(
        actor=by,
        code=code,
        target=nomination,
        old={"voter": previous} if previous is not None else {},
        new=new,
    )


def _tell(recipients: set[int], event: str, chosen: Residency, by) -> None:
    if not recipients:
        return
    notify(
        recipients=recipients,
        event=event,
        params={
            "place": f"{chosen.unit.building.compound.name} {chosen.unit}",
            "voter": str(chosen.user),
            "who": str(by) if by is not None else "",
        },
        url=reverse("compounds:my_homes"),
    )
