"""Meetings (圆桌会, 联席会议, 月月谈, committee meetings, the owners' assembly): agenda,
attendees signed in, minutes and decisions published within 3 days, linked proposals."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.audiences import CommunityStaff, Residents
from compounds.models import Compound
from compounds.permissions import can, require
from deliberation import permissions
from deliberation.models import Attendance, Meeting, MeetingAttachment
from portal.calendar import Calendar, as_24h, period_end
from portal.notifications.services import notify
from portal.uploads import clean_attachment

FORMAL_KINDS = (
    Meeting.Kind.JOINT,
    Meeting.Kind.COMMITTEE,
    Meeting.Kind.ASSEMBLY,
    Meeting.Kind.REPRESENTATIVES,
)


def meeting_create(
    *,
    by,
    compound: Compound,
    kind: str,
    title: str,
    held_at,
    agenda: str,
    place: str = "",
    proposals=(),
) -> Meeting:
    require(by, "meeting.organise", compound)
    if kind not in Meeting.Kind.values:
        raise ValidationError(_("Choose the kind of meeting."), code="kind")
    if kind in FORMAL_KINDS and not permissions.may_call_formal(by, compound):
        raise PermissionDenied  # a building head calls roundtables, not joint meetings
    title, agenda = (title or "").strip(), (agenda or "").strip()
    if not title or not agenda:
        raise ValidationError(_("Give the meeting a title and an agenda."), code="title")
    if any(p.compound_id != compound.pk for p in proposals):
        raise ValidationError(_("Link proposals of this compound only."), code="proposals")
    with transaction.atomic():
        meeting = Meeting.objects.create(
            compound=compound,
            kind=kind,
            title=title[:120],
            held_at=held_at,
            place=(place or "").strip()[:100],
            agenda=agenda[:3000],
            organiser=by,
        )
        meeting.proposals.set(proposals)
    return meeting


def meeting_sign_in(*, meeting: Meeting, user, by) -> Attendance:
    """An attendee signs in (themselves, or the organiser for them) on the day."""
    if by.pk != user.pk and not permissions.may_run_meeting(by, meeting):
        raise PermissionDenied
    if not can(user, "compound.view", meeting.compound):
        raise ValidationError(_("Only people of the compound sign in."), code="outsider")
    day = timezone.localtime(meeting.held_at).date()
    if abs((timezone.localdate() - day).days) > 1:
        raise ValidationError(_("Sign in on the day of the meeting."), code="day")
    try:
        with transaction.atomic():
            return Attendance.objects.create(meeting=meeting, user=user)
    except IntegrityError as exc:
        raise ValidationError(_("Already signed in."), code="duplicate") from exc


def minutes_publish(*, meeting: Meeting, by, minutes: str, decisions: str = "") -> Meeting:
    """Publish the minutes (once); the compound's residents are told."""
    permissions.check_minutes(by, meeting)
    minutes = (minutes or "").strip()
    if not minutes:
        raise ValidationError(_("Write the minutes."), code="minutes")
    if len(minutes) > 20000:
        raise ValidationError(_("The minutes are too long."), code="minutes")
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.minutes_published_at:
            raise ValidationError(_("The minutes are already published."), code="published")
        if timezone.now() < locked.held_at:
            raise ValidationError(_("The meeting has not been held yet."), code="early")
        locked.minutes, locked.decisions = minutes, (decisions or "").strip()[:5000]
        locked.minutes_published_at = timezone.now()
        locked.save()
        notify(
            recipients=Residents(locked.compound_id),
            event="meeting.minutes",
            params={"title": locked.title},
            url=reverse("deliberation:meeting", args=[locked.pk]),
        )
    return locked


def minutes_due(held_at: datetime, calendar: Calendar | None = None) -> datetime:
    """When the minutes of a meeting held at `held_at` are due: settings'
    DELIBERATION_MINUTES_DAYS (3) counted by 民法典 第二百零一条、第二百零三条 — from the day
    after the meeting, to 24:00 of the last day, later when that day is a day off."""
    return period_end(held_at, settings.DELIBERATION_MINUTES_DAYS, calendar)


def minutes_remind(now=None) -> int:
    """Minutes not published: the organiser is reminded once on the last day they are due
    (minutes_due), and once that day has ended community staff are told, once."""
    now = now or timezone.now()
    calendar = Calendar()
    # A period of N days ends more than N days after the meeting (the day of the meeting is
    # not counted), so meetings held later cannot be due yet; the rest are checked one by one.
    recent = now - timedelta(days=settings.DELIBERATION_MINUTES_DAYS - 1)
    unpublished = Meeting.objects.filter(minutes_published_at__isnull=True, held_at__lt=recent)
    done = 0
    for meeting in unpublished.filter(minutes_escalated_at__isnull=True).select_related("compound"):
        if minutes_due(meeting.held_at, calendar) >= now:  # 24:00 itself is still in time
            continue
        with transaction.atomic():  # marked and told together
            if Meeting.objects.filter(pk=meeting.pk, minutes_escalated_at__isnull=True).update(
                minutes_escalated_at=now
            ):
                notify(
                    recipients=CommunityStaff(meeting.compound.community_id),
                    event="meeting.minutes_late",
                    params={
                        "title": meeting.title,
                        "compound": meeting.compound.name,
                        "due": as_24h(minutes_due(meeting.held_at, calendar)),
                    },
                    url=reverse("deliberation:meeting", args=[meeting.pk]),
                )
                done += 1
    for meeting in unpublished.filter(minutes_reminded_at__isnull=True):
        if minutes_due(meeting.held_at, calendar) - timedelta(days=1) > now:
            continue
        with transaction.atomic():  # marked and told together
            if Meeting.objects.filter(pk=meeting.pk, minutes_reminded_at__isnull=True).update(
                minutes_reminded_at=now
            ):
                notify(
                    recipients=[meeting.organiser_id],
                    event="meeting.minutes_due",
                    params={
                        "title": meeting.title,
                        "due": as_24h(minutes_due(meeting.held_at, calendar)),
                    },
                    url=reverse("deliberation:meeting", args=[meeting.pk]),
                )
                done += 1
    return done


def meeting_attach(*, meeting: Meeting, by, upload):
    """Attach a photo or PDF (checked like notices' attachments: executables refused)."""
    if not permissions.may_run_meeting(by, meeting):
        raise PermissionDenied
    if meeting.attachments.count() >= settings.PORTAL_MAX_ATTACHMENTS:
        raise ValidationError(
            _("At most %(n)s attachments.") % {"n": settings.PORTAL_MAX_ATTACHMENTS},
            code="count",
        )
    content, content_type = clean_attachment(upload)
    attachment = MeetingAttachment(
        meeting=meeting, name=upload.name[:200], content_type=content_type, uploaded_by=by
    )
    attachment.file.save(content.name, content, save=False)
    attachment.save()
    return attachment
