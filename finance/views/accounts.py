"""A compound's accounts and one account's ledger."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from compounds.context_processors import current_place
from compounds.models import Compound
from compounds.permissions import can, require
from finance import books, exports, queries, services
from finance.forms import AccountForm, PeriodForm, PolicyForm
from finance.models import Category, FinancePolicy
from finance.permissions import access_account, keeps, require_accounts
from portal.http import reported
from portal.paging import Counted


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The 财务 tile: the finances of the compound the header shows."""
    current = current_place(request).get("current_compound")
    if current is None:
        raise Http404
    return redirect("finance:compound", current.pk)


@require_GET
@login_required
def compound_finances(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = Compound.objects.select_related("community").filter(pk=compound_id).first()
    if compound is None:
        raise Http404
    accounts = queries.accounts_of(request.user, compound)
    entitled = can(request.user, "finance.ledger", compound)
    if not accounts and not entitled:
        raise Http404  # a compound's books exist to its own people (and public accounts)
    context = {
        "compound": compound,
        "accounts": accounts,
        "may_open": can(request.user, "finance.accounts", compound),
        "may_review": can(request.user, "finance.review", compound),
        "fee_pages": queries.fee_pages(request.user, accounts),
    }
    return render(request, "finance/compound.html", context)


@require_GET
@login_required
def account(request: HttpRequest, account_id: int) -> HttpResponse:
    account = access_account(request.user, account_id)
    account.balance, lines = books.balance_and_lines(account)
    page = Counted(queries.ledger(account), 50, lines).get_page(request.GET.get("page"))
    keeper = keeps(request.user, account)
    books_seen = keeper or can(request.user, "finance.books", account)  # may_see_books
    context = {
        "account": account,
        "page": page,
        "categories": {code: str(label) for code, label in Category.choices},  # once a page
        "unposted": queries.unposted(account) if books_seen else [],
        "keeper": keeper,
        "books": books_seen,
        "fees": account.kind == account.Kind.PROPERTY_FEE,
    }
    return render(request, "finance/account.html", context)


@require_GET
@login_required
def ledger_export(request: HttpRequest, account_id: int, fmt: str) -> HttpResponse:
    """The posted lines as XLSX or CSV: all, or one period (?from=YYYY-MM-DD&to=…)."""
    account = access_account(request.user, account_id)
    period = PeriodForm(request.GET)
    entries = list(queries.ledger_between(account, *period.bounds()))
    if fmt == "xlsx":
        body = exports.ledger_xlsx(account, entries)
        response = StreamingHttpResponse(body, content_type=exports.XLSX)
    elif fmt == "csv":
        response = HttpResponse(exports.ledger_csv(account, entries), content_type=exports.CSV)
    else:
        raise Http404
    name = f"ledger-{account.pk}-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def open_account(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = Compound.objects.select_related("community").filter(pk=compound_id).first()
    if compound is None or not can(request.user, "finance.ledger", compound):
        raise Http404
    require_accounts(request.user, compound)
    form = AccountForm(request.POST or None, compound=compound)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("The account is open."), form) as outcome:
            outcome.result = services.open_account(
                compound=compound, actor=request.user, **form.cleaned_data
            )
        if outcome.ok:
            return redirect("finance:account", outcome.result.pk)
    return render(request, "finance/open_account.html", {"compound": compound, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def policy(request: HttpRequest, compound_id: int) -> HttpResponse:
    """The supervisory committee's choices: one or two approvals per entry, and the sum
    above which an expense needs a resolution."""
    compound = Compound.objects.select_related("community").filter(pk=compound_id).first()
    if compound is None or not can(request.user, "finance.ledger", compound):
        raise Http404
    require(request.user, "finance.review", compound)
    current = FinancePolicy.of(compound.pk)
    initial = {"approvals_required": current.approvals_required,
               "mandate_threshold": current.mandate_threshold}  # fmt: skip
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with reported(request, _("Saved."), form) as outcome:
            services.policy_set(compound=compound, actor=request.user, **form.cleaned_data)
        if outcome.ok:
            return redirect("finance:compound", compound.pk)
    return render(request, "finance/policy.html", {"compound": compound, "form": form})
