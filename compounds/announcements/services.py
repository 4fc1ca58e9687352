"""Publishing a notice: the notice, its attachments, one receipt per resident of the
audience and their notifications are written in one transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.announcements.models import Announcement, Attachment, Receipt
from compounds.announcements.permissions import NOT_THAT_PLACE, may_publish_to
from compounds.audiences import Residents
from portal.notifications.services import mark_read, notify
from portal.uploads import clean_attachment


def audience_of(announcement: Announcement) -> Residents:
    building_ids = tuple(announcement.buildings.values_list("pk", flat=True))
    return Residents(
        compound_id=announcement.compound_id,
        building_ids=building_ids,
        community_id=announcement.community_id,
        owners_only=announcement.owners_only,
    )


def audience_label(announcement: Announcement, buildings) -> str:
    """The place a notice is for, as the notification names it. The notification is stored
    and shown later in the reader's language, so it holds names only (no words); an
    owners-only notice reaches owners only, and its page says so."""
    place = announcement.compound or announcement.community
    names = "、".join(b.name for b in buildings)
    return f"{place.name} {names}".strip()


@transaction.atomic
def announcement_publish(
    *,
    publisher,
    title: str,
    body: str,
    compound=None,
    buildings=(),
    community=None,
    owners_only: bool = False,
    pinned: bool = False,
    urgent: bool = False,
    expires_at=None,
    files=(),
    link: str = "",
) -> Announcement:
    """Publish a notice to a compound (or some of its buildings) or a whole community.
    Refused (PermissionDenied) unless the publisher may publish there."""
    if (compound is None) == (community is None):
        raise ValidationError(_("Choose one compound or one community."), code="place")
    if not may_publish_to(publisher, compound=compound, community=community):
        raise PermissionDenied(NOT_THAT_PLACE)
    title, body = (title or "").strip(), (body or "").strip()
    if link and (not link.startswith("/") or link.startswith("//")):
        raise ValueError("a notice links to a page of this site only")
    if not title:
        raise ValidationError(_("The notice needs a title."), code="title")
    if not body:
        raise ValidationError(_("The notice needs some text."), code="body")
    buildings = list(buildings)
    if buildings and (compound is None or any(b.compound_id != compound.pk for b in buildings)):
        raise ValidationError(
            _("The buildings must belong to the chosen compound."), code="buildings"
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError(_("The expiry must be in the future."), code="expires")
    cleaned = [clean_attachment(upload) for upload in files]  # refuse before writing
    announcement = Announcement.objects.create(
        publisher=publisher,
        compound=compound,
        community=community,
        owners_only=owners_only,
        title=title,
        body=body,
        pinned=pinned,
        urgent=urgent,
        expires_at=expires_at,
        link=link,
    )
    announcement.buildings.set(buildings)
    for (content, content_type), upload in zip(cleaned, files, strict=True):
        attachment = Attachment(
            announcement=announcement,
            name=upload.name[:200],
            content_type=content_type,
            size=content.size,
        )
        attachment.file.save(content.name, content, save=False)
        attachment.save()
    audience = audience_of(announcement)
    now = timezone.now()
    user_ids = audience.user_ids()
    Receipt.objects.bulk_create(
        [Receipt(announcement=announcement, user_id=uid, delivered_at=now) for uid in user_ids]
    )
    notify(
        recipients=user_ids,
        event="announcement.urgent" if urgent else "announcement.published",
        params={
            "title": title,
            "publisher": str(publisher),
            "audience": audience_label(announcement, buildings),
        },
        url=reverse("announcements:detail", args=[announcement.pk]),
    )
    return announcement


def announcement_read(*, announcement: Announcement, user) -> None:
    """Record that `user` opened the notice (the first time counts) and clear its
    notification from their unread count."""
    Receipt.objects.filter(announcement=announcement, user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    url = reverse("announcements:detail", args=[announcement.pk])
    from portal.notifications.models import Notification

    for notification_id in Notification.objects.filter(
        recipient=user, url=url, read_at__isnull=True
    ).values_list("pk", flat=True):
        mark_read(user, notification_id)
