"""Suggestion cards (意见建议) answered by the owners' committee."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deliberation.models.proposals import Proposal

USER = settings.AUTH_USER_MODEL


class SuggestionQuerySet(models.QuerySet):
    def late(self, now):
        """Unanswered past their answer-by time: the dashboard's count and its drill-down."""
        return self.filter(answered_at__isnull=True, answer_due__lt=now)


class Suggestion(models.Model):
    """意见建议: a resident's suggestion card. The owners' committee must answer it within
    the set days (a reminder first, then community staff are told); the answer is public
    to the compound unless the resident marked it private. It may become a proposal."""

    compound = models.ForeignKey("compounds.Compound", models.PROTECT, related_name="suggestions")
    author = models.ForeignKey(USER, models.PROTECT, related_name="+")
    text = models.TextField(_("suggestion"), max_length=2000)
    private = models.BooleanField(
        _("only the committee may read it"),
        default=False,
        help_text=_("Otherwise the suggestion and its answer are shown to the compound."),
    )
    answer_due = models.DateTimeField(_("answer by"))
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    proposal = models.ForeignKey(
        Proposal, models.SET_NULL, null=True, blank=True, related_name="suggestions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["compound", "answered_at"], name="suggestion_open")]

    def __str__(self) -> str:
        return self.text[:30]
