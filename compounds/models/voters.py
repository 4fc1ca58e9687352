"""Who votes for a co-owned unit: a co-owner's naming waits for the other owners' agreement
(or for someone who verifies residencies there); until then the earlier voter stands."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compounds.models.people import Residency
from compounds.models.places import Unit
from compounds.models.terms import USER


class VoterNomination(models.Model):
    """One naming of the co-owner who votes for a unit (Residency.is_voter). It is in force
    once every verified current owner of the unit has agreed — each from their own phone —
    or once someone who verifies residencies there has verified it (a co-owner without a
    phone signs on paper). A new naming replaces a pending one; naming the present voter
    keeps them, so any owner can decline. The named voter only casts the unit's ballot:
    the headcount goes by the set of owners (法释〔2009〕7号 第九条)."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting for the other owners")
        IN_FORCE = "in_force", _("in force")
        REPLACED = "replaced", _("replaced or declined")

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="voter_nominations")
    nominee = models.ForeignKey(Residency, models.CASCADE, related_name="+")
    named_by = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    verified_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("naming of a voter")
        verbose_name_plural = _("namings of voters")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(state="pending"),
                name="voternomination_one_pending_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.nominee_id} ({self.state})"


class VoterAgreement(models.Model):
    """One owner's agreement to a naming (the one who names agrees by naming)."""

    nomination = models.ForeignKey(VoterNomination, models.CASCADE, related_name="agreements")
    user = models.ForeignKey(USER, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("agreement to a voter")
        verbose_name_plural = _("agreements to voters")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "user"], name="voteragreement_once"),
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id}/{self.user_id}"
