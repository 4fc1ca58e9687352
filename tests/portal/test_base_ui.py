import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_htmx_is_served_and_every_htmx_request_carries_the_csrf_token(client, resident):
    client.force_login(resident)
    response = client.get("/")
    html = response.content.decode()
    assert re.search(r'<script src="/static/django_htmx/htmx-2\.min\.js"', html)
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", html)
    assert token and len(token.group(1)) >= 32
    assert finders.find("django_htmx/htmx-2.min.js"), "django-htmx ships htmx; no CDN needed"


def test_base_layout_is_accessible_and_phone_first(client, db):
    html = client.get("/", **ZH).content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<html lang="zh-CN"' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert "<header" in html and "<footer" in html
    assert "/static/vendor/pico/pico.min.css" in html


def test_body_text_is_at_least_16px_and_large_text_is_larger():
    css = (ROOT / "static/css/portal.css").read_text()
    normal = float(re.search(r"--pico-font-size:\s*([\d.]+)%", css).group(1))
    large = float(re.search(r"html\.large-text\s*\{\s*--pico-font-size:\s*([\d.]+)%", css).group(1))
    assert normal * 16 / 100 >= 16 and large > normal


def test_every_message_of_the_catalogue_is_translated():
    po = (ROOT / "locale/zh_Hans/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = po.split("\n\n")[1:]  # the first entry is the header
    untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""')]
    assert not untranslated, untranslated[:3]
    assert "#, fuzzy" not in po
    mo = ROOT / "locale/zh_Hans/LC_MESSAGES/django.mo"
    assert mo.exists(), "run make messages: the compiled catalogue is checked in"


def test_english_is_available_from_the_switch(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html and "Sign in" in html
