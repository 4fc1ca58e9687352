"""Meetings: who calls formal ones, who runs one (signs others in, attaches files), who
publishes its minutes."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from compounds.models import Compound
from compounds.permissions import can
from deliberation.models import Meeting, MeetingAttachment
from deliberation.permissions.common import CHAIN, allowed, in_compound


def access_meeting(user, meeting_id: int) -> Meeting:
    return in_compound(user, Meeting.objects.select_related(CHAIN, "organiser"), meeting_id)


def access_meeting_attachment(user, attachment_id: int) -> MeetingAttachment:
    attachment = (
        MeetingAttachment.objects.filter(pk=attachment_id)
        .select_related(f"meeting__{CHAIN}")
        .first()
    )
    if attachment is None or not can(user, "compound.view", attachment.meeting.compound):
        raise Http404
    return attachment


def may_call_formal(user, compound: Compound) -> bool:
    """Joint, committee, assembly and representatives' meetings: the compound's leads and
    staff (a building head calls roundtables)."""
    return can(user, "meeting.call_formal", compound)


def may_run_meeting(user, meeting: Meeting) -> bool:
    """Sign others in, attach files: its organiser and whoever may call meetings there."""
    return user.pk == meeting.organiser_id or can(user, "meeting.organise", meeting.compound)


def check_minutes(user, meeting: Meeting) -> None:
    """The organiser writes the minutes (or the compound's leads), once."""
    if user.pk != meeting.organiser_id and not may_call_formal(user, meeting.compound):
        raise PermissionDenied
    if meeting.minutes_published_at:
        raise ValidationError(_("The minutes are already published."), code="published")


@dataclass(frozen=True)
class MeetingCapabilities:
    may_attach: bool
    may_publish_minutes: bool


def meeting_capabilities(user, meeting: Meeting) -> MeetingCapabilities:
    return MeetingCapabilities(
        may_attach=may_run_meeting(user, meeting),
        may_publish_minutes=allowed(check_minutes, user, meeting),
    )
