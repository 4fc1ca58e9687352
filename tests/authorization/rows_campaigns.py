"""The campaign rows of the matrix (issue 14, item 9): the compound's people read a
campaign and its progress; the owners' committee and the branch's secretaries start one;
only an owner of a covered home answers for it (anyone else: the home's answer does not
exist, 404); only the campaign's collectors (here the party secretary) record payments."""

from tests.authorization.expect import LEDGER_READERS, expect, scoped

STARTERS = scoped(403, committee_chair=200, party_secretary=200, worker=404)
COLLECTORS_OF_IT = scoped(403, party_secretary=200, worker=404)


def campaign_world(place, committee_chair, party_secretary):
    """A campaign over the homes of 18栋 2单元, collected by the party secretary."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from finance import services

    return services.campaign_open(
        compound=place.compound,
        actor=committee_chair,
        fields={
            "title": "铸铁管改造",
            "purpose": "更换铸铁排水立管",
            "target": Decimal("3600.00"),
            "basis": "unit",
            "deadline": timezone.localdate() + timedelta(days=14),
            "threshold_numerator": 2,
            "threshold_denominator": 3,
        },
        coverage=services.Coverage(place.building, "2单元"),
        collectors=[party_secretary],
    )


def _resident_home(w):
    return w.campaign.parts.get(unit__door="301").unit_id


CAMPAIGN_GETS = {
    "finance:campaigns": (lambda w: {"compound_id": w.compound.pk}, LEDGER_READERS),
    "finance:new_campaign": (lambda w: {"compound_id": w.compound.pk}, STARTERS),
    "finance:campaign": (lambda w: {"campaign_id": w.campaign.pk}, LEDGER_READERS),
    "finance:campaign_answer": (
        lambda w: {"campaign_id": w.campaign.pk, "unit_id": _resident_home(w)},
        expect(405),
    ),
    "finance:campaign_pay": (lambda w: {"campaign_id": w.campaign.pk}, COLLECTORS_OF_IT),
}

CAMPAIGN_POSTS = {
    # The resident's own home (301): its owner answers; for anyone else it does not exist.
    "finance:campaign_answer": (
        lambda w: {"campaign_id": w.campaign.pk, "unit_id": _resident_home(w)},
        {"answer": "agree"},
        expect(404, anonymous=302, resident=302),
    ),
    # Empty forms come back (200) to those who may; nothing is written.
    "finance:campaign_pay": (lambda w: {"campaign_id": w.campaign.pk}, {}, COLLECTORS_OF_IT),
    "finance:new_campaign": (lambda w: {"compound_id": w.compound.pk}, {}, STARTERS),
}
