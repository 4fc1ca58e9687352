"""Taking part in an owners' vote: the online ballot, written proxies, paper ballots entered
and verified by collectors, and the list of owners not reached yet."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from compounds.standing import standing_of
from deliberation import participation, permissions, queries, services
from deliberation.forms import form_errors
from deliberation.models import OwnersVote
from deliberation.permissions import access_vote
from deliberation.vote_forms import (
    BallotForm,
    OutreachForm,
    PaperBallotForm,
    ProxyForm,
    ProxyRevokeForm,
    choices_of,
)
from portal.http import reported
from portal.paging import Counted

UNREACHED_PER_PAGE = 50


@require_POST
@login_required
def ballot(request: HttpRequest, vote_id: int) -> HttpResponse:
    """An owner's (or proxy's) online ballot; it may be changed until the vote closes."""
    vote = access_vote(request.user, vote_id)
    can = permissions.vote_capabilities(request.user, vote)
    if vote.state == OwnersVote.State.CLOSED:
        raise PermissionDenied(_("Voting is not open."))
    if not can.voter:
        raise PermissionDenied(_("Only the owners on the roll and their written proxies vote."))
    topics = list(vote.topics.all())
    form = BallotForm(request.POST, topics=topics, groups=can.groups)
    success = _("Your ballot is counted. You may change it until voting closes.")
    with reported(request, success):
        if not form.is_valid():
            raise ValidationError(_("Answer every topic of the ballot."))
        group = form.cleaned_data["unit"]
        services.ballot_cast(
            vote_id=vote.pk,
            unit_id=group.unit_id,
            by=request.user,
            choices=choices_of(form, topics),
            channel=group.channel,
        )
    return redirect("deliberation:vote", vote.pk)


@require_http_methods(["GET", "POST"])
@login_required
def proxy(request: HttpRequest, vote_id: int) -> HttpResponse:
    """委托书: the owner names a proxy with a scan of the form they signed, or revokes one."""
    vote = access_vote(request.user, vote_id)
    permissions.check_name_proxy(request.user, vote)
    if request.method == "POST" and request.POST.get("op") == "revoke":
        return _revoke(request, vote)
    form = ProxyForm(request.POST or None, request.FILES or None, vote=vote, owner=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _(
            "Proxy registered. Your proxy votes for your home once signed in with that number."
        )
        with reported(request, done, form) as outcome:
            services.proxy_register(
                vote=vote,
                unit=data["unit"].unit,
                owner=request.user,
                proxy_phone=data["proxy_phone"],
                matters=data["matters"],
                valid_until=data["valid_until"],
                scan=data["scan"],
            )
        if outcome.ok:
            return redirect("deliberation:vote", vote.pk)
    context = {"vote": vote, "form": form, "mine": queries.proxies_named(vote, request.user)}
    return render(request, "deliberation/proxy.html", context)


def _revoke(request: HttpRequest, vote: OwnersVote) -> HttpResponse:
    form = ProxyRevokeForm(request.POST, vote=vote, owner=request.user)
    with reported(request, _("The proxy is revoked.")):
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        services.proxy_revoke(proxy=form.cleaned_data["proxy"], by=request.user)
    return redirect("deliberation:proxy", vote.pk)


@require_http_methods(["GET", "POST"])
@login_required
def paper(request: HttpRequest, vote_id: int) -> HttpResponse:
    """Collectors enter signed paper ballots with their scans and verify each other's."""
    vote = access_vote(request.user, vote_id, "ballot.collect")
    topics = list(vote.topics.all())
    units = [(e.unit_id, e.label) for e in vote.roll.order_by("building_name", "label")]
    form = PaperBallotForm(request.POST or None, request.FILES or None, topics=topics, units=units)
    if request.method == "POST" and form.is_valid():
        with reported(
            request, _("Entered. A second person verifies it against the scan."), form
        ) as outcome:
            services.ballot_cast(
                vote_id=vote.pk,
                unit_id=form.cleaned_data["unit"],
                by=request.user,
                choices=choices_of(form, topics),
                channel=form.cleaned_data["channel"],
                scan=form.cleaned_data["scan"],
                spoiled_reason=form.cleaned_data["spoiled_reason"],
            )
        if outcome.ok:
            return redirect("deliberation:paper", vote.pk)
    waiting = list(queries.awaiting_verification(vote))
    verifiable = permissions.verifiable_ballots(request.user, vote, waiting)
    context = {"vote": vote, "form": form, "waiting": waiting, "verifiable": verifiable}
    return render(request, "deliberation/paper.html", context)


@require_POST
@login_required
def verify(request: HttpRequest, vote_id: int, ballot_id: int) -> HttpResponse:
    vote = access_vote(request.user, vote_id, "ballot.collect")
    ballot = queries.awaiting_verification(vote).filter(pk=ballot_id).first()
    if ballot is None:
        raise Http404
    if refusal := permissions.verify_refusal(request.user, ballot):
        raise PermissionDenied(refusal)  # the page offers no button: a hand-made post
    with reported(request, _("Verified: the ballot is counted.")):
        services.ballot_verify(ballot_id=ballot_id, by=request.user)
    return redirect("deliberation:paper", vote.pk)


@require_http_methods(["GET", "POST"])
@login_required
def unreached(request: HttpRequest, vote_id: int) -> HttpResponse:
    """Homes that have not voted, by building, for the 两长四员 to visit; with a log. A
    building role holder sees their own buildings unless they ask for all (?all=1)."""
    vote = access_vote(request.user, vote_id, "ballot.collect")
    if request.method == "POST":
        return _log_visit(request, vote)
    mine = set(standing_of(request.user).roles_by_building)
    show_all = request.GET.get("all") == "1"
    buildings = mine if mine and not show_all else None
    rows = queries.unreached(vote, buildings)
    # The count from the kept participation rows: a COUNT over the roll grew with it.
    known = participation.unreached_count(vote, buildings)
    page = Counted(rows, UNREACHED_PER_PAGE, known).get_page(request.GET.get("page"))
    context = {
        "vote": vote,
        "page": page,
        "log": queries.outreach_by_unit(vote, [e.unit_id for e in page]),
        "only_mine": bool(mine),
        "show_all": show_all,
    }
    return render(request, "deliberation/unreached.html", context)


def _log_visit(request: HttpRequest, vote: OwnersVote) -> HttpResponse:
    form = OutreachForm(request.POST, vote=vote)
    with reported(request, _("Noted.")):
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        entry = form.cleaned_data["unit"]
        services.outreach_log(
            vote=vote, unit=entry.unit, by=request.user, note=form.cleaned_data["note"]
        )
    redirect_to = redirect("deliberation:unreached", vote.pk)
    if request.GET.urlencode():  # back to the same filter and page
        redirect_to["Location"] += f"?{request.GET.urlencode()}"
    return redirect_to
