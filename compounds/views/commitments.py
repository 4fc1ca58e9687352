"""The party-member board's actions (the board itself is portal.site's party_board, which
also reads the members' service hours): commit, record what was done, mark."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compounds import services
from compounds.forms import CommitmentForm, DeedForm, MarkForm
from compounds.permissions import access_commitment_to_mark, access_compound, access_own_commitment
from portal.http import reported


@require_POST
@login_required
def commitment_add(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id, "commitment.add")
    form = CommitmentForm(request.POST)
    if form.is_valid():
        with reported(request, _("Your commitment is on the board.")):
            services.commitment_add(
                compound=compound, member=request.user, text=form.cleaned_data["text"]
            )
    else:
        messages.error(request, _("Write what you commit to do."))
    return redirect("site:party_board", compound.pk)


@require_POST
@login_required
def commitment_deed(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = access_own_commitment(request.user, commitment_id)
    form = DeedForm(request.POST)
    if form.is_valid():
        with reported(request, _("Recorded what was done.")):
            services.commitment_record_deed(
                commitment=commitment, member=request.user, deed=form.cleaned_data["deed"]
            )
    else:
        messages.error(request, _("Write what was done."))
    return redirect("site:party_board", commitment.compound_id)


@require_POST
@login_required
def commitment_mark(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = access_commitment_to_mark(request.user, commitment_id)
    form = MarkForm(request.POST)
    if form.is_valid():
        with reported(request, _("Thank you for your mark.")):
            services.commitment_mark(
                commitment=commitment,
                resident=request.user,
                fulfilled=form.cleaned_data["fulfilled"],
            )
    else:
        messages.error(request, " ".join(form.errors["fulfilled"]))
    return redirect("site:party_board", commitment.compound_id)
