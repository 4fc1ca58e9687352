"""Notices: the list, a notice with its attachments, publishing, and who has read it."""

import csv
from collections.abc import Iterable, Iterator

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from compounds.announcements import queries, services
from compounds.announcements.forms import AnnouncementForm
from compounds.announcements.models import Announcement
from compounds.announcements.permissions import (
    access_announcement,
    access_attachment,
    access_receipts,
    notice_capabilities,
    publishable_places,
    require_publisher,
)
from portal.files import serve_file
from portal.http import reported
from portal.phones import mask_phone, national_number
from portal.spreadsheets import safe_cell


@require_GET
@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.notices_for(request.user), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "announcements/list.html",
        {"page": page, "may_publish": bool(publishable_places(request.user))},
    )


@require_GET
@login_required
def notice_detail(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = access_announcement(request.user, announcement_id)
    services.announcement_read(announcement=announcement, user=request.user)
    may = notice_capabilities(request.user, announcement)
    return render(
        request,
        "announcements/detail.html",
        {
            "notice": announcement,
            "attachments": announcement.attachments.all(),
            "buildings": announcement.buildings.all(),
            "may": may,
            "counts": queries.receipt_counts(announcement) if may.manage else None,
        },
    )


@require_GET
@login_required
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = access_attachment(request.user, attachment_id)
    return serve_file(
        attachment.file, content_type=attachment.content_type, filename=attachment.name
    )


@require_http_methods(["GET", "POST"])
@login_required
def notice_new(request: HttpRequest) -> HttpResponse:
    places = require_publisher(request.user)
    form = AnnouncementForm(request.POST or None, request.FILES or None, places=places)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        place = fields.pop("place")
        with reported(request, _("The notice is published."), form) as outcome:
            announcement = services.announcement_publish(
                publisher=request.user, compound=place.compound, community=place.community, **fields
            )
        if outcome.ok:
            return redirect("announcements:detail", announcement.pk)
    return render(request, "announcements/new.html", {"form": form})


class _Line:
    """What csv.writer writes to: each row comes back as the text written."""

    def write(self, text: str) -> str:
        return text


def _unread_lines(rows: Iterable[dict], see_phones: bool, batch: int = 500) -> Iterator[str]:
    writer = csv.writer(_Line())
    # Excel in China needs the BOM to read UTF-8.
    lines = ["\ufeff" + writer.writerow(["姓名", "楼栋", "单元", "门牌号", "手机号"])]
    for row in rows:
        phone = national_number(row["phone"]) if see_phones else mask_phone(row["phone"])
        lines.append(
            writer.writerow(
                [safe_cell(row[key]) for key in ("name", "building", "entrance", "door")] + [phone]
            )
        )
        if len(lines) >= batch:
            yield "".join(lines)
            lines = []
    yield "".join(lines)


def _unread_csv(announcement: Announcement, see_phones: bool) -> StreamingHttpResponse:
    """Sent as it is written, row by row, from a cursor."""
    lines = _unread_lines(queries.iter_unread_rows(announcement), see_phones)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="unread-{announcement.pk}.csv"'
    return response


@require_GET
@login_required
def notice_receipts(request: HttpRequest, announcement_id: int) -> HttpResponse:
    announcement = access_receipts(request.user, announcement_id)
    may = notice_capabilities(request.user, announcement)
    if request.GET.get("format") == "csv":
        return _unread_csv(announcement, may.see_phones)
    rows = queries.unread_rows(announcement)
    return render(
        request,
        "announcements/receipts.html",
        {
            "notice": announcement,
            "rows": rows,
            "counts": queries.receipt_counts(announcement),
            "may": may,
        },
    )
