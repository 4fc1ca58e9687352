"""Places: street offices, communities, compounds, buildings and units, and the
companies and departments that serve them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StreetOffice(models.Model):
    name = models.CharField(_("name"), max_length=100)
    city = models.CharField(_("city"), max_length=50)
    district = models.CharField(_("district or county"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("street office")
        verbose_name_plural = _("street offices")
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="streetoffice_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Community(models.Model):
    street_office = models.ForeignKey(
        StreetOffice, models.PROTECT, related_name="communities", verbose_name=_("street office")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.UniqueConstraint(fields=["street_office", "name"], name="community_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Grid(models.Model):
    community = models.ForeignKey(Community, models.CASCADE, related_name="grids")
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="grid_unique")]

    def __str__(self) -> str:
        return self.name


class PropertyCompany(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    hotline = models.CharField(_("service hotline"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("property company")
        verbose_name_plural = _("property companies")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A department or unit the street office can summon to a request (街道吹哨、部门报到):
    a government department such as 城管, a utility such as the water company, or a unit
    stationed in the area that belongs to the 党建联盟. Its people get accounts scoped to
    the requests sent to them."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("government department")
        UTILITY = "utility", _("utility company")
        ALLIANCE = "alliance", _("party-building alliance unit")

    street_office = models.ForeignKey(
        StreetOffice, models.CASCADE, related_name="departments", verbose_name=_("street office")
    )
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    hotline = models.CharField(_("hotline"), max_length=30, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["street_office", "name"]
        constraints = [
            models.UniqueConstraint(fields=["street_office", "name"], name="department_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CompoundQuerySet(models.QuerySet):
    def under_contract(self, on=None):
        """Compounds whose property contract covers the local date `on` (today by default);
        an open start or end counts as covering."""
        on = on or timezone.localdate()
        return self.filter(
            (Q(contract_start__isnull=True) | Q(contract_start__lte=on))
            & (Q(contract_end__isnull=True) | Q(contract_end__gte=on))
        )


class Compound(models.Model):
    class Management(models.TextChoices):
        PROPERTY_COMPANY = "property_company", _("property company under contract")
        SELF_MANAGED = "self_managed", _("self-managed by a self-management committee")
        NONE = "none", _("no management")

    community = models.ForeignKey(
        Community, models.PROTECT, related_name="compounds", verbose_name=_("community")
    )
    grid = models.ForeignKey(Grid, models.SET_NULL, null=True, blank=True, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    households = models.PositiveIntegerField(
        _("households"),
        null=True,
        blank=True,
        help_text=_(
            "A compound of few households is a small compound: its owners' committee may have "
            "three members (local rules; 100 households or fewer unless configured otherwise)."
        ),
    )
    management = models.CharField(
        _("management"), max_length=20, choices=Management.choices, default=Management.NONE
    )
    property_company = models.ForeignKey(
        PropertyCompany,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="compounds",
        verbose_name=_("property company"),
    )
    contract_start = models.DateField(_("contract from"), null=True, blank=True)
    contract_end = models.DateField(_("contract until"), null=True, blank=True)
    boards_public = models.BooleanField(
        _("boards readable by anyone"),
        default=True,
        help_text=_(
            "The 两长四员 and party-member boards are meant for the stairwell notice board."
        ),
    )

    objects = CompoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("compound")
        verbose_name_plural = _("compounds")
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="compound_unique_name"),
            models.CheckConstraint(
                name="compound_company_matches_mode",
                condition=Q(management="property_company", property_company__isnull=False)
                | (~Q(management="property_company") & Q(property_company__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_small(self) -> bool:
        """A small compound may elect an owners' committee of three (local rules, e.g. "户数
        在一百户以下的，可以由三人组成"): decided by its recorded households against
        COMPOUNDS_SMALL_COMPOUND_HOUSEHOLDS ("以下" includes the number). With no households
        recorded the general rule applies."""
        limit = settings.COMPOUNDS_SMALL_COMPOUND_HOUSEHOLDS
        return self.households is not None and self.households <= limit

    def in_contract(self, on=None) -> bool:
        """`CompoundQuerySet.under_contract` for one compound already in memory."""
        on = on or timezone.localdate()
        start, end = self.contract_start, self.contract_end
        return (start is None or start <= on) and (end is None or end >= on)


class Building(models.Model):
    compound = models.ForeignKey(
        Compound, models.CASCADE, related_name="buildings", verbose_name=_("compound")
    )
    name = models.CharField(_("name"), max_length=50, help_text=_("For example 18栋"))

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["compound_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "name"], name="building_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    class AreaSource(models.TextChoices):
        # In order of preference: the register beats a survey beats the contract.
        REGISTER = "register", _("real-estate register")
        SURVEY = "survey", _("survey")
        CONTRACT = "contract", _("purchase contract")

    building = models.ForeignKey(
        Building, models.CASCADE, related_name="units", verbose_name=_("building")
    )
    entrance = models.CharField(_("entrance"), max_length=20, blank=True)
    floor = models.SmallIntegerField(_("floor"))
    door = models.CharField(_("door number"), max_length=20)
    area = models.DecimalField(
        _("floor area (m²)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    area_source = models.CharField(
        _("source of the area"),
        max_length=10,
        choices=AreaSource.choices,
        default=AreaSource.REGISTER,
    )
    developer_held = models.BooleanField(
        _("held by the developer"), default=False, help_text=_("Unsold or not yet delivered.")
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["building_id", "entrance", "door"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "entrance", "door"], name="unit_unique_door"
            ),
            models.CheckConstraint(condition=Q(area__gt=0), name="unit_area_positive"),
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.building.name, self.entrance, self.door) if part)
