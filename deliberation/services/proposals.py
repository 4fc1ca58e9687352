"""Proposals through the five stages: raising (by the branch, the committee or a residents'
petition), revisions, comments, the committee's review, the branch's opinion, the
supervisory committee's holds, the decision and the implementation."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Compound
from compounds.permissions import require
from compounds.standing import standing_of
from deliberation import permissions, queries, workflow
from deliberation import representatives as rule
from deliberation.models import (
    Comment,
    Evaluation,
    Hold,
    MatterItem,
    Meeting,
    OwnersVote,
    PetitionShare,
    PetitionSignature,
    ProgressUpdate,
    Proposal,
    ProposalEvent,
    ProposalVersion,
    RepresentativesDecision,
    ReviewVote,
)
from deliberation.services.votes import vote_create
from portal.images import reencode_image
from portal.text import written

S = Proposal.Stage


def _text(value: str, field: str, limit: int) -> str:
    return written(value, limit=limit, code=field)


def _budget(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValidationError(_("The budget must be an amount in yuan."), code="budget") from exc
    if amount < 0 or amount >= Decimal("10000000000"):
        raise ValidationError(_("The budget must be an amount in yuan."), code="budget")
    return amount


def _fresh(proposal: Proposal) -> Proposal:
    """The proposal as it is now (a caller's copy may be older than its stage)."""
    return Proposal.objects.select_related("compound__community").get(pk=proposal.pk)


def _event(proposal: Proposal, actor, action: str, note: str = "") -> ProposalEvent:
    return ProposalEvent.objects.create(
        proposal=proposal,
        actor=actor,
        action=action,
        from_stage=proposal.stage,
        to_stage=proposal.stage,
        note=note,
    )


def proposal_raise(
    *,
    by,
    compound: Compound,
    title: str,
    background: str = "",
    options: str = "",
    budget_estimate=None,
    funding_source: str = "",
    matter_item: int = MatterItem.ORDINARY,
    petition: bool = False,
    source=None,
) -> Proposal:
    """提议: the party branch or the owners' committee raise a proposal; any owner may start
    a residents' petition, which becomes an agenda item once co-signed by enough owners."""
    require(by, "petition.sign" if petition else "proposal.lead", compound)
    if petition:
        origin = Proposal.Origin.PETITION
    else:
        g = standing_of(by)
        origin = (
            Proposal.Origin.PARTY_BRANCH
            if compound.pk in g.branch_officer_compounds
            and not {"owners_committee", "self_management_committee"} & g.bodies[compound.pk]
            else Proposal.Origin.OWNERS_COMMITTEE
        )
    title = _text(title, "title", 120)
    if not title:
        raise ValidationError(_("Give the proposal a title."), code="title")
    if matter_item not in MatterItem.values:
        raise ValidationError(_("Choose the matter."), code="matter_item")
    if funding_source and funding_source not in Proposal.Funding.values:
        raise ValidationError(_("Choose the funding source."), code="funding_source")
    if source is not None and source.compound_id != compound.pk:
        raise ValidationError(_("The request is of another compound."), code="request")
    fields = {
        "title": title,
        "background": _text(background, "background", 5000),
        "options": _text(options, "options", 5000),
        "budget_estimate": _budget(budget_estimate),
    }
    with transaction.atomic():
        proposal = Proposal.objects.create(
            compound=compound,
            funding_source=funding_source,
            matter_item=matter_item,
            origin=origin,
            raised_by=by,
            request=source,
            **fields,
        )
        ProposalVersion.objects.create(proposal=proposal, number=1, author=by, **fields)
        _event(proposal, by, "raise")
        if petition:
            PetitionSignature.objects.create(proposal=proposal, user=by)
            _petition_check(proposal)
    return proposal


def _petition_check(proposal: Proposal) -> None:
    """Count the signers' share, store it for the petition's page, and tell the committee
    once it is met. In the signature's transaction (the proposal's row is locked)."""
    share = petition_share_refresh(proposal=proposal)
    if proposal.petition_met_at is None and share.met:
        proposal.petition_met_at = timezone.now()
        proposal.save(update_fields=["petition_met_at"])
        _event(proposal, None, "petition_met")
        workflow.tell(proposal, "proposal.petition_met")


def petition_share_refresh(*, proposal: Proposal) -> PetitionShare:
    """Store the petition's share counted now over the owner roll (also for signatures
    loaded around the services, such as the scale generator's)."""
    share = queries.petition_share(proposal)
    stored, _created = PetitionShare.objects.update_or_create(
        proposal=proposal, defaults=share | {"counted_at": timezone.now()}
    )
    return stored


def petition_sign(*, proposal: Proposal, by) -> PetitionSignature:
    """An owner co-signs (联名); once owners with 20% of the area and 20% of the headcount
    have signed, the committee must put it on its agenda (it is told)."""
    proposal = _fresh(proposal)
    permissions.check_sign(by, proposal)
    with transaction.atomic():
        Proposal.objects.select_for_update().get(pk=proposal.pk)
        try:
            with transaction.atomic():
                signature = PetitionSignature.objects.create(proposal=proposal, user=by)
        except IntegrityError as exc:
            raise ValidationError(_("You have already signed."), code="duplicate") from exc
        proposal.refresh_from_db()
        _petition_check(proposal)
    return signature


def proposal_revise(
    *, proposal: Proposal, by, title: str, background: str, options: str, budget_estimate, note
) -> ProposalVersion:
    """A revision during proposal or consultation: a new version; earlier ones are kept."""
    proposal = _fresh(proposal)
    permissions.check_revise(by, proposal)
    fields = {
        "title": _text(title, "title", 120),
        "background": _text(background, "background", 5000),
        "options": _text(options, "options", 5000),
        "budget_estimate": _budget(budget_estimate),
    }
    if not fields["title"]:
        raise ValidationError(_("Give the proposal a title."), code="title")
    note = _text(note, "note", 300)
    if not note:
        raise ValidationError(_("Say what changed."), code="note")
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        number = locked.versions.count() + 1
        version = ProposalVersion.objects.create(
            proposal=locked, number=number, author=by, note=note, **fields
        )
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
        _event(locked, by, "revise", note)
    return version


def comment_add(*, proposal: Proposal, by, text: str) -> Comment:
    proposal = _fresh(proposal)
    permissions.check_comment(by, proposal)
    text = _text(text, "text", 2000)
    if not text:
        raise ValidationError(_("Write your comment."), code="text")
    return Comment.objects.create(proposal=proposal, author=by, text=text)


def review_vote(*, proposal: Proposal, by, choice: str) -> ReviewVote:
    """审议: a committee member's own vote (no proxies); it may change during the review."""
    proposal = _fresh(proposal)
    permissions.check_review_vote(by, proposal)
    if choice not in ReviewVote.Choice.values:
        raise ValidationError(_("Choose for, against or abstain."), code="choice")
    vote, _created = ReviewVote.objects.update_or_create(
        proposal=proposal, member=by, defaults={"choice": choice, "created_at": timezone.now()}
    )
    return vote


def branch_opinion_record(*, proposal: Proposal, by, opinion: str) -> Proposal:
    proposal = _fresh(proposal)
    permissions.check_branch_opinion(by, proposal)
    opinion = _text(opinion, "opinion", 2000)
    if not opinion:
        raise ValidationError(_("Write the branch's opinion."), code="opinion")
    with transaction.atomic():
        proposal.branch_opinion, proposal.branch_opinion_by = opinion, by
        proposal.save(update_fields=["branch_opinion", "branch_opinion_by"])
        _event(proposal, by, "branch_opinion", opinion)
    return proposal


def hold_place(*, proposal: Proposal, by, reason: str) -> Hold:
    """The supervisory committee holds the proposal; it cannot move on until answered."""
    proposal = _fresh(proposal)
    permissions.check_hold(by, proposal)
    reason = _text(reason, "reason", 2000)
    if not reason:
        raise ValidationError(_("Please give a reason."), code="reason")
    with transaction.atomic():
        hold = Hold.objects.create(proposal=proposal, placed_by=by, reason=reason)
        _event(proposal, by, "hold", reason)
        workflow.tell(proposal, "proposal.held")
    return hold


def hold_answer(*, hold: Hold, by, answer: str) -> Hold:
    """A lead answers the supervisory committee's hold; a count that came in while it stood
    decides the proposal now."""
    permissions.check_answer_hold(by, _fresh(hold.proposal))
    answer = _text(answer, "answer", 2000)
    if not answer:
        raise ValidationError(_("Write the answer."), code="answer")
    with transaction.atomic():
        locked = Hold.objects.select_for_update().get(pk=hold.pk)
        if locked.answered_at:
            raise ValidationError(_("The hold is already answered."), code="answered")
        locked.answer, locked.answered_by, locked.answered_at = answer, by, timezone.now()
        locked.save()
        proposal = _fresh(locked.proposal)
        _event(proposal, by, "hold_answered", answer)
        if (
            proposal.stage == S.RESOLVE
            and not queries.has_open_hold(proposal)
            and workflow.decision_of(proposal) is not None
        ):  # the count came in while the hold stood: it decides now
            workflow.advance(proposal.pk, "decide", actor=by)
    return locked


def proposal_put_to_vote(*, proposal: Proposal, by, method: str, buildings=()) -> OwnersVote:
    """决议 by the owners: a draft vote with the proposal as its topic."""
    proposal = _fresh(proposal)
    permissions.check_put_to_vote(by, proposal)
    return vote_create(
        by=by,
        compound=proposal.compound,
        title=proposal.title,
        method=method,
        topics=[
            {"title": proposal.title, "matter_item": proposal.matter_item, "proposal": proposal}
        ],
        buildings=list(buildings),
    )


def representatives_decide(
    *,
    proposal: Proposal,
    by,
    meeting: Meeting,
    representatives: int,
    present: int,
    in_favour: int,
) -> Proposal:
    """An ordinary affair decided by a residents' representatives' meeting. Never for a
    matter of 第278条. The meeting counts only with more than half of all `representatives`
    present (居民委员会组织法 第九条: without it the meeting cannot be held, so nothing is
    recorded and the proposal stays undecided); then it passes with more than half of those
    present in favour, else it is rejected (deliberation/representatives.py; settings)."""
    proposal = _fresh(proposal)
    permissions.check_representatives(by, proposal)
    if meeting.compound_id != proposal.compound_id or meeting.kind != (
        Meeting.Kind.REPRESENTATIVES
    ):
        raise ValidationError(_("Choose the representatives' meeting."), code="meeting")
    if not (0 <= in_favour <= present <= representatives) or present == 0:
        raise ValidationError(
            _("Check the numbers: representatives, present and in favour."), code="numbers"
        )
    if not rule.quorum_met(representatives, present):
        raise ValidationError(
            _(
                "The meeting had no quorum: %(present)s of %(total)s representatives were "
                "present; at least %(fewest)s must be (%(rule)s). It cannot decide."
            )
            % {
                "present": present,
                "total": representatives,
                "fewest": rule.fewest_for_quorum(representatives),
                "rule": rule.rule_text(),
            },
            code="quorum",
        )
    with transaction.atomic():
        RepresentativesDecision.objects.create(
            proposal=proposal,
            meeting=meeting,
            representatives=representatives,
            present=present,
            in_favour=in_favour,
            quorum=rule.share_text(settings.DELIBERATION_REPRESENTATIVES_QUORUM),
            majority=rule.share_text(settings.DELIBERATION_REPRESENTATIVES_MAJORITY),
            recorded_by=by,
        )
        proposal.refresh_from_db()
        workflow.advance(proposal.pk, "decide", actor=by)
    proposal.refresh_from_db()
    return proposal


def decide_after_vote(vote: OwnersVote) -> None:
    """Called when a vote closes: each proposal put to it is decided by its topic's count —
    unless a supervisory hold came meanwhile; then it is decided once the hold is answered."""
    for topic in vote.topics.filter(proposal__stage=S.RESOLVE):
        if not queries.has_open_hold(topic.proposal):
            workflow.advance(topic.proposal_id, "decide", actor=None)


def progress_add(*, proposal: Proposal, by, text: str, photo=None) -> ProgressUpdate:
    proposal = _fresh(proposal)
    permissions.check_progress(by, proposal)
    text = _text(text, "text", 2000)
    if not text:
        raise ValidationError(_("Say what was done."), code="text")
    cleaned = reencode_image(photo) if photo is not None else None
    update = ProgressUpdate(proposal=proposal, author=by, text=text)
    if cleaned is not None:
        update.photo.save(cleaned.name, cleaned, save=False)
    update.save()
    return update


def evaluation_give(*, proposal: Proposal, by, verdict: str) -> Evaluation:
    """评议: residents evaluate once the supervisory committee signed the work off."""
    proposal = _fresh(proposal)
    permissions.check_evaluate(by, proposal)
    if verdict not in Evaluation.Verdict.values:
        raise ValidationError(_("Choose how satisfied you are."), code="verdict")
    try:
        with transaction.atomic():
            return Evaluation.objects.create(proposal=proposal, resident=by, verdict=verdict)
    except IntegrityError as exc:
        raise ValidationError(_("You have already evaluated it."), code="duplicate") from exc
