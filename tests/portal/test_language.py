"""Every string a person sees is in the language they chose (issue 12 item 11).

English mode may show no Chinese but the data (names of places and people of the demo),
the language switch and the Chinese terms of law the English text cites on purpose;
Chinese mode may show no run of English words. Pages are found by walking the links of the
demo as each persona, in both languages, and by the requests no link makes (forms sent
empty, refusals, signed-out pages: see _off_the_links); the walk fails on a template of the
project it did not render. Every notification type is rendered in both languages.
"""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import models
from django.template.loader import render_to_string
from django.test import Client, RequestFactory, override_settings
from django.test.signals import template_rendered
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from portal.notifications.events import EVENTS
from tests.portal import language_pages as off_links
from tests.portal.language_pages import DATA_APPS

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]+")
# Two or more English words in a row: a sentence or a label left untranslated.
ENGLISH = re.compile(r"\b[A-Za-z]{3,}(?:[ '\-][A-Za-z]{2,})+\b")

# English text cites the law by its Chinese name and gives Chinese terms in brackets, on
# purpose: a resident shows the page to a neighbour or an official who knows those words.
LAW = r"(?:[\u4e00-\u9fff]{2,14}(?:条例|法典|法|规定|办法|规则)|法释〔\d+〕\d+号)"
NUMERAL = r"[一二三四五六七八九十百零]+"
CLAUSE = rf"第{NUMERAL}条(?:第{NUMERAL}款)?(?:第[（(]{NUMERAL}[）)]项)?"
CITED = [
    re.compile(rf"[（(]?(?:{LAW}|条例)?\s*{CLAUSE}(?:、(?:{CLAUSE}|第{NUMERAL}款))*[）)]?"),
    re.compile(r"民法典|物业管理条例|法释〔\d+〕\d+号|《[^》]+》"),
    re.compile(r"\((?:[\u4e00-\u9fff、]+)(?=[:)])"),  # "(专有部分面积)", "(作废票: ..."
    re.compile(r"街道吹哨、部门报到|两长四员|长辈模式|中文"),
    # the column names of the registry file, which must be typed as they are
    re.compile(r"楼栋|单元|门牌号|专有部分面积|面积来源|业主姓名|手机号|关系|面积"),
    re.compile(r"编号|类型|位置|状况|备注"),  # and of the facilities register (facility_rows.py)
    # and those of a bank statement of property fees (finance/banking.py)
    re.compile(r"交易日期|金额|摘要|附言|对方户名|流水号"),
]
# Words that stay English in Chinese text: codes, formats and the language switch.
ENGLISH_ALLOWED = re.compile(r"\b(?:English|Excel|CSV|PDF|SMS|MB|QR|OK)\b")

PERSONAS = [f"1380000000{n}" for n in range(1, 10)]
SKIP = ("/accounts/logout", "/i18n", "/static", "/media", "/admin", "/healthz")


class _Visible(HTMLParser):
    """The text a person sees or hears: text nodes and labelling attributes."""

    HIDDEN = {"script", "style", "svg", "noscript", "template"}

    def __init__(self):
        super().__init__()
        self.texts, self.links, self._hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._hidden += tag in self.HIDDEN
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("aria-label", "title", "placeholder", "alt"):
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


def _data_strings() -> list[str]:
    """Every Chinese value stored by the project's apps (names, titles, notes of the demo),
    longest first: data is shown as entered, whatever the language."""
    values = set()
    for model in apps.get_models():
        if model.__module__.split(".")[0] not in DATA_APPS:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        rows = model.objects.all()
        if model.__module__ == "requests.models" and model.__name__ == "Category":
            # the default categories are the project's words, shown in the reader's
            # language; only a compound's own are data
            rows = rows.exclude(compound=None)
        if any(f.name == "actor" for f in model._meta.concrete_fields):
            rows = rows.exclude(actor=None)  # what the system wrote is text, not data
        for row in rows.values_list(*fields) if fields else ():
            for value in row:
                if value and len(value.strip()) > 1 and CJK.search(value):
                    values.add(value.strip())
                    values.update(line.strip() for line in value.splitlines() if line.strip())
    return sorted(values, key=len, reverse=True)


def _foreign(text: str, language: str, data: list[str]) -> bool:
    if language == "en":
        for value in data:
            text = text.replace(value, " ")
        for pattern in CITED:
            text = pattern.sub(" ", text)
        return bool(CJK.search(text))
    return bool(ENGLISH.search(ENGLISH_ALLOWED.sub(" ", text)))


def _walk(user, language: str, per_name: int = 2, limit: int = 90) -> dict[str, list[str]]:
    """The pages reachable by links from home, at most `per_name` per URL name."""
    client = Client(raise_request_exception=True)
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    queue, seen, pages, names = ["/"], set(), {}, {}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        try:
            name = resolve(urlsplit(url).path).view_name
        except Resolver404:
            continue
        if names.setdefault(name, 0) >= per_name or name == "notifications:open":
            continue
        names[name] += 1
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.insert(0, response["Location"])
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Visible()
        parser.feed(response.content.decode())
        pages[url] = parser.texts
        for href in parser.links:
            link = urlsplit(href)
            if not link.netloc and link.path.startswith("/") and not link.path.startswith(SKIP):
                queue.append(link.path)
    return pages


def _template_files() -> set[str]:
    """The name of every template of the project (templates/ and the apps' own)."""
    roots = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    roots += [Path(app.path) / "templates" for app in apps.get_app_configs()]
    project = Path(settings.BASE_DIR).resolve()
    return {
        str(path.relative_to(root))
        for root in roots
        if root.resolve().is_relative_to(project) and ".venv" not in root.parts
        for path in root.rglob("*.html")
    }


# Templates no link of the demo leads to and no request of _off_the_links renders, each
# with the reason; the walk fails on any other template it did not render. Templates
# included or extended by a rendered one count as rendered (template_rendered is sent for
# each of them).
UNREACHABLE: dict[str, str] = {}


def _page(client, method: str, url: str, data=None) -> list[str] | None:
    """The visible text of a page, or None if the answer is not a page (a redirect, a file)."""
    response = getattr(client, method)(url, data or {})
    if response.status_code in (301, 302) or "text/html" not in response.get("Content-Type", ""):
        return None
    return _texts(response.content.decode())


def _off_the_links(user, language: str) -> dict[str, list[str]]:
    """Pages no link leads to: forms sent empty (their error states), refusals (403, 404),
    the signed-out pages, home of a newcomer and of one waiting for verification, the
    poster, and the 429 and 500 pages. Requests a persona may not make are kept: they
    render the refusal page, which is checked too."""
    from compounds.models import (
        Building,
        Compound,
        RegistryExport,
        RegistryImport,
        Residency,
        Unit,
    )
    from portal.site.home import FEATURES
    from tests import factories as f

    compound = Compound.objects.get(name="翡翠谷小区")
    building = Building.objects.filter(compound=compound).order_by("pk")[0]
    job, _created = RegistryImport.objects.get_or_create(
        compound=compound, original_name="registry.xlsx"
    )
    pages: dict[str, list[str] | None] = {}

    def client_for(who) -> Client:
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if who is not None:
            client.force_login(who)
        return client

    if user is not None:
        client = client_for(user)
        forms = [
            reverse("requests:new"),
            reverse("requests:file_for"),
            reverse("announcements:new"),
            reverse("compounds:join_home"),
            reverse("compounds:registry_upload", args=[compound.pk]),
            reverse("compounds:deployed_members", args=[compound.community_id]),
            reverse("deliberation:vote_new", args=[compound.pk]),
            reverse("deliberation:proposal_new", args=[compound.pk]),
            reverse("deliberation:meeting_new", args=[compound.pk]),
            reverse("site:account_delete"),
        ]
        for url in forms:
            pages[f"POST {url}"] = _page(client, "post", url)
        gets = [
            "/no-such-page/",
            reverse("requests:queue"),  # a refusal for a resident
            reverse("compounds:building_poster", args=[building.pk]),
            reverse("compounds:deployed_members", args=[compound.community_id]),
            reverse("account_change_password"),
            *[reverse("site:coming_soon", args=[feature]) for feature in FEATURES],
        ]
        for url in gets:
            pages[url] = _page(client, "get", url)
        for phone in PERSONAS:  # the one who keeps the registry sees the import
            person = get_user_model().objects.get(phone="+86" + phone)
            keeper = client_for(person)
            url = reverse("compounds:registry_import", args=[job.pk])
            if text := _page(keeper, "get", url):
                pages[f"{phone} {url}"] = text
            # and, above the limit, the page that starts an export and its progress page
            export, _created = RegistryExport.objects.get_or_create(
                compound=compound, requested_by=person, status="running", total_rows=9000
            )
            with override_settings(REGISTRY_EXPORT_SYNC_LIMIT=0):
                urls = [
                    reverse("compounds:registry_export", args=[compound.pk]),
                    reverse("compounds:registry_export_job", args=[export.pk]),
                ]
                for url in urls:
                    if text := _page(keeper, "get", url):
                        pages[f"{phone} {url}"] = text

        pages.update(off_links.campaign_pages(client_for))  # 庆丰小区's, as no persona's link leads
        pages.update(off_links.activity_pages(client_for))  # issue 17: the door's check-in page …
        pages.update(off_links.facility_pages(client_for))  # the facilities' forms sent empty
        pages.update(off_links.roster_pages(client_for, user, compound, language))

        anonymous = client_for(None)
        for method, url, data in [
            ("get", "/", None),
            ("get", reverse("account_login"), None),
            ("post", reverse("account_login"), {"login": "", "password": ""}),
            ("get", reverse("portal:password_reset_phone"), None),
            ("post", reverse("portal:password_reset_phone"), {"phone": ""}),
            ("post", reverse("portal:password_reset_phone"), {"phone": user.phone[3:]}),
            ("get", reverse("portal:password_reset_phone_confirm"), None),
            ("post", reverse("portal:password_reset_phone_confirm"), {"code": ""}),
        ]:
            pages[f"anonymous {method.upper()} {url}"] = _page(anonymous, method, url, data)

        newcomer = f.UserFactory(display_name=user.display_name)  # a name of the demo
        pages["newcomer /"] = _page(client_for(newcomer), "get", "/")
        Residency.objects.create(
            user=newcomer,
            unit=Unit.objects.filter(building=building).order_by("pk")[0],
            relation=Residency.Relation.choices[0][0],
            status=Residency.Status.PENDING,
        )
        pages["pending /"] = _page(client_for(newcomer), "get", "/")
        # and the page after deleting one's account (the newcomer's: the demo's stay)
        confirmed = {"password": f.PASSWORD, "understood": "1"}
        deleted = _page(client_for(newcomer), "post", reverse("site:account_delete"), confirmed)
        pages["deleted POST /me/delete/"] = deleted

        request = RequestFactory().get("/")
        request.user, request.session = AnonymousUser(), {}
        with translation.override(language):
            for template in ("500.html", "503.html", "429.html"):
                pages[template] = _texts(render_to_string(template, request=request))
    return {url: texts for url, texts in pages.items() if texts is not None}


@pytest.mark.django_db
def test_every_page_of_the_demo_speaks_the_chosen_language(settings):
    settings.PORTAL_DEMO = True
    call_command("seed_demo")
    data = _data_strings()
    found: dict[tuple, str] = {}  # (language, text): where it was first seen
    rendered: set[str] = set()

    def record(sender, template, **kwargs):
        rendered.add(template.name)

    template_rendered.connect(record, dispatch_uid="test_language.walk")
    try:
        for phone in PERSONAS:
            user = get_user_model().objects.get(phone="+86" + phone)
            for language in ("en", "zh-hans"):
                pages = _walk(user, language)
                assert len(pages) > 3, (phone, language, pages.keys())
                pages.update(_off_the_links(user if phone == PERSONAS[0] else None, language))
                for url, texts in pages.items():
                    for text in texts:
                        if _foreign(text, language, data):
                            found.setdefault((language, text[:120]), f"{phone} {url}")
    finally:
        template_rendered.disconnect(dispatch_uid="test_language.walk")
    assert not found, "\n".join(f"{lang} {where}: {text}" for (lang, text), where in found.items())
    unreached = sorted(_template_files() - rendered - set(UNREACHABLE))
    assert not unreached, "templates no page of the walk rendered: " + ", ".join(unreached)


def _params(kind, value: str, what=None) -> dict:
    with translation.override(None):
        source = " ".join(str(t) for t in (kind.title, kind.body, *kind.titles.values()))
    params = dict.fromkeys(re.findall(r"%\((\w+)\)s", source), value)
    for name, words in kind.words.items():
        params[name] = next(iter(words))
    if what is not None:
        params["what"] = what
    return params


def _texts_of(kind, params) -> list[str]:
    return [str(kind.label), kind.render_title(params), kind.render_body(params)]


@pytest.mark.parametrize(
    ("code", "what"),
    [(code, None) for code in sorted(EVENTS)]
    + [(code, what) for code in sorted(EVENTS) for what in EVENTS[code].titles],
)
def test_every_notification_type_is_written_in_both_languages(code, what):
    """Every wording of every type, with a label (a state, a stage, a default category)
    given as its English source, as notify() stores it."""
    kind = EVENTS[code]
    with translation.override("en"):
        params = _params(kind, "7", what) | dict.fromkeys(kind.labels, "in progress")
        english = _texts_of(kind, params)
    with translation.override("zh-hans"):
        chinese = _texts_of(kind, params)
    assert not any(CJK.search(text) for text in english), english
    assert not any(ENGLISH.search(text) for text in chinese), chinese
    assert all(CJK.search(text) for text in chinese if text), chinese
    for text in chinese:  # Chinese punctuation in Chinese text
        assert not re.search(r"[\u4e00-\u9fff][,;:?!.(]|[,;:?!)]\s*[\u4e00-\u9fff]", text), text


@pytest.mark.django_db
def test_a_state_told_in_chinese_is_read_in_english(place, resident, worker):
    """ "Request #14 (照明) is now 已办结.": the state is kept as a label and shown in the
    reader's language, whichever language the change was made in."""
    from portal.notifications.models import Notification
    from requests import workflow
    from tests.requests.test_workflow import file

    with translation.override("zh-hans"):
        item = file(place, resident)
        workflow.perform(item.pk, "assign", actor=worker, assignee=worker)
    told = Notification.objects.get(recipient=resident, event="request.changed")
    with translation.override("en"):
        assert told.title.endswith(f"(Lighting) was dispatched to {worker}.")
    with translation.override("zh-hans"):  # needs the catalogue
        assert "照明" in told.title and str(worker) in told.title
        assert not ENGLISH.search(told.title)


def _mo_catalog() -> dict:
    mo = Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.mo"
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def test_chinese_strings_use_chinese_punctuation():
    bad = re.compile(
        r"[\u4e00-\u9fff][,;:?!(]|[,;:?!)]\s*[\u4e00-\u9fff]|[\u4e00-\u9fff]\.(?:\s|$)"
    )
    wrong = [
        (msgid, text)
        for msgid, text in _mo_catalog().items()
        for text in ([text] if isinstance(text, str) else [])
        if msgid and bad.search(text) and "[" not in text
    ]
    assert not wrong, wrong


def test_the_catalogue_has_no_fuzzy_or_empty_entry():
    po = (Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.po").read_text()
    assert "#, fuzzy" not in po.split("\n\n", 1)[1]
    assert not re.search(r'\nmsgstr(?:\[\d\])? ""\n(?:\n|$)', po.split("\n\n", 1)[1])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["We could not find this page", "Back to home"]),
        ("zh-hans", ["没有找到这个页面", "返回首页"]),
    ],
)
def test_refusals_are_the_portals_pages_in_the_readers_language(client, resident, language, words):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(resident)
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert all(word in missing.content.decode() for word in words[:1])
    csrf = Client(enforce_csrf_checks=True)
    csrf.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    csrf.force_login(resident)
    refused = csrf.post(reverse("requests:new"), {"description": "x"})
    html = refused.content.decode()
    assert refused.status_code == 403 and 'data-testid="refusal"' in html
    assert "403 Forbidden" not in html and "CSRF verification" not in html
    request = RequestFactory().get("/")
    request.user, request.session = AnonymousUser(), {}  # as a rate-limited sign-in sees it
    with translation.override(language):
        for template in ("500.html", "503.html", "429.html"):
            page = render_to_string(template, request=request)
            assert words[1] in page, template
            assert not _foreign(
                " ".join(_texts(page)), language, ["共治", "English", "中文", "长辈模式"]
            ), template


def _texts(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return parser.texts
