from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.notifications import services
from portal.notifications.events import EVENTS
from portal.notifications.models import Notification, Preference


@require_GET
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        Notification.objects.filter(recipient=request.user).order_by("-created_at", "-pk"), 20
    ).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The header badge, polled by htmx; anonymous visitors get an empty badge."""
    count = services.unread_count(request.user) if request.user.is_authenticated else 0
    return render(request, "notifications/_badge.html", {"unread_count": count})


@require_GET
@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = Notification.objects.filter(pk=notification_id, recipient=request.user).first()
    if notification is None:
        raise Http404
    services.mark_read(request.user, notification.pk)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect("notifications:inbox")
    return redirect(target)


@require_POST
@login_required
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    if (
        not services.mark_read(request.user, notification_id)
        and not Notification.objects.filter(pk=notification_id, recipient=request.user).exists()
    ):
        raise Http404
    return redirect("notifications:inbox")


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_read(request.user)
    return redirect("notifications:inbox")


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    saved = {p.event: p for p in Preference.objects.filter(user=request.user)}
    if request.method == "POST":
        for code in EVENTS:
            services.preference_set(
                user=request.user,
                event=code,
                sms=request.POST.get(f"{code}:sms") == "1",
                email=request.POST.get(f"{code}:email") == "1",
            )
        from django.contrib import messages
        from django.utils.translation import gettext as _

        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    rows = []
    for code, kind in EVENTS.items():
        preference = saved.get(code)
        rows.append(
            {
                "code": code,
                "label": kind.label,
                "sms": preference.sms if preference else kind.sms,
                "email": preference.email if preference else kind.email,
            }
        )
    return render(
        request,
        "notifications/preferences.html",
        {
            "rows": rows,
            "has_email": bool(request.user.email),
            "poll_seconds": settings.NOTIFICATIONS_POLL_SECONDS,
        },
    )
