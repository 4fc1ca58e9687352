"""Ballots: at most one counted per unit, immutable once their vote is closed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deliberation.models.choices import Choice
from deliberation.models.votes import OwnersVote, Proxy, VoteTopic
from portal.uploads import random_name

USER = settings.AUTH_USER_MODEL


def ballot_path(instance, filename: str) -> str:
    return random_name("ballots", filename)


def _refuse_after_close(vote_id) -> None:
    """Ballots are immutable once their vote is closed (the recount command would also
    find a change made around the ORM)."""
    if OwnersVote.objects.filter(
        pk__in=[vote_id] if isinstance(vote_id, int) else vote_id, state=OwnersVote.State.CLOSED
    ).exists():
        raise ValueError("the vote is closed: its ballots cannot change")


class Mark(models.TextChoices):
    """What a ballot says on one topic: for, against or abstain — or, on paper only, blank
    (空白票: nothing marked) or spoiled (作废票: unsigned, two boxes ticked, unreadable…).
    Blank and spoiled are neither for, against nor abstain (deliberation/tally.py)."""

    FOR = "for", pgettext_lazy("ballot choice", "for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstain")
    BLANK = "blank", _("blank ballot")
    SPOILED = "spoiled", _("spoiled ballot")


INVALID_MARKS = (Mark.BLANK, Mark.SPOILED)


class Ballot(models.Model):
    """One unit's ballot. At most one counted ballot per (vote, unit) — a database
    constraint; a changed online ballot or a paper ballot that prevails leaves the earlier
    row uncounted and superseded, so every ballot ever cast stays on record."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("online by the owner")
        PROXY = "proxy", _("online by a proxy")
        PAPER = "paper", _("paper ballot entered by a collector")
        ONSITE = "onsite", _("on site")

    vote = models.ForeignKey(OwnersVote, models.PROTECT, related_name="ballots")
    unit = models.ForeignKey("compounds.Unit", models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    cast_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    proxy = models.ForeignKey(Proxy, models.PROTECT, null=True, blank=True, related_name="+")
    scan = models.FileField(_("scan of the signed ballot"), upload_to=ballot_path, blank=True)
    verified_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    counted = models.BooleanField(default=False)
    # Why a paper ballot is spoiled (作废票), as the collector read it off the paper.
    spoiled_reason = models.CharField(_("why it is spoiled"), max_length=200, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["vote", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "unit"],
                condition=Q(counted=True),
                name="ballot_one_counted_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["online", "proxy"]) | ~Q(scan=""),
                name="ballot_paper_has_a_scan",
            ),
            models.CheckConstraint(
                condition=Q(counted=False)
                | Q(channel__in=["online", "proxy"])
                | Q(verified_by__isnull=False),
                name="ballot_paper_counts_once_verified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.unit_id} {self.channel}"

    def save(self, *args, **kwargs):
        _refuse_after_close(self.vote_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("ballots are never deleted")

    def status(self) -> str:
        """What the paper says, for the collectors' lists: a valid ballot, a blank one, a
        spoiled one and why, or which topics are blank or spoiled. Reads the prefetched
        choices."""
        marks = [c.choice for c in self.choices.all()]
        if marks and all(m == Mark.BLANK for m in marks):
            return str(_("Blank ballot (空白票): counted as neither for, against nor abstain."))
        if marks and all(m in INVALID_MARKS for m in marks):
            return str(
                _(
                    "Spoiled ballot (作废票): %(reason)s. Counted as neither for, against nor "
                    "abstain."
                )
                % {"reason": self.spoiled_reason}
            )
        if any(m in INVALID_MARKS for m in marks):
            return str(_("Valid, with some topics blank or spoiled."))
        return str(_("Valid ballot."))


class BallotChoice(models.Model):
    Choice = Choice  # what an owner may answer online: for, against, abstain
    Mark = Mark  # and what a collector may enter from paper

    ballot = models.ForeignKey(Ballot, models.CASCADE, related_name="choices")
    topic = models.ForeignKey(VoteTopic, models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=Mark.choices)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "topic"], name="ballotchoice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}/{self.topic_id} {self.choice}"

    def save(self, *args, **kwargs):
        _refuse_after_close(Ballot.objects.filter(pk=self.ballot_id).values("vote_id")[:1])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("ballots are never deleted")
