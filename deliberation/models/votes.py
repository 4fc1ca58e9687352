"""An owners' vote (业主表决): its notice, topics, frozen roll, proxies and the visits to
owners who have not voted."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deliberation.models.choices import MatterItem
from deliberation.models.proposals import Proposal
from portal.uploads import random_name

USER = settings.AUTH_USER_MODEL


class OwnersVote(models.Model):
    """业主表决: the notice, its dates and method, its topics, the frozen roll, the ballots."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        NOTICED = "noticed", _("notice published")
        CLOSED = "closed", _("closed and counted")

    class HeadRule(models.TextChoices):
        """How the frozen roll counts owners (法释〔2009〕7号 第九条). Rolls frozen before the
        owner-set key keep the key they were frozen with, and say so."""

        VOTER = "voter", _("one owner per person named to vote (a roll frozen before owner sets)")
        OWNER_SET = "owner_set", _("one owner per set of owners of a unit (第九条)")

    compound = models.ForeignKey("compounds.Compound", models.PROTECT, related_name="votes")
    title = models.CharField(_("title"), max_length=120)
    method = models.TextField(
        _("method"),
        max_length=2000,
        help_text=_("How owners vote: online, by proxy, on paper collected by building heads…"),
    )
    buildings = models.ManyToManyField(
        "compounds.Building",
        blank=True,
        related_name="+",
        help_text=_("Only the owners of these buildings vote; none means the whole compound."),
    )
    entrances = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Only the owners of these entrances vote: [building id, entrance] pairs."),
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    opens_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    noticed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    notice = models.ForeignKey(
        "announcements.Announcement", models.PROTECT, null=True, blank=True, related_name="+"
    )
    result_notice = models.ForeignKey(
        "announcements.Announcement", models.PROTECT, null=True, blank=True, related_name="+"
    )
    roll_source = models.CharField(_("source of the roll"), max_length=1000, blank=True)
    paper_prevails = models.BooleanField(
        _("a paper ballot prevails over an online one"),
        default=True,
        help_text=_(
            "The rule for a unit with both: the verified signed paper ballot counts, and an "
            "online ballot after it is refused."
        ),
    )
    head_rule = models.CharField(
        _("how owners are counted"),
        max_length=10,
        choices=HeadRule.choices,
        default=HeadRule.OWNER_SET,
    )
    # Frozen with the roll from DELIBERATION_INVALID_BALLOTS_PARTICIPATE, so a later change
    # of the setting never changes a count already under way or stored.
    invalid_ballots_participate = models.BooleanField(
        _("blank and spoiled ballots count as taking part"), default=True
    )
    # An election's vote: a ballot says "for" to at most as many candidates as there are
    # seats. Stored on the vote so the ballot check needs nothing of elections.
    max_for = models.PositiveSmallIntegerField(
        _("at most this many 'for' choices per ballot"), null=True, blank=True
    )
    created_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("owners' vote")
        verbose_name_plural = _("owners' votes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True) | Q(closes_at__gt=models.F("opens_at")),
                name="vote_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def phase(self, now=None) -> tuple[str, str]:
        """Where the vote stands as people say it: (code, words). Noticed is three
        phases: before voting opens, voting open (投票中), and closed but not yet counted."""
        now = now or timezone.now()
        if self.state == self.State.NOTICED and self.opens_at and self.closes_at:
            if now < self.opens_at:
                return "noticed", str(self.get_state_display())
            if now < self.closes_at:
                return "open", str(_("voting open"))
            return "counting", str(_("voting closed, being counted"))
        return self.state, str(self.get_state_display())

    def days_left(self, now=None) -> int:
        """Whole days until voting closes, a part of a day counting as one; 0 once closed."""
        now = now or timezone.now()
        if self.closes_at is None or now >= self.closes_at:
            return 0
        return -((now - self.closes_at) // timedelta(days=1))

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.state == self.State.NOTICED
            and self.opens_at is not None
            and self.opens_at <= now < self.closes_at
        )


class VoteTopic(models.Model):
    """One question of the notice; fixed once the notice is published."""

    vote = models.ForeignKey(OwnersVote, models.CASCADE, related_name="topics")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("topic"), max_length=200)
    matter_item = models.PositiveSmallIntegerField(_("matter"), choices=MatterItem.choices)
    proposal = models.ForeignKey(
        Proposal, models.PROTECT, null=True, blank=True, related_name="topics"
    )
    result = models.JSONField(null=True, blank=True, help_text=_("The stored tally."))

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["vote", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class RollEntry(models.Model):
    """The roll frozen at the notice: one row per voting unit, with its 专有部分面积 and head
    key (法释〔2009〕7号 第八、九条), and who casts its ballot."""

    vote = models.ForeignKey(OwnersVote, models.CASCADE, related_name="roll")
    unit = models.ForeignKey("compounds.Unit", models.PROTECT, related_name="+")
    building_name = models.CharField(max_length=50)
    label = models.CharField(max_length=120)
    area = models.DecimalField(max_digits=9, decimal_places=2)
    # "owners:<sorted user ids>" (or a hash of them, compounds.queries.owner_set_key),
    # "developer" or "unit:<id>"; rolls frozen before owner sets hold "person:<voter id>".
    head_key = models.CharField(max_length=255)
    voter = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("roll entry")
        verbose_name_plural = _("roll entries")
        ordering = ["vote", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "unit"], name="rollentry_once"),
            models.CheckConstraint(condition=Q(area__gt=0), name="rollentry_area_positive"),
        ]
        indexes = [
            # A ballot locks the roll rows of one owner (vote, head key) FOR UPDATE.
            models.Index(fields=["vote", "head_key"], name="rollentry_owner"),
            # The unreached list walks the roll in its order and stops after a page,
            # rather than sorting the whole roll (issue 13).
            models.Index(fields=["vote", "building_name", "label", "id"], name="rollentry_order"),
        ]

    def __str__(self) -> str:
        return self.label


def proxy_path(instance, filename: str) -> str:
    return random_name("proxies", filename)


class Proxy(models.Model):
    """委托书: an owner's signed written authorisation for another person (often a tenant
    or a relative) to vote for the unit on the named matters within a validity period."""

    vote = models.ForeignKey(OwnersVote, models.CASCADE, related_name="proxies")
    unit = models.ForeignKey("compounds.Unit", models.PROTECT, related_name="+")
    owner = models.ForeignKey(USER, models.PROTECT, related_name="+")
    # The proxy may not use Gongzhi yet: the letter then waits under the number the owner
    # typed, and is theirs once they sign in with that number verified
    # (services.ballots.proxies_claim). The owner is never told whether a number is
    # registered (issue 16: the form was a way to find out who uses Gongzhi).
    proxy = models.ForeignKey(
        USER, models.PROTECT, null=True, blank=True, related_name="proxies_held"
    )
    proxy_phone = models.CharField(_("proxy's mobile number"), max_length=20, blank=True)
    matters = models.CharField(_("matters"), max_length=300)
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    scan = models.FileField(_("signed proxy form"), upload_to=proxy_path)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proxy")
        verbose_name_plural = _("proxies")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "unit"],
                condition=Q(revoked_at__isnull=True),
                name="proxy_one_per_unit",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("valid_from")), name="proxy_period"
            ),
            models.CheckConstraint(
                condition=Q(proxy__isnull=False) | ~Q(proxy_phone=""), name="proxy_named"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.proxy_id or self.proxy_phone}"


class Outreach(models.Model):
    """A visit or call to an owner who has not voted yet (the unreached queue)."""

    vote = models.ForeignKey(OwnersVote, models.CASCADE, related_name="outreach")
    unit = models.ForeignKey("compounds.Unit", models.PROTECT, related_name="+")
    by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    note = models.CharField(_("what happened"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("outreach")
        verbose_name_plural = _("outreach")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.unit_id}"
