"""Campaigns (众筹/分摊): a project fund raised from the households it covers, each unit's
part frozen when it opens (finance/apportion.py), each home's answer (agree or decline,
the latest owner's, changeable until the deadline, every answer kept as a row) and the
payments the collectors record — each one an income entry of the campaign's project fund,
reviewed like any other. A campaign whose agreeing share reaches its threshold may be cited
as the mandate of an expense from that fund (finance/books.py, check_mandate)."""

from fractions import Fraction

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compounds.models import Compound, Unit
from compounds.models.terms import USER
from finance.models.accounts import MONEY, Account
from finance.models.entries import Entry
from portal.models import AppendOnly

# The units' order in the compound: ties of the largest remainder go to the first.
UNIT_ORDER = ("building_id", "entrance", "floor", "door", "pk")


class Campaign(models.Model):
    class Basis(models.TextChoices):
        UNIT = "unit", _("equally per household")
        AREA = "area", _("per m² of exclusive floor area")
        RESIDENT = "resident", _("per registered resident")

    compound = models.ForeignKey(Compound, models.PROTECT, related_name="campaigns")
    account = models.ForeignKey(Account, models.PROTECT, related_name="campaigns")
    title = models.CharField(_("title"), max_length=80)
    purpose = models.TextField(_("purpose"), max_length=2000)
    target = models.DecimalField(_("target (yuan)"), **MONEY)
    basis = models.CharField(_("apportioned"), max_length=10, choices=Basis.choices)
    scope = models.CharField(_("households covered"), max_length=200)
    deadline = models.DateField(_("answer by"))
    threshold_numerator = models.PositiveSmallIntegerField(default=2)
    threshold_denominator = models.PositiveSmallIntegerField(default=3)
    collectors = models.ManyToManyField(USER, related_name="collecting_for", blank=True)
    started_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gt=0), name="campaign_target_positive"),
            models.CheckConstraint(
                condition=Q(threshold_numerator__gt=0)
                & Q(threshold_numerator__lte=F("threshold_denominator")),
                name="campaign_threshold_a_share",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def threshold(self) -> Fraction:
        return Fraction(self.threshold_numerator, self.threshold_denominator)

    def answers_open(self, today=None) -> bool:
        """Answers are taken and changed until the end of the deadline's day."""
        return (today or timezone.localdate()) <= self.deadline

    def needed(self, agreed: int, covered: int) -> int:
        """How many more homes must agree for the threshold (the smallest whole number)."""
        at_least = -(-covered * self.threshold_numerator // self.threshold_denominator)
        return max(at_least - agreed, 0)

    def reached(self, agreed: int, covered: int) -> bool:
        """以上 includes the share itself: agreed / covered ≥ threshold, in integers."""
        return covered > 0 and agreed * self.threshold_denominator >= (
            covered * self.threshold_numerator
        )


class CampaignPart(models.Model):
    """One covered unit: its part of the target (frozen at opening), its current answer and
    what its household has paid (kept beside the part, moved with each payment, so the
    progress page sums parts instead of re-reading the payments)."""

    class Answer(models.TextChoices):
        AGREE = "agree", _("agrees")
        DECLINE = "decline", _("declines")

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="parts")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="campaign_parts")
    position = models.PositiveIntegerField()  # the unit's rank in the compound's order
    weight = models.DecimalField(max_digits=12, decimal_places=2)
    amount = models.DecimalField(_("part (yuan)"), **MONEY)
    answer = models.CharField(max_length=8, choices=Answer.choices, blank=True)
    answered_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    paid = models.DecimalField(_("paid (yuan)"), default=0, **MONEY)

    class Meta:
        verbose_name = _("campaign part")
        verbose_name_plural = _("campaign parts")
        ordering = ["campaign", "position"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="campaignpart_once"),
            models.CheckConstraint(
                condition=Q(paid__lte=F("amount")), name="campaignpart_no_excess"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.unit_id} · ¥{self.amount}"

    @property
    def left(self):
        return self.amount - self.paid


class CampaignAnswer(AppendOnly):
    """Every answer a home gave, in order: the part holds the latest."""

    part = models.ForeignKey(CampaignPart, models.CASCADE, related_name="answers")
    answer = models.CharField(max_length=8, choices=CampaignPart.Answer.choices)
    answered_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("campaign answer")
        verbose_name_plural = _("campaign answers")
        ordering = ["created_at", "pk"]


class CampaignPayment(AppendOnly):
    """A payment a collector received from a covered household, with the income entry it
    made in the campaign's project fund (whose receipt is the payment's)."""

    class Method(models.TextChoices):
        CASH = "cash", _("cash")
        TRANSFER = "transfer", _("transfer")

    part = models.ForeignKey(CampaignPart, models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    method = models.CharField(_("paid in"), max_length=10, choices=Method.choices)
    paid_on = models.DateField(_("paid on"))
    entry = models.OneToOneField(Entry, models.PROTECT, related_name="campaign_payment")
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("campaign payment")
        verbose_name_plural = _("campaign payments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="campaignpayment_positive"),
        ]
