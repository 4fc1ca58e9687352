"""The compound's request categories with their routing, and its service levels."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from requests.defaults import DEFAULT_NAMES, LABELS


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
