"""Activities: publish, sign up and cancel (the waiting list moves up by itself), check in
at the door or on the organiser's list, photos and the report afterwards, reminders.

Every write that changes who holds a place locks the activity row first
(`select_for_update`), then reads and changes `confirmed_count` under that lock: thirty
neighbours pressing 报名 at once for ten places give ten confirmed and twenty waiting.
Each change of a sign-up writes an ActivityEvent in the same transaction; notifications
are written there too and delivered on commit (portal.notifications.notify)."""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Activity, ActivityEvent, ActivityPhoto, SignUp
from community.permissions.activities import require_manage, require_sign_up, resident_here
from portal.audit import audit
from portal.images import reencode_image
from portal.notifications.services import notify

Action = ActivityEvent.Action
State = SignUp.State
CHECKIN_SALT = "community.activity.checkin"
# The door's QR code works from two hours before the start to two hours after the end.
CHECKIN_MARGIN = timedelta(hours=2)
MAX_PHOTOS = 12
MAX_SERVICE_HOURS = Decimal("12")
LONGEST = timedelta(days=7)


def hours_between(starts_at, ends_at) -> Decimal:
    seconds = Decimal((ends_at - starts_at).total_seconds())
    return (seconds / 3600).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def check_times(starts_at, ends_at, *, is_service: bool) -> None:
    """The rules of an activity's times, in Chinese (the form shows them on its fields)."""
    if ends_at <= starts_at:
        raise ValidationError(_("An activity must end after it starts."), code="ends_before")
    if ends_at - starts_at > LONGEST:
        raise ValidationError(_("An activity lasts at most seven days."), code="too_long")
    if is_service and hours_between(starts_at, ends_at) > MAX_SERVICE_HOURS:
        raise ValidationError(
            _("A volunteer service counts at most 12 hours: split a longer one into days."),
            code="service_too_long",
        )


def activity_publish(
    *, by, compound, organiser=None, community_wide: bool = False, **fields
) -> Activity:
    """Publish an activity of `compound` (or, for staff, of its whole community), organised
    by `organiser` — a Body or a Team of the compound — or by community staff (None)."""
    from community.models import Team

    check_times(fields["starts_at"], fields["ends_at"], is_service=fields.get("is_service"))
    if fields["starts_at"] <= timezone.now():
        raise ValidationError(_("An activity is published before it starts."), code="past")
    capacity = fields.get("capacity")
    if capacity is not None and capacity <= 0:
        raise ValidationError(_("Places must be at least 1, or left empty."), code="capacity")
    if not fields.get("needs_signup", True):
        fields["capacity"] = None  # without sign-up nobody holds a place
    team = organiser if isinstance(organiser, Team) else None
    activity = Activity(
        compound=None if community_wide else compound,
        community=compound.community if community_wide else None,
        body=None if team else organiser,
        team=team,
        created_by=by,
        hours=hours_between(fields["starts_at"], fields["ends_at"]),
        **fields,
    )
    with transaction.atomic():
        # The organising team's row locked, as disbanding locks it: no activity is
        # published for a team disbanded meanwhile (its coming ones are called off).
        if team and not Team.objects.select_for_update().filter(pk=team.pk, disbanded_at=None):
            raise ValidationError(_("This team has been disbanded."), code="disbanded")
        activity.save()
        ActivityEvent.objects.create(activity=activity, actor=by, action=Action.PUBLISH)
        audit(actor=by, code="community.activity.published", target=activity, compound=compound)
    return activity


def _locked(activity: Activity) -> Activity:
    """The activity's row, locked for the rest of the transaction."""
    return Activity.objects.select_for_update().get(pk=activity.pk)


def _open_for_signup(locked: Activity) -> None:
    if locked.state != Activity.State.PUBLISHED:
        raise ValidationError(_("This activity is no longer open."), code="closed")
    if locked.starts_at <= timezone.now():
        raise ValidationError(_("This activity has already begun."), code="started")


def _activity_url(activity: Activity) -> str:
    return reverse("community:activity", args=[activity.pk])


def signup_join(*, activity: Activity, user) -> SignUp:
    """Sign `user` up: a place while there is one, else the back of the waiting list.
    Locks the activity (its count of places) for the transaction."""
    require_sign_up(user, activity)
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(activity)
        _open_for_signup(locked)
        signup = SignUp.objects.filter(activity=locked, user=user).first()
        if signup is not None and signup.state != State.CANCELLED:
            raise ValidationError(_("You have already signed up."), code="twice")
        confirmed = locked.capacity is None or locked.confirmed_count < locked.capacity
        locked.signups_made += 1
        locked.confirmed_count += 1 if confirmed else 0
        locked.save(update_fields=["signups_made", "confirmed_count"])
        signup = signup or SignUp(activity=locked, user=user)
        signup.state = State.CONFIRMED if confirmed else State.WAITING
        signup.position = locked.signups_made
        signup.signed_up_at = now
        signup.confirmed_at = now if confirmed else None
        signup.cancelled_at = signup.reminded_at = None
        signup.save()
        action = Action.SIGN_UP if confirmed else Action.WAIT
        ActivityEvent.objects.create(activity=locked, signup=signup, actor=user, action=action)
    return signup


def _move_up(locked: Activity) -> list[SignUp]:
    """Fill free places from the waiting list, first come first served, and tell each
    person who moved up. Called under the activity's lock."""
    moved = []
    while locked.capacity is None or locked.confirmed_count < locked.capacity:
        first = locked.signups.filter(state=State.WAITING).order_by("position").first()
        if first is None:
            break
        first.state, first.confirmed_at = State.CONFIRMED, timezone.now()
        first.save(update_fields=["state", "confirmed_at"])
        locked.confirmed_count += 1
        ActivityEvent.objects.create(activity=locked, signup=first, action=Action.MOVE_UP)
        notify(
            recipients=[first.user_id],
            event="activity.moved_up",
            params={"title": locked.title, "when": _when(locked)},
            url=_activity_url(locked),
            key=f"activity.moved_up:{first.pk}:{first.position}",
        )
        moved.append(first)
    locked.save(update_fields=["confirmed_count"])
    return moved


def _when(activity: Activity) -> str:
    return timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M")


def signup_cancel(*, activity: Activity, user) -> SignUp:
    """`user` gives up their place (or their turn); a freed place goes to the first in
    line at once. Locks the activity for the transaction."""
    with transaction.atomic():
        locked = _locked(activity)
        signup = SignUp.objects.filter(
            activity=locked, user=user, state__in=[State.CONFIRMED, State.WAITING]
        ).first()
        if signup is None:
            raise ValidationError(_("You are not signed up for this activity."), code="none")
        if locked.starts_at <= timezone.now():
            raise ValidationError(_("This activity has already begun."), code="started")
        was_confirmed = signup.state == State.CONFIRMED
        signup.state, signup.cancelled_at = State.CANCELLED, timezone.now()
        signup.save(update_fields=["state", "cancelled_at"])
        ActivityEvent.objects.create(
            activity=locked, signup=signup, actor=user, action=Action.CANCEL_SIGNUP
        )
        if was_confirmed:
            locked.confirmed_count -= 1
            if locked.state == Activity.State.PUBLISHED:
                _move_up(locked)
            else:
                locked.save(update_fields=["confirmed_count"])
    return signup


def activity_cancel(*, activity: Activity, by) -> Activity:
    """The organisers call it off before it ends; everyone signed up or waiting is told."""
    require_manage(by, activity)
    with transaction.atomic():
        locked = _locked(activity)
        if locked.state != Activity.State.PUBLISHED:
            raise ValidationError(_("This activity is no longer open."), code="closed")
        if locked.ends_at <= timezone.now():
            raise ValidationError(_("This activity is already over."), code="over")
        _call_off(locked, by)
    return locked


def _call_off(locked: Activity, by) -> None:
    locked.state = Activity.State.CANCELLED
    locked.save(update_fields=["state"])
    ActivityEvent.objects.create(activity=locked, actor=by, action=Action.CANCEL)
    audit(actor=by, code="community.activity.cancelled", target=locked, compound=locked.compound_id)
    people = locked.signups.filter(state__in=[State.CONFIRMED, State.WAITING])
    notify(
        recipients=people.values_list("user_id", flat=True),
        event="activity.cancelled",
        params={"title": locked.title, "when": _when(locked)},
        url=_activity_url(locked),
        key=f"activity.cancelled:{locked.pk}",
    )


def activities_call_off_for_team(team, by) -> int:
    """The team was disbanded (community.extras.on_team_disbanded, inside that transaction,
    the team's row locked): its activities not yet begun are cancelled and everyone signed
    up or waiting is told, each under its own lock; those under way or past are kept (they
    happened, and count their hours). `by` disbanded the team: the permission was theirs."""
    now, called_off = timezone.now(), 0
    coming = Activity.objects.filter(team=team, state=Activity.State.PUBLISHED, starts_at__gt=now)
    for pk in coming.order_by("pk").values_list("pk", flat=True):
        locked = Activity.objects.select_for_update().get(pk=pk)
        if locked.state == Activity.State.PUBLISHED and locked.starts_at > now:
            _call_off(locked, by)
            called_off += 1
    return called_off


# Attendance ------------------------------------------------------------------------------


def checkin_token(activity: Activity) -> str:
    """The door's token: the activity's id signed with the site's key (nobody can make one
    for another activity)."""
    return signing.dumps(activity.pk, salt=CHECKIN_SALT)


def checkin_token_valid(activity: Activity, token: str) -> bool:
    try:
        return signing.loads(token, salt=CHECKIN_SALT) == activity.pk
    except signing.BadSignature:
        return False


def _attend(locked: Activity, signup: SignUp, by) -> SignUp:
    if signup.attended_at is None:
        signup.attended_at, signup.attendance_by = timezone.now(), by
        signup.save(update_fields=["attended_at", "attendance_by"])
        ActivityEvent.objects.create(activity=locked, signup=signup, actor=by, action=Action.ATTEND)
    return signup


def checkin(*, activity: Activity, user, token: str) -> SignUp:
    """The attendee scanned the door's QR code: they are marked present. Without sign-up
    (an open activity) a resident who comes is added; with sign-up, only a confirmed place
    checks in. Locks the activity."""
    if not checkin_token_valid(activity, token):
        raise ValidationError(_("This check-in code is not valid."), code="token")
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(activity)
        if locked.state == Activity.State.CANCELLED:
            raise ValidationError(_("This activity was cancelled."), code="cancelled")
        if not locked.starts_at - CHECKIN_MARGIN <= now <= locked.ends_at + CHECKIN_MARGIN:
            raise ValidationError(
                _("Check-in opens two hours before the start and closes two hours after the end."),
                code="window",
            )
        signup = SignUp.objects.filter(activity=locked, user=user).first()
        if not locked.needs_signup and (signup is None or signup.state != State.CONFIRMED):
            if signup is None:
                if not resident_here(user, locked):
                    raise ValidationError(
                        _("Residents of the compound check in to its activities."),
                        code="outsider",
                    )
                signup = SignUp(activity=locked, user=user)
            locked.signups_made += 1
            locked.confirmed_count += 1
            locked.save(update_fields=["signups_made", "confirmed_count"])
            signup.state, signup.position, signup.confirmed_at = (
                State.CONFIRMED,
                locked.signups_made,
                now,
            )
            signup.save()
        if signup is None or signup.state != State.CONFIRMED:
            raise ValidationError(
                _("You do not hold a place for this activity: please see the organisers."),
                code="no_place",
            )
        return _attend(locked, signup, user)


def attendance_open(activity: Activity) -> bool:
    """Whether the organisers may tick attendance now (from two hours before the start)."""
    return (
        activity.state != Activity.State.CANCELLED
        and timezone.now() >= activity.starts_at - CHECKIN_MARGIN
    )


def attendance_mark(*, activity: Activity, by, signup_id: int, present: bool) -> SignUp:
    """The organisers tick (or untick) someone with a place on the attendance list, from
    the start on. Locks the activity."""
    require_manage(by, activity)
    with transaction.atomic():
        locked = _locked(activity)
        if locked.state == Activity.State.CANCELLED:
            raise ValidationError(_("This activity was cancelled."), code="cancelled")
        if not attendance_open(locked):
            raise ValidationError(_("Attendance is taken once the activity begins."), code="early")
        signup = SignUp.objects.filter(activity=locked, pk=signup_id, state=State.CONFIRMED).first()
        if signup is None:
            raise ValidationError(_("This person does not hold a place."), code="no_place")
        if present:
            return _attend(locked, signup, by)
        signup.attended_at, signup.attendance_by = None, by
        signup.save(update_fields=["attended_at", "attendance_by"])
    return signup


# Afterwards ------------------------------------------------------------------------------


def _begun(activity: Activity) -> None:
    if activity.state == Activity.State.CANCELLED:
        raise ValidationError(_("This activity was cancelled."), code="cancelled")
    if activity.starts_at > timezone.now():
        raise ValidationError(
            _("Photos and the report come once the activity has begun."), code="early"
        )


def activity_photos_add(*, activity: Activity, by, uploads) -> list[ActivityPhoto]:
    """Photos of the activity, re-encoded (no location data); at most MAX_PHOTOS."""
    require_manage(by, activity)
    _begun(activity)
    if not uploads:
        raise ValidationError(_("Choose a photo."), code="none")
    cleaned = [reencode_image(upload) for upload in uploads]
    with transaction.atomic():
        locked = _locked(activity)
        if locked.photos.count() + len(cleaned) > MAX_PHOTOS:
            raise ValidationError(
                _("An activity keeps at most %(n)s photos.") % {"n": MAX_PHOTOS}, code="many"
            )
        saved = []
        for content in cleaned:
            photo = ActivityPhoto(activity=locked, uploaded_by=by)
            photo.image.save(content.name, content, save=False)
            photo.save()
            saved.append(photo)
        ActivityEvent.objects.create(activity=locked, actor=by, action=Action.PHOTO)
    return saved


def activity_report(*, activity: Activity, by, report: str) -> Activity:
    """The short report afterwards; writing it marks the activity finished."""
    require_manage(by, activity)
    _begun(activity)
    with transaction.atomic():
        locked = _locked(activity)
        old = {"report": locked.report}
        locked.report, locked.reported_at = report, timezone.now()
        locked.state = Activity.State.FINISHED
        locked.save(update_fields=["report", "reported_at", "state"])
        ActivityEvent.objects.create(activity=locked, actor=by, action=Action.REPORT)
        audit(
            actor=by,
            code="community.activity.reported",
            target=locked,
            old=old,
            new={"report": report},
            compound=activity.compound_id,
        )
    return locked


# Reminders (beat) ------------------------------------------------------------------------


def activity_reminders(now=None) -> int:
    """Remind everyone holding a place, once, the day before: sign-ups of activities
    starting within the next 24 hours. Two beats may run this at once: each sign-up is
    locked and checked again (still confirmed, not yet reminded, the activity still on)."""
    now = now or timezone.now()
    due = SignUp.objects.filter(
        state=State.CONFIRMED,
        reminded_at__isnull=True,
        activity__state=Activity.State.PUBLISHED,
        activity__starts_at__gt=now,
        activity__starts_at__lte=now + timedelta(days=1),
    ).values_list("pk", flat=True)
    done = 0
    for signup_id in list(due[:5000]):
        with transaction.atomic():
            signup = (
                SignUp.objects.select_for_update()
                .filter(pk=signup_id, state=State.CONFIRMED, reminded_at__isnull=True)
                .first()
            )
            if signup is None:
                continue  # the other beat reminded them, or they cancelled
            activity = Activity.objects.get(pk=signup.activity_id)
            if activity.state != Activity.State.PUBLISHED or activity.starts_at <= now:
                continue
            signup.reminded_at = now
            signup.save(update_fields=["reminded_at"])
            notify(
                recipients=[signup.user_id],
                event="activity.reminder",
                params={"title": activity.title, "when": _when(activity), "place": activity.place},
                url=_activity_url(activity),
                key=f"activity.reminder:{signup.pk}:{signup.position}",
            )
            done += 1
    return done
