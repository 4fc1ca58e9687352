"""Registry import and export, for community and street-office staff: upload a file for a
dry run, see its problems or import it with a live progress bar, export the registry."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds import registry, services
from compounds.forms import RegistryUploadForm
from compounds.models import RegistryImport
from compounds.permissions import access_compound, access_registry_import
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
    response = HttpResponse(registry.export_xlsx(compound), content_type=XLSX)
    filename = f"registry-{compound.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
