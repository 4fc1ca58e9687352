"""Property fees: the keeper's and committees' page (collection rate, arrears, unmatched
bank lines), the schedule, raising a month's charges, recording a payment, importing a
bank statement after a preview, one unit's fees and an owner's own fees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from finance import arrears, services
from finance.forms import (
    BankStatementForm,
    ConfirmImportForm,
    FeePaymentForm,
    FeeScheduleForm,
    MonthForm,
    UnitForm,
)
from finance.permissions import (
    access_fee_line,
    access_fee_unit,
    access_fees,
    keeps,
    may_see_books,
    require_keeper,
)
from portal.forms import id_from
from portal.http import reported


@require_GET
@login_required
def fees(request: HttpRequest, account_id: int) -> HttpResponse:
    account = access_fees(request.user, account_id)
    chosen = MonthForm(request.GET)
    month = chosen.cleaned_data["month"] if chosen.is_valid() else None
    overview = arrears.overview(account, month)
    page = Paginator(overview.pop("arrears"), 50).get_page(request.GET.get("page"))
    context = {**overview, "account": account, "page": page, "keeper": keeps(request.user, account)}
    context["raise_form"] = MonthForm(initial={"month": overview["this_month"]})
    return render(request, "finance/fees.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def fee_schedule(request: HttpRequest, account_id: int) -> HttpResponse:
    account = access_fees(request.user, account_id)
    require_keeper(request.user, account)
    current = getattr(account, "fee_schedule", None)
    initial = {"basis": current.basis, "rate": current.rate} if current else None
    form = FeeScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("The fee schedule is set."), form) as outcome:
            services.fee_schedule_set(account=account, actor=request.user, **form.cleaned_data)
        if outcome.ok:
            return redirect("finance:fees", account.pk)
    return render(request, "finance/fees_schedule.html", {"account": account, "form": form})


@require_POST
@login_required
def fee_raise(request: HttpRequest, account_id: int) -> HttpResponse:
    account = access_fees(request.user, account_id)
    require_keeper(request.user, account)
    form = MonthForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a month."))
        return redirect("finance:fees", account.pk)
    month = form.cleaned_data["month"]
    with reported(request) as outcome:
        outcome.result = services.fee_charges_raise(
            account=account, actor=request.user, month=month
        )
    if outcome.ok:
        n = outcome.result
        messages.success(
            request, ngettext("%(n)s charge raised.", "%(n)s charges raised.", n) % {"n": n}
        )
    return redirect(f"{reverse('finance:fees', args=[account.pk])}?month={month:%Y-%m}")


@require_http_methods(["GET", "POST"])
@login_required
def fee_payment(request: HttpRequest, account_id: int) -> HttpResponse:
    account = access_fees(request.user, account_id)
    require_keeper(request.user, account)
    initial = {"unit": id_from(request.GET, "unit"), "method": "cash", "paid_on": localdate()}
    form = FeePaymentForm(request.POST or None, compound=account.compound, initial=initial)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("The payment is recorded."), form) as outcome:
            outcome.result = services.fee_payment_record(
                account=account, actor=request.user, **form.cleaned_data
            )
        if outcome.ok:
            return redirect("finance:fee_unit", account.pk, outcome.result.unit_id)
    return render(request, "finance/fees_payment.html", {"account": account, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def fee_import(request: HttpRequest, account_id: int) -> HttpResponse:
    """Upload a statement: the preview shows what confirming would record (nothing saved)."""
    account = access_fees(request.user, account_id)
    require_keeper(request.user, account)
    form = BankStatementForm(request.POST or None, request.FILES or None)
    context = {"account": account, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["statement"]
        with reported(request, form=form) as outcome:
            outcome.result = services.fee_import_preview(
                account=account, actor=request.user, data=upload.read(), filename=upload.name
            )
        if outcome.ok:
            context["preview"] = outcome.result
            context["confirm"] = ConfirmImportForm(initial={"token": outcome.result.token})
    return render(request, "finance/fees_import.html", context)


@require_POST
@login_required
def fee_import_confirm(request: HttpRequest, account_id: int) -> HttpResponse:
    account = access_fees(request.user, account_id)
    require_keeper(request.user, account)
    form = ConfirmImportForm(request.POST)
    token = form.cleaned_data["token"] if form.is_valid() else ""
    with reported(request, _("The statement is imported and sent for review.")) as outcome:
        services.fee_import_confirm(account=account, actor=request.user, token=token)
    return redirect("finance:fees" if outcome.ok else "finance:fee_import", account.pk)


@require_GET
@login_required
def fee_unit(request: HttpRequest, account_id: int, unit_id: int) -> HttpResponse:
    account, unit = access_fee_unit(request.user, account_id, unit_id)
    context = {"account": account, "unit": unit, "keeper": keeps(request.user, account)}
    context |= {"books": may_see_books(request.user, account)} | arrears.unit_summary(account, unit)
    return render(request, "finance/fees_unit.html", context)


@require_GET
@login_required
def my_fees(request: HttpRequest) -> HttpResponse:
    """The owner's own homes and what each owes, from their phone."""
    return render(request, "finance/fees_mine.html", {"homes": arrears.homes_of(request.user)})


@require_http_methods(["GET", "POST"])
@login_required
def fee_line(request: HttpRequest, line_id: int) -> HttpResponse:
    """The keeper gives a bank line without a unit to the unit that paid it."""
    line = access_fee_line(request.user, line_id)
    require_keeper(request.user, line.account)
    form = UnitForm(request.POST or None, compound=line.account.compound)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("The payment is recorded."), form) as outcome:
            outcome.result = services.fee_line_assign(
                line=line, actor=request.user, unit=form.cleaned_data["unit"]
            )
        if outcome.ok:
            return redirect("finance:fee_unit", line.account_id, outcome.result.unit_id)
    return render(request, "finance/fees_line.html", {"line": line, "form": form})
