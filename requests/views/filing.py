"""Filing a request: a resident's own, and one filed for a neighbour without a phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from compounds.models import Building, Compound, Unit
from compounds.permissions import access_compound
from compounds.standing import standing_of
from portal.calendar import as_24h
from portal.forms import id_from
from portal.http import reported
from portal.security import camera_allowed
from requests import queries, services
from requests.forms import (
    FileForNeighbourForm,
    FileRequestForm,
    home_place_choices,
    neighbour_place_choices,
)
from requests.models import Request
from requests.permissions import compounds_to_file_for
from requests.presets import Preset, preset_for
from requests.services.pending_photos import (
    pending_clear,
    pending_hold,
    pending_offer,
    pending_take,
)


def _about(request: HttpRequest) -> Preset | None:
    """What a QR sticker named (`?about=facility:42`, carried through the form), as the
    app that registered it finds it for this reader; only in a compound they live in."""
    about = preset_for(request.user, request.POST.get("about") or request.GET.get("about"))
    mine = standing_of(request.user).resident_compounds
    return about if about is not None and about.compound_id in mine else None


def _home_compound(request: HttpRequest, about: Preset | None = None) -> Compound | None:
    """The compound to file in: the sticker's thing's or the QR code's building's, else the
    current compound, among those the resident lives in."""
    if about is not None:
        return Compound.objects.filter(pk=about.compound_id).first()
    mine = standing_of(request.user).resident_compounds
    building_id = id_from(request.GET, "building") or id_from(request.POST, "building")
    building = Building.objects.filter(pk=building_id, compound_id__in=mine).first()
    if building is not None:
        return building.compound
    wanted = request.session.get("current_compound_id")
    chosen = wanted if wanted in mine else min(mine, default=None)
    return Compound.objects.filter(pk=chosen).first() if chosen else None


def _initial_place(request: HttpRequest, places, about=None, categories=()) -> dict:
    """The place (and the kind: home's 求助 tile opens the form with ?kind=help); a
    sticker's thing fills in its building or place and its category."""
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in Request.Kind.values else {}
    if about is not None:
        chosen = [c.pk for c in categories if c.code == about.category_code]
        where = f"building:{about.building_id}"
        return initial | {
            "where": where if about.building_id and where in dict(places) else "place",
            "place": about.place,
            "category": chosen[0] if chosen else None,
        }
    building = id_from(request.GET, "building")
    if building and f"building:{building}" in dict(places):
        return initial | {"where": f"building:{building}"}
    if places and places[0][0].startswith("unit:"):
        return initial | {"where": places[0][0]}
    return initial


@camera_allowed  # the photo of what is broken, taken on the spot
@require_http_methods(["GET", "POST"])
@login_required
def file_request(request: HttpRequest) -> HttpResponse:
    about = _about(request)
    compound = _home_compound(request, about)
    if compound is None:
        messages.info(request, _("Join your home first; then you can report from here."))
        return redirect("compounds:join_home")
    categories = queries.categories_for(compound)
    places = home_place_choices(request.user, compound)
    form = FileRequestForm(
        request.POST or None,
        request.FILES or None,
        compound=compound,
        categories=categories,
        places=places,
        homes=Unit.objects.filter(residencies__user=request.user),
        initial=_initial_place(request, places, about, categories),
        kept=() if request.htmx else pending_offer(request.session, "file"),
    )
    if request.method == "POST" and form.is_valid():
        with reported(request, "", form) as outcome:
            outcome.result = services.request_file(
                reporter=request.user,
                about=about,
                **form.request_fields(kept=_kept(request, "file", form)),
            )
        if outcome.ok:
            return _filed(request, "file", outcome.result, _("Your request is filed."))
    if request.method == "POST":
        _hold_photos(request, "file", form)
    template = "requests/file.html#similar" if request.htmx else "requests/file.html"
    similar = _similar(request, compound, categories)
    context = {"form": form, "compound": compound, "similar": similar, "about": about}
    return render(request, template, context)


def _kept(request: HttpRequest, key: str, form) -> list:
    return pending_take(request.session, key, dropped=form.cleaned_data.get("drop_photos") or ())


def _hold_photos(request: HttpRequest, key: str, form) -> None:
    """A try that failed: keep its photos for the next one and offer them with the form."""
    data = getattr(form, "cleaned_data", {})
    errors = pending_hold(
        request.session,
        request.user,
        key,
        uploads=data.get("photos") or (),
        dropped=data.get("drop_photos") or (),
    )
    for error in errors:
        if error not in form.errors.get("photos", []) + form.non_field_errors():
            form.add_error("photos", error)
    form.offer_kept(pending_offer(request.session, key))


def _filed(request: HttpRequest, key: str, item, done: str) -> HttpResponse:
    """Filed: forget the kept photos and say in one sentence what happens next."""
    pending_clear(request.session, request.user, key)
    space = "" if done.endswith("。") else " "  # no space after a Chinese full stop
    messages.success(request, f"{done}{space}{_next_steps(item)}")
    return redirect("requests:detail", item.pk)


def _next_steps(item: Request) -> str:
    """Who handles it and by when: the deadlines stored at filing (requests/deadlines.py),
    shown as the `deadline` filter shows them."""
    when = {
        "handler": item.get_handler_kind_display(),
        "accept": as_24h(item.accept_due),
        "resolve": as_24h(item.resolve_due),
    }
    if item.handler_kind == Request.Handler.VOLUNTEERS:
        text = _("A volunteer takes it on by %(accept)s and helps by %(resolve)s")
    elif item.on_site_due:
        when["on_site"] = as_24h(item.on_site_due)
        text = _(
            "The %(handler)s accepts it by %(accept)s, is on site by %(on_site)s and "
            "resolves it by %(resolve)s"
        )
    else:
        text = _("The %(handler)s accepts it by %(accept)s and resolves it by %(resolve)s")
    return _("%(what)s; you are told of every step.") % {"what": text % when}


def _similar(request: HttpRequest, compound: Compound, categories) -> list:
    """Open requests like the one being filed (same category, same building or place), so
    the resident can follow one instead of filing it again."""
    params = request.POST if request.method == "POST" else request.GET
    category = next((c for c in categories if str(c.pk) == params.get("category")), None)
    kind, _sep, pk = (params.get("where") or "").partition(":")
    place = (params.get("place") or "").strip()[:100]
    if category is None:
        return []
    if kind == "building":
        building = compound.buildings.filter(pk=id_from({"id": pk}, "id")).first()
        if building is None:
            return []
        rows = queries.similar_open(compound, category, building=building)
    elif kind == "place" and place:
        rows = queries.similar_open(compound, category, place=place)
    else:
        return []
    return [r for r in rows if r.reporter_id != request.user.pk]


def _file_for_compound(request: HttpRequest) -> Compound | None:
    """The compound to file in for a neighbour: ?compound=, else the current one, among
    those where the user may. A compound named outside the user's scope is 404; one they
    see but file for nobody in is 403."""
    named = id_from(request.POST, "compound") or id_from(request.GET, "compound")
    if named:
        return access_compound(request.user, named, "request.file_for")
    allowed = compounds_to_file_for(request.user)
    wanted = request.session.get("current_compound_id")
    return next((c for c in allowed if c.pk == wanted), allowed[0] if allowed else None)


@camera_allowed
@require_http_methods(["GET", "POST"])
@login_required
def file_for_neighbour(request: HttpRequest) -> HttpResponse:
    """代报: a role holder or staff member files for a neighbour who has no phone, from a
    phone call or a visit; the record says who filed for whom and how."""
    compound = _file_for_compound(request)
    if compound is None:
        raise PermissionDenied(
            _("Building role holders, committees and staff file for neighbours.")
        )
    form = FileForNeighbourForm(
        request.POST or None,
        request.FILES or None,
        compound=compound,
        categories=queries.categories_for(compound),
        places=neighbour_place_choices(compound),
        homes=Unit.objects.filter(building__compound=compound),
        kept=pending_offer(request.session, "file_for"),
    )
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["resident_name"]
        with reported(request, "", form) as outcome:
            outcome.result = services.request_file(
                reporter=form.reporter,
                reporter_name=name,
                filed_by=request.user,
                channel=form.cleaned_data["channel"],
                **form.request_fields(kept=_kept(request, "file_for", form)),
            )
        if outcome.ok:
            return _filed(
                request, "file_for", outcome.result, _("Filed for %(name)s.") % {"name": name}
            )
    if request.method == "POST":
        _hold_photos(request, "file_for", form)
    return render(request, "requests/file_for.html", {"form": form, "compound": compound})
