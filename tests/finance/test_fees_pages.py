"""The fee pages as their people use them: the keeper sets the schedule, raises a month,
records a payment and imports a statement after its preview; an owner sees their own
home's fees and no one else's; bad input comes back on the form with nothing saved."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from finance import services
from finance.models import Entry, FeeCharge, FeePayment, FeeSchedule, UnmatchedLine
from tests.finance.fees_world import fee_account, gbk_csv, months, pay, second_building, unit_of

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def fees(place, committee_chair, party_secretary):
    return fee_account(place, committee_chair, party_secretary)


def upload(content: bytes, name="statement.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_keeper_sets_the_schedule_and_raises_a_month(client, fees, party_secretary):
    client.force_login(party_secretary)
    url = reverse("finance:fee_schedule", args=[fees.pk])
    response = client.post(url, {"basis": "per_area", "rate": "1.855"})
    assert response.status_code == 302
    assert FeeSchedule.objects.get(account=fees).rate == Decimal("1.8550")
    month = months()[1]
    raised = client.post(reverse("finance:fee_raise", args=[fees.pk]), {"month": f"{month:%Y-%m}"})
    assert raised.status_code == 302 and f"month={month:%Y-%m}" in raised["Location"]
    assert FeeCharge.objects.filter(period_start=month).count() == 2  # the chair's, the keeper's
    page = client.get(raised["Location"])
    assert page.status_code == 200 and b'data-testid="compound-rate"' in page.content


@pytest.mark.parametrize("rate", ["0", "-1", "1.23456", "abc", ""])
def test_a_bad_rate_comes_back_on_the_form(client, fees, party_secretary, rate):
    client.force_login(party_secretary)
    url = reverse("finance:fee_schedule", args=[fees.pk])
    response = client.post(url, {"basis": "fixed", "rate": rate}, **ZH)
    assert response.status_code == 200 and response.context["form"].errors
    assert FeeSchedule.objects.get(account=fees).rate == Decimal("100.0000")


def test_keeper_records_a_payment_and_lands_on_the_units_page(
    client, fees, party_secretary, committee_chair
):
    client.force_login(party_secretary)
    home = unit_of(committee_chair)
    url = reverse("finance:fee_payment", args=[fees.pk])
    assert client.get(f"{url}?unit={home.pk}").context["form"].initial["unit"] == home.pk
    data = {"unit": home.pk, "paid_on": months()[1].isoformat(), "amount": "300.00"}
    response = client.post(url, data | {"method": "cash", "receipt_no": "0001"})
    assert response["Location"] == reverse("finance:fee_unit", args=[fees.pk, home.pk])
    assert FeePayment.objects.get().receipt_no == "0001"
    assert Entry.objects.get().amount == Decimal("300.00")


@pytest.mark.parametrize(
    "change",
    [
        {"amount": "0"},
        {"amount": "-5"},
        {"amount": "12.345"},
        {"paid_on": "2999-01-01"},
        {"unit": "999999"},
        {"method": "cheque"},
    ],
)
def test_a_bad_payment_is_refused_on_the_form_and_nothing_saved(
    client, fees, party_secretary, committee_chair, change
):
    client.force_login(party_secretary)
    data = {
        "unit": unit_of(committee_chair).pk,
        "paid_on": months()[1].isoformat(),
        "amount": "100.00",
        "method": "cash",
    }
    response = client.post(reverse("finance:fee_payment", args=[fees.pk]), data | change, **ZH)
    assert response.status_code == 200 and response.context["form"].errors
    assert not FeePayment.objects.exists() and not Entry.objects.exists()


def test_a_unit_of_another_compound_is_not_offered(client, place, fees, party_secretary):
    from tests import factories as f

    elsewhere = f.UnitFactory(building=f.BuildingFactory(compound=place.other_compound))
    client.force_login(party_secretary)
    data = {
        "unit": elsewhere.pk,
        "paid_on": months()[1].isoformat(),
        "amount": "1",
        "method": "cash",
    }
    response = client.post(reverse("finance:fee_payment", args=[fees.pk]), data)
    assert "unit" in response.context["form"].errors
    assert not FeePayment.objects.exists()


def test_import_preview_lists_the_unmatched_line_then_confirm_records(
    client, place, fees, party_secretary
):
    second_building(place)
    client.force_login(party_secretary)
    content = gbk_csv("2026-11-03,100.00,甲,19栋1单元101室,A1", "2026-11-04,88.00,乙,物业费,A2")
    url = reverse("finance:fee_import", args=[fees.pk])
    preview = client.post(url, {"statement": upload(content)}, **ZH)
    assert preview.status_code == 200
    body = preview.content.decode()
    assert body.count('data-testid="matched-line"') == 1
    assert body.count('data-testid="preview-unmatched"') == 1
    assert not FeePayment.objects.exists()
    token = preview.context["confirm"].initial["token"]
    confirmed = client.post(reverse("finance:fee_import_confirm", args=[fees.pk]), {"token": token})
    assert confirmed["Location"] == reverse("finance:fees", args=[fees.pk])
    assert FeePayment.objects.count() == 1 and UnmatchedLine.objects.count() == 1
    page = client.get(confirmed["Location"]).content.decode()
    assert page.count('data-testid="unmatched-line"') == 1
    again = client.post(reverse("finance:fee_import_confirm", args=[fees.pk]), {"token": token})
    assert again["Location"] == url  # nothing new: back with a message
    assert FeePayment.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (gbk_csv("2026-11-03,100.00,甲,19-1-101,A1", "2026-11-04,5,乙,=1+1,A2"), "gbk.csv"),
        (b"<html><body>not a statement</body></html>", "statement.csv"),
        (gbk_csv("2026-11-03,100.005,甲,19-1-101,A1"), "fen.csv"),
        (b"PK\x03\x04 not really a workbook", "statement.xlsx"),
        (b"%PDF-1.4", "statement.pdf"),
    ],
)
def test_a_bad_statement_comes_back_on_the_form(
    client, place, fees, party_secretary, content, name
):
    second_building(place)
    client.force_login(party_secretary)
    url = reverse("finance:fee_import", args=[fees.pk])
    response = client.post(url, {"statement": upload(content, name)}, **ZH)
    assert response.status_code == 200
    assert response.context["form"].errors and "preview" not in response.context
    assert not FeePayment.objects.exists() and not UnmatchedLine.objects.exists()


def test_owner_sees_their_own_fees_and_not_a_neighbours(
    client, fees, party_secretary, committee_chair, resident
):
    services.fee_charges_raise(account=fees, actor=party_secretary, month=months()[1])
    pay(fees, party_secretary, unit_of(resident), "40.00")
    client.force_login(resident)
    mine = client.get(reverse("finance:my_fees"))
    assert mine.content.decode().count('data-testid="my-home"') == 1
    assert "¥60.00" in mine.content.decode()
    own = reverse("finance:fee_unit", args=[fees.pk, unit_of(resident).pk])
    assert client.get(own).status_code == 200
    neighbour = reverse("finance:fee_unit", args=[fees.pk, unit_of(committee_chair).pk])
    assert client.get(neighbour).status_code == 404
    assert client.get(reverse("finance:fees", args=[fees.pk])).status_code == 403


def test_fees_page_queries_do_not_grow_with_the_units(client, place, fees, party_secretary):
    from tests import factories as f

    client.force_login(party_secretary)
    url = reverse("finance:fees", args=[fees.pk])

    def raise_and_count(extra: int) -> int:
        for _ in range(extra):
            f.UnitFactory(building=place.building)
        FeeCharge.objects.all().delete()
        services.fee_charges_raise(account=fees, actor=party_secretary, month=months()[1])
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.get(url)  # the session and the standing cached, as on every later view
    assert raise_and_count(3) == raise_and_count(30)


def test_the_compound_page_links_the_fee_pages(client, fees, party_secretary, resident):
    url = reverse("finance:compound", args=[fees.compound_id])
    client.force_login(party_secretary)
    assert b'data-testid="fees-link"' in client.get(url).content
    client.force_login(resident)
    page = client.get(url).content
    assert b'data-testid="fees-link"' not in page and b'data-testid="my-fees-link"' in page


def test_keeper_gives_an_unmatched_line_to_the_unit_that_paid(
    client, fees, party_secretary, committee_chair
):
    content = gbk_csv("2026-11-05,88.00,王先生,物业费,A9")
    preview = services.fee_import_preview(
        account=fees, actor=party_secretary, data=content, filename="a.csv"
    )
    services.fee_import_confirm(account=fees, actor=party_secretary, token=preview.token)
    line = UnmatchedLine.objects.get()
    client.force_login(party_secretary)
    fees_page = reverse("finance:fees", args=[fees.pk])
    assert b'data-testid="assign-line"' in client.get(fees_page).content
    url = reverse("finance:fee_line", args=[line.pk])
    assert "unit" in client.post(url, {"unit": ""}).context["form"].errors
    home = unit_of(committee_chair)
    response = client.post(url, {"unit": home.pk})
    assert response["Location"] == reverse("finance:fee_unit", args=[fees.pk, home.pk])
    assert FeePayment.objects.get().unit == home
    assert b'data-testid="unmatched-line"' not in client.get(fees_page).content


def test_the_arrears_list_of_a_public_account_does_not_exist_for_outsiders(
    client, fees, resident, other_owner, supervisor
):
    from finance.models import Account

    Account.objects.filter(pk=fees.pk).update(visibility=Account.Visibility.PUBLIC)
    url = reverse("finance:fees", args=[fees.pk])
    client.force_login(other_owner)  # reads the public ledger, not who owes what
    assert client.get(reverse("finance:account", args=[fees.pk])).status_code == 200
    assert client.get(url).status_code == 404
    client.force_login(resident)  # of the compound: refused, as before
    assert client.get(url).status_code == 403
    client.force_login(supervisor)
    assert client.get(url).status_code == 200
