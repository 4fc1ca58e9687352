"""Figures kept beside the requests (requests/services/figures.py)."""

from django.db import models
from django.utils import timezone


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
