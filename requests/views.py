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
from compounds.permissions import can
from compounds.standing import standing_of
from requests import services, workflow
from requests.forms import ActionForm, FileForNeighbourForm, FileRequestForm
from requests.models import Category, Request
from requests.permissions import access_request


def _home_compound(request: HttpRequest) -> Compound | None:
    """The compound to file in: the QR code's building, else the current compound."""
    g = standing_of(request.user)
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
        homes = Unit.objects.filter(residencies__user=request.user)
        try:
            filed = services.request_file(
                reporter=request.user, **_request_fields(data, compound, homes)
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


def _request_fields(data: dict, compound: Compound, homes) -> dict:
    """The filing form's answers as `request_file` arguments. A home comes from `homes`
    (the filer's own, or any of the compound's when filing for a neighbour); the service
    refuses a place of another compound with a clear message."""
    kind, _sep, pk = data["where"].partition(":")
    return {
        "compound": compound,
        "category": Category.objects.get(pk=data["category"]),
        "description": data["description"],
        "kind": data["kind"],
        "urgency": data["urgency"],
        "unit": homes.filter(pk=pk).select_related("building").first() if kind == "unit" else None,
        "building": Building.objects.filter(pk=pk).first() if kind == "building" else None,
        "place": data["place"] if kind == "place" else "",
        "photos": data["photos"],
    }


def _similar(request: HttpRequest, compound: Compound, categories) -> list:
    """Open requests like the one being filed (same category, same building or place), so
    the resident can follow one instead of filing it again."""
    params = request.POST if request.method == "POST" else request.GET
    category = next((c for c in categories if str(c.pk) == params.get("category")), None)
    kind, _sep, pk = (params.get("where") or "").partition(":")
    place = (params.get("place") or "").strip()
    if category is None:
        return []
    if kind == "building" and pk.isdigit():
        building = compound.buildings.filter(pk=pk).first()
        if building is None:
            return []
        rows = services.similar_open(compound, category, building=building)
    elif kind == "place" and place:
        rows = services.similar_open(compound, category, place=place[:100])
    else:
        return []
    return [r for r in rows if r.reporter_id != request.user.pk]


@require_GET
@login_required
def detail(request: HttpRequest, request_id: int) -> HttpResponse:
    item = access_request(request.user, request_id)
    actions = workflow.allowed_actions(request.user, item)
    people = []
    if {"assign", "transfer"} & set(actions):
        people = get_user_model().objects.filter(pk__in=workflow.team_ids(item)).order_by("pk")
    departments = []
    if "whistle" in actions:
        from compounds.models import Department

        departments = Department.objects.filter(
            street_office_id=item.compound.community.street_office_id, active=True
        ).exclude(whistles__request=item)
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
            "departments": departments,
            "outcomes": Request.Outcome.choices,
            "hand_over_kinds": [
                (k, Request.Handler(k).label)
                for k in workflow.HAND_OVER_KINDS
                if k != Request.Handler.HOUSING_OFFICER or item.building_id
            ],
            "whistles": item.whistles.select_related("department", "acknowledged_by"),
            "visits": item.return_visits.select_related("visitor")
            if {workflow.Party.TEAM, workflow.Party.DISPATCHER, workflow.Party.FILER}
            & workflow.parties_of(request.user, item)
            else [],
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
    if action == "whistle":
        from compounds.models import Department

        data["department"] = Department.objects.filter(
            pk=data.get("department") or 0,
            street_office_id=item.compound.community.street_office_id,
            active=True,
        ).first()
    else:
        data.pop("department", None)
    if action != "hand_over":
        data.pop("handler_kind", None)
    if data.get("assignee"):
        data["assignee"] = (
            get_user_model()
            .objects.filter(pk__in=workflow.team_ids(item) & {data["assignee"]})
            .first()
        )
    else:
        data.pop("assignee", None)
    try:
        workflow.perform(
            item.pk, action, actor=request.user, photos=request.FILES.getlist("photos"), **data
        )
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
    """People one may dispatch the page's requests to: the current teams of their handler
    kinds (one lookup per distinct compound, kind and building on the page; the workflow
    checks each dispatch again)."""
    ids: set[int] = set()
    seen = set()
    for item in items:
        group = (item.compound_id, item.handler_kind, item.building_id)
        if group not in seen:
            seen.add(group)
            ids |= workflow.team_ids(item)
    return list(get_user_model().objects.filter(pk__in=ids).order_by("pk")[:50]) if ids else []


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
        escalated=params.get("escalated") == "1",
    )
    page = Paginator(rows, 25).get_page(params.get("page"))
    page.object_list = list(page.object_list)
    template = "requests/queue.html#rows" if request.htmx else "requests/queue.html"
    return render(
        request,
        template,
        {
            "workers": _dispatchable(page.object_list),
            "may_file_for": _may_file_for(request.user),
            "street_offices": sorted(standing_of(request.user).street_offices),
            "page": page,
            "counters": queries.counters(request.user),
            "filters": params,
            "states": Request.State.choices,
            "categories": _queue_categories(request.user),
            "buildings": _queue_buildings(request.user),
        },
    )


def _may_file_for(user) -> bool:
    """Whether the user holds a role that files for neighbours somewhere (RULES
    "request.file_for": building roles, committees, property and area staff)."""
    g = standing_of(user)
    return bool(
        g.roles_by_building or g.bodies or g.property_compounds or g.communities or g.street_offices
    )


def _queue_buildings(user) -> list:
    """Buildings to filter by: those of the compounds the user works in directly (a street
    office's hundreds are too many for a select; they filter by category and state)."""
    g = standing_of(user)
    compounds = set(g.bodies) | g.property_compounds | g.role_compounds
    return list(
        Building.objects.filter(compound_id__in=compounds)
        .select_related("compound")
        .order_by("compound_id", "pk")[:60]
    )


def _queue_categories(user):
    """The default categories and those of the compounds the user works in."""
    from compounds.permissions import visible_compounds

    return Category.objects.filter(
        Q(compound__isnull=True) | Q(compound__in=visible_compounds(user).values("pk"))
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
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else today.year
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


def _places_for_neighbour(compound: Compound) -> list:
    """Where, when filing for a neighbour: any home, a building's common area, or a place
    (one query for the units)."""
    buildings = list(compound.buildings.all())
    units = Unit.objects.filter(building__compound=compound).select_related("building")
    homes: dict[int, list] = {b.pk: [] for b in buildings}
    for unit in units:
        homes[unit.building_id].append((f"unit:{unit.pk}", str(unit)))
    choices: list = [("", _("Choose…"))]
    choices.append(
        (
            _("Common areas"),
            [
                (f"building:{b.pk}", _("%(building)s common area") % {"building": b.name})
                for b in buildings
            ],
        )
    )
    for b in buildings:
        if homes[b.pk]:
            choices.append((_("Homes in %(building)s") % {"building": b.name}, homes[b.pk]))
    choices.append(("place", _("Elsewhere in the compound")))
    return choices


def _file_for_compound(request: HttpRequest) -> Compound | None:
    """The compound to file in for a neighbour: ?compound=, else the current one, among
    those where the user may."""
    from compounds.permissions import visible_compounds

    wanted = request.POST.get("compound") or request.GET.get("compound")
    wanted = int(wanted) if wanted and str(wanted).isdigit() else None
    wanted = wanted or request.session.get("current_compound_id")
    allowed = [
        c for c in visible_compounds(request.user) if can(request.user, "request.file_for", c)
    ]
    chosen = next((c for c in allowed if c.pk == wanted), None)
    if chosen is None and (request.POST.get("compound") or request.GET.get("compound")):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied  # asked for a compound where the user files for nobody
    return chosen or (allowed[0] if allowed else None)


@require_http_methods(["GET", "POST"])
@login_required
def file_for_neighbour(request: HttpRequest) -> HttpResponse:
    """代报: a role holder or staff member files for a neighbour who has no phone, from a
    phone call or a visit; the record says who filed for whom and how."""
    from django.core.exceptions import PermissionDenied

    compound = _file_for_compound(request)
    if compound is None:
        raise PermissionDenied
    categories = services.categories_for(compound)
    form = FileForNeighbourForm(
        request.POST or None,
        request.FILES or None,
        categories=categories,
        places=_places_for_neighbour(compound),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reporter = None
        if data["resident_phone"]:
            reporter = (
                get_user_model()
                .objects.filter(
                    phone=data["resident_phone"],
                    residencies__in=Residency.objects.current().filter(
                        status=Residency.Status.VERIFIED, unit__building__compound=compound
                    ),
                )
                .first()
            )
            if reporter is None:
                form.add_error(
                    "resident_phone",
                    _(
                        "No resident of this compound has that number; leave it empty to file "
                        "without an account."
                    ),
                )
        if not form.errors:
            try:
                homes = Unit.objects.filter(building__compound=compound)
                filed = services.request_file(
                    reporter=reporter,
                    reporter_name=data["resident_name"],
                    filed_by=request.user,
                    channel=data["channel"],
                    **_request_fields(data, compound, homes),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Filed for %(name)s.") % {"name": data["resident_name"]}
                )
                return redirect("requests:detail", filed.pk)
    return render(request, "requests/file_for.html", {"form": form, "compound": compound})


@require_http_methods(["GET", "POST"])
@login_required
def departments(request: HttpRequest, office_id: int) -> HttpResponse:
    """街道吹哨、部门报到: the street office's departments and their people, how fast each
    reported in and responded, and satisfaction per handler in its compounds."""
    from compounds import services as compound_services
    from compounds.models import Department, StreetOffice
    from compounds.permissions import require
    from requests import queries
    from requests.forms import DepartmentForm, DepartmentStaffForm

    office = StreetOffice.objects.filter(pk=office_id).first()
    if office is None:
        raise Http404
    require(request.user, "street_office.view", office)
    department_form = DepartmentForm(request.POST if "register" in request.POST else None)
    staff_form = DepartmentStaffForm(
        request.POST if "add_staff" in request.POST else None,
        departments=Department.objects.filter(street_office=office, active=True),
    )
    if request.method == "POST":
        form = department_form if "register" in request.POST else staff_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is department_form:
                    compound_services.department_register(street_office=office, **data)
                else:
                    compound_services.department_staff_add(**data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("requests:departments", office.pk)
    return render(
        request,
        "requests/departments.html",
        {
            "office": office,
            "department_form": department_form,
            "staff_form": staff_form,
            "performance": queries.department_performance(office.pk),
            "staff": _department_staff(office),
            "handlers": queries.satisfaction_by_handler(
                Request.objects.filter(compound__community__street_office=office)
            )[:30],
        },
    )


def _department_staff(office) -> dict[int, list]:
    from compounds.models import RoleAssignment

    staff: dict[int, list] = {}
    for role in (
        RoleAssignment.objects.current()
        .filter(role=RoleAssignment.Role.DEPARTMENT_STAFF, department__street_office=office)
        .select_related("user")
    ):
        staff.setdefault(role.department_id, []).append(role.user)
    return staff


@require_http_methods(["GET", "POST"])
@login_required
def rules(request: HttpRequest, compound_id: int) -> HttpResponse:
    """The compound's routing rules and time limits, edited by its committee: categories
    (whose queue each goes to, a utility's hotline) and the service levels."""
    import uuid

    from django.db import transaction
    from django.db.models import ProtectedError

    from compounds.permissions import access_compound
    from requests.forms import CategoryFormSet, ServiceLevelsForm

    compound = access_compound(request.user, compound_id, "request.rules")
    own = Category.objects.filter(compound=compound)
    post = request.POST
    if "customise" in post:
        services.categories_customise(compound)
        messages.success(request, _("The compound now has its own categories to edit."))
        return redirect("requests:rules", compound.pk)
    formset = CategoryFormSet(post if "categories" in post else None, queryset=own)
    levels = {
        urgency: services.deadlines_minutes(compound, urgency)
        for urgency in ("emergency", "normal")
    }
    levels_form = ServiceLevelsForm(
        post if "levels" in post else None,
        initial={
            f"{u}_{part}": round(minutes / 60, 1)
            for u, pair in levels.items()
            for part, minutes in zip(("accept", "resolve"), pair, strict=True)
        },
    )
    if "categories" in post and own.exists() and formset.is_valid():
        try:
            with transaction.atomic():
                saved = formset.save(commit=False)
                for category in formset.deleted_objects:
                    category.delete()
                for category in saved:
                    category.compound = compound
                    if not category.code:
                        category.code = f"custom-{uuid.uuid4().hex[:12]}"
                    category.save()
        except ProtectedError:
            messages.error(request, _("A category that requests already use cannot be deleted."))
        else:
            messages.success(request, _("Saved."))
            return redirect("requests:rules", compound.pk)
    if "levels" in post and levels_form.is_valid():
        try:
            services.service_levels_set(compound, levels_form.minutes())
        except ValidationError as error:
            levels_form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("requests:rules", compound.pk)
    return render(
        request,
        "requests/rules.html",
        {
            "compound": compound,
            "own": own.exists(),
            "defaults": Category.objects.filter(compound__isnull=True),
            "formset": formset,
            "levels_form": levels_form,
        },
    )


@require_GET
@login_required
def photo(request: HttpRequest, photo_id: int, size: str) -> HttpResponse:
    """A request's photo (or its thumbnail), for those who may see the request."""
    from portal.files import serve_file
    from requests.models import RequestPhoto

    item = RequestPhoto.objects.filter(pk=photo_id).first()
    if item is None or size not in ("full", "thumb"):
        raise Http404
    access_request(request.user, item.request_id)
    field = item.thumbnail if size == "thumb" and item.thumbnail else item.image
    return serve_file(field)
