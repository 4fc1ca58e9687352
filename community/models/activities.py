"""Activities (活动) with sign-up: a compound's or a community's activity, who signed up
for it (confirmed or on the waiting list, first come first served), who came, and the
photos and report afterwards. Every change of a sign-up is an ActivityEvent row.

The number of confirmed places is kept on the activity (`confirmed_count`) and changed
only under the activity's row lock (community/services/activities.py), so the capacity
holds under concurrent sign-ups; the database checks it too."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.uploads import random_name

USER = settings.AUTH_USER_MODEL


def activity_photo_path(instance, filename: str) -> str:
    return random_name("activities", filename)


class Activity(models.Model):
    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("all residents")
        OWNERS = "owners", _("owners")
        ELDERS = "elders", _("elderly residents")
        FAMILIES = "families", _("families with children")

    class State(models.TextChoices):
        PUBLISHED = "published", pgettext_lazy("activity state", "published")
        CANCELLED = "cancelled", _("cancelled")
        FINISHED = "finished", _("finished")

    # A compound's activity has a compound; a community-wide one a community and no compound.
    compound = models.ForeignKey(
        "compounds.Compound", models.CASCADE, null=True, blank=True, related_name="activities"
    )
    community = models.ForeignKey(
        "compounds.Community", models.CASCADE, null=True, blank=True, related_name="activities"
    )
    # Who organises it: a body (committee, party branch), a volunteer team, or — neither —
    # community staff. The person who published it is kept either way.
    body = models.ForeignKey(
        "compounds.Body", models.PROTECT, null=True, blank=True, related_name="activities"
    )
    team = models.ForeignKey(
        "community.Team", models.PROTECT, null=True, blank=True, related_name="activities"
    )
    created_by = models.ForeignKey(USER, models.PROTECT, related_name="activities_published")
    title = models.CharField(_("title"), max_length=60)
    description = models.TextField(_("what it is"), max_length=2000, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("where"), max_length=100)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    audience = models.CharField(
        _("for whom"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    needs_signup = models.BooleanField(_("sign-up needed"), default=True)
    is_service = models.BooleanField(_("volunteer service (counts hours)"), default=False)
    # Its length in hours (0.1 h), kept from start and end: what each attendance adds to a
    # volunteer's hours.
    hours = models.DecimalField(max_digits=5, decimal_places=1, default=Decimal("0"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.PUBLISHED)
    confirmed_count = models.PositiveIntegerField(default=0)
    signups_made = models.PositiveIntegerField(default=0)  # the next position in line
    report = models.TextField(_("report"), max_length=3000, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = pgettext_lazy("community", "activities")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="activity_compound_or_community",
                condition=Q(compound__isnull=False, community__isnull=True)
                | Q(compound__isnull=True, community__isnull=False),
            ),
            models.CheckConstraint(
                name="activity_one_organiser",
                condition=Q(body__isnull=True) | Q(team__isnull=True),
            ),
            models.CheckConstraint(
                name="activity_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))
            ),
            models.CheckConstraint(
                name="activity_capacity_positive",
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
            ),
            models.CheckConstraint(
                name="activity_capacity_held",
                condition=Q(capacity__isnull=True) | Q(confirmed_count__lte=F("capacity")),
            ),
        ]
        indexes = [
            models.Index(fields=["compound", "starts_at"], name="activity_compound_start"),
            models.Index(fields=["community", "starts_at"], name="activity_community_start"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.confirmed_count >= self.capacity

    @property
    def has_begun(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed_count, 0)


class SignUp(models.Model):
    """One person's place at an activity. Cancelling keeps the row (state cancelled); a
    person who signs up again goes to the back of the line (a new position)."""

    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="signups")
    user = models.ForeignKey(USER, models.CASCADE, related_name="activity_signups")
    state = models.CharField(max_length=10, choices=State.choices)
    position = models.PositiveIntegerField()  # order of arrival: the waiting list's order
    signed_up_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    attendance_by = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "user"], name="signup_once"),
            models.CheckConstraint(
                name="signup_attended_confirmed",
                condition=Q(attended_at__isnull=True) | Q(state="confirmed"),
            ),
        ]
        indexes = [
            models.Index(fields=["activity", "state", "position"], name="signup_line"),
            models.Index(fields=["user", "state"], name="signup_user_state"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.user_id} · {self.state}"


class ActivityEvent(models.Model):
    """What happened to an activity or one of its sign-ups, by whom, when (append-only)."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("published")
        SIGN_UP = "sign_up", _("signed up")
        WAIT = "wait", _("joined the waiting list")
        CANCEL_SIGNUP = "cancel_signup", _("cancelled the sign-up")
        MOVE_UP = "move_up", _("moved up from the waiting list")
        ATTEND = "attend", _("attended")
        CANCEL = "cancel", _("cancelled the activity")
        REPORT = "report", _("wrote the report")
        PHOTO = "photo", _("added photos")

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="events")
    signup = models.ForeignKey(SignUp, models.CASCADE, null=True, blank=True, related_name="events")
    actor = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=15, choices=Action.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("activity event")
        verbose_name_plural = _("activity events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.action}"


class ActivityPhoto(models.Model):
    """A photo of the activity afterwards, re-encoded (portal.images) and served only
    through a view that fetches the activity as the reader."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=activity_photo_path)
    uploaded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.activity_id} photo {self.pk}"
