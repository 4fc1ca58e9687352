"""Notices (通知公告) to a compound, some of its buildings, or a whole community, with a
receipt per resident: delivered (在线送达) when published, read when opened."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.uploads import random_name

USER = settings.AUTH_USER_MODEL


class AnnouncementQuerySet(models.QuerySet):
    def current(self):
        now = timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now), published_at__lte=now
        )


class Announcement(models.Model):
    publisher = models.ForeignKey(USER, models.PROTECT, related_name="announcements")
    compound = models.ForeignKey(
        "compounds.Compound", models.CASCADE, null=True, blank=True, related_name="announcements"
    )
    community = models.ForeignKey(
        "compounds.Community", models.CASCADE, null=True, blank=True, related_name="announcements"
    )
    buildings = models.ManyToManyField("compounds.Building", blank=True, related_name="+")
    owners_only = models.BooleanField(_("owners only"), default=False)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"))
    # A page of the portal the notice is about (a published financial statement, say): a
    # path on this site, shown as a button under the text.
    link = models.CharField(_("page it is about"), max_length=200, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    urgent = models.BooleanField(_("urgent"), default=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now, db_index=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-pinned", "-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="announcement_one_place",
                condition=Q(compound__isnull=False, community__isnull=True)
                | Q(compound__isnull=True, community__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def place(self):
        return self.compound or self.community


def attachment_path(instance, filename: str) -> str:
    return random_name("notices", filename)


class Attachment(models.Model):
    announcement = models.ForeignKey(Announcement, models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class Receipt(models.Model):
    announcement = models.ForeignKey(Announcement, models.CASCADE, related_name="receipts")
    user = models.ForeignKey(USER, models.CASCADE, related_name="+")
    delivered_at = models.DateTimeField(_("delivered"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="receipt_once")
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id}/{self.user_id}"
