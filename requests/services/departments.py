"""街道吹哨、部门报到: the departments and units a street office can summon to a request,
and the accounts of their people (scoped to the requests sent to their department)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds.models import Department, RoleAssignment
from compounds.permissions import require


def department_register(*, by, street_office, name: str, kind: str, hotline: str = ""):
    """Register a department or unit the street office can summon (街道吹哨、部门报到);
    its own staff do."""
    require(by, "street_office.view", street_office)
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the department's name."), code="name")
    if kind not in Department.Kind.values:
        raise ValidationError(_("Choose what kind of department it is."), code="kind")
    try:
        with transaction.atomic():
            return Department.objects.create(
                street_office=street_office,
                name=name[:60],
                kind=kind,
                hotline=(hotline or "").strip()[:30],
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("That department is already registered."), code="duplicate"
        ) from exc


def department_staff_add(*, by, department, phone: str, display_name: str):
    """Give a department's person an account scoped to the requests sent to the department.
    A new account has no password: they sign in with an SMS code."""
    require(by, "street_office.view", department.street_office)
    display_name = (display_name or "").strip()[:50]
    with transaction.atomic():
        user = get_user_model().objects.filter(phone=phone).first()
        if user is None:
            if not display_name:
                raise ValidationError(_("Give the person's name."), code="name")
            user = get_user_model().objects.create_user(phone=phone, display_name=display_name)
        role, created = RoleAssignment.objects.get_or_create(
            user=user,
            role=RoleAssignment.Role.DEPARTMENT_STAFF,
            department=department,
            end__isnull=True,
            defaults={"start": timezone.localdate()},
        )
    if not created:
        raise ValidationError(_("This person is already on the department's list."), code="dup")
    return role
