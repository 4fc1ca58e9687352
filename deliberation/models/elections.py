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
        TIE = "tie", _("deciding a tie at the last seat")
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


class TieBreakQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(decided_at__isnull=True)


class TieBreak(models.Model):
    """Candidates equal in owners and in area for at the last seat(s) of an election: none
    of them is elected by the count, and the `seats` they compete for stay open until a
    run-off vote among them (an owners' vote of matter (3), counted like the first) or a
    drawing of lots witnessed and recorded by the supervisory committee decides — the rule
    in force when the tie was found (DELIBERATION_ELECTION_TIE_RULE), never the earlier
    nomination. A run-off may tie again: the next round is another row."""

    class Method(models.TextChoices):
        RUNOFF = "runoff", _("a run-off vote among the tied candidates")
        LOTS = "lots", _("drawing lots, recorded by the supervisory committee")

    election = models.ForeignKey(Election, models.CASCADE, related_name="tie_breaks")
    round = models.PositiveSmallIntegerField(default=1)
    method = models.CharField(_("how the tie is decided"), max_length=8, choices=Method.choices)
    seats = models.PositiveSmallIntegerField(_("seats among the tied"))
    candidates = models.ManyToManyField(Candidate, related_name="+")
    # A run-off's topics are these candidates in the order of their primary keys.
    vote = models.OneToOneField(
        OwnersVote, models.PROTECT, null=True, blank=True, related_name="tie_break"
    )
    winners = models.ManyToManyField(Candidate, blank=True, related_name="+")
    drawn_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    record = models.CharField(_("how the lots were drawn"), max_length=300, blank=True)
    result = models.JSONField(null=True, blank=True, help_text=_("The run-off's ranking."))
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = TieBreakQuerySet.as_manager()

    class Meta:
        verbose_name = _("tie at the last seat")
        verbose_name_plural = _("ties at the last seat")
        ordering = ["election", "round"]
        constraints = [
            models.UniqueConstraint(fields=["election", "round"], name="tiebreak_round_once"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="tiebreak_has_seats"),
        ]

    def __str__(self) -> str:
        return f"{self.election_id} round {self.round}"


class ElectionReminder(models.Model):
    """Sent once per committee term, three months before it ends."""

    body = models.OneToOneField("compounds.Body", models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("election reminder")
        verbose_name_plural = _("election reminders")

    def __str__(self) -> str:
        return str(self.body_id)
