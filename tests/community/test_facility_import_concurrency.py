"""Two keepers confirming overlapping imports at once (their shared codes in opposite
orders in their files): one import is registered whole, the other not at all, and
neither deadlocks. PostgreSQL: SQLite serialises writers itself."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.forms.facility_import import FacilityImportForm
from community.models import Facility
from community.services import facility_import as importing
from portal.models import AuditEvent
from tests.community.test_facility_concurrency import at_once, postgres  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def _token(place, keeper, codes) -> str:
    text = "编号,类型,楼栋,位置\r\n" + "".join(f"{c},下水井,18栋,\r\n" for c in codes)
    form = FacilityImportForm({}, {"file": SimpleUploadedFile("a.csv", text.encode("gbk"))})
    assert form.is_valid()
    compound = place.compound
    preview = importing.facility_import_preview(by=keeper, compound=compound, table=form.table)
    assert preview.token
    return preview.token


def test_overlapping_imports_confirmed_at_once_register_one_file_whole(
    postgres,  # noqa: F811
    place,
    committee_chair,
    party_secretary,
):
    first = [f"J-{i:02d}" for i in range(1, 21)]
    second = [f"J-{i:02d}" for i in range(40, 0, -2)]  # J-40 … J-02: ten of the first's
    tokens = [_token(place, committee_chair, first), _token(place, party_secretary, second)]

    def confirm(keeper, token):
        return lambda: importing.facility_import_confirm(
            by=keeper, compound=place.compound, token=token
        )

    outcomes = at_once(confirm(committee_chair, tokens[0]), confirm(party_secretary, tokens[1]))
    assert sorted(outcomes, key=str) == [20, "refused"]
    codes = set(Facility.objects.values_list("code", flat=True))
    assert codes in (set(first), set(second))
    assert AuditEvent.objects.filter(code="community.facility.imported").count() == 1
