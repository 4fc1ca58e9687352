"""Production serves pages from the static files `bin/build-static` builds (the Dockerfile
and .ci/run both run it). With DEBUG off the settings select whitenoise's manifest storage,
whose {% static %} looks every file up in staticfiles.json; the old build
(`DEBUG=1 manage.py collectstatic`) wrote none, and every page then failed with "Missing
staticfiles manifest entry"."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
# A build starts from a clean environment (the Dockerfile sets none of these).
SCRUBBED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "PORTAL_DEMO",
    "DATABASE_URL",
    "REDIS_URL",
    "STATIC_ROOT",
    "DJANGO_SETTINGS_MODULE",
}
STATIC_URL = re.compile(r"""/static/[^"'\s?#)]+""")
HASHED = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")  # css/portal.b52e0fd737f0.css


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def production_storages() -> dict:
    """STORAGES as portal/settings.py sets them with DEBUG=0, read in a fresh interpreter."""
    code = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(
            DJANGO_SETTINGS_MODULE="portal.settings",
            DEBUG="0",
            SECRET_KEY="prod-" + "k3y!" * 15,
            ALLOWED_HOSTS="gongzhi.example.cn",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def built_static(tmp_path_factory) -> Path:
    """The static files as the image builds them: bin/build-static into a temporary folder."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    result = subprocess.run(
        [str(ROOT / "bin" / "build-static")],
        cwd=ROOT,
        env=_env(PYTHON=sys.executable, STATIC_ROOT=str(static_root)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (static_root / "staticfiles.json").is_file()
    return static_root


@pytest.fixture
def production(built_static, production_storages):
    """DEBUG off and the production static storage over the built folder, as in the image."""
    storages = {**settings.STORAGES, "staticfiles": production_storages["staticfiles"]}
    with override_settings(DEBUG=False, STATIC_ROOT=built_static, STORAGES=storages):
        yield built_static


def _assert_served_with_hashed_static(client, response) -> None:
    assert response.status_code == 200
    html = response.content.decode()
    urls = STATIC_URL.findall(html)
    assert any(re.fullmatch(r"/static/css/portal\.[0-9a-f]{12}\.css", url) for url in urls), urls
    unhashed = [url for url in urls if not HASHED.search(url)]
    assert not unhashed, unhashed
    # whitenoise serves the hashed file from the built folder.
    css = next(url for url in urls if url.endswith(".css"))
    served = client.get(css)
    assert served.status_code == 200
    assert b"".join(served.streaming_content)
    served.close()


def test_the_production_build_writes_the_manifest_with_hashed_files(built_static):
    manifest = json.loads((built_static / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/portal.css"]
    assert HASHED.search(hashed)
    assert (built_static / hashed).is_file()
    assert (built_static / f"{hashed}.gz").is_file()  # compressed for whitenoise


def test_home_page_of_a_resident_renders_in_production(client, resident, production):
    client.force_login(resident)
    _assert_served_with_hashed_static(client, client.get("/"))  # the home page


def test_request_page_renders_in_production(client, place, resident, production):
    from requests.models import Category
    from requests.services import request_file

    repair = request_file(
        reporter=resident,
        compound=place.compound,
        building=place.building,
        category=Category.objects.get(compound=None, code="lighting"),
        description="楼梯口灯坏了，能派人来修吗？",
    )
    client.force_login(resident)
    response = client.get(reverse("requests:detail", args=[repair.pk]))
    _assert_served_with_hashed_static(client, response)
    assert "楼梯口灯坏了" in response.content.decode()


def test_sign_in_page_renders_in_production(client, db, production):
    _assert_served_with_hashed_static(client, client.get(reverse("account_login")))


def test_the_old_build_without_a_manifest_cannot_render_pages(
    client, db, tmp_path, production_storages
):
    """What the Dockerfile used to do: collectstatic under the development storage, then
    serve with DEBUG off under the manifest storage."""
    development = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=development):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "css" / "portal.css").is_file()
    assert not (tmp_path / "staticfiles.json").exists()

    storages = {**settings.STORAGES, "staticfiles": production_storages["staticfiles"]}
    with (
        override_settings(DEBUG=False, STATIC_ROOT=tmp_path, STORAGES=storages),
        pytest.raises(ValueError, match="Missing staticfiles manifest entry"),
    ):
        client.get(reverse("account_login"))
