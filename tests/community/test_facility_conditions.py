"""Conditions per kind (community/models/facilities.py CONDITIONS_OF_KIND): a lamp is never
blocked. The table covers every kind; the survey walk's buttons, the condition form and
the register's filter offer a kind's conditions only; the services refuse the others with
a message, whatever was posted; the demo's and the street generator's facilities are all
in conditions their kinds can be in."""

import random

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from community.forms.facilities import ConditionForm, recordable
from community.models import Facility, FacilityCheck
from community.models.facilities import (
    CONDITIONS_OF_KIND,
    Condition,
    condition_applies,
    conditions_of,
)
from community.queries.facilities import Filters, condition_choices
from community.services import facilities as services
from community.services import facility_surveys as surveys
from requests.models import Request
from tests.community.facility_world import manholes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages_in_english(client, settings):
    """The pages' messages are read by their English msgids (tests/community/conftest.py)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _lamp(place, keeper, code="LD-01"):
    return services.facility_add(
        by=keeper, compound=place.compound, kind="lamp", code=code, place="18栋前"
    )


def test_the_table_names_every_kind_and_records_no_unknown():
    assert set(CONDITIONS_OF_KIND) == set(Facility.Kind.values)
    for kind, conditions in CONDITIONS_OF_KIND.items():
        assert Condition.UNKNOWN not in conditions and Condition.GOOD in conditions, kind
        assert Condition.BROKEN in conditions, kind
    assert Condition.BLOCKED not in conditions_of("lamp")
    for kind in ("manhole", "pipe", "fire", "other"):
        assert Condition.BLOCKED in conditions_of(kind), kind
    assert condition_applies("lamp", "unknown") and not condition_applies("lamp", "blocked")
    assert conditions_of("rocket") == () and not condition_applies("rocket", "good")


def test_a_lamp_cannot_be_recorded_blocked(place, committee_chair):
    lamp = _lamp(place, committee_chair)
    with pytest.raises(ValidationError) as refused:
        services.facility_record(by=committee_chair, facility_id=lamp.pk, condition="blocked")
    assert refused.value.messages == ["“blocked” does not apply to a street lamp."]
    lamp.refresh_from_db()
    assert lamp.condition == "unknown" and not lamp.checks.exists()


def test_a_survey_of_lamps_refuses_blocked_and_files_nothing(place, committee_chair, volunteer):
    lamp = _lamp(place, committee_chair)
    survey = surveys.survey_start(
        by=committee_chair, compound=place.compound, kind="lamp", title="路灯巡查"
    )
    with pytest.raises(ValidationError, match="does not apply"):
        surveys.survey_mark(
            by=volunteer, survey_id=survey.pk, facility_id=lamp.pk, condition="blocked"
        )
    assert not FacilityCheck.objects.exists() and not Request.objects.exists()
    check = surveys.survey_mark(
        by=volunteer, survey_id=survey.pk, facility_id=lamp.pk, condition="broken"
    )
    assert check.request.category.code == "lighting"


def test_the_condition_form_offers_the_kinds_conditions():
    assert [v for v, _label in ConditionForm(kind="lamp").fields["condition"].choices] == [
        "good",
        "attention",
        "broken",
    ]
    assert "blocked" in dict(ConditionForm(kind="manhole").fields["condition"].choices)
    assert len(ConditionForm().fields["condition"].choices) == 4  # no kind: every one
    form = ConditionForm({"condition": "blocked"}, kind="lamp")
    assert not form.is_valid()
    assert form.errors["condition"] == ["Choose one of the conditions shown for this facility."]


def test_the_survey_walk_shows_a_lamps_buttons_and_a_manholes(
    client, place, committee_chair, volunteer
):
    _lamp(place, committee_chair)
    manholes(place, committee_chair, 1)
    lamps = surveys.survey_start(
        by=committee_chair, compound=place.compound, kind="lamp", title="L"
    )
    drains = surveys.survey_start(
        by=committee_chair, compound=place.compound, kind="manhole", title="M"
    )
    client.force_login(volunteer)
    walk = client.get(reverse("community:survey", args=[lamps.pk])).content.decode()
    assert 'value="broken"' in walk and 'value="blocked"' not in walk
    walk = client.get(reverse("community:survey", args=[drains.pk])).content.decode()
    assert 'value="blocked"' in walk


def test_posting_blocked_for_a_lamp_is_answered_400_and_records_nothing(
    client, place, committee_chair, volunteer
):
    lamp = _lamp(place, committee_chair)
    survey = surveys.survey_start(
        by=committee_chair, compound=place.compound, kind="lamp", title="路灯巡查"
    )
    client.force_login(committee_chair)
    record = client.post(
        reverse("community:facility_record", args=[lamp.pk]), {"condition": "blocked"}
    )
    assert record.status_code == 400 and "conditions shown" in record.content.decode()
    client.force_login(volunteer)
    mark = client.post(
        reverse("community:survey_mark", args=[survey.pk, lamp.pk]), {"condition": "blocked"}
    )
    assert mark.status_code == 400 and "conditions shown" in mark.content.decode()
    assert not FacilityCheck.objects.exists() and not Request.objects.exists()


def test_a_lamps_page_offers_no_blocked_radio(client, place, committee_chair):
    lamp = _lamp(place, committee_chair)
    client.force_login(committee_chair)
    html = client.get(reverse("community:facility", args=[lamp.pk])).content.decode()
    assert 'name="condition" value="broken"' in html
    assert 'name="condition" value="blocked"' not in html


def test_the_registers_filter_offers_the_kinds_conditions(client, place, committee_chair):
    _lamp(place, committee_chair)
    (j1,) = manholes(place, committee_chair, 1)
    services.facility_record(by=committee_chair, facility_id=j1.pk, condition="blocked")
    assert "blocked" not in dict(condition_choices("lamp"))
    assert "unknown" in dict(condition_choices("lamp"))
    assert condition_choices("") == Condition.choices
    assert Filters.of({"kind": "lamp", "condition": "blocked"}) == Filters("lamp", "")
    assert Filters.of({"kind": "manhole", "condition": "blocked"}) == Filters("manhole", "blocked")
    client.force_login(committee_chair)
    url = reverse("community:facilities", args=[place.compound.pk])
    page = client.get(url, {"kind": "lamp"})
    assert "blocked" not in dict(page.context["conditions"])
    nonsense = client.get(url, {"kind": "lamp", "condition": "blocked"}).content.decode()
    assert "LD-01" in nonsense  # the inapplicable condition is dropped, not an empty list


def test_recordable_for_no_kind_is_every_condition_but_unknown():
    assert [v for v, _l in recordable()] == ["good", "attention", "broken", "blocked"]
    assert [v for v, _l in recordable("gate")] == ["good", "attention", "broken"]


def test_the_demo_facilities_are_in_conditions_their_kinds_can_be_in(settings, tmp_path):
    from portal.demo_accounts import DEMO_ACCOUNTS
    from portal.site.demo.facilities import seed_facilities
    from portal.site.demo.places import seed_feicuigu, seed_places, user_of

    settings.MEDIA_ROOT = tmp_path
    compounds = seed_places()
    demo = {a.phone[-2:]: user_of(a.phone, a.name) for a in DEMO_ACCOUNTS}
    seed_feicuigu(compounds["翡翠谷小区"], demo)
    seed_facilities(compounds)
    counts = (Facility.objects.count(), FacilityCheck.objects.count())
    seed_facilities(compounds)
    assert (Facility.objects.count(), FacilityCheck.objects.count()) == counts
    for facility in Facility.objects.all():
        assert condition_applies(facility.kind, facility.condition), facility
    for check in FacilityCheck.objects.select_related("facility"):
        assert condition_applies(check.facility.kind, check.condition), check
    feicuigu = Facility.objects.filter(compound=compounds["翡翠谷小区"])
    retired = feicuigu.get(retired_at__isnull=False)
    assert (retired.code, retired.kind) == ("LD-04", "lamp") and retired.retired_reason
    from community.queries.facilities import HISTORY

    j1 = feicuigu.get(code="J-01")
    assert j1.checks.count() > HISTORY  # its page pages
    assert j1.checks.order_by("-at").first().survey_id is not None  # the survey's is newest


def test_the_street_generator_draws_conditions_the_kinds_can_be_in():
    from portal.site.scale.facilities import CONDITIONS, KINDS, _of

    rng = random.Random(7)
    for _n in range(500):
        kind = rng.choice(KINDS)
        assert condition_applies(kind, _of(kind, rng.choice(CONDITIONS)))
    assert _of("lamp", "blocked") == "broken" and _of("pipe", "blocked") == "blocked"
