"""Places, people, bodies and roles: who is who in a compound, and for how long.

Every tie of a person to a place has a term (start, end); ended ties stay as history.
Who may do what is decided in compounds/permissions.py from these rows alone.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compounds.building_roles import DEFAULT_LABELS

USER = settings.AUTH_USER_MODEL


def term_check(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(end__isnull=True) | Q(end__gte=F("start")), name=f"{prefix}_end_after_start"
    )


class TermQuerySet(models.QuerySet):
    def current(self, on=None):
        """Rows whose term includes the local date `on` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(start__lte=on) & (Q(end__isnull=True) | Q(end__gte=on)))


class Term(models.Model):
    start = models.DateField(_("from"), default=timezone.localdate)
    end = models.DateField(_("until"), null=True, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.start <= on and (self.end is None or self.end >= on)


# Places ---------------------------------------------------------------------------------


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
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
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
    is_small = models.BooleanField(
        _("small compound"),
        default=False,
        help_text=_("A small compound may elect an owners' committee of three."),
    )
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


# People ---------------------------------------------------------------------------------


def evidence_path(instance, filename: str) -> str:
    return f"residency-evidence/{timezone.now():%Y/%m}/{instance.user_id}-{filename}"


class Residency(Term):
    class Relation(models.TextChoices):
        OWNER = "owner", _("owner")
        CO_OWNER = "co_owner", _("co-owner")
        TENANT = "tenant", _("tenant")
        HOUSEHOLD_MEMBER = "household_member", _("household member")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for verification")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")

    OWNER_RELATIONS = (Relation.OWNER, Relation.CO_OWNER)

    user = models.ForeignKey(USER, models.CASCADE, related_name="residencies")
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="residencies")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    status = models.CharField(
        _("verification"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    is_voter = models.BooleanField(
        _("votes for the unit"),
        default=False,
        help_text=_("Co-owners of one unit name the one of them who votes."),
    )
    evidence = models.ImageField(_("proof"), upload_to=evidence_path, blank=True)
    reject_reason = models.CharField(_("reason for rejection"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        constraints = [
            term_check("residency"),
            models.UniqueConstraint(
                fields=["user", "unit"],
                condition=Q(end__isnull=True) & ~Q(status="rejected"),
                name="residency_one_open_per_user_and_unit",
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(is_voter=True, end__isnull=True),
                name="residency_one_voter_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(is_voter=False) | Q(relation__in=["owner", "co_owner"]),
                name="residency_only_owners_vote",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_relation_display()}"

    @property
    def is_owner(self) -> bool:
        return self.relation in self.OWNER_RELATIONS


# Bodies ---------------------------------------------------------------------------------


class Body(Term):
    """A committee or branch, for one term. Compound bodies have a compound; the
    residents' committee belongs to a community."""

    class Kind(models.TextChoices):
        PARTY_BRANCH = "party_branch", _("party branch")
        OWNERS_COMMITTEE = "owners_committee", _("owners' committee")
        SUPERVISORY_COMMITTEE = "supervisory_committee", _("supervisory committee")
        SELF_MANAGEMENT_COMMITTEE = "self_management_committee", _("self-management committee")
        RESIDENTS_COMMITTEE = "residents_committee", _("residents' committee")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    compound = models.ForeignKey(
        Compound, models.CASCADE, null=True, blank=True, related_name="bodies"
    )
    community = models.ForeignKey(
        Community, models.CASCADE, null=True, blank=True, related_name="bodies"
    )
    term_number = models.PositiveSmallIntegerField(_("term number"), null=True, blank=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["kind", "-start"]
        constraints = [
            term_check("body"),
            models.CheckConstraint(
                name="body_scope_matches_kind",
                condition=(
                    Q(kind="residents_committee", community__isnull=False, compound__isnull=True)
                    | (
                        ~Q(kind="residents_committee")
                        & Q(compound__isnull=False, community__isnull=True)
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["compound", "kind", "term_number"], name="body_unique_term"
            ),
        ]

    def __str__(self) -> str:
        if self.term_number:
            return gettext("%(body)s, term %(n)s") % {
                "body": self.get_kind_display(),
                "n": self.term_number,
            }
        return str(self.get_kind_display())


class MembershipQuerySet(TermQuerySet):
    def overlapping(self, start, end):
        """Rows whose term overlaps [start, end] (an open end overlaps everything after)."""
        rows = self.filter(Q(end__isnull=True) | Q(end__gte=start))
        return rows if end is None else rows.filter(start__lte=end)

    def independence_conflict(self, body, user, start, end, exclude_pk=None) -> bool:
        """Would `user` sit on both the owners' and the supervisory committee of the
        compound on some day of [start, end]? (业主大会议事规则: the supervisory committee
        watches the owners' committee, so nobody sits on both.)"""
        rival = {
            Body.Kind.OWNERS_COMMITTEE: Body.Kind.SUPERVISORY_COMMITTEE,
            Body.Kind.SUPERVISORY_COMMITTEE: Body.Kind.OWNERS_COMMITTEE,
        }.get(body.kind)
        if rival is None:
            return False
        seats = self.filter(user=user, body__compound_id=body.compound_id, body__kind=rival)
        return seats.exclude(pk=exclude_pk).overlapping(start, end).exists()


class Membership(Term):
    class Position(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice-chair")
        SECRETARY = "secretary", _("secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("deputy secretary")
        TREASURER = "treasurer", _("treasurer")
        MEMBER = "member", _("member")

    body = models.ForeignKey(Body, models.CASCADE, related_name="memberships")
    user = models.ForeignKey(USER, models.CASCADE, related_name="memberships")
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    is_party_member = models.BooleanField(_("party member"), default=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body_id", "position", "start"]
        constraints = [
            term_check("membership"),
            models.UniqueConstraint(
                fields=["body", "user"],
                condition=Q(end__isnull=True),
                name="membership_one_open_per_body",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.body} · {self.get_position_display()}"

    def clean(self) -> None:
        """The admin's forms run the same independence rule as the service."""
        super().clean()
        if (
            self.body_id
            and self.user_id
            and self.start
            and Membership.objects.independence_conflict(
                self.body, self.user, self.start, self.end, self.pk
            )
        ):
            raise ValidationError(
                _(
                    "Nobody may sit on the owners' committee and the supervisory committee "
                    "at the same time."
                )
            )


class PartyGroup(models.Model):
    branch = models.ForeignKey(Body, models.CASCADE, related_name="party_groups")
    building = models.ForeignKey(Building, models.CASCADE, related_name="party_groups")

    class Meta:
        verbose_name = _("party group")
        verbose_name_plural = _("party groups")
        constraints = [
            models.UniqueConstraint(fields=["branch", "building"], name="partygroup_unique")
        ]

    def __str__(self) -> str:
        return f"{self.building} · {self.branch}"


# Building roles (两长四员) -----------------------------------------------------------------


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


class RoleAssignment(Term):
    """A staff or service role, scoped to exactly one place."""

    class Role(models.TextChoices):
        COMMUNITY_STAFF = "community_staff", _("community staff")
        STREET_STAFF = "street_staff", _("street office staff")
        PROPERTY_STAFF = "property_staff", _("property company staff")
        DEPLOYED_MEMBER = "deployed_member", _("deployed party member")
        VOLUNTEER = "volunteer", _("volunteer")
        DEPARTMENT_STAFF = "department_staff", _("department staff")

    SCOPES = {
        Role.COMMUNITY_STAFF: "community",
        Role.STREET_STAFF: "street_office",
        Role.PROPERTY_STAFF: "property_company",
        Role.DEPLOYED_MEMBER: "community",
        Role.VOLUNTEER: "compound",
        Role.DEPARTMENT_STAFF: "department",
    }

    user = models.ForeignKey(USER, models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
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
                condition=(
                    Q(
                        role__in=["community_staff", "deployed_member"],
                        community__isnull=False,
                        compound__isnull=True,
                        street_office__isnull=True,
                        property_company__isnull=True,
                        department__isnull=True,
                    )
                    | Q(
                        role="street_staff",
                        street_office__isnull=False,
                        compound__isnull=True,
                        community__isnull=True,
                        property_company__isnull=True,
                        department__isnull=True,
                    )
                    | Q(
                        role="property_staff",
                        property_company__isnull=False,
                        compound__isnull=True,
                        community__isnull=True,
                        street_office__isnull=True,
                        department__isnull=True,
                    )
                    | Q(
                        role="volunteer",
                        compound__isnull=False,
                        community__isnull=True,
                        street_office__isnull=True,
                        property_company__isnull=True,
                        department__isnull=True,
                    )
                    | Q(
                        role="department_staff",
                        department__isnull=False,
                        compound__isnull=True,
                        community__isnull=True,
                        street_office__isnull=True,
                        property_company__isnull=True,
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    @property
    def place(self):
        return getattr(self, self.SCOPES[self.role])


# Party-member board (党员亮身份) ---------------------------------------------------------------


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


# Registry import ------------------------------------------------------------------------------


def import_path(instance, filename: str) -> str:
    return f"registry-imports/{timezone.now():%Y/%m}/{filename}"


class RegistryImport(models.Model):
    class Status(models.TextChoices):
        CHECKED = "checked", _("checked")
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("importing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    compound = models.ForeignKey(Compound, models.CASCADE, related_name="registry_imports")
    uploaded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    file = models.FileField(upload_to=import_path)
    original_name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_units = models.PositiveIntegerField(default=0)
    created_residencies = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        return 100 if not self.total_rows else int(self.processed_rows * 100 / self.total_rows)
