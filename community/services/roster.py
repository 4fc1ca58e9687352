"""Writes of the duty roster: stations, shifts, swaps and reminders.

Every change of a shift writes a ShiftEvent and (where it matters) an audit event in the
same transaction, and tells the people concerned through notify().

Locks: a change that gives a shift to someone locks that person's user row before it looks
for their other shifts, so two arrangements or swaps for one person made at once are
checked one after the other and cannot overlap (on PostgreSQL the `shift_no_overlap`
exclusion constraint holds it as well). A change to an existing shift locks the shift row
first, then the person's row, always in that order.
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


def _tell(shift: Shift, recipients, what: str, who=None) -> None:
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
    shift = (
        Shift.objects.select_for_update(of=("self",))
        .select_related("person", "offered_to", *(f"station__{c}" for c in STATION_CHAIN))
        .get(pk=shift_id)
    )
    return shift


# Stations --------------------------------------------------------------------------------


@transaction.atomic
def station_open(*, by, compound=None, community=None, name: str, place: str, phone: str = ""):
    station = Station(compound=compound, community=community)
    require_arrange(by, station)
    station.name = written(name, limit=40)
    station.place = written(place, limit=100)
    station.phone = written(phone, limit=20)
    if not station.name or not station.place:
        raise ValidationError(_("Give the station a name and say where it is."))
    siblings = Station.objects.filter(compound=compound, community=community, name=station.name)
    if siblings.exists():
        raise ValidationError(_("There is already a station of that name here."))
    station.save()
    audit(
        actor=by,
        code="community.station.opened",
        target=station,
        new={"name": station.name, "place": station.place},
        compound=station.compound_id,
    )
    return station


# Shifts ----------------------------------------------------------------------------------


@transaction.atomic
def shift_arrange(*, station: Station, by, person, start, end, place: str = "") -> Shift:
    """Put `person` on duty at `station` for [start, end). Locks the person's row."""
    require_arrange(by, station)
    _check_times(start, end)
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
    previous, offered = shift.person, shift.offered_to
    shift.person, shift.offered_to, shift.offered_at = to, None, None
    shift.phone_public = False  # consent is the person's own, not the shift's
    if shift.start > timezone.now():
        shift.reminded_at = None  # the new person is reminded in turn
    _saved(shift)
    _record(shift, action, actor, from_person=previous, to_person=to)
    _audit(shift, action, actor, old={"person": previous.pk}, new={"person": to.pk})
    if action == Action.ACCEPTED:
        _tell(shift, [previous], "accepted", who=to)
    else:
        _tell(shift, [previous] if previous.pk != actor.pk else [], "relieved", who=to)
        _tell(shift, [to] if to.pk != actor.pk else [], "reassigned")
        if offered is not None and offered.pk != to.pk:
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
    if not is_eligible(to.pk, shift.station):
        raise ValidationError(
            _("Only members of the branch, the committee and volunteers are on duty here.")
        )
    shift.offered_to, shift.offered_at = to, timezone.now()
    shift.save(update_fields=["offered_to", "offered_at"])
    _record(shift, Action.OFFERED, by, from_person=by, to_person=to, note=written(note, limit=200))
    _tell(shift, [to], "offered", who=by)
    return shift


@transaction.atomic
def shift_withdraw(*, shift_id: int, by) -> Shift:
    shift = _locked(shift_id)
    if shift.person_id != by.pk or shift.offered_to_id is None:
        raise ValidationError(_("There is no offer of yours to withdraw."))
    offered = shift.offered_to
    shift.offered_to, shift.offered_at = None, None
    shift.save(update_fields=["offered_to", "offered_at"])
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
    shift.save(update_fields=["cancelled_at", "offered_to", "offered_at"])
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
