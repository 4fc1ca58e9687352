"""Registry imports: an uploaded owner list, checked, then applied by a worker; registry
exports too large to send at once, written by a worker."""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compounds.models.places import Compound
from compounds.models.terms import USER
from portal.uploads import random_name


def import_path(instance, filename: str) -> str:
    return random_name("registry-imports", filename)


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


def export_path(instance, filename: str) -> str:
    # Never served by URL: only through the job's own view (compounds.views.registry).
    return random_name("registry-exports", filename)


class RegistryExport(models.Model):
    """An export of a registry too large to send while the page waits: a worker writes the
    file, the person who asked follows its progress and downloads it; it expires."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("exporting")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        EXPIRED = "expired", _("expired")

    compound = models.ForeignKey(Compound, models.CASCADE, related_name="registry_exports")
    requested_by = models.ForeignKey(USER, models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=export_path, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Moved on by the worker with each batch of rows: a running job whose heartbeat stops
    # lost its worker (compounds/registry/export_jobs.py takes it up again).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    # A finished file is kept this long, then deleted by the sweep (and refused before).
    KEEP_FOR = timedelta(hours=24)

    class Meta:
        verbose_name = _("registry export")
        verbose_name_plural = _("registry exports")
        ordering = ["-created_at"]
        constraints = [
            # One export under way per person and compound: a second start returns it.
            models.UniqueConstraint(
                fields=["compound", "requested_by"],
                condition=Q(status__in=["queued", "running"]),
                name="registryexport_one_unfinished",
            ),
        ]
        indexes = [
            # The sweep's queries: the few jobs unfinished, and the finished ones to expire.
            models.Index(
                fields=["status", "heartbeat_at"],
                condition=Q(status__in=["queued", "running"]),
                name="registryexport_unfinished",
            ),
            models.Index(
                fields=["finished_at"],
                condition=Q(status__in=["done", "failed"]),
                name="registryexport_to_expire",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.compound_id}/{self.pk}"

    @property
    def error_message(self) -> str:
        """The stored error (a message in the source language) in the reader's language."""
        return gettext(self.error) % {"n": self.attempts} if self.error else ""

    @property
    def percent(self) -> int:
        return (
            100 if not self.total_rows else min(100, self.processed_rows * 100 // self.total_rows)
        )

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def downloadable(self) -> bool:
        return (
            self.status == self.Status.DONE
            and bool(self.file)
            and self.finished_at is not None
            and timezone.now() - self.finished_at < self.KEEP_FOR
        )

    @property
    def expires_at(self):
        return self.finished_at + self.KEEP_FOR if self.finished_at else None
