"""The facilities register's rows of the matrix (issue 17, item 6). The compound's people
read the register, a facility, the plan and a survey's result; the keepers (owners'
committee, the branch's secretaries, the property company) add, change, retire and
restore facilities, record conditions, print stickers and start surveys; the plan is the
committee's; surveyors (keepers, committee and party members, volunteers) walk an open
survey, others are sent to its result. The other compound gets 404 everywhere."""

from tests.authorization.expect import expect, scoped

READERS = scoped(200)
KEEPER_NAMES = ["committee_chair", "party_secretary", "worker"]
KEEPERS = scoped(403, **dict.fromkeys(KEEPER_NAMES, 200))
PLANNERS = scoped(403, committee_chair=200, party_secretary=200)
SURVEYOR_NAMES = [*KEEPER_NAMES, "supervisor", "volunteer"]
WALKERS = scoped(302, **dict.fromkeys(SURVEYOR_NAMES, 200))


def facilities_world(place, committee_chair, party_secretary):
    """Three manholes of 18栋, one checked with a photo, the compound's plan, and a survey
    of manholes under way."""
    from community.services import facilities, facility_surveys
    from tests.compounds.test_services import photo

    facilities.plan_upload(by=committee_chair, compound=place.compound, image=photo("plan.jpg"))
    made = [
        facilities.facility_add(
            by=party_secretary,
            compound=place.compound,
            kind="manhole",
            code=f"J-{i:02d}",
            building=place.building,
        )
        for i in (1, 2, 3)
    ]
    check = facilities.facility_record(
        by=party_secretary, facility_id=made[0].pk, condition="attention", photo=photo()
    )
    survey = facility_surveys.survey_start(
        by=party_secretary, compound=place.compound, kind="manhole", title="下水井普查"
    )
    return {"facility": made[0], "check": check, "survey": survey}


def _compound(w) -> dict:
    return {"compound_id": w.compound.pk}


def _facility(w) -> dict:
    return {"facility_id": w.facilities["facility"].pk}


def _survey(w) -> dict:
    return {"survey_id": w.facilities["survey"].pk}


def _mark(w) -> dict:
    return _survey(w) | _facility(w)


FACILITIES_GETS = {
    "community:facilities": (_compound, READERS),
    "community:facility_new": (_compound, KEEPERS),
    "community:facility_stickers": (_compound, KEEPERS),
    "community:plan": (_compound, READERS),
    "community:plan_image": (_compound, READERS),
    "community:surveys": (_compound, READERS),
    "community:facility": (_facility, READERS),
    "community:facility_record": (_facility, expect(405)),
    "community:facility_edit": (_facility, KEEPERS),
    "community:facility_retire": (_facility, KEEPERS),
    "community:facility_restore": (_facility, expect(405)),
    "community:check_photo": (lambda w: {"check_id": w.facilities["check"].pk}, READERS),
    "community:survey": (_survey, WALKERS),
    "community:survey_mark": (_mark, expect(405)),
    "community:survey_finish": (_survey, expect(405)),
    "community:survey_result": (_survey, READERS),
    # the import from a spreadsheet: its keepers only (the template too)
    "community:facility_import": (_compound, KEEPERS),
    "community:facility_import_template": (_compound, KEEPERS),
    "community:facility_import_confirm": (_compound, expect(405)),
}

# Empty forms: those who may get the form back (200, or 400 for a one-tap post without a
# condition) and nothing is written; the finish is the only complete POST (302), and a
# restore of a facility in use is sent back to its page.
FACILITIES_POSTS = {
    "community:facility_new": (_compound, {}, KEEPERS),
    "community:plan": (_compound, {}, PLANNERS),
    "community:surveys": (_compound, {}, KEEPERS),
    "community:facility_record": (_facility, {}, scoped(403, **dict.fromkeys(KEEPER_NAMES, 400))),
    "community:facility_edit": (_facility, {}, KEEPERS),
    "community:facility_retire": (_facility, {}, KEEPERS),  # a reason is required
    # The facility is in use: nothing to restore, said on its page (302), nothing written.
    "community:facility_restore": (_facility, {}, scoped(403, **dict.fromkeys(KEEPER_NAMES, 302))),
    "community:survey_mark": (_mark, {}, scoped(403, **dict.fromkeys(SURVEYOR_NAMES, 400))),
    "community:survey_finish": (_survey, {}, scoped(403, **dict.fromkeys(SURVEYOR_NAMES, 302))),
    # No file: the form again. A forged preview: back to the import with a message.
    "community:facility_import": (_compound, {}, KEEPERS),
    "community:facility_import_confirm": (
        _compound,
        {"token": "forged"},
        scoped(403, **dict.fromkeys(KEEPER_NAMES, 302)),
    ),
}
