"""The monthly 家园美化清洁行动 of a service zone: scheduled for a day, done with photos."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.uploads import random_name

USER = settings.AUTH_USER_MODEL


class Cleanup(models.Model):
    """One clean-up action of a zone in a month (at most one per zone and month, so the
    monthly job and a keeper scheduling by hand cannot make two)."""

    zone = models.ForeignKey("community.Zone", models.CASCADE, related_name="cleanups")
    month = models.DateField(_("month"))  # its first day
    day = models.DateField(_("day"))
    scheduled_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    report = models.CharField(
        pgettext_lazy("clean-up", "what was done"), max_length=300, blank=True
    )

    class Meta:
        verbose_name = _("clean-up action")
        verbose_name_plural = _("clean-up actions")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["zone", "month"], name="cleanup_once_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.zone_id} {self.month:%Y-%m}"


def cleanup_photo_path(instance, filename: str) -> str:
    return random_name("cleanups", filename)


class CleanupPhoto(models.Model):
    """A photo of a finished clean-up, re-encoded without its location (portal.images)."""

    cleanup = models.ForeignKey(Cleanup, models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=cleanup_photo_path)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("clean-up photo")
        verbose_name_plural = _("clean-up photos")

    def __str__(self) -> str:
        return self.image.name
