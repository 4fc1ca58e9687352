"""Every audit event knows its compound (issue 16, item 9): `audit()` finds it through the
object's relations (or is told), the migration fills it for older events, and an
operator's changes in the admin are audited too — phones masked."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from compounds.models import Residency
from portal.audit import audit, compound_of
from portal.models import AuditEvent
from tests import factories as f
from tests.helpers import admin_signed_in

pytestmark = pytest.mark.django_db


def test_the_compound_is_found_through_the_objects_relations(place, resident):
    residency = Residency.objects.get(user=resident)
    assert compound_of(residency) == place.compound.pk  # residency → unit → building
    assert compound_of(place.building) == place.compound.pk
    assert compound_of(place.compound) == place.compound.pk
    assert compound_of(resident) is None  # a person belongs to no one compound
    event = audit(actor=resident, code="compounds.residency.verified", target=residency)
    assert event.compound_id == place.compound.pk
    told = audit(actor=resident, code="x.y", target=resident, compound=place.other_compound)
    assert told.compound_id == place.other_compound.pk


def test_the_migration_fills_the_compound_of_older_events(place, resident):
    import importlib

    backfill = importlib.import_module("portal.migrations.0007_audit_scope").backfill
    residency = Residency.objects.get(user=resident)
    old = AuditEvent.objects.create(
        actor=resident,
        code="compounds.residency.verified",
        target_type="compounds.residency",
        target_id=residency.pk,
    )
    unknown = AuditEvent.objects.create(
        actor=resident, code="portal.x", target_type="portal.user", target_id=resident.pk
    )
    backfill(None, SimpleNamespace(connection=connection))
    assert AuditEvent.objects.get(pk=old.pk).compound_id == place.compound.pk
    assert AuditEvent.objects.get(pk=unknown.pk).compound_id is None


def test_admin_changes_to_homes_and_roles_are_audited(client, place, resident, django_user_model):
    boss = django_user_model.objects.create_superuser("+8613800009999", "pw")
    admin_signed_in(client, boss)
    residency = Residency.objects.get(user=resident)
    url = reverse("admin:compounds_residency_change", args=[residency.pk])
    form = {
        "user": resident.pk,
        "unit": residency.unit_id,
        "relation": residency.relation,
        "status": residency.status,
        "reject_reason": "",
        "start": residency.start.isoformat(),
        "initial-start": residency.start.isoformat(),  # as the admin's form sends it
        "end": timezone.localdate().isoformat(),
        "reviewed_by": "",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(code="compounds.residency.admin_change")
    assert (event.actor, event.target_id, event.compound_id) == (
        boss,
        residency.pk,
        place.compound.pk,
    )
    assert event.old == {"end": None}
    assert event.new == {"end": timezone.localdate().isoformat()}


def test_phones_in_admin_values_are_masked(place, django_user_model):
    from portal.audit import plain

    assert plain("phone", "+8613800000001") == "138****0001"
    assert plain("contact_phone", "+8613800000001") == "138****0001"
    assert plain("end", None) is None
    user = f.UserFactory()
    assert plain("holder", user) == user.pk


def _admin_post_data(response) -> dict:
    """What the admin's change page would post back unchanged: the main form's and every
    inline form's values, with the management forms."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data |= {management.add_prefix(k): v for k, v in management.initial.items()}
        forms += formset.forms
    for form in forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            value = getattr(value, "pk", value)
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value
            if field.show_hidden_initial:
                data[form.add_initial_prefix(name)] = value
    return data


def test_ending_a_seat_in_the_admin_is_audited(client, place, supervisor, django_user_model):
    from compounds.models import Membership

    boss = django_user_model.objects.create_superuser("+8613800009999", "pw")
    admin_signed_in(client, boss)
    seat = Membership.objects.get(user=supervisor)
    url = reverse("admin:compounds_body_change", args=[seat.body_id])
    data = _admin_post_data(client.get(url))
    prefix = next(k[: -len("-id")] for k, v in data.items() if k.endswith("-id") and v == seat.pk)
    data[f"{prefix}-end"] = timezone.localdate().isoformat()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(code="compounds.membership.admin_change")
    assert (event.actor, event.target_id, event.compound_id) == (
        boss,
        seat.pk,
        place.compound.pk,
    )
    assert event.new == {"end": timezone.localdate().isoformat()}
    assert event.old == {"end": seat.end.isoformat() if seat.end else None}
