import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from compounds.announcements import queries, services
from compounds.announcements.forms import AnnouncementForm
from compounds.announcements.models import Announcement, Attachment
from compounds.models import Building, Community, Compound
from compounds.permissions import can
from portal.files import serve_file
from portal.phones import mask_phone, national_number
from portal.spreadsheets import safe_cell


def _access(request: HttpRequest, announcement_id: int) -> Announcement:
    announcement = (
        Announcement.objects.filter(pk=announcement_id)
        .select_related("compound__community", "community__street_office", "publisher")
        .first()
    )
    if announcement is None or not queries.may_read(request.user, announcement):
        raise Http404
    return announcement


@require_GET
@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        queries.notices_for(request.user).order_by("-pinned", "-published_at"), 20
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "announcements/list.html",
        {
            "page": page,
            "may_publish": bool(queries.publishable_places(request.user)),
        },
    )


@require_GET
@login_required
def notice_detail(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = _access(request, announcement_id)
    services.announcement_read(announcement=announcement, user=request.user)
    manage = queries.may_manage(request.user, announcement)
    return render(
        request,
        "announcements/detail.html",
        {
            "notice": announcement,
            "attachments": announcement.attachments.all(),
            "buildings": announcement.buildings.all(),
            "may_manage": manage,
            "counts": queries.receipt_counts(announcement) if manage else None,
        },
    )


@require_GET
@login_required
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    _access(request, attachment.announcement_id)
    return serve_file(
        attachment.file, content_type=attachment.content_type, filename=attachment.name
    )


def _place_from_choice(value: str):
    kind, _, pk = value.partition(":")
    model = {"compound": Compound, "community": Community}.get(kind)
    if model is None or not pk.isdigit():
        return None, None
    obj = (
        model.objects.select_related(
            "community__street_office" if model is Compound else "street_office"
        )
        .filter(pk=int(pk))
        .first()
    )
    return kind, obj


@require_http_methods(["GET", "POST"])
@login_required
def notice_new(request: HttpRequest) -> HttpResponse:
    places = queries.publishable_places(request.user)
    if not places:
        raise PermissionDenied
    compound_ids = [int(v.split(":")[1]) for v, _label in places if v.startswith("compound:")]
    buildings = Building.objects.filter(compound_id__in=compound_ids).select_related("compound")
    form = AnnouncementForm(
        request.POST or None, request.FILES or None, places=places, buildings=buildings
    )
    if request.method == "POST" and form.is_valid():
        kind, place = _place_from_choice(form.cleaned_data["place"])
        try:
            announcement = services.announcement_publish(
                publisher=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                compound=place if kind == "compound" else None,
                community=place if kind == "community" else None,
                buildings=form.cleaned_data["buildings"],
                owners_only=form.cleaned_data["owners_only"],
                pinned=form.cleaned_data["pinned"],
                urgent=form.cleaned_data["urgent"],
                expires_at=form.cleaned_data["expires_at"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The notice is published."))
            return redirect("announcements:detail", announcement.pk)
    return render(request, "announcements/new.html", {"form": form})


@require_GET
@login_required
def notice_receipts(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = _access(request, announcement_id)
    if not queries.may_manage(request.user, announcement):
        raise PermissionDenied
    rows = queries.unread_rows(announcement)
    may_see_phones = can(request.user, "phone.view", announcement.place)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="unread-{announcement.pk}.csv"'
        response.write("\ufeff")  # Excel in China needs the BOM to read UTF-8
        writer = csv.writer(response)
        writer.writerow(["姓名", "楼栋", "单元", "门牌号", "手机号"])
        for row in rows:
            phone = national_number(row["phone"]) if may_see_phones else mask_phone(row["phone"])
            writer.writerow(
                [safe_cell(row[key]) for key in ("name", "building", "entrance", "door")] + [phone]
            )
        return response
    return render(
        request,
        "announcements/receipts.html",
        {
            "notice": announcement,
            "rows": rows,
            "counts": queries.receipt_counts(announcement),
            "may_see_phones": may_see_phones,
        },
    )
