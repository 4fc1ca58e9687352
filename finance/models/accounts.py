"""Accounts (账户): the funds of a compound, who keeps each, and the compound's finance
policy (how many supervisory approvals an entry needs, above what sum an expense needs a
resolution)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compounds.models import Compound
from compounds.models.terms import USER, Term, term_check

MONEY = {"max_digits": 14, "decimal_places": 2}


class Account(models.Model):
    class Kind(models.TextChoices):
        PROPERTY_FEE = "property_fee", _("property fees")
        COMMON_INCOME = "common_income", _("common income")
        MAINTENANCE_FUND = "maintenance_fund", _("maintenance fund")
        PROJECT_FUND = "project_fund", _("project fund")
        GRANT = "grant", _("grant")
        RUNNING_COSTS = "running_costs", _("committee running costs")

    class Cadence(models.TextChoices):
        MONTHLY = "monthly", _("monthly")
        QUARTERLY = "quarterly", _("quarterly")
        HALF_YEARLY = "half_yearly", _("half-yearly")

    class Visibility(models.TextChoices):
        RESIDENTS = "residents", _("residents of the compound")
        PUBLIC = "public", _("everyone signed in")

    compound = models.ForeignKey(Compound, models.PROTECT, related_name="accounts")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=60)
    opening_balance = models.DecimalField(_("opening balance (yuan)"), default=0, **MONEY)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    cadence = models.CharField(_("disclosed"), max_length=12, choices=Cadence.choices)
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.RESIDENTS
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["compound", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "name"], name="account_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def default_cadence(kind: str) -> str:
        """Settings FINANCE_CADENCES: quarterly for common income, half-yearly for the
        maintenance fund, monthly for self-managed fees; quarterly otherwise."""
        return settings.FINANCE_CADENCES.get(kind, Account.Cadence.QUARTERLY)


class AccountKeeper(Term):
    """The treasurer of an account (a committee member or the branch secretary): a role
    scoped to the account's compound, with a term."""

    account = models.ForeignKey(Account, models.CASCADE, related_name="keepers")
    holder = models.ForeignKey(USER, models.CASCADE, related_name="kept_accounts")

    class Meta:
        verbose_name = _("account keeper")
        verbose_name_plural = _("account keepers")
        constraints = [
            term_check("accountkeeper"),
            models.UniqueConstraint(
                fields=["account", "holder"],
                condition=models.Q(end__isnull=True),
                name="accountkeeper_one_open_term",
            ),
        ]


class FinancePolicy(models.Model):
    """A compound's own finance rules; a compound without a row has the defaults."""

    compound = models.OneToOneField(Compound, models.CASCADE, related_name="finance_policy")
    approvals_required = models.PositiveSmallIntegerField(
        _("supervisory approvals per entry"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(2)],
    )
    mandate_threshold = models.DecimalField(
        _("expenses above this need a resolution (yuan)"), default=Decimal("2000.00"), **MONEY
    )

    class Meta:
        verbose_name = _("finance policy")
        verbose_name_plural = _("finance policies")

    def __str__(self) -> str:
        return f"{self.compound_id}: {self.approvals_required} · ¥{self.mandate_threshold}"

    @classmethod
    def of(cls, compound_id: int) -> "FinancePolicy":
        return cls.objects.filter(compound_id=compound_id).first() or cls(compound_id=compound_id)
