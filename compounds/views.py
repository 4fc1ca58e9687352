import io

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from compounds import permissions as perms
from compounds import queries, registry, services
from compounds.context_processors import SESSION_KEY
from compounds.forms import (
    CommitmentForm,
    DeedForm,
    DeployedForm,
    JoinHomeForm,
    RegistryUploadForm,
    RejectForm,
)
from compounds.models import (
    Building,
    Community,
    Compound,
    RegistryImport,
    Residency,
    RoleAssignment,
)
from compounds.tasks import run_registry_import
from portal.http import safe_next


@require_POST
@login_required
def switch_compound(request: HttpRequest) -> HttpResponse:
    value = request.POST.get("compound", "")
    if not value.isdigit():
        raise Http404
    compound = perms.access_compound(request.user, int(value))
    request.session[SESSION_KEY] = compound.pk
    return redirect(safe_next(request, reverse("site:home")))


@require_GET
@login_required
def compound_detail(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = perms.access_compound(request.user, compound_id)
    user = request.user
    return render(
        request,
        "compounds/compound_detail.html",
        {
            "compound": compound,
            "buildings": compound.buildings.all(),
            "may_import": perms.can(user, "registry.import", compound),
            "may_set_rules": perms.can(user, "request.rules", compound),
            "may_review": perms.can(user, "residency.review", compound)
            or queries.review_queue(user).filter(unit__building__compound=compound).exists(),
        },
    )


# Homes --------------------------------------------------------------------------------------


@require_GET
@login_required
def my_homes(request: HttpRequest) -> HttpResponse:
    residencies = (
        Residency.objects.filter(user=request.user)
        .select_related(queries.CHAIN, "reviewed_by")
        .order_by("-created_at")
    )
    return render(request, "compounds/my_homes.html", {"residencies": residencies})


@require_http_methods(["GET", "POST"])
@login_required
def join_home(request: HttpRequest) -> HttpResponse:
    """Choose compound, then building (plain GET steps that work without JavaScript), then
    the unit, the relation and a photo of the proof."""
    compounds = Compound.objects.select_related("community").order_by("community__name", "name")
    compound = building = None
    compound_id, building_id = request.GET.get("compound", ""), request.GET.get("building", "")
    if compound_id.isdigit():
        compound = compounds.filter(pk=compound_id).first()
    if compound and building_id.isdigit():
        building = Building.objects.filter(compound=compound, pk=building_id).first()
    form = JoinHomeForm(request.POST or None, request.FILES or None, building=building)
    if request.method == "POST" and building is not None and form.is_valid():
        try:
            services.residency_request(
                user=request.user,
                unit=form.cleaned_data["unit"],
                relation=form.cleaned_data["relation"],
                evidence=form.cleaned_data["evidence"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Thank you. Your request is waiting for verification; you will be told by SMS."),
            )
            return redirect("compounds:my_homes")
    return render(
        request,
        "compounds/join_home.html",
        {
            "form": form,
            "compounds": compounds,
            "compound": compound,
            "building": building,
            "buildings": compound.buildings.all() if compound else [],
        },
    )


@require_POST
@login_required
def residency_name_voter(request: HttpRequest, residency_id: int) -> HttpResponse:
    residency = perms.access_residency_as_owner(request.user, residency_id)
    try:
        services.residency_name_voter(by=request.user, residency=residency)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(who)s now votes for this home.") % {"who": residency.user})
    return redirect("compounds:my_homes")


@require_http_methods(["GET", "POST"])
@login_required
def deployed_members(request: HttpRequest, community_id: int) -> HttpResponse:
    """双报到: a deployed party member reports to a community; community staff see the list."""
    community = Community.objects.filter(pk=community_id).select_related("street_office").first()
    if community is None:
        raise Http404
    form = DeployedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deployed_member_register(
                user=request.user, community=community, employer=form.cleaned_data["employer"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("You have reported to %(community)s.") % {"community": community.name}
            )
            return redirect("compounds:deployed_members", community.pk)
    members = []
    if perms.can(request.user, "community.view", community) or perms.can(
        request.user, "community.announce", community
    ):
        members = list(
            RoleAssignment.objects.current()
            .filter(community=community, role=RoleAssignment.Role.DEPLOYED_MEMBER)
            .select_related("user")
            .order_by("start")
        )
    return render(
        request,
        "compounds/deployed_members.html",
        {
            "community": community,
            "form": form,
            "members": members,
            "may_see": bool(members) or perms.can(request.user, "community.announce", community),
            "may_confirm": perms.can(request.user, "community.announce", community),
            "may_see_phones": perms.can(request.user, "phone.view", community),
        },
    )


@require_POST
@login_required
def deployed_member_confirm(request: HttpRequest, community_id: int, role_id: int):
    community = perms.access_community(request.user, community_id, "community.announce")
    role = RoleAssignment.objects.filter(
        pk=role_id, community=community, role=RoleAssignment.Role.DEPLOYED_MEMBER
    ).first()
    if role is None:
        raise Http404
    try:
        services.deployed_member_confirm(role=role, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("compounds:deployed_members", community.pk)


@require_GET
@login_required
def residency_evidence(request: HttpRequest, residency_id: int) -> FileResponse:
    """The proof photo, only to its owner and to those who may review it."""
    residency = (
        Residency.objects.filter(pk=residency_id)
        .select_related("unit__building__compound__community")
        .first()
    )
    if residency is None or not residency.evidence:
        raise Http404
    if residency.user_id != request.user.pk and not perms.can(
        request.user, "residency.review", residency
    ):
        raise Http404
    response = FileResponse(residency.evidence.open("rb"))
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "compounds/review_queue.html",
        {
            "residencies": queries.review_queue(request.user),
            "reject_form": RejectForm(),
        },
    )


@require_POST
@login_required
def residency_verify(request: HttpRequest, residency_id: int) -> HttpResponse:
    residency = perms.access_residency_for_review(request.user, residency_id)
    try:
        services.residency_verify(reviewer=request.user, residency=residency)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Verified: %(who)s, %(unit)s.") % {"who": residency.user, "unit": residency.unit},
        )
    return redirect("compounds:review_queue")


@require_POST
@login_required
def residency_reject(request: HttpRequest, residency_id: int) -> HttpResponse:
    residency = perms.access_residency_for_review(request.user, residency_id)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please say why the request is rejected."))
        return redirect("compounds:review_queue")
    try:
        services.residency_reject(
            reviewer=request.user, residency=residency, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Rejected: %(who)s, %(unit)s.") % {"who": residency.user, "unit": residency.unit},
        )
    return redirect("compounds:review_queue")


# Boards -------------------------------------------------------------------------------------


def _board_context(request: HttpRequest, building: Building) -> dict:
    repair_path = settings.PORTAL_REPAIR_FORM_PATH.format(building_id=building.pk)
    return {
        "building": building,
        "compound": building.compound,
        "rows": queries.building_board(building),
        "may_see_phones": perms.can(request.user, "phone.view", building),
        "repair_url": request.build_absolute_uri(repair_path),
    }


@require_GET
def building_board(request: HttpRequest, building_id: int) -> HttpResponse:
    building = perms.access_public_building(request.user, building_id)
    return render(request, "compounds/building_board.html", _board_context(request, building))


@require_GET
def building_poster(request: HttpRequest, building_id: int) -> HttpResponse:
    """The board on one A4 page for the stairwell, with a QR code to report a repair."""
    building = perms.access_public_building(request.user, building_id)
    context = _board_context(request, building)
    context["qr_svg"] = segno.make(context["repair_url"], error="m").svg_inline(
        scale=6, border=2, title=_("QR code: report a repair in this building")
    )
    return render(request, "compounds/building_poster.html", context)


@require_GET
def compound_bodies(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = perms.access_public_compound(request.user, compound_id)
    bodies = list(queries.compound_bodies(compound))
    today = timezone.localdate()
    return render(
        request,
        "compounds/bodies.html",
        {
            "compound": compound,
            "bodies": bodies,
            "today": today,
            "problems": {b.pk: services.body_problems(b) for b in bodies if b.is_current()},
        },
    )


@require_POST
@login_required
def commitment_add(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = perms.access_compound(request.user, compound_id, "commitment.add")
    form = CommitmentForm(request.POST)
    if form.is_valid():
        services.commitment_add(
            compound=compound, member=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Your commitment is on the board."))
    else:
        messages.error(request, _("Write what you commit to do."))
    return redirect("site:party_board", compound.pk)


@require_POST
@login_required
def commitment_deed(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = perms.access_commitment(request.user, commitment_id, "commitment.add")
    if commitment.member_id != request.user.pk:
        raise PermissionDenied
    form = DeedForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Write what was done."))
        services.commitment_record_deed(
            commitment=commitment, member=request.user, deed=form.cleaned_data["deed"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Recorded what was done."))
    return redirect("site:party_board", commitment.compound_id)


@require_POST
@login_required
def commitment_mark(request: HttpRequest, commitment_id: int) -> HttpResponse:
    commitment = perms.access_commitment(request.user, commitment_id, "commitment.mark")
    try:
        services.commitment_mark(
            commitment=commitment,
            resident=request.user,
            fulfilled=request.POST.get("fulfilled") == "1",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you for your mark."))
    return redirect("site:party_board", commitment.compound_id)


# Registry import and export ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def registry_upload(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = perms.access_compound(request.user, compound_id, "registry.import")
    form = RegistryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > settings.PORTAL_MAX_IMPORT_BYTES:
                raise registry.RegistryFileError(
                    _("The file is larger than %(mb)s MB. Split it into smaller files.")
                    % {"mb": settings.PORTAL_MAX_IMPORT_BYTES // 2**20}
                )
            data = upload.read()
            check = registry.check_table(compound, registry.read_table(data, upload.name))
        except registry.RegistryFileError as error:
            form.add_error("file", str(error))
        else:
            job = RegistryImport(
                compound=compound,
                uploaded_by=request.user,
                original_name=upload.name[:200],
                total_rows=len(check.rows),
                status=RegistryImport.Status.CHECKED,
            )
            job.file.save(upload.name, io.BytesIO(data), save=False)
            job.error = "\n".join(f"{n}\t{m}" for n, m in check.problems)
            job.save()
            return redirect("compounds:registry_import", job.pk)
    return render(
        request,
        "compounds/registry_upload.html",
        {
            "compound": compound,
            "form": form,
            "imports": compound.registry_imports.select_related("uploaded_by")[:10],
        },
    )


def _access_import(request: HttpRequest, import_id: int) -> RegistryImport:
    job = (
        RegistryImport.objects.filter(pk=import_id)
        .select_related("compound__community", "uploaded_by")
        .first()
    )
    if job is None or not perms.can(request.user, "compound.view", job.compound):
        raise Http404
    perms.require(request.user, "registry.import", job.compound)
    return job


@require_GET
@login_required
def registry_import(request: HttpRequest, import_id: int) -> HttpResponse:
    job = _access_import(request, import_id)
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
    job = _access_import(request, import_id)
    if job.status != RegistryImport.Status.CHECKED or job.error:
        messages.error(request, _("Only a checked file without problems can be imported."))
        return redirect("compounds:registry_import", job.pk)
    updated = RegistryImport.objects.filter(pk=job.pk, status=RegistryImport.Status.CHECKED).update(
        status=RegistryImport.Status.QUEUED
    )
    if updated:
        run_registry_import.delay_on_commit(job.pk)
    return redirect("compounds:registry_import", job.pk)


@require_GET
@login_required
def registry_export(request: HttpRequest, compound_id: int) -> HttpResponse:
    compound = perms.access_compound(request.user, compound_id, "registry.import")
    response = HttpResponse(
        registry.export_xlsx(compound),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"registry-{compound.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
