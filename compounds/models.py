"""Places and the people in them.

The foundation holds the place hierarchy, residencies and scoped role assignments that the
home page and the demo data need; the compounds issue adds committees with terms, the
两长四员 board, verification of residencies and the owner roll.
"""

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
        return f"{self.city}{self.district}{self.name}"


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


class Compound(models.Model):
    community = models.ForeignKey(
        Community, models.PROTECT, related_name="compounds", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=100)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)

    class Meta:
        verbose_name = _("compound")
        verbose_name_plural = _("compounds")
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="compound_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


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
        return f"{self.building.name} {self.entrance} {self.door}".replace("  ", " ")


class Residency(models.Model):
    class Relation(models.TextChoices):
        OWNER = "owner", _("owner")
        CO_OWNER = "co_owner", _("co-owner")
        TENANT = "tenant", _("tenant")
        HOUSEHOLD_MEMBER = "household_member", _("household member")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="residencies")
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="residencies")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    start = models.DateField(_("from"), default=timezone.localdate)
    end = models.DateField(_("until"), null=True, blank=True)
    verified = models.BooleanField(_("verified"), default=False)

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "relation", "start"], name="residency_unique"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="residency_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_relation_display()}"

    @property
    def is_owner(self) -> bool:
        return self.relation in (self.Relation.OWNER, self.Relation.CO_OWNER)


class RoleAssignment(models.Model):
    """A role held by a user within exactly one scope, for a term.

    Scope is the narrowest place the role covers: a building (两长四员), a compound
    (committees, property staff, volunteers), a community or a street office (staff).
    """

    class Role(models.TextChoices):
        BUILDING_HEAD = "building_head", _("building head")
        PARTY_GROUP_LEADER = "party_group_leader", _("party group leader")
        SANITATION_OFFICER = "sanitation_officer", _("sanitation officer")
        CULTURE_OFFICER = "culture_officer", _("culture and sports officer")
        SECURITY_OFFICER = "security_officer", _("security officer")
        HOUSING_OFFICER = "housing_officer", _("housing officer")
        OWNERS_COMMITTEE_CHAIR = "owners_committee_chair", _("owners' committee chair")
        OWNERS_COMMITTEE_MEMBER = "owners_committee_member", _("owners' committee member")
        PARTY_SECRETARY = "party_secretary", _("party branch secretary")
        SUPERVISORY_MEMBER = "supervisory_member", _("supervisory committee member")
        PROPERTY_STAFF = "property_staff", _("property company staff")
        VOLUNTEER = "volunteer", _("volunteer")
        COMMUNITY_STAFF = "community_staff", _("community staff")
        STREET_STAFF = "street_staff", _("street office staff")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    building = models.ForeignKey(Building, models.CASCADE, null=True, blank=True)
    compound = models.ForeignKey(Compound, models.CASCADE, null=True, blank=True)
    community = models.ForeignKey(Community, models.CASCADE, null=True, blank=True)
    street_office = models.ForeignKey(StreetOffice, models.CASCADE, null=True, blank=True)
    is_party_member = models.BooleanField(_("party member"), default=False)
    start = models.DateField(_("from"), default=timezone.localdate)
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                name="roleassignment_exactly_one_scope",
                condition=(
                    Q(
                        building__isnull=False,
                        compound__isnull=True,
                        community__isnull=True,
                        street_office__isnull=True,
                    )
                    | Q(
                        building__isnull=True,
                        compound__isnull=False,
                        community__isnull=True,
                        street_office__isnull=True,
                    )
                    | Q(
                        building__isnull=True,
                        compound__isnull=True,
                        community__isnull=False,
                        street_office__isnull=True,
                    )
                    | Q(
                        building__isnull=True,
                        compound__isnull=True,
                        community__isnull=True,
                        street_office__isnull=False,
                    )
                ),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="roleassignment_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
