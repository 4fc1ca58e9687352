"""Deliberation (五议): proposals and the owners' votes that resolve them.

An owners' vote (业主表决) is one notice with its topics, a roll frozen when the notice is
published, and one counted ballot per unit. Counting is in deliberation/tally.py; every
write goes through deliberation/services.py, which audits it (portal/audit.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import AppendOnly

USER = settings.AUTH_USER_MODEL


class MatterItem(models.IntegerChoices):
    """The nine matters of 民法典 第二百七十八条, and 0 for an ordinary compound affair."""

    ORDINARY = 0, _("an ordinary compound affair (not reserved to the owners)")
    RULES_OF_PROCEDURE = 1, _("(1) the rules of procedure of the owners' assembly")
    COVENANT = 2, _("(2) the management covenant")
    COMMITTEE = 3, _("(3) electing or replacing owners' committee members")
    PROPERTY_COMPANY = 4, _("(4) hiring or dismissing the property company")
    USE_FUND = 5, _("(5) using the maintenance fund")
    RAISE_FUND = 6, _("(6) raising the maintenance fund")
    REBUILD = 7, _("(7) rebuilding or altering buildings and facilities")
    CHANGE_USE = 8, _("(8) changing the use of common parts or using them for business")
    OTHER_MAJOR = 9, _("(9) another major matter of common ownership")


class Choice(models.TextChoices):
    """For, against or abstain: an owner's ballot and a committee member's review vote."""

    FOR = "for", pgettext_lazy("ballot choice", "for")
    AGAINST = "against", _("against")
    ABSTAIN = "abstain", _("abstain")


class Proposal(models.Model):
    """A matter for decision (议题) moving through the five stages (五议). Its whole history
    is its public dossier: versions, events, comments, the review, holds, the decision and
    the implementation. Stage changes happen only in deliberation/workflow.py."""

    class Stage(models.TextChoices):
        PROPOSE = "propose", _("propose")
        CONSULT = "consult", _("consult")
        REVIEW = "review", _("review")
        RESOLVE = "resolve", _("resolve")
        EVALUATE = "evaluate", _("evaluate")
        DONE = "done", _("done")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Origin(models.TextChoices):
        PARTY_BRANCH = "party_branch", _("the party branch")
        OWNERS_COMMITTEE = "owners_committee", _("the owners' committee")
        PETITION = "petition", _("residents' petition")

    class Funding(models.TextChoices):
        COMMON_INCOME = "common_income", _("common income")
        MAINTENANCE_FUND = "maintenance_fund", _("maintenance fund")
        CAMPAIGN = "campaign", _("fund-raising")
        OTHER = "other", pgettext_lazy("funding source", "other")

    class Decision(models.TextChoices):
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", pgettext_lazy("proposal decision", "rejected")

    compound = models.ForeignKey("compounds.Compound", models.PROTECT, related_name="proposals")
    title = models.CharField(_("title"), max_length=120)
    background = models.TextField(_("background"), max_length=5000, blank=True)
    options = models.TextField(_("options"), max_length=5000, blank=True)
    budget_estimate = models.DecimalField(
        _("budget estimate (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=Funding.choices, blank=True
    )
    matter_item = models.PositiveSmallIntegerField(
        _("matter"), choices=MatterItem.choices, default=MatterItem.ORDINARY
    )
    origin = models.CharField(
        _("raised by"), max_length=20, choices=Origin.choices, default=Origin.OWNERS_COMMITTEE
    )
    raised_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    stage = models.CharField(
        _("stage"), max_length=10, choices=Stage.choices, default=Stage.PROPOSE, db_index=True
    )
    petition_met_at = models.DateTimeField(null=True, blank=True)
    consult_until = models.DateTimeField(_("comments until"), null=True, blank=True)
    branch_opinion = models.TextField(_("party branch opinion"), max_length=2000, blank=True)
    branch_opinion_by = models.ForeignKey(
        USER, models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    completed_signed_by = models.ForeignKey(
        USER, models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def reserved_to_owners(self) -> bool:
        """A matter of 民法典 第278条: it can never skip the owners' vote."""
        return self.matter_item != MatterItem.ORDINARY


class ProposalVersion(models.Model):
    """Every text the proposal had; revisions during consultation add a version."""

    proposal = models.ForeignKey(Proposal, models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=120)
    background = models.TextField(blank=True)
    options = models.TextField(blank=True)
    budget_estimate = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    author = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["proposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="proposalversion_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} v{self.number}"


class ProposalEvent(AppendOnly):
    """One row per step of a proposal: the dossier's timeline, never edited or deleted."""

    proposal = models.ForeignKey(Proposal, models.CASCADE, related_name="events")
    actor = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=20)
    from_stage = models.CharField(max_length=10, blank=True)
    to_stage = models.CharField(max_length=10)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.action}"


class PetitionSignature(models.Model):
    """An owner co-signs a residents' petition (联名)."""

    proposal = models.ForeignKey(Proposal, models.CASCADE, related_name="signatures")
    user = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="signature_once")]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.user_id}"


class Comment(models.Model):
    """A resident's comment during the consultation period."""

    proposal = models.ForeignKey(Proposal, models.CASCADE, related_name="comments")
    author = models.ForeignKey(USER, models.PROTECT, related_name="+")
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.author_id}"


class ReviewVote(models.Model):
    """An owners' committee member's vote in the review (审议); no proxies."""

    Choice = Choice

    proposal = models.ForeignKey(Proposal, models.CASCADE, related_name="review_votes")
    member = models.ForeignKey(USER, models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("review vote")
        verbose_name_plural = _("review votes")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="reviewvote_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.member_id} {self.choice}"


class Hold(models.Model):
    """The supervisory committee's hold with reasons; it must be answered before the
    proposal moves on."""

    proposal = models.ForeignKey(Proposal, models.CASCADE, related_name="holds")
    placed_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), max_length=2000)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id} hold"


def progress_path(instance, filename: str) -> str:
    return f"progress/{timezone.now():%Y/%m}/{filename}"


class ProgressUpdate(models.Model):
    """Implementation tracked after the decision, with photos."""

    proposal = models.ForeignKey(Proposal, models.CASCADE, related_name="progress")
    author = models.ForeignKey(USER, models.PROTECT, related_name="+")
    text = models.TextField(_("progress"), max_length=2000)
    photo = models.ImageField(upload_to=progress_path, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id} progress"


class Evaluation(models.Model):
    """A resident's evaluation once the work is complete (评议)."""

    class Verdict(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        BASIC = "basic", _("basically satisfied")
        NOT = "not", _("not satisfied")

    proposal = models.ForeignKey(Proposal, models.CASCADE, related_name="evaluations")
    resident = models.ForeignKey(USER, models.PROTECT, related_name="+")
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "resident"], name="evaluation_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.verdict}"


class Meeting(models.Model):
    """Meetings with agenda, attendees signed in, minutes and decisions; minutes are
    published within 3 days."""

    class Kind(models.TextChoices):
        ROUNDTABLE = "roundtable", _("building roundtable")
        JOINT = "joint", _("joint meeting")
        MONTHLY_TALK = "monthly_talk", _("monthly talk")
        COMMITTEE = "committee", _("owners' committee meeting")
        ASSEMBLY = "assembly", _("owners' assembly")
        REPRESENTATIVES = "representatives", _("residents' representatives' meeting")

    compound = models.ForeignKey("compounds.Compound", models.PROTECT, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=120)
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    agenda = models.TextField(_("agenda"), max_length=3000)
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    decisions = models.TextField(_("decisions"), max_length=5000, blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    minutes_reminded_at = models.DateTimeField(null=True, blank=True)
    minutes_escalated_at = models.DateTimeField(null=True, blank=True)
    proposals = models.ManyToManyField(Proposal, blank=True, related_name="meetings")
    organiser = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attendance")
    user = models.ForeignKey(USER, models.PROTECT, related_name="+")
    signed_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.user_id}"


class RepresentativesDecision(models.Model):
    """An ordinary affair decided by a residents' representatives' meeting: more than half
    of those present."""

    proposal = models.OneToOneField(Proposal, models.CASCADE, related_name="representatives")
    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="+")
    present = models.PositiveIntegerField(_("present"))
    in_favour = models.PositiveIntegerField(_("in favour"))
    recorded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("representatives' decision")
        verbose_name_plural = _("representatives' decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(in_favour__lte=models.F("present")), name="reps_in_favour_le_present"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.in_favour}/{self.present}"

    @property
    def passed(self) -> bool:
        return 2 * self.in_favour > self.present  # 过半数: strictly more than half


class OwnersVote(models.Model):
    """业主表决: the notice, its dates and method, its topics, the frozen roll, the ballots."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        NOTICED = "noticed", _("notice published")
        CLOSED = "closed", _("closed and counted")

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
    roll_source = models.CharField(_("source of the roll"), max_length=300, blank=True)
    paper_prevails = models.BooleanField(
        _("a paper ballot prevails over an online one"),
        default=True,
        help_text=_(
            "The rule for a unit with both: the verified signed paper ballot counts, and an "
            "online ballot after it is refused."
        ),
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
    """The roll frozen at the notice: one row per voting unit, with its area and head key
    (法释〔2009〕7号 第八、九条), and who votes for it."""

    vote = models.ForeignKey(OwnersVote, models.CASCADE, related_name="roll")
    unit = models.ForeignKey("compounds.Unit", models.PROTECT, related_name="+")
    building_name = models.CharField(max_length=50)
    label = models.CharField(max_length=120)
    area = models.DecimalField(max_digits=9, decimal_places=2)
    head_key = models.CharField(max_length=40)
    voter = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("roll entry")
        verbose_name_plural = _("roll entries")
        ordering = ["vote", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "unit"], name="rollentry_once"),
            models.CheckConstraint(condition=Q(area__gt=0), name="rollentry_area_positive"),
        ]

    def __str__(self) -> str:
        return self.label


def proxy_path(instance, filename: str) -> str:
    return f"proxies/{timezone.now():%Y/%m}/{filename}"


def ballot_path(instance, filename: str) -> str:
    return f"ballots/{timezone.now():%Y/%m}/{filename}"


class Proxy(models.Model):
    """委托书: an owner's signed written authorisation for another person (often a tenant
    or a relative) to vote for the unit on the named matters within a validity period."""

    vote = models.ForeignKey(OwnersVote, models.CASCADE, related_name="proxies")
    unit = models.ForeignKey("compounds.Unit", models.PROTECT, related_name="+")
    owner = models.ForeignKey(USER, models.PROTECT, related_name="+")
    proxy = models.ForeignKey(USER, models.PROTECT, related_name="proxies_held")
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
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.proxy_id}"


def _refuse_after_close(vote_id) -> None:
    """Ballots are immutable once their vote is closed (the recount command would also
    find a change made around the ORM)."""
    if OwnersVote.objects.filter(
        pk__in=[vote_id] if isinstance(vote_id, int) else vote_id, state=OwnersVote.State.CLOSED
    ).exists():
        raise ValueError("the vote is closed: its ballots cannot change")


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


class BallotChoice(models.Model):
    Choice = Choice

    ballot = models.ForeignKey(Ballot, models.CASCADE, related_name="choices")
    topic = models.ForeignKey(VoteTopic, models.PROTECT, related_name="+")
    choice = models.CharField(max_length=10, choices=Choice.choices)

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


class Suggestion(models.Model):
    """意见建议: a resident's suggestion card. The owners' committee must answer it within
    the set days (a reminder first, then community staff are told); the answer is public
    to the compound unless the resident marked it private. It may become a proposal."""

    compound = models.ForeignKey("compounds.Compound", models.PROTECT, related_name="suggestions")
    author = models.ForeignKey(USER, models.PROTECT, related_name="+")
    text = models.TextField(_("suggestion"), max_length=2000)
    private = models.BooleanField(
        _("only the committee may read it"),
        default=False,
        help_text=_("Otherwise the suggestion and its answer are shown to the compound."),
    )
    answer_due = models.DateTimeField(_("answer by"))
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(USER, models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    proposal = models.ForeignKey(
        Proposal, models.SET_NULL, null=True, blank=True, related_name="suggestions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["compound", "answered_at"], name="suggestion_open")]

    def __str__(self) -> str:
        return self.text[:30]


class Election(models.Model):
    """换届选举 of the owners' committee: seats, nominations, then an owners' vote whose
    topics are the candidates (matter (3) of 第278条); the elected become the next term."""

    class State(models.TextChoices):
        NOMINATING = "nominating", _("taking nominations")
        VOTING = "voting", _("voting")
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


class ElectionReminder(models.Model):
    """Sent once per committee term, three months before it ends."""

    body = models.OneToOneField("compounds.Body", models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("election reminder")
        verbose_name_plural = _("election reminders")

    def __str__(self) -> str:
        return str(self.body_id)


def meeting_file_path(instance, filename: str) -> str:
    return f"meetings/{timezone.now():%Y/%m}/{filename}"


class MeetingAttachment(models.Model):
    """A photo or PDF of a meeting (the sign-in sheet, a plan, a quotation)."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=200)
    file = models.FileField(upload_to=meeting_file_path)
    content_type = models.CharField(max_length=60)
    uploaded_by = models.ForeignKey(USER, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name
