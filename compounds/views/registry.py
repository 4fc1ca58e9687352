"""Registry import and export, for community and street-office staff: upload a file for a
dry run, see its problems or import it with a live progress bar, export the registry
(streamed at once, or above REGISTRY_EXPORT_SYNC_LIMIT rows written by a worker with a
progress page and a private download)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds import registry, services
from compounds.forms import RegistryUploadForm
from compounds.models import RegistryImport
from compounds.permissions import access_compound, access_registry_export, access_registry_import
from portal.files import serve_file
from portal.http import reported

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_http_methods(["GET", "POST"])
@login_required
def registry_upload(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id, "registry.import")
    form = RegistryUploadForm(request.POST or None, request.FILES or None, compound=compound)
    if request.method == "POST" and form.is_valid():
        job = services.registry_import_create(
            compound=compound,
            by=request.user,
            name=form.cleaned_data["file"].name,
            content=form.content,
            check=form.dry_run,
        )
        return redirect("compounds:registry_import", job.pk)
    imports = compound.registry_imports.select_related("uploaded_by")[:10]
    return render(
        request,
        "compounds/registry_upload.html",
        {"compound": compound, "form": form, "imports": imports},
    )


@require_GET
@login_required
def registry_import(request: HttpRequest, import_id: int) -> HttpResponse:
    job = access_registry_import(request.user, import_id)
    problems = [line.split("\t", 1) for line in job.error.splitlines() if "\t" in line]
    template = "compounds/registry_import.html"
    if request.htmx:
        template += "#progress"
    return render(
        request,
        template,
        {
            "job": job,
            "compound": job.compound,
            "problems": problems,
            "processed": registry.progress_of(job),
            "running": job.status in (RegistryImport.Status.QUEUED, RegistryImport.Status.RUNNING),
        },
    )


@require_POST
@login_required
def registry_import_run(request: HttpRequest, import_id: int) -> HttpResponse:
    job = access_registry_import(request.user, import_id)
    with reported(request):
        services.registry_import_queue(job=job, by=request.user)
    return redirect("compounds:registry_import", job.pk)


@require_GET
@login_required
def registry_export(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id, "registry.import")
    rows = registry.export_count(compound)
    if rows > settings.REGISTRY_EXPORT_SYNC_LIMIT:
        return render(
            request, "compounds/registry_export.html", {"compound": compound, "rows": rows}
        )
    response = StreamingHttpResponse(registry.export_stream(compound), content_type=XLSX)
    filename = f"registry-{compound.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def registry_export_start(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = access_compound(request.user, compound_id, "registry.import")
    job = services.registry_export_start(compound=compound, by=request.user)
    return redirect("compounds:registry_export_job", job.pk)


@require_GET
@login_required
def registry_export_job(request: HttpRequest, export_id: int) -> HttpResponse:
    job = access_registry_export(request.user, export_id)
    template = "compounds/registry_export_job.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"job": job, "compound": job.compound})


@require_GET
@login_required
def registry_export_file(request: HttpRequest, export_id: int) -> HttpResponse:
    job = access_registry_export(request.user, export_id)
    if not job.downloadable:
        raise Http404
    filename = f"registry-{job.compound_id}-{timezone.localtime(job.finished_at):%Y%m%d}.xlsx"
    response = serve_file(job.file, content_type=XLSX, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response
