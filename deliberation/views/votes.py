from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds.permissions import access_compound, can
from deliberation import queries, services
from deliberation.forms import (
    BallotForm,
    NoticeForm,
    OutreachForm,
    PaperBallotForm,
    ProxyForm,
    VoteCreateForm,
    choices_of,
)
from deliberation.models import OwnersVote, Proposal
from deliberation.permissions import access_vote

__all__ = [
    "index",
    "compound_index",
    "vote_new",
    "vote_detail",
    "vote_publish",
    "ballot",
    "proxy",
    "paper",
    "verify",
    "unreached",
    "bundle",
]


def _current_compound(request: HttpRequest):
    from compounds.context_processors import current_place

    return current_place(request).get("current_compound")


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The current compound's proposals and votes."""
    compound = _current_compound(request)
    if compound is None:
        messages.info(request, _("Join your home first; then you can take part."))
        return redirect("compounds:join_home")
    return redirect("deliberation:compound", compound.pk)


@require_GET
@login_required
def compound_index(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id)
    return render(
        request,
        "deliberation/index.html",
        {
            "compound": compound,
            "votes": OwnersVote.objects.filter(compound=compound).exclude(
                state=OwnersVote.State.DRAFT
            )
            if not can(request.user, "vote.organise", compound)
            else OwnersVote.objects.filter(compound=compound),
            "proposals": Proposal.objects.filter(compound=compound).select_related("raised_by"),
            "may_organise": can(request.user, "vote.organise", compound),
            "may_lead": can(request.user, "proposal.lead", compound),
            "may_petition": can(request.user, "petition.sign", compound),
            "may_meet": can(request.user, "meeting.organise", compound),
            "meetings": compound.meetings.all()[:20],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def vote_new(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id, "vote.organise")
    form = VoteCreateForm(request.POST or None, compound=compound)
    if request.method == "POST" and form.is_valid():
        try:
            vote = services.vote_create(
                by=request.user,
                compound=compound,
                title=form.cleaned_data["title"],
                method=form.cleaned_data["method"],
                topics=form.topics(),
                buildings=list(form.cleaned_data["buildings"]),
                entrances=form.scope(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The draft is saved. Publish its notice when ready."))
            return redirect("deliberation:vote", vote.pk)
    return render(request, "deliberation/vote_new.html", {"form": form, "compound": compound})


@require_GET
@login_required
def vote_detail(request: HttpRequest, vote_id: int) -> HttpResponse:
    vote = access_vote(request.user, vote_id)
    organiser = can(request.user, "vote.organise", vote.compound)
    if vote.state == OwnersVote.State.DRAFT and not organiser:
        raise Http404
    topics = list(vote.topics.all())
    groups = queries.ballot_groups(vote, request.user) if vote.is_open() else []
    forms = [
        (
            group,
            BallotForm(
                topics=topics,
                initial={"unit": group.unit_id}
                | {f"topic_{t}": c for t, c in group.current.items()},
            ),
        )
        for group in groups
    ]
    return render(
        request,
        "deliberation/vote.html",
        {
            "vote": vote,
            "topics": topics,
            "forms": forms,
            "is_open": vote.is_open(),
            "seats": services.election_seats_of(vote),
            "participation": services.participation(vote)
            if vote.state != OwnersVote.State.DRAFT
            else None,
            "organiser": organiser,
            "collector": can(request.user, "ballot.collect", vote.compound),
            "may_bundle": can(request.user, "vote.bundle", vote.compound),
            "notice_form": NoticeForm() if organiser else None,
            "my_codes": [
                (e.label, services.token(vote, f"unit:{e.unit_id}"))
                for e in vote.roll.filter(voter=request.user)
            ]
            if vote.state == OwnersVote.State.CLOSED
            else [],
        },
    )


@require_POST
@login_required
def vote_publish(request: HttpRequest, vote_id: int) -> HttpResponse:
    vote = access_vote(request.user, vote_id, "vote.organise")
    form = NoticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the dates voting opens and closes."))
        return redirect("deliberation:vote", vote.pk)
    try:
        services.vote_publish_notice(vote_id=vote.pk, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The notice is published and the owner roll is frozen."))
    return redirect("deliberation:vote", vote.pk)


@require_POST
@login_required
def ballot(request: HttpRequest, vote_id: int) -> HttpResponse:
    """An owner's (or proxy's) online ballot; it may be changed until the vote closes."""
    vote = access_vote(request.user, vote_id)
    topics = list(vote.topics.all())
    form = BallotForm(request.POST, topics=topics)
    group = None
    if form.is_valid():
        unit_id = form.cleaned_data["unit"]
        group = next(
            (g for g in queries.ballot_groups(vote, request.user) if g.unit_id == unit_id), None
        )
    if group is None:
        messages.error(request, _("Answer every topic of the ballot."))
        return redirect("deliberation:vote", vote.pk)
    try:
        services.ballot_cast(
            vote_id=vote.pk,
            unit_id=group.unit_id,
            by=request.user,
            choices=choices_of(form, topics),
            channel=group.channel,
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [_("Not allowed.")])))
    else:
        messages.success(
            request, _("Your ballot is counted. You may change it until voting closes.")
        )
    return redirect("deliberation:vote", vote.pk)


@require_http_methods(["GET", "POST"])
@login_required
def proxy(request: HttpRequest, vote_id: int) -> HttpResponse:
    """委托书: the owner names a proxy with a scan of the form they signed."""
    vote = access_vote(request.user, vote_id)
    entries = list(vote.roll.filter(voter=request.user))
    if not entries or vote.state != OwnersVote.State.NOTICED:
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("op") == "revoke":
        proxy = vote.proxies.filter(
            pk=int(request.POST.get("proxy", "0"))
            if request.POST.get("proxy", "").isdigit()
            else 0,
            owner=request.user,
        ).first()
        if proxy is None:
            raise Http404
        try:
            services.proxy_revoke(proxy=proxy, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The proxy is revoked."))
        return redirect("deliberation:proxy", vote.pk)
    form = ProxyForm(
        request.POST or None,
        request.FILES or None,
        initial={"unit": entries[0].unit_id, "valid_until": vote.closes_at, "matters": vote.title},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = next((e for e in entries if e.unit_id == data["unit"]), None)
        holder = get_user_model().objects.filter(phone=data["proxy_phone"]).first()
        if entry is None:
            form.add_error(None, _("Only the owner who votes for this home can name a proxy."))
        elif holder is None:
            form.add_error(
                "proxy_phone", _("Nobody with that number uses Gongzhi yet; ask them to sign up.")
            )
        else:
            try:
                services.proxy_register(
                    vote=vote,
                    unit=entry.unit,
                    owner=request.user,
                    proxy_user=holder,
                    matters=data["matters"],
                    valid_until=data["valid_until"],
                    scan=data["scan"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your proxy may now vote for your home."))
                return redirect("deliberation:vote", vote.pk)
    return render(
        request,
        "deliberation/proxy.html",
        {
            "vote": vote,
            "form": form,
            "mine": vote.proxies.filter(owner=request.user, revoked_at__isnull=True).select_related(
                "proxy", "unit__building"
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def paper(request: HttpRequest, vote_id: int) -> HttpResponse:
    """Collectors enter signed paper ballots with their scans and verify each other's."""
    vote = access_vote(request.user, vote_id, "ballot.collect")
    topics = list(vote.topics.all())
    units = [(e.unit_id, e.label) for e in vote.roll.order_by("building_name", "label")]
    form = PaperBallotForm(request.POST or None, request.FILES or None, topics=topics, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_cast(
                vote_id=vote.pk,
                unit_id=int(form.cleaned_data["unit"]),
                by=request.user,
                choices=choices_of(form, topics),
                channel=form.cleaned_data["channel"],
                scan=form.cleaned_data["scan"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Entered. A second person verifies it against the scan."))
            return redirect("deliberation:paper", vote.pk)
    return render(
        request,
        "deliberation/paper.html",
        {"vote": vote, "form": form, "waiting": queries.awaiting_verification(vote)},
    )


@require_POST
@login_required
def verify(request: HttpRequest, vote_id: int, ballot_id: int) -> HttpResponse:
    vote = access_vote(request.user, vote_id, "ballot.collect")
    if not queries.awaiting_verification(vote).filter(pk=ballot_id).exists():
        raise Http404
    try:
        services.ballot_verify(ballot_id=ballot_id, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Verified: the ballot is counted."))
    return redirect("deliberation:paper", vote.pk)


@require_http_methods(["GET", "POST"])
@login_required
def unreached(request: HttpRequest, vote_id: int) -> HttpResponse:
    """Homes that have not voted, by building, for the 两长四员 to visit; with a log."""
    vote = access_vote(request.user, vote_id, "ballot.collect")
    if request.method == "POST":
        form = OutreachForm(request.POST)
        unit = str(form.data.get("unit", ""))
        entry = (
            vote.roll.filter(unit_id=int(unit)).select_related("unit").first()
            if unit.isdigit() and len(unit) <= 9
            else None
        )
        if form.is_valid() and entry is not None:
            services.outreach_log(
                vote=vote, unit=entry.unit, by=request.user, note=form.cleaned_data["note"]
            )
            messages.success(request, _("Noted."))
        else:
            messages.error(request, _("Say what happened."))
        return redirect("deliberation:unreached", vote.pk)
    from compounds.standing import standing_of

    mine = set(standing_of(request.user).roles_by_building)
    rows = list(services.unreached(vote))
    if mine and request.GET.get("all") != "1":  # a 两长四员 sees their own buildings first
        rows = [e for e in rows if e.unit.building_id in mine]
    log: dict[int, list] = {}
    for item in vote.outreach.select_related("by"):
        log.setdefault(item.unit_id, []).append(item)
    return render(
        request,
        "deliberation/unreached.html",
        {"vote": vote, "rows": rows, "log": log, "only_mine": bool(mine)},
    )


@require_GET
@login_required
def bundle(request: HttpRequest, vote_id: int, topic_id: int) -> HttpResponse:
    vote = access_vote(request.user, vote_id, "vote.bundle")
    topic = vote.topics.filter(pk=topic_id).first()
    if topic is None or vote.state != OwnersVote.State.CLOSED:
        raise Http404
    response = HttpResponse(services.audit_bundle(vote, topic), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="vote-{vote.pk}-topic-{topic.pk}.zip"'
    return response
