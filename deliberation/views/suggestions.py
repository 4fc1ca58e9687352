"""The suggestion box: residents write, the owners' committee answers or takes one up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds.permissions import access_compound
from deliberation import permissions, queries, services
from deliberation.forms import SuggestionForm
from deliberation.permissions import access_suggestion
from portal.http import reported


def _late_only(request: HttpRequest, compound, rows) -> tuple:
    """?late=1, the dashboard's drill-down: only those unanswered past their answer-by time,
    and how many of those the reader may not see (private: counted, never shown)."""
    if request.GET.get("late") != "1":
        return rows, None
    now = timezone.now()
    late = rows.late(now)
    return late, compound.suggestions.late(now).count() - late.count()


@require_http_methods(["GET", "POST"])
@login_required
def suggestions(request: HttpRequest, compound_id: int) -> HttpResponse:
    """The suggestion box: write one; read the compound's public ones and their answers."""
    compound = access_compound(request.user, compound_id)
    can = permissions.deliberation_capabilities(request.user, compound)
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with reported(
            request, _("Thank you. The owners' committee answers within 7 days."), form
        ) as outcome:
            suggestion = services.suggestion_submit(
                by=request.user, compound=compound, **form.cleaned_data
            )
        if outcome.ok:
            return redirect("deliberation:suggestion", suggestion.pk)
    rows = queries.suggestions_of(compound, request.user, sees_private=can.may_lead)
    rows, hidden = _late_only(request, compound, rows)
    return render(
        request,
        "deliberation/suggestions.html",
        {
            "compound": compound,
            "form": form if can.may_suggest else None,
            "rows": rows[:50],
            "late_only": hidden is not None,
            "hidden": hidden,
        },
    )


@require_GET
@login_required
def suggestion_detail(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = access_suggestion(request.user, suggestion_id)
    can = permissions.suggestion_capabilities(request.user, suggestion)
    return render(request, "deliberation/suggestion.html", {"s": suggestion, "can": can})


@require_POST
@login_required
def suggestion_act(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = access_suggestion(request.user, suggestion_id)
    op = request.POST.get("op", "")
    if op == "to_proposal":
        with reported(request, _("It is now a proposal.")) as outcome:
            outcome.result = services.suggestion_to_proposal(suggestion=suggestion, by=request.user)
        if outcome.ok:
            return redirect("deliberation:proposal", outcome.result.pk)
    elif op == "answer":
        with reported(request, _("The answer is published.")):
            answer = request.POST.get("answer", "")
            services.suggestion_answer(suggestion=suggestion, by=request.user, answer=answer)
    else:
        messages.error(request, _("Unknown action."))
    return redirect("deliberation:suggestion", suggestion.pk)
