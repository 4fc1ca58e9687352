from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds.models import Building, Compound, Residency, Unit
from compounds.permissions import can, grants_of
from requests import services, workflow
from requests.forms import ActionForm, FileRequestForm
from requests.models import Category, Request
from requests.permissions import access_request


def _home_compound(request: HttpRequest) -> Compound | None:
    """The compound to file in: the QR code's building, else the current compound."""
    g = grants_of(request.user)
    building_id = request.GET.get("building") or request.POST.get("building")
    if building_id and str(building_id).isdigit():
        building = Building.objects.filter(pk=building_id).select_related("compound").first()
        if building and building.compound_id in g.resident_compounds:
            return building.compound
    wanted = request.session.get("current_compound_id")
    ids = sorted(g.resident_compounds)
    if wanted in g.resident_compounds:
        return Compound.objects.get(pk=wanted)
    return Compound.objects.filter(pk__in=ids).first() if ids else None


def _places(user, compound: Compound) -> list[tuple[str, str]]:
    homes = (
        Residency.objects.current()
        .filter(user=user, status=Residency.Status.VERIFIED, unit__building__compound=compound)
        .select_related("unit__building")
    )
    choices = [(f"unit:{r.unit_id}", _("My home %(unit)s") % {"unit": r.unit}) for r in homes]
    choices += [
        (f"building:{b.pk}", _("%(building)s common area") % {"building": b.name})
        for b in compound.buildings.all()
    ]
    choices.append(("place", _("Elsewhere in the compound")))
    return choices


@require_http_methods(["GET", "POST"])
@login_required
def file_request(request: HttpRequest) -> HttpResponse:
    compound = _home_compound(request)
    if compound is None:
        messages.info(request, _("Join your home first; then you can report from here."))
        return redirect("compounds:join_home")
    categories = services.categories_for(compound)
    places = _places(request.user, compound)
    initial = {}
    if (b := request.GET.get("building")) and f"building:{b}" in dict(places):
        initial["where"] = f"building:{b}"
    elif places and places[0][0].startswith("unit:"):
        initial["where"] = places[0][0]
    form = FileRequestForm(
        request.POST or None,
        request.FILES or None,
        categories=categories,
        places=places,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind, _sep, pk = data["where"].partition(":")
        unit = building = None
        if kind == "unit":
            unit = (
                Unit.objects.select_related("building")
                .filter(pk=pk, residencies__user=request.user)
                .first()
            )
        elif kind == "building":
            building = Building.objects.filter(pk=pk).first()
        try:
            filed = services.request_file(
                reporter=request.user,
                compound=compound,
                category=Category.objects.get(pk=data["category"]),
                description=data["description"],
                kind=data["kind"],
                urgency=data["urgency"],
                building=building,
                unit=unit,
                place=data["place"] if kind == "place" else "",
                photos=data["photos"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request is filed."))
            return redirect("requests:detail", filed.pk)
    return render(
        request,
        "requests/file.html#similar" if request.htmx else "requests/file.html",
        {"form": form, "compound": compound, "similar": _similar(request, compound, categories)},
    )


def _similar(request: HttpRequest, compound: Compound, categories) -> list:
    """Open requests like the one being filed (same category, same building or place), so
    the resident can follow one instead of filing it again."""
    params = request.POST if request.method == "POST" else request.GET
    category = next((c for c in categories if str(c.pk) == params.get("category")), None)
    kind, _sep, pk = (params.get("where") or "").partition(":")
    if category is None or kind != "building" or not pk.isdigit():
        return []
    building = compound.buildings.filter(pk=pk).first()
    if building is None:
        return []
    return [
        r
        for r in services.similar_open(compound, category, building=building)
        if r.reporter_id != request.user.pk
    ]


@require_GET
@login_required
def detail(request: HttpRequest, request_id: int) -> HttpResponse:
    item = access_request(request.user, request_id)
    actions = workflow.allowed_actions(request.user, item)
    people = []
    if {"assign", "transfer"} & set(actions):
        people = get_user_model().objects.filter(pk__in=workflow.team_ids(item)).order_by("pk")
    return render(
        request,
        "requests/detail.html",
        {
            "item": item,
            "people": people,
            "labels": workflow.ACTION_LABELS,
            "actions": [(a, workflow.ACTION_LABELS[a]) for a in actions],
            "events": item.events.select_related("actor").prefetch_related("photos"),
            "photos": item.photos.filter(event__action="file"),
            "may_see_phone": can(request.user, "phone.view", item.compound),
            "may_follow": _may_follow(request.user, item),
            "may_record_hours": item.handler_id == request.user.pk
            and item.kind in ("help", "wish")
            and item.state in ("resolved", "closed")
            and not item.service_records.filter(volunteer=request.user).exists(),
        },
    )


def _may_follow(user, item) -> bool:
    from requests import queries
    from requests.models import Follower

    return (
        queries.followable(user, item)
        and not Follower.objects.filter(request=item, user=user).exists()
    )


@require_POST
@login_required
def act(request: HttpRequest, request_id: int) -> HttpResponse:
    item = access_request(request.user, request_id)
    action = request.POST.get("action", "")
    form = ActionForm(request.POST)
    if action not in workflow.TRANSITIONS or action in ("escalate", "auto_close"):
        messages.error(request, _("Unknown action."))
        return redirect("requests:detail", item.pk)
    if not form.is_valid():
        messages.error(request, _("Please check what you entered."))
        return redirect("requests:detail", item.pk)
    data = dict(form.cleaned_data)
    if data.get("assignee"):
        data["assignee"] = (
            get_user_model()
            .objects.filter(pk__in=workflow.team_ids(item) & {data["assignee"]})
            .first()
        )
    else:
        data.pop("assignee", None)
    try:
        workflow.perform(item.pk, action, actor=request.user, **data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("requests:detail", item.pk)


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    rows = (
        Request.objects.filter(Q(reporter=request.user) | Q(followers__user=request.user))
        .distinct()
        .select_related("category", "building", "unit__building")
        .order_by("-created_at")
    )
    return render(
        request,
        "requests/mine.html",
        {"page": Paginator(rows, 20).get_page(request.GET.get("page"))},
    )


def _dispatchable(items) -> list:
    """People one may dispatch the page's requests to: property staff of their compounds
    (one query; the workflow checks each dispatch again)."""
    from compounds.models import RoleAssignment

    compounds = {item.compound_id for item in items}
    if not compounds:
        return []
    return list(
        get_user_model()
        .objects.filter(
            role_assignments__role=RoleAssignment.Role.PROPERTY_STAFF,
            role_assignments__property_company__compounds__in=compounds,
        )
        .distinct()
        .order_by("pk")[:50]
    )


@require_GET
@login_required
def work_queue(request: HttpRequest) -> HttpResponse:
    """The handler's and role holder's workbench: filters stay in the URL."""
    from django.core.exceptions import PermissionDenied

    from requests import queries

    if not queries.has_queue(request.user):
        raise PermissionDenied
    params = request.GET
    rows = queries.queue(
        request.user,
        scope=params.get("scope", "team"),
        state=params.get("state", ""),
        category=params.get("category", ""),
        building=params.get("building", ""),
        overdue=params.get("overdue") == "1",
    )
    page = Paginator(rows, 25).get_page(params.get("page"))
    page.object_list = list(page.object_list)
    template = "requests/queue.html#rows" if request.htmx else "requests/queue.html"
    return render(
        request,
        template,
        {
            "workers": _dispatchable(page.object_list),
            "page": page,
            "counters": queries.counters(request.user),
            "filters": params,
            "states": Request.State.choices,
            "categories": Category.objects.filter(compound__isnull=True),
        },
    )


@require_GET
@login_required
def help_orders(request: HttpRequest) -> HttpResponse:
    from requests import queries

    page = Paginator(queries.help_board(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "requests/help_orders.html", {"page": page})


@require_POST
@login_required
def claim(request: HttpRequest, request_id: int) -> HttpResponse:
    """接单: the first volunteer wins; the others are told it is taken."""
    from requests import queries

    item = Request.objects.filter(pk=request_id).first()
    if (
        item is None
        or not queries.help_board(request.user).filter(pk=item.pk).exists()
        and not Request.objects.filter(pk=request_id, handler=request.user).exists()
    ):
        messages.error(request, _("Someone else has already taken this order."))
        return redirect("requests:help_orders")
    try:
        workflow.perform(item.pk, "claim", actor=request.user)
    except ValidationError:
        messages.error(request, _("Someone else has already taken this order."))
        return redirect("requests:help_orders")
    messages.success(request, _("It is yours. Thank you!"))
    return redirect("requests:detail", item.pk)


@require_POST
@login_required
def follow(request: HttpRequest, request_id: int) -> HttpResponse:
    from requests import queries

    item = Request.objects.filter(pk=request_id).select_related("compound").first()
    if item is None or not queries.followable(request.user, item):
        raise Http404
    try:
        services.request_follow(request=item, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You will be told of every change."))
    return redirect("requests:detail", item.pk)


@require_GET
def resolved(request: HttpRequest, compound_id: int) -> HttpResponse:
    """已解决: a public board of what was fixed and how fast, with no personal data."""
    from compounds.permissions import access_public_compound
    from requests import queries

    compound = access_public_compound(request.user, compound_id)
    rows = queries.resolved_board(compound)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "requests/resolved.html",
        {
            "compound": compound,
            "page": page,
            "satisfaction": queries.satisfaction(Request.objects.filter(compound=compound)),
        },
    )


@require_POST
@login_required
def record_hours(request: HttpRequest, request_id: int) -> HttpResponse:
    item = access_request(request.user, request_id)
    try:
        services.service_hours_record(
            request=item, volunteer=request.user, hours=request.POST.get("hours", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you. Your hours are recorded."))
    return redirect("requests:detail", item.pk)


@require_GET
@login_required
def hours_ranking(request: HttpRequest, community_id: int) -> HttpResponse:
    from compounds.models import Community
    from requests import queries

    community = Community.objects.filter(pk=community_id).first()
    if community is None:
        raise Http404
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    month = request.GET.get("month", "")
    month = int(month) if month.isdigit() and 1 <= int(month) <= 12 else None
    return render(
        request,
        "requests/hours.html",
        {
            "community": community,
            "year": year,
            "month": month,
            "rows": queries.hours_ranking(community.pk, year, month),
        },
    )


@require_POST
@login_required
def bulk_dispatch(request: HttpRequest) -> HttpResponse:
    """Dispatch several requests of the queue to one person at once; each goes through the
    workflow, so each is checked on its own and a refused one does not stop the others."""
    from django.core.exceptions import PermissionDenied

    ids = [int(v) for v in request.POST.getlist("request") if v.isdigit()][:100]
    assignee_id = request.POST.get("assignee", "")
    done = refused = 0
    for request_id in ids:
        try:
            item = access_request(request.user, request_id)
            assignee = (
                get_user_model()
                .objects.filter(
                    pk=int(assignee_id) if assignee_id.isdigit() else 0,
                    pk__in=workflow.team_ids(item),
                )
                .first()
            )
            if assignee is None:
                raise ValidationError(_("Choose who will handle it."))
            workflow.perform(item.pk, "assign", actor=request.user, assignee=assignee)
            done += 1
        except (ValidationError, PermissionDenied, Http404):
            refused += 1
    messages.success(
        request,
        _("Dispatched %(done)s; %(refused)s could not be.") % {"done": done, "refused": refused},
    )
    return redirect("requests:queue")
