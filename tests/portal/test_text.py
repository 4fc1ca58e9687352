"""Free text reaches the database without NUL or other control characters (PostgreSQL
refuses NUL: a DataError, a 500), from every service that reads it straight from a POST."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from deliberation import services
from deliberation.models import Suggestion
from portal.text import written


def test_written_drops_controls_keeps_lines_and_counts_what_stays():
    assert written(" 楼道\x00灯\x07坏了\n请修\t ", limit=20) == "楼道灯坏了\n请修"
    assert written("\x00\x01", limit=5) == ""
    with pytest.raises(ValidationError):
        written("\x00 ", limit=5, blank="写点什么")
    with pytest.raises(ValidationError):
        written("长" * 6, limit=5)
    assert written("长" * 5 + "\x00" * 10, limit=5) == "长" * 5


@pytest.mark.django_db
def test_a_nul_in_a_suggestion_and_its_answer_is_dropped_not_a_500(
    client, place, resident, committee_chair
):
    client.force_login(resident)
    url = reverse("deliberation:suggestions", args=[place.compound.pk])
    client.post(url, {"text": "加装\x00坡道"})
    suggestion = services.suggestion_submit(
        by=resident, compound=place.compound, text="门口\x00\x1b加装扶手"
    )
    assert suggestion.text == "门口加装扶手"
    client.force_login(committee_chair)
    response = client.post(
        reverse("deliberation:suggestion_act", args=[suggestion.pk]),
        {"op": "answer", "answer": "已列入\x00计划"},
    )
    assert response.status_code == 302
    assert Suggestion.objects.get(pk=suggestion.pk).answer == "已列入计划"
    texts = Suggestion.objects.values_list("text", flat=True)
    assert texts and not any("\x00" in text for text in texts)


@pytest.mark.parametrize("typed", ["0001-01-01T09:00", "9999-12-31T23:59", "1899-12-31T08:00"])
@pytest.mark.django_db
def test_a_meeting_in_a_year_no_one_means_is_refused_with_a_message(
    client, place, committee_chair, typed
):
    from deliberation.models import Meeting

    client.force_login(committee_chair)
    response = client.post(
        reverse("deliberation:meeting_new", args=[place.compound.pk]),
        {"kind": "committee", "title": "月度例会", "held_at": typed, "agenda": "议程"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert "1900" in response.content.decode()
    assert not Meeting.objects.exists()


def test_days_and_moments_outside_the_years_people_mean_are_refused():
    from portal.forms import DayField, MomentField

    assert str(DayField().clean("2026-10-01")) == "2026-10-01"
    for field, typed in [(DayField(), "0001-01-01"), (MomentField(), "0001-01-01T00:00")]:
        with pytest.raises(ValidationError) as error:
            field.clean(typed)
        assert error.value.code == "out_of_range"
