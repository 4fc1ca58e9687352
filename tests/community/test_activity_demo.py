"""The demo's activities: past ones with attendance, photos and a report, coming ones with
places taken and a full one with a waiting list, in 太阳岛小区 and 耐火小区 (and two in
翡翠谷小区 for the demo accounts); seeding twice changes nothing."""

import pytest

from community.models import Activity, ActivityPhoto, SignUp
from community.queries.activities import person_hours
from portal.demo_accounts import DEMO_ACCOUNTS
from portal.site.demo.activities import seed_activities
from portal.site.demo.places import seed_feicuigu, seed_places, user_of

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Activity, SignUp, ActivityPhoto)]


def test_demo_activities(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    compounds = seed_places()
    demo = {a.phone[-2:]: user_of(a.phone, a.name) for a in DEMO_ACCOUNTS}
    seed_feicuigu(compounds["翡翠谷小区"], demo)
    seed_activities(compounds, demo)
    first = _counts()
    seed_activities(compounds, demo)
    assert _counts() == first
    for name in ("太阳岛小区", "耐火小区"):
        mine = Activity.objects.filter(compound=compounds[name])
        past = [a for a in mine if a.report]
        assert past and all(a.photos.exists() or not a.needs_signup for a in past)
        assert any(a.signups.filter(attended_at__isnull=False).exists() for a in past)
        assert mine.filter(state="published", report="").exists()
    titles = set(Activity.objects.values_list("title", flat=True))
    for word in ("阅读社", "广场舞", "公益食堂", "金婚庆典"):
        assert any(word in t for t in titles), word
    full = Activity.objects.get(title="公益食堂·周末帮厨")
    assert full.is_full and full.signups.filter(state="waiting").count() == 2
    for activity in Activity.objects.all():
        confirmed = activity.signups.filter(state="confirmed").count()
        assert activity.confirmed_count == confirmed
        assert activity.capacity is None or confirmed <= activity.capacity
    assert person_hours(demo["08"]) == 3
