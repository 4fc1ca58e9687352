"""Bodies: committees and branches with their terms, and who sits on them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from compounds.models.places import Building, Community, Compound
from compounds.models.terms import USER, Term, TermQuerySet, term_check


class Body(Term):
    """A committee or branch, for one term. Compound bodies have a compound; the
    residents' committee belongs to a community."""

    class Kind(models.TextChoices):
        PARTY_BRANCH = "party_branch", _("party branch")
        OWNERS_COMMITTEE = "owners_committee", _("owners' committee")
        SUPERVISORY_COMMITTEE = "supervisory_committee", _("supervisory committee")
        SELF_MANAGEMENT_COMMITTEE = "self_management_committee", _("self-management committee")
        RESIDENTS_COMMITTEE = "residents_committee", _("residents' committee")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    compound = models.ForeignKey(
        Compound, models.CASCADE, null=True, blank=True, related_name="bodies"
    )
    community = models.ForeignKey(
        Community, models.CASCADE, null=True, blank=True, related_name="bodies"
    )
    term_number = models.PositiveSmallIntegerField(_("term number"), null=True, blank=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["kind", "-start"]
        constraints = [
            term_check("body"),
            models.CheckConstraint(
                name="body_scope_matches_kind",
                condition=(
                    Q(kind="residents_committee", community__isnull=False, compound__isnull=True)
                    | (
                        ~Q(kind="residents_committee")
                        & Q(compound__isnull=False, community__isnull=True)
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["compound", "kind", "term_number"], name="body_unique_term"
            ),
        ]

    def __str__(self) -> str:
        if self.term_number:
            return gettext("%(body)s, term %(n)s") % {
                "body": self.get_kind_display(),
                "n": self.term_number,
            }
        return str(self.get_kind_display())


class MembershipQuerySet(TermQuerySet):
    def overlapping(self, start, end):
        """Rows whose term overlaps [start, end] (an open end overlaps everything after)."""
        rows = self.filter(Q(end__isnull=True) | Q(end__gte=start))
        return rows if end is None else rows.filter(start__lte=end)

    def independence_conflict(self, body, user, start, end, exclude_pk=None) -> bool:
        """Would `user` sit on both the owners' and the supervisory committee of the
        compound on some day of [start, end]? (业主大会议事规则: the supervisory committee
        watches the owners' committee, so nobody sits on both.)"""
        rival = {
            Body.Kind.OWNERS_COMMITTEE: Body.Kind.SUPERVISORY_COMMITTEE,
            Body.Kind.SUPERVISORY_COMMITTEE: Body.Kind.OWNERS_COMMITTEE,
        }.get(body.kind)
        if rival is None:
            return False
        seats = self.filter(user=user, body__compound_id=body.compound_id, body__kind=rival)
        return seats.exclude(pk=exclude_pk).overlapping(start, end).exists()


class Membership(Term):
    class Position(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice-chair")
        SECRETARY = "secretary", _("secretary")
        DEPUTY_SECRETARY = "deputy_secretary", _("deputy secretary")
        TREASURER = "treasurer", _("treasurer")
        MEMBER = "member", _("member")

    body = models.ForeignKey(Body, models.CASCADE, related_name="memberships")
    user = models.ForeignKey(USER, models.CASCADE, related_name="memberships")
    position = models.CharField(
        _("position"), max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    is_party_member = models.BooleanField(_("party member"), default=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body_id", "position", "start"]
        constraints = [
            term_check("membership"),
            models.UniqueConstraint(
                fields=["body", "user"],
                condition=Q(end__isnull=True),
                name="membership_one_open_per_body",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.body} · {self.get_position_display()}"

    def clean(self) -> None:
        """The admin's forms run the same independence rule as the service."""
        super().clean()
        if (
            self.body_id
            and self.user_id
            and self.start
            and Membership.objects.independence_conflict(
                self.body, self.user, self.start, self.end, self.pk
            )
        ):
            raise ValidationError(
                _(
                    "Nobody may sit on the owners' committee and the supervisory committee "
                    "at the same time."
                )
            )


class PartyGroup(models.Model):
    branch = models.ForeignKey(Body, models.CASCADE, related_name="party_groups")
    building = models.ForeignKey(Building, models.CASCADE, related_name="party_groups")

    class Meta:
        verbose_name = _("party group")
        verbose_name_plural = _("party groups")
        constraints = [
            models.UniqueConstraint(fields=["branch", "building"], name="partygroup_unique")
        ]

    def __str__(self) -> str:
        return f"{self.building} · {self.branch}"
