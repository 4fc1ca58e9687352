"""Roles: a building's 两长四员 and the staff and service roles scoped to one place."""

import operator
from functools import reduce

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from compounds.building_roles import DEFAULT_LABELS
from compounds.models.places import (
    Building,
    Community,
    Compound,
    Department,
    PropertyCompany,
    StreetOffice,
)
from compounds.models.terms import USER, Term, term_check


class BuildingRoleKind(models.Model):
    """One role of a building's role set. Rows without a community are the default set
    (the six of 两长四员); a community with rows of its own uses those instead."""

    community = models.ForeignKey(
        Community, models.CASCADE, null=True, blank=True, related_name="building_role_kinds"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=30)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("building role")
        verbose_name_plural = _("building roles")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "code"], name="buildingrolekind_unique_code"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(community__isnull=True),
                name="buildingrolekind_unique_default_code",
            ),
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        """The default six are translated; a community's own roles read as named."""
        if self.community_id is None:
            return DEFAULT_LABELS.get(self.code, self.name)
        return self.name


class BuildingRole(Term):
    building = models.ForeignKey(Building, models.CASCADE, related_name="roles")
    kind = models.ForeignKey(BuildingRoleKind, models.PROTECT, related_name="+")
    holder = models.ForeignKey(USER, models.CASCADE, related_name="building_roles")
    phone_public = models.BooleanField(
        _("phone shown on the public board"),
        default=False,
        help_text=_("Only with the holder's consent."),
    )

    class Meta:
        verbose_name = _("building role holder")
        verbose_name_plural = _("building role holders")
        constraints = [
            term_check("buildingrole"),
            models.UniqueConstraint(
                fields=["building", "kind"],
                condition=Q(end__isnull=True),
                name="buildingrole_one_open_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.building} · {self.kind} · {self.holder}"


# Staff and volunteers ---------------------------------------------------------------------


class StaffRole(models.TextChoices):
    COMMUNITY_STAFF = "community_staff", _("community staff")
    STREET_STAFF = "street_staff", _("street office staff")
    PROPERTY_STAFF = "property_staff", _("property company staff")
    DEPLOYED_MEMBER = "deployed_member", _("deployed party member")
    VOLUNTEER = "volunteer", _("volunteer")
    DEPARTMENT_STAFF = "department_staff", _("department staff")


# Each role is scoped to exactly one kind of place: the field named here is set, the others
# are empty. The database constraint below is generated from this table.
ROLE_SCOPES = {
    StaffRole.COMMUNITY_STAFF: "community",
    StaffRole.STREET_STAFF: "street_office",
    StaffRole.PROPERTY_STAFF: "property_company",
    StaffRole.DEPLOYED_MEMBER: "community",
    StaffRole.VOLUNTEER: "compound",
    StaffRole.DEPARTMENT_STAFF: "department",
}
SCOPE_FIELDS = ("compound", "community", "street_office", "property_company", "department")


def scope_matches_role(scopes: dict[str, str]) -> Q:
    """One term per scope field, in the order the table first names it: its roles, that
    field set and every other scope field empty."""
    roles_by_field: dict[str, list[str]] = {}
    for role, field in scopes.items():
        roles_by_field.setdefault(field, []).append(str(role))
    terms = []
    for field, roles in roles_by_field.items():
        role = {"role": roles[0]} if len(roles) == 1 else {"role__in": roles}
        empty = {f"{other}__isnull": True for other in SCOPE_FIELDS if other != field}
        terms.append(Q(**role, **{f"{field}__isnull": False}, **empty))
    return reduce(operator.or_, terms)


class RoleAssignment(Term):
    """A staff or service role, scoped to exactly one place."""

    Role = StaffRole
    SCOPES = ROLE_SCOPES

    user = models.ForeignKey(USER, models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=StaffRole.choices)
    compound = models.ForeignKey(Compound, models.CASCADE, null=True, blank=True)
    community = models.ForeignKey(Community, models.CASCADE, null=True, blank=True)
    street_office = models.ForeignKey(StreetOffice, models.CASCADE, null=True, blank=True)
    property_company = models.ForeignKey(PropertyCompany, models.CASCADE, null=True, blank=True)
    department = models.ForeignKey(
        Department, models.CASCADE, null=True, blank=True, related_name="staff"
    )
    is_party_member = models.BooleanField(_("party member"), default=False)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_(
            "Deployed party members who report in themselves wait for community "
            "staff to confirm them."
        ),
    )
    home_unit_name = models.CharField(
        _("employer"),
        max_length=100,
        blank=True,
        help_text=_("For deployed party members: the unit they come from."),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            term_check("roleassignment"),
            models.CheckConstraint(
                name="roleassignment_scope_matches_role",
                condition=scope_matches_role(ROLE_SCOPES),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    @property
    def place(self):
        return getattr(self, self.SCOPES[self.role])
