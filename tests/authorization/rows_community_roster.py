"""The duty roster's rows of the matrix (issue 17, item 5). The week and a shift's page are
read by everyone of the compound (the other compound: 404). Stations and shifts are set up
by the owners' committee and the party branch's secretaries (community staff too, tested in
tests/community); the shift's person on duty (the volunteer here) offers it and shows their
phone; only the person it is offered to answers; the arrangers reassign and cancel. The
person on duty offers it to anyone; those who may be on duty there (the chair, the
secretary, the volunteer) may take an open offer — the world's is not open, or is their
own: a message — and the rest are refused. The arrangers change a station's details and
close it (an empty form: its messages). The person on duty's own page is for everyone
signed in (it lists their own shifts)."""

from tests.authorization.expect import expect, scoped, signed_in

ARRANGERS = scoped(403, committee_chair=200, party_secretary=200)
ON_DUTY = scoped(403, volunteer=302)
# Who may be on duty: the branch, the committees and volunteers — the building head is one,
# as a member of two volunteer teams in the teams' world (rows_community_teams.py).
MAY_BE_ON_DUTY = scoped(
    403, committee_chair=302, party_secretary=302, volunteer=302, building_head=302
)


def roster_world(place, party_secretary, volunteer):
    """A station of the compound with tomorrow morning's shift, the volunteer on duty."""
    from datetime import timedelta

    from django.utils import timezone

    from community.services import roster
    from community.services.stations import station_open

    station = station_open(
        by=party_secretary, compound=place.compound, name="人人坞党群服务站", place="东门"
    )
    start = (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    return roster.shift_arrange(
        station=station,
        by=party_secretary,
        person=volunteer,
        start=start,
        end=start + timedelta(hours=4),
    )


def _compound(w) -> dict:
    return {"compound_id": w.compound.pk}


def _station(w) -> dict:
    return {"station_id": w.roster.station_id}


def _shift(w) -> dict:
    return {"shift_id": w.roster.pk}


ROSTER_GETS = {
    "community:roster": (_compound, scoped(200)),
    "community:roster_new_station": (_compound, ARRANGERS),
    "community:roster_new_shift": (_station, ARRANGERS),
    "community:roster_shift": (_shift, scoped(200)),
    "community:roster_duty": (None, signed_in(200)),
    **{
        f"community:roster_{name}": (_shift, expect(405))
        for name in (
            *("offer", "withdraw", "answer", "reassign", "cancel", "phone"),
            *("offer_open", "take"),
        )
    },
    "community:roster_station_edit": (_station, ARRANGERS),
    "community:roster_station_close": (_station, ARRANGERS),
}
ROSTER_POSTS = {
    "community:roster": (_compound, {}, expect(405)),
    # Empty forms come back (200) to those who may; nothing is written.
    "community:roster_new_station": (_compound, {}, ARRANGERS),
    "community:roster_new_shift": (_station, {}, ARRANGERS),
    "community:roster_offer": (_shift, {}, scoped(403, volunteer=200)),
    # Nothing to withdraw: a message, nothing changes.
    "community:roster_withdraw": (_shift, {}, ON_DUTY),
    # Offered to nobody: nobody answers.
    "community:roster_answer": (_shift, {"answer": "accept"}, scoped(403)),
    "community:roster_reassign": (_shift, {}, ARRANGERS),
    "community:roster_phone": (_shift, {}, ON_DUTY),
    "community:roster_cancel": (_shift, {}, scoped(403, committee_chair=302, party_secretary=302)),
    # The volunteer offers their shift to anyone; then it is their own to take (a message).
    "community:roster_offer_open": (_shift, {}, ON_DUTY),
    "community:roster_take": (_shift, {}, MAY_BE_ON_DUTY),
    "community:roster_station_edit": (_station, {}, ARRANGERS),
    "community:roster_station_close": (_station, {}, ARRANGERS),
}
