"""A database outage is a pause, not a portal error: 503, a Chinese page that needs no
database, and Retry-After (issue 16, item 4)."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _refused(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')


@pytest.mark.django_db
def test_a_page_during_a_database_outage_is_503_with_retry_after(settings, resident):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(resident)
    with mock.patch.object(CursorWrapper, "_execute", _refused):
        response = client.get("/", **ZH)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "系统暂时无法访问，请稍后再试" in response.content.decode()
    assert client.get("/", **ZH).status_code == 200  # back without a restart


@pytest.mark.django_db
def test_any_other_error_is_still_the_500_page(settings, resident):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(resident)
    with mock.patch("portal.site.views.home_panels", side_effect=ValueError("a bug")):
        response = client.get("/", **ZH)
    assert response.status_code == 500
    assert "Retry-After" not in response
