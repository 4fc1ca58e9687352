"""Web security (issue 16, item 6): a Content Security Policy with no inline script, no
eval and no inline style, which the templates can keep because they hold none; frames
denied; the referrer kept on the site; the camera only where a request is filed."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR, "templates")
SCRIPTS = Path(settings.BASE_DIR, "static", "js")


def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize(
    ("what", "pattern"),
    [
        ("an inline event handler", r"<[^>]*\son[a-z]+\s*=\s*[\"']"),
        ("an inline script", r"<script(?![^>]*\bsrc=)[^>]*>"),
        ("a style attribute", r"<[^>]*\sstyle\s*=\s*[\"']"),
        ("a style element", r"<style[\s>]"),
        ("a javascript: URL", r"javascript:"),
    ],
)
def test_no_template_holds_what_the_policy_refuses(what, pattern):
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)[:80]}"
        for path in _templates()
        for match in re.finditer(pattern, path.read_text(), re.IGNORECASE)
    ]
    assert not found, f"{what}:\n" + "\n".join(found)


def test_our_scripts_never_evaluate_strings():
    for path in SCRIPTS.glob("*.js"):
        text = path.read_text()
        assert not re.search(r"\beval\(|new Function\(|setTimeout\(\s*[\"']", text), path


@pytest.mark.django_db
def test_every_page_sends_the_policy_and_the_headers(client, resident):
    client.force_login(resident)
    response = client.get(reverse("site:home"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_camera_is_allowed_on_the_filing_pages_only(client, place, resident, building_head):
    client.force_login(building_head)  # who files for a neighbour too
    for name in ("requests:new", "requests:file_for"):
        policy = client.get(reverse(name))["Permissions-Policy"]
        assert "camera=(self)" in policy, name
    client.force_login(resident)
    for name in ("requests:mine", "site:home", "notifications:inbox"):
        assert "camera=()" in client.get(reverse(name))["Permissions-Policy"], name
