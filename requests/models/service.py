"""What is done around a request: a volunteer's hours, a department summoned (吹哨), a
return visit (回访)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests.models.request import Request

USER = settings.AUTH_USER_MODEL


class ServiceRecord(models.Model):
    """Hours a volunteer served on a help order; they add up per person per month and year."""

    request = models.ForeignKey(Request, models.CASCADE, related_name="service_records")
    volunteer = models.ForeignKey(USER, models.CASCADE, related_name="service_records")
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    served_on = models.DateField(_("served on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        constraints = [
            models.UniqueConstraint(fields=["request", "volunteer"], name="servicerecord_once"),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="servicerecord_hours_0_to_24"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.request_id} {self.volunteer_id} {self.hours}"


class Whistle(models.Model):
    """街道吹哨、部门报到: the street office summons a department to a request. Its people
    report in (acknowledge) and respond, each by a deadline stored when the whistle blows."""

    request = models.ForeignKey(Request, models.CASCADE, related_name="whistles")
    department = models.ForeignKey("compounds.Department", models.PROTECT, related_name="whistles")
    blown_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    note = models.CharField(_("what is asked"), max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    acknowledge_due = models.DateTimeField(_("report in by"))
    respond_due = models.DateTimeField(_("respond by"))
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        USER, models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    response = models.TextField(_("response"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("whistle")
        verbose_name_plural = _("whistles")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "department"], name="whistle_once"),
        ]

    def __str__(self) -> str:
        return f"#{self.request_id} → {self.department_id}"


class ReturnVisit(models.Model):
    """回访: staff call or visit the resident after the work and record what they said —
    for residents who do not use the app, the way their request gets its rating."""

    class Method(models.TextChoices):
        PHONE = "phone", _("by phone")
        IN_PERSON = "in_person", _("in person")

    request = models.ForeignKey(Request, models.CASCADE, related_name="return_visits")
    visitor = models.ForeignKey(USER, models.PROTECT, related_name="+")
    method = models.CharField(_("how"), max_length=10, choices=Method.choices, default=Method.PHONE)
    reached = models.BooleanField(_("reached the resident"), default=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    note = models.CharField(_("what the resident said"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="returnvisit_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(reached=True) | Q(rating__isnull=True),
                name="returnvisit_rating_needs_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.request_id} {self.method}"
