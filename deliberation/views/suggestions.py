from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds.permissions import access_compound, can
from deliberation import services
from deliberation.forms import SuggestionForm
from deliberation.models import Suggestion

__all__ = ["suggestions", "suggestion_detail", "suggestion_act"]


@require_http_methods(["GET", "POST"])
@login_required
def suggestions(request: HttpRequest, compound_id: int) -> HttpResponse:
    """The suggestion box: write one; read the compound's public ones and their answers."""
    compound = access_compound(request.user, compound_id)
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = services.suggestion_submit(
                by=request.user, compound=compound, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you. The owners' committee answers within 7 days."))
            return redirect("deliberation:suggestion", suggestion.pk)
    lead = can(request.user, "proposal.lead", compound)
    rows = Suggestion.objects.filter(compound=compound).select_related("author")
    if not lead:
        rows = rows.filter(Q(private=False) | Q(author=request.user))
    return render(
        request,
        "deliberation/suggestions.html",
        {
            "compound": compound,
            "form": form if can(request.user, "proposal.comment", compound) else None,
            "rows": rows[:50],
            "lead": lead,
        },
    )


def _access(user, suggestion_id: int) -> Suggestion:
    suggestion = (
        Suggestion.objects.filter(pk=suggestion_id)
        .select_related("compound__community__street_office", "author", "answered_by")
        .first()
    )
    if suggestion is None or not services.may_read_suggestion(user, suggestion):
        raise Http404
    return suggestion


@require_GET
@login_required
def suggestion_detail(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = _access(request.user, suggestion_id)
    return render(
        request,
        "deliberation/suggestion.html",
        {"s": suggestion, "lead": can(request.user, "proposal.lead", suggestion.compound)},
    )


@require_POST
@login_required
def suggestion_act(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = _access(request.user, suggestion_id)
    op = request.POST.get("op", "")
    try:
        if op == "answer":
            services.suggestion_answer(
                suggestion=suggestion, by=request.user, answer=request.POST.get("answer", "")
            )
            messages.success(request, _("The answer is published."))
        elif op == "to_proposal":
            proposal = services.suggestion_to_proposal(suggestion=suggestion, by=request.user)
            messages.success(request, _("It is now a proposal."))
            return redirect("deliberation:proposal", proposal.pk)
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("deliberation:suggestion", suggestion.pk)
