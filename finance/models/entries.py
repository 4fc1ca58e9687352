"""Entries (收支明细): one income or expense with its receipts, approvals and append-only
history. A posted entry never changes: the model refuses it, and on PostgreSQL a trigger
rejects any UPDATE or DELETE of a posted row (also by raw SQL). A mistake is corrected
by a reversal (冲销): an opposite entry that points at the one it reverses. State changes
happen only in finance/workflow.py."""

import json

import pgtrigger
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from compounds.models import Compound
from compounds.models.terms import USER
from finance.models.accounts import Account
from portal.models import AppendOnly
from portal.uploads import random_name


class Category(models.TextChoices):
    PROPERTY_FEES = "property_fees", _("property fees collected")
    PARKING = "parking", _("parking")
    ADVERTISING = "advertising", _("advertising")
    LEASING = "leasing", _("leasing of common parts")
    GRANT = "grant", _("grant")
    CONTRIBUTIONS = "contributions", _("owners' contributions")
    INTEREST = "interest", _("interest")
    CLEANING = "cleaning", _("cleaning")
    GREENING = "greening", _("greening")
    SECURITY = "security", _("security")
    REPAIRS = "repairs", _("repairs and maintenance")
    UTILITIES = "utilities", _("water and electricity")
    FEES = "fees", _("charges and fees")
    OFFICE = "office", _("office and running costs")
    ACTIVITIES = "activities", _("activities")
    OTHER = "other", pgettext_lazy("entry category", "other")


INCOME_CATEGORIES = [
    Category.PROPERTY_FEES,
    Category.PARKING,
    Category.ADVERTISING,
    Category.LEASING,
    Category.GRANT,
    Category.CONTRIBUTIONS,
    Category.INTEREST,
    Category.OTHER,
]
EXPENSE_CATEGORIES = [
    Category.CLEANING,
    Category.GREENING,
    Category.SECURITY,
    Category.REPAIRS,
    Category.UTILITIES,
    Category.FEES,
    Category.OFFICE,
    Category.ACTIVITIES,
    Category.OTHER,
]


class PostedEntryError(ValueError):
    pass


class Entry(models.Model):
    class Direction(models.TextChoices):
        INCOME = "income", _("income")
        EXPENSE = "expense", _("expense")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("awaiting review")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")
        POSTED = "posted", _("posted")

    account = models.ForeignKey(Account, models.PROTECT, related_name="entries")
    direction = models.CharField(_("income or expense"), max_length=8, choices=Direction.choices)
    occurred_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    counterparty = models.CharField(_("paid to or received from"), max_length=100)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    mandate = models.ForeignKey(
        "deliberation.Proposal",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="expenses",
        verbose_name=_("resolution"),
    )
    # The other kind of mandate: a campaign whose households agreed (finance/books.py).
    campaign = models.ForeignKey(
        "finance.Campaign",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="expenses",
        verbose_name=_("campaign"),
    )
    reverses = models.OneToOneField(
        "self", models.PROTECT, null=True, blank=True, related_name="reversal"
    )
    # 应急使用 (住宅专项维修资金管理办法 第二十二条): a maintenance-fund expense made before a
    # resolution, once the owners' committee approved it and community staff confirmed it
    # (finance/emergencies.py); ratified afterwards by the owners (Ratification).
    emergency = models.CharField(_("emergency use"), max_length=20, blank=True)
    emergency_approved_by = models.ForeignKey(
        USER, models.PROTECT, null=True, blank=True, related_name="+"
    )
    emergency_confirmed_by = models.ForeignKey(
        USER, models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["occurred_on", "pk"]
        indexes = [
            models.Index(
                fields=["account", "occurred_on", "id"],
                condition=Q(state="posted"),
                name="entry_posted_by_date",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="entry_amount_positive"),
            models.CheckConstraint(
                condition=~Q(reverses=F("pk")), name="entry_does_not_reverse_itself"
            ),
            models.CheckConstraint(
                condition=Q(mandate__isnull=True) | Q(campaign__isnull=True),
                name="entry_one_mandate",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="posted_entries_are_final",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__state="posted"),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_direction_display()} ¥{self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None and Entry.objects.filter(pk=self.pk, state="posted").exists():
            raise PostedEntryError("posted entries never change; reverse them")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.state == self.State.POSTED or Entry.objects.filter(pk=self.pk, state="posted"):
            raise PostedEntryError("posted entries are never deleted; reverse them")
        return super().delete(*args, **kwargs)

    @property
    def signed_amount(self):
        return self.amount if self.direction == self.Direction.INCOME else -self.amount


class Approval(AppendOnly):
    """One supervisory member's approval of a submitted entry (a returned entry's
    approvals are void: it is reviewed afresh when submitted again)."""

    entry = models.ForeignKey(Entry, models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(USER, models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "approver", "round"], name="approval_once_per_round"
            ),
        ]


class Ratification(AppendOnly):
    """追认: the owners' resolution that ratified an emergency use after the money was
    spent (a posted entry never changes, so the link is its own row)."""

    entry = models.OneToOneField(Entry, models.PROTECT, related_name="ratification")
    proposal = models.ForeignKey(
        "deliberation.Proposal", models.PROTECT, related_name="ratifications"
    )
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ratification")
        verbose_name_plural = _("ratifications")


class EntryEvent(AppendOnly):
    """One row per change of an entry: its history, never edited or deleted."""

    entry = models.ForeignKey(Entry, models.CASCADE, related_name="events")
    actor = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("entry event")
        verbose_name_plural = _("entry events")
        ordering = ["created_at", "pk"]


def receipt_path(receipt, filename: str) -> str:
    return random_name("finance/receipts", filename)


class Receipt(models.Model):
    """A receipt (image re-encoded, or PDF, drawn as a picture to be covered) of an entry.
    Residents only ever receive the redacted copy; the original is served to the committees
    through a checked view."""

    entry = models.ForeignKey(Entry, models.CASCADE, related_name="receipts")
    file = models.FileField(upload_to=receipt_path)
    content_type = models.CharField(max_length=40)
    redacted = models.FileField(upload_to=receipt_path, blank=True)
    # A PDF's pages drawn as a picture (portal.images.pdf_image): what is covered, since a
    # PDF is not published as it is. Committees only, like the original.
    pages = models.FileField(upload_to=receipt_path, blank=True)
    boxes = models.JSONField(default=list, blank=True)
    uploaded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("finance", "receipt")
        verbose_name_plural = pgettext_lazy("finance", "receipts")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"#{self.entry_id} {self.file.name}"

    @property
    def boxes_json(self) -> str:
        return json.dumps(self.boxes)


class ClosedPeriod(models.Model):
    """A closed month of a compound's books: no entry dated in it can be posted."""

    compound = models.ForeignKey(Compound, models.CASCADE, related_name="closed_periods")
    month = models.DateField(help_text="The first day of the month.")
    closed_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        constraints = [
            models.UniqueConstraint(fields=["compound", "month"], name="closedperiod_once"),
        ]

    def __str__(self) -> str:
        return f"{self.compound_id} {self.month:%Y-%m}"
