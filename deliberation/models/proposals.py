"""A proposal (议题) and its dossier: versions, events, signatures, comments, the review,
holds, implementation and evaluation. Stage changes happen only in deliberation/workflow.py."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deliberation import representatives
from deliberation.models.choices import Choice, MatterItem
from portal.models import AppendOnly
from portal.uploads import random_name

USER = settings.AUTH_USER_MODEL


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
    # The repair it was raised from (a common part too costly to repair without the
    # owners: finance offers "发起维修资金使用决议" on the request's page).
    request = models.ForeignKey(
        "repair_requests.Request",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("raised from request"),
    )
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

    @property
    def representatives_rule(self) -> str:
        """How a representatives' meeting decides an ordinary affair, in the page's words
        (from the settings in force)."""
        return representatives.rule_text()


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


class PetitionShare(models.Model):
    """The petition's signers' share of the owners by area and headcount, as counted over
    the compound's owner roll (queries.petition_share) in the transaction of the last
    signature, and when: the petition's page reads it instead of building the roll."""

    proposal = models.OneToOneField(Proposal, models.CASCADE, related_name="share")
    area = models.DecimalField(max_digits=14, decimal_places=2)
    total_area = models.DecimalField(max_digits=14, decimal_places=2)
    heads = models.PositiveIntegerField()
    total_heads = models.PositiveIntegerField()
    met = models.BooleanField()
    counted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("petition share")
        verbose_name_plural = _("petition shares")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.heads}/{self.total_heads}"

    def as_dict(self) -> dict:
        """The shape of queries.petition_share, with the moment it was counted."""
        names = ("area", "total_area", "heads", "total_heads", "met", "counted_at")
        return {name: getattr(self, name) for name in names}


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
    return random_name("progress", filename)


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
