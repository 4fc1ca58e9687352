"""The party-member board: monthly public commitments and the residents' marks."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from compounds.models.places import Compound
from compounds.models.terms import USER


class Commitment(models.Model):
    """A party member's public commitment for a month (承诺), what was done (践诺), and the
    residents' marks (评诺)."""

    compound = models.ForeignKey(Compound, models.CASCADE, related_name="commitments")
    member = models.ForeignKey(USER, models.CASCADE, related_name="commitments")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    text = models.CharField(_("commitment"), max_length=200)
    deed = models.TextField(_("what was done"), blank=True)
    deed_recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["-month", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="commitment_month_first_day"),
        ]

    def __str__(self) -> str:
        return self.text


class CommitmentMark(models.Model):
    commitment = models.ForeignKey(Commitment, models.CASCADE, related_name="marks")
    resident = models.ForeignKey(USER, models.CASCADE, related_name="+")
    fulfilled = models.BooleanField(_("fulfilled"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commitment mark")
        verbose_name_plural = _("commitment marks")
        constraints = [
            models.UniqueConstraint(fields=["commitment", "resident"], name="commitmentmark_once")
        ]

    def __str__(self) -> str:
        return f"{self.commitment} · {self.fulfilled}"
