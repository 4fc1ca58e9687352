"""A compound's request categories and time limits are audited (issue 16, item 9)."""

import pytest

from portal.models import AuditEvent
from requests import services
from requests.models import Category

pytestmark = pytest.mark.django_db


def test_changing_adding_and_deleting_categories_is_audited(place, committee_chair):
    compound = place.compound
    own = services.categories_customise(compound, by=committee_chair)
    assert AuditEvent.objects.get(code="requests.categories.customise").compound_id == compound.pk
    first, second = own[0], own[1]
    second_pk = second.pk
    old_name = first.name
    first.name = "水电维修"
    new = Category(name="快递柜", route=first.route, order=99)
    services.categories_save(
        compound=compound, by=committee_chair, changed=[first, new, own[2]], deleted=[second]
    )
    changed = AuditEvent.objects.get(code="requests.category.change")
    assert (changed.actor, changed.target_id, changed.compound_id) == (
        committee_chair,
        first.pk,
        compound.pk,
    )
    assert changed.old["name"] == old_name
    assert changed.new["name"] == "水电维修"
    added = AuditEvent.objects.get(code="requests.category.add")
    assert (added.target_id, added.old, added.new["name"]) == (new.pk, {}, "快递柜")
    deleted = AuditEvent.objects.get(code="requests.category.delete")
    assert (deleted.target_id, deleted.old["name"], deleted.new) == (second_pk, second.name, {})
    # own[2] was saved unchanged: no event for it.
    assert AuditEvent.objects.filter(code__startswith="requests.category.").count() == 3


def test_time_limits_are_audited_with_old_and_new_minutes(place, committee_chair):
    compound = place.compound
    services.service_levels_set(compound, {"normal": (60, 600)}, by=committee_chair)
    services.service_levels_set(
        compound, {"normal": (30, 600), "emergency": (5, 60)}, by=committee_chair
    )
    services.service_levels_set(compound, {"normal": (30, 600)}, by=committee_chair)  # no change
    events = list(AuditEvent.objects.filter(code="requests.service_levels.set"))
    assert len(events) == 2
    assert events[1].actor == committee_chair
    assert events[1].compound_id == compound.pk
    assert events[1].old == {"emergency": None, "normal": [60, 600]}
    assert events[1].new == {"emergency": [5, 60], "normal": [30, 600]}
