"""Campaigns (issue 14, item 9): opening freezes the parts; owners of covered homes answer
from their phones until the deadline; collectors record payments with a receipt, each an
income entry under review; the progress per building and entrance."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from finance import queries, services
from finance.models import Campaign, CampaignAnswer, CampaignPart, CampaignPayment, Entry
from tests import factories as f
from tests.compounds.test_services import photo
from tests.finance.campaigning import owner_of, project_fund, start

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def homes(resident, tenant, committee_chair, party_secretary, supervisor):
    """The five homes of 18栋 2单元 the personas live in (the tenant's 302 has its owner)."""
    return {"resident": resident, "chair": committee_chair, "keeper": party_secretary}


@pytest.fixture
def campaign(place, homes, committee_chair, party_secretary):
    fund = project_fund(place, committee_chair, party_secretary)
    return start(place, committee_chair, [party_secretary], account=fund)


def part_of(campaign, user):
    return campaign.parts.get(unit__residencies__user=user)


# Opening ---------------------------------------------------------------------------------


def test_opening_freezes_parts_in_fen_that_sum_exactly_to_the_target(place, campaign):
    rows = list(campaign.parts.select_related("unit").order_by("position"))
    assert [p.unit.door for p in rows] == ["201", "301", "302", "402", "602"]
    assert [p.amount for p in rows] == [Decimal("20.00")] * 5
    assert campaign.scope == "18栋 2单元"
    odd = start(place, campaign.started_by, [campaign.collectors.get()], target="100.03")
    amounts = [p.amount for p in odd.parts.order_by("position")]
    assert amounts == [Decimal("20.01")] * 3 + [Decimal("20.00")] * 2
    assert sum(amounts) == Decimal("100.03")


def test_the_owners_of_covered_homes_are_asked_to_answer(campaign, resident, tenant, supervisor):
    from portal.notifications.models import Notification

    asked = set(
        Notification.objects.filter(event="finance.campaign").values_list("recipient", flat=True)
    )
    assert resident.pk in asked and supervisor.pk in asked and tenant.pk not in asked
    assert len(asked) == 4  # 201, 301, 402, 602: the tenant's 302 has no owner registered


def test_per_area_and_per_resident(place, homes, committee_chair, party_secretary):
    unit = f.UnitFactory(building=place.building, entrance="3单元", door="101", area=Decimal("60"))
    big = f.UnitFactory(building=place.building, entrance="3单元", door="102", area=Decimal("90"))
    owner_of(unit), owner_of(big), owner_of(big, relation="household_member")
    owner_of(big, relation="tenant")
    coverage = services.Coverage(place.building, "3单元")
    by_area = start(
        place, committee_chair, [party_secretary], target="100.00", basis="area", coverage=coverage
    )
    assert [p.amount for p in by_area.parts.order_by("position")] == [Decimal(40), Decimal(60)]
    assert by_area.account.kind == "project_fund"  # none chosen: one opened for it
    # The owner, a household member and a tenant are registered in 102: three heads to one.
    by_heads = start(
        place,
        committee_chair,
        [party_secretary],
        target="100.00",
        basis="resident",
        coverage=coverage,
        account=by_area.account,
    )
    assert [p.amount for p in by_heads.parts.order_by("position")] == [Decimal(25), Decimal(75)]


def test_nobody_registered_or_no_home_matching_or_below_a_fen_each_is_refused(
    place, homes, committee_chair, party_secretary
):
    empty = f.BuildingFactory(compound=place.compound, name="19栋")
    f.UnitFactory(building=empty, entrance="1单元", door="101")
    with pytest.raises(ValidationError) as nobody:
        start(
            place,
            committee_chair,
            [party_secretary],
            basis="resident",
            coverage=services.Coverage(empty),
        )
    with pytest.raises(ValidationError) as no_home:
        start(
            place,
            committee_chair,
            [party_secretary],
            coverage=services.Coverage(place.building, "2单元", ("99",)),
        )
    with pytest.raises(ValidationError) as below:
        start(place, committee_chair, [party_secretary], target="0.04")  # 5 homes
    for target in ("0", "-1", "12.345", "100000000.01"):  # the service refuses what the form does
        with pytest.raises(ValidationError) as bad:
            start(place, committee_chair, [party_secretary], target=target)
        assert bad.value.code == "target"
    assert (nobody.value.code, no_home.value.code, below.value.code) == (
        "weights",
        "units",
        "target",
    )
    assert not Campaign.objects.exists()


def test_only_the_owners_committee_or_the_branch_starts_one_and_collectors_serve(
    client, place, homes, committee_chair, party_secretary, supervisor, resident
):
    url = reverse("finance:new_campaign", args=[place.compound.pk])
    for user, status in (
        (committee_chair, 200),
        (party_secretary, 200),
        (supervisor, 403),
        (resident, 403),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status
    with pytest.raises(ValidationError):
        start(place, committee_chair, [resident])  # not on any body


def _form(place, collector, **overrides):
    data = {
        "title": "铸铁管改造",
        "purpose": "更换立管",
        "target": "3600.00",
        "basis": "unit",
        "building": place.building.pk,
        "entrance": "2单元",
        "endings": "02, 04",
        "deadline": (timezone.localdate() + timedelta(days=10)).isoformat(),
        "threshold": "2/3",
        "account": "",
        "collectors": [collector.pk],
    }
    return data | overrides


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"target": "0"}, "大于零"),
        ({"target": "-5"}, "大于零"),
        ({"target": "12.345"}, "两位小数"),
        ({"target": "1000000000000"}, ""),
        ({"target": "100000001"}, ""),
        ({"target": "abc"}, ""),
        ({"deadline": "2020-01-01"}, ""),
        ({"endings": "99"}, ""),
        ({"endings": "0x"}, ""),
        ({"collectors": []}, ""),
        ({"building": "999999"}, ""),
    ],
)
def test_bad_input_comes_back_with_a_message_and_saves_nothing(
    client, place, homes, committee_chair, party_secretary, overrides, message
):
    client.force_login(committee_chair)
    url = reverse("finance:new_campaign", args=[place.compound.pk])
    response = client.post(url, _form(place, party_secretary, **overrides), **ZH)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode() or "form-errors" in (
        response.content.decode()
    )
    assert message in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_form_opens_a_campaign_with_a_new_project_fund(
    client, place, homes, committee_chair, party_secretary
):
    client.force_login(committee_chair)
    url = reverse("finance:new_campaign", args=[place.compound.pk])
    response = client.post(url, _form(place, party_secretary), **ZH)
    made = Campaign.objects.get()
    assert response.status_code == 302 and response.url == f"/finance/campaigns/{made.pk}/"
    assert (
        made.account.kind == "project_fund" and made.account.keepers.get().holder == committee_chair
    )
    # Rooms ending 02 and 04 of 2单元: 302, 402, 602 (201 and 301 are not covered).
    assert sorted(p.unit.door for p in made.parts.all()) == ["302", "402", "602"]
    assert made.parts.get(unit__door="302").amount == Decimal("1200.00")


# Answering -------------------------------------------------------------------------------


def answer_url(campaign, user):
    return reverse("finance:campaign_answer", args=[campaign.pk, part_of(campaign, user).unit_id])


def test_an_owner_agrees_changes_the_answer_and_the_history_is_kept(client, campaign, resident):
    client.force_login(resident)
    assert client.post(answer_url(campaign, resident), {"answer": "agree"}).status_code == 302
    assert client.post(answer_url(campaign, resident), {"answer": "decline"}).status_code == 302
    part = part_of(campaign, resident)
    assert (part.answer, part.answered_by) == ("decline", resident)
    assert list(CampaignAnswer.objects.values_list("answer", flat=True)) == ["agree", "decline"]


def test_only_an_owner_of_the_covered_home_answers_others_get_404(
    client, campaign, resident, tenant, other_owner, volunteer
):
    url = answer_url(campaign, resident)
    tenants_home = reverse(
        "finance:campaign_answer", args=[campaign.pk, part_of(campaign, tenant).unit_id]
    )
    for user, target in ((tenant, tenants_home), (volunteer, url), (other_owner, url)):
        client.force_login(user)
        assert client.post(target, {"answer": "agree"}).status_code == 404
    client.force_login(resident)
    assert client.get(url).status_code == 405
    assert not CampaignAnswer.objects.exists()


def test_co_owners_have_one_answer_the_last_ones_with_who_gave_it(client, campaign, resident):
    unit = part_of(campaign, resident).unit
    spouse = owner_of(unit, relation="co_owner")
    client.force_login(resident)
    client.post(answer_url(campaign, resident), {"answer": "agree"})
    client.force_login(spouse)
    client.post(answer_url(campaign, resident), {"answer": "decline"})
    part = CampaignPart.objects.get(campaign=campaign, unit=unit)
    assert (part.answer, part.answered_by) == ("decline", spouse)
    assert CampaignPart.objects.filter(campaign=campaign).exclude(answer="").count() == 1


def test_answers_close_after_the_deadline_day(client, campaign, resident):
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.localdate())
    client.force_login(resident)
    client.post(answer_url(campaign, resident), {"answer": "agree"})  # the last day: taken
    Campaign.objects.filter(pk=campaign.pk).update(
        deadline=timezone.localdate() - timedelta(days=1)
    )
    response = client.post(answer_url(campaign, resident), {"answer": "decline"}, follow=True)
    assert "message-error" in response.content.decode()
    assert part_of(campaign, resident).answer == "agree"
    with pytest.raises(ValidationError) as late:
        services.campaign_answer(part=part_of(campaign, resident), actor=resident, answer="decline")
    assert late.value.code == "late"


# Payments --------------------------------------------------------------------------------


def pay_data(campaign, user, amount="20.00", receipt=None):
    return {
        "part": part_of(campaign, user).pk,
        "amount": amount,
        "method": "cash",
        "paid_on": timezone.localdate().isoformat(),
        "receipt": receipt or photo("收据.jpg"),
    }


def test_a_collector_records_a_payment_that_reaches_the_ledger_under_review(
    client, campaign, resident, party_secretary, supervisor
):
    client.force_login(party_secretary)
    url = reverse("finance:campaign_pay", args=[campaign.pk])
    assert client.post(url, pay_data(campaign, resident)).status_code == 302
    payment = CampaignPayment.objects.get()
    entry = payment.entry
    assert (entry.account, entry.direction, entry.amount) == (
        campaign.account,
        "income",
        Decimal(20),
    )
    assert entry.state == "submitted" and entry.submitted_by == party_secretary
    # the flat is on the payment (collectors and committees): the ledger names the owners
    assert entry.counterparty == "各户业主" and entry.category == "contributions"
    assert entry.receipts.get().content_type == "image/jpeg"
    assert part_of(campaign, resident).paid == Decimal("20.00")
    from portal.notifications.models import Notification

    assert Notification.objects.filter(recipient=supervisor, event="finance.entry").exists()


def test_only_collectors_record_payments_a_forged_post_is_403(
    client, campaign, resident, committee_chair, supervisor
):
    url = reverse("finance:campaign_pay", args=[campaign.pk])
    for user in (resident, committee_chair, supervisor):
        client.force_login(user)
        assert client.post(url, pay_data(campaign, resident)).status_code == 403
    assert not CampaignPayment.objects.exists() and not Entry.objects.exists()


def test_a_web_page_renamed_jpg_is_refused_and_nothing_is_saved(
    client, campaign, resident, party_secretary
):
    fake = SimpleUploadedFile("收据.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    client.force_login(party_secretary)
    url = reverse("finance:campaign_pay", args=[campaign.pk])
    response = client.post(url, pay_data(campaign, resident, receipt=fake), **ZH)
    assert response.status_code == 200 and "PDF" in response.content.decode()
    assert not CampaignPayment.objects.exists() and not Entry.objects.exists()


def test_a_payment_above_what_is_left_of_the_part_is_refused(campaign, resident, party_secretary):
    part = part_of(campaign, resident)
    pay = {
        "campaign": campaign,
        "actor": party_secretary,
        "part": part,
        "method": "transfer",
        "paid_on": timezone.localdate(),
    }
    services.campaign_pay(**pay, amount=Decimal("15.00"), receipt=photo())
    with pytest.raises(ValidationError, match="5.00"):
        services.campaign_pay(**pay, amount=Decimal("5.01"), receipt=photo())
    assert part_of(campaign, resident).paid == Decimal("15.00")
    assert Entry.objects.count() == 1


# Progress --------------------------------------------------------------------------------


def test_progress_per_building_and_entrance_against_a_hand_count(
    client, place, campaign, resident, committee_chair, party_secretary, supervisor
):
    """18栋 2单元: five homes of ¥20; the resident, chair and secretary agree, the supervisor
    declines; the resident paid ¥20 and the chair ¥5.50 — 3/5 agree, ¥25.50 paid."""
    for user in (resident, committee_chair, party_secretary):
        services.campaign_answer(part=part_of(campaign, user), actor=user, answer="agree")
    services.campaign_answer(part=part_of(campaign, supervisor), actor=supervisor, answer="decline")
    for user, amount in ((resident, "20.00"), (committee_chair, "5.50")):
        services.campaign_pay(
            campaign=campaign,
            actor=party_secretary,
            part=part_of(campaign, user),
            amount=Decimal(amount),
            method="cash",
            paid_on=timezone.localdate(),
            receipt=photo(),
        )
    groups, total = queries.campaign_progress(campaign)
    assert [(g.place, g.agreed, g.covered, g.declined, g.paid) for g in groups] == [
        ("18栋 2单元", 3, 5, 1, Decimal("25.50"))
    ]
    assert (total.agreed, total.covered, total.paid, total.due) == (
        3,
        5,
        Decimal("25.50"),
        Decimal(100),
    )
    client.force_login(resident)
    html = client.get(reverse("finance:campaign", args=[campaign.pk]), **ZH).content.decode()
    line = html.split('data-testid="progress-line">')[1].split("<span>")[0]
    assert all(bit in line for bit in ("18栋 2单元", "3/5", "¥25.50"))
    assert 'data-testid="households"' not in html  # a resident sees figures, not who said what
    client.force_login(party_secretary)
    html = client.get(reverse("finance:campaign", args=[campaign.pk]), **ZH).content.decode()
    assert html.count('data-testid="household"') == 5


def test_home_asks_a_covered_owner_to_answer_until_they_have(client, campaign, resident, tenant):
    client.force_login(resident)
    html = client.get("/").content.decode()
    assert 'data-testid="campaigns-waiting"' in html and campaign.title in html
    services.campaign_answer(part=part_of(campaign, resident), actor=resident, answer="agree")
    assert 'data-testid="campaigns-waiting"' not in client.get("/").content.decode()
    client.force_login(tenant)  # lives in a covered home, owns none
    assert 'data-testid="campaigns-waiting"' not in client.get("/").content.decode()


@pytest.mark.parametrize("persona", ["resident", "party_secretary"])
def test_the_pages_make_the_same_queries_at_two_sizes(
    client, request, place, homes, committee_chair, party_secretary, persona
):
    """A campaign of 5 homes and one of 40 (all answered): the campaign's page and the
    list cost the same number of queries (the figures are kept on the parts)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost(campaign):
        for part in campaign.parts.select_related("unit"):
            owner = part.unit.residencies.filter(relation="owner").first()
            if owner:
                services.campaign_answer(part=part, actor=owner.user, answer="agree")
        client.force_login(request.getfixturevalue(persona))
        counts = []
        for url in (
            reverse("finance:campaign", args=[campaign.pk]),
            reverse("finance:campaigns", args=[place.compound.pk]),
        ):
            client.get(url)  # warm-up: session, standing
            with CaptureQueriesContext(connection) as seen:
                assert client.get(url).status_code == 200
            counts.append(len(seen))
        return counts

    small = cost(start(place, committee_chair, [party_secretary], title="小"))
    for n in range(35):
        owner_of(f.UnitFactory(building=place.building, entrance="5单元", door=f"{n + 1}01"))
    big = start(place, committee_chair, [party_secretary], title="大",
                coverage=services.Coverage(place.building))  # fmt: skip
    assert big.parts.count() == 40  # the five homes of 2单元 and 35 of 5单元
    assert small == [10, 5]  # the page: session, user, campaign, progress, who collects,
    # collected, spent, my homes (or the households), unread notifications …; the list: 5
    assert cost(big) == small


def test_the_page_offers_what_the_services_accept(
    client, campaign, resident, tenant, committee_chair, party_secretary, supervisor
):
    """Answer buttons for the owners of covered homes, while answers are open; the payment
    links for the collectors; each home's answers for the collectors and the committees."""
    url = reverse("finance:campaign", args=[campaign.pk])
    seen = {}
    for user in (resident, tenant, committee_chair, party_secretary, supervisor):
        client.force_login(user)
        html = client.get(url).content.decode()
        seen[user.display_name] = (
            'data-testid="agree"' in html,
            'data-testid="pay"' in html,
            'data-testid="households"' in html,
        )
    assert seen == {
        resident.display_name: (True, False, False),
        tenant.display_name: (False, False, False),  # lives there, owns nothing
        committee_chair.display_name: (True, False, True),  # an owner too, on a body
        party_secretary.display_name: (True, True, True),  # the collector
        supervisor.display_name: (True, False, True),
    }
    client.force_login(party_secretary)
    part = part_of(campaign, resident)
    form = client.get(reverse("finance:campaign_pay", args=[campaign.pk]) + f"?part={part.pk}")
    assert f'<option value="{part.pk}" selected>' in form.content.decode()
