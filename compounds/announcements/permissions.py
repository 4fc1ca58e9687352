"""Who may read, publish and follow up notices, built on compounds/permissions.py.

Access helpers fetch as the user: a notice they may not read does not exist for them
(404); a notice they read but may not manage is refused with a sentence (403).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from compounds.announcements.models import Announcement, Attachment
from compounds.announcements.queries import notices_for
from compounds.models import Community, Compound
from compounds.permissions import can, visible_compounds
from compounds.standing import standing_of

NOT_A_PUBLISHER = _(
    "Only committee members, the party branch's secretaries and community or street-office "
    "staff publish notices."
)
NOT_A_MANAGER = _("Only those who may publish to the notice's place see who has read it.")
NOT_THAT_PLACE = _("You may not publish to that place.")
CHAIN = ("compound__community__street_office", "community__street_office", "publisher")


@dataclass(frozen=True)
class PublishPlace:
    """A place the user may address a notice to: one compound or a whole community."""

    value: str  # the form's choice, "compound:<id>" or "community:<id>"
    label: str
    compound: Compound | None = None
    community: Community | None = None


def may_publish_to(user, *, compound: Compound | None = None, community=None) -> bool:
    """Committee members and the party branch's secretaries publish to their compound;
    staff to the compounds and whole communities of their area."""
    if compound is not None:
        return can(user, "announcement.publish", compound)
    return community is not None and can(user, "community.announce", community)


def publishable_places(user) -> list[PublishPlace]:
    """The compounds and communities within the user's scope they may publish to."""
    places = []
    for compound in visible_compounds(user).order_by("community__name", "name"):
        if may_publish_to(user, compound=compound):
            places.append(PublishPlace(f"compound:{compound.pk}", compound.name, compound))
    g = standing_of(user)
    for community in (
        Community.objects.filter(Q(pk__in=g.communities) | Q(street_office_id__in=g.street_offices))
        .select_related("street_office")
        .order_by("name")
    ):
        if may_publish_to(user, community=community):
            label = f"{community.name}（全社区）"
            places.append(PublishPlace(f"community:{community.pk}", label, None, community))
    return places


def require_publisher(user) -> list[PublishPlace]:
    """The places the user may publish to; 403 when there are none."""
    places = publishable_places(user)
    if not places:
        raise PermissionDenied(NOT_A_PUBLISHER)
    return places


def may_manage(user, announcement: Announcement) -> bool:
    """Those who may publish to the notice's place now see its receipts (a publisher who has
    left office no longer does)."""
    return may_publish_to(user, compound=announcement.compound, community=announcement.community)


def may_read(user, announcement: Announcement) -> bool:
    return notices_for(user).filter(pk=announcement.pk).exists() or may_manage(user, announcement)


@dataclass(frozen=True)
class NoticeCapabilities:
    manage: bool  # see who has been reached, and who has not
    see_phones: bool  # unmasked, in the list of who has not read it


def notice_capabilities(user, announcement: Announcement) -> NoticeCapabilities:
    manage = may_manage(user, announcement)
    return NoticeCapabilities(
        manage=manage, see_phones=manage and can(user, "phone.view", announcement.place)
    )


def access_announcement(user, announcement_id: int) -> Announcement:
    announcement = Announcement.objects.filter(pk=announcement_id).select_related(*CHAIN).first()
    if announcement is None or not may_read(user, announcement):
        raise Http404
    return announcement


def access_receipts(user, announcement_id: int) -> Announcement:
    """A notice's receipts: 404 for who may not read it, 403 for a reader who may not
    manage it."""
    announcement = access_announcement(user, announcement_id)
    if not may_manage(user, announcement):
        raise PermissionDenied(NOT_A_MANAGER)
    return announcement


def access_attachment(user, attachment_id: int) -> Attachment:
    attachment = (
        Attachment.objects.filter(pk=attachment_id)
        .select_related(*(f"announcement__{path}" for path in CHAIN))
        .first()
    )
    if attachment is None or not may_read(user, attachment.announcement):
        raise Http404
    return attachment
