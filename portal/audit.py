"""Write an audit event in the caller's transaction (CONVENTIONS: actor, target, dotted
code, old and new values)."""

from django.db import models

from portal.models import AuditEvent


def audit(*, actor, code: str, target: models.Model, old: dict | None = None, new=None):
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        code=code,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        old=old or {},
        new=new or {},
    )
