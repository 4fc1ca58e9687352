"""Notifications are the outbox: one row per recipient, written in the same transaction as
the change that caused it, and one Delivery row per extra channel (SMS, email) that a
task hands to its backend exactly once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Notification(models.Model):
    recipient = models.ForeignKey(USER, models.CASCADE, related_name="notifications")
    event = models.CharField(_("event"), max_length=60)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    # What happened, once per person: the same happening told twice (a retried task) is
    # told once. Empty: no such guard.
    key = models.CharField(max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notification_once"
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind(self):
        from portal.notifications.events import EVENTS

        return EVENTS[self.event]

    @property
    def title(self) -> str:
        return self.kind.render_title(self.params)

    @property
    def body(self) -> str:
        return self.kind.render_body(self.params)


class Delivery(models.Model):
    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("email")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped")

    notification = models.ForeignKey(Notification, models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once"),
        ]
        indexes = [
            models.Index(
                fields=["status", "created_at"],
                name="delivery_outbox",
                condition=Q(status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notification_id}/{self.channel}: {self.status}"

    @property
    def idempotency_key(self) -> str:
        """Handed to the backend: a gateway that sees the same key twice sends once."""
        return f"delivery-{self.pk}"


class Preference(models.Model):
    """A user's choice of extra channels for one event type (in-app is always on)."""

    user = models.ForeignKey(USER, models.CASCADE, related_name="notification_preferences")
    event = models.CharField(max_length=60)
    sms = models.BooleanField(default=False)
    email = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="preference_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.event}"


class OutboxMessage(models.Model):
    """What the console backends handed over (the embedded 'in-app outbox' of DESIGN.md):
    readable by tests and developers, unique per idempotency key, like a gateway's record."""

    channel = models.CharField(max_length=10)
    to = models.CharField(max_length=254)
    text = models.TextField()
    key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sent message")
        verbose_name_plural = _("sent messages")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.channel} {self.to}"
