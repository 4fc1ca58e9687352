"""Property fees as a service: charges reckoned and raised once, payments reaching the
books as one entry, bank statements read, matched and imported once, arrears and the
collection rate against a hand-computed example, the statement's frozen rate, and the
北京 rule on the committees page."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from finance import arrears, banking, services, statements
from finance import workflow as ledger
from finance.models import Disclosure, Entry, FeeBatch, FeeCharge, FeePayment, UnmatchedLine
from tests import factories as f
from tests.finance.fees_world import fee_account, gbk_csv, months, pay, second_building, unit_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def fees(place, committee_chair, party_secretary):
    return fee_account(place, committee_chair, party_secretary)


def imported(fees, keeper, data: bytes, name="statement.csv"):
    preview = services.fee_import_preview(account=fees, actor=keeper, data=data, filename=name)
    batch = services.fee_import_confirm(account=fees, actor=keeper, token=preview.token)
    return preview, batch


# Charges ---------------------------------------------------------------------------------


def test_per_area_charge_is_rounded_half_up_to_the_fen(place, committee_chair, party_secretary):
    account = fee_account(place, committee_chair, party_secretary, basis="per_area", rate="1.25")
    unit = f.UnitFactory(building=place.building, area=Decimal("80.50"))
    # 80.50 × 1.25 = 100.625: half up gives 100.63 (banker's rounding would give 100.62).
    assert services.charge_for(account.fee_schedule, unit) == Decimal("100.63")
    services.fee_charges_raise(account=account, actor=party_secretary, month=months()[1])
    charge = FeeCharge.objects.get(unit=unit)
    assert (charge.amount, charge.area, charge.rate) == (
        Decimal("100.63"),
        Decimal("80.50"),
        Decimal("1.2500"),
    )


def test_fixed_charge_and_raising_a_month_twice_raises_nothing_new(
    place, fees, party_secretary, committee_chair, supervisor
):
    units = second_building(place)
    month = months()[1]
    added = services.fee_charges_raise(account=fees, actor=party_secretary, month=month)
    assert added == 3 + len(units)  # the chair's and secretary's homes, and 19栋's two
    assert set(FeeCharge.objects.values_list("amount", flat=True)) == {Decimal("100.00")}
    again = services.fee_charges_raise(account=fees, actor=party_secretary, month=month)
    assert again == 0
    assert FeeCharge.objects.count() == added


def test_only_the_keeper_raises_and_not_ahead_of_this_month(fees, committee_chair, party_secretary):
    with pytest.raises(PermissionDenied):
        services.fee_charges_raise(account=fees, actor=committee_chair, month=months()[1])
    with pytest.raises(ValidationError):
        services.fee_charges_raise(account=fees, actor=party_secretary, month=date(2099, 1, 1))
    assert not FeeCharge.objects.exists()


# Payments --------------------------------------------------------------------------------


def test_a_days_payments_are_one_draft_income_entry_until_submitted(
    fees, party_secretary, committee_chair
):
    home = unit_of(committee_chair)
    pay(fees, party_secretary, home, "100.00")
    pay(fees, party_secretary, home, "50.50", method="transfer", receipt_no="No.0012")
    entry = Entry.objects.get()
    assert (entry.amount, entry.state, entry.category) == (
        Decimal("150.50"),
        Entry.State.DRAFT,
        "property_fees",
    )
    assert "2" in entry.description
    ledger.perform(entry.pk, "submit", actor=party_secretary)
    pay(fees, party_secretary, home, "20.00")  # after submitting: the next entry
    assert Entry.objects.count() == 2
    assert Entry.objects.latest("pk").amount == Decimal("20.00")


# Reading a bank statement -----------------------------------------------------------------


def test_unit_codes_are_read_from_memos_however_written():
    assert banking.codes_in("2026年11月物业费 18栋2单元201室") == ["18-2-201"]
    assert banking.codes_in("１８－２－２０１") == ["18-2-201"]
    assert banking.codes_in("物业费3号楼2单元501") == ["3-2-501"]


def test_gbk_statement_decodes_and_matches_by_unit_code(
    place, fees, party_secretary, committee_chair
):
    second_building(place)
    data = gbk_csv(
        "2026-11-03,100.00,周明华,18栋2单元201物业费,A001",
        '2026/11/04,"1,150.00",李四,物业费 19-1-101,A002',
        "20261105,88.00,无名氏,十一月物业费,A003",
    )
    preview = services.fee_import_preview(
        account=fees, actor=party_secretary, data=data, filename="招商银行.csv"
    )
    assert [(line.reference, preview.codes[unit.pk]) for line, unit in preview.matched] == [
        ("ref:A001", "18-2-201"),
        ("ref:A002", "19-1-101"),
    ]
    assert [line.payer for line in preview.unmatched] == ["无名氏"]
    assert not FeePayment.objects.exists()  # a preview saves nothing
    batch = services.fee_import_confirm(account=fees, actor=party_secretary, token=preview.token)
    assert FeePayment.objects.count() == 2
    assert UnmatchedLine.objects.get().amount == Decimal("88.00")
    assert batch.entry.amount == Decimal("1250.00")
    assert batch.entry.state == Entry.State.SUBMITTED  # gone to the supervisory committee


def test_reimporting_or_an_overlapping_file_records_nothing_twice(place, fees, party_secretary):
    second_building(place)
    first = gbk_csv("2026-11-03,100.00,甲,19-1-101,A001", "2026-11-05,88.00,乙,物业费,A002")
    imported(fees, party_secretary, first)
    preview = services.fee_import_preview(
        account=fees, actor=party_secretary, data=first, filename="again.csv"
    )
    assert len(preview.already) == 2 and not preview.matched and not preview.unmatched
    with pytest.raises(ValidationError) as refused:
        services.fee_import_confirm(account=fees, actor=party_secretary, token=preview.token)
    assert refused.value.code == "nothing"
    overlapping = gbk_csv("2026-11-05,88.00,乙,物业费,A002", "2026-11-06,60.00,丙,19-1-102,A003")
    preview, _batch = imported(fees, party_secretary, overlapping)
    assert (len(preview.already), len(preview.matched)) == (1, 1)
    assert FeePayment.objects.count() == 2
    assert UnmatchedLine.objects.count() == 1
    assert FeeBatch.objects.count() == 2


def test_lines_without_a_bank_reference_are_known_by_their_content(place, fees, party_secretary):
    second_building(place)
    # Two identical payments on one day are two payments; the same file again is none.
    data = gbk_csv(
        "2026-11-03,100.00,甲,19-1-101",
        "2026-11-03,100.00,甲,19-1-101",
        header="交易日期,收入金额,对方户名,附言",
    )
    imported(fees, party_secretary, data)
    assert FeePayment.objects.count() == 2
    preview = services.fee_import_preview(
        account=fees, actor=party_secretary, data=data, filename="again.csv"
    )
    assert len(preview.already) == 2


def test_a_confirmation_made_twice_records_once(place, fees, party_secretary):
    second_building(place)
    data = gbk_csv("2026-11-03,100.00,甲,19-1-101,A001")
    preview = services.fee_import_preview(
        account=fees, actor=party_secretary, data=data, filename="a.csv"
    )
    services.fee_import_confirm(account=fees, actor=party_secretary, token=preview.token)
    with pytest.raises(ValidationError):
        services.fee_import_confirm(account=fees, actor=party_secretary, token=preview.token)
    assert FeePayment.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "code"),
    [
        # A formula cell (as the shared reader marks it) refuses the whole file.
        (
            gbk_csv("2026-11-03,100.00,甲,19-1-101,A1", '2026-11-04,5,乙,"=HYPERLINK(""x"")",A2'),
            "line",
        ),
        (gbk_csv("2026-11-03,100.00,@SUM(A1),19-1-101,A1"), "line"),
        (gbk_csv("2026-11-03,0,甲,19-1-101,A1"), "line"),
        (gbk_csv("2026-11-03,-100.00,甲,19-1-101,A1"), "line"),
        (gbk_csv("2026-11-03,100.005,甲,19-1-101,A1"), "line"),
        (gbk_csv("2026-11-03,一百元,甲,19-1-101,A1"), "line"),
        (gbk_csv("11月3日,100.00,甲,19-1-101,A1"), "line"),
        (gbk_csv("2026-11-03,100.00,甲,19-1-101,A1", header="日期,户名,备注说明"), "headers"),
        (b"<!DOCTYPE html><html><body><table><tr><td>1</td></tr></table></html>", "html"),
        (b"\xff\xfe\x00\x01\x02garbage", "file"),
    ],
)
def test_a_bad_statement_is_refused_whole_and_nothing_is_saved(
    place, fees, party_secretary, content, code
):
    second_building(place)
    with pytest.raises(ValidationError) as refused:
        services.fee_import_preview(
            account=fees, actor=party_secretary, data=content, filename="statement.csv"
        )
    assert refused.value.code == code
    assert not FeePayment.objects.exists() and not UnmatchedLine.objects.exists()
    assert not Entry.objects.exists()


def test_the_refusal_names_the_line(place, fees, party_secretary):
    data = gbk_csv("2026-11-03,100.00,甲,19-1-101,A1", "2026-11-04,5,乙,=1+1,A2")
    with pytest.raises(ValidationError) as refused:
        services.fee_import_preview(
            account=fees, actor=party_secretary, data=data, filename="s.csv"
        )
    assert "3" in refused.value.messages[0]  # the header is line 1


def test_a_tampered_preview_is_refused(fees, party_secretary):
    with pytest.raises(ValidationError) as refused:
        services.fee_import_confirm(account=fees, actor=party_secretary, token="forged:token")
    assert refused.value.code == "token"


# Arrears and collection: the hand-computed example -------------------------------------


@pytest.fixture
def collected(place, fees, committee_chair, party_secretary, supervisor):
    """Five units charged ¥100 a month for two months. Paid: the chair 200 (both), the
    secretary 150 (last month, half of this), the supervisor nothing, 19栋 101 100 (last
    month), 19栋 102 250 (both, 50 ahead)."""
    x, y = second_building(place)
    for month in months():
        services.fee_charges_raise(account=fees, actor=party_secretary, month=month)
    for unit, amount in [
        (unit_of(committee_chair), "200.00"),
        (unit_of(party_secretary), "150.00"),
        (x, "100.00"),
        (y, "250.00"),
    ]:
        pay(fees, party_secretary, unit, amount)
    return fees, x, y


def test_collection_rate_per_building_and_compound_this_month(collected):
    fees, _x, _y = collected
    this = months()[1]
    found = arrears.collection(fees, this, date(this.year, this.month, 28))
    # Paid in full this month: the chair and 19栋 102 → 2 of 5; amount 100+50+0+0+100.
    assert (found.compound.paid_units, found.compound.units) == (2, 5)
    assert found.compound.rate_text == "40.0%"
    assert found.compound.collected == Decimal("250.00")
    assert found.compound.amount_rate_text == "50.0%"
    buildings = {name: c.rate_text for name, c in arrears.by_building(found)}
    assert buildings == {"18栋": "33.3%", "19栋": "50.0%"}


def test_collection_rate_last_month_and_arrears(collected, supervisor, party_secretary):
    fees, x, _y = collected
    last = months()[0]
    found = arrears.collection(fees, last, last.replace(day=28))
    assert (found.compound.paid_units, found.compound.units) == (4, 5)
    assert found.compound.amount_rate_text == "80.0%"
    assert {n: c.rate_text for n, c in arrears.by_building(found)} == {
        "18栋": "66.7%",
        "19栋": "100.0%",
    }
    owing = [(a.code, a.amount) for a in arrears.arrears_list(fees)]
    assert owing == [
        ("18-2-602", Decimal("200.00")),
        ("19-1-101", Decimal("100.00")),
        ("18-2-402", Decimal("50.00")),
    ]


def test_the_statement_of_a_fee_account_freezes_its_collection_rate(
    client, collected, party_secretary, supervisor, resident
):
    fees, x, _y = collected
    last = months()[0]
    end = months()[1] - timedelta(days=1)
    live = statements.figures(fees, last, end)
    assert live["collection"]["compound"]["rate"] == "0.8000"
    assert live["collection"]["buildings"]["18栋"]["paid_units"] == 2
    statement = Disclosure.objects.create(account=fees, period_start=last, period_end=end)
    services.disclosure_approve(disclosure=statement, actor=supervisor)
    statement = services.disclosure_publish(disclosure=statement, actor=party_secretary)
    assert statement.snapshot["collection"]["compound"]["rate"] == "0.8000"
    assert statements.digest_of(statement.snapshot) == statement.digest
    pay(fees, party_secretary, unit_of(supervisor), "100.00")  # paid late
    assert statements.figures(fees, last, end)["collection"]["compound"]["rate"] == "1.0000"
    statement.refresh_from_db()
    assert statement.snapshot["collection"]["compound"]["rate"] == "0.8000"
    client.force_login(resident)  # the page and the 公示栏 copy read the snapshot
    page = client.get(reverse("finance:disclosure", args=[statement.pk])).content.decode()
    assert 'data-testid="statement-rate">80.0%<' in page
    printed = client.get(reverse("finance:print", args=[statement.pk])).content.decode()
    assert 'data-testid="print-collection"' in printed and "80.0% (4/5)" in printed
    csv = client.get(reverse("finance:disclosure_export", args=[statement.pk, "csv"]))
    assert ",80.0%,4/5" in csv.content.decode("utf-8-sig")  # as the page says it


def test_other_accounts_statements_carry_no_collection(place, committee_chair, party_secretary):
    account = services.open_account(
        compound=place.compound,
        actor=committee_chair,
        kind="common_income",
        name="公共收益",
        opening_balance=Decimal("0.00"),
    )
    today = months()[1]
    assert "collection" not in statements.figures(account, today, today)


# The 北京 rule -----------------------------------------------------------------------------


def test_committee_member_in_arrears_is_marked_where_the_setting_says(
    client, settings, place, fees, committee_chair, party_secretary, supervisor
):
    services.fee_charges_raise(account=fees, actor=party_secretary, month=months()[1])
    pay(fees, party_secretary, unit_of(party_secretary), "100.00")
    url = reverse("compounds:bodies", args=[place.compound.pk])
    client.force_login(supervisor)
    settings.FINANCE_MARK_COMMITTEE_ARREARS = False
    assert b'data-testid="member-mark"' not in client.get(url).content
    settings.FINANCE_MARK_COMMITTEE_ARREARS = True
    page = client.get(url).content.decode()
    # The owners' committee chair owes; the supervisor owes too but sits on the
    # supervisory committee; the branch secretary has paid.
    assert page.count('data-testid="member-mark"') == 1
    mark_row = page[: page.index('data-testid="member-mark"')].rsplit("<tr", 1)[1]
    assert committee_chair.display_name in mark_row
    pay(fees, party_secretary, unit_of(committee_chair), "100.00")
    assert b'data-testid="member-mark"' not in client.get(url).content


def test_an_unmatched_line_given_to_its_unit_becomes_its_payment_once(
    place, fees, party_secretary, committee_chair
):
    imported(fees, party_secretary, gbk_csv("2026-11-05,88.00,王先生,十一月物业费,A9"))
    line = UnmatchedLine.objects.get()
    home = unit_of(committee_chair)
    payment = services.fee_line_assign(line=line, actor=party_secretary, unit=home)
    assert (payment.unit, payment.amount, payment.reference, payment.method) == (
        home,
        Decimal("88.00"),
        "ref:A9",
        "bank",
    )
    assert payment.batch.entry.state == Entry.State.DRAFT  # with the day's counter payments
    with pytest.raises(ValidationError):
        services.fee_line_assign(line=line, actor=party_secretary, unit=home)
    assert FeePayment.objects.count() == 1
    assert arrears.overview(fees, None)["unmatched"] == []
    # The same statement again is still known: nothing comes back unmatched.
    again = services.fee_import_preview(
        account=fees,
        actor=party_secretary,
        data=gbk_csv("2026-11-05,88.00,王先生,十一月物业费,A9"),
        filename="again.csv",
    )
    assert len(again.already) == 1


def test_a_line_is_given_only_to_a_unit_of_the_compound_by_the_keeper(
    place, fees, party_secretary, committee_chair
):
    imported(fees, party_secretary, gbk_csv("2026-11-05,88.00,王先生,物业费,A9"))
    line = UnmatchedLine.objects.get()
    elsewhere = f.UnitFactory(building=f.BuildingFactory(compound=place.other_compound))
    with pytest.raises(ValidationError):
        services.fee_line_assign(line=line, actor=party_secretary, unit=elsewhere)
    with pytest.raises(PermissionDenied):
        services.fee_line_assign(line=line, actor=committee_chair, unit=unit_of(committee_chair))
    assert not FeePayment.objects.exists()


def test_a_fee_entry_is_not_changed_by_hand(client, fees, party_secretary, committee_chair):
    pay(fees, party_secretary, unit_of(committee_chair), "100.00")
    entry = Entry.objects.get()
    fields = {"occurred_on": entry.occurred_on, "amount": Decimal("1.00"), "description": "改"}
    services.change_entry(entry=entry, actor=party_secretary, fields=fields)
    entry.refresh_from_db()
    assert entry.amount == Decimal("100.00")  # its payments' sum: only the date and words move
    assert entry.description == "改"
    client.force_login(party_secretary)
    form = client.get(reverse("finance:edit_entry", args=[entry.pk])).context["form"]
    assert "amount" not in form.fields
