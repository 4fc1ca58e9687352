"""Meetings with agenda, attendance, minutes and attachments, and the decision of a
residents' representatives' meeting."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deliberation.models.proposals import Proposal
from deliberation.representatives import passes, share_of
from portal.uploads import random_name

USER = settings.AUTH_USER_MODEL


class Meeting(models.Model):
    """Meetings with agenda, attendees signed in, minutes and decisions; minutes are
    published within 3 days."""

    class Kind(models.TextChoices):
        ROUNDTABLE = "roundtable", _("building roundtable")
        JOINT = "joint", _("joint meeting")
        MONTHLY_TALK = "monthly_talk", _("monthly talk")
        COMMITTEE = "committee", _("owners' committee meeting")
        ASSEMBLY = "assembly", _("owners' assembly")
        REPRESENTATIVES = "representatives", _("residents' representatives' meeting")

    compound = models.ForeignKey("compounds.Compound", models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120)
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    agenda = models.TextField(_("agenda"), max_length=3000)
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    decisions = models.TextField(_("decisions"), max_length=5000, blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    minutes_reminded_at = models.DateTimeField(null=True, blank=True)
    minutes_escalated_at = models.DateTimeField(null=True, blank=True)
    proposals = models.ManyToManyField(Proposal, blank=True, related_name="meetings")
    organiser = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attendance")
    user = models.ForeignKey(USER, models.PROTECT, related_name="+")
    signed_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.user_id}"


class RepresentativesDecision(models.Model):
    """An ordinary affair decided by a residents' representatives' meeting: more than half
    of all representatives present, more than half of those present in favour (the rule is
    deliberation/representatives.py). `representatives` is empty on decisions recorded
    before it was asked for; those keep the rule they were decided by."""

    proposal = models.OneToOneField(Proposal, models.CASCADE, related_name="representatives")
    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="+")
    representatives = models.PositiveIntegerField(
        _("representatives in office"), null=True, blank=True
    )
    present = models.PositiveIntegerField(_("present"))
    in_favour = models.PositiveIntegerField(_("in favour"))
    # The shares in force when it was recorded ("n/d"): a later change of the settings never
    # turns a recorded decision round.
    quorum = models.CharField(_("quorum"), max_length=9, default="1/2")
    majority = models.CharField(_("majority"), max_length=9, default="1/2")
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("representatives' decision")
        verbose_name_plural = _("representatives' decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(in_favour__lte=models.F("present")), name="reps_in_favour_le_present"
            ),
            models.CheckConstraint(
                condition=Q(representatives__isnull=True)
                | Q(present__lte=models.F("representatives")),
                name="reps_present_le_representatives",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.in_favour}/{self.present}/{self.representatives}"

    @property
    def passed(self) -> bool:
        return passes(
            self.representatives,
            self.present,
            self.in_favour,
            quorum=share_of(self.quorum),
            majority=share_of(self.majority),
        )


def meeting_file_path(instance, filename: str) -> str:
    return random_name("meetings", filename)


class MeetingAttachment(models.Model):
    """A photo or PDF of a meeting (the sign-in sheet, a plan, a quotation)."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=200)
    file = models.FileField(upload_to=meeting_file_path)
    content_type = models.CharField(max_length=60)
    uploaded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name
