"""The proposal dossier and its actions: one page shows the whole history; each action
posts to `proposal_act` with its `op`, which calls one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds.permissions import access_compound, can
from compounds.standing import standing_of
from deliberation import queries, services, workflow
from deliberation.forms import ProposalForm, ReviseForm
from deliberation.models import Evaluation, Hold, Meeting, Proposal, ReviewVote
from deliberation.permissions import access_proposal

__all__ = ["proposal_new", "proposal_detail", "proposal_act"]


@require_http_methods(["GET", "POST"])
@login_required
def proposal_new(request: HttpRequest, compound_id: int) -> HttpResponse:
    """提议 by the leads; a residents' petition (联名) by any other owner."""
    compound = access_compound(request.user, compound_id)
    lead = can(request.user, "proposal.lead", compound)
    if not lead and not can(request.user, "petition.sign", compound):
        raise PermissionDenied
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_raise(
                by=request.user, compound=compound, petition=not lead, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The proposal is raised.")
                if lead
                else _("Your petition is open for neighbours to co-sign."),
            )
            return redirect("deliberation:proposal", proposal.pk)
    return render(
        request,
        "deliberation/proposal_new.html",
        {"form": form, "compound": compound, "petition": not lead},
    )


@require_GET
@login_required
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id)
    user = request.user
    g = standing_of(user)
    members = workflow.committee_members(proposal)
    in_favour, member_count = workflow.review_outcome(proposal)
    stage = proposal.stage
    return render(
        request,
        "deliberation/proposal.html",
        {
            "p": proposal,
            "moves": [(m, workflow.LABELS[m]) for m in workflow.allowed_moves(user, proposal)],
            "labels": workflow.LABELS,
            "stage_labels": dict(Proposal.Stage.choices),
            "events": proposal.events.select_related("actor"),
            "versions": queries.version_diffs(proposal),
            "comments": proposal.comments.select_related("author"),
            "meetings": proposal.meetings.all(),
            "holds": proposal.holds.select_related("placed_by", "answered_by"),
            "topics": proposal.topics.select_related("vote"),
            "progress": proposal.progress.select_related("author"),
            "petition": services.petition_share(proposal)
            if proposal.origin == Proposal.Origin.PETITION
            else None,
            "signed": proposal.signatures.filter(user=user).exists(),
            "review": {"for": in_favour, "members": member_count},
            "my_review": proposal.review_votes.filter(member=user).first(),
            "lead": can(user, "proposal.lead", proposal.compound),
            "is_member": user.pk in members and stage == "review",
            "is_branch_officer": proposal.compound_id in g.branch_officer_compounds
            and stage == "review",
            "is_supervisor": workflow.Party.SUPERVISOR in workflow.parties_of(user, proposal),
            "may_comment": stage == "consult"
            and proposal.consult_until
            and timezone.now() < proposal.consult_until
            and can(user, "proposal.comment", proposal.compound),
            "may_sign": stage == "propose"
            and proposal.origin == Proposal.Origin.PETITION
            and can(user, "petition.sign", proposal.compound),
            "may_evaluate": stage == "done"
            and proposal.completed_at
            and can(user, "proposal.comment", proposal.compound)
            and not proposal.evaluations.filter(resident=user).exists(),
            "evaluations": {
                v: proposal.evaluations.filter(verdict=v).count() for v in Evaluation.Verdict
            },
            "verdicts": Evaluation.Verdict.choices,
            "review_choices": ReviewVote.Choice.choices,
            "revise_form": ReviseForm(
                initial={
                    "title": proposal.title,
                    "background": proposal.background,
                    "options": proposal.options,
                    "budget_estimate": proposal.budget_estimate,
                }
            ),
            "rep_meetings": Meeting.objects.filter(
                compound=proposal.compound, kind=Meeting.Kind.REPRESENTATIVES
            ),
        },
    )


def _run(request: HttpRequest, proposal: Proposal, op: str) -> str:
    """Call the one service `op` names; return the success message."""
    post, user = request.POST, request.user
    if op in workflow.moves():
        workflow.advance(proposal.pk, op, actor=user, note=post.get("note", ""))
        return _("Done.")
    if op == "sign":
        services.petition_sign(proposal=proposal, by=user)
        return _("Thank you for co-signing.")
    if op == "revise":
        form = ReviseForm(post)
        if not form.is_valid():
            raise ValidationError(_("Please check what you entered."))
        services.proposal_revise(proposal=proposal, by=user, **form.cleaned_data)
        return _("The new version is saved; the earlier one is kept.")
    if op == "comment":
        services.comment_add(proposal=proposal, by=user, text=post.get("text", ""))
        return _("Your comment is added.")
    if op == "review_vote":
        services.review_vote(proposal=proposal, by=user, choice=post.get("choice", ""))
        return _("Your vote is recorded.")
    if op == "branch_opinion":
        services.branch_opinion_record(proposal=proposal, by=user, opinion=post.get("text", ""))
        return _("The branch's opinion is recorded.")
    if op == "hold":
        services.hold_place(proposal=proposal, by=user, reason=post.get("text", ""))
        return _("The hold is placed.")
    if op == "answer_hold":
        hold = Hold.objects.filter(pk=_int(post.get("hold")), proposal=proposal).first()
        if hold is None:
            raise Http404
        services.hold_answer(hold=hold, by=user, answer=post.get("text", ""))
        return _("The hold is answered.")
    if op == "put_to_vote":
        if not can(user, "vote.organise", proposal.compound):
            raise PermissionDenied
        vote = services.proposal_put_to_vote(
            proposal=proposal, by=user, method=post.get("text", "")
        )
        request.session["after_vote"] = vote.pk
        return _("The owners' vote is drafted: set its dates and publish the notice.")
    if op == "representatives":
        meeting = Meeting.objects.filter(
            pk=_int(post.get("meeting")), compound=proposal.compound
        ).first()
        if meeting is None or not can(user, "proposal.lead", proposal.compound):
            raise ValidationError(_("Choose the representatives' meeting."))
        services.representatives_decide(
            proposal=proposal,
            by=user,
            meeting=meeting,
            present=_int(post.get("present")),
            in_favour=_int(post.get("in_favour")),
        )
        return _("The decision is recorded.")
    if op == "progress":
        services.progress_add(
            proposal=proposal, by=user, text=post.get("text", ""), photo=request.FILES.get("photo")
        )
        return _("Progress recorded.")
    if op == "evaluate":
        services.evaluation_give(proposal=proposal, by=user, verdict=post.get("verdict", ""))
        return _("Thank you for your evaluation.")
    raise ValidationError(_("Unknown action."))


def _int(value) -> int:
    """A small non-negative whole number from a form, else 0 (never an overflow)."""
    value = str(value or "")
    return int(value) if value.isdigit() and len(value) <= 9 else 0


@require_POST
@login_required
def proposal_act(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id)
    try:
        message = _run(request, proposal, request.POST.get("op", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
        vote_id = request.session.pop("after_vote", None)
        if vote_id:
            return redirect("deliberation:vote", vote_id)
    return redirect("deliberation:proposal", proposal.pk)
