"""A compound's deliberation page and its owners' votes: the draft, the notice, the vote's
page (ballots offered, participation, the result) and the audit bundle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds.context_processors import current_place
from compounds.permissions import access_compound
from deliberation import permissions, queries, services
from deliberation.bars import participation_bars, topic_results
from deliberation.models import Election, OwnersVote, Proposal
from deliberation.permissions import access_vote
from deliberation.services.votes import earliest_opening, notice_rules
from deliberation.vote_forms import BallotForm, NoticeForm, VoteCreateForm
from portal.calendar import holiday_warning
from portal.http import reported


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The current compound's proposals and votes."""
    compound = current_place(request).get("current_compound")
    if compound is None:
        messages.info(request, _("Join your home first; then you can take part."))
        return redirect("compounds:join_home")
    return redirect("deliberation:compound", compound.pk)


@require_GET
@login_required
def compound_index(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    can = permissions.deliberation_capabilities(request.user, compound)
    return render(
        request,
        "deliberation/index.html",
        {
            "compound": compound,
            "can": can,
            "votes": queries.votes_of(compound, with_drafts=can.may_organise),
            "proposals": Proposal.objects.filter(compound=compound).select_related("raised_by"),
            "meetings": compound.meetings.all()[:20],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def vote_new(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id, "vote.organise")
    form = VoteCreateForm(request.POST or None, compound=compound)
    if request.method == "POST" and form.is_valid():
        with reported(
            request, _("The draft is saved. Publish its notice when ready."), form
        ) as outcome:
            vote = services.vote_create(
                by=request.user,
                compound=compound,
                title=form.cleaned_data["title"],
                method=form.cleaned_data["method"],
                topics=form.topics(),
                buildings=list(form.cleaned_data["buildings"]),
                entrances=form.scope(),
            )
        if outcome.ok:
            return redirect("deliberation:vote", vote.pk)
    return render(request, "deliberation/vote_new.html", {"form": form, "compound": compound})


def _ballot_forms(vote: OwnersVote, topics, groups) -> list[tuple]:
    """One ballot form per group of homes the user votes for, with their current choices."""
    return [
        (
            group,
            BallotForm(
                topics=topics,
                groups=groups,
                initial={"unit": group.unit_id}
                | {f"topic_{t}": c for t, c in group.current.items()},
            ),
        )
        for group in groups
    ]


@require_GET
@login_required
def vote_detail(request: HttpRequest, vote_id: int) -> HttpResponse:
    vote = access_vote(request.user, vote_id)
    can = permissions.vote_capabilities(request.user, vote)
    topics = list(vote.topics.select_related("proposal"))
    is_open, closed = vote.is_open(), vote.state == OwnersVote.State.CLOSED
    noticed = vote.state == OwnersVote.State.NOTICED  # a closed vote shows its stored result
    taking_part = queries.participation(vote) if noticed else None
    return render(
        request,
        "deliberation/vote.html",
        {
            "vote": vote,
            "can": can,
            "topics": topics,
            "forms": _ballot_forms(vote, topics, can.groups) if is_open else [],
            "is_open": is_open,
            "phase": vote.phase(),
            "results": topic_results(topics) if closed else [],
            "participation": taking_part,
            "participation_bars": participation_bars(taking_part["overall"]) if taking_part else [],
            "notice_form": NoticeForm(earliest=earliest_opening(timezone.now()))
            if can.may_publish
            else None,
            "my_codes": queries.my_codes(vote, request.user),
            "rules": notice_rules(),
            "election": Election.objects.filter(vote=vote).first() if closed else None,
        },
    )


@require_POST
@login_required
def vote_publish(request: HttpRequest, vote_id: int) -> HttpResponse:
    vote = access_vote(request.user, vote_id, "vote.organise")
    form = NoticeForm(request.POST)
    with reported(request, _("The notice is published and the owner roll is frozen.")) as done:
        if not form.is_valid():
            raise ValidationError(_("Give the dates voting opens and closes."))
        services.vote_publish_notice(vote_id=vote.pk, by=request.user, **form.cleaned_data)
    if done.ok and (warning := holiday_warning(**form.cleaned_data)):
        messages.warning(request, warning)  # a warning, never a refusal
    return redirect("deliberation:vote", vote.pk)


@require_GET
@login_required
def bundle(request: HttpRequest, vote_id: int, topic_id: int) -> HttpResponse:
    vote = access_vote(request.user, vote_id, "vote.bundle")
    topic = vote.topics.filter(pk=topic_id).first()
    if topic is None or vote.state != OwnersVote.State.CLOSED:
        raise Http404
    response = HttpResponse(queries.audit_bundle(vote, topic), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="vote-{vote.pk}-topic-{topic.pk}.zip"'
    return response
