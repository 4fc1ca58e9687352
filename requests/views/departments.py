"""街道吹哨、部门报到: the street office's departments, their people and their figures."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from compounds.models import Department
from portal.http import reported
from requests import queries, services
from requests.forms import DepartmentForm, DepartmentStaffForm
from requests.permissions import access_departments


@require_http_methods(["GET", "POST"])
@login_required
def departments(request: HttpRequest, office_id: int) -> HttpResponse:
    """The departments and their people, how fast each reported in and responded, and
    satisfaction per handler in the office's compounds. Registering a department and adding
    a person post to the same page (`register`, `add_staff`)."""
    office = access_departments(request.user, office_id)
    post = request.POST
    department_form = DepartmentForm(post if "register" in post else None)
    staff_form = DepartmentStaffForm(
        post if "add_staff" in post else None,
        departments=Department.objects.filter(street_office=office, active=True),
    )
    form = department_form if "register" in post else staff_form
    if request.method == "POST" and form.is_valid():
        with reported(request, _("Saved."), form) as outcome:
            if form is department_form:
                services.department_register(
                    by=request.user, street_office=office, **form.cleaned_data
                )
            else:
                services.department_staff_add(by=request.user, **form.cleaned_data)
        if outcome.ok:
            return redirect("requests:departments", office.pk)
    context = {"office": office, "department_form": department_form, "staff_form": staff_form}
    context |= {"staff": queries.department_staff(office), **queries.street_figures(office)}
    return render(request, "requests/departments.html", context)
