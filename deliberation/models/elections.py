"""Elections of the owners' committee (换届选举)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deliberation.models.votes import OwnersVote, VoteTopic

USER = settings.AUTH_USER_MODEL


class Election(models.Model):
    """换届选举 of the owners' committee: seats, nominations, then an owners' vote whose
    topics are the candidates (matter (3) of 第278条); the elected become the next term."""

    class State(models.TextChoices):
        NOMINATING = "nominating", _("taking nominations")
        VOTING = "voting", _("voting")
        DONE = "done", _("elected")

    compound = models.ForeignKey("compounds.Compound", models.PROTECT, related_name="elections")
    seats = models.PositiveSmallIntegerField(_("seats"))
    term_start = models.DateField(_("the new term starts"))
    term_end = models.DateField(_("the new term ends"))
    state = models.CharField(max_length=12, choices=State.choices, default=State.NOMINATING)
    vote = models.OneToOneField(
        OwnersVote, models.PROTECT, null=True, blank=True, related_name="election"
    )
    body = models.OneToOneField(
        "compounds.Body", models.PROTECT, null=True, blank=True, related_name="election"
    )
    result = models.JSONField(null=True, blank=True)
    organiser = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="election_has_seats"),
        ]

    def __str__(self) -> str:
        return f"{self.compound_id} {self.term_start}"


class Candidate(models.Model):
    election = models.ForeignKey(Election, models.CASCADE, related_name="candidates")
    user = models.ForeignKey(USER, models.PROTECT, related_name="+")
    profile = models.CharField(_("short profile"), max_length=300)
    recommended_by_branch = models.BooleanField(_("recommended by the party branch"), default=False)
    topic = models.OneToOneField(
        VoteTopic, models.PROTECT, null=True, blank=True, related_name="candidate"
    )
    nominated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election", "nominated_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "user"], name="candidate_once"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class ElectionReminder(models.Model):
    """Sent once per committee term, three months before it ends."""

    body = models.OneToOneField("compounds.Body", models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("election reminder")
        verbose_name_plural = _("election reminders")

    def __str__(self) -> str:
        return str(self.body_id)
