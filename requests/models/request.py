"""The request, its append-only timeline, photos and followers. State changes happen only
in requests/workflow.py, which writes a RequestEvent for each."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import AppendOnly
from portal.uploads import random_name
from requests.models.routing import Category

USER = settings.AUTH_USER_MODEL

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
    # 估价: the handler's estimate of what repairing a common part costs; above the
    # compound's threshold, finance offers a resolution to use the maintenance fund.
    estimated_cost = models.DecimalField(
        _("estimated cost (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
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
    return random_name("requests", filename)


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
        # The sweep every minute reads only the photos still without a thumbnail.
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(thumbnail=""),
                name="photo_without_thumbnail",
            )
        ]

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
