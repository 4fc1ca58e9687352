"""The pages on top of every app: home, and the boards that read more than one app."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from compounds import queries
from compounds.announcements.queries import home_notices
from compounds.context_processors import current_place
from compounds.forms import CommitmentForm, DeedForm
from compounds.models import Compound
from compounds.permissions import (
    access_public_compound,
    can,
    fetch_as,
    may_mark,
    may_record_deed,
)
from portal.paging import Counted
from portal.site import audit
from portal.site.dashboard import exports, summary
from portal.site.dashboard.board import board, figures_key, kept
from portal.site.dashboard.health import RULES, health
from portal.site.dashboard.queries import (
    compound_charts,
    dashboard_compounds,
    dashboard_rows,
)
from portal.site.home import FEATURES, home_panels
from requests.hours import hours_of


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "portal/welcome.html")
    current = current_place(request).get("current_compound")
    notices = home_notices(request.user, current) if current else []
    return render(request, "portal/home.html", {"panels": home_panels(request), "notices": notices})


@require_GET
def coming_soon(request: HttpRequest, feature: str) -> HttpResponse:
    if feature not in FEATURES:
        raise Http404
    return render(request, "portal/coming_soon.html", {"feature": FEATURES[feature]})


@require_GET
def party_board(request: HttpRequest, compound_id: int) -> HttpResponse:
    """党员亮身份: the compound's party members with this month's commitments, the residents'
    marks, and each member's service hours this year (help orders and service activities)."""
    compound = access_public_compound(request.user, compound_id)
    month = timezone.localdate().replace(day=1)
    user = request.user
    members = queries.party_members(compound)
    commitments = list(queries.commitments_for(compound, month))
    marked = queries.commitments_marked_by(user, compound, month)
    return render(
        request,
        "compounds/party_board.html",
        {
            "compound": compound,
            "month": month,
            "members": members,
            "hours": hours_of([m.pk for m in members], month.year),
            "commitments": commitments,
            "marked": marked,
            # Per commitment: record its deed (its own member), mark it (the residents).
            "deeds": {c.pk for c in commitments if may_record_deed(user, c)},
            "markable": {c.pk for c in commitments if may_mark(user, c) and c.pk not in marked},
            "may_commit": can(user, "commitment.add", compound),
            "commitment_form": CommitmentForm(),
            "deed_form": DeedForm(),
        },
    )


def _dashboard(request: HttpRequest) -> tuple[list, str, object]:
    """The rows of the user's dashboard in the asked order (?sort=) and the time of its
    oldest figures; 404 for anyone without a dashboard, whatever the format."""
    compounds = dashboard_compounds(request.user)
    if compounds is None:
        raise Http404
    rows, sort = dashboard_rows(compounds, request.GET.get("sort", ""))
    times = [r.figures.computed_at for r in rows if r.figures]
    return rows, sort, min(times, default=None)


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every compound a community or street-office staff member looks after, worst health
    first (or by a column), from the kept figures; nobody else has a dashboard (404). The
    board is kept from one refresh to the next (portal/site/dashboard/board.py)."""
    compounds = dashboard_compounds(request.user)
    if compounds is None:
        raise Http404
    html, computed_at = board(request.user, compounds, request.GET.get("sort", ""))
    return render(
        request,
        "portal/dashboard.html",
        {"board": mark_safe(html), "computed_at": computed_at},  # noqa: S308 - our render
    )


@require_GET
@login_required
def compound_figures(request: HttpRequest, compound_id: int) -> HttpResponse:
    """One compound's kept figures, health with its parts and trends, for the staff whose
    dashboard holds it (with links to the lists behind the figures) and for its own
    residents; no personal data. Everyone else: 404."""
    compounds = Compound.objects.select_related("community__street_office", "figures")
    compound = fetch_as(request.user, compounds, compound_id, seen="compound.figures")
    figures = getattr(compound, "figures", None)
    staff = can(request.user, "dashboard.view", compound)
    body = kept(
        figures_key(compound, figures, staff),
        "portal/_compound_figures_body.html",
        lambda: {
            "compound": compound,
            "f": figures,
            "health": health(figures) if figures else None,
            "charts": compound_charts(compound),
            "staff": staff,
            "rules": RULES,
        },
    )
    return render(
        request,
        "portal/compound_figures.html",
        {"compound": compound, "f": figures, "staff": staff, "body": mark_safe(body)},  # noqa: S308
    )


AUDIT_PAGE = 30


def _audit_log(request: HttpRequest, compound_id: int):
    """The compound (404 unless the user may read its log) and its filter form."""
    compounds = Compound.objects.select_related("community__street_office")
    compound = fetch_as(request.user, compounds, compound_id, seen="audit.view")
    form = audit.AuditFilterForm(request.GET or None, actors=audit.actors_of(compound))
    return compound, form


@require_GET
@login_required
def audit_log(request: HttpRequest, compound_id: int) -> HttpResponse:
    """Who did what, when, to which object, newest first, for the compound's supervisory
    committee and the staff in scope; filtered by what, who, when and object. Everyone
    else: 404 (residents included: the log is for those who supervise)."""
    compound, form = _audit_log(request, compound_id)
    page = None  # filters that do not make sense show their messages, not the whole log
    if not form.is_bound or form.is_valid():
        events = audit.filtered(compound, form.cleaned_data if form.is_bound else {})
        page = Counted(events, AUDIT_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/audit_log.html",
        {"compound": compound, "form": form, "page": page, "rows": audit.rows(page or [])},
    )


@require_GET
@login_required
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The dashboard's table as CSV or XLSX: its rows in the page's order, formula-safe."""
    rows, _sort, computed_at = _dashboard(request)
    if fmt == "xlsx":
        response = StreamingHttpResponse(exports.as_xlsx(rows), content_type=exports.XLSX)
    else:
        response = HttpResponse(exports.as_csv(rows), content_type=exports.CSV)
    name = exports.filename(computed_at, fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def dashboard_print(request: HttpRequest) -> HttpResponse:
    """A4 summary for the street office's monthly meeting: totals, the ten worst compounds
    with their two weakest parts, then the whole table condensed (in the page's order)."""
    rows, _sort, computed_at = _dashboard(request)
    return render(
        request,
        "portal/dashboard_print.html",
        {
            "rows": rows,
            "computed_at": computed_at,
            "today": timezone.localdate(),
            "offices": summary.offices_of(request.user),
            "totals": summary.totals(rows),
            "worst": summary.worst(rows),
        },
    )


@require_GET
@login_required
def audit_log_csv(request: HttpRequest, compound_id: int) -> HttpResponse:
    """The log with the same filters as CSV; bad filters answer the page with its errors."""
    compound, form = _audit_log(request, compound_id)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "portal/audit_log.html",
            {"compound": compound, "form": form, "page": None, "rows": []},
            status=400,
        )
    events = audit.filtered(compound, form.cleaned_data if form.is_bound else {})
    response = StreamingHttpResponse(
        audit.csv_lines(events), content_type="text/csv; charset=utf-8"
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="audit-{compound.pk}-{day}.csv"'
    return response
