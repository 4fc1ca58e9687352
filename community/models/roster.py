"""The duty roster (值班) of a service station (党群服务站): who is on duty when, and every
change to a shift as a row (ShiftEvent).

A station belongs to a compound, or to a community (人人坞党群服务站 serves the community's
compounds), like a volunteer team. Who may be on duty and who arranges the roster is
decided in community/permissions/roster.py.

Overlap: one person is never on two shifts at once. The service locks the person's user row
before it checks (community/services/roster.py); on PostgreSQL an exclusion constraint
(migration 0002_roster, `shift_no_overlap`) holds it even against writes that skip the
service. Shifts are half-open [start, end): 08:00–12:00 and 12:00–18:00 do not overlap.

A closed station keeps its row, its past shifts and their history; residents no longer see
it on duty.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import AppendOnly

USER = settings.AUTH_USER_MODEL


class Station(models.Model):
    """A service station staffed in turns: its name, where it is and its phone (the number
    residents call; it is public to everyone who sees the roster)."""

    compound = models.ForeignKey(
        "compounds.Compound", models.CASCADE, null=True, blank=True, related_name="stations"
    )
    community = models.ForeignKey(
        "compounds.Community", models.CASCADE, null=True, blank=True, related_name="stations"
    )
    name = models.CharField(_("name"), max_length=40)
    place = models.CharField(_("where it is"), max_length=100)
    phone = models.CharField(_("station phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Closing keeps the station's row, its past shifts and their history; its shifts not
    # yet over are cancelled (community/services/roster.py, station_close).
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    closed_reason = models.CharField(_("why it closed"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("service station")
        verbose_name_plural = _("service stations")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="station_compound_or_community",
                condition=Q(compound__isnull=False, community__isnull=True)
                | Q(compound__isnull=True, community__isnull=False),
            ),
            # Among open stations: a station that moved is closed, and its successor may
            # keep the name residents know.
            models.UniqueConstraint(
                fields=["compound", "name"],
                condition=Q(compound__isnull=False, closed_at__isnull=True),
                name="station_unique_name_in_compound",
            ),
            models.UniqueConstraint(
                fields=["community", "name"],
                condition=Q(community__isnull=False, closed_at__isnull=True),
                name="station_unique_name_in_community",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Shift(models.Model):
    """One person's turn on duty at a station, [start, end). A swap offered to someone is
    `offered_to` until they accept or decline; a shift offered to anyone who may be on duty
    at the station is `offered_open` until the first of them takes it (never both at
    once); a cancelled shift keeps its row."""

    station = models.ForeignKey(Station, models.CASCADE, related_name="shifts")
    person = models.ForeignKey(
        USER, models.PROTECT, related_name="duty_shifts", verbose_name=_("person on duty")
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    place = models.CharField(
        _("where"),
        max_length=100,
        blank=True,
        help_text=_("Leave empty when the shift is at the station itself."),
    )
    # The person on duty chose to show residents their own number on this shift (personal
    # information law: only with consent); cleared when the shift changes hands.
    phone_public = models.BooleanField(_("my phone shown to residents"), default=False)
    offered_to = models.ForeignKey(
        USER, models.PROTECT, null=True, blank=True, related_name="duty_offers"
    )
    offered_open = models.BooleanField(default=False)
    offered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(name="shift_ends_after_start", condition=Q(end__gt=F("start"))),
            models.CheckConstraint(
                name="shift_not_offered_to_self",
                condition=Q(offered_to__isnull=True) | ~Q(offered_to=F("person")),
            ),
            models.CheckConstraint(
                name="shift_offered_to_one_or_all",
                condition=Q(offered_open=False) | Q(offered_to__isnull=True),
            ),
        ]
        indexes = [
            models.Index(fields=["station", "start"], name="shift_station_start"),
            models.Index(fields=["person", "start"], name="shift_person_start"),
            models.Index(
                fields=["start"],
                name="shift_to_remind",
                condition=Q(reminded_at__isnull=True, cancelled_at__isnull=True),
            ),
            # The open offers someone may take (the duty page reads them for each reader).
            models.Index(
                fields=["start"],
                name="shift_open_offers",
                condition=Q(offered_open=True, cancelled_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.station} · {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def is_on(self, at) -> bool:
        return self.cancelled_at is None and self.start <= at < self.end


class ShiftEvent(AppendOnly):
    """One row per change of a shift: the roster's history, never edited or deleted."""

    class Action(models.TextChoices):
        ARRANGED = "arranged", _("arranged")
        OFFERED = "offered", _("offered to swap")
        OFFERED_OPEN = "offered_open", _("offered to anyone on the roster")
        TAKEN = "taken", _("taken from an open offer")
        WITHDRAWN = "withdrawn", _("offer withdrawn")
        DECLINED = "declined", _("swap declined")
        ACCEPTED = "accepted", _("swap accepted")
        REASSIGNED = "reassigned", _("reassigned")
        CANCELLED = "cancelled", _("cancelled")
        CLOSED = "closed", _("ended: the station closed")
        PHONE = "phone", _("phone shown or hidden")
        REMINDED = "reminded", _("reminded")

    shift = models.ForeignKey(Shift, models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=Action.choices)
    actor = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    from_person = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    to_person = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("duty shift event")
        verbose_name_plural = _("duty shift events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.shift_id} {self.action}"
