"""The compound's plan and its service zones (认领式服务 / 片区包干). Points on the plan are
percentages of its width and height (0–100), so they hold whatever size the image is shown."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.uploads import random_name

USER = settings.AUTH_USER_MODEL


def plan_path(instance, filename: str) -> str:
    return random_name("plans", filename)


class CompoundPlan(models.Model):
    """A simple plan of the compound (an image uploaded through portal.uploads), on which
    zones and facilities are marked."""

    compound = models.OneToOneField("compounds.Compound", models.CASCADE, related_name="plan")
    image = models.ImageField(_("plan of the compound"), upload_to=plan_path)
    uploaded_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("plan of the compound")
        verbose_name_plural = _("plans of compounds")

    def __str__(self) -> str:
        return str(self.compound_id)


def plan_point_checks(prefix: str) -> list[models.CheckConstraint]:
    """Both coordinates or neither, each within 0–100 (percent of the plan)."""
    return [
        models.CheckConstraint(
            name=f"{prefix}_point_whole",
            condition=Q(plan_x__isnull=True, plan_y__isnull=True)
            | Q(plan_x__isnull=False, plan_y__isnull=False),
        ),
        models.CheckConstraint(
            name=f"{prefix}_point_on_plan",
            condition=Q(plan_x__isnull=True)
            | Q(plan_x__gte=0, plan_x__lte=100, plan_y__gte=0, plan_y__lte=100),
        ),
    ]


class Zone(models.Model):
    """A public area of the compound kept by a team or a person who claimed it. Requests
    filed in one of its buildings, or about a facility in it, notify its keeper."""

    class Kind(models.TextChoices):
        GREEN = "green", _("green belt")
        PARKING = "parking", _("parking area")
        ROAD = "road", _("road")
        STAIRWELL = "stairwell", _("stairwell")
        SQUARE = "square", _("square")
        OTHER = "other", _("other")

    compound = models.ForeignKey("compounds.Compound", models.CASCADE, related_name="zones")
    name = models.CharField(_("name"), max_length=40)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.CharField(_("where it is"), max_length=300, blank=True)
    buildings = models.ManyToManyField(
        "compounds.Building", blank=True, related_name="zones", verbose_name=_("buildings")
    )
    plan_x = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    plan_y = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    keeper_team = models.ForeignKey(
        "community.Team", models.SET_NULL, null=True, blank=True, related_name="zones"
    )
    keeper_user = models.ForeignKey(
        USER, models.SET_NULL, null=True, blank=True, related_name="kept_zones"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("service zone")
        verbose_name_plural = _("service zones")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "name"], name="zone_unique_name"),
            models.CheckConstraint(
                name="zone_one_keeper",
                condition=Q(keeper_team__isnull=True) | Q(keeper_user__isnull=True),
            ),
            *plan_point_checks("zone"),
        ]

    def __str__(self) -> str:
        return self.name
