"""A compound's disclosures (公示: published ones, and drafts for the committees) and one
disclosure's page with its figures, lines and digest."""

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from compounds.models import Compound
from compounds.permissions import can
from finance import exports, queries, services
from finance.models import Category, Disclosure, Question
from finance.permissions import access_disclosure, keeps, may_publish
from portal.http import reported

XLSX, CSV = exports.XLSX, exports.CSV
LINES_PER_PAGE = 50
ACTIONS = {
    "approve": (services.disclosure_approve, _("Approved: it may be published.")),
    "publish": (services.disclosure_publish, _("Published on the notice board.")),
    "correct": (
        services.disclosure_correct,
        _("The correction is drafted for the supervisory committee."),
    ),
}


@require_GET
@login_required
def disclosures(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = Compound.objects.select_related("community").filter(pk=compound_id).first()
    if compound is None:
        raise Http404
    rows = queries.disclosures_of(request.user, compound)
    if not rows and not can(request.user, "finance.ledger", compound):
        raise Http404
    return render(request, "finance/disclosures.html", {"compound": compound, "rows": rows})


@require_GET
@login_required
def calendar(request: HttpRequest, compound_id: int) -> HttpResponse:
    """公示日历: each account's periods — published, published late, waiting, late and the
    one under way — with when each is due."""
    compound = Compound.objects.select_related("community").filter(pk=compound_id).first()
    if compound is None:
        raise Http404
    rows = queries.disclosure_calendar(request.user, compound)
    if not rows and not can(request.user, "finance.ledger", compound):
        raise Http404
    context = {"compound": compound, "rows": rows, "due_days": settings.FINANCE_PUBLISH_WITHIN_DAYS}
    return render(request, "finance/calendar.html", context)


@require_GET
@login_required
def disclosure(request: HttpRequest, disclosure_id: int) -> HttpResponse:
    found = access_disclosure(request.user, disclosure_id, queries.statement_rows())
    figures, lines = queries.statement_of(found)
    questions = found.questions.all() if found.state == Disclosure.State.PUBLISHED else []
    keeper = keeps(request.user, found.account)
    context = {
        "item": found,
        "figures": figures,
        # A quarter's lines can run to hundreds: a page at a time (all on the print copy
        # and in the downloads).
        "lines": Paginator(lines, LINES_PER_PAGE).get_page(request.GET.get("page")),
        "questions": questions,
        "window_open": found.objection_until is not None and timezone.now() < found.objection_until,
        "may_ask": can(request.user, "petition.sign", found.account),
        "may_answer": keeper,
        "categories": dict(Category.choices),
        "may_approve": found.state == Disclosure.State.DRAFT
        and can(request.user, "finance.review", found.account),
        "may_publish": found.state == Disclosure.State.APPROVED
        and may_publish(request.user, found.account),
        "corrected_by": found.corrections.only("pk", "state", "reason").order_by("pk").last()
        if found.state == Disclosure.State.PUBLISHED
        else None,
        "may_correct": found.state == Disclosure.State.PUBLISHED
        and (keeper or may_publish(request.user, found.account)),
    }
    return render(request, "finance/disclosure.html", context)


@require_GET
@login_required
def disclosure_export(request: HttpRequest, disclosure_id: int, fmt: str) -> HttpResponse:
    """The statement as XLSX or CSV: a published one as published, a draft as it stands."""
    found = access_disclosure(request.user, disclosure_id)
    figures = found.snapshot or queries.draft_figures(found)
    if fmt == "xlsx":
        response = StreamingHttpResponse(exports.statement_xlsx(found, figures), content_type=XLSX)
    elif fmt == "csv":
        response = HttpResponse(exports.statement_csv(found, figures), content_type=CSV)
    else:
        raise Http404
    name = f"disclosure-{found.pk}-{found.period_start:%Y%m}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def disclosure_print(request: HttpRequest, disclosure_id: int) -> HttpResponse:
    """The statement on one A4 page for the 公示栏, with the digest and a QR code to the
    online copy."""
    found = access_disclosure(request.user, disclosure_id)
    online = request.build_absolute_uri(reverse("finance:disclosure", args=[found.pk]))
    context = {
        "item": found,
        "figures": found.snapshot or queries.draft_figures(found),
        "categories": dict(Category.choices),
        "online_url": online,
        "qr_svg": segno.make(online, error="m").svg_inline(
            scale=6, border=2, title=_("QR code: the disclosure online")
        ),
    }
    return render(request, "finance/disclosure_print.html", context)


@require_POST
@login_required
def ask(request: HttpRequest, disclosure_id: int) -> HttpResponse:
    found = access_disclosure(request.user, disclosure_id)
    with reported(request, str(_("Your question is published; the keeper answers it here."))):
        services.question_ask(disclosure=found, asker=request.user, text=request.POST.get("text"))
    return redirect(reverse("finance:disclosure", args=[found.pk]) + "#questions")


@require_POST
@login_required
def answer(request: HttpRequest, question_id: int) -> HttpResponse:
    question = Question.objects.filter(pk=question_id).first()
    if question is None:
        raise Http404
    found = access_disclosure(request.user, question.disclosure_id)
    with reported(request, str(_("Your answer is published."))):
        services.question_answer(
            question=question, by=request.user, answer=request.POST.get("answer")
        )
    return redirect(reverse("finance:disclosure", args=[found.pk]) + "#questions")


@require_POST
@login_required
def disclosure_action(request: HttpRequest, disclosure_id: int, action: str) -> HttpResponse:
    found = access_disclosure(request.user, disclosure_id)
    if action not in ACTIONS:
        raise Http404
    service, success = ACTIONS[action]
    extra = {"reason": request.POST.get("reason", "")} if action == "correct" else {}
    with reported(request, str(success)) as outcome:
        outcome.result = service(disclosure=found, actor=request.user, **extra)
    return redirect("finance:disclosure", outcome.result.pk if outcome.ok else found.pk)
