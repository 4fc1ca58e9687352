"""Building activities for tests: one published by the committee chair, starting
tomorrow, with a given number of places; neighbours with verified homes to sign up."""

from datetime import timedelta

from django.utils import timezone

from community.models import Activity
from compounds.models import Body
from tests import factories as f


def publish(place, by, *, capacity=2, starts_in=timedelta(days=1), **fields) -> Activity:
    from community.services.activities import activity_publish

    starts = timezone.now() + starts_in
    values = {
        "title": "阅读社·读书分享",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "place": "党群服务站二楼",
        "capacity": capacity,
        "needs_signup": True,
        "is_service": False,
        "audience": "everyone",
        "description": "",
    } | fields
    body = Body.objects.filter(compound=place.compound, kind="owners_committee").first()
    return activity_publish(by=by, compound=place.compound, organiser=body, **values)


def neighbour(place, door: str, relation="owner"):
    user = f.UserFactory()
    unit = f.UnitFactory(building=place.building, entrance="3单元", door=door)
    f.ResidencyFactory(user=user, unit=unit, relation=relation)
    return user


def started(activity: Activity, ago=timedelta(minutes=30)) -> Activity:
    """Move an activity so that it began `ago` (its times, not the clock)."""
    length = activity.ends_at - activity.starts_at
    starts = timezone.now() - ago
    Activity.objects.filter(pk=activity.pk).update(starts_at=starts, ends_at=starts + length)
    activity.refresh_from_db()
    return activity
