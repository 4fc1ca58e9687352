"""Registry imports: an uploaded owner list, checked, then applied by a worker."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compounds.models.places import Compound
from compounds.models.terms import USER


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
    # When the job last changed hands (queued, started, resumed): the sweep in
    # compounds/registry/jobs.py takes up a job whose worker has not moved it on since.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)  # times a worker started it

    class Meta:
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")
        ordering = ["-created_at"]
        indexes = [
            # The sweep's query: the few jobs waiting or running, by their heartbeat.
            models.Index(
                fields=["status", "heartbeat_at"],
                condition=Q(status__in=["queued", "running"]),
                name="registryimport_unfinished",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        return 100 if not self.total_rows else int(self.processed_rows * 100 / self.total_rows)
