"""Volunteer teams (服务队) of a compound or a community, and who is in them. A team that
is disbanded keeps its row, its members and the reason (the record); it leaves every list."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

USER = settings.AUTH_USER_MODEL
DISBAND_REASON_LIMIT = 200


class Team(models.Model):
    """A volunteer team. A compound's team has a compound; a community-wide team (社区服务队)
    has a community and no compound."""

    class Kind(models.TextChoices):
        CULTURE = "culture", _("publicity and culture")  # 宣教文艺
        ENVIRONMENT = "environment", _("environment and sanitation")  # 环保卫生
        PATROL = "patrol", _("safety patrol")  # 安全巡逻
        MEDIATION = "mediation", _("dispute mediation")  # 矛盾调处
        CARE = "care", _("care and assistance")  # 爱心帮困
        OTHER = "other", _("other")

    compound = models.ForeignKey(
        "compounds.Compound", models.CASCADE, null=True, blank=True, related_name="teams"
    )
    community = models.ForeignKey(
        "compounds.Community", models.CASCADE, null=True, blank=True, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("what the team does"), max_length=1000, blank=True)
    leader = models.ForeignKey(
        USER, models.PROTECT, related_name="led_teams", verbose_name=_("leader")
    )
    created_at = models.DateTimeField(default=timezone.now)
    disbanded_at = models.DateTimeField(null=True, blank=True)
    disband_reason = models.CharField(
        _("why it was disbanded"), max_length=DISBAND_REASON_LIMIT, blank=True
    )

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="team_compound_or_community",
                condition=Q(compound__isnull=False, community__isnull=True)
                | Q(compound__isnull=True, community__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["compound", "name"],
                condition=Q(compound__isnull=False),
                name="team_unique_name_in_compound",
            ),
            models.UniqueConstraint(
                fields=["community", "name"],
                condition=Q(community__isnull=False),
                name="team_unique_name_in_community",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def community_of(self):
        """The community the team belongs to, directly or through its compound."""
        return self.compound.community if self.compound_id else self.community


class TeamMember(models.Model):
    """One person's tie to a team: an application until the leader accepts it. Leaving or
    being declined keeps the row as history (state and left_at); an application still
    waiting when the team is disbanded is closed. The members of a disbanded team stay
    members: the record of who was in it at its end."""

    class State(models.TextChoices):
        APPLIED = "applied", _("applied")
        MEMBER = "member", pgettext_lazy("team member state", "member")
        DECLINED = "declined", _("declined")
        LEFT = "left", _("left")
        CLOSED = "closed", _("closed: the team was disbanded")

    team = models.ForeignKey(Team, models.CASCADE, related_name="members")
    user = models.ForeignKey(USER, models.CASCADE, related_name="team_memberships")
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    note = models.CharField(_("a word to the leader"), max_length=200, blank=True)
    applied_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="team_member_unique"),
        ]
        indexes = [models.Index(fields=["user", "state"], name="team_member_user_state")]

    def __str__(self) -> str:
        return f"{self.team} · {self.user}"
