"""应急使用 of the maintenance fund (finance/emergencies.py): the owners' committee
approves, community staff confirm, then the keeper submits it for the supervisory
committee's review like any expense; after it is posted, the owners' resolution that
ratified it is recorded (追认)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from compounds.permissions import can, require
from deliberation.models import MatterItem, Proposal
from finance import books
from finance.models import Entry, EntryEvent, Ratification
from finance.permissions import keeps, makers_of
from portal.audit import audit
from portal.notifications.services import notify

S = Entry.State
STEPS = {
    # action: (the rule, the field it fills)
    "emergency_approve": ("finance.emergency_approve", "emergency_approved_by"),
    "emergency_confirm": ("finance.emergency_confirm", "emergency_confirmed_by"),
}


def emergency_sign(*, entry_id: int, action: str, actor) -> Entry:
    """The owners' committee's approval or community staff's confirmation of an emergency
    use, before it is submitted. Whoever made the entry does not approve it."""
    rule, field = STEPS[action]
    with transaction.atomic():
        entry = (
            Entry.objects.select_for_update(of=("self",))
            .select_related("account__compound__community")
            .get(pk=entry_id)
        )
        require(actor, rule, entry.account)
        if actor.pk in makers_of(entry):
            raise PermissionDenied(_("Whoever recorded an emergency use does not approve it."))
        if not entry.emergency or entry.state not in (S.DRAFT, S.RETURNED):
            raise ValidationError(
                _("Only an emergency use not yet submitted is approved here."), code="state"
            )
        if getattr(entry, f"{field}_id"):
            raise ValidationError(_("This has been done already."), code="twice")
        setattr(entry, field, actor)
        entry.save(update_fields=[field])
        EntryEvent.objects.create(
            entry=entry, actor=actor, action=action, from_state=entry.state, to_state=entry.state
        )
        audit(
            actor=actor, code=f"finance.{action}", target=entry, new={"emergency": entry.emergency}
        )
        if entry.emergency_approved_by_id and entry.emergency_confirmed_by_id:
            _tell(entry, "emergency_ready", books.makers(entry))
    return entry


def ask_for_signatures(entry: Entry) -> None:
    """Told when an emergency use is recorded: the owners' committee (to approve) and
    community staff (to confirm)."""
    makers = makers_of(entry)
    committee = [
        pk for pk in books.owners_committee_of(entry.account.compound_id) if pk not in makers
    ]
    _tell(entry, "emergency_approve", committee)
    _tell(entry, "emergency_confirm", books.community_staff_of(entry.account.compound))


def void_signatures(entry: Entry) -> None:
    """A corrected emergency use is approved and confirmed afresh."""
    entry.emergency_approved_by = entry.emergency_confirmed_by = None


def ratify(*, entry: Entry, proposal: Proposal, actor) -> Ratification:
    """追认: the owners' passed resolution on using the maintenance fund (民法典 第二百七十八条
    第一款第五项) that ratified a posted emergency use; recorded by the keeper or the
    owners' committee."""
    if not (keeps(actor, entry.account) or can(actor, "finance.emergency_approve", entry.account)):
        raise PermissionDenied(_("Only the keeper or the owners' committee records this."))
    if not entry.emergency or entry.state != S.POSTED:
        raise ValidationError(_("Only a posted emergency use is ratified."), code="state")
    if (
        proposal.compound_id != entry.account.compound_id
        or proposal.decision != Proposal.Decision.APPROVED
        or proposal.matter_item != MatterItem.USE_FUND
    ):
        raise ValidationError(
            _("Choose an owners' resolution of this compound that passed on using the fund."),
            code="proposal",
        )
    try:
        with transaction.atomic():
            done = Ratification.objects.create(entry=entry, proposal=proposal, recorded_by=actor)
            audit(
                actor=actor,
                code="finance.emergency_ratify",
                target=entry,
                new={"proposal": proposal.pk},
            )
    except IntegrityError as exc:
        raise ValidationError(_("This emergency use is ratified already."), code="twice") from exc
    return done


def _tell(entry: Entry, what: str, recipients: list[int]) -> None:
    notify(
        recipients=recipients,
        event="finance.entry",
        params={"number": entry.pk, "account": entry.account.name, "what": what},
        url=reverse("finance:entry", args=[entry.pk]),
        key=f"finance.entry.{entry.pk}.{what}",
    )
