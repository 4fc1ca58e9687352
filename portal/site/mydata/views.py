"""My account: what the portal holds about me, downloading it, deleting the account."""

from allauth.core import ratelimit
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from portal.http import reported
from portal.site.mydata.erase import account_erase, blockers
from portal.site.mydata.export import export_zip
from portal.site.mydata.forms import AccountDeleteForm


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/account.html")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    """GET: what the download holds. POST: the ZIP of the person's own data."""
    if request.method == "GET":
        return render(request, "portal/my_data.html")
    name = f"gongzhi-my-data-{timezone.localdate():%Y%m%d}.zip"
    return FileResponse(
        export_zip(request.user), as_attachment=True, filename=name, content_type="application/zip"
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    """注销账号 after the password and a confirmation; refused, with the roles named, while
    the person holds one to hand over (portal/site/mydata/erase.py)."""
    data = request.POST if request.method == "POST" else None  # an empty POST is an error
    form = AccountDeleteForm(data, user=request.user)
    if request.method == "POST":
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            form.add_error(None, _("Too many attempts. Please try again in a few minutes."))
        elif form.is_valid():
            with reported(request, form=form) as outcome:
                account_erase(user=request.user)
            if outcome.ok:
                logout(request)
                return render(request, "portal/account_deleted.html")
    roles = blockers(request.user)
    return render(request, "portal/account_delete.html", {"form": form, "roles": roles})
