"""Activity pages: the list, publishing (with bad input refused in words), the page, signing
up and cancelling from the phone, the organisers' list, the door's QR code and check-in,
photos and the report; wrong methods, refusals and the other compound; the list's queries
do not grow with the number of activities."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from community.models import Activity, SignUp
from community.services import activities as services
from tests.community.activity_world import neighbour, publish, started
from tests.compounds.test_services import photo

pytestmark = pytest.mark.django_db


def _moment(delta: timedelta) -> str:
    return (timezone.localtime() + delta).strftime("%Y-%m-%dT%H:%M")


def _form(**over) -> dict:
    return {
        "title": "公益食堂",
        "organiser": "",
        "starts_at": _moment(timedelta(days=2)),
        "ends_at": _moment(timedelta(days=2, hours=2)),
        "place": "党群服务站一楼",
        "audience": "everyone",
        "needs_signup": "on",
        "capacity": "20",
        "description": "为老人送餐",
    } | over


def test_the_committee_publishes_an_activity(client, place, committee_chair):
    client.force_login(committee_chair)
    url = reverse("community:activity_new", args=[place.compound.pk])
    page = client.get(url)
    assert page.status_code == 200
    body = page.context["form"].fields["organiser"].choices[0][0]
    response = client.post(url, _form(organiser=body))
    activity = Activity.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "community:activity", args=[activity.pk]
    )
    assert activity.body_id and activity.capacity == 20 and activity.hours == 2


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        (
            {"ends_at": _moment(timedelta(days=1))},
            "ends_at",
            "An activity must end after it starts.",
        ),
        ({"capacity": "0"}, "capacity", "Places must be at least 1, or left empty."),
        ({"capacity": "-5"}, "capacity", "Places must be at least 1, or left empty."),
        ({"capacity": "十"}, "capacity", "Places must be a whole number."),
        ({"starts_at": "明天"}, "starts_at", None),
        ({"title": ""}, "title", None),
    ],
)
def test_bad_input_is_refused_with_a_message(client, place, committee_chair, over, field, message):
    from django.utils import translation

    client.force_login(committee_chair)
    url = reverse("community:activity_new", args=[place.compound.pk])
    body = client.get(url).context["form"].fields["organiser"].choices[0][0]
    with translation.override("en"):
        response = client.post(url, _form(organiser=body, **over), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert message in str(errors[field]) or translation.gettext(message) in str(errors[field])
    assert not Activity.objects.exists()


def test_an_organiser_not_offered_is_refused(client, place, committee_chair):
    client.force_login(committee_chair)
    url = reverse("community:activity_new", args=[place.compound.pk])
    response = client.post(url, _form(organiser="staff"))
    assert response.status_code == 200 and "organiser" in response.context["form"].errors


def test_residents_may_not_publish_and_the_other_compound_sees_nothing(
    client, place, resident, other_owner
):
    url = reverse("community:activity_new", args=[place.compound.pk])
    client.force_login(resident)
    assert client.get(url).status_code == 403
    assert client.post(url, _form(organiser="staff")).status_code == 403
    client.force_login(other_owner)
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("community:activity_list", args=[place.compound.pk])).status_code == 404
    )


def test_sign_up_wait_and_move_up_through_the_pages(
    client, place, committee_chair, resident, tenant
):
    activity = publish(place, committee_chair, capacity=1)
    page = reverse("community:activity", args=[activity.pk])
    client.force_login(resident)
    sign_up = reverse("community:activity_sign_up", args=[activity.pk])
    assert sign_up in client.get(page).content.decode()
    assert client.post(reverse("community:activity_sign_up", args=[activity.pk])).status_code == 302
    client.force_login(tenant)
    client.post(reverse("community:activity_sign_up", args=[activity.pk]))
    assert SignUp.objects.get(user=tenant).state == "waiting"
    assert client.get(page).context["ahead"] == 0
    client.force_login(resident)
    client.post(reverse("community:activity_withdraw", args=[activity.pk]))
    assert SignUp.objects.get(user=tenant).state == "confirmed"


def test_wrong_methods(client, place, committee_chair, resident):
    activity = publish(place, committee_chair)
    client.force_login(resident)
    for name in (
        "activity_sign_up",
        "activity_withdraw",
        "activity_cancel",
        "activity_photos",
        "activity_report",
    ):
        assert client.get(reverse(f"community:{name}", args=[activity.pk])).status_code == 405
    assert client.post(reverse("community:activity", args=[activity.pk])).status_code == 405
    assert (
        client.post(reverse("community:activity_list", args=[place.compound.pk])).status_code == 405
    )


def test_the_other_compound_gets_404_everywhere(client, place, committee_chair, other_owner):
    activity = publish(place, committee_chair)
    client.force_login(other_owner)
    for name in ("activity", "activity_roll", "activity_door"):
        assert client.get(reverse(f"community:{name}", args=[activity.pk])).status_code == 404
    assert client.post(reverse("community:activity_sign_up", args=[activity.pk])).status_code == 404
    assert not SignUp.objects.exists()
    token = services.checkin_token(activity)
    assert (
        client.get(reverse("community:activity_check_in", args=[activity.pk, token])).status_code
        == 404
    )


def test_organisers_only_for_the_roll_the_door_and_cancelling(
    client, place, committee_chair, resident
):
    activity = publish(place, committee_chair)
    client.force_login(resident)
    for name in ("activity_roll", "activity_door"):
        assert client.get(reverse(f"community:{name}", args=[activity.pk])).status_code == 403
    assert client.post(reverse("community:activity_cancel", args=[activity.pk])).status_code == 403
    client.force_login(committee_chair)
    door = client.get(reverse("community:activity_door", args=[activity.pk]))
    assert door.status_code == 200 and b"<svg" in door.content
    assert b"style=" not in door.content.split(b"<svg", 1)[1].split(b"</svg>", 1)[0]


def test_check_in_from_the_door_and_marking_on_the_list(
    client, place, committee_chair, resident, tenant
):
    activity = publish(place, committee_chair, is_service=True)
    services.signup_join(activity=activity, user=resident)
    services.signup_join(activity=activity, user=tenant)
    started(activity)
    url = reverse(
        "community:activity_check_in", args=[activity.pk, services.checkin_token(activity)]
    )
    client.force_login(resident)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert SignUp.objects.get(user=resident).attended_at
    bad = reverse("community:activity_check_in", args=[activity.pk, "forged:token"])
    assert client.get(bad).status_code == 404
    client.force_login(committee_chair)
    roll = reverse("community:activity_roll", args=[activity.pk])
    assert client.get(roll).status_code == 200
    signup = SignUp.objects.get(user=tenant)
    assert client.post(roll, {"signup": signup.pk, "present": "on"}).status_code == 302
    assert SignUp.objects.get(user=tenant).attended_at
    assert client.post(roll, {"signup": "x"}).status_code == 302  # a message, nothing changed


def test_photos_and_report_on_the_page(client, place, committee_chair, resident):
    activity = started(publish(place, committee_chair))
    client.force_login(committee_chair)
    client.post(reverse("community:activity_photos", args=[activity.pk]), {"photos": [photo()]})
    client.post(
        reverse("community:activity_report", args=[activity.pk]), {"report": "来了十五位老人"}
    )
    client.force_login(resident)
    page = client.get(reverse("community:activity", args=[activity.pk]))
    assert "来了十五位老人" in page.content.decode()
    (shown,) = page.context["photos"]
    assert client.get(reverse("community:activity_photo", args=[shown.pk])).status_code == 200
    client.force_login(committee_chair)
    blank = client.post(reverse("community:activity_report", args=[activity.pk]), {"report": "  "})
    assert blank.status_code == 302
    assert Activity.objects.get().report == "来了十五位老人"


def test_a_fake_photo_is_refused(client, place, committee_chair):
    from django.core.files.uploadedfile import SimpleUploadedFile

    activity = started(publish(place, committee_chair))
    client.force_login(committee_chair)
    fake = SimpleUploadedFile("a.jpg", b"MZ not a photo", content_type="image/jpeg")
    client.post(reverse("community:activity_photos", args=[activity.pk]), {"photos": [fake]})
    assert not activity.photos.exists()


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_list_does_not_grow_with_activities(client, place, committee_chair, resident):
    url = reverse("community:activity_list", args=[place.compound.pk])
    past = url + "?when=past"
    client.force_login(resident)

    def grow(n):
        for i in range(n):
            activity = publish(place, committee_chair, title=f"活动{i}", capacity=3)
            services.signup_join(activity=activity, user=resident)
            services.signup_join(
                activity=activity, user=neighbour(place, f"9{Activity.objects.count()}{i}")
            )
            gone = publish(place, committee_chair, title=f"往期{i}")
            started(gone, ago=timedelta(days=3))

    grow(2)
    small = (_count(client, url), _count(client, past))
    grow(25)
    large = (_count(client, url), _count(client, past))
    assert small == large
    assert small[0] <= 12
