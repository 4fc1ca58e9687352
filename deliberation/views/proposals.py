"""The proposal dossier and its actions: one page shows the whole history; each action
posts to `proposal_act` with its `op`, which names one operation of the table below: the
rule that must let the user through, the form that reads the post, the one service call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds.permissions import access_compound
from deliberation import permissions, queries, services, workflow
from deliberation.extras import extras_of
from deliberation.forms import (
    AnswerHoldForm,
    EvaluateForm,
    MoveForm,
    ProgressForm,
    ProposalActionForm,
    ProposalForm,
    RepresentativesForm,
    ReviewVoteForm,
    ReviseForm,
    TextForm,
    form_errors,
)
from deliberation.from_request import prefill, source_request
from deliberation.models import Evaluation, Proposal, ReviewVote
from deliberation.permissions import access_proposal
from deliberation.stages import LABELS, NOT_OFFERED, moves
from portal.http import reported


@require_http_methods(["GET", "POST"])
@login_required
def proposal_new(request: HttpRequest, compound_id: int) -> HttpResponse:
    """提议 by the leads; a residents' petition (联名) by any other owner."""
    compound = access_compound(request.user, compound_id)
    can = permissions.deliberation_capabilities(request.user, compound)
    if not can.may_lead and not can.may_petition:
        raise PermissionDenied
    petition = not can.may_lead
    source = None if petition else source_request(request.user, compound, request.GET)
    form = ProposalForm(request.POST or None, initial=prefill(source) if source else None)
    if request.method == "POST" and form.is_valid():
        with reported(
            request,
            _("Your petition is open for neighbours to co-sign.")
            if petition
            else _("The proposal is raised."),
            form,
        ) as outcome:
            proposal = services.proposal_raise(
                by=request.user,
                compound=compound,
                petition=petition,
                source=source,
                **form.cleaned_data,
            )
        if outcome.ok:
            return redirect("deliberation:proposal", proposal.pk)
    return render(
        request,
        "deliberation/proposal_new.html",
        {"form": form, "compound": compound, "petition": petition, "source": source},
    )


@require_GET
@login_required
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id)
    revise = {f: getattr(proposal, f) for f in ("title", "background", "options")}
    return render(
        request,
        "deliberation/proposal.html",
        {
            **queries.dossier(proposal, request.user, request.GET.get("page")),
            **extras_of(proposal),
            "p": proposal,
            "can": permissions.proposal_capabilities(request.user, proposal),
            "labels": LABELS,
            "stage_labels": dict(Proposal.Stage.choices),
            "verdicts": Evaluation.Verdict.choices,
            "review_choices": ReviewVote.Choice.choices,
            "revise_form": ReviseForm(
                initial=revise | {"budget_estimate": proposal.budget_estimate}
            ),
        },
    )


@dataclass(frozen=True)
class Operation:
    check: Callable[..., None]  # the rule (permissions.check_*): 403 before the post is read
    form: type[ProposalActionForm]
    run: Callable[..., object]  # (user, proposal, cleaned data) -> the service's result
    success: str


def _move(action: str) -> Operation:
    return Operation(
        lambda user, proposal: permissions.check_move(user, proposal, action),
        MoveForm,
        lambda user, p, data: workflow.advance(p.pk, action, actor=user, note=data["note"]),
        gettext_lazy("Done."),
    )


OPERATIONS: dict[str, Operation] = {
    "sign": Operation(
        permissions.check_sign,
        ProposalActionForm,
        lambda user, p, data: services.petition_sign(proposal=p, by=user),
        gettext_lazy("Thank you for co-signing."),
    ),
    "revise": Operation(
        permissions.check_revise,
        ReviseForm,
        lambda user, p, data: services.proposal_revise(proposal=p, by=user, **data),
        gettext_lazy("The new version is saved; the earlier one is kept."),
    ),
    "comment": Operation(
        permissions.check_comment,
        TextForm,
        lambda user, p, data: services.comment_add(proposal=p, by=user, text=data["text"]),
        gettext_lazy("Your comment is added."),
    ),
    "review_vote": Operation(
        permissions.check_review_vote,
        ReviewVoteForm,
        lambda user, p, data: services.review_vote(proposal=p, by=user, choice=data["choice"]),
        gettext_lazy("Your vote is recorded."),
    ),
    "branch_opinion": Operation(
        permissions.check_branch_opinion,
        TextForm,
        lambda user, p, data: services.branch_opinion_record(
            proposal=p, by=user, opinion=data["text"]
        ),
        gettext_lazy("The branch's opinion is recorded."),
    ),
    "hold": Operation(
        permissions.check_hold,
        TextForm,
        lambda user, p, data: services.hold_place(proposal=p, by=user, reason=data["text"]),
        gettext_lazy("The hold is placed."),
    ),
    "answer_hold": Operation(
        permissions.check_answer_hold,
        AnswerHoldForm,
        lambda user, p, data: services.hold_answer(hold=data["hold"], by=user, answer=data["text"]),
        gettext_lazy("The hold is answered."),
    ),
    "put_to_vote": Operation(
        permissions.check_put_to_vote,
        TextForm,
        lambda user, p, data: services.proposal_put_to_vote(
            proposal=p, by=user, method=data["text"]
        ),
        gettext_lazy("The owners' vote is drafted: set its dates and publish the notice."),
    ),
    "representatives": Operation(
        permissions.check_representatives,
        RepresentativesForm,
        lambda user, p, data: services.representatives_decide(proposal=p, by=user, **data),
        gettext_lazy("The decision is recorded."),
    ),
    "progress": Operation(
        permissions.check_progress,
        ProgressForm,
        lambda user, p, data: services.progress_add(
            proposal=p, by=user, text=data["text"], photo=data["photo"]
        ),
        gettext_lazy("Progress recorded."),
    ),
    "evaluate": Operation(
        permissions.check_evaluate,
        EvaluateForm,
        lambda user, p, data: services.evaluation_give(
            proposal=p, by=user, verdict=data["verdict"]
        ),
        gettext_lazy("Thank you for your evaluation."),
    ),
}


def operation_of(op: str) -> Operation | None:
    if op in moves() and op not in NOT_OFFERED:
        return _move(op)
    return OPERATIONS.get(op)


@require_POST
@login_required
def proposal_act(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = access_proposal(request.user, proposal_id)
    operation = operation_of(request.POST.get("op", ""))
    if operation is None:
        messages.error(request, _("Unknown action."))
        return redirect("deliberation:proposal", proposal.pk)
    with reported(request, operation.success) as outcome:
        operation.check(request.user, proposal)  # PermissionDenied passes through: 403
        form = operation.form(request.POST, request.FILES, proposal=proposal)
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        outcome.result = operation.run(request.user, proposal, form.cleaned_data)
    if outcome.ok and operation is OPERATIONS["put_to_vote"]:
        return redirect("deliberation:vote", outcome.result.pk)
    return redirect("deliberation:proposal", proposal.pk)
