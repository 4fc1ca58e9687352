"""Kept figures per compound (issue 15): one row per compound, recomputed by
`portal.site.dashboard.refresh.refresh_figures` on beat, read by the dashboard and the staff
home panels. A kept figure is not live: pages show "更新于 HH:MM" from `computed_at`."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from deliberation.models import Proposal

HOURS = {"max_digits": 8, "decimal_places": 1, "null": True, "blank": True}
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
