"""The common facilities register (公共设施台账): lamps, manholes, lifts … each with a code
unique in its compound, a place, a condition and its history (every change is a check row),
the requests filed about it, and surveys that walk the compound recording conditions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.models.places import plan_point_checks
from portal.uploads import random_name

USER = settings.AUTH_USER_MODEL


def check_photo_path(instance, filename: str) -> str:
    return random_name("facility-checks", filename)


class Condition(models.TextChoices):
    UNKNOWN = "unknown", _("not checked yet")
    GOOD = "good", _("good")
    ATTENTION = "attention", _("needs attention")
    BROKEN = "broken", _("broken")
    BLOCKED = "blocked", _("blocked")


# Conditions a survey lists as problems, and those that file a request (once).
PROBLEMS = (Condition.ATTENTION, Condition.BROKEN, Condition.BLOCKED)
FILES_REQUEST = (Condition.BROKEN, Condition.BLOCKED)

# What a check may record for each kind of facility (Facility.Kind's values), in the order
# the buttons show them. Everything can be good, need attention or be broken; only what
# water or people must pass through can be blocked: a drain, a pipe, a fire hydrant or
# escape (消防通道堵塞), and an "other" facility, which may be anything. A lamp is never
# 堵塞. Not checked yet is where every facility starts, never what a check records.
_EVERY = (Condition.GOOD, Condition.ATTENTION, Condition.BROKEN)
_PASSAGE = (*_EVERY, Condition.BLOCKED)
CONDITIONS_OF_KIND: dict[str, tuple[Condition, ...]] = {
    "lamp": _EVERY,
    "manhole": _PASSAGE,
    "pipe": _PASSAGE,
    "lift": _EVERY,
    "fire": _PASSAGE,
    "gate": _EVERY,
    "camera": _EVERY,
    "charger": _EVERY,
    "other": _PASSAGE,
}


def conditions_of(kind: str) -> tuple[Condition, ...]:
    """The conditions a check of a facility of `kind` may record (none for no kind)."""
    return CONDITIONS_OF_KIND.get(kind, ())


def condition_applies(kind: str, condition: str) -> bool:
    """May a facility of `kind` be in `condition`? Not checked yet applies to every kind."""
    return condition == Condition.UNKNOWN or condition in conditions_of(kind)


class Facility(models.Model):
    class Kind(models.TextChoices):
        LAMP = "lamp", _("street lamp")
        MANHOLE = "manhole", _("manhole")
        PIPE = "pipe", _("pipe")
        LIFT = "lift", _("lift")
        FIRE = "fire", _("fire equipment")
        GATE = "gate", _("gate")
        CAMERA = "camera", _("camera")
        CHARGER = "charger", _("charging station")
        OTHER = "other", _("other facility")

    compound = models.ForeignKey("compounds.Compound", models.CASCADE, related_name="facilities")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=20)
    building = models.ForeignKey(
        "compounds.Building",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilities",
        verbose_name=_("building"),
    )
    place = models.CharField(_("where it is"), max_length=100, blank=True)
    plan_x = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    plan_y = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    zone = models.ForeignKey(
        "community.Zone",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilities",
        verbose_name=_("service zone"),
    )
    condition = models.CharField(
        _("condition"), max_length=10, choices=Condition.choices, default=Condition.UNKNOWN
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Retired (拆除/报废): out of the register, the surveys and the plan, its history and
    # requests kept, its code still taken. Restoring clears the three.
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    retired_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    retired_reason = models.CharField(_("why it was retired"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["kind", "code"]
        constraints = [
            # Retired facilities keep their codes: a sticker or a note that names one
            # still means that one.
            models.UniqueConstraint(fields=["compound", "code"], name="facility_unique_code"),
            *plan_point_checks("facility"),
            models.CheckConstraint(  # a retired facility says why
                name="facility_retired_with_reason",
                condition=Q(retired_at__isnull=True) | ~Q(retired_reason=""),
            ),
        ]
        # The register, the surveys and the hub read the facilities in service; the few
        # retired ones are read through facility_unique_code (compound, code).
        indexes = [
            models.Index(
                fields=["compound", "kind", "code"],
                name="facility_in_service",
                condition=Q(retired_at__isnull=True),
            ),
            models.Index(
                fields=["compound", "condition"],
                name="facility_in_service_cond",
                condition=Q(retired_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"

    @property
    def on_plan(self) -> bool:
        return self.plan_x is not None

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class Survey(models.Model):
    """A walk round the compound recording the condition of every facility of one kind
    (the 42-manhole survey). Its members record; it ends when someone finishes it."""

    compound = models.ForeignKey("compounds.Compound", models.CASCADE, related_name="surveys")
    kind = models.CharField(_("kind"), max_length=10, choices=Facility.Kind.choices)
    title = models.CharField(_("title"), max_length=60)
    team = models.ForeignKey(
        "community.Team",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("surveyed by the team"),
    )
    started_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    finished_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("facility survey")
        verbose_name_plural = _("facility surveys")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["compound", "-started_at"], name="survey_compound")]
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "kind"],
                condition=Q(finished_at__isnull=True),
                name="survey_one_open_per_kind",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.finished_at is None


class FacilityCheck(models.Model):
    """One recorded condition of a facility: who, when, what they saw, a note and a photo;
    in a survey or on its own. Append-only: the facility's history."""

    facility = models.ForeignKey(Facility, models.CASCADE, related_name="checks")
    survey = models.ForeignKey(
        Survey, models.SET_NULL, null=True, blank=True, related_name="checks"
    )
    condition = models.CharField(_("condition"), max_length=10, choices=Condition.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    photo = models.ImageField(_("photo"), upload_to=check_photo_path, blank=True)
    by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    request = models.ForeignKey(
        "repair_requests.Request", models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("facility check")
        verbose_name_plural = _("facility checks")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["facility", "-at"], name="facility_check_history"),
            models.Index(fields=["survey", "facility"], name="facility_check_survey"),
        ]

    def __str__(self) -> str:
        return f"{self.facility_id} · {self.condition}"


class FacilityRequest(models.Model):
    """A request about a facility: filed from its QR sticker or by a survey."""

    facility = models.ForeignKey(Facility, models.CASCADE, related_name="links")
    request = models.OneToOneField(
        "repair_requests.Request", models.CASCADE, related_name="facility_link"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("request about a facility")
        verbose_name_plural = _("requests about facilities")
        indexes = [models.Index(fields=["facility", "-created_at"], name="facility_request_list")]

    def __str__(self) -> str:
        return f"{self.facility_id} · {self.request_id}"
