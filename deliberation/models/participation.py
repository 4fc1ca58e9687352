"""Who has taken part in an owners' vote so far, kept per building as ballots are counted
(never recomputed over the whole roll on a page view)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from deliberation.models.votes import OwnersVote


class VoteParticipation(models.Model):
    """One row per (vote, building of the frozen roll), and one for the whole vote
    (`overall`, building name ""): the roll's units, area and owners, and those of them
    that have a counted ballot. Areas are in hundredths of a square metre, as in
    deliberation/tally.py. An owner (head key) counts once in a building however many of
    its units there voted, and once in the whole vote however many buildings its units are
    in (法释〔2009〕7号 第九条) — the same count as `participation.count_roll`.

    Created when the roll is frozen; updated with F() in the ballot's transaction by every
    write that counts or uncounts a ballot (deliberation/services/ballots.py)."""

    vote = models.ForeignKey(OwnersVote, models.CASCADE, related_name="participation")
    overall = models.BooleanField(default=False)
    building_name = models.CharField(max_length=50, blank=True)
    position = models.PositiveIntegerField(default=0)  # the building's order on the roll
    units = models.PositiveIntegerField(default=0)
    area = models.BigIntegerField(default=0)
    heads = models.PositiveIntegerField(default=0)
    voted_units = models.PositiveIntegerField(default=0)
    voted_area = models.BigIntegerField(default=0)
    voted_heads = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participation")
        ordering = ["vote", "-overall", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "overall", "building_name"], name="participation_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.building_name or '*'}"
