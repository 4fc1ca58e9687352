"""The workbench of handlers and role holders, and the help-order board of volunteers."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from compounds.standing import standing_of
from portal.paging import Counted
from requests import counters as kept
from requests import queries, workflow
from requests.forms import BulkDispatchForm, QueueFilterForm
from requests.models import Request
from requests.paging import with_compounds
from requests.permissions import (
    access_help_order,
    access_request,
    may_file_for,
    require_queue,
    teams_of,
)


def _dispatchable(items) -> list:
    """People one may dispatch the page's requests to: the current teams of their handler
    kinds, in one query (the workflow checks each dispatch again)."""
    if not items:
        return []
    return list(get_user_model().objects.filter(teams_of(items)).order_by("pk")[:50])


def _compound_chip(request: HttpRequest, chosen: dict) -> dict:
    """A drill-down from the dashboard filters by compound: the page shows it as a chip
    whose × opens the same query without it (and from its first page)."""
    query = request.GET.copy()
    for key in ("compound", "page"):
        query.pop(key, None)
    return {"compound": chosen["compound"], "without_compound": f"?{query.urlencode()}"}


STATE_LABELS = dict(Request.State.choices)
KIND_LABELS = dict(Request.Handler.choices)


@require_GET
@login_required
def work_queue(request: HttpRequest) -> HttpResponse:
    """The handler's and role holder's workbench: filters stay in the URL."""
    require_queue(request.user)
    filters = QueueFilterForm(request.GET, user=request.user)
    chosen = filters.filters()
    counters = kept.counters(request.user, chosen["scope"])
    length = counters.pop("open")  # the queue as it opens; a filtered one is counted
    counted_at = counters.pop("counted_at")  # kept figures say when they were counted
    known = length if queries.unfiltered(chosen) else None
    rows = Counted(queries.queue(request.user, **chosen), 25, known)
    page = rows.get_page(request.GET.get("page"))
    page.object_list = with_compounds(list(page.object_list))
    template = "requests/queue.html#rows" if request.htmx else "requests/queue.html"
    # Options as (id, label) pairs, rendered by one `options` tag: model rows and a
    # template loop cost 2 ms for sixty buildings.
    buildings = list(
        filters.fields["building"].queryset.values_list("pk", "compound__name", "name")[:60]
    )
    return render(
        request,
        template,
        {
            "workers": _dispatchable(page.object_list),
            "may_file_for": may_file_for(request.user),
            "street_offices": sorted(standing_of(request.user).street_offices),
            "page": page,
            "counters": counters,
            "counted_at": counted_at,
            "filters": request.GET,
            "scope": chosen["scope"],
            **_compound_chip(request, chosen),
            "states": Request.State.choices,
            # Labels looked up in a dict (get_FOO_display rebuilt the choices per call),
            # translated once here rather than once a row.
            "state_labels": {k: str(v) for k, v in STATE_LABELS.items()},
            "kind_labels": {k: str(v) for k, v in KIND_LABELS.items()},
            "categories": [(c.pk, str(c)) for c in filters.fields["category"].queryset],
            "buildings": [(pk, f"{compound} {name}") for pk, compound, name in buildings],
        },
    )


@require_POST
@login_required
def bulk_dispatch(request: HttpRequest) -> HttpResponse:
    """Dispatch several requests of the queue to one person at once; each goes through the
    workflow, so each is checked on its own and a refused one does not stop the others."""
    require_queue(request.user)
    form = BulkDispatchForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["request"]:
        messages.error(request, _("Choose the requests and who will handle them."))
        return redirect("requests:queue")
    assignee = get_user_model().objects.filter(pk=form.cleaned_data["assignee"]).first()
    done = refused = forbidden = 0
    for request_id in form.cleaned_data["request"]:
        try:
            item = access_request(request.user, request_id)
            workflow.perform(item.pk, "assign", actor=request.user, assignee=assignee)
            done += 1
        except (PermissionDenied, Http404):
            forbidden += 1
        except ValidationError:
            refused += 1
    if forbidden and not (done or refused):
        raise PermissionDenied(_("None of these requests is yours to dispatch."))
    messages.success(
        request,
        _("Dispatched %(done)s; %(refused)s could not be.")
        % {"done": done, "refused": refused + forbidden},
    )
    return redirect("requests:queue")


@require_GET
@login_required
def help_orders(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.help_board(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "requests/help_orders.html", {"page": page})


@require_POST
@login_required
def claim(request: HttpRequest, request_id: int) -> HttpResponse:
    """接单: the first volunteer wins; the others are told it is taken. Someone who may not
    take help orders is refused (403), and one who cannot see the order gets 404."""
    item = access_help_order(request.user, request_id)
    try:
        workflow.perform(item.pk, "claim", actor=request.user)
    except ValidationError as error:
        taken = Request.objects.filter(pk=item.pk, handler__isnull=False).exists()
        messages.error(
            request,
            _("Someone else has already taken this order.") if taken else " ".join(error.messages),
        )
        return redirect("requests:help_orders")
    messages.success(request, _("It is yours. Thank you!"))
    return redirect("requests:detail", item.pk)
