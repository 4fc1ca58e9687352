"""An entry's page and what can be done from it: record, correct, submit, approve or
return, reverse, cover personal data on its receipts; the supervisory committee's list."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds.models import Compound
from compounds.permissions import can, require
from finance import books, emergencies, queries, services, workflow
from finance.capabilities import entry_capabilities
from finance.forms import EntryForm, NoteForm, RatifyForm, RedateForm, ReverseForm
from finance.models import Receipt
from finance.permissions import access_account, access_entry, may_see_books, require_keeper
from portal.files import serve_file
from portal.http import reported

SUCCESS = {
    "submit": _("Submitted to the supervisory committee."),
    "approve": _("Approved."),
    "return": _("Returned to the keeper with your comment."),
}


def _entry_form(request, account, entry=None):
    """The whole entry; for one whose amount follows another (a reversal, fee payments, a
    campaign payment), its date and description only."""
    initial = {"occurred_on": timezone.localdate()}  # most entries are of today
    kind = RedateForm if entry is not None and books.follows_another(entry) else EntryForm
    if entry is not None:
        initial = {f: getattr(entry, f) for f in kind.base_fields if f != "receipts"}
    return kind(request.POST or None, request.FILES or None, account=account, initial=initial)


@require_http_methods(["GET", "POST"])
@login_required
def new_entry(request: HttpRequest, account_id: int) -> HttpResponse:
    account = access_account(request.user, account_id)
    require_keeper(request.user, account)
    form = _entry_form(request, account)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("Recorded as a draft: check it and submit it."), form) as out:
            out.result = services.record_entry(
                account=account,
                actor=request.user,
                fields=form.entry_fields(),
                receipts=form.cleaned_data["receipts"],
            )
        if out.ok:
            return redirect("finance:entry", out.result.pk)
    return render(request, "finance/entry_form.html", {"account": account, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def edit_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    item = access_entry(request.user, entry_id)
    require_keeper(request.user, item.account)
    if item.state not in services.EDITABLE:
        raise PermissionDenied(_("Only a draft or a returned entry can be changed."))
    form = _entry_form(request, item.account, item)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("Saved."), form) as out:
            services.change_entry(
                entry=item,
                actor=request.user,
                fields=form.entry_fields(),
                receipts=form.cleaned_data["receipts"],
            )
        if out.ok:
            return redirect("finance:entry", item.pk)
    context = {"account": item.account, "form": form, "item": item}
    return render(request, "finance/entry_form.html", context)


@require_GET
@login_required
def entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    item = access_entry(request.user, entry_id)
    can = entry_capabilities(request.user, item)
    context = {
        "item": item,
        "can": can,
        "labels": workflow.ACTION_LABELS,
        "receipts": item.receipts.all(),
        "events": item.events.select_related("actor") if can.books else [],
        "reversal": _reversal_shown(item, can.books),
        "spending": queries.spending(item.mandate) if item.mandate_id else None,
        "emergency_kinds": emergencies.KINDS,
        "ratify_form": RatifyForm(compound_id=item.account.compound_id) if can.ratify else None,
    }
    return render(request, "finance/entry.html", context)


def _reversal_shown(item, books: bool):
    """The entry's reversal, if posted — or, for the committees, whatever its state."""
    reversal = item.reversal if hasattr(item, "reversal") else None
    if reversal is not None and (books or reversal.state == reversal.State.POSTED):
        return reversal
    return None


@require_POST
@login_required
def entry_action(request: HttpRequest, entry_id: int, action: str) -> HttpResponse:
    item = access_entry(request.user, entry_id)
    if action not in workflow.TRANSITIONS or workflow.TRANSITIONS[action].follows:
        raise Http404
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    with reported(request, SUCCESS.get(action, "")):
        workflow.perform(item.pk, action, actor=request.user, note=note)
    return redirect("finance:entry", item.pk)


@require_POST
@login_required
def emergency_sign(request: HttpRequest, entry_id: int, action: str) -> HttpResponse:
    """应急使用: the owners' committee approves, community staff confirm."""
    item = access_entry(request.user, entry_id)
    if f"emergency_{action}" not in services.EMERGENCY_STEPS:
        raise Http404
    with reported(request, _("Recorded: the keeper is told when it may be submitted.")):
        services.emergency_sign(entry_id=item.pk, action=f"emergency_{action}", actor=request.user)
    return redirect("finance:entry", item.pk)


@require_POST
@login_required
def ratify(request: HttpRequest, entry_id: int) -> HttpResponse:
    item = access_entry(request.user, entry_id)
    if not entry_capabilities(request.user, item).ratify:
        raise PermissionDenied(_("Only the keeper or the owners' committee records this."))
    form = RatifyForm(request.POST, compound_id=item.account.compound_id)
    with reported(request, _("The ratification is recorded.")):
        if not form.is_valid():
            raise ValidationError(form.errors["proposal"][0])
        services.ratify(entry=item, proposal=form.cleaned_data["proposal"], actor=request.user)
    return redirect("finance:entry", item.pk)


@require_POST
@login_required
def reverse_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    item = access_entry(request.user, entry_id)
    require_keeper(request.user, item.account)
    form = ReverseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    with reported(request, _("The reversal is recorded as a draft: submit it.")) as out:
        out.result = services.reverse_entry(entry=item, actor=request.user, reason=reason)
    return redirect("finance:entry", out.result.pk if out.ok else item.pk)


@require_GET
@login_required
def receipt(request: HttpRequest, receipt_id: int, original: bool | str = False) -> HttpResponse:
    """The redacted copy to anyone who reads the entry; the original only to the books'
    readers (the committees and the keeper)."""
    found = Receipt.objects.filter(pk=receipt_id).values_list("entry_id", flat=True).first()
    if found is None:
        raise Http404
    item = access_entry(request.user, found)
    shown = Receipt.objects.get(pk=receipt_id)
    if original:
        if not may_see_books(request.user, item.account):
            raise PermissionDenied(_("Only the compound's committees see original receipts."))
        if original == "pages" and shown.pages:  # a PDF drawn, for the covering tool
            return serve_file(shown.pages, content_type="image/jpeg")
        return serve_file(shown.file, content_type=shown.content_type)
    return serve_file(shown.redacted, content_type="image/jpeg")


@require_POST
@login_required
def cover_receipt(request: HttpRequest, receipt_id: int) -> HttpResponse:
    found = Receipt.objects.filter(pk=receipt_id).values_list("entry_id", flat=True).first()
    if found is None:
        raise Http404
    item = access_entry(request.user, found)
    shown = Receipt.objects.select_related("entry__account__compound__community").get(pk=receipt_id)
    with reported(request, _("The covered copy is saved.")):
        text = request.POST.get("boxes") or "[]"
        try:
            raw = json.loads(text) if len(text) <= 10_000 else None
        except (ValueError, RecursionError):
            raw = None
        services.cover_receipt(receipt=shown, actor=request.user, boxes=services.clean_boxes(raw))
    return redirect("finance:entry", item.pk)


@require_GET
@login_required
def review(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = Compound.objects.select_related("community").filter(pk=compound_id).first()
    if compound is None or not can(request.user, "finance.ledger", compound):
        raise Http404
    require(request.user, "finance.review", compound)
    rows = queries.to_review(request.user, compound)
    return render(request, "finance/review.html", {"compound": compound, "rows": rows})
