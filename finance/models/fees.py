"""Property fees (物业费) of a property-fee account: its schedule (a rate per m² of a unit's
专有部分面积 per month, or a fixed sum per unit per month), the charges raised for each
month, the payments recorded by the keeper or imported from a bank statement, the batches
that carry them into the books, and the bank lines no unit was found for."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compounds.models import Unit
from compounds.models.terms import USER
from finance.models.accounts import MONEY, Account
from finance.models.entries import Entry


def rate_text(rate) -> str:
    """1.2000 → "1.20", 1.8550 → "1.855": fen always, more places only when set."""
    cut = rate.quantize(Decimal("0.01"))
    return f"{cut}" if cut == rate else f"{rate.normalize():f}"


class FeeSchedule(models.Model):
    """How a month's charge of a unit is reckoned; changing it changes later charges only
    (a raised charge keeps the area and rate it was reckoned with)."""

    class Basis(models.TextChoices):
        PER_AREA = "per_area", _("per m² of floor area per month")
        FIXED = "fixed", _("fixed sum per unit per month")

    account = models.OneToOneField(Account, models.CASCADE, related_name="fee_schedule")
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices)
    rate = models.DecimalField(_("rate (yuan)"), max_digits=10, decimal_places=4)
    set_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")
        constraints = [models.CheckConstraint(condition=Q(rate__gt=0), name="fee_rate_positive")]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.basis} {self.rate}"

    @property
    def rate_text(self) -> str:
        return rate_text(self.rate)


class FeeCharge(models.Model):
    """One unit's fee for one month. Raised once: a second raising of the month adds
    nothing (the unique constraint holds it even when two keepers press at once)."""

    account = models.ForeignKey(Account, models.PROTECT, related_name="fee_charges")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="fee_charges")
    period_start = models.DateField(_("month"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    area = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    rate = models.DecimalField(max_digits=10, decimal_places=4)
    raised_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("fee charge")
        verbose_name_plural = _("fee charges")
        ordering = ["period_start", "unit_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "account", "period_start"], name="feecharge_once_per_month"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="feecharge_positive"),
        ]
        indexes = [models.Index(fields=["account", "period_start"], name="feecharge_by_month")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.period_start:%Y-%m} ¥{self.amount}"

    @property
    def rate_text(self) -> str:
        return rate_text(self.rate)


class FeeBatch(models.Model):
    """Payments that reach the books together as ONE income entry: a day's payments at
    the counter (while its entry is a draft), or one confirmed bank import."""

    class Source(models.TextChoices):
        COUNTER = "counter", _("recorded by the keeper")
        BANK = "bank", _("bank statement import")

    account = models.ForeignKey(Account, models.PROTECT, related_name="fee_batches")
    source = models.CharField(max_length=10, choices=Source.choices)
    day = models.DateField()
    entry = models.OneToOneField(
        Entry, models.PROTECT, null=True, blank=True, related_name="fee_batch"
    )
    filename = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("fee batch")
        verbose_name_plural = _("fee batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} {self.day}"


class FeePayment(models.Model):
    class Method(models.TextChoices):
        CASH = "cash", _("cash")
        TRANSFER = "transfer", _("transfer (WeChat, Alipay)")
        BANK = "bank", _("bank")

    account = models.ForeignKey(Account, models.PROTECT, related_name="fee_payments")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="fee_payments")
    batch = models.ForeignKey(FeeBatch, models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    method = models.CharField(_("payment method"), max_length=10, choices=Method.choices)
    receipt_no = models.CharField(_("receipt number"), max_length=40, blank=True)
    # The bank's 流水号, or "line:" and the SHA-256 of the line when the bank gives none.
    reference = models.CharField(max_length=80, blank=True)
    payer = models.CharField(max_length=100, blank=True)
    memo = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("fee payment")
        verbose_name_plural = _("fee payments")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "reference"],
                condition=~Q(reference=""),
                name="feepayment_reference_once",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="feepayment_positive"),
        ]
        indexes = [models.Index(fields=["account", "unit"], name="feepayment_by_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.paid_on} ¥{self.amount}"


class UnmatchedLine(models.Model):
    """A bank line whose memo names no unit of the compound: kept and listed for the
    keeper (the money is in the bank, not yet anyone's payment)."""

    account = models.ForeignKey(Account, models.PROTECT, related_name="unmatched_lines")
    batch = models.ForeignKey(FeeBatch, models.PROTECT, related_name="unmatched")
    reference = models.CharField(max_length=80)
    paid_on = models.DateField()
    amount = models.DecimalField(**MONEY)
    payer = models.CharField(max_length=100, blank=True)
    memo = models.CharField(max_length=200, blank=True)
    # Set when the keeper has found who paid: the line became this payment.
    payment = models.OneToOneField(
        FeePayment, models.PROTECT, null=True, blank=True, related_name="from_line"
    )

    class Meta:
        verbose_name = _("unmatched bank line")
        verbose_name_plural = _("unmatched bank lines")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["account", "reference"], name="unmatched_once"),
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} ¥{self.amount} {self.memo}"
