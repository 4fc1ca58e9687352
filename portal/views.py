import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.defaults import server_error as django_server_error

from portal import health, password_reset
from portal.demo_accounts import DEMO_ACCOUNTS
from portal.forms import PhoneResetConfirmForm, PhoneResetRequestForm
from portal.http import reported, safe_next
from portal.preferences import LARGE_TEXT_COOKIE, adopt_large_text

RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. The database unreachable (stopped, restarting, refusing connections) is
    not the portal's error but a pause: 503 with "系统暂时无法访问，请稍后再试" and
    Retry-After, from a template that needs no database; Django reconnects by itself on
    the next request. Anything else is the 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        body = loader.get_template("503.html").render()
        response = HttpResponse(body, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return django_server_error(request)


@require_http_methods(["GET", "POST"])
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin has no sign-in of its own: its page was public and unthrottled (12 wrong
    passwords, then the right one, opened it — issue 16's probe). Staff sign in through the
    portal's sign-in, with its limits, and come back; a password posted here is never
    checked. Someone signed in who is not a superuser is refused (not sent round again):
    the admin is for superusers only (portal/admin_site.py)."""
    if request.user.is_authenticated and not (request.user.is_active and request.user.is_superuser):
        raise PermissionDenied
    target = safe_next(request, reverse("admin:index"))
    if request.user.is_authenticated:
        return redirect(target)
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


@require_POST
def large_text(request: HttpRequest) -> HttpResponse:
    """Turn 长辈模式 on or off; remembered on the account, or in a cookie before sign-in."""
    enabled = request.POST.get("enabled") == "1"
    if request.user.is_authenticated:
        request.user.large_text = enabled
        request.user.save(update_fields=["large_text"])
    response = redirect(safe_next(request, reverse("site:home")))
    response.set_cookie(
        LARGE_TEXT_COOKIE,
        "1" if enabled else "0",
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=not settings.DEBUG,
        httponly=True,  # read by the server only (portal.context_processors)
    )
    return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    results = health.run_checks()
    down = [name for name, state in results.items() if state != "ok"]
    payload = {
        "status": "down" if down else "ok",
        "down": down,
        "checks": results,
        "worker_heartbeat": health.worker_heartbeat(),
    }
    return JsonResponse(payload, status=503 if down else 200)


@require_POST
def demo_login(request: HttpRequest) -> HttpResponse:
    """One-click sign-in as a demo account; exists only while PORTAL_DEMO is on."""
    if not settings.PORTAL_DEMO:
        raise Http404
    phone = request.POST.get("phone", "")
    if phone not in {account.phone for account in DEMO_ACCOUNTS}:
        raise Http404
    user = get_user_model().objects.filter(phone="+86" + phone, is_active=True).first()
    if user is None:
        messages.error(request, _("The demo data has not been loaded: run make run."))
        return redirect("account_login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    adopt_large_text(request, user)
    return redirect("site:home")


@require_http_methods(["GET", "POST"])
def password_reset_phone(request: HttpRequest) -> HttpResponse:
    form = PhoneResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with reported(request, form=form) as outcome:
            outcome.result = password_reset.start(request, form.cleaned_data["phone"])
        if outcome.ok and outcome.result:
            return redirect("portal:password_reset_phone_confirm")
        if outcome.ok:
            form.add_error(None, _("Too many attempts. Please try again in a few minutes."))
    return render(request, "portal/password_reset_phone.html", {"form": form})


@require_http_methods(["GET", "POST"])
def password_reset_phone_confirm(request: HttpRequest) -> HttpResponse:
    state = password_reset.pending(request)
    if state is None:
        messages.error(
            request,
            _("The code has expired or was entered wrongly too often. Please ask for a new one."),
        )
        return redirect("portal:password_reset_phone")
    user = password_reset.pending_user(request)
    form = PhoneResetConfirmForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        if password_reset.check_code(request, form.cleaned_data["code"]) and user is not None:
            password_reset.finish(request, user, form.cleaned_data["password1"])
            messages.success(request, _("Your password has been changed. Please sign in."))
            return redirect("account_login")
        form.add_error("code", _("The code is not correct."))
    return render(
        request,
        "portal/password_reset_phone_confirm.html",
        {"form": form, "phone": state["phone"]},
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent from an old page gets the portal's 403 page, in the
    reader's language, saying what to do — not Django's "403 Forbidden"."""
    message = _(
        "This form was open too long or was sent from another page. Go back, reload the "
        "page and send it again."
    )
    return render(request, "403.html", {"exception": message}, status=403)
