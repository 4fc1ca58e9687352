"""Activities' rows of the matrix (issue 17, item 4). The world's activity is published by
the owners' committee (its chair) for tomorrow, with five places.

- The compound's people read the list and the page; the other compound gets 404.
- Residents sign up (the property company's worker and street staff are not residents: 403).
- The organisers — the chair who published it and staff in scope — take attendance, show
  the door's code, cancel, add photos and the report; the compound's other people get 403.
- Publishing: committee members, branch secretaries, team leaders (the volunteer leads the
  teams' world's team) and staff. A POST names the organiser "staff", so the others see the
  form again (200) and staff publish (302).
- The check-in page opens for whoever sees the activity; checking in before the start
  shows the page again with the reason (200)."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.authorization.expect import PUBLISHERS, expect, scoped

READERS = scoped(200)
SIGNERS = scoped(302, worker=403, street_staff=403)
ORGANISERS_GET = scoped(403, committee_chair=200, street_staff=200)
ORGANISERS_POST = scoped(403, committee_chair=302, street_staff=302)
PUBLISH_GET = scoped(403, **dict.fromkeys(PUBLISHERS, 200), volunteer=200)
PUBLISH_POST = scoped(
    403, **(dict.fromkeys(PUBLISHERS, 200) | {"street_staff": 302, "volunteer": 200})
)


def _activity(w):
    """The world's activity, made the first time a row asks for it (before any POST's
    fingerprint is taken)."""
    if getattr(w, "activity", None) is None:
        from community.models import ActivityPhoto
        from community.services.activities import activity_publish
        from compounds.models import Body
        from tests.compounds.test_services import photo

        body = Body.objects.get(compound=w.compound, kind="owners_committee")
        starts = timezone.now() + timedelta(days=1)
        w.activity = activity_publish(
            by=body.memberships.get().user,
            compound=w.compound,
            organiser=body,
            title="阅读社",
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place="党群服务站",
            capacity=5,
        )
        w.activity_photo = ActivityPhoto(activity=w.activity)
        w.activity_photo.image.save("a.jpg", ContentFile(photo().read()), save=True)
    return w.activity


def _one(w) -> dict:
    return {"activity_id": _activity(w).pk}


def _compound(w) -> dict:
    return {"compound_id": w.compound.pk}


def _compound_with_teams(w) -> dict:
    """The volunteer leads a team whichever rows ran first (teams' world)."""
    from tests.authorization.rows_community_teams import _world

    _world(w)
    return _compound(w)


def _check_in(w) -> dict:
    from community.services.activities import checkin_token

    return {"activity_id": _activity(w).pk, "token": checkin_token(_activity(w))}


def _photo(w) -> dict:
    _activity(w)
    return {"photo_id": w.activity_photo.pk}


def _moment(days: int):
    return lambda w: (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


NEW_ACTIVITY = {
    "title": "广场舞",
    "organiser": "staff",
    "starts_at": _moment(3),
    "ends_at": _moment(4),
    "place": "中心广场",
    "audience": "everyone",
    "needs_signup": "on",
    "capacity": "30",
}

ACTIVITY_GETS = {
    "community:activity_list": (_compound, READERS),
    "community:activity_new": (_compound_with_teams, PUBLISH_GET),
    "community:activity": (_one, READERS),
    "community:activity_sign_up": (_one, expect(405)),
    "community:activity_withdraw": (_one, expect(405)),
    "community:activity_cancel": (_one, expect(405)),
    "community:activity_roll": (_one, ORGANISERS_GET),
    "community:activity_door": (_one, ORGANISERS_GET),
    "community:activity_check_in": (_check_in, READERS),
    "community:activity_photos": (_one, expect(405)),
    "community:activity_report": (_one, expect(405)),
    "community:activity_photo": (_photo, READERS),
}
ACTIVITY_POSTS = {
    "community:activity_list": (_compound, {}, expect(405)),
    "community:activity_new": (_compound_with_teams, NEW_ACTIVITY, PUBLISH_POST),
    "community:activity": (_one, {}, expect(405)),
    "community:activity_sign_up": (_one, {}, SIGNERS),
    # Not signed up: the page says so (a message), nobody is refused.
    "community:activity_withdraw": (_one, {}, scoped(302)),
    "community:activity_roll": (_one, {"signup": "999999", "present": "on"}, ORGANISERS_POST),
    "community:activity_check_in": (_check_in, {}, READERS),
    "community:activity_photos": (_one, {}, ORGANISERS_POST),
    "community:activity_report": (_one, {"report": "来了二十人"}, ORGANISERS_POST),
    "community:activity_cancel": (_one, {}, ORGANISERS_POST),
    "community:activity_photo": (_photo, {}, expect(405)),
}
