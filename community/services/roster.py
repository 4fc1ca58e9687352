"""Writes of the duty roster: shifts, swaps (offered to one person, or to anyone who may be
on duty at the station) and reminders. A station's own life is community/services/stations.py.

Every change of a shift writes a ShiftEvent and (where it matters) an audit event in the
same transaction, and tells the people concerned through notify().

Locks: a change that gives a shift to someone locks that person's user row before it looks
for their other shifts, so two arrangements or swaps for one person made at once are
checked one after the other and cannot overlap (on PostgreSQL the `shift_no_overlap`
exclusion constraint holds it as well). A change to an existing shift locks the shift row
first, then the person's row, always in that order; arranging a new shift locks the
station's row before the person's (a station closing locks it too, then its shifts).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Shift, ShiftEvent, Station
from community.permissions.roster import (
    STATION_CHAIN,
    eligible_people,
    is_eligible,
    may_answer,
    may_offer,
    require_arrange,
)
from portal.audit import audit
from portal.notifications.services import notify
from portal.text import written

Action = ShiftEvent.Action
# A shift is at most a day long: a roster is turns of hours, and a typo of a month is
# refused rather than blocking the person for weeks.
LONGEST_SHIFT = timedelta(hours=24)
REMIND_BEFORE = timedelta(hours=18)  # the evening before a morning shift


def when(shift: Shift) -> str:
    start, end = timezone.localtime(shift.start), timezone.localtime(shift.end)
    last = f"{end:%H:%M}" if start.date() == end.date() else f"{end:%m-%d %H:%M}"
    return f"{start:%m-%d %H:%M}–{last}"


def _tell(shift: Shift, recipients, what: str, who=None, key: str = "") -> None:
    notify(
        recipients=[r for r in recipients if r is not None],
        event="roster.shift",
        params={
            "station": shift.station.name,
            "when": when(shift),
            "what": what,
            "who": str(who or ""),
        },
        url=reverse("community:roster_shift", args=[shift.pk]),
        key=key,
    )


def _record(shift: Shift, action: str, actor, *, from_person=None, to_person=None, note=""):
    ShiftEvent.objects.create(
        shift=shift,
        action=action,
        actor=actor,
        from_person=from_person,
        to_person=to_person,
        note=note[:200],
    )


def _audit(shift: Shift, code: str, actor, old=None, new=None) -> None:
    audit(
        actor=actor,
        code=f"community.shift.{code}",
        target=shift,
        old=old,
        new=new,
        compound=shift.station.compound_id,
    )


def _check_times(start: datetime, end: datetime) -> None:
    if end <= start:
        raise ValidationError(_("The shift must end after it starts."))
    if end - start > LONGEST_SHIFT:
        raise ValidationError(_("A shift is at most 24 hours long."))


def _check_free(person_id: int, start: datetime, end: datetime, exclude: int | None) -> None:
    """Lock the person's row, then refuse a shift that overlaps one of theirs."""
    people = get_user_model().objects.select_for_update()
    person = people.filter(pk=person_id).first()
    if person is None:
        raise ValidationError(_("Choose who is on duty."))
    clash = (
        Shift.objects.filter(person_id=person_id, cancelled_at__isnull=True)
        .filter(start__lt=end, end__gt=start)
        .exclude(pk=exclude)
        .select_related("station")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            _("%(person)s is already on duty at %(station)s, %(when)s; the shifts overlap.")
            % {"person": person, "station": clash.station.name, "when": when(clash)}
        )


def _saved(shift: Shift) -> Shift:
    """Save inside a savepoint: the database's own overlap check (PostgreSQL) becomes the
    same message as the service's."""
    try:
        with transaction.atomic():
            shift.save()
    except IntegrityError as error:
        if "shift_no_overlap" in str(error):
            raise ValidationError(_("This person already has a shift at that time.")) from error
        raise
    return shift


def _locked(shift_id: int) -> Shift:
    """Lock the shift's row, then read it with its people and station. Two statements: a
    locking SELECT that joins the person re-checks the join against the row another
    transaction changed while it waited (PostgreSQL's EvalPlanQual), and a shift whose
    person was changed under it came back as no row at all."""
    Shift.objects.select_for_update().filter(pk=shift_id).values_list("pk").get()
    return Shift.objects.select_related(
        "person", "offered_to", *(f"station__{c}" for c in STATION_CHAIN)
    ).get(pk=shift_id)


# Shifts ----------------------------------------------------------------------------------


@transaction.atomic
def shift_arrange(*, station: Station, by, person, start, end, place: str = "") -> Shift:
    """Put `person` on duty at `station` for [start, end). Locks the person's row."""
    require_arrange(by, station)
    _check_times(start, end)
    if Station.objects.select_for_update().get(pk=station.pk).closed_at is not None:
        raise ValidationError(_("This station is closed: it has no more shifts."))
    if end <= timezone.now():
        raise ValidationError(_("That shift is already over."))
    if not is_eligible(getattr(person, "pk", None), station):
        raise ValidationError(
            _("Only members of the branch, the committee and volunteers are on duty here.")
        )
    _check_free(person.pk, start, end, exclude=None)
    shift = _saved(
        Shift(
            station=station,
            person=person,
            start=start,
            end=end,
            place=written(place, limit=100),
            created_by=by,
        )
    )
    _record(shift, Action.ARRANGED, by, to_person=person)
    _audit(
        shift,
        "arranged",
        by,
        new={"person": person.pk, "start": start.isoformat(), "end": end.isoformat()},
    )
    _tell(shift, [person] if person.pk != by.pk else [], "arranged")
    return shift


def _hand_over(shift: Shift, to, actor, action: str) -> Shift:
    """Give the (locked) shift to `to`: checks them, moves it, records and tells."""
    if not is_eligible(to.pk, shift.station):
        raise ValidationError(
            _("Only members of the branch, the committee and volunteers are on duty here.")
        )
    _check_free(to.pk, shift.start, shift.end, exclude=shift.pk)
    previous, offered, was_open = shift.person, shift.offered_to, shift.offered_open
    shift.person, shift.offered_to, shift.offered_open, shift.offered_at = to, None, False, None
    shift.phone_public = False  # consent is the person's own, not the shift's
    if shift.start > timezone.now():
        shift.reminded_at = None  # the new person is reminded in turn
    _saved(shift)
    _record(shift, action, actor, from_person=previous, to_person=to)
    _audit(shift, action, actor, old={"person": previous.pk}, new={"person": to.pk})
    if action in (Action.ACCEPTED, Action.TAKEN):
        _tell(shift, [previous], action, who=to)
    else:
        _tell(shift, [previous] if previous.pk != actor.pk else [], "relieved", who=to)
        _tell(shift, [to] if to.pk != actor.pk else [], "reassigned")
        if (offered is not None and offered.pk != to.pk) or was_open:
            _record(shift, Action.WITHDRAWN, actor, to_person=offered)
    return shift


@transaction.atomic
def shift_offer(*, shift_id: int, by, to, note: str = "") -> Shift:
    """The person on duty asks `to` to take the shift (a swap); it stays theirs until
    `to` accepts."""
    shift = _locked(shift_id)
    if not may_offer(by, shift, timezone.now()):
        raise PermissionDenied(_("Only the person on duty offers a shift, before it ends."))
    if to is None or to.pk == by.pk:
        raise ValidationError(_("Choose someone else to take the shift."))
    if shift.offered_open:
        raise ValidationError(_("Your shift is offered to everyone; withdraw that offer first."))
    if not is_eligible(to.pk, shift.station):
        raise ValidationError(
            _("Only members of the branch, the committee and volunteers are on duty here.")
        )
    shift.offered_to, shift.offered_at = to, timezone.now()
    shift.save(update_fields=["offered_to", "offered_at"])
    _record(shift, Action.OFFERED, by, from_person=by, to_person=to, note=written(note, limit=200))
    _tell(shift, [to], "offered", who=by)
    return shift


def could_take(shift: Shift) -> list[int]:
    """Who may take the shift from an open offer and is free then: everyone who may be on
    duty at the station but its person and those already on duty at an overlapping time.
    One query, whatever their number."""
    busy = Shift.objects.filter(
        cancelled_at__isnull=True, start__lt=shift.end, end__gt=shift.start
    ).values("person_id")
    people = eligible_people(shift.station).exclude(pk=shift.person_id).exclude(pk__in=busy)
    return list(people.values_list("pk", flat=True))


@transaction.atomic
def shift_offer_open(*, shift_id: int, by, note: str = "") -> Shift:
    """The person on duty offers the shift to anyone who may be on duty at its station; it
    stays theirs until the first of them takes it (shift_take). Those who could take it are
    told once: one notify() (one insert, one delivery task) however many they are, and not
    again for the same shift if the person offers it again after withdrawing."""
    shift = _locked(shift_id)
    if not may_offer(by, shift, timezone.now()):
        raise PermissionDenied(_("Only the person on duty offers a shift, before it ends."))
    if shift.offered_open or shift.offered_to_id is not None:
        raise ValidationError(_("Your shift is already offered; withdraw that offer first."))
    shift.offered_open, shift.offered_at = True, timezone.now()
    shift.save(update_fields=["offered_open", "offered_at"])
    _record(shift, Action.OFFERED_OPEN, by, from_person=by, note=written(note, limit=200))
    key = f"roster.open.{shift.pk}.{shift.person_id}"
    _tell(shift, could_take(shift), "offered_open", who=by, key=key)
    return shift


def _not_open(shift: Shift, by) -> str:
    """Why a shift cannot be taken from an open offer any more, from its latest change."""
    last = ShiftEvent.objects.filter(shift=shift).order_by("-created_at", "-pk").first()
    if last is not None and last.action == Action.TAKEN:
        if last.to_person_id == by.pk:
            return _("You have taken this shift; it is yours.")
        return _("%(person)s took this shift just before you; it is no longer open.") % {
            "person": shift.person
        }
    if last is not None and last.action == Action.WITHDRAWN:
        return _("The offer was withdrawn: the shift is no longer open to take.")
    return _("This shift is not open to take.")


@transaction.atomic
def shift_take(*, shift_id: int, by) -> Shift:
    """`by` takes the shift from its open offer. The shift's row is locked first: of two
    people taking it at once, the second waits, then finds it taken and is told so. Then
    the taker's row is locked and their other shifts checked (no overlap)."""
    shift = _locked(shift_id)
    if shift.cancelled_at is not None or shift.end <= timezone.now():
        raise ValidationError(_("That shift is over or cancelled."))
    if not shift.offered_open:
        raise ValidationError(_not_open(shift, by))
    if shift.person_id == by.pk:
        raise ValidationError(_("This is your own shift: someone else has to take it."))
    return _hand_over(shift, by, by, Action.TAKEN)


@transaction.atomic
def shift_withdraw(*, shift_id: int, by) -> Shift:
    """The person on duty withdraws their offer, to one person or to everyone."""
    shift = _locked(shift_id)
    if shift.person_id != by.pk or not (shift.offered_to_id or shift.offered_open):
        raise ValidationError(_("There is no offer of yours to withdraw."))
    offered = shift.offered_to
    shift.offered_to, shift.offered_open, shift.offered_at = None, False, None
    shift.save(update_fields=["offered_to", "offered_open", "offered_at"])
    _record(shift, Action.WITHDRAWN, by, to_person=offered)
    return shift


@transaction.atomic
def shift_answer(*, shift_id: int, by, accept: bool) -> Shift:
    """The person a shift was offered to takes it (locks their row and checks they are
    free then) or declines it."""
    shift = _locked(shift_id)
    if not may_answer(by, shift, timezone.now()):
        raise ValidationError(_("This shift is not offered to you any more."))
    if accept:
        return _hand_over(shift, by, by, Action.ACCEPTED)
    shift.offered_to, shift.offered_at = None, None
    shift.save(update_fields=["offered_to", "offered_at"])
    _record(shift, Action.DECLINED, by, to_person=by)
    _tell(shift, [shift.person], "declined", who=by)
    return shift


@transaction.atomic
def shift_reassign(*, shift_id: int, by, to) -> Shift:
    """The arranger gives the shift to someone else (a swap the two agreed in person, or
    cover for someone ill)."""
    shift = _locked(shift_id)
    require_arrange(by, shift.station)
    if shift.cancelled_at is not None or shift.end <= timezone.now():
        raise ValidationError(_("That shift is over or cancelled."))
    if to is None or to.pk == shift.person_id:
        raise ValidationError(_("Choose someone else to take the shift."))
    return _hand_over(shift, to, by, Action.REASSIGNED)


@transaction.atomic
def shift_cancel(*, shift_id: int, by, note: str = "") -> Shift:
    shift = _locked(shift_id)
    require_arrange(by, shift.station)
    if shift.cancelled_at is not None:
        raise ValidationError(_("That shift is already cancelled."))
    shift.cancelled_at, shift.offered_to, shift.offered_at = timezone.now(), None, None
    shift.offered_open = False
    shift.save(update_fields=["cancelled_at", "offered_to", "offered_open", "offered_at"])
    _record(shift, Action.CANCELLED, by, note=written(note, limit=200))
    _audit(shift, "cancelled", by, new={"cancelled_at": shift.cancelled_at.isoformat()})
    _tell(shift, [shift.person] if shift.person_id != by.pk else [], "cancelled")
    return shift


@transaction.atomic
def shift_show_phone(*, shift_id: int, by, shown: bool) -> Shift:
    """The person on duty shows residents their own number on this shift, or hides it."""
    shift = _locked(shift_id)
    if shift.person_id != by.pk:
        raise PermissionDenied(_("Only the person on duty decides whether their phone is shown."))
    if shift.phone_public != shown:
        shift.phone_public = shown
        shift.save(update_fields=["phone_public"])
        _record(shift, Action.PHONE, by, note="shown" if shown else "hidden")
    return shift


# Reminders (beat) --------------------------------------------------------------------------


def shifts_remind(now: datetime | None = None) -> int:
    """Remind each person on duty once before their shift (REMIND_BEFORE). Beat may run
    this twice at once: each shift is locked (skipping one another run holds) and checked
    again under the lock, so nobody is reminded twice."""
    now = now or timezone.now()
    due = Shift.objects.filter(
        reminded_at__isnull=True,
        cancelled_at__isnull=True,
        start__gt=now,
        start__lte=now + REMIND_BEFORE,
    )
    sent = 0
    for shift_id in due.values_list("pk", flat=True)[:500]:
        with transaction.atomic():
            shift = (
                Shift.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("station", "person")
                .filter(pk=shift_id, reminded_at__isnull=True, cancelled_at__isnull=True)
                .first()
            )
            if shift is None:
                continue
            shift.reminded_at = now
            shift.save(update_fields=["reminded_at"])
            _record(shift, Action.REMINDED, None, to_person=shift.person)
            notify(
                recipients=[shift.person],
                event="roster.reminder",
                params={
                    "station": shift.station.name,
                    "when": when(shift),
                    "where": shift.place or shift.station.place,
                },
                url=reverse("community:roster_shift", args=[shift.pk]),
                key=f"roster.reminder.{shift.pk}.{shift.person_id}.{shift.start:%Y%m%d%H%M}",
            )
            sent += 1
    return sent
