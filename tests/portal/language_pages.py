"""Pages of the demo that no persona's link leads to, for the language walk
(test_language.py): 庆丰小区's campaign as its collector and as an owner still to answer
see it (the personas live in 翡翠谷)."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from finance.models import Campaign

COLLECTOR, OWNER = "+8613950000304", "+8613950001202"
# The apps whose stored Chinese values are data, shown as entered in every language.
DATA_APPS = ("compounds", "requests", "deliberation", "portal", "finance", "community")


def campaign_pages(client_for) -> dict[str, list[str] | None]:
    from tests.portal.test_language import _page

    campaign = Campaign.objects.get(compound__name="庆丰小区")
    urls = [
        reverse("finance:campaigns", args=[campaign.compound_id]),
        reverse("finance:campaign", args=[campaign.pk]),
        reverse("finance:campaign_pay", args=[campaign.pk]),
    ]
    pages = {}
    for phone in (COLLECTOR, OWNER):
        viewer = client_for(get_user_model().objects.get(phone=phone))
        for url in urls:
            pages[f"{phone} {url}"] = _page(viewer, "get", url)
    return pages


def activity_pages(client_for) -> dict[str, list[str] | None]:
    """Activities (issue 17): the door's check-in page (reached by its QR code, no link)
    and the pages a link from the community page leads to, as the owners' committee chair
    who organises 翡翠谷小区's and as the owner signed up for one; the publishing form sent
    empty."""
    from community.models import Activity
    from community.services.activities import checkin_token
    from tests.portal.test_language import _page

    coming = Activity.objects.get(compound__name="翡翠谷小区", title="阅读社·亲子共读")
    past = Activity.objects.get(compound__name="翡翠谷小区", title="环境整治·清理楼道杂物")
    chair = client_for(get_user_model().objects.get(phone="+8613800000003"))
    owner = client_for(get_user_model().objects.get(phone="+8613800000001"))
    listing = reverse("community:activity_list", args=[coming.compound_id])
    pages = {}
    for who, client in (("chair", chair), ("owner", owner)):
        for url in (
            listing,
            f"{listing}?when=past",
            reverse("community:activity", args=[coming.pk]),
            reverse("community:activity", args=[past.pk]),
            reverse("community:activity_check_in", args=[coming.pk, checkin_token(coming)]),
        ):
            pages[f"{who} {url}"] = _page(client, "get", url)
    for url in (
        reverse("community:activity_roll", args=[coming.pk]),
        reverse("community:activity_roll", args=[past.pk]),
        reverse("community:activity_door", args=[coming.pk]),
    ):
        pages[f"chair {url}"] = _page(chair, "get", url)
    new = reverse("community:activity_new", args=[coming.compound_id])
    pages[f"chair {new}"] = _page(chair, "get", new)
    pages[f"chair POST {new}"] = _page(chair, "post", new)
    pages["owner's community page: activities"] = _hub_section(owner, coming.compound)
    return pages


def _hub_section(client, compound) -> list[str]:
    """The activities section of the community page, as the owner reads it in the client's
    language (the page itself is the teams area's; the section renders on its own)."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation

    from community.queries.activities import activities_section
    from tests.portal.test_language import _texts

    language = client.cookies[settings.LANGUAGE_COOKIE_NAME].value
    owner = get_user_model().objects.get(phone="+8613800000001")
    with translation.override(language):
        section = activities_section(owner, compound)
        return _texts(render_to_string(section["template"], {"s": section}))


def roster_pages(client_for, user, compound, language: str) -> dict[str, list[str] | None]:
    """The duty roster's forms, as the branch secretary opens them, and the community
    page's section of the roster (community:hub, the teams area's page, renders it)."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from community.hub import sections_for
    from community.models import Station
    from tests.portal.test_language import _page, _texts

    secretary = client_for(get_user_model().objects.get(phone="+8613800000004"))
    station = Station.objects.get(compound=compound)
    pages = {}
    for url in (
        reverse("community:roster_new_station", args=[compound.pk]),
        reverse("community:roster_new_shift", args=[station.pk]),
    ):
        pages[f"04 {url}"] = _page(secretary, "get", url)
    with translation.override(language):
        for section in sections_for(user, compound):
            pages[section["template"]] = _texts(
                render_to_string(section["template"], {"s": section})
            )
    return pages


def facility_pages(client_for) -> dict[str, list[str] | None]:
    """The facilities' error states (issue 17): a condition recorded with nothing chosen, on
    a facility's own form and in a survey's walk, a change and a retirement sent empty,
    and the retired lamp's pages, as the keeper (demo account 03); and the register's
    import."""
    from community.models import Facility, Survey
    from tests.portal.test_language import _page

    chair = client_for(get_user_model().objects.get(phone="+8613800000003"))
    lamp = Facility.objects.get(compound__name="翡翠谷小区", code="LD-02")
    patrol = Survey.objects.get(compound__name="翡翠谷小区", finished_at=None)
    pages = {}
    for url in (
        reverse("community:facility_record", args=[lamp.pk]),
        reverse("community:survey_mark", args=[patrol.pk, lamp.pk]),
        reverse("community:facility_edit", args=[lamp.pk]),
        reverse("community:facility_retire", args=[lamp.pk]),
    ):
        pages[f"03 POST {url}"] = _page(chair, "post", url, {"condition": ""})
    retired = Facility.objects.get(compound__name="翡翠谷小区", code="LD-04")
    for url in (  # a retired lamp's page and its sticker's filing form
        reverse("community:facility", args=[retired.pk]),
        reverse("community:facility_edit", args=[retired.pk]),
        reverse("requests:new") + f"?about=facility:{retired.pk}",
    ):
        pages[f"03 {url}"] = _page(chair, "get", url)
    return pages | facility_import_pages(client_for)


def facility_import_pages(client_for) -> dict[str, list[str] | None]:
    """The register's import (as the keeper, demo account 03): the form sent empty, and the
    preview of a file with a new row, a row already in the register and a refused one."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from compounds.models import Compound
    from tests.portal.test_language import _page

    chair = client_for(get_user_model().objects.get(phone="+8613800000003"))
    url = reverse("community:facility_import", args=[Compound.objects.get(name="翡翠谷小区").pk])
    text = "编号,类型,楼栋,位置,状况,备注\r\nJ-01,下水井,18栋,18栋东侧第1个井盖,,\r\n"
    text += "J-90,路灯,18栋,18栋前第1根灯杆,损坏,\r\nJ-91,ufo,,18栋前第2根灯杆,,\r\n"
    upload = SimpleUploadedFile("register.csv", text.encode("gbk"), content_type="text/csv")
    return {
        f"03 POST {url}": _page(chair, "post", url),
        f"03 POST {url} preview": _page(chair, "post", url, {"file": upload}),
    }
