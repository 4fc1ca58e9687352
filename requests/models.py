"""Repair and help requests (报事报修, 求助, 微心愿): the request, its append-only timeline,
photos and followers, the compound's categories with their routing, and service levels.

State changes happen only in requests/workflow.py, which writes a RequestEvent for each.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import AppendOnly
from requests.defaults import DEFAULT_NAMES, LABELS

USER = settings.AUTH_USER_MODEL


class Route(models.TextChoices):
    """Whose job a category is, by default."""

    PROPERTY = "property", _("property company")
    SELF_MANAGEMENT = "self_management", _("self-management committee")
    HOUSING_OFFICER = "housing_officer", _("the building's housing officer")
    UTILITY = "utility", _("utility company")


class Category(models.Model):
    """A category of the compound's set; rows without a compound are the default set."""

    compound = models.ForeignKey(
        "compounds.Compound",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="request_categories",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=30)
    route = models.CharField(
        _("handled by"), max_length=20, choices=Route.choices, default=Route.PROPERTY
    )
    hotline = models.CharField(
        _("hotline"),
        max_length=30,
        blank=True,
        help_text=_("For utilities: the company's service number."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "code"], name="category_unique_code"),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(compound__isnull=True),
                name="category_unique_default_code",
            ),
        ]

    def __str__(self) -> str:
        return str(self.display_name)

    @property
    def display_name(self):
        """The name in the reader's language: a default category (not renamed) by its code,
        lazily, so a notification keeps its English source; a compound's own as typed."""
        if self.compound_id is None and DEFAULT_NAMES.get(self.code) == self.name:
            return LABELS[self.code]
        return self.name


class ServiceLevel(models.Model):
    """A compound's time limits for one urgency; without a row the settings' defaults hold."""

    compound = models.ForeignKey(
        "compounds.Compound", models.CASCADE, related_name="service_levels"
    )
    urgency = models.CharField(
        max_length=10, choices=[("emergency", _("emergency")), ("normal", _("normal"))]
    )
    accept_minutes = models.PositiveIntegerField(_("accept within (minutes)"))
    resolve_minutes = models.PositiveIntegerField(_("resolve within (minutes)"))

    class Meta:
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")
        constraints = [
            models.UniqueConstraint(fields=["compound", "urgency"], name="servicelevel_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.compound_id} {self.urgency}"


_OPEN = Q(state__in=["submitted", "accepted", "assigned", "in_progress"])
BOARD_OUTCOMES = ("fixed", "partly_fixed")  # the 已解决 board: closed repairs, (partly) fixed
BOARD = Q(state="closed", kind="repair", outcome__in=BOARD_OUTCOMES)


class Request(models.Model):
    class Kind(models.TextChoices):
        REPAIR = "repair", _("repair")
        HELP = "help", _("help")
        WISH = "wish", _("small wish")

    class Urgency(models.TextChoices):
        EMERGENCY = "emergency", _("emergency")
        NORMAL = "normal", _("normal")

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted")
        ASSIGNED = "assigned", _("assigned")
        IN_PROGRESS = "in_progress", _("in progress")
        RESOLVED = "resolved", _("resolved")
        CLOSED = "closed", _("closed")
        REJECTED = "rejected", pgettext_lazy("request state", "rejected")

    class Outcome(models.TextChoices):
        FIXED = "fixed", _("fixed")
        PARTLY_FIXED = "partly_fixed", _("partly fixed")
        NOT_FIXED = "not_fixed", _("not fixed")

    class Channel(models.TextChoices):
        APP = "app", _("by the resident online")
        PHONE_CALL = "phone_call", _("by phone call")
        IN_PERSON = "in_person", _("in person")

    class Handler(models.TextChoices):
        PROPERTY = "property", _("property company")
        SELF_MANAGEMENT = "self_management", _("self-management committee")
        HOUSING_OFFICER = "housing_officer", _("housing officer")
        UTILITY = "utility", _("utility company")
        VOLUNTEERS = "volunteers", _("volunteers")
        COMMITTEE = "committee", _("owners' committee and party branch")
        COMMUNITY = "community", _("community")
        STREET_OFFICE = "street_office", _("street office")

    OPEN_STATES = (State.SUBMITTED, State.ACCEPTED, State.ASSIGNED, State.IN_PROGRESS)

    compound = models.ForeignKey("compounds.Compound", models.PROTECT, related_name="requests")
    building = models.ForeignKey(
        "compounds.Building", models.PROTECT, null=True, blank=True, related_name="requests"
    )
    unit = models.ForeignKey(
        "compounds.Unit", models.PROTECT, null=True, blank=True, related_name="requests"
    )
    place = models.CharField(
        _("where"),
        max_length=100,
        blank=True,
        help_text=_("For example the main gate or the road by 8栋."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REPAIR)
    category = models.ForeignKey(
        Category, models.PROTECT, related_name="requests", verbose_name=_("category")
    )
    description = models.TextField(_("what happened"), max_length=2000)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.SUBMITTED, db_index=True
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    reporter = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_requests",
        help_text=_("Empty for a neighbour without an account, filed for by someone else."),
    )
    reporter_name = models.CharField(
        _("resident's name"),
        max_length=40,
        blank=True,
        help_text=_("For a neighbour without an account: how to address them on a visit."),
    )
    filed_by = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who filed it on the reporter's behalf."),
    )
    channel = models.CharField(
        _("filed"), max_length=12, choices=Channel.choices, default=Channel.APP
    )
    handler_kind = models.CharField(_("handled by"), max_length=20, choices=Handler.choices)
    handler = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="handled_requests",
        help_text=_("The person the request is dispatched to."),
    )
    escalation_level = models.PositiveSmallIntegerField(default=0)
    accept_due = models.DateTimeField(_("accept by"))
    resolve_due = models.DateTimeField(_("resolve by"))
    escalation_due = models.DateTimeField(null=True, blank=True)
    # 到场: an emergency's on-site deadline, stored at filing (none for normal requests),
    # and when someone of the team was there.
    on_site_due = models.DateTimeField(_("on site by"), null=True, blank=True)
    on_site_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.CharField(_("reason"), max_length=300, blank=True)
    appealed = models.BooleanField(default=False)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="request_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(building__isnull=False) | Q(unit__isnull=False) | ~Q(place=""),
                name="request_has_a_place",
            ),
            models.CheckConstraint(
                condition=Q(reporter__isnull=False)
                | (Q(filed_by__isnull=False) & ~Q(reporter_name="")),
                name="request_has_a_reporter",
            ),
        ]
        indexes = [
            models.Index(fields=["compound", "state"], name="request_queue"),
            models.Index(fields=["resolve_due", "id"], name="request_open_due", condition=_OPEN),
            # A team's open requests: a queue's counters and rows read only the team's own.
            models.Index(
                fields=["handler_kind", "compound"], name="request_open_handler", condition=_OPEN
            ),
            models.Index(fields=["reporter", "-created_at"], name="request_reporter_recent"),
            models.Index(
                fields=["compound", "-closed_at", "-id"],
                name="request_closed_recent",
                condition=BOARD,
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category}"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def hours_to_resolve(self) -> float | None:
        if self.resolved_at is None and self.closed_at is None:
            return None
        end = self.resolved_at or self.closed_at
        return round((end - self.created_at).total_seconds() / 3600, 1)


def photo_path(instance, filename: str) -> str:
    return f"requests/{timezone.now():%Y/%m}/{filename}"


class RequestEvent(AppendOnly):
    """One row per change of a request: the timeline, never edited or deleted."""

    request = models.ForeignKey(Request, models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        USER,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the system (deadlines, escalation)."),
    )
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"#{self.request_id} {self.action}"


class RequestPhoto(models.Model):
    request = models.ForeignKey(Request, models.CASCADE, related_name="photos")
    event = models.ForeignKey(
        RequestEvent, models.CASCADE, null=True, blank=True, related_name="photos"
    )
    image = models.ImageField(upload_to=photo_path)
    thumbnail = models.ImageField(upload_to=photo_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.image.name


class Follower(models.Model):
    """A neighbour with the same problem (我也遇到了): told of every change, like the reporter."""

    request = models.ForeignKey(Request, models.CASCADE, related_name="followers")
    user = models.ForeignKey(USER, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["request", "user"], name="follower_once")]

    def __str__(self) -> str:
        return f"#{self.request_id} {self.user_id}"


class ServiceRecord(models.Model):
    """Hours a volunteer served on a help order; they add up per person per month and year."""

    request = models.ForeignKey(Request, models.CASCADE, related_name="service_records")
    volunteer = models.ForeignKey(USER, models.CASCADE, related_name="service_records")
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    served_on = models.DateField(_("served on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        constraints = [
            models.UniqueConstraint(fields=["request", "volunteer"], name="servicerecord_once"),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="servicerecord_hours_0_to_24"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.request_id} {self.volunteer_id} {self.hours}"


class Whistle(models.Model):
    """街道吹哨、部门报到: the street office summons a department to a request. Its people
    report in (acknowledge) and respond, each by a deadline stored when the whistle blows."""

    request = models.ForeignKey(Request, models.CASCADE, related_name="whistles")
    department = models.ForeignKey("compounds.Department", models.PROTECT, related_name="whistles")
    blown_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    note = models.CharField(_("what is asked"), max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    acknowledge_due = models.DateTimeField(_("report in by"))
    respond_due = models.DateTimeField(_("respond by"))
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        USER, models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    response = models.TextField(_("response"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("whistle")
        verbose_name_plural = _("whistles")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "department"], name="whistle_once"),
        ]

    def __str__(self) -> str:
        return f"#{self.request_id} → {self.department_id}"


class ReturnVisit(models.Model):
    """回访: staff call or visit the resident after the work and record what they said —
    for residents who do not use the app, the way their request gets its rating."""

    class Method(models.TextChoices):
        PHONE = "phone", _("by phone")
        IN_PERSON = "in_person", _("in person")

    request = models.ForeignKey(Request, models.CASCADE, related_name="return_visits")
    visitor = models.ForeignKey(USER, models.PROTECT, related_name="+")
    method = models.CharField(_("how"), max_length=10, choices=Method.choices, default=Method.PHONE)
    reached = models.BooleanField(_("reached the resident"), default=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    note = models.CharField(_("what the resident said"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="returnvisit_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(reached=True) | Q(rating__isnull=True),
                name="returnvisit_rating_needs_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.request_id} {self.method}"


class Satisfaction(models.Model):
    """A compound's ratings for the 已解决 board, kept by requests/services/figures.py."""

    compound = models.OneToOneField(
        "compounds.Compound", models.CASCADE, primary_key=True, related_name="+"
    )
    rated = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveBigIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)  # requests the board lists
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.compound_id}: {self.rated}"


class StreetFigures(models.Model):
    """The street departments page's figures, computed by requests/services/figures.py."""

    street_office = models.OneToOneField(
        "compounds.StreetOffice", models.CASCADE, primary_key=True, related_name="+"
    )
    departments = models.JSONField(default=list)
    handlers = models.JSONField(default=list)
    computed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.street_office_id} @ {self.computed_at}"
