"""Kept figures per compound (issue 15): one row per compound, recomputed by
`portal.site.dashboard.refresh.refresh_figures` on beat, read by the dashboard and the staff
home panels. A kept figure is not live: pages show "更新于 HH:MM" from `computed_at`."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from deliberation.models import Proposal

HOURS = {"max_digits": 8, "decimal_places": 1, "null": True, "blank": True}
HUNDREDTH = Decimal("0.01")
SHARE = {"max_digits": 5, "decimal_places": 4, "null": True, "blank": True}  # 0–1


class CompoundFigures(models.Model):
    compound = models.OneToOneField(
        "compounds.Compound", models.CASCADE, related_name="figures", verbose_name=_("compound")
    )
    computed_at = models.DateTimeField()
    households = models.PositiveIntegerField(default=0)  # units on the registry
    residents = models.PositiveIntegerField(default=0)  # current verified residencies
    open_requests = models.PositiveIntegerField(default=0)
    overdue_requests = models.PositiveIntegerField(default=0)  # requests.deadlines.late (已超时)
    escalated_requests = models.PositiveIntegerField(default=0)  # open, escalation_level > 0
    accept_hours_30 = models.DecimalField(**HOURS)  # medians over requests accepted then
    accept_hours_90 = models.DecimalField(**HOURS)
    resolve_hours_30 = models.DecimalField(**HOURS)  # medians over requests resolved then
    resolve_hours_90 = models.DecimalField(**HOURS)
    rated = models.PositiveIntegerField(default=0)  # ratings of requests closed in 90 days
    rating_average = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    rating_good_share = models.DecimalField(**SHARE)  # share rated 4 or 5
    suggestions_overdue = models.PositiveIntegerField(default=0)  # unanswered past answer_due
    proposals_by_stage = models.JSONField(default=dict)  # stage → count, proposals under way
    votes_open = models.PositiveIntegerField(default=0)
    last_vote_closed_at = models.DateTimeField(null=True, blank=True)
    last_vote_area_share = models.DecimalField(**SHARE)
    last_vote_heads_share = models.DecimalField(**SHARE)
    accounts = models.PositiveIntegerField(default=0)  # finance accounts that disclose
    disclosure_last_published = models.DateTimeField(null=True, blank=True)
    disclosure_next_due = models.DateTimeField(null=True, blank=True)  # earliest ahead
    disclosures_late = models.PositiveIntegerField(default=0)  # ended, unpublished, past due
    vacancies = models.PositiveIntegerField(default=0)  # 两长四员 roles without a holder
    role_slots = models.PositiveIntegerField(default=0)  # buildings × roles of the set
    terms_ending = models.PositiveIntegerField(default=0)  # bodies whose term ends in 3 months
    volunteer_hours = models.DecimalField(max_digits=8, decimal_places=1, default=0)
    # The governance health of these figures (health.py), kept so that a staff home counts
    # the compounds in poor health in one aggregate, not by scoring each compound.
    health_score = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        app_label = "portal_site"
        verbose_name = _("compound figures")
        verbose_name_plural = _("compound figures")

    def __str__(self) -> str:
        return f"{self.compound_id} @ {self.computed_at:%Y-%m-%d %H:%M}"

    @property
    def proposals_under_way(self) -> int:
        return sum(self.proposals_by_stage.values())

    @property
    def stages(self) -> list[tuple[str, int]]:
        """(the stage's name, count) of the proposals under way, in the stages' order."""
        return [
            (label, self.proposals_by_stage[code])
            for code, label in Proposal.Stage.choices
            if self.proposals_by_stage.get(code)
        ]


def _ratio(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


class TrendMonth(models.Model):
    """One month of one place's trends (issue 15), kept by `refresh_figures` for the last 12
    months (local months, Asia/Shanghai). A place is a compound, a community or a street
    office (`level` + `place_id`): a median cannot be summed from the compounds' medians, so
    every level a staff member looks at keeps its own row. Counts and sums are kept rather
    than averages and shares, so that a community's counts are the sums of its compounds'."""

    class Level(models.TextChoices):
        COMPOUND = "compound", _("compound")
        COMMUNITY = "community", _("community")
        STREET_OFFICE = "street_office", _("street office")

    level = models.CharField(max_length=16, choices=Level.choices)
    place_id = models.PositiveIntegerField()  # a Compound, Community or StreetOffice
    month = models.DateField()  # its first day
    computed_at = models.DateTimeField()
    filed = models.PositiveIntegerField(default=0)  # requests created in the month
    resolved = models.PositiveIntegerField(default=0)  # requests resolved in the month
    resolve_hours = models.DecimalField(**HOURS)  # median, filing → resolved, of those
    rated = models.PositiveIntegerField(default=0)  # requests closed in the month with a rating
    rating_sum = models.PositiveIntegerField(default=0)
    rated_good = models.PositiveIntegerField(default=0)  # rated 4 or 5
    votes_closed = models.PositiveIntegerField(default=0)  # owners' votes closed in the month
    votes_counted = models.PositiveIntegerField(default=0)  # of them, with an overall tally
    area = models.BigIntegerField(default=0)  # sums over the counted votes' overall rows
    voted_area = models.BigIntegerField(default=0)
    heads = models.PositiveIntegerField(default=0)
    voted_heads = models.PositiveIntegerField(default=0)
    disclosures_due = models.PositiveIntegerField(default=0)  # periods due in the month, passed
    disclosures_on_time = models.PositiveIntegerField(default=0)  # published by their due time

    class Meta:
        app_label = "portal_site"
        verbose_name = _("month of trends")
        verbose_name_plural = _("months of trends")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "place_id", "month"], name="trend_month_one_per_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.place_id} {self.month:%Y-%m}"

    @property
    def rating_average(self) -> Decimal | None:
        if not self.rated:
            return None
        return (Decimal(self.rating_sum) / self.rated).quantize(HUNDREDTH, ROUND_HALF_UP)

    @property
    def rating_good_share(self) -> Decimal | None:
        return _ratio(self.rated_good, self.rated)

    @property
    def area_share(self) -> Decimal | None:
        return _ratio(self.voted_area, self.area)

    @property
    def heads_share(self) -> Decimal | None:
        return _ratio(self.voted_heads, self.heads)

    @property
    def punctuality(self) -> Decimal | None:
        """The share of the month's due disclosures published by their due time."""
        return _ratio(self.disclosures_on_time, self.disclosures_due)
