"""Write an audit event in the caller's transaction (CONVENTIONS: actor, target, dotted
code, old and new values), scoped to the compound it concerns."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import admin
from django.db import models, transaction

from portal.models import AuditEvent
from portal.phones import mask_phone

# The relations an audited object reaches its compound through, tried in order: a ballot
# through its vote, a receipt through its entry and account, a residency through its unit
# and building. Portal knows no app's models, only these field names.
HOPS = ("account", "vote", "entry", "body", "building", "unit", "campaign", "election")
_DEPTH = 4


def compound_of(target: models.Model | None, depth: int = _DEPTH) -> int | None:
    """The id of the compound an object belongs to, or None (a community's role, a
    street-office department). Follows foreign keys, so it may query; called once per
    event inside the change's transaction."""
    if target is None or depth == 0:
        return None
    if target._meta.label_lower == "compounds.compound":
        return target.pk
    names = {f.name for f in target._meta.concrete_fields if f.is_relation}
    if "compound" in names:
        found = target.compound_id
        if found is not None:
            return found
    for hop in HOPS:
        if hop in names and getattr(target, f"{hop}_id", None) is not None:
            found = compound_of(getattr(target, hop), depth - 1)
            if found is not None:
                return found
    return None


def audit(
    *,
    actor,
    code: str,
    target: models.Model,
    old: dict | None = None,
    new=None,
    compound=None,
):
    """Record `code` done by `actor` to `target`. `compound` (a compound or its id) says
    where the event belongs when the target cannot tell (otherwise `compound_of`)."""
    compound_id = compound_of(target) if compound is None else getattr(compound, "pk", compound)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        code=code,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        old=old or {},
        new=new or {},
        compound_id=compound_id,
    )


def plain(name: str, value):
    """A field's value as the log keeps it: ids for objects, ISO dates, phones masked."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is not None and not isinstance(value, (bool, int, float, str)):
        value = str(value)
    if "phone" in name and isinstance(value, str) and value:
        return mask_phone(value)
    return value


def _values(obj: models.Model, names) -> dict:
    fields = {f.name: f for f in obj._meta.concrete_fields}
    return {
        name: plain(name, getattr(obj, fields[name].attname))
        for name in names
        if name in fields and "password" not in name
    }


def audit_admin_save(user, obj: models.Model, changed: list[str], initial: dict, prefix: str):
    """An operator's change in the admin: the fields changed, from and to (the form's
    initial values are the old ones)."""
    if not changed and obj.pk is not None and initial:
        return None
    old = {n: plain(n, initial.get(n)) for n in changed if n in initial} if initial else {}
    action = "admin_change" if initial else "admin_add"
    new = _values(obj, changed if initial else [f.name for f in obj._meta.concrete_fields])
    new.pop("id", None)
    return audit(actor=user, code=f"{prefix}.{action}", target=obj, old=old, new=new)


class AuditedAdmin(admin.ModelAdmin):
    """A model admin whose saves and deletions write audit events, in the same
    transaction, under `audit_code` (e.g. ``compounds.residency``)."""

    audit_code = ""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_admin_save(
                request.user,
                obj,
                list(form.changed_data),
                form.initial if change else {},
                self.audit_code,
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            fields = [f.name for f in obj._meta.concrete_fields if f.name != "id"]
            audit(
                actor=request.user,
                code=f"{self.audit_code}.admin_delete",
                target=obj,
                old=_values(obj, fields),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


def save_audited_formset(user, formset, code: str, save) -> None:
    """Save an admin inline formset through `save()` and audit each row it added, changed
    or deleted (deleted rows are read before they go, and which rows are new is known
    before the save gives them ids)."""
    with transaction.atomic():
        existing = {id(form) for form in formset.forms if form.instance.pk is not None}
        for form in formset.deleted_forms:
            obj = form.instance
            if obj.pk is not None:
                fields = [f.name for f in obj._meta.concrete_fields if f.name != "id"]
                audit(actor=user, code=f"{code}.admin_delete", target=obj, old=_values(obj, fields))
        save()
        for form in formset.forms:
            if form in formset.deleted_forms or not form.has_changed() or form.instance.pk is None:
                continue
            initial = form.initial if id(form) in existing else {}
            audit_admin_save(user, form.instance, list(form.changed_data), initial, code)
