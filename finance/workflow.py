"""What can happen to an entry: the state machine as data, and the one function that
performs a move, records it and tells the people concerned.

draft → submitted → approved by the supervisory committee (as many approvals as the
compound's policy asks, from members who did not make the entry) → posted; or returned
with a required comment, corrected and submitted again. A posted entry never changes; it
is corrected by a reversal (services.reverse_entry), which goes through the same review.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compounds.models import Compound
from finance import books
from finance.models import Approval, CampaignPart, Entry, EntryEvent, FinancePolicy
from finance.permissions import Party, made_and_reviews, parties_of
from portal.audit import audit
from portal.notifications.services import notify

S = Entry.State


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    who: tuple[Party, ...]
    needs_note: bool = False
    follows: str = ""  # made only right after this action, never on its own

    @property
    def offered(self) -> bool:
        return not self.follows


TRANSITIONS = {
    t.action: t
    for t in [
        Transition("submit", (S.DRAFT, S.RETURNED), S.SUBMITTED, (Party.KEEPER,)),
        # The last approval the policy asks for approves; earlier ones are recorded and
        # leave the entry waiting for the next member.
        Transition("approve", (S.SUBMITTED,), S.APPROVED, (Party.CHECKER,)),
        Transition("return", (S.SUBMITTED,), S.RETURNED, (Party.CHECKER,), needs_note=True),
        Transition("post", (S.APPROVED,), S.POSTED, (Party.CHECKER,), follows="approve"),
    ]
}

ACTION_LABELS = {
    "create": gettext_lazy("Recorded"),
    "change": gettext_lazy("Corrected"),
    "submit": gettext_lazy("Submit for review"),
    "approve": gettext_lazy("Approve"),
    "return": gettext_lazy("Return with a comment"),
    "post": gettext_lazy("Posted"),
    "emergency_approve": gettext_lazy("Emergency use approved by the owners' committee"),
    "emergency_confirm": gettext_lazy("Emergency use confirmed by community staff"),
}


def allowed_actions(user, entry: Entry, parties: set[Party] | None = None) -> list[str]:
    parties = parties_of(user, entry) if parties is None else parties
    moves = [
        t.action
        for t in TRANSITIONS.values()
        if t.offered and entry.state in t.sources and parties & set(t.who)
    ]
    if "approve" in moves and entry.approvals.filter(approver=user, round=_round(entry)):
        moves.remove("approve")  # one approval per member and round
    return moves


def _round(entry: Entry) -> int:
    """Each submission is reviewed afresh: the approvals of an earlier round are void."""
    return entry.events.filter(action="submit").count()


def _submit(entry: Entry, actor, now) -> str:
    # Ordered against closing the month (services.close_month locks the same row).
    list(Compound.objects.select_for_update().filter(pk=entry.account.compound_id).values("pk"))
    books.check_open_period(entry.account.compound_id, entry.occurred_on)
    books.check_receipts(entry)
    books.check_mandate(entry)  # locks the resolution's row: no two overspend it
    entry.submitted_by, entry.submitted_at = actor, now
    return S.SUBMITTED


def _approve(entry: Entry, actor, now) -> str:
    """Record the approval; approved once as many members as the policy asks have."""
    current = _round(entry)
    if entry.approvals.filter(approver=actor, round=current).exists():
        raise ValidationError(_("You have already approved this entry."), code="twice")
    Approval.objects.create(entry=entry, approver=actor, round=current, created_at=now)
    needed = FinancePolicy.of(entry.account.compound_id).approvals_required
    done = entry.approvals.filter(round=current).count() >= needed
    return S.APPROVED if done else S.SUBMITTED


def _post(entry: Entry, actor, now) -> str:
    books.check_open_period(entry.account.compound_id, entry.occurred_on)
    entry.posted_at = now
    if entry.reverses_id is not None:  # a household's campaign payment reversed: not paid
        CampaignPart.objects.filter(payments__entry_id=entry.reverses_id).update(
            paid=F("paid") - entry.amount
        )
    audit(
        actor=actor,
        code="finance.entry.post",
        target=entry,
        new={
            "amount": str(entry.amount),
            "direction": entry.direction,
            "account": entry.account_id,
        },
    )
    return S.POSTED


APPLY = {
    "submit": _submit,
    "approve": _approve,
    "return": lambda entry, actor, now: S.RETURNED,
    "post": _post,
}


def _step(entry: Entry, transition: Transition, actor, note: str, now) -> EntryEvent:
    before = entry.state
    entry.state = APPLY[transition.action](entry, actor, now)
    entry.save()
    if transition.action != "post":  # _post audits the posting with its amount
        new = {"state": entry.state, "note": note} if note else {"state": entry.state}
        audit(
            actor=actor,
            code=f"finance.entry.{transition.action}",
            target=entry,
            old={"state": before},
            new=new,
            compound=entry.account.compound_id,
        )
    return _record(entry, actor, transition.action, before, entry.state, note, now)


def perform(entry_id: int, action: str, *, actor, note: str = "") -> EntryEvent:
    """Make `action` happen to the entry, if the actor may: locks the row, checks the
    parties (403), then the state and the rules of money (a message), writes the event and
    the notifications in the same transaction, and posts on the last approval."""
    return _perform(entry_id, action, actor=actor, note=note, may=_party_may)


def submit_payment(entry_id: int, *, actor) -> EntryEvent:
    """Submit the income entry of a campaign payment, by the collector who recorded it
    (services.campaigns checked that they collect for the campaign): the same checks of
    money, event and notifications as a keeper's submission. A returned payment entry is
    corrected and submitted again by the account's keeper, as any other entry."""
    return _perform(entry_id, "submit", actor=actor, note="", may=_recorded_payment)


def _party_may(actor, entry: Entry, transition: Transition) -> bool:
    return bool(parties_of(actor, entry) & set(transition.who))


def _recorded_payment(actor, entry: Entry, transition: Transition) -> bool:
    payment = getattr(entry, "campaign_payment", None)
    return payment is not None and payment.recorded_by_id == actor.pk


def _refusal(actor, entry: Entry, transition: Transition) -> str:
    """Why the step is refused: a supervisory member who made the entry is told that
    another member reviews it (记账与审核分离), anyone else that it is not theirs."""
    if Party.CHECKER in transition.who and made_and_reviews(actor, entry):
        return _(
            "You recorded or submitted this entry; another member of the supervisory "
            "committee reviews it (记账与审核分离)."
        )
    return _("This step is not yours to take on this entry.")


def _perform(entry_id: int, action: str, *, actor, note: str, may) -> EntryEvent:
    transition = TRANSITIONS.get(action)
    if transition is None or transition.follows:
        raise ValueError(f"unknown action {action}")
    note = (note or "").strip()
    with transaction.atomic():
        entry = (
            Entry.objects.select_for_update(of=("self",))
            .select_related("account__compound__community")
            .get(pk=entry_id)
        )
        if not may(actor, entry, transition):
            raise PermissionDenied(_refusal(actor, entry, transition))
        if entry.state not in transition.sources:
            raise ValidationError(
                _("This entry is %(state)s now; the step cannot be taken.")
                % {"state": entry.get_state_display()},
                code="state",
            )
        if transition.needs_note and not note:
            raise ValidationError(_("Say what needs correcting."), code="note")
        now = timezone.now()
        event = _step(entry, transition, actor, note, now)
        for follow_on in TRANSITIONS.values():
            if follow_on.follows == action and entry.state in follow_on.sources:
                _step(entry, follow_on, actor, "", now)
        _tell(entry, action)
    return event


def _record(entry, actor, action, before, after, note, now) -> EntryEvent:
    return EntryEvent.objects.create(
        entry=entry,
        actor=actor,
        action=action,
        from_state=before,
        to_state=after,
        note=note,
        created_at=now,
    )


def _tell(entry: Entry, action: str) -> None:
    url = reverse("finance:entry", args=[entry.pk])
    params = {"number": entry.pk, "account": entry.account.name}
    if action == "submit":
        recipients = books.reviewers_of(entry)
        what = "submitted"
    elif action == "return":
        recipients, what = books.makers(entry), "returned"
    elif action == "approve" and entry.state == S.POSTED:
        recipients, what = books.makers(entry), "posted"
    else:
        return
    notify(
        recipients=recipients,
        event="finance.entry",
        params={**params, "what": what},
        url=url,
        key=f"finance.entry.{entry.pk}.{what}.{_round(entry)}",
    )
