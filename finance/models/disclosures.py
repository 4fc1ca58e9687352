"""Disclosures (财务公示): one account's statement for one period, drafted by beat when the
period's months are closed, approved by the supervisory committee, published by the party
secretary or the owners' committee chair. Publishing freezes it: its figures and lines
are stored as a snapshot with the SHA-256 of their canonical form, and the row never
changes again (the model refuses it; on PostgreSQL a trigger too). A correction is a new
disclosure of the same period that cites the one it corrects."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from compounds.models.terms import USER
from finance.models.accounts import Account
from portal.calendar import period_end


class PublishedDisclosureError(ValueError):
    pass


class Disclosure(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("drafted, for the supervisory committee")
        APPROVED = "approved", _("approved, to be published")
        PUBLISHED = "published", pgettext_lazy("disclosure state", "published")

    account = models.ForeignKey(Account, models.PROTECT, related_name="disclosures")
    period_start = models.DateField()
    period_end = models.DateField(help_text="The last day of the period, included.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    corrects = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    reason = models.CharField(_("what the correction corrects"), max_length=500, blank=True)
    drafted_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    snapshot = models.JSONField(null=True, blank=True)
    digest = models.CharField(max_length=64, blank=True)
    late_flagged_at = models.DateTimeField(null=True, blank=True)
    notice = models.ForeignKey(
        "announcements.Announcement",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-period_start", "-pk"]
        constraints = [
            # Beat drafts each period once, however often it runs (a correction is the
            # only second disclosure of a period).
            models.UniqueConstraint(
                fields=["account", "period_start"],
                condition=Q(corrects__isnull=True),
                name="disclosure_once_per_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="disclosure_period_order",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="published_disclosures_are_final",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__state="published"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.period_start:%Y-%m}–{self.period_end:%Y-%m}"

    def save(self, *args, **kwargs):
        if self.pk is not None and self._stored_published():
            raise PublishedDisclosureError("a published disclosure never changes")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_published():
            raise PublishedDisclosureError("a published disclosure is never deleted")
        return super().delete(*args, **kwargs)

    def _stored_published(self) -> bool:
        return Disclosure.objects.filter(pk=self.pk, state=self.State.PUBLISHED).exists()

    @cached_property
    def objection_until(self):
        """The end of the objection window: FINANCE_OBJECTION_DAYS days from publishing,
        a day period (民法典 第二百零一条、第二百零三条)."""
        if self.published_at is None:
            return None
        return period_end(self.published_at, settings.FINANCE_OBJECTION_DAYS)

    @property
    def period_label(self) -> str:
        if self.period_start.month == self.period_end.month:
            return f"{self.period_start:%Y-%m}"
        return f"{self.period_start:%Y-%m} – {self.period_end:%Y-%m}"


class Question(models.Model):
    """An owner's question on a published disclosure (异议期): asked within the objection
    window, answered publicly by the account's keeper; one left unanswered at the window's
    end is flagged to community staff."""

    disclosure = models.ForeignKey(Disclosure, models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    text = models.TextField(_("question"), max_length=1000)
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("question on a disclosure")
        verbose_name_plural = _("questions on disclosures")
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return f"#{self.disclosure_id}: {self.text[:30]}"
