"""The rows of teams, zones and responsibilities (issue 17, items 1-3) and the community
page. The compound's people read every page (the other compound: 404). Its leads (the
owners' committee chair, the party secretary) set up teams, draw zones and make people
answerable; the supervisory committee, role holders and residents may not (403). Anyone who
lives in or serves the compound applies to a team or claims a free zone — not the property
company's worker nor street staff (403). The team's leader (the volunteer) and the leads
answer applications, keep the team's zone and record its clean-up; they also hand a team
to one of its members and disband it (each on a team of its own, so the others stay)."""

from datetime import timedelta

from django.utils import timezone

from tests.authorization.expect import expect, scoped


def _world(w):
    """Built once per world, before the matrix takes its fingerprint."""
    if getattr(w, "teams", None) is None:
        from django.contrib.auth import get_user_model

        users = get_user_model().objects
        w.teams = teams_world(
            w.compound,
            w.building,
            secretary=users.get(phone="+8613800000004"),
            volunteer=users.get(phone="+8613800000008"),
            tenant=users.get(phone="+8613800000009"),
            head=users.get(phone="+8613800000002"),
        )
    return w.teams


def teams_world(compound, building, *, secretary, volunteer, tenant, head) -> dict:
    """A team led by the volunteer with the tenant's application waiting, a zone it keeps
    with a clean-up scheduled, a free zone with one done (and its photo), and the building
    head answerable for the building's sanitation (the IDOR probe's sides build one each).
    Two more teams led by the volunteer with the building head in them: one to hand over
    (to the head), one to disband."""
    from django.core.files.base import ContentFile

    from community.models import Cleanup, CleanupPhoto, Responsibility
    from community.services.teams import team_apply, team_create, team_decide
    from community.services.zones import zone_claim, zone_create

    team = team_create(
        by=secretary, compound=compound, name="环保卫生服务队", kind="environment", leader=volunteer
    )
    applicant = team_apply(team=team, user=tenant)
    spare = {}
    for key, name in (("handover", "宣教文艺队"), ("disband", "矛盾调处队")):
        spare[key] = team_create(
            by=secretary, compound=compound, name=name, kind="culture", leader=volunteer
        )
        joined = team_apply(team=spare[key], user=head)
        spare[f"{key}_member"] = team_decide(
            team=spare[key], member_id=joined.pk, by=volunteer, accept=True
        )
    kept = zone_create(
        by=secretary, compound=compound, name="18栋绿化带", kind="green", buildings=[building]
    )
    zone_claim(zone=kept, by=volunteer, team=team)
    free = zone_create(by=secretary, compound=compound, name="北门停车场", kind="parking")
    month = timezone.localdate().replace(day=1)
    cleanup = Cleanup.objects.create(zone=kept, month=month, day=timezone.localdate())
    done = Cleanup.objects.create(
        zone=free, month=month, day=timezone.localdate(), done_at=timezone.now()
    )
    photo = CleanupPhoto(cleanup=done)
    photo.image.save("c.jpg", ContentFile(b"\xff\xd8\xff"), save=False)
    photo.save()
    care = Responsibility.objects.create(
        compound=compound, building=building, person=head, matter="sanitation"
    )
    return {
        "team": team,
        "applicant": applicant,
        "kept": kept,
        "free": free,
        "cleanup": cleanup,
        "photo": photo,
        "care": care,
        "head": head,
        **spare,
    }


def _compound(w) -> dict:
    _world(w)
    return {"compound_id": w.compound.pk}


def _team(w) -> dict:
    return {"team_id": _world(w)["team"].pk}


def _handover(w) -> dict:
    return {"team_id": _world(w)["handover"].pk}


def _disband(w) -> dict:
    return {"team_id": _world(w)["disband"].pk}


def _kept(w) -> dict:
    return {"zone_id": _world(w)["kept"].pk}


def _free(w) -> dict:
    return {"zone_id": _world(w)["free"].pk}


LEADS = scoped(403, committee_chair=200, party_secretary=200)
LEADS_POST = scoped(403, committee_chair=302, party_secretary=302)
KEEPERS = scoped(403, committee_chair=200, party_secretary=200, volunteer=200)
KEEPERS_POST = scoped(403, committee_chair=302, party_secretary=302, volunteer=302)
# Anyone who lives in or serves the compound, but not its property company or street staff.
JOINERS_POST = scoped(302, worker=403, street_staff=403)
TOMORROW = (timezone.localdate() + timedelta(days=1)).isoformat()

TEAMS_GETS = {
    "community:hub": (_compound, scoped(200)),
    "community:teams": (_compound, scoped(200)),
    "community:team_new": (_compound, LEADS),
    "community:team": (_team, scoped(200)),
    "community:team_apply": (_team, expect(405)),
    "community:team_decide": (_team, expect(405)),
    "community:team_leave": (_team, expect(405)),
    # The leader and the compound's leads hand a team over and disband it (403 for the
    # others, 404 for the other compound).
    "community:team_leader": (_handover, KEEPERS),
    "community:team_disband": (_disband, KEEPERS),
    "community:zones": (_compound, scoped(200)),
    "community:zone_new": (_compound, LEADS),
    # No plan uploaded in the matrix's world: nothing to serve.
    "community:zone": (_kept, scoped(200)),
    "community:zone_claim": (_free, expect(405)),
    "community:zone_release": (_kept, expect(405)),
    "community:cleanup_schedule": (_kept, expect(405)),
    "community:cleanup_record": (lambda w: {"cleanup_id": _world(w)["cleanup"].pk}, expect(405)),
    "community:cleanup_photo": (lambda w: {"photo_id": _world(w)["photo"].pk}, scoped(200)),
    "community:care": (_compound, scoped(200)),
    "community:care_assign": (_compound, LEADS),
    "community:care_end": (lambda w: {"responsibility_id": _world(w)["care"].pk}, expect(405)),
    "community:my_care": (None, expect(200, anonymous=302)),
}
TEAMS_POSTS = {
    "community:team_new": (_compound, {"name": "安全巡逻队", "kind": "patrol"}, LEADS_POST),
    "community:team_apply": (_team, {}, JOINERS_POST),
    "community:team_decide": (
        _team,
        {"member": lambda w: w.teams["applicant"].pk, "decision": "accept"},
        KEEPERS_POST,
    ),
    # Leaving a team one is not in changes nothing and says so.
    "community:team_leave": (_team, {}, scoped(302)),
    "community:zone_new": (_compound, {"name": "南门广场", "kind": "square"}, LEADS_POST),
    "community:zone_claim": (_free, {}, JOINERS_POST),
    "community:cleanup_schedule": (_kept, {"day": TOMORROW}, KEEPERS_POST),
    # Without its photos the record is refused with a message for those who may record.
    "community:cleanup_record": (
        lambda w: {"cleanup_id": _world(w)["cleanup"].pk},
        {},
        KEEPERS_POST,
    ),
    "community:care_assign": (
        _compound,
        {
            "building": lambda w: w.building.pk,
            "person": lambda w: w.teams["head"].pk,
            "matter": "mediation",
        },
        LEADS_POST,
    ),
    "community:care_end": (lambda w: {"responsibility_id": _world(w)["care"].pk}, {}, LEADS_POST),
    # Last: the keeper releasing the zone ends their part in it.
    "community:zone_release": (_kept, {}, KEEPERS_POST),
    # The building head leads the first team from here on; the second one is gone.
    "community:team_leader": (
        _handover,
        {"member": lambda w: w.teams["handover_member"].pk},
        KEEPERS_POST,
    ),
    "community:team_disband": (_disband, {"reason": "队员都搬走了"}, KEEPERS_POST),
}
