"""Download my data holds the person's community life (community/queries/mydata.py): the
teams they belong to or applied to, their activity sign-ups with the hours counted, their
duty shifts and swaps, the responsibilities (四包) they hold and those answerable for their
home, the zones they keep and the facility checks they recorded (a survey's marks among
them, with the photo). Nobody else's name or phone, nor their sign-ups or checks; one query
a kind whatever the person did."""

import io
import json
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from community.models import (
    Activity,
    Facility,
    FacilityCheck,
    Responsibility,
    Shift,
    ShiftEvent,
    SignUp,
    Station,
    Survey,
    Team,
    TeamMember,
    Zone,
)
from portal.site.mydata.export import personal_data
from tests import factories as f
from tests.compounds.test_services import photo

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def _team(place, leader, name: str) -> Team:
    team = Team.objects.create(compound=place.compound, name=name, kind="patrol", leader=leader)
    TeamMember.objects.create(team=team, user=leader, state="member", joined_at=NOW)
    return team


def _activity(place, by, title: str, *, hours=2, is_service=True) -> Activity:
    starts = NOW - timedelta(days=3)
    return Activity.objects.create(
        compound=place.compound,
        created_by=by,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        place="18栋架空层",
        is_service=is_service,
        hours=Decimal(hours),
    )


def _shift(station, person, by, days: int) -> Shift:
    start = NOW + timedelta(days=days)
    return Shift.objects.create(
        station=station, person=person, start=start, end=start + timedelta(hours=4), created_by=by
    )


def _check(facility, by, condition, note="", survey=None, with_photo=False) -> FacilityCheck:
    check = FacilityCheck(facility=facility, by=by, condition=condition, note=note, survey=survey)
    if with_photo:
        check.photo.save("check.jpg", ContentFile(photo("check.jpg").read()), save=False)
    check.save()
    return check


def _community_life(place, me, other, chair, n: int = 1, start: int = 0) -> None:
    """`me` in every kind of community life, `n` times over (numbered from `start`), and
    `other` beside them; someone else answerable for a matter of my building."""
    for k in range(start, start + n):
        mine = _team(place, chair, f"巡逻队{k}")
        TeamMember.objects.create(
            team=mine, user=me, state="member", note="晚上有空", joined_at=NOW
        )
        TeamMember.objects.create(team=mine, user=other, state="member", joined_at=NOW)
        asked = _team(place, chair, f"调解队{k}")
        TeamMember.objects.create(team=asked, user=me, state="declined")
        served = _activity(place, chair, f"楼道清理{k}")
        SignUp.objects.create(
            activity=served, user=me, state="confirmed", position=1, attended_at=NOW
        )
        SignUp.objects.create(
            activity=served, user=other, state="confirmed", position=2, attended_at=NOW
        )
        dance = _activity(place, chair, f"广场舞{k}", is_service=False)
        SignUp.objects.create(activity=dance, user=me, state="waiting", position=1)
        station = Station.objects.create(compound=place.compound, name=f"服务站{k}", place="大门")
        _shift(station, me, chair, 2 + k)
        given = _shift(station, other, chair, 9 + k)  # was mine: the other took it over
        ShiftEvent.objects.create(
            shift=given,
            action="offered",
            actor=me,
            from_person=me,
            to_person=other,
            note="家里有事",
        )
        ShiftEvent.objects.create(
            shift=given, action="accepted", actor=other, from_person=me, to_person=other
        )
        _shift(station, other, chair, 20 + k)  # never mine
        building = f.BuildingFactory(compound=place.compound, name=f"{k + 1}栋")
        held = Responsibility.objects.create(
            compound=place.compound, building=building, person=me, matter="households"
        )
        held.units.add(f.UnitFactory(building=building, entrance="5单元", door=f"{k}01"))
        if k == 0:
            Responsibility.objects.create(
                compound=place.compound, building=place.building, person=other, matter="sanitation"
            )
        Zone.objects.create(
            compound=place.compound, name=f"东侧绿地{k}", kind="green", keeper_user=me
        )
        Zone.objects.create(
            compound=place.compound, name=f"停车场{k}", kind="parking", keeper_team=mine
        )
        Zone.objects.create(
            compound=place.compound, name=f"中心广场{k}", kind="square", keeper_user=other
        )
        manhole = Facility.objects.create(compound=place.compound, kind="manhole", code=f"J-{k}")
        survey = Survey.objects.create(
            compound=place.compound,
            kind="manhole",
            title=f"下水井普查{k}",
            started_by=chair,
            finished_by=chair,
            finished_at=NOW,
        )
        _check(manhole, me, "broken", note="井盖裂了", survey=survey, with_photo=True)
        _check(manhole, me, "good")
        _check(manhole, other, "attention", note="有异味", survey=survey)


def _download(client, user) -> tuple[dict, zipfile.ZipFile, str]:
    client.force_login(user)
    response = client.post(reverse("site:my_data"))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    text = archive.read("data.json").decode("utf-8")
    return json.loads(text), archive, text


def test_the_file_holds_each_kind_of_community_life_and_nobody_elses(
    client, settings, tmp_path, place, resident, volunteer, committee_chair
):
    settings.MEDIA_ROOT = tmp_path
    _community_life(place, resident, volunteer, committee_chair)

    data, archive, text = _download(client, resident)

    teams = {t["team"]: t for t in data["teams"]}
    assert set(teams) == {"巡逻队0", "调解队0"}
    assert teams["巡逻队0"]["your_note"] == "晚上有空" and teams["巡逻队0"]["joined_at"]
    assert teams["巡逻队0"]["you_lead_it"] is False and teams["调解队0"]["joined_at"] is None
    signups = {s["activity"]: s for s in data["activity_signups"]}
    assert set(signups) == {"楼道清理0", "广场舞0"}
    assert signups["楼道清理0"]["hours"] == 2 and signups["楼道清理0"]["attended_at"]
    assert signups["广场舞0"]["hours"] == 0 and signups["广场舞0"]["attended_at"] is None
    assert [s["station"] for s in data["duty_shifts"]] == ["服务站0"]
    assert len(data["shift_swaps"]) == 2
    assert {s["your_note"] for s in data["shift_swaps"]} == {"家里有事", ""}
    assert [r["households"] for r in data["responsibilities"]] == [["1栋 5单元 001"]]
    answerable = data["answerable_for_my_homes"]
    with translation.override("zh-hans"):
        sanitation = str(Responsibility.Matter.SANITATION.label)
    assert [(r["building"], r["matter"]) for r in answerable] == [("18栋", sanitation)]
    zones = {z["zone"]: z["kept_by"] for z in data["zones_kept"]}
    assert set(zones) == {"东侧绿地0", "停车场0"} and zones["停车场0"] == "巡逻队0"
    checks = data["facility_checks"]
    assert len(checks) == 2
    marked = next(c for c in checks if c["survey"])
    assert marked["survey"] == "下水井普查0" and marked["note"] == "井盖裂了"
    assert (
        archive.read(marked["photo"])
        == FacilityCheck.objects.get(survey__isnull=False, by=resident).photo.open("rb").read()
    )
    # The other volunteer, the chair who leads the team and arranged the shifts: neither
    # name nor number, in any form.
    for other in (volunteer, committee_chair):
        assert other.display_name not in text
        assert other.phone not in text and other.phone[3:] not in text
    assert "中心广场0" not in text and "有异味" not in text  # the other's zone and check
    readme = archive.read("README.txt").decode("utf-8")
    assert [key for key in data if key not in readme] == ["format"]


def test_the_community_part_reads_one_query_a_kind(
    settings, tmp_path, place, resident, volunteer, committee_chair
):
    settings.MEDIA_ROOT = tmp_path
    _community_life(place, resident, volunteer, committee_chair, n=1)
    with CaptureQueriesContext(connection) as few:
        first, _photos = personal_data(resident)
    _community_life(place, resident, volunteer, committee_chair, n=4, start=1)
    with CaptureQueriesContext(connection) as many:
        second, photos = personal_data(resident)
    assert len(second["activity_signups"]) == 10 and len(photos) == 5
    assert len(many.captured_queries) == len(few.captured_queries)
