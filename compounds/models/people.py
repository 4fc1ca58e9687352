"""Residencies: who lives in which unit, how, and whether it has been verified."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from compounds.models.places import Unit
from compounds.models.terms import USER, Term, term_check
from portal.uploads import random_name


def evidence_path(instance, filename: str) -> str:
    return random_name("residency-evidence", filename)


class Residency(Term):
    class Relation(models.TextChoices):
        OWNER = "owner", _("owner")
        CO_OWNER = "co_owner", _("co-owner")
        TENANT = "tenant", _("tenant")
        HOUSEHOLD_MEMBER = "household_member", _("household member")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for verification")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("rejected")

    OWNER_RELATIONS = (Relation.OWNER, Relation.CO_OWNER)

    user = models.ForeignKey(USER, models.CASCADE, related_name="residencies")
    unit = models.ForeignKey(Unit, models.CASCADE, related_name="residencies")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    status = models.CharField(
        _("verification"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    is_voter = models.BooleanField(
        _("votes for the unit"),
        default=False,
        help_text=_("Co-owners of one unit name the one of them who votes."),
    )
    evidence = models.ImageField(_("proof"), upload_to=evidence_path, blank=True)
    reject_reason = models.CharField(_("reason for rejection"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        constraints = [
            term_check("residency"),
            models.UniqueConstraint(
                fields=["user", "unit"],
                condition=Q(end__isnull=True) & ~Q(status="rejected"),
                name="residency_one_open_per_user_and_unit",
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(is_voter=True, end__isnull=True),
                name="residency_one_voter_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(is_voter=False) | Q(relation__in=["owner", "co_owner"]),
                name="residency_only_owners_vote",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_relation_display()}"

    @property
    def is_owner(self) -> bool:
        return self.relation in self.OWNER_RELATIONS
